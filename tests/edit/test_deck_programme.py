"""A deck's programme written back: the list changes, every comment and the rest of the file stay."""

from __future__ import annotations

import pytest

from builder.edit.deck_programme import programme_text
from builder.edit.yaml_new import deck_yaml
from builder.edit.yaml_values import EditError
from builder.load import load_text

DECK = """\
# yaml-language-server: $schema=../../docs/schema/deck.schema.json
# Forelesning for bachelorstudenter.
id: forelesning
title: Erfaringskompetanse
date: 2026-09-17
start: "10:15"   # etter lunsj
audience: hoyskole
minutes: 90
modules:
  # Åpningen: stigmaordene først.
  - stigmaord
  - vendepunktet
  - pause: 15
  - module: fakta-om-mb
    minutes: 20   # kortere enn modulen
# Hjelpenumrene er sjekket i oktober.
help:
  - "Legevakt: 116 117"
"""


def change(text: str, settings: dict, items: list) -> str:
    doc, problems = load_text(text, "slides/decks/forelesning.yaml")
    assert not problems
    return programme_text(text, doc, settings, items)


def test_moving_a_module_keeps_its_comment_and_everything_else():
    new = change(DECK, {}, ["vendepunktet", "stigmaord", {"pause": 15}, {"module": "fakta-om-mb", "minutes": 20}])
    assert new == DECK.replace(
        "  # Åpningen: stigmaordene først.\n  - stigmaord\n  - vendepunktet\n",
        "  - vendepunktet\n  # Åpningen: stigmaordene først.\n  - stigmaord\n")


def test_new_items_are_written_as_the_guide_writes_them():
    new = change(DECK, {}, ["stigmaord", {"pause": 10}, "vendepunktet", {"module": "ressurser", "minutes": 5},
                            {"module": "fakta-om-mb", "minutes": 20}])
    assert "  - pause: 10\n  - vendepunktet\n  - module: ressurser\n    minutes: 5\n" in new
    assert "    minutes: 20   # kortere enn modulen\n" in new  # the kept item keeps its comment
    assert "# Hjelpenumrene er sjekket i oktober.\nhelp:\n" in new  # the next key keeps its comment


def test_removing_every_item_but_one():
    new = change(DECK, {}, ["vendepunktet"])
    doc, _problems = load_text(new, "x.yaml")
    assert doc.data["modules"] == ["vendepunktet"]
    assert doc.data["help"] == ["Legevakt: 116 117"]


def test_settings_keep_their_style_and_numbers_stay_numbers():
    new = change(DECK, {"title": "Erfaring som kompetanse", "start": "09:00", "minutes": "95", "date": "2026-10-01"},
                 ["stigmaord", "vendepunktet", {"pause": 15}, {"module": "fakta-om-mb", "minutes": 20}])
    assert "title: Erfaring som kompetanse\n" in new
    assert 'start: "09:00"   # etter lunsj\n' in new
    assert "minutes: 95\n" in new and "date: 2026-10-01\n" in new


def test_a_missing_setting_is_added_before_the_programme():
    text = DECK.replace('start: "10:15"   # etter lunsj\n', "")
    new = change(text, {"start": "08:30"}, ["stigmaord"])
    assert 'start: "08:30"\nmodules:\n' in new


def test_a_pause_title_with_a_colon_is_quoted():
    new = change(DECK, {}, [{"pause": 30, "title": "Lunsj: kantina"}])
    doc, _problems = load_text(new, "x.yaml")
    assert doc.data["modules"] == [{"pause": "30", "title": "Lunsj: kantina"}]


def test_a_flow_list_is_refused_rather_than_rewritten():
    text = DECK[: DECK.index("modules:")] + "modules: [stigmaord, vendepunktet]\n"
    with pytest.raises(EditError):
        change(text, {}, ["vendepunktet"])


def test_a_new_deck_file_reads_like_a_hand_written_one():
    text = deck_yaml({"id": "ny", "title": "Ny presentasjon", "date": "2027-01-10", "start": "09:00",
                      "audience": "hoyskole", "minutes": 45, "modules": ["stigmaord", {"pause": 10}]},
                     header=["Laget i studioet."])
    assert text == (
        "# yaml-language-server: $schema=../../docs/schema/deck.schema.json\n"
        "# Laget i studioet.\n"
        "id: ny\ntitle: Ny presentasjon\ndate: 2027-01-10\nstart: \"09:00\"\naudience: hoyskole\nminutes: 45\n"
        "modules:\n  - stigmaord\n  - pause: 10\n")
