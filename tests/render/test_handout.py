"""The participant handout (HTML): content checked against the plan of every real deck, safety, language."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest

from support.library import SEARCH_LINK_SLIDE, with_slides
from support.paper import SEVEN, magazine_library
from support.text import same, text_of
from builder import cite
from builder.pipeline import check
from builder.plan import clock
from builder.render.handout import handout_html, handout_view, paragraphs, stylesheet
from builder.render.restate import restates

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 22)
DECKS = sorted(p.stem for p in (REPO / "slides" / "decks").glob("*.yaml"))


@pytest.fixture(scope="module")
def checked():
    return check(REPO, today=TODAY)


@pytest.fixture(scope="module")
def pages(checked) -> dict[str, str]:
    return {deck: handout_html(checked.plan(deck)) for deck in DECKS}


def module_sections(markup: str) -> list[str]:
    return re.findall(r'<section class="module".*?</section>', markup, flags=re.S)


# --- the real decks ------------------------------------------------------------------------------


@pytest.mark.parametrize("deck", DECKS)
def test_the_handout_opens_with_title_subtitle_date_time_and_audience(checked, pages, deck):
    plan = checked.plan(deck)
    text = text_of(pages[deck])
    assert plan.deck.title in text
    if plan.deck.subtitle:
        assert same(plan.deck.subtitle) in text
    assert cite.norwegian_date(plan.deck.date) in text
    assert f"kl. {plan.deck.start}–{clock(plan.deck.start, plan.session_minutes)}" in text
    assert plan.audience.name in text
    for value in (plan.deck.presenter, plan.deck.place):
        if value:
            assert value in text


@pytest.mark.parametrize("deck", DECKS)
def test_the_programme_lists_every_module_and_pause_with_its_clock_times(checked, pages, deck):
    plan = checked.plan(deck)
    table = re.search(r'<table class="programme-table">.*?</table>', pages[deck], flags=re.S).group(0)
    rows = [text_of(r) for r in re.findall(r"<tr.*?</tr>", table, flags=re.S)][1:]
    assert len(rows) == len(plan.programme)
    for row, entry in zip(rows, plan.programme):
        assert row == f"{entry.start}–{clock(entry.start, entry.minutes)} {same(entry.title)} {entry.minutes}"
    pauses = [p for p in plan.programme if p.module is None]
    assert pages[deck].count('<tr class="pause">') == len(pauses)


@pytest.mark.parametrize("deck", DECKS)
def test_every_module_states_its_summary_key_points_and_prose_once_and_every_objective(checked, pages, deck):
    plan = checked.plan(deck)
    modules = [p for p in plan.programme if p.module is not None]
    sections = module_sections(pages[deck])
    assert len(sections) == len(modules)
    for section, entry in zip(sections, modules):
        text = text_of(section)
        assert same(entry.title) in text
        assert f"kl. {entry.start}–{clock(entry.start, entry.minutes)}" in text
        for line in entry.module.objectives:
            assert same(line) in text
        said = [entry.module.summary, *entry.module.key_points, *(p for t in entry.handout for p in paragraphs(t))]
        for line in said:
            assert same(line) in text or restates(line, [text]), line


@pytest.mark.parametrize("deck", DECKS)
def test_every_quote_is_printed_as_a_pull_quote_with_its_full_attribution(checked, pages, deck):
    plan = checked.plan(deck)
    figures = [text_of(f) for f in re.findall(r'<figure class="pull-quote">.*?</figure>', pages[deck],
                                                          flags=re.S)]
    quotes = [q for entry in plan.programme for q in entry.quotes]
    assert len(figures) == len(quotes)
    for figure, content in zip(figures, quotes):
        quote = content.quote
        assert f"«{same(quote.text)}»" in figure
        assert f"— {quote.by}" in figure
        if quote.role:
            assert f"{quote.by}, {quote.role}" in figure
        # The same words under the quote as on the slide: one rule (cite.quote_source) for every output.
        where = "".join(run.text for run in cite.quote_source(quote, content.source))
        if where:
            assert same(where) in figure


@pytest.mark.parametrize("deck", DECKS)
def test_every_fact_is_printed_with_its_value_meaning_date_and_source(checked, pages, deck):
    plan = checked.plan(deck)
    modules = [p for p in plan.programme if p.module is not None]
    for section, entry in zip(module_sections(pages[deck]), modules):
        text = text_of(section)
        for card in entry.facts:
            assert same(card.fact.value) in text
            assert same(card.fact.text) in text
            assert card.dated in text
            assert card.source is not None and same(card.source.title) in text


@pytest.mark.parametrize("deck", DECKS)
def test_every_reflection_question_has_ruled_lines_to_write_on(checked, pages, deck):
    plan = checked.plan(deck)
    questions = [q for entry in plan.programme for q in entry.questions]
    items = re.findall(r'<p class="question">(.*?)</p><div class="write" aria-hidden="true">(.*?)</div>',
                       pages[deck], flags=re.S)
    assert [html.unescape(q) for q, _ in items] == questions
    assert all(lines.count("<span></span>") == 3 for _, lines in items)


@pytest.mark.parametrize("deck", DECKS)
def test_the_handout_lists_every_source_used_in_apa_with_titles_in_italics(checked, pages, deck):
    plan = checked.plan(deck)
    if not plan.sources:
        assert '<ul class="reference-list">' not in pages[deck]
        return
    block = re.search(r'<ul class="reference-list">.*?</ul>', pages[deck], flags=re.S).group(0)
    items = re.findall(r"<li>(.*?)</li>", block, flags=re.S)
    assert [text_of(i) for i in items] == [same(cite.plain(cite.reference(s))) for s in plan.sources]
    for item, source in zip(items, plan.sources):
        for run in cite.reference(source):
            if run.italic:
                assert f"<i>{html.escape(run.text, quote=True)}</i>" in item


@pytest.mark.parametrize("deck", DECKS)
def test_help_and_contact_appear_only_when_the_deck_gives_them(checked, pages, deck):
    plan = checked.plan(deck)
    text = text_of(pages[deck])
    for item in plan.deck.help:
        assert item in text
    if plan.deck.contact:
        assert plan.deck.contact in text
    assert ('<section class="contact"' in pages[deck]) == bool(plan.deck.help or plan.deck.contact)


@pytest.mark.parametrize("deck", DECKS)
def test_the_handout_never_contains_a_private_cue_or_speaker_note(checked, pages, deck):
    plan = checked.plan(deck)
    text = text_of(pages[deck])
    cues = [s.cues for s in plan.slides if s.cues]
    assert cues, "the real decks have cues"
    for cue in cues:
        assert same(cue) not in text
    for slide in plan.slides:
        if slide.notes and len(slide.notes) > 40:
            assert same(slide.notes) not in text


@pytest.mark.parametrize("deck", DECKS)
def test_the_handout_never_shows_the_librarys_internal_notes(checked, pages, deck):
    plan = checked.plan(deck)
    text = text_of(pages[deck])
    notes = [s.note for s in plan.sources if s.note]
    for entry in plan.programme:
        notes += [q.quote.note for q in entry.quotes if q.quote.note]
        notes += [f.fact.note for f in entry.facts if f.fact.note]
    for note in notes:
        assert same(note) not in text


@pytest.mark.parametrize("deck", DECKS)
def test_the_handout_is_norwegian_with_a_title_and_the_deck_date_as_its_date(checked, pages, deck):
    plan = checked.plan(deck)
    page = pages[deck]
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="nb">' in page
    assert f"<title>{html.escape(plan.deck.title)} – deltakerhefte</title>" in page
    assert f'<meta name="dcterms.created" content="{plan.deck.date.isoformat()}">' in page
    assert "@page" in page and "A4" in page


def test_the_same_plan_gives_the_same_html(checked):
    plan = checked.plan(DECKS[0])
    assert handout_html(plan) == handout_html(plan)


# --- a small library with dangerous content --------------------------------------------------------

TEMPLATE = "{{ 7*7 }}"
SCRIPT = "<script>alert(1)</script>"


def write(root: Path, relative: str, text: str) -> None:
    (root / relative).write_text(text, encoding="utf-8")


def dangerous_library(make_library) -> Path:
    """Return a copy of library-minimal with template syntax and script tags in every kind of text."""
    root = make_library()
    write(root, "slides/decks/forelesning.yaml", """\
