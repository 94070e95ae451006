"""Slide kinds recognised in decks made elsewhere: small decks made with python-pptx, one rule each."""

from __future__ import annotations

import io

import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.util import Inches

from builder.importer.kinds import clean, is_video, recognise
from builder.model import Module, Quote
from builder.read.pptx import read_pptx

# Layouts of python-pptx's default template.
TITLE_SLIDE, CONTENT, SECTION_HEADER, TWO_CONTENT, COMPARISON, TITLE_ONLY, BLANK = range(7)
NBSP = "\u00a0"


def png(colour: str = "orange", size: tuple[int, int] = (8, 6)) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    out.seek(0)
    return out


def one_slide(fill, layout: int = CONTENT):
    """Make a one-slide deck, let `fill(slide)` fill it, and return how it is recognised."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[layout])
    fill(slide)
    out = io.BytesIO()
    prs.save(out)
    return recognise(read_pptx(out.getvalue()).slides[0])


def bullets_of(slide, lines) -> None:
    """Write `lines` ((text, level) or text) into the body placeholder."""
    frame = slide.placeholders[1].text_frame
    for n, line in enumerate(lines):
        text, level = (line, 0) if isinstance(line, str) else line
        para = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        para.text = text
        para.level = level


def valid(found) -> dict:
    """Assert the slide validates in a module (quotes get an id); return the slide."""
    slide = dict(found.slide)
    if slide["kind"] == "quote":
        slide["quote"] = "et-sitat"
    if slide["kind"] == "image":
        slide["image"] = "images/test/bilde-01.png"
    Module.model_validate({"id": "test", "title": "Test", "summary": "Om test.", "minutes": 5, "slides": [slide]})
    return found.slide


# --- section ------------------------------------------------------------------------------


def test_a_title_only_slide_is_a_section():
    found = one_slide(lambda s: setattr(s.shapes.title, "text", "Del to: Håp"), TITLE_ONLY)
    assert valid(found) == {"kind": "section", "title": "Del to: Håp"}


def test_a_section_header_keeps_its_text_as_subtitle():
    def fill(s):
        s.shapes.title.text = "Vendepunktet"
        s.placeholders[1].text_frame.text = "Når håpet kommer tilbake"
    found = one_slide(fill, SECTION_HEADER)
    assert valid(found) == {"kind": "section", "title": "Vendepunktet", "subtitle": "Når håpet kommer tilbake"}


def test_a_title_slide_is_a_section_with_subtitle():
    def fill(s):
        s.shapes.title.text = "Erfaringskompetanse"
        s.placeholders[1].text_frame.text = "Forelesning, høsten 2019"
    found = one_slide(fill, TITLE_SLIDE)
    assert valid(found) == {"kind": "section", "title": "Erfaringskompetanse", "subtitle": "Forelesning, høsten 2019"}


# --- quote --------------------------------------------------------------------------------


@pytest.mark.parametrize(("opening", "closing"), [("«", "»"), ('"', '"'), ("“", "”")])
def test_a_quotation_with_an_attribution_is_a_quote(opening, closing):
    def fill(s):
        s.shapes.title.text = "Et sitat"
        bullets_of(s, [f"{opening}Det er ting vi ikke vet før vi har erfart{NBSP}dem.{closing}",
                       "— Rita Sørly, professor sosialt arbeid, UiT"])
    found = one_slide(fill)
    assert valid(found) == {"kind": "quote", "quote": "", "title": "Et sitat"}
    quote = found.quote
    assert (quote.text, quote.by, quote.role, quote.note) == (
        "Det er ting vi ikke vet før vi har erfart dem.", "Rita Sørly", "professor sosialt arbeid, UiT", None)
    Quote.model_validate({"id": "x", "text": quote.text, "by": quote.by, "role": quote.role, "consent": "internal"})


def test_an_attribution_without_a_dash_needs_name_and_role():
    def fill(s):
        s.shapes.title.text = "Sitat: Alain Topor"
        bullets_of(s, ["«Vendepunktet ser ut til å bestå av en periode.»", "Alain Topor, psykolog (Topor 2006, s. 12)"])
    found = one_slide(fill)
    assert valid(found) == {"kind": "quote", "quote": ""}  # the title is what the builder would write anyway
    assert (found.quote.by, found.quote.role, found.quote.note) == ("Alain Topor", "psykolog", "Topor 2006, s. 12")


def test_quote_marks_without_an_attribution_stay_bullets():
    def fill(s):
        s.shapes.title.text = "Ord"
        bullets_of(s, ["«Dem» og «oss»", "er ord vi bruker om hverandre."])
    assert valid(one_slide(fill))["kind"] == "bullets"


# --- image --------------------------------------------------------------------------------


def picture_slide(descr: str | None, decorative: bool = False):
    def fill(s):
        s.shapes.title.text = "Et bilde"
        pic = s.shapes.add_picture(png(), Inches(1), Inches(2), Inches(4), Inches(3))
        c_nv_pr = pic._element.nvPicPr.cNvPr
        if descr is None:
            c_nv_pr.attrib.pop("descr", None)
        else:
            c_nv_pr.set("descr", descr)
        if decorative:
            a = "http://schemas.openxmlformats.org/drawingml/2006/main"
            ns = "http://schemas.microsoft.com/office/drawing/2017/decorative"
            ext_lst = etree.SubElement(c_nv_pr, f"{{{a}}}extLst")
            ext = etree.SubElement(ext_lst, f"{{{a}}}ext", uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}")
            etree.SubElement(ext, f"{{{ns}}}decorative", nsmap={"adec": ns}, val="1")
    return one_slide(fill, TITLE_ONLY)


def test_a_picture_and_a_title_is_an_image_with_its_alt_text():
    found = picture_slide("En oransje prikk på hvit bakgrunn")
    assert valid(found) == {"kind": "image", "title": "Et bilde", "image": "", "alt": "En oransje prikk på hvit bakgrunn"}
    assert found.picture.blob.startswith(b"\x89PNG") and found.picture.content_type == "image/png"
    assert found.comments == ()


def test_a_decorative_picture_stays_decorative():
    found = picture_slide("", decorative=True)
    assert valid(found) == {"kind": "image", "title": "Et bilde", "image": "", "decorative": True}


@pytest.mark.parametrize("descr", [None, "", "IMG_2041.JPG", "prikk.png", "Picture 3"])
def test_a_picture_without_a_description_gets_empty_alt_and_a_todo_never_the_file_name(descr):
    found = picture_slide(descr)
    assert valid(found)["alt"] == ""
    assert [field for field, _text in found.comments] == ["alt"]
    assert found.comments[0][1].startswith("TODO")
    assert any("alt" in line for line in found.lost)


# --- two columns ----------------------------------------------------------------------------


def test_two_body_placeholders_are_two_columns():
    def fill(s):
        s.shapes.title.text = "Før og nå"
        s.placeholders[1].text_frame.text = "Pasient"
        s.placeholders[2].text_frame.text = "Kollega"
        s.placeholders[2].text_frame.add_paragraph().text = "Veileder"
    found = one_slide(fill, TWO_CONTENT)
    assert valid(found) == {"kind": "two-column", "title": "Før og nå", "left": {"bullets": ["Pasient"]},
                            "right": {"bullets": ["Kollega", "Veileder"]}}


def test_a_comparison_slide_keeps_its_headings():
    def fill(s):
        s.shapes.title.text = "Hvor de jobber"
        texts = {1: "Bergen kommune", 2: "Bofellesskap", 3: "Helse Vest", 4: "DPS"}
        for idx, text in texts.items():
            s.placeholders[idx].text_frame.text = text
    found = one_slide(fill, COMPARISON)
    assert valid(found)["left"] == {"heading": "Bergen kommune", "bullets": ["Bofellesskap"]}
    assert found.slide["right"] == {"heading": "Helse Vest", "bullets": ["DPS"]}


# --- questions and words --------------------------------------------------------------------


def test_a_slide_of_questions_is_a_discussion():
    def fill(s):
        s.shapes.title.text = "Refleksjon"
        bullets_of(s, ["Hva betyr erfaring for deg?", "Når har du blitt trodd?", "Tenk på en episode."])
    assert valid(one_slide(fill)) == {"kind": "discussion", "title": "Refleksjon", "questions": [
        "Hva betyr erfaring for deg?", "Når har du blitt trodd?", "Tenk på en episode."]}


def test_a_slide_of_short_words_is_a_word_wall():
    def fill(s):
        s.shapes.title.text = "Ord vi hører"
        bullets_of(s, ["Gal", "Håpløs", "Farlig", "Sinnsyk", ("Normal?", 1), ("Oppegående?", 1)])
    assert valid(one_slide(fill)) == {"kind": "words", "title": "Ord vi hører",
                                      "words": ["Gal", "Håpløs", "Farlig", "Sinnsyk"],
                                      "then": ["Normal?", "Oppegående?"]}


def test_two_short_lines_are_not_a_word_wall():
    def fill(s):
        s.shapes.title.text = "Kort"
        bullets_of(s, ["Gal", "Farlig"])
    assert valid(one_slide(fill))["kind"] == "bullets"


# --- tables -------------------------------------------------------------------------------


def table_slide(rows):
    def fill(s):
        s.shapes.title.text = "Tall"
        shape = s.shapes.add_table(len(rows), len(rows[0]), Inches(1), Inches(2), Inches(8), Inches(3))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                shape.table.cell(r, c).text = text
    return one_slide(fill, TITLE_ONLY)


def test_a_table_becomes_rows_of_bullets():
    found = table_slide([["År", "Sted", "Antall"], ["2001", "Danmark", "17"], ["2006", "Norge", "12"]])
    assert valid(found) == {"kind": "bullets", "title": "Tall",
                            "bullets": ["År – Sted – Antall", "2001 – Danmark – 17", "2006 – Norge – 12"]}


def test_a_two_column_table_becomes_two_columns():
    found = table_slide([["Før", "Nå"], ["Pasient", "Kollega"], ["Stille", "Hørt"]])
    assert valid(found) == {"kind": "two-column", "title": "Tall",
                            "left": {"heading": "Før", "bullets": ["Pasient", "Stille"]},
                            "right": {"heading": "Nå", "bullets": ["Kollega", "Hørt"]}}


# --- links --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["https://www.youtube.com/watch?v=abc", "https://vimeo.com/12345",
                                 "https://tv.nrk.no/serie/innafor", "https://example.org/film.mp4"])
def test_a_hyperlink_to_a_film_is_a_video_slide(url):
    def fill(s):
        s.shapes.title.text = "Film"
        frame = s.placeholders[1].text_frame
        run = frame.paragraphs[0].add_run()
        run.text = "Se filmen om erfaringskonsulenter"
        run.hyperlink.address = url
    assert valid(one_slide(fill)) == {"kind": "video", "title": "Film", "url": url,
                                      "text": "Se filmen om erfaringskonsulenter"}


def test_a_link_to_a_web_page_stays_in_the_bullets():
    def fill(s):
        s.shapes.title.text = "Les mer"
        run = s.placeholders[1].text_frame.paragraphs[0].add_run()
        run.text = "Nettsiden"
        run.hyperlink.address = "https://example.org/om"
    assert valid(one_slide(fill))["kind"] == "bullets"


def test_video_addresses():
    assert is_video("https://youtu.be/x") and is_video("https://www.nrk.no/video/abc")
    assert not is_video("https://www.nrk.no/") and not is_video("https://example.org/") and not is_video("mailto:a@b")


# --- bullets ------------------------------------------------------------------------------


def test_levels_become_sub_bullets_and_text_is_kept_exactly():
    def fill(s):
        s.shapes.title.text = f"Hva{NBSP}hjelper"
        bullets_of(s, ["Å bli trodd", ("Uten å måtte bevise alt", 1), ("Også  når det går sakte", 2),
                       "Tid til å bli kjent – «oss»", "Ærlighet, ømhet og åpenhet"])
        s.notes_slide.notes_text_frame.text = f"Spør salen{NBSP}først."
    found = one_slide(fill)
    assert valid(found) == {"kind": "bullets", "title": "Hva hjelper", "bullets": [
        "Å bli trodd", ["Uten å måtte bevise alt", "Også  når det går sakte"], "Tid til å bli kjent – «oss»",
        "Ærlighet, ømhet og åpenhet"], "notes": "Spør salen først."}
    assert "points deeper than one level became sub-points" in found.lost


def test_grouped_text_boxes_are_read_in_order():
    def fill(s):
        s.shapes.title.text = "Gruppe"
        group = s.shapes.add_group_shape()
        for n, text in enumerate(["Først kommer dette her", "Så kommer det andre her", "Til sist det tredje her"]):
            group.shapes.add_textbox(Inches(1), Inches(1 + n), Inches(6), Inches(1)).text_frame.text = text
    assert valid(one_slide(fill, TITLE_ONLY))["bullets"] == [
        "Først kommer dette her", "Så kommer det andre her", "Til sist det tredje her"]


def test_a_slide_without_a_title_gets_one_and_a_todo():
    found = one_slide(lambda s: bullets_of(s, ["Første linje i teksten her", "Andre linje i teksten her"]), CONTENT)
    found_slide = valid(found)
    assert found_slide["title"] == "Lysbilde 1"
    assert ("title", "TODO: the slide had no title; write one") in found.comments


def test_a_picture_beside_bullets_is_reported():
    def fill(s):
        s.shapes.title.text = "Med bilde"
        bullets_of(s, ["Et punkt med litt tekst", "Et punkt til med tekst"])
        s.shapes.add_picture(png(), Inches(6), Inches(2), Inches(2), Inches(2))
    found = one_slide(fill)
    assert valid(found)["kind"] == "bullets"
    assert "1 picture was not carried" in found.lost


def test_clean_turns_hard_spaces_into_spaces_only():
    assert clean(f"  Helse{NBSP}Bergen  og\u202fmer ") == "Helse Bergen  og mer"


def test_a_long_list_continues_on_a_new_slide_instead_of_overflowing():
    lines = [f"Punkt nummer {n} med litt tekst" for n in range(1, 10)]

    def fill(s):
        s.shapes.title.text = "Mange punkter"
        bullets_of(s, lines)

    assert valid(one_slide(fill)) == {"kind": "bullets", "title": "Mange punkter", "bullets": lines, "split": "auto"}

    def short(s):
        s.shapes.title.text = "Få punkter"
        bullets_of(s, lines[:8])

    assert "split" not in valid(one_slide(short))
