"""Decks: real layouts, notes, alt text, language, determinism, and a strict reader's verdict."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from pptx import Presentation

from builder.pipeline import build
from support.checker import pptx_check

TODAY = dt.date(2026, 11, 22)
REPO = Path(__file__).resolve().parents[3]
ORG = REPO / "tests" / "fixtures" / "template-organisasjon-4x3"


def built(root: Path) -> Path:
    result = build(root, today=TODAY, formats=["pptx"])
    assert result.written, result.diagnostics
    return result.written[0]


def test_it_puts_every_slide_on_a_layout_of_the_template(make_library):
    prs = Presentation(built(make_library()))
    assert [s.slide_layout.name for s in prs.slides] == [
        "Tittel", "Agenda", "Sitat", "Fakta", "Bilde", "Kilder", "Avslutning"]
    assert prs.slide_width == 12192000


def test_it_writes_notes_alt_text_and_norwegian_language(make_library):
    prs = Presentation(built(make_library()))
    quote = prs.slides[2]
    assert quote.notes_slide.notes_text_frame.text.endswith("Les sitatet langsomt.")
    picture = [s for s in prs.slides[4].shapes if s._element.tag.endswith("}pic")][0]
    assert picture._element.nvPicPr.cNvPr.get("descr") == "En oransje prikk på hvit bakgrunn"
    langs = {r.get("lang") for s in prs.slides for r in s._element.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/main}rPr")}
    assert langs == {"nb-NO"}


def test_it_sets_document_properties_from_the_deck(make_library):
    props = Presentation(built(make_library())).core_properties
    assert props.title == "Erfaringskompetanse"
    assert props.created == dt.datetime(2026, 11, 22)
    assert props.language == "nb-NO"


def test_the_same_input_gives_the_same_bytes(make_library, tmp_path):
    root = make_library()
    first = built(root).read_bytes()
    second = build(root, today=TODAY, out_dir=tmp_path / "again", formats=["pptx"]).written[0].read_bytes()
    assert first == second


def test_a_strict_reader_finds_nothing_wrong_and_no_cue_leaks(make_library):
    root = make_library()
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "    notes: Les sitatet langsomt.\n", "    notes: Les sitatet langsomt.\n    cues: HEMMELIG-STIKKORD\n"
        "    handout: KUN-I-HANDOUT\n"), encoding="utf-8")
    report = pptx_check(built(root), "HEMMELIG-STIKKORD", "KUN-I-HANDOUT")
    assert report.strip().endswith("0 errors, 0 warnings"), report


def test_a_decorative_picture_is_marked_and_has_no_alt_text(make_library):
    root = make_library()
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "    alt: En oransje prikk på hvit bakgrunn\n", "    decorative: true\n"), encoding="utf-8")
    path = built(root)
    xml = Presentation(path).slides[4]._element.xml
    assert 'decorative' in xml and 'val="1"' in xml
    assert pptx_check(path).strip().endswith("0 errors, 0 warnings")


def test_it_builds_on_an_organisation_template_with_other_layouts(make_library):
    root = make_library()
    target = root / "assets" / "templates"
    target.mkdir(parents=True)
    for name in ("organisasjon.pptx", "organisasjon.layouts.yaml"):
        shutil.copy(ORG / name, target / name)
    deck = root / "slides/decks/forelesning.yaml"
    deck.write_text(deck.read_text(encoding="utf-8") + "template: organisasjon.pptx\n", encoding="utf-8")
    path = built(root)
    prs = Presentation(path)
    assert prs.slide_width == 9144000
    assert all(s.slide_layout.name.startswith("Org") for s in prs.slides)
    assert pptx_check(path).strip().endswith("0 errors, 0 warnings")


def test_a_missing_layout_is_an_error_not_a_fallback(make_library):
    from builder.errors import DiagnosticsError

    root = make_library()
    target = root / "assets" / "templates"
    target.mkdir(parents=True)
    shutil.copy(ORG / "organisasjon.pptx", target / "organisasjon.pptx")
    shutil.copy(ORG / "broken.layouts.yaml", target / "organisasjon.layouts.yaml")
    deck = root / "slides/decks/forelesning.yaml"
    deck.write_text(deck.read_text(encoding="utf-8") + "template: organisasjon.pptx\n", encoding="utf-8")
    with pytest.raises(DiagnosticsError) as caught:
        build(root, today=TODAY, formats=["pptx"], force=True)
    assert {d.code for d in caught.value.diagnostics} == {"layout-missing", "placeholder-missing"}
    assert not (root / "out").exists()


def test_an_unwritable_deck_keeps_the_old_file_and_says_why(make_library, monkeypatch):
    from builder.errors import OutputError
    import builder.write as write

    root = make_library()
    path = built(root)
    before = path.read_bytes()

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(write.os, "replace", refuse)
    with pytest.raises(OutputError) as caught:
        build(root, today=TODAY, formats=["pptx"], force=True)
    assert "open in another program or write-protected" in caught.value.message
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_a_deck_with_many_modules_and_no_subtitle_still_builds(make_library):
    root = make_library()
    for n in range(14):
        (root / f"slides/modules/modul-med-et-ganske-langt-navn-{n}.yaml").write_text(
            f"id: modul-med-et-ganske-langt-navn-{n}\ntitle: Modul med et ganske langt navn nummer {n}\n"
            "summary: Kort.\nminutes: 5\nconsent: public\nslides:\n"
            f"  - kind: bullets\n    title: Punkter {n}\n    bullets: [Håp]\n", encoding="utf-8")
    deck = root / "slides/decks/forelesning.yaml"
    deck.write_text(deck.read_text(encoding="utf-8").replace("minutes: 20", "minutes: 90") + "".join(
        f"  - modul-med-et-ganske-langt-navn-{n}\n" for n in range(14)), encoding="utf-8")
    subject = Presentation(built(root)).core_properties.subject
    assert len(subject) == 255 and subject.endswith("…")
