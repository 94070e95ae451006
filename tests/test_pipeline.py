"""The build as a whole: which outputs, where, and what happens when a part is missing."""

from __future__ import annotations

import datetime as dt

import pytest

from builder.errors import UserError
from builder.pipeline import build

TODAY = dt.date(2026, 11, 22)


def names(paths) -> list[str]:
    return sorted(p.name for p in paths)


def test_by_default_every_output_is_built(make_library):
    built = build(make_library(), today=TODAY, thumbnails=False)
    assert names(built.written) == sorted([
        "forelesning.pptx", "forelesning-handout.html", "forelesning-handout.pdf", "forelesning-handout.docx",
        "forelesning-manus.html", "forelesning-manus.pdf"])


def test_the_deck_chooses_its_outputs_and_the_command_line_narrows_them(make_library):
    root = make_library()
    deck = root / "slides/decks/forelesning.yaml"
    deck.write_text(deck.read_text(encoding="utf-8") + "outputs: [pptx, handout-html]\n", encoding="utf-8")
    assert names(build(root, today=TODAY).written) == ["forelesning-handout.html", "forelesning.pptx"]
    again = build(root, today=TODAY, formats=["handout-html"], force=True)
    assert names(again.written) == ["forelesning-handout.html"]


def test_an_unknown_format_or_deck_is_a_plain_error(make_library):
    root = make_library()
    with pytest.raises(UserError, match="unknown output format 'pdf'"):
        build(root, today=TODAY, formats=["pdf"])
    with pytest.raises(UserError, match="no deck with id 'forelesing'") as caught:
        build(root, today=TODAY, deck_ids=["forelesing"])
    assert caught.value.hint == "did you mean 'forelesning'?"


def test_without_a_pdf_engine_the_rest_is_built_with_a_warning(make_library, monkeypatch):
    import builder.render.pdf as pdf

    monkeypatch.setattr(pdf, "unavailable", lambda: UserError("cannot make PDF files: no Pango", "install it"))
    built = build(make_library(), today=TODAY, thumbnails=False)
    assert not any(p.suffix == ".pdf" for p in built.written)
    assert "forelesning-handout.docx" in names(built.written)
    assert [d.code for d in built.diagnostics] == ["pdf-unavailable"]


def test_private_cues_reach_only_the_manuscript(make_library):
    root = make_library()
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "    notes: Les sitatet langsomt.\n", "    notes: Les sitatet langsomt.\n    cues: HEMMELIGSTIKKORD\n"),
        encoding="utf-8")
    built = build(root, today=TODAY, thumbnails=False, formats=["pptx", "handout-html", "handout-docx",
                                                                "manuscript-html"])
    import zipfile

    for path in built.written:
        if path.suffix in (".pptx", ".docx"):
            blob = b"".join(zipfile.ZipFile(path).read(n) for n in zipfile.ZipFile(path).namelist())
        else:
            blob = path.read_bytes()
        assert (b"HEMMELIGSTIKKORD" in blob) == path.name.endswith("-manus.html"), path.name
