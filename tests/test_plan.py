"""Planning: order, timings, audience filters and sources, the same for every renderer."""

from __future__ import annotations

import datetime as dt

from builder import cite
from builder.pipeline import check
from builder.plan import clock, items

TODAY = dt.date(2026, 11, 22)


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_clock_adds_minutes_to_the_start_time():
    assert clock("09:00", 0) == "09:00"
    assert clock("10:45", 30) == "11:15"
    assert clock("23:50", 20) == "00:10"


def test_a_nested_list_gives_sub_points():
    assert [(i.text, i.level) for i in items(["Erfaring", ["Egen", "Andres"], "Håp"])] == [
        ("Erfaring", 0), ("Egen", 1), ("Andres", 1), ("Håp", 0)]


def test_the_deck_gets_title_agenda_closing_and_sources_around_its_modules(make_library):
    plan = check(make_library(), today=TODAY).plan("forelesning")
    assert [s.kind for s in plan.slides] == ["title", "agenda", "quote", "facts", "image", "sources", "closing"]
    assert [s.number for s in plan.slides] == list(range(1, 8))
    assert [s.title for s in plan.sources] == ["Fakta om MB", "Tekst om vendepunktet"]


def test_module_minutes_are_shared_over_its_slides_and_pauses_get_clock_times(make_library):
    root = make_library()
    edit(root / "slides/decks/forelesning.yaml", "minutes: 20\nmodules:\n  - vendepunktet\n",
         "minutes: 30\nstart: \"10:15\"\nmodules:\n  - vendepunktet\n  - pause: 15\n")
    plan = check(root, today=TODAY).plan("forelesning")
    body = [s for s in plan.slides if s.module == "vendepunktet"]
    assert [s.minutes for s in body] == [4, 3, 3]
    assert [s.start for s in body] == [0, 4, 7]
    assert [(p.start, p.title, p.minutes) for p in plan.programme] == [
        ("10:15", "Vendepunktet", 10), ("10:25", "Pause", 15)]
    assert any(s.title == "Pause til kl. 10:40" for s in plan.slides)
    assert plan.planned_minutes == 25


def test_slides_hidden_from_the_audience_never_reach_the_plan(make_library):
    root = make_library()
    edit(root / "slides/modules/vendepunktet.yaml", "    title: Et bilde\n", "    title: Et bilde\n    only: [publikum]\n")
    plan = check(root, today=TODAY).plan("forelesning")
    assert "Et bilde" not in [s.title for s in plan.slides]


def test_references_follow_apa_with_norwegian_conventions(make_library):
    lib = check(make_library(), today=TODAY).library
    assert cite.plain(cite.reference(lib.sources["mb-lysark"])) == "Fakta om MB [Lysark]. (u.å.)."
    assert cite.norwegian_date(dt.date(2018, 10, 1)) == "1. oktober 2018"
