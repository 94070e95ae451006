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
    with pytest.raises(UserError, match="there is no deck with the id 'forelesing'") as caught:
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


def test_a_broken_file_stops_only_the_decks_that_read_it(make_library):
    root = make_library("two-decks")
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("minutes: 10", "minutes: ti"), encoding="utf-8")
    built = build(root, today=TODAY, thumbnails=False, formats=["pptx"])
    assert names(built.written) == ["ordkort.pptx"]
    assert [(deck, [e.code for e in errors]) for deck, errors in built.blocked] == [("forelesning", ["wrong-type"])]
    assert [d.code for d in built.diagnostics if d.severity.value == "error"] == ["wrong-type"]
    assert built.elsewhere == ()


def test_a_named_deck_is_built_and_errors_elsewhere_are_only_counted(make_library):
    root = make_library("two-decks")
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("minutes: 10", "minutes: ti"), encoding="utf-8")
    built = build(root, ["ordkort"], today=TODAY, thumbnails=False, formats=["pptx"])
    assert names(built.written) == ["ordkort.pptx"]
    assert built.blocked == ()
    assert [e.code for e in built.elsewhere] == ["wrong-type"]
    assert not any(d.severity.value == "error" for d in built.diagnostics)


def test_a_deck_whose_own_file_is_broken_shows_its_errors(make_library):
    from builder.errors import DiagnosticsError

    root = make_library("two-decks")
    (root / "slides/decks/ordkort.yaml").write_text("id: ordkort\ntitle: [\n", encoding="utf-8")
    with pytest.raises(DiagnosticsError) as caught:
        build(root, ["ordkort"], today=TODAY, formats=["pptx"])
    assert [d.code for d in caught.value.diagnostics] == ["yaml-syntax"]
    built = build(root, today=TODAY, formats=["pptx"])
    assert names(built.written) == ["forelesning.pptx"]


def test_a_quote_file_that_cannot_be_read_stops_the_deck_that_shows_its_quote(make_library):
    root = make_library("two-decks")
    quotes = root / "quotes/topor.yaml"
    quotes.write_text(quotes.read_text(encoding="utf-8") + "  - id: [\n", encoding="utf-8")
    built = build(root, today=TODAY, formats=["pptx"])
    assert names(built.written) == ["ordkort.pptx"]
    assert [deck for deck, _errors in built.blocked] == ["forelesning"]
    assert [e.location.path for e in dict(built.blocked)["forelesning"]] == ["quotes/topor.yaml"]


def test_a_pdf_that_could_not_be_made_is_removed_and_never_up_to_date(make_library, monkeypatch):
    import builder.render.pdf as pdf
    from builder.cache import no_op

    root = make_library()
    pdf_only = ["handout-pdf", "pptx"]
    first = build(root, today=TODAY, formats=pdf_only)
    assert names(first.written) == ["forelesning-handout.pdf", "forelesning.pptx"]
    monkeypatch.setattr(pdf, "unavailable", lambda: UserError("cannot make PDF files: no Pango", "install it"))
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("Om vendepunktet.", "Ny tekst."), encoding="utf-8")
    second = build(root, today=TODAY, formats=pdf_only)
    assert names(second.written) == ["forelesning.pptx"]
    assert not (root / "out/forelesning/forelesning-handout.pdf").exists()
    assert second.notices == ("out/forelesning/forelesning-handout.pdf was removed: it could not be made now "
                              "and would show old text",)
    assert [d.location.path for d in second.diagnostics if d.code == "pdf-unavailable"] == ["slides/decks/forelesning.yaml"]
    assert not no_op(root, None, pdf_only, None)
    monkeypatch.undo()
    third = build(root, today=TODAY, formats=pdf_only)
    assert "forelesning-handout.pdf" in names(third.written)


def test_an_output_the_cache_did_not_write_is_never_fresh(make_library):
    import os

    root = make_library()
    build(root, today=TODAY, formats=["handout-html"])
    page = root / "out/forelesning/forelesning-handout.html"
    size = page.stat().st_size
    page.write_bytes(b"x" * size)  # same size, other content: a copy from elsewhere, an old file put back
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 1_000_000_000))
    again = build(root, today=TODAY, formats=["handout-html"])
    assert names(again.written) == ["forelesning-handout.html"]
