"""Reading any .pptx: the decks we build, the same after PowerPoint- and LibreOffice-style saves, and odd files."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Inches

from builder.errors import UserError
from builder.pipeline import build
from builder.read.pptx import ReadDeck, ReadParagraph, ReadSlide, read_pptx

NBSP = "\u00a0"


def built_deck(make_library) -> Path:
    root = make_library()
    out = root.parent / "out"
    build(root, ["forelesning"], formats=["pptx"], out_dir=out)
    return out / "forelesning" / "forelesning.pptx"


def body(text: str, box: int, level: int = 0, shape: str = "Text Placeholder 2") -> ReadParagraph:
    return ReadParagraph(text, level, shape, box, "body")


def test_a_built_deck_reads_slide_by_slide(make_library):
    deck = read_pptx(built_deck(make_library))
    assert deck == ReadDeck(title="Erfaringskompetanse", slides=(
        ReadSlide(1, "erfaring:1:title", "erfaring:1:title", "Tittel", "Erfaringskompetanse",
                  (body("22. november 2026", 0, shape="Text Placeholder 3"),),
                  "Velkommen, og takk for at dere er her. Temaet i dag er «Erfaringskompetanse».\n\n"
                  "Vi har 20 minutter sammen og skal innom én del; programmet kommer på neste lysbilde.", 0),
        ReadSlide(2, "erfaring:2:agenda", "erfaring:2:agenda", "Agenda", "Program",
                  (body("09:00\tVendepunktet (10 min)", 0), body("09:10\tAvslutning og spørsmål (10 min)", 0),
                   body("09:20\tSlutt", 0)),
                  "Slik ser programmet ut: én del fra klokken 09:00 til 09:20. De siste ti minuttene er satt av til "
                  "spørsmål. Si gjerne fra underveis hvis noe er uklart.", 0),
        ReadSlide(3, "erfaring:3:quote:vendepunktet:0", "erfaring:3:quote:vendepunktet:0", "Sitat",
                  "Sitat: Alain Topor",
                  (body(f"«Vendepunktet ser ut til å bestå av en periode eller et øyeblikk i{NBSP}livet.»", 0),
                   body("— Alain Topor (Tekst om vendepunktet)", 1, shape="Text Placeholder 3")),
                  "Vi begynner med «Vendepunktet».\n\nLes sitatet langsomt.", 0),
        ReadSlide(4, "erfaring:4:facts:vendepunktet:1", "erfaring:4:facts:vendepunktet:1", "Fakta", "Fakta om MB",
                  (body("MB startet i Norge", 0), body("1. januar 2026 · Kilde: Fakta om MB", 0, level=1),
                   body("2006", 1, shape="Text Placeholder 3")), None, 0),
        ReadSlide(5, "erfaring:5:image:vendepunktet:2", "erfaring:5:image:vendepunktet:2", "Bilde", "Et bilde",
                  (), None, 1, picture_boxes=((3919220, 3790950, 254000, 190500),)),  # 40×30 px: never enlarged past 144 dpi
        ReadSlide(6, "erfaring:6:sources", "erfaring:6:sources", "Kilder", "Kilder",
                  (body("Fakta om MB [Lysark]. (u.å.).", 0), body("Topor, A. (u.å.). Tekst om vendepunktet.", 0)),
                  "Her er kildene jeg har brukt i dag. De står også i deltakerheftet, så dere trenger ikke skrive "
                  "dem av.", 0),
        ReadSlide(7, "erfaring:7:closing", "erfaring:7:closing", "Avslutning", f"Takk for i{NBSP}dag",
                  (body("Spørsmål?", 0), body("Hovedpunktene og kildene finner du i deltakerheftet.", 0)),
                  "Takk for at dere var med i dag.\n\nHovedpunktene og kildene finner dere i deltakerheftet. Er det "
                  "noen spørsmål før vi avslutter?", 0),
    ))


def test_a_python_pptx_save_keeps_everything_read(make_library, tmp_path):
    path = built_deck(make_library)
    again = tmp_path / "again.pptx"
    Presentation(str(path)).save(str(again))
    assert read_pptx(again) == read_pptx(path)


def test_bytes_and_open_files_read_like_paths(make_library):
    path = built_deck(make_library)
    with open(path, "rb") as handle:
        assert read_pptx(handle) == read_pptx(path.read_bytes()) == read_pptx(str(path))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_libreoffice_round_trip_keeps_titles_texts_and_notes_but_not_slide_names(make_library, tmp_path):
    path = built_deck(make_library)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "pptx", "--outdir", str(tmp_path / "lo"), str(path)], check=True,
                   capture_output=True, timeout=180)
    before, after = read_pptx(path), read_pptx(tmp_path / "lo" / path.name)
    assert [s.stable_id for s in after.slides] == [None] * len(before.slides)
    # Layout names become LibreOffice's own, and a paragraph without a bullet loses its level.
    assert [(s.title, s.notes, s.pictures) for s in after.slides] == [
        (s.title, s.notes, s.pictures) for s in before.slides]
    assert [[(p.text, p.box) for p in s.paragraphs] for s in after.slides] == [
        [(p.text, p.box) for p in s.paragraphs] for s in before.slides]


def odd_deck() -> bytes:
    """A deck as people make them: grouped text boxes, a table, a slide with empty notes, one without a title."""
    prs = Presentation()
    first = prs.slides.add_slide(prs.slide_layouts[1])
    first.shapes.title.text = "Gruppert"
    first.placeholders[1].text_frame.text = "Punkt"
    group = first.shapes.add_group_shape()
    group.shapes.add_textbox(Inches(1), Inches(1), Inches(2), Inches(1)).text_frame.text = "I gruppen"
    table = first.shapes.add_table(2, 2, Inches(1), Inches(4), Inches(4), Inches(1)).table
    table.cell(0, 0).text = "Celle"
    first.notes_slide.notes_text_frame.text = ""
    second = prs.slides.add_slide(prs.slide_layouts[6])  # blank: no title placeholder
    second.shapes.add_textbox(Inches(1), Inches(1), Inches(3), Inches(1)).text_frame.text = "Linje 1\vLinje 2"
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def test_groups_are_opened_tables_skipped_and_missing_parts_are_none():
    deck = read_pptx(odd_deck())
    first, second = deck.slides
    assert (first.title, first.notes, first.stable_id, first.name) == ("Gruppert", None, None, None)
    assert [(p.text, p.box, p.placeholder) for p in first.paragraphs] == [("Punkt", 0, "body"),
                                                                          ("I gruppen", 1, None)]
    assert (second.title, second.layout) == (None, "Blank")
    assert [p.text for p in second.paragraphs] == ["Linje 1\nLinje 2"]


def test_a_file_that_is_not_a_presentation_is_a_user_error(tmp_path):
    path = tmp_path / "notat.pptx"
    path.write_text("ikke en presentasjon")
    with pytest.raises(UserError) as caught:
        read_pptx(path)
    assert (caught.value.message, caught.value.hint) == (
        f"'{path}' is not a PowerPoint presentation (.pptx) that can be read",
        "open it in PowerPoint or LibreOffice and save it again as .pptx")


@pytest.mark.lang("nb")
def test_a_file_that_is_not_a_presentation_in_norwegian(tmp_path):
    path = tmp_path / "notat.pptx"
    path.write_bytes(b"PK\x03\x04 halv zip")
    with pytest.raises(UserError) as caught:
        read_pptx(path)
    assert (caught.value.message, caught.value.hint) == (
        f"'{path}' er ikke en PowerPoint-presentasjon (.pptx) som kan leses",
        "åpne den i PowerPoint eller LibreOffice og lagre den på nytt som .pptx")
    with pytest.raises(UserError) as missing:
        read_pptx(tmp_path / "borte.pptx")
    assert missing.value.message == f"filen '{tmp_path / 'borte.pptx'}' finnes ikke"
