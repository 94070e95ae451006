"""The Word handout: real Word styles, the same content as the HTML handout, safety, properties, determinism."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from support.library import SEARCH_LINK_SLIDE, with_slides
from support.paper import SEVEN, magazine_library
from support.text import same
from builder import cite
from builder.pipeline import check
from builder.plan import clock
from builder.render.docx import PPR, RPR, TBLPR, TCPR, handout_docx
from builder.render.handout import handout_view

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 22)
DECKS = sorted(p.stem for p in (REPO / "slides" / "decks").glob("*.yaml"))
TEMPLATE = "{{ 7*7 }}"
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def checked():
    return check(REPO, today=TODAY)


@pytest.fixture(scope="module")
def documents(checked) -> dict[str, bytes]:
    return {deck: handout_docx(checked.plan(deck)) for deck in DECKS}


def styled(blob: bytes) -> list[tuple[str, str]]:
    """Return (style name, text) of every paragraph of the body, table cells included, in order."""
    document = docx.Document(io.BytesIO(blob))
    out = []
    for block in document.element.body.iter(qn("w:p")):
        paragraph = docx.text.paragraph.Paragraph(block, document)
        out.append((paragraph.style.name, same(paragraph.text)))
    return out


def all_text(blob: bytes) -> str:
    return " ".join(text for _, text in styled(blob))


# --- styles -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("deck", DECKS)
def test_the_docx_uses_word_title_and_heading_styles(checked, documents, deck):
    plan = checked.plan(deck)
    paras = styled(documents[deck])
    assert ("Title", plan.deck.title) in paras
    headings = [text for style, text in paras if style == "Heading 1"]
    modules = [same(p.title) for p in plan.programme if p.module is not None]
    expected = ["Program", *modules] + (["Kilder"] if plan.sources else [])
    assert headings[: len(expected)] == expected
    assert ("Heading 2", "Læringsmål") in paras
    assert ("Heading 2", "Hovedpunkter") in paras


@pytest.mark.parametrize("deck", DECKS)
def test_lists_use_list_bullet_and_questions_use_list_number(checked, documents, deck):
    plan = checked.plan(deck)
    paras = styled(documents[deck])
    numbered = [text for style, text in paras if style == "List Number"]
    assert numbered == [same(q) for entry in plan.programme for q in entry.questions]
    bullets = {text for style, text in paras if style == "List Bullet"}
    for module in handout_view(plan).modules:  # the key points the handout states (each point once)
        assert {same(x) for x in (*module.objectives, *module.key_points)} <= bullets
    assert sum(1 for style, _ in paras if style == "Writing Line") == 3 * len(numbered)


def test_question_numbering_starts_again_for_each_module(checked, documents):
    document = docx.Document(io.BytesIO(documents["hoyskole-erfaringskompetanse"]))
    ids = []
    for paragraph in document.paragraphs:
        if paragraph.style.name == "List Number":
            ids.append(paragraph._p.pPr.numPr.numId.val)
    modules_with_questions = [p for p in checked.plan("hoyskole-erfaringskompetanse").programme if p.questions]
    assert len(set(ids)) == len(modules_with_questions)
    numbering = document.part.numbering_part.element
    for num_id in set(ids):
        num = [n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id)][0]
        start = num.find(qn("w:lvlOverride")).find(qn("w:startOverride"))
        assert start.get(qn("w:val")) == "1"


@pytest.mark.parametrize("deck", DECKS)
def test_every_quote_is_an_intense_quote_with_its_attribution_in_quote_style(checked, documents, deck):
    plan = checked.plan(deck)
    paras = styled(documents[deck])
    quotes = [(i, text) for i, (style, text) in enumerate(paras) if style == "Intense Quote"]
    contents = [q for entry in plan.programme for q in entry.quotes]
    assert [text for _, text in quotes] == [f"«{same(c.quote.text)}»" for c in contents]
    for (index, _), content in zip(quotes, contents):
        style, credit = paras[index + 1]
        assert style == "Quote"
        assert credit.startswith(f"— {content.quote.by}")
        if content.quote.role:
            assert f", {content.quote.role}" in credit
        where = "".join(run.text for run in cite.quote_source(content.quote, content.source))
        if where:
            assert same(where) in credit


# --- content ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("deck", DECKS)
def test_the_docx_has_the_programme_facts_sources_and_help_of_the_plan(checked, documents, deck):
    plan = checked.plan(deck)
    text = all_text(documents[deck])
    assert cite.norwegian_date(plan.deck.date) in text
    for module in handout_view(plan).modules:  # the prose the handout states (each point once)
        for paragraph in (module.summary, *module.prose):
            assert same(paragraph) in text
    for entry in plan.programme:
        assert f"{entry.start}–{clock(entry.start, entry.minutes)}" in text
        assert same(entry.title) in text
        for card in entry.facts:
            for value in (card.fact.value, card.fact.text, card.dated, card.source.title):
                assert same(value) in text
    references = [t for style, t in styled(documents[deck]) if style == "Reference"]
    assert references == [same(cite.plain(cite.reference(s))) for s in plan.sources]
    for item in plan.deck.help:
        assert same(item) in text


def test_reference_titles_are_in_italics(checked, documents):
    plan = checked.plan("hoyskole-erfaringskompetanse")
    document = docx.Document(io.BytesIO(documents["hoyskole-erfaringskompetanse"]))
    refs = [p for p in document.paragraphs if p.style.name == "Reference"]
    for paragraph, source in zip(refs, plan.sources):
        italic = "".join(r.text for r in paragraph.runs if r.italic)
        assert italic == "".join(r.text for r in cite.reference(source) if r.italic)


@pytest.mark.parametrize("deck", DECKS)
def test_cues_and_speaker_notes_never_reach_the_docx(checked, documents, deck):
    plan = checked.plan(deck)
    text = all_text(documents[deck])
    for slide in plan.slides:
        if slide.cues:
            assert same(slide.cues) not in text
        if slide.notes and len(slide.notes) > 40:
            assert same(slide.notes) not in text


# --- properties, language, footer, determinism ---------------------------------------------------------------


@pytest.mark.parametrize("deck", DECKS)
def test_the_docx_properties_come_from_the_deck(checked, documents, deck):
    plan = checked.plan(deck)
    props = docx.Document(io.BytesIO(documents[deck])).core_properties
    midnight = dt.datetime.combine(plan.deck.date, dt.time(), tzinfo=dt.timezone.utc)
    assert props.title == f"{plan.deck.title} – deltakerhefte"
    assert props.language == "nb-NO"
    assert props.created == midnight and props.modified == midnight
    assert props.author == (plan.deck.presenter or "")
    assert "python-docx" not in (props.comments + props.author + props.last_modified_by)


def test_the_docx_is_norwegian_a4_with_page_numbers_in_the_footer(documents):
    document = docx.Document(io.BytesIO(documents[DECKS[0]]))
    lang = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(
        qn("w:lang"))
    assert lang.get(qn("w:val")) == "nb-NO"
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    instructions = [f.get(qn("w:instr")).strip() for f in section.footer._element.iter(qn("w:fldSimple"))]
    assert instructions == ["PAGE", "NUMPAGES"]


def test_the_same_plan_gives_the_same_docx_bytes_with_fixed_zip_dates(checked, documents):
    plan = checked.plan(DECKS[0])
    blob = handout_docx(plan)
    assert blob == documents[DECKS[0]]
    archive = zipfile.ZipFile(io.BytesIO(blob))
    assert "docProps/thumbnail.jpeg" not in archive.namelist()
    for info in archive.infolist():
        assert info.date_time == (plan.deck.date.year, plan.deck.date.month, plan.deck.date.day, 0, 0, 0)


@pytest.mark.parametrize("deck", DECKS)
def test_elements_added_by_hand_keep_the_order_word_requires(documents, deck):
    """Word rejects a file whose property elements are out of schema order; check every one we touch."""
    archive = zipfile.ZipFile(io.BytesIO(documents[deck]))
    from lxml import etree

    for part in ("word/document.xml", "word/styles.xml", "word/footer1.xml"):
        root = etree.fromstring(archive.read(part))
        for tag, order in (("pPr", PPR), ("rPr", RPR), ("tblPr", TBLPR), ("tcPr", TCPR)):
            for element in root.iter(qn(f"w:{tag}")):
                names = [etree.QName(c).localname for c in element if etree.QName(c).namespace == element.nsmap["w"]]
                known = [n for n in names if n in order]
                assert known == sorted(known, key=order.index), (part, tag, names)


# --- safety --------------------------------------------------------------------------------------------------


def test_template_syntax_and_script_tags_stay_literal_text_in_the_docx(make_library):
    checked = check(make_library("unsafe-content"), today=TODAY)
    assert not checked.errors, [d.format() for d in checked.errors]
    blob = handout_docx(checked.plan("forelesning"))
    paras = styled(blob)
    text = all_text(blob)
    assert ("Title", f"Tittel {TEMPLATE} {SCRIPT}") in paras
    assert ("Intense Quote", f"«{TEMPLATE} {SCRIPT} & <w:t>»") in paras
    for expected in (f"Sammendrag {TEMPLATE} {SCRIPT}", f"Heftetekst {TEMPLATE} {SCRIPT}", "forsker <i>x</i>"):
        assert expected in text
    assert "49" not in text
    assert "HEMMELIGSTIKKORD" not in text and "Notat" not in text
    assert docx.Document(io.BytesIO(blob)).core_properties.title == f"Tittel {TEMPLATE} {SCRIPT} – deltakerhefte"


# --- page breaks ------------------------------------------------------------------------------------------


def body_paragraphs(blob: bytes) -> list:
    """Return the paragraphs of the body in order, outside tables."""
    document = docx.Document(io.BytesIO(blob))
    return [docx.text.paragraph.Paragraph(p, document.part) for p in document.element.body.findall(qn("w:p"))]


def keeps(paragraph, attribute: str = "keep_with_next") -> bool:
    """Return whether `paragraph` keeps with the next (or keeps its lines), directly or from its style."""
    value = getattr(paragraph.paragraph_format, attribute)
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.paragraph_format, attribute)
        style = style.base_style
    return bool(value)


def runs_of(paragraphs: list, style: str) -> list[list]:
    """Return the runs of consecutive paragraphs in `style` (each run is one list)."""
    out, current = [], []
    for paragraph in paragraphs:
        if paragraph.style.name == style:
            current.append(paragraph)
        elif current:
            out.append(current)
            current = []
    return out + ([current] if current else [])


@pytest.mark.parametrize("deck", DECKS)
def test_list_paragraphs_except_the_last_of_each_list_keep_with_the_next(documents, deck):
    paragraphs = body_paragraphs(documents[deck])
    lists = runs_of(paragraphs, "List Bullet")
    assert len(lists) >= 3
    for items in lists:
        after = paragraphs[paragraphs.index(items[-1]) + 1] if items[-1] is not paragraphs[-1] else None
        last = after is not None and after.text == "Hovedpunkter"  # the key points take the block before along
        assert [keeps(p) for p in items] == [True] * (len(items) - 1) + [last], [p.text for p in items]
        assert all(keeps(p, "keep_together") for p in items)


@pytest.mark.parametrize("deck", DECKS)
def test_each_reflection_question_keeps_with_its_three_writing_lines(documents, deck):
    paragraphs = body_paragraphs(documents[deck])
    questions = [n for n, p in enumerate(paragraphs) if p.style.name == "List Number"]
    assert questions
    for n in questions:
        question, lines = paragraphs[n], paragraphs[n + 1:n + 4]
        assert [p.style.name for p in lines] == ["Writing Line"] * 3
        assert keeps(question) and keeps(question, "keep_together")
        assert [keeps(p) for p in lines[:2]] == [True, True]


@pytest.mark.parametrize("deck", DECKS)
def test_every_heading_keeps_with_the_paragraph_after_it(documents, deck):
    paragraphs = body_paragraphs(documents[deck])
    headings = [p for p in paragraphs if p.style.name.startswith("Heading") or p.style.name == "Handout Meta"]
    assert len(headings) > 10
    assert all(keeps(p) for p in headings), [p.text for p in headings if not keeps(p)]


@pytest.mark.parametrize("deck", DECKS)
def test_a_module_summary_keeps_with_its_learning_objectives(documents, deck):
    paragraphs = body_paragraphs(documents[deck])
    for n, paragraph in enumerate(paragraphs):
        if paragraph.style.name == "Module Summary" and paragraphs[n + 1].text == "Læringsmål":
            assert keeps(paragraph)


def test_quotes_keep_their_lines_together_and_stay_with_their_attribution(documents):
    count = 0
    for blob in documents.values():
        paragraphs = body_paragraphs(blob)
        for n in [n for n, p in enumerate(paragraphs) if p.style.name == "Intense Quote"]:
            quote, credit = paragraphs[n], paragraphs[n + 1]
            assert keeps(quote) and keeps(quote, "keep_together")
            assert credit.style.name == "Quote" and keeps(credit, "keep_together")
            count += 1
    assert count


@pytest.mark.parametrize("deck", DECKS)
def test_the_key_points_keep_with_the_block_before_them(documents, deck):
    document = docx.Document(io.BytesIO(documents[deck]))
    body = list(document.element.body)
    for n, element in enumerate(body):
        if element.tag == qn("w:p") and docx.text.paragraph.Paragraph(element, document.part).text == "Hovedpunkter":
            before = body[n - 1]
            last = before.findall(qn("w:tr"))[-1] if before.tag == qn("w:tbl") else before
            for p in last.iter(qn("w:p")):
                assert keeps(docx.text.paragraph.Paragraph(p, document.part))


def test_a_table_keeps_to_one_page_and_a_facts_table_keeps_with_its_note(documents):
    document = docx.Document(io.BytesIO(documents["hoyskole-erfaringskompetanse"]))
    programme, *facts = document.tables
    assert facts
    for n, table in enumerate(document.tables):
        rows = [[keeps(p) for cell in row.cells for p in cell.paragraphs] for row in table.rows]
        assert all(all(row) for row in rows[:-1])  # every row but the last keeps with the next
        follower = docx.text.paragraph.Paragraph(table._tbl.getnext(), document.part)
        kept = n > 0 and (follower.style.name == "Small Note" or follower.text == "Hovedpunkter")
        assert all(rows[-1]) == kept, follower.text


# --- paper rules shared with the HTML handout -------------------------------------------------------------


@pytest.fixture
def magazine_docx(make_library) -> bytes:
    checked = check(magazine_library(make_library), today=TODAY)
    assert not checked.errors, [d.format() for d in checked.errors]
    return handout_docx(checked.plan("forelesning"))


def test_the_docx_states_a_repeated_summary_once_and_credits_the_magazine_once(magazine_docx):
    paras = styled(magazine_docx)
    assert [text for _, text in paras].count(same(SEVEN)) == 1
    assert ("Quote", "— Psykisk helsemagasin") in paras
    bullets = [text for style, text in paras if style == "List Bullet"]
    assert "Erfaring og kunnskap" not in bullets and "I Bergen forteller Sofia Hauge om paneldebattene." in bullets


def test_names_in_the_docx_are_runs_word_and_libreoffice_never_hyphenate(magazine_docx):
    document = docx.Document(io.BytesIO(magazine_docx))
    protected, plain = set(), set()
    for run in document.element.body.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        rpr = run.find(qn("w:rPr"))
        lang = rpr.find(qn("w:lang")) if rpr is not None else None
        if rpr is not None and rpr.find(qn("w:noProof")) is not None and lang is not None \
                and lang.get(qn("w:val")) == "zxx":
            protected.add(text)
        else:
            plain.add(text)
    assert {"Sofia", "Hauge", "Bergen", "Psykisk helsemagasin"} <= protected
    assert not any("Hauge" in text for text in plain)
    settings = document.settings.element
    assert settings.find(qn("w:consecutiveHyphenLimit")).get(qn("w:val")) == "2"


def test_the_docx_help_list_gives_each_help_line_with_its_details(magazine_docx):
    paras = styled(magazine_docx)
    assert ("List Bullet", "Legevakt: ring 116 117") in paras
    assert ("Normal", "Åse Øberg, erfaringskonsulent, Helse Bergen: ase.oberg@example.no") in paras


def test_a_link_to_search_results_is_listed_in_the_docx_without_the_search_address(make_library):
    root = with_slides(make_library(), SEARCH_LINK_SLIDE)
    text = all_text(handout_docx(check(root, today=TODAY).plan("forelesning")))
    assert "Når pasienterfaringer blir jobb – Film av Solveig Bartun Rob, på YouTube" in text
    assert "youtube.com" not in text