id: forelesning
title: 'Tittel {{ 7*7 }} <script>alert(1)</script>'
subtitle: 'Undertittel & <b>fet</b>'
presenter: Åse Øberg
place: Høgskulen på Vestlandet
date: 2026-11-22
start: "09:15"
audience: hoyskole
minutes: 20
contact: 'ase@example.no <script>alert(1)</script>'
help:
  - 'Hjelpetelefonen {{ 7*7 }}'
modules:
  - vendepunktet
  - pause: 5
    title: Kaffe
""")
    write(root, "slides/modules/vendepunktet.yaml", """\
id: vendepunktet
title: 'Vendepunktet {{ 7*7 }}'
summary: 'Om vendepunktet {{ 7*7 }} <script>alert(1)</script>.'
minutes: 10
consent: public
objectives: ['Målet {{ 7*7 }} <script>alert(1)</script>']
key_points: ['Poenget {{ 7*7 }} <script>alert(1)</script>']
slides:
  - kind: quote
    quote: topor-vendepunktet
    notes: 'Notatet {{ 7*7 }} <script>alert(1)</script>'
    cues: 'PRIVATSTIKKORD-EN {{ 7*7 }}'
    handout: 'Heftetekst {{ 7*7 }} <script>alert(1)</script>'
  - kind: facts
    title: 'Fakta {{ 7*7 }}'
    facts: [mb-norge]
    cues: PRIVATSTIKKORD-TO
  - kind: discussion
    title: Refleksjon
    questions: ['Spørsmålet {{ 7*7 }} <script>alert(1)</script>?']
    cues: PRIVATSTIKKORD-TRE
  - kind: bullets
    title: Bare for andre
    except: [hoyskole]
    bullets: [SKJULTPUNKT]
    handout: SKJULTHEFTETEKST
    notes: SKJULTNOTAT
    cues: SKJULTSTIKKORD
