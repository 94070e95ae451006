"""Fact cards and facts tables say what every fact shares once (render/cards.py): the Bergen scenario."""

from __future__ import annotations

import datetime as dt

from builder.model import Fact, Source
from builder.plan import FactCard
from builder.render.cards import card_lines, shared

BERGEN = Source(id="bergen", type="web", title="Erfaringskommunen Bergen")
FORUM = Source(id="forum", type="meeting", title="Tverrfaglig forum")


def card(value: str, source: Source | None = BERGEN, dated: str = "høsten 2018") -> FactCard:
    fact = Fact(id=f"f{abs(hash(value)) % 1000}", value=value, text=f"om {value}", as_of=dt.date(2018, 10, 1),
                source=source.id if source else "ingen")
    return FactCard(fact, source, dated)


def test_bergen_cards_with_one_date_and_one_source_say_them_once_under_the_row():
    lines, note = card_lines([card("snart 100"), card("ca. 70–72"), card("21")])
    assert lines == ("", "", "")
    assert note == "høsten 2018 · Kilde: Erfaringskommunen Bergen"


def test_a_card_keeps_only_what_sets_it_apart():
    lines, note = card_lines([card("nær 50", FORUM), card("ca. 10–12"), card("ca. 20")])
    assert lines == ("Kilde: Tverrfaglig forum", "Kilde: Erfaringskommunen Bergen", "Kilde: Erfaringskommunen Bergen")
    assert note == "høsten 2018"


def test_a_date_the_title_already_gives_is_not_repeated_under_the_row():
    lines, note = card_lines([card("nær 50", FORUM), card("ca. 10–12")], "Veier inn i jobben (tall fra høsten\u00a02018)")
    assert note == "" and lines == ("Kilde: Tverrfaglig forum", "Kilde: Erfaringskommunen Bergen")


def test_one_card_keeps_its_own_line_and_a_value_that_is_its_date_shows_no_date():
    assert card_lines([card("snart 100")]) == (("høsten 2018 · Kilde: Erfaringskommunen Bergen",), "")
    lines, note = card_lines([card("2001", dated="2001"), card("2006", dated="2006")])
    assert lines == ("", "") and note == "Kilde: Erfaringskommunen Bergen"


def test_shared_needs_two_equal_values():
    assert shared(["a", "a"]) == "a"
    assert shared(["a"]) is None and shared(["a", "b"]) is None and shared([None, None]) is None
