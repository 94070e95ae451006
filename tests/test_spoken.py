"""The notes the builder writes for its own slides: Norwegian, in the presenter's voice, never claiming more
than the deck says."""

from __future__ import annotations

import datetime as dt

from builder import spoken
from builder.model import Deck

BASE = {"id": "d", "title": "Erfaringskompetanse", "date": "2026-09-17", "audience": "a", "minutes": 90,
        "modules": ["m"]}
PARTS = [spoken.Part("Stigmaord", "10:15", 10), spoken.Part("Pause", "10:25", 15, pause=True),
         spoken.Part("Bergen", "10:40", 20)]


def test_titles_are_quoted_with_inner_quotes_turned_the_norwegian_way():
    assert spoken.quoted("Bergen – konsulentens «hovedstad»") == "«Bergen – konsulentens ‘hovedstad’»"
    assert spoken.transition("Vendepunktet", first=False, after_pause=False) == (
        "Da går vi videre til «Vendepunktet».")


def test_numbers_are_words_and_lists_end_with_og():
    assert spoken.counted(1, "del", "deler") == "én del"
    assert spoken.counted(8, "del", "deler") == "åtte deler"
    assert spoken.counted(14, "del", "deler") == "14 deler"
    assert spoken.listed(["10:25", "11:40", "12:30"]) == "10:25, 11:40 og 12:30"


def test_the_opening_continues_with_the_subtitle_but_keeps_a_name_capitalised():
    students = Deck.model_validate({**BASE, "subtitle": "Når egen erfaring blir kompetanse"})
    assert "Temaet i dag er «Erfaringskompetanse» – når egen erfaring blir kompetanse." in spoken.opening(
        students, PARTS)
    bergen = Deck.model_validate({**BASE, "subtitle": "Bergen som eksempel"})
    assert "– Bergen som eksempel." in spoken.opening(bergen, PARTS)


def test_the_opening_introduces_the_presenter_only_when_the_deck_names_one():
    anonymous = spoken.opening(Deck.model_validate(BASE), PARTS)
    assert "Jeg heter" not in anonymous
    assert "to deler" in anonymous
    named = Deck.model_validate({**BASE, "presenter": "Kari Nordmann", "institution": "Helse Bergen"})
    assert "Jeg heter Kari Nordmann og kommer fra Helse Bergen." in spoken.opening(named, PARTS)


def test_the_programme_says_when_we_start_break_and_finish():
    assert spoken.programme(PARTS, "11:00").startswith(
        "Slik ser programmet ut: to deler fra klokken 10:15 til 11:00, med pause klokken 10:25.")


def test_no_framing_for_figures_that_are_still_fresh():
    from builder.model import Fact

    fact = Fact.model_validate({"id": "f", "value": "50", "text": "t", "as_of": "2018-10-01",
                                "as_of_text": "høsten 2018", "source": "s", "review_after": "2030-01-01"})
    assert spoken.ageing([fact], dt.date(2026, 9, 17)) is None
    said, cue = spoken.ageing([fact], dt.date(2031, 1, 1))
    assert said.startswith("Tallene jeg viser her, er fra høsten 2018.")
