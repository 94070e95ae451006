"""Planning: order, timings, audience filters and sources, the same for every renderer."""

from __future__ import annotations

import datetime as dt

from builder import cite
from builder.pipeline import check
from builder.plan import clock, items
from support.library import edit

TODAY = dt.date(2026, 11, 22)


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


# --- the occasion: title and closing slides, and the notes the builder writes ------------------------

DECK = "slides/decks/forelesning.yaml"
OCCASION = ("presenter: Kari Nordmann\nrole: erfaringskonsulent\ninstitution: Helse Bergen\nplace: Bergen\n"
            "contact: kari@example.org\nhandout_url: https://example.org/hefte\n"
            "help:\n  - \"Mental Helses hjelpetelefon: 116 123\"\n")


def _planned(make_library, extra: str = ""):
    root = make_library()
    if extra:
        target = root / DECK
        target.write_text(target.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return check(root, today=TODAY).plan("forelesning")


SECOND = """id: andre
title: Andre del
summary: Om noe annet.
minutes: 5
consent: public
slides:
  - kind: facts
    title: Flere fakta
    facts: [mb-norge]
"""


def _with_second_module(root, between: str = "") -> None:
    (root / "slides/modules/andre.yaml").write_text(SECOND, encoding="utf-8")
    edit(root / DECK, "modules:\n  - vendepunktet\n", f"modules:\n  - vendepunktet\n{between}  - andre\n")


def _slide(plan, kind, title=None):
    return next(s for s in plan.slides if s.kind == kind and (title is None or s.title == title))


def test_the_title_slide_names_presenter_role_institution_place_and_date(make_library):
    title = _slide(_planned(make_library, OCCASION), "title")
    assert title.content.byline == "Kari Nordmann, erfaringskonsulent, Helse Bergen · Bergen · 22. november 2026"
    assert (title.content.presenter, title.content.role, title.content.institution) == (
        "Kari Nordmann", "erfaringskonsulent", "Helse Bergen")


def test_a_title_slide_without_presenter_shows_only_the_date(make_library):
    title = _slide(_planned(make_library), "title")
    assert title.content.byline == "22. november 2026"
    assert title.content.presenter is title.content.role is title.content.institution is None


def test_the_closing_slide_gives_contact_and_the_handouts_address(make_library):
    closing = _slide(_planned(make_library, OCCASION), "closing")
    assert closing.content.lines == ("Spørsmål?", "Kontakt: Kari Nordmann, kari@example.org",
                                     "Deltakerheftet: https://example.org/hefte")
    assert closing.content.handout_url == "https://example.org/hefte"


def test_a_closing_slide_without_occasion_fields_shows_no_placeholders(make_library):
    plan = _planned(make_library)
    closing = _slide(plan, "closing")
    assert closing.content.lines == ("Spørsmål?", "Hovedpunktene og kildene finner du i deltakerheftet.")
    assert closing.content.contact is closing.content.handout_url is None
    assert [s.kind for s in plan.slides][-2:] == ["sources", "closing"]  # no help, no help slide


def test_a_deck_without_a_handout_does_not_point_to_one(make_library):
    closing = _slide(_planned(make_library, "outputs: [pptx]\nclosing:\n  lines: [Takk!]\n"), "closing")
    assert closing.content.lines == ("Takk!",)


def test_help_gets_its_own_slide_before_the_closing_slide(make_library):
    plan = _planned(make_library, OCCASION)
    assert [s.kind for s in plan.slides][-3:] == ["sources", "bullets", "closing"]
    help_slide = plan.slides[-2]
    assert help_slide.title == "Her kan du få hjelp" and help_slide.source is None
    assert [i.text for i in help_slide.content.items] == ["Mental Helses hjelpetelefon: 116 123"]
    assert "hvor dere kan få hjelp" in help_slide.notes


def test_builder_slides_carry_notes_in_the_presenters_voice(make_library):
    plan = _planned(make_library, OCCASION)
    notes = {s.kind: s.notes for s in plan.slides if s.source is None}
    assert notes["title"].startswith("Velkommen")
    assert "Jeg heter Kari Nordmann, erfaringskonsulent ved Helse Bergen." in notes["title"]
    assert "Temaet i dag er «Erfaringskompetanse»." in notes["title"]
    assert "fra klokken 09:00 til 09:20" in notes["agenda"]  # the slot: 10 minutes of modules, 10 for questions
    assert "De siste ti minuttene er satt av til spørsmål" in notes["agenda"]
    assert notes["sources"].startswith("Her er kildene jeg har brukt i dag.")
    assert "QR-koden" in notes["closing"] and "Ta gjerne kontakt" in notes["closing"]
    for text in notes.values():
        assert "materialet" not in text and "TODO" not in text


def test_a_deck_may_write_its_own_opening_and_closing(make_library):
    plan = _planned(make_library, "opening_notes: God morgen, alle sammen.\nclosing_notes: Vel hjem!\n")
    assert _slide(plan, "title").notes == "God morgen, alle sammen."
    assert _slide(plan, "closing").notes == "Vel hjem!"


def test_each_module_is_led_into_and_a_pause_is_announced(make_library):
    root = make_library()
    _with_second_module(root, "  - pause: 15\n")
    plan = check(root, today=TODAY).plan("forelesning")
    firsts = [s for s in plan.slides if s.source is not None and s.source[1] == 0]
    assert firsts[0].notes == "Vi begynner med «Vendepunktet».\n\nLes sitatet langsomt."
    assert firsts[0].lead == "Vi begynner med «Vendepunktet»."  # so that carrying notes back can leave it out
    assert firsts[1].notes == "Velkommen tilbake. Vi fortsetter med «Andre del»."
    pause = next(s for s in plan.slides if s.kind == "section" and s.source is None)
    assert pause.notes == "Nå tar vi 15 minutters pause. Vi begynner igjen klokken 09:25."


def test_notes_that_already_lead_in_are_not_led_in_twice(make_library):
    root = make_library()
    edit(root / "slides/modules/vendepunktet.yaml", "    notes: Les sitatet langsomt.\n",
         "    notes: Vi begynner med «Vendepunktet». Les sitatet langsomt.\n")
    plan = check(root, today=TODAY).plan("forelesning")
    assert plan.slides[2].notes == "Vi begynner med «Vendepunktet». Les sitatet langsomt."
    assert plan.slides[2].lead is None


def test_figures_past_their_review_date_are_framed_once_in_the_notes(make_library):
    root = make_library()
    edit(root / "slides/facts.yaml", "    source: mb-lysark\n", "    source: mb-lysark\n    review_after: 2020-01-01\n")
    _with_second_module(root)
    plan = check(root, today=TODAY).plan("forelesning")
    framed = [s for s in plan.slides if s.notes and "ikke som dagens tall" in s.notes]
    assert len(framed) == 1
    assert _slide(plan, "facts", "Flere fakta").notes == "Da går vi videre til «Andre del»."
    assert framed[0].source == ("vendepunktet", 0)
    assert "nyere tall" in framed[0].cues


def test_notes_that_already_say_when_the_figures_are_from_are_not_framed_again(make_library):
    root = make_library()
    edit(root / "slides/facts.yaml", "    source: mb-lysark\n",
         "    source: mb-lysark\n    review_after: 2020-01-01\n    as_of_text: høsten 2018\n")
    edit(root / "slides/modules/vendepunktet.yaml", "    notes: Les sitatet langsomt.\n",
         "    notes: Tallene er fra høsten 2018.\n")
    first = check(root, today=TODAY).plan("forelesning").slides[2]
    assert first.notes == "Vi begynner med «Vendepunktet».\n\nTallene er fra høsten 2018."
    assert first.cues.startswith("Tallene er fra høsten 2018. Finnes det nyere tall")


def test_a_contact_that_names_the_presenter_is_not_prefixed_with_the_name_again(make_library):
    closing = _slide(_planned(make_library, "presenter: Kari Nordmann\ncontact: Kari Nordmann, 555 55 555\n"),
                     "closing")
    assert "Kontakt: Kari Nordmann, 555 55 555" in closing.content.lines


# --- the line under a quote ------------------------------------------------------------------------


def test_a_quote_from_a_text_by_someone_else_is_attributed_as_quoted_there(make_library):
    from builder.fit import slide_texts

    root = make_library()
    edit(root / "quotes/sources.yaml", "    authors: [\"Topor, A.\"]\n", "    authors: [\"Rob, S. B.\"]\n")
    quote = _slide(check(root, today=TODAY).plan("forelesning"), "quote")
    assert quote.content.attribution == "— Alain Topor (gjengitt i Rob, u.å.)"
    # the deck and the manuscript show the slide's texts, so they say the same
    assert [i.text for i in slide_texts(quote)["attribution"]] == ["— Alain Topor (gjengitt i Rob, u.å.)"]


def test_a_quote_from_the_persons_own_text_names_that_text(make_library):
    quote = _slide(_planned(make_library), "quote")
    assert quote.content.attribution == "— Alain Topor (Tekst om vendepunktet)"


def test_the_minutes_left_after_the_modules_go_to_the_closing(make_library):
    from builder.plan import CLOSING_ROW

    plan = check(make_library()).plan("forelesning")  # 10 minutes of modules in a 20-minute slot
    rows = plan.slides[1].content.rows
    assert [(r.start, r.title, r.minutes) for r in rows[-2:]] == [("09:10", CLOSING_ROW, 10), ("09:20", "Slutt", 0)]
    closing = plan.slides[-1]
    assert (closing.kind, closing.start, closing.minutes) == ("closing", 10, 10)
    assert plan.planned_minutes == 10  # the modules; the time budget is still judged on them
