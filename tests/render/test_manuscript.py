"""The speaker manuscript (HTML): every slide with its clock time, notes and private cues; thumbnails; safety."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from PIL import Image

from support.text import same, text_of
from builder.fit import slide_texts
from builder.pipeline import check
from builder.plan import clock
from builder.render.manuscript import manuscript_html, manuscript_view, minutes_text
from builder.render.handout import paragraphs

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 22)
DECKS = sorted(p.stem for p in (REPO / "slides" / "decks").glob("*.yaml"))


@pytest.fixture(scope="module")
def checked():
    return check(REPO, today=TODAY)


def slide_blocks(markup: str) -> dict[int, str]:
    found = re.findall(r'<section class="ms-slide" id="lysbilde-(\d+)".*?</section>', markup, flags=re.S)
    blocks = re.findall(r'<section class="ms-slide" id="lysbilde-\d+".*?</section>', markup, flags=re.S)
    return {int(n): b for n, b in zip(found, blocks)}


def png(color: str = "#1F4F59") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (160, 90), color).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("deck", DECKS)
def test_every_slide_appears_in_order_with_its_number_title_and_planned_start_time(checked, deck):
    plan = checked.plan(deck)
    page = manuscript_html(plan)
    blocks = slide_blocks(page)
    assert list(blocks) == [s.number for s in plan.slides]
    for slide in plan.slides:
        text = text_of(blocks[slide.number])
        assert f"Lysbilde {slide.number}" in text
        assert same(slide.title) in text
        assert f'<span class="time">{clock(plan.deck.start, slide.start)}</span>' in blocks[slide.number]
        if slide.minutes > 0:
            assert minutes_text(slide.minutes) in text


@pytest.mark.parametrize("deck", DECKS)
def test_every_note_and_private_cue_is_printed_and_cues_are_marked_private(checked, deck):
    plan = checked.plan(deck)
    blocks = slide_blocks(manuscript_html(plan))
    for slide in plan.slides:
        block = blocks[slide.number]
        for paragraph in paragraphs(slide.notes):
            assert same(paragraph) in text_of(block)
        if slide.cues:
            cue = re.search(r'<div class="ms-cue">(.*?)</div>', block, flags=re.S).group(1)
            assert "Privat stikkord" in text_of(cue)
            for paragraph in paragraphs(slide.cues):
                assert same(paragraph) in text_of(cue)
        else:
            assert "ms-cue" not in block


@pytest.mark.parametrize("deck", DECKS)
def test_without_pictures_each_slide_shows_its_own_text(checked, deck):
    plan = checked.plan(deck)
    blocks = slide_blocks(manuscript_html(plan))
    for slide in plan.slides:
        mini = re.search(r'<div class="mini">(.*?)</div>', blocks[slide.number], flags=re.S).group(1)
        for role, items in slide_texts(slide).items():
            for item in items:
                assert same(item.text.replace("\t", "  ")) in text_of(mini), (slide.number, role)


@pytest.mark.parametrize("deck", DECKS)
def test_slides_are_grouped_under_their_module_with_its_clock_times(checked, deck):
    plan = checked.plan(deck)
    view = manuscript_view(plan)
    entries = [(g.title, g.start, g.minutes) for g in view.groups if g.label]
    assert entries == [(p.title, p.start, p.minutes) for p in plan.programme]
    assert sum(len(g.slides) for g in view.groups) == len(plan.slides)
    for group in view.groups:
        for slide in group.slides:
            original = plan.slides[slide.number - 1]
            if group.label.startswith("Modul"):
                assert original.module is not None
                assert group.start <= slide.time < group.end or group.start == slide.time


def test_the_clock_runs_from_the_deck_start(checked):
    plan = checked.plan("hoyskole-erfaringskompetanse")
    view = manuscript_view(plan)
    slides = [s for g in view.groups for s in g.slides]
    assert slides[0].time == "10:15" and slides[0].elapsed == 0
    # The closing slides start when the modules end; the minutes left of the slot are kept for questions.
    assert slides[-1].time == clock(plan.deck.start, plan.planned_minutes)
    assert view.groups[-1].end == "11:45" and slides[-1].progress <= 100.0
    assert [s.time for s in slides] == sorted(s.time for s in slides)
    pause = [g for g in view.groups if g.is_pause][0]
    planned = [p for p in plan.programme if p.module is None][0]
    assert (pause.start, pause.end, pause.minutes) == (planned.start, clock(planned.start, 15), 15)


def clock_column(block: str) -> str:
    return text_of(re.search(r'<div class="ms-clock">(.*?)<div class="progress"', block, flags=re.S).group(1))


@pytest.mark.parametrize("deck", DECKS)
def test_a_timed_slide_shows_its_minutes_and_its_span_from_start_to_end(checked, deck):
    plan = checked.plan(deck)
    blocks = slide_blocks(manuscript_html(plan))
    for slide in plan.slides:
        if slide.minutes > 0:
            start, end = clock(plan.deck.start, slide.start), clock(plan.deck.start, slide.start + slide.minutes)
            column = clock_column(blocks[slide.number])
            assert f"{minutes_text(slide.minutes)} {start}–{end}" in column
            assert "til " not in column


@pytest.mark.parametrize("deck", DECKS)
def test_a_slide_without_time_of_its_own_shows_no_duration_and_no_lone_dash(checked, deck):
    plan = checked.plan(deck)
    blocks = slide_blocks(manuscript_html(plan))
    untimed = [s for s in plan.slides if s.minutes <= 0]
    assert untimed  # title, programme, sources and closing
    for slide in untimed:
        column = clock_column(blocks[slide.number])
        assert column == (f"Lysbilde {slide.number} {clock(plan.deck.start, slide.start)} "
                          f"{round(slide.start)} av {max(plan.planned_minutes, plan.deck.minutes)} min brukt")
        assert 'class="dur"' not in blocks[slide.number] and "–" not in column


def test_the_clock_column_reads_start_minutes_span_and_minutes_used(checked):
    blocks = slide_blocks(manuscript_html(checked.plan("hoyskole-erfaringskompetanse")))
    assert clock_column(blocks[7]) == "Lysbilde 7 10:29 6 min 10:29–10:35 14 av 90 min brukt"
    assert clock_column(blocks[1]) == "Lysbilde 1 10:15 0 av 90 min brukt"


def test_a_continued_slide_says_that_it_continues_the_slide_before(checked):
    plan = checked.plan("hoyskole-erfaringskompetanse")
    slides = list(plan.slides)
    first = slides[5]
    slides[5] = dataclasses.replace(first, title=f"{first.title} (forts.)", notes=None, cues=None, continued=1)
    blocks = slide_blocks(manuscript_html(dataclasses.replace(plan, slides=tuple(slides))))
    assert manuscript_view(dataclasses.replace(plan, slides=tuple(slides))).groups[2].slides[1].continued
    assert "Fortsettelse av forrige lysbilde." in text_of(blocks[6])
    assert "Ingen notater." not in text_of(blocks[6])
    assert "Fortsettelse av forrige lysbilde." not in text_of(blocks[5])


def test_a_picture_of_the_slide_replaces_its_text_when_given(checked):
    plan = checked.plan("hoyskole-erfaringskompetanse")
    picture = png()
    page = manuscript_html(plan, {3: picture})
    blocks = slide_blocks(page)
    assert '<img src="data:image/png;base64,' in blocks[3]
    assert 'class="mini"' not in blocks[3]
    assert 'alt="Lysbilde 3: Ord vi hører"' in blocks[3]
    assert 'class="mini"' in blocks[4] and "<img" not in blocks[4]


def test_minutes_read_as_whole_and_half_minutes():
    assert [minutes_text(m) for m in (0, 0.2, 1, 2.5, 2.6, 1.67, 15)] == [
        "–", "½ min", "1 min", "2½ min", "2½ min", "1½ min", "15 min"]


def test_the_manuscript_is_norwegian_landscape_and_says_it_is_private(checked):
    page = manuscript_html(checked.plan(DECKS[0]))
    assert '<html lang="nb">' in page
    assert "<title>" in page and "– manus</title>" in page
    assert "body.manuscript" in page and "A4 landscape" in page
    assert "Del det ikke med deltakerne" in text_of(page)


def test_the_same_plan_gives_the_same_manuscript(checked):
    plan = checked.plan(DECKS[0])
    assert manuscript_html(plan, {1: png()}) == manuscript_html(plan, {1: png()})


def test_template_syntax_and_script_tags_in_notes_and_cues_come_out_as_literal_text(make_library):
    root = make_library()
    module = root / "slides" / "modules" / "vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "    notes: Les sitatet langsomt.",
        "    title: 'Sitat {{ 7*7 }} <script>alert(1)</script>'\n"
        "    notes: 'Notat {{ 7*7 }} <script>alert(1)</script>'\n"
        "    cues: 'Stikkord {{ 7*7 }} <script>alert(1)</script>'",
    ), encoding="utf-8")
    plan = check(root, today=TODAY).plan("forelesning")
    page = manuscript_html(plan)
    assert "<script>" not in page
    text = text_of(page)
    assert "49" not in text
    for expected in ("Sitat {{ 7*7 }} <script>alert(1)</script>", "Notat {{ 7*7 }} <script>alert(1)</script>",
                     "Stikkord {{ 7*7 }} <script>alert(1)</script>"):
        assert expected in text


def test_names_in_the_notes_are_never_hyphenated(make_library):
    root = make_library()
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "notes: Les sitatet langsomt.", "notes: Les sitatet langsomt, og fortell at Topor forsket i Stockholm."),
        encoding="utf-8")
    page = manuscript_html(check(root, today=dt.date(2026, 11, 22)).plan("forelesning"))
    assert '<span class="nm">Topor</span>' in page and '<span class="nm">Stockholm</span>' in page


def test_a_double_name_opening_a_bullet_or_a_sentence_is_never_hyphenated_in_the_slide_text_or_notes(make_library):
    # The MB magazine module: «AnnLill» only ever opens a bullet, or a sentence after «St. Olav.».
    root = make_library()
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "notes: Les sitatet langsomt.", "notes: Mads Bøhle er magikeren ved St. Olav. AnnLill Grendah skriver.")
        + "  - kind: bullets\n    title: Fra magasinet\n    bullets:\n      - AnnLill Grendah har Kreativ Frihet\n",
        encoding="utf-8")
    page = manuscript_html(check(root, today=dt.date(2026, 11, 22)).plan("forelesning"))
    assert page.count('<span class="nm">AnnLill</span>') == 2  # the slide's bullet and the note
    assert '<span class="nm">Olav</span>' in page  # «St.» is no sentence end
