"""Each kind of user mistake gives exactly one plain diagnostic with file, line and column."""

from __future__ import annotations

import datetime as dt

import pytest

from builder.pipeline import check

TODAY = dt.date(2026, 11, 22)

SCENARIOS = {
    "bad-yaml-syntax": [
        "quotes/topor.yaml:3:23: error[yaml-syntax]: a colon where it does not fit\n"
        "  hint: if the text contains ': ', put the whole text in straight quotes \"…\"; "
        "otherwise check the indentation of this line",
    ],
    "bad-tab-indent": [
        "quotes/topor.yaml:3:1: error[yaml-tab]: tab character used for indentation\n"
        "  hint: indent with spaces only; replace the tab with spaces",
    ],
    "bad-duplicate-key": [
        "slides/modules/vendepunktet.yaml:5:1: error[duplicate-key]: field 'title' appears twice here "
        "(first on line 2)\n  hint: remove one of them, or merge their contents",
    ],
    "bad-alias": [
        "slides/modules/vendepunktet.yaml:2:8: error[yaml-anchor]: YAML anchors ('&tittel') are not allowed\n"
        "  hint: write the text out in full; to reuse a quote, put it in the quote bank and refer to its id",
        "slides/modules/vendepunktet.yaml:3:10: error[yaml-alias]: YAML aliases ('*tittel') are not allowed\n"
        "  hint: write the text out in full; to reuse a quote, put it in the quote bank and refer to its id; "
        "text that begins with '*' must be in straight quotes \"…\"",
    ],
    "bad-unknown-key": [
        "slides/modules/vendepunktet.yaml:9:5: error[unknown-key]: unknown field 'note'\n"
        "  hint: did you mean 'notes'?",
    ],
    "bad-wrong-type": [
        "slides/modules/vendepunktet.yaml:4:10: error[wrong-type]: 'minutes' must be a whole number; got 'ti'",
    ],
    "bad-missing-field": [
        "slides/modules/vendepunktet.yaml:7:5: error[missing-field]: the field 'title' is missing in slide 1\n"
        "  hint: add a line 'title: …'",
    ],
    "bad-dangling-quote": [
        "slides/modules/vendepunktet.yaml:8:12: error[unknown-quote]: no quote with id 'topor-vendepunkt'\n"
        "  hint: did you mean 'topor-vendepunktet'?",
    ],
    "bad-dangling-fact": [
        "slides/modules/vendepunktet.yaml:9:23: error[unknown-fact]: no fact with id 'mb-danmark'\n"
        "  hint: see `erfaring list facts`",
    ],
    "bad-dangling-module": [
        "slides/decks/forelesning.yaml:7:5: error[unknown-module]: no module with id 'vendepunkt'\n"
        "  hint: did you mean 'vendepunktet'?",
    ],
    "bad-asset-outside": [
        "slides/modules/vendepunktet.yaml:9:12: error[asset-outside]: image path '../../hemmelig.png': "
        "'..' would leave the assets/ folder\n"
        "  hint: put the image in assets/images/ and write e.g. 'images/bilde.png'",
    ],
    "bad-missing-image": [
        "slides/modules/vendepunktet.yaml:9:12: error[asset-missing]: image 'images/prikken.png' does not exist "
        "in assets/\n  hint: did you mean 'images/prikk.png'?",
    ],
    "bad-consent-beyond-audience": [
        "quotes/topor.yaml:2:9: error[consent-beyond-audience]: quote 'topor-vendepunktet' has consent "
        "'internal', but deck 'forelesning' (slides/decks/forelesning.yaml:7) for audience 'hoyskole' "
        "(cleared for 'teaching') shows it (module 'vendepunktet')\n"
        "  hint: a quote without 'consent:' counts as internal; set the consent the person gave",
    ],
    "bad-duplicate-id": [
        "quotes/topor.yaml:2:9: error[duplicate-id]: quote id 'topor-vendepunktet' is already used in "
        "quotes/flere.yaml:6\n  hint: give one of them another id",
    ],
}


def test_the_minimal_library_is_fine(make_library):
    checked = check(make_library(), today=TODAY)
    assert [d.format() for d in checked.diagnostics] == []
    assert [p.deck.id for p in checked.plans] == ["forelesning"]


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_each_mistake_gives_exactly_its_diagnostic(make_library, scenario):
    checked = check(make_library(scenario), today=TODAY)
    assert [d.format() for d in checked.diagnostics] == SCENARIOS[scenario]


def test_a_deck_with_errors_is_not_planned(make_library):
    checked = check(make_library("bad-dangling-quote"), today=TODAY)
    assert checked.plans == ()
