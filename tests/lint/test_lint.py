"""Plan-level rules: stale facts, time budget, alt text, unique titles."""

from __future__ import annotations

import datetime as dt

from builder.pipeline import check
from support.library import edit


def test_a_fact_past_its_review_date_warns_and_names_its_decks(make_library):
    root = make_library()
    edit(root / "slides/facts.yaml", "    source: mb-lysark\n", "    source: mb-lysark\n    review_after: 2026-06-01\n")
    checked = check(root, today=dt.date(2026, 11, 22))
    assert [d.format() for d in checked.diagnostics] == [
        "slides/facts.yaml:7:19: warning[fact-stale]: fact 'mb-norge' was due for review on 2026-06-01; "
        "shown in deck 'forelesning'\n  hint: check the figure against its source and update 'as_of' and 'review_after'"
    ]


def test_a_fact_older_than_the_configured_age_warns(make_library):
    checked = check(make_library(), today=dt.date(2029, 1, 2), max_fact_age_years=3)
    assert [d.code for d in checked.diagnostics] == ["fact-stale"]
    assert "more than 3 years ago" in checked.diagnostics[0].message


def test_a_deck_that_overruns_its_slot_warns_with_the_figures(make_library):
    root = make_library()
    edit(root / "slides/decks/forelesning.yaml", "  - vendepunktet\n", "  - vendepunktet\n  - pause: 15\n")
    checked = check(root, today=dt.date(2026, 11, 22))
    assert [d.message for d in checked.diagnostics] == [
        "deck 'forelesning' plans 25 minutes (10 + 15), but the slot is 20 minutes: 5 too many"
    ]
    assert str(checked.diagnostics[0].location) == "slides/decks/forelesning.yaml:5:10"


def test_slide_minutes_beyond_their_module_warn(make_library):
    root = make_library()
    edit(root / "slides/modules/vendepunktet.yaml", "    notes: Les sitatet langsomt.\n",
         "    notes: Les sitatet langsomt.\n    minutes: 12\n")
    checked = check(root, today=dt.date(2026, 11, 22))
    assert [d.code for d in checked.diagnostics] == ["module-overrun"]


def test_an_image_without_alt_text_is_an_error_unless_decorative(make_library):
    root = make_library()
    module = root / "slides/modules/vendepunktet.yaml"
    edit(module, "    alt: En oransje prikk på hvit bakgrunn\n", "")
    checked = check(root, today=dt.date(2026, 11, 22))
    assert [d.format() for d in checked.diagnostics] == [
        "slides/modules/vendepunktet.yaml:13:5: error[image-alt]: image 'images/prikk.png' has no alt text\n"
        "  hint: add 'alt: <what the picture shows>', or 'decorative: true' if it carries no meaning"
    ]
    edit(module, "    image: images/prikk.png\n", "    image: images/prikk.png\n    decorative: true\n")
    assert check(root, today=dt.date(2026, 11, 22)).diagnostics == ()


def test_a_file_name_is_not_alt_text(make_library):
    root = make_library()
    edit(root / "slides/modules/vendepunktet.yaml", "alt: En oransje prikk på hvit bakgrunn", "alt: prikk.png")
    checked = check(root, today=dt.date(2026, 11, 22))
    assert [d.code for d in checked.diagnostics] == ["image-alt"]


def test_two_slides_with_one_title_in_a_deck_is_an_error(make_library):
    root = make_library()
    edit(root / "slides/modules/vendepunktet.yaml", "    title: Et bilde\n", "    title: Fakta om MB\n")
    checked = check(root, today=dt.date(2026, 11, 22))
    assert [d.message for d in checked.diagnostics] == [
        "deck 'forelesning': slide 5 has the same title as slide 4: 'Fakta om MB'"
    ]


def test_a_quote_without_a_source_warns_in_the_decks_that_show_it(make_library):
    root = make_library()
    edit(root / "quotes/topor.yaml", "    source: topor-tekst\n", "")
    checked = check(root, today=dt.date(2026, 11, 22))
    assert [d.format() for d in checked.diagnostics] == [
        "quotes/topor.yaml:2:9: warning[quote-unsourced]: quote 'topor-vendepunktet' has no source, so "
        "deck 'forelesning' cannot cite it\n  hint: add 'source: <id>' and the work to quotes/sources.yaml"
    ]


def test_a_source_with_only_a_bracketed_description_warns(make_library):
    root = make_library()
    edit(root / "quotes/sources.yaml", "    title: Tekst om vendepunktet\n",
         "    title: \"[Tekst om vendepunktet, tittel ukjent]\"\n")
    checked = check(root, today=dt.date(2026, 11, 22))
    assert [d.code for d in checked.diagnostics] == ["source-incomplete"]
    assert "forelesning" in checked.diagnostics[0].message