""")
    write(root, "quotes/topor.yaml", """\
quotes:
  - id: topor-vendepunktet
    text: 'Vendepunktet {{ 7*7 }} <script>alert(1)</script> er håpet om et annet liv.'
    by: Alain Topor
    role: 'forsker <i>x</i>'
    source: topor-tekst
    page: "12"
    consent: public
    note: INTERNNOTAT-SITAT
""")
    write(root, "slides/facts.yaml", """\
facts:
  - id: mb-norge
    value: '{{ 7*7 }}'
    text: 'MB startet i Norge <script>alert(1)</script>'
    as_of: 2026-01-01
    source: mb-lysark
    note: INTERNNOTAT-FAKTA
""")
    return root


@pytest.fixture
def dangerous_plan(make_library):
    root = dangerous_library(make_library)
    checked = check(root, today=TODAY)
    assert not checked.errors, [d.format() for d in checked.errors]
    return checked.plan("forelesning")


def test_template_syntax_and_script_tags_in_content_come_out_as_literal_text(dangerous_plan):
    page = handout_html(dangerous_plan)
    assert "<script>" not in page and "<i>x</i>" not in page and "<b>fet</b>" not in page
    text = text_of(page)
    assert "49" not in text
    for expected in (
        f"Tittel {TEMPLATE} {SCRIPT}", f"Om vendepunktet {TEMPLATE} {SCRIPT}.", f"Målet {TEMPLATE} {SCRIPT}",
        f"Poenget {TEMPLATE} {SCRIPT}", f"Heftetekst {TEMPLATE} {SCRIPT}", f"Vendepunktet {TEMPLATE}",
        f"«Vendepunktet {TEMPLATE} {SCRIPT} er håpet om et annet liv.»", "Alain Topor, forsker <i>x</i>",
        f"Spørsmålet {TEMPLATE} {SCRIPT}?", f"MB startet i Norge {SCRIPT}", f"ase@example.no {SCRIPT}",
        f"Hjelpetelefonen {TEMPLATE}", "Undertittel & <b>fet</b>",
    ):
        assert expected in text
    assert "<title>Tittel {{ 7*7 }} &lt;script&gt;alert(1)&lt;/script&gt; – deltakerhefte</title>" in page


def test_the_quote_shows_its_source_title_and_page(dangerous_plan):
    figure = re.search(r'<figure class="pull-quote">.*?</figure>', handout_html(dangerous_plan), flags=re.S).group(0)
    assert "<i>Tekst om vendepunktet</i>, s. 12" in figure


def test_cues_notes_hidden_slides_and_internal_notes_never_reach_the_handout(dangerous_plan):
    text = text_of(handout_html(dangerous_plan))
    for secret in ("PRIVATSTIKKORD", "Notatet", "SKJULT", "INTERNNOTAT"):
        assert secret not in text


def test_a_pause_is_a_row_of_the_programme_but_not_a_module(dangerous_plan):
    view = handout_view(dangerous_plan)
    assert [(r.start, r.end, r.title, r.is_pause) for r in view.programme] == [
        ("09:15", "09:25", f"Vendepunktet {TEMPLATE}", False), ("09:25", "09:30", "Kaffe", True)]
    assert len(view.modules) == 1


def test_facts_that_share_a_date_say_it_once_under_the_table(checked):
    plan = checked.plan("hoyskole-erfaringskompetanse")
    bergen = [m for m in handout_view(plan).modules if "hovedstad" in m.title][0]
    assert bergen.facts_dated == "høsten 2018"
    section = [s for s in module_sections(handout_html(plan)) if "hovedstad" in s][0]
    assert "Alle tallene gjelder <strong>høsten 2018</strong>." in section
    assert '<th scope="col" class="dated">' not in section


# --- paper rules: one statement of each point, one attribution, names, help ------------------------------

@pytest.fixture
def magazine_page(make_library) -> tuple[str, object]:
    checked = check(magazine_library(make_library), today=TODAY)
    assert not checked.errors, [d.format() for d in checked.errors]
    plan = checked.plan("forelesning")
    return handout_html(plan), plan


def test_a_summary_repeated_as_handout_prose_is_printed_once_with_no_key_point_that_repeats_it(magazine_page):
    page, _ = magazine_page
    text = text_of(page)
    assert text.count(same(SEVEN)) == 1
    assert "Erfaring og kunnskap" not in text and "God kontakt" not in text
    assert "I Bergen forteller Sofia Hauge om paneldebattene." in text


def test_a_quote_from_a_magazine_credited_to_the_magazine_names_it_once(magazine_page):
    page, _ = magazine_page
    figure = text_of(re.search(r'<figure class="pull-quote">.*?</figure>', page, flags=re.S).group(0))
    assert figure.count("Psykisk helsemagasin") == 1
    assert figure.endswith("— Psykisk helsemagasin")


def test_names_of_people_and_places_are_never_hyphenated(magazine_page):
    page, _ = magazine_page
    for name in ("Sofia", "Hauge", "Bergen", "Åse", "Øberg"):
        assert f'<span class="nm">{name}</span>' in page
    assert '<span class="nm">Erfaring</span>' not in page  # a capital that only opens a text is no name
    assert re.search(r"\.nm \{[^}]*hyphens: none", stylesheet())


def test_the_print_css_hyphenates_bokmal_only_in_long_words_with_three_letters_either_side(magazine_page):
    import pyphen

    page, _ = magazine_page
    assert '<html lang="nb">' in page and "nb" in pyphen.LANGUAGES
    assert "hyphenate-limit-chars: 7 3 3;" in stylesheet()


def test_the_last_section_gives_contact_presenter_role_institution_and_each_help_line_with_its_details(
        magazine_page):
    page, _ = magazine_page
    section = text_of(re.search(r'<section class="contact".*?</section>', page, flags=re.S).group(0))
    assert section.startswith("Kontakt og hjelp")
    assert "Åse Øberg, erfaringskonsulent, Helse Bergen: ase.oberg@example.no" in section
    assert '<span class="help-name">Legevakt</span>: <span class="help-details">ring 116\u00a0117</span>' in page
    assert "Fontenehuset" in section


def test_a_link_to_search_results_is_listed_by_its_title_without_the_search_address(make_library):
    root = with_slides(make_library(), SEARCH_LINK_SLIDE + """\
  - kind: link
    title: Fontenehuset Bergen
    url: https://fontenehusetbergen.no/
""")
    checked = check(root, today=TODAY)
    page = handout_html(checked.plan("forelesning"))
    links = text_of(re.search(r'<div class="links">.*?</div>', page, flags=re.S).group(0))
    assert "Når pasienterfaringer blir jobb – Film av Solveig Bartun Rob, på YouTube" in links
    assert "youtube.com" not in page and "search_query" not in page
    assert "https://fontenehusetbergen.no/" in links


def test_a_double_name_that_only_ever_opens_a_sentence_is_never_hyphenated(make_library):
    root = make_library()
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "summary: Om vendepunktet.",
        "summary: Mads Bøhle er magikeren ved St. Olav. AnnLill Grendah har Kreativ Frihet.\n"
        "key_points:\n  - AnnLill Grendah skriver om Second Life"), encoding="utf-8")
    page = handout_html(check(root, today=TODAY).plan("forelesning"))
    assert page.count('<span class="nm">AnnLill</span>') == 2
    assert '<span class="nm">Olav</span>' in page
