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


def test_only_a_build_with_a_manuscript_looks_for_libreoffice(make_library, monkeypatch):
    """Slide pictures are for the manuscript: a pptx-only build does not search for LibreOffice at all."""
    import builder.preview

    looked: list[bool] = []
    monkeypatch.setattr(builder.preview, "locate_soffice", lambda: looked.append(True))
    root = make_library()
    assert names(build(root, today=TODAY, formats=["pptx", "handout-html"]).written) == [
        "forelesning-handout.html", "forelesning.pptx"]
    assert looked == []
    build(root, today=TODAY, formats=["manuscript-html"])
    assert looked == [True]


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
    module.write_text(module.read_text(encoding="utf-8").replace("Om vendepunktet.", "Ny tekst.")
                      .replace("title: Fakta om MB", "title: Tall om MB"), encoding="utf-8")  # the handout and the deck
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


def _edit_zip(path):
    """Change the file the way an editor would: new bytes, new time."""
    import os
    import time

    path.write_bytes(path.read_bytes() + b"\0redigert")
    later = time.time() + 5
    os.utime(path, (later, later))


def _kept_copies(folder, stem):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f"{stem} (edited "))


def test_an_edited_deck_is_left_alone_when_nothing_it_is_built_from_changed(make_library):
    root = make_library()
    build(root, today=TODAY, formats=["pptx", "handout-docx"])
    deck = root / "out/forelesning/forelesning.pptx"
    _edit_zip(deck)
    edited = deck.read_bytes()
    again = build(root, today=TODAY, formats=["pptx", "handout-docx"])
    assert again.written == ()
    assert deck.read_bytes() == edited
    assert again.notices == (
        "out/forelesning/forelesning.pptx was changed after the last build, and nothing it is built from has "
        "changed, so it is left as it is; `erfaring changes forelesning` shows what was changed",)
    assert _kept_copies(deck.parent, "forelesning") == []


def test_an_edited_output_is_kept_beside_the_new_one_when_its_inputs_changed(make_library):
    root = make_library()
    build(root, today=TODAY, formats=["pptx", "handout-docx", "handout-pdf"])
    folder = root / "out/forelesning"
    for name in ("forelesning.pptx", "forelesning-handout.docx", "forelesning-handout.pdf"):
        _edit_zip(folder / name)
    edited = (folder / "forelesning.pptx").read_bytes()
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("Om vendepunktet.", "Ny tekst.")
                      .replace("title: Fakta om MB", "title: Tall om MB"), encoding="utf-8")  # the handout and the deck
    again = build(root, today=TODAY, formats=["pptx", "handout-docx", "handout-pdf"])
    assert names(again.written) == ["forelesning-handout.docx", "forelesning-handout.pdf", "forelesning.pptx"]
    copies = _kept_copies(folder, "forelesning")
    assert len(copies) == 1 and copies[0].endswith(".pptx")
    assert (folder / copies[0]).read_bytes() == edited
    assert len(_kept_copies(folder, "forelesning-handout")) == 2  # the Word handout and the annotated PDF
    assert (folder / "forelesning.pptx").read_bytes() != edited
    built = root / "out/.erfaring/built/forelesning"
    assert (built / "forelesning.pptx").read_bytes() == (folder / "forelesning.pptx").read_bytes()
    assert (built / copies[0]).read_bytes() + b"\0redigert" == edited  # the build the lecturer edited, kept with it
    assert any(n.startswith("out/forelesning/forelesning.pptx was changed after the last build; your version is "
                            f"kept as «{copies[0]}» beside the new one") for n in again.notices)


@pytest.mark.lang("nb")
def test_the_kept_copy_is_named_in_norwegian_by_when_it_was_saved(make_library):
    import os
    import time

    root = make_library()
    build(root, today=TODAY, formats=["pptx"])
    deck = root / "out/forelesning/forelesning.pptx"
    _edit_zip(deck)
    saved = time.mktime((2026, 11, 29, 14, 5, 0, 0, 0, -1))
    os.utime(deck, (saved, saved))
    build(root, today=TODAY, formats=["pptx"], force=True)
    assert _kept_copies_nb(deck.parent) == ["forelesning (redigert 2026-11-29 14.05).pptx"]
    _edit_zip(deck)
    os.utime(deck, (saved, saved))
    build(root, today=TODAY, formats=["pptx"], force=True)
    assert _kept_copies_nb(deck.parent) == ["forelesning (redigert 2026-11-29 14.05) 2.pptx",
                                            "forelesning (redigert 2026-11-29 14.05).pptx"]


def _kept_copies_nb(folder):
    return sorted(p.name for p in folder.iterdir() if "(redigert " in p.name)


def test_without_a_build_record_a_file_counts_as_edited_unless_it_is_what_would_be_built(make_library):
    from builder.cache import CACHE_NAME

    root = make_library()
    build(root, today=TODAY, formats=["pptx", "handout-html"])
    folder = root / "out/forelesning"
    page = folder / "forelesning-handout.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- mine -->", encoding="utf-8")
    for damage in ("", "{ not json"):
        (root / "out" / CACHE_NAME).write_text(damage, encoding="utf-8") if damage else (root / "out" / CACHE_NAME).unlink()
        build(root, today=TODAY, formats=["pptx", "handout-html"])
    # the deck equals a fresh build and is simply rewritten; the edited handout is kept, once
    assert _kept_copies(folder, "forelesning") == []
    kept = _kept_copies(folder, "forelesning-handout")
    assert len(kept) == 1 and (folder / kept[0]).read_text(encoding="utf-8").endswith("<!-- mine -->")


def test_an_edited_file_that_cannot_be_moved_stops_the_build_and_changes_nothing(make_library, monkeypatch):
    import os

    from builder.errors import OutputError

    root = make_library()
    build(root, today=TODAY, formats=["pptx"])
    deck = root / "out/forelesning/forelesning.pptx"
    _edit_zip(deck)
    edited = deck.read_bytes()

    def locked(src, dst):
        raise PermissionError(13, "in use")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(OutputError, match="cannot be moved aside: another program has it open"):
        build(root, today=TODAY, formats=["pptx"], force=True)
    assert deck.read_bytes() == edited


def test_watch_never_overwrites_a_deck_edited_while_it_runs(make_library):
    from builder.watch import watch

    root = make_library()
    deck = root / "out/forelesning/forelesning.pptx"
    rounds: list[int] = []

    def rebuild() -> None:
        rounds.append(1)
        build(root, today=TODAY, formats=["pptx"])
        if len(rounds) == 1:  # the lecturer edits the deck, then saves a module
            _edit_zip(deck)
            module = root / "slides/modules/vendepunktet.yaml"
            module.write_text(module.read_text(encoding="utf-8").replace("Fakta om MB", "Tall om MB"), encoding="utf-8")

    watch(root, rebuild, lambda line: None, interval=0.05, rounds=3)
    assert len(rounds) >= 2
    assert len(_kept_copies(deck.parent, "forelesning")) == 1


# --- Stale and private (issue 12, family 6) ---------------------------------------------------------------


def _narrow(root, outputs: str, audience: str = "publikum") -> None:
    """Switch the deck to another audience and to fewer outputs, as a lecturer would before a public talk."""
    deck = root / "slides/decks/forelesning.yaml"
    text = deck.read_text(encoding="utf-8").replace("audience: hoyskole", f"audience: {audience}")
    text = "".join(line + "\n" for line in text.splitlines() if not line.startswith("outputs:"))
    deck.write_text(text + f"outputs: [{outputs}]\n", encoding="utf-8")


def _internal_deck(make_library):
    root = make_library()
    _narrow(root, "pptx, handout-html, manuscript-html", audience="hoyskole")
    first = build(root, today=TODAY, thumbnails=False)
    assert names(first.written) == ["forelesning-handout.html", "forelesning-manus.html", "forelesning.pptx"]
    return root, root / "out/forelesning"


def test_outputs_the_deck_no_longer_asks_for_are_removed_with_a_notice(make_library):
    from builder.cache import CACHE_NAME, Cache

    root, folder = _internal_deck(make_library)
    _narrow(root, "pptx")
    built = build(root, today=TODAY, thumbnails=False)
    assert names(built.written) == ["forelesning.pptx"]
    assert sorted(p.name for p in folder.iterdir()) == ["forelesning.pptx"]
    assert built.notices == (
        "out/forelesning/forelesning-handout.html was removed: the deck 'forelesning' no longer asks for it in "
        "'outputs:'",
        "out/forelesning/forelesning-manus.html was removed: the deck 'forelesning' no longer asks for it in "
        "'outputs:'")
    assert sorted(Cache.load(root / "out").outputs) == ["forelesning/forelesning.pptx"]
    assert (root / "out" / CACHE_NAME).is_file()
    again = build(root, today=TODAY, thumbnails=False)
    assert again.written == () and again.notices == ()


def test_a_removed_deck_output_takes_its_built_copy_with_it(make_library):
    root, folder = _internal_deck(make_library)
    _narrow(root, "handout-html, manuscript-html")
    built = build(root, today=TODAY, thumbnails=False)
    assert not (folder / "forelesning.pptx").exists()
    assert not (root / "out/.erfaring/built/forelesning/forelesning.pptx").exists()
    assert built.notices == ("out/forelesning/forelesning.pptx was removed: the deck 'forelesning' no longer asks "
                             "for it in 'outputs:'",)


def test_an_edited_output_the_deck_no_longer_asks_for_is_moved_aside_not_deleted(make_library):
    root, folder = _internal_deck(make_library)
    page = folder / "forelesning-handout.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- mine -->", encoding="utf-8")
    (folder / "forelesning-handout.docx").write_bytes(b"a file the tool never wrote")  # no record: kept too
    _narrow(root, "pptx")
    built = build(root, today=TODAY, thumbnails=False)
    kept = _kept_copies(folder, "forelesning-handout")
    assert len(kept) == 2
    assert [(folder / k).read_bytes().endswith(b"<!-- mine -->") for k in kept if k.endswith(".html")] == [True]
    assert not (folder / "forelesning-handout.html").exists() and not (folder / "forelesning-manus.html").exists()
    html = next(k for k in kept if k.endswith(".html"))
    assert (f"out/forelesning/forelesning-handout.html is no longer made for the deck 'forelesning' (its 'outputs:' "
            f"does not ask for it); it was changed after it was built, so it is kept as «{html}» – delete that file "
            "if no one needs it") in built.notices
    assert len(built.notices) == 3


@pytest.mark.lang("nb")
def test_the_removal_is_told_in_norwegian(make_library):
    root, folder = _internal_deck(make_library)
    _narrow(root, "pptx, handout-html")
    built = build(root, today=TODAY, thumbnails=False)
    assert built.notices == ("out/forelesning/forelesning-manus.html ble fjernet: presentasjonen 'forelesning' ber "
                             "ikke lenger om den i 'outputs:'",)


def test_an_output_that_cannot_be_removed_is_named_and_looked_at_again(make_library, monkeypatch):
    from pathlib import Path

    from builder.cache import no_op

    root, folder = _internal_deck(make_library)
    _narrow(root, "pptx, handout-html")
    real_unlink = Path.unlink

    def locked(self, missing_ok=False):
        if self.name == "forelesning-manus.html":
            raise PermissionError(13, "in use")
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", locked)
    built = build(root, today=TODAY, thumbnails=False)
    assert built.notices == ("out/forelesning/forelesning-manus.html is no longer made for the deck 'forelesning', "
                             "and it could not be removed or moved aside; close it in the program that has it open "
                             "and build again",)
    assert not no_op(root, None, None, False)  # the next build looks again instead of trusting file stamps
    monkeypatch.undo()
    again = build(root, today=TODAY, thumbnails=False)
    assert not (folder / "forelesning-manus.html").exists()
    assert len(again.notices) == 1 and "was removed" in again.notices[0]


def test_narrowing_on_the_command_line_removes_nothing(make_library):
    root = make_library()
    build(root, today=TODAY, formats=["pptx", "handout-html"])
    built = build(root, today=TODAY, formats=["pptx"], force=True)
    assert (root / "out/forelesning/forelesning-handout.html").is_file()
    assert built.notices == ()


def test_the_folder_of_a_deck_no_longer_in_the_library_is_named_not_deleted(make_library):
    root = make_library("two-decks")
    build(root, today=TODAY, formats=["pptx"])
    (root / "slides/decks/ordkort.yaml").unlink()
    built = build(root, today=TODAY, formats=["pptx"])
    assert (root / "out/ordkort/ordkort.pptx").is_file()
    assert built.notices == ("out/ordkort/ holds files built from the deck 'ordkort', which is no longer in the "
                             "library; they are left as they are – delete the folder if no one needs them",)
    from builder.cache import no_op

    assert not no_op(root, None, ["pptx"], None)  # no shortcut: the next full build says it again
    assert build(root, today=TODAY, formats=["pptx"]).notices == built.notices
    assert build(root, ["forelesning"], today=TODAY, formats=["pptx"]).notices == ()  # a named build: not its business


def test_a_deck_whose_file_cannot_be_read_is_not_called_gone(make_library):
    root = make_library("two-decks")
    build(root, today=TODAY, formats=["pptx"])
    (root / "slides/decks/ordkort.yaml").write_text("id: ordkort\ntitle: [\n", encoding="utf-8")
    built = build(root, today=TODAY, formats=["pptx"])
    assert built.notices == ()
    assert (root / "out/ordkort/ordkort.pptx").is_file()


def _kill_after_first_output(monkeypatch, exc=KeyboardInterrupt, cache_too: bool = True):
    """Make the build stop right after the first output is renamed into place (before the cache is saved).

    cache_too: every later write fails as well, as if the process were killed (kill -9, power cut);
    otherwise only the next output fails, as with Ctrl-C, and the build may still save what it knows.
    """
    import builder.write as write

    real = write.write_bytes
    outputs: list[str] = []

    def dying(path, data):
        is_output = not path.name.startswith(".erfaring") and ".erfaring" not in path.parts
        if outputs and (cache_too or is_output):
            raise exc()
        real(path, data)
        if is_output:
            outputs.append(path.name)

    monkeypatch.setattr(write, "write_bytes", dying)
    return outputs


@pytest.mark.parametrize("how", ["killed", "ctrl-c"])
def test_a_build_stopped_after_renaming_an_output_never_leaves_it_up_to_date(make_library, monkeypatch, how):
    """Kill a build between an output's rename and the cache, undo a same-length edit: the output is rebuilt."""
    root = make_library()
    formats = ["handout-html", "handout-docx"]  # two outputs that show a module's summary
    build(root, today=TODAY, formats=formats, thumbnails=False)
    page = root / "out/forelesning/forelesning-handout.html"
    original = page.read_bytes()
    module = root / "slides/modules/vendepunktet.yaml"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("Om vendepunktet.", "Om vendepunktat."), encoding="utf-8")  # same length
    outputs = _kill_after_first_output(monkeypatch, cache_too=how == "killed")
    with pytest.raises(KeyboardInterrupt):
        build(root, today=TODAY, formats=formats, thumbnails=False)
    assert outputs == ["forelesning-handout.html"]
    assert b"Om vendepunktat." in page.read_bytes() and len(page.read_bytes()) == len(original)
    monkeypatch.undo()
    module.write_text(text, encoding="utf-8")  # the edit is undone
    again = build(root, today=TODAY, formats=formats, thumbnails=False)
    assert page.read_bytes() == original
    assert "forelesning-handout.html" in names(again.written)
    assert again.notices == ()  # not «changed after the last build»: the tool wrote it, and knows


def test_a_killed_build_on_a_coarse_clock_is_not_up_to_date_either(make_library, monkeypatch):
    """On FAT or a network drive two writes can share a time: the promised hash decides, not size and time."""
    import os

    from builder.cache import Cache

    root = make_library()
    formats = ["handout-html", "handout-docx"]  # two outputs that show a module's summary
    build(root, today=TODAY, formats=formats, thumbnails=False)
    rel = "forelesning/forelesning-handout.html"
    page = root / "out" / rel
    before = Cache.load(root / "out").outputs[rel]
    module = root / "slides/modules/vendepunktet.yaml"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("Om vendepunktet.", "Om vendepunktat."), encoding="utf-8")
    _kill_after_first_output(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        build(root, today=TODAY, formats=formats, thumbnails=False)
    monkeypatch.undo()
    os.utime(page, ns=(before["mtime_ns"], before["mtime_ns"]))  # same size, same time as the old file
    module.write_text(text, encoding="utf-8")
    again = build(root, today=TODAY, formats=formats, thumbnails=False)
    assert b"Om vendepunktet." in page.read_bytes()
    assert "forelesning-handout.html" in names(again.written)


def test_a_deck_whose_own_file_fails_the_schema_is_named_as_not_built(make_library):
    root = make_library("two-decks")
    deck = root / "slides/decks/ordkort.yaml"
    deck.write_text(deck.read_text(encoding="utf-8").replace("date: 2026-11-22", "date: 2206-11-22"), encoding="utf-8")
    built = build(root, today=TODAY, formats=["pptx"])
    assert names(built.written) == ["forelesning.pptx"]
    assert [deck_id for deck_id, _errors in built.blocked] == ["ordkort"]
    assert [e.location.path for e in dict(built.blocked)["ordkort"]] == ["slides/decks/ordkort.yaml"]


# --- Each output follows what it shows (issue 13) -----------------------------------------------------------

ALL_NAMES = {"pptx": "forelesning.pptx", "handout-html": "forelesning-handout.html",
             "handout-pdf": "forelesning-handout.pdf", "handout-docx": "forelesning-handout.docx",
             "manuscript-html": "forelesning-manus.html", "manuscript-pdf": "forelesning-manus.pdf"}
QUOTE_NOTES = "    notes: Les sitatet langsomt.\n"


def _edit_module(root, old: str, new: str) -> None:
    module = root / "slides/modules/vendepunktet.yaml"
    text = module.read_text(encoding="utf-8")
    assert old in text
    module.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("old", "new", "rebuilt"), [
    (QUOTE_NOTES, "    notes: Les sitatet sakte, og vent.\n", ["pptx", "manuscript-html", "manuscript-pdf"]),
    (QUOTE_NOTES, QUOTE_NOTES + "    cues: Pust før du leser.\n", ["manuscript-html", "manuscript-pdf"]),
    (QUOTE_NOTES, QUOTE_NOTES + "    handout: Sitatet er fra en bok.\n", ["handout-html", "handout-pdf", "handout-docx"]),
    ("Om vendepunktet.", "Om et vendepunkt.", ["handout-html", "handout-pdf", "handout-docx"]),
    ("title: Fakta om MB", "title: Tall om MB", list(ALL_NAMES)),
], ids=["notes", "cues", "handout-prose", "summary", "slide-title"])
def test_an_edit_rebuilds_only_the_outputs_that_show_it(make_library, old, new, rebuilt):
    root = make_library()
    build(root, today=TODAY, thumbnails=False)
    folder = root / "out/forelesning"
    before = {name: ((folder / name).read_bytes(), (folder / name).stat().st_mtime_ns) for name in ALL_NAMES.values()}
    _edit_module(root, old, new)
    again = build(root, today=TODAY, thumbnails=False)
    assert names(again.written) == sorted(ALL_NAMES[f] for f in rebuilt)
    untouched = sorted(set(ALL_NAMES.values()) - {ALL_NAMES[f] for f in rebuilt})
    assert names(again.kept) == untouched
    for name in untouched:  # kept means not written at all: the same bytes and the same time
        assert ((folder / name).read_bytes(), (folder / name).stat().st_mtime_ns) == before[name]


def _fake_libreoffice(monkeypatch) -> list[int]:
    """Draw slide pictures without LibreOffice (a tiny PNG per slide of the deck); count how often it is asked."""
    import builder.preview as preview

    calls: list[int] = []

    def render_pages(pptx, work):
        from PIL import Image
        from pptx import Presentation

        calls.append(1)
        pages = []
        for n in range(1, len(Presentation(str(pptx)).slides) + 1):
            page = work / f"slide-{n}.png"
            Image.new("RGB", (4, 3), (n, len(calls), 0)).save(page)
            pages.append(page)
        return pages

    monkeypatch.setattr(preview, "render_pages", render_pages)
    return calls


def test_slide_pictures_are_drawn_once_and_again_only_for_a_visible_change(make_library, monkeypatch):
    root = make_library()
    calls = _fake_libreoffice(monkeypatch)
    pictures = root / "out/.erfaring/thumbs/forelesning"
    first = build(root, today=TODAY, formats=["manuscript-html"], thumbnails=True)
    assert names(first.written) == ["forelesning-manus.html"] and len(calls) == 1
    drawn = sorted(p.name for p in pictures.glob("*.png"))
    assert drawn and b"data:image/png;base64," in (root / "out/forelesning/forelesning-manus.html").read_bytes()

    _edit_module(root, QUOTE_NOTES, "    notes: Les sitatet sakte, og vent.\n")
    notes = build(root, today=TODAY, formats=["manuscript-html"], thumbnails=True)
    assert names(notes.written) == ["forelesning-manus.html"]  # it shows the notes …
    assert len(calls) == 1  # … but not one slide looks different: LibreOffice is not started
    assert sorted(p.name for p in pictures.glob("*.png")) == drawn

    _edit_module(root, "title: Fakta om MB", "title: Tall om MB")
    build(root, today=TODAY, formats=["manuscript-html"], thumbnails=True)
    assert len(calls) == 2
    now = sorted(p.name for p in pictures.glob("*.png"))
    assert len(now) == len(drawn) and len(set(now) - set(drawn)) == 1  # the old picture of that slide is gone


def test_outputs_are_written_as_they_are_ready_the_deck_first(make_library):
    root = make_library()
    landed: list[tuple[str, bool]] = []
    built = build(root, today=TODAY, thumbnails=False, on_written=lambda path: landed.append((path.name, path.is_file())))
    order = [name for name, _ in landed]
    assert order[0] == "forelesning.pptx"
    assert order.index("forelesning.pptx") < order.index("forelesning-handout.pdf")
    assert order.index("forelesning.pptx") < order.index("forelesning-manus.pdf")
    assert all(there for _, there in landed) and sorted(order) == names(built.written)


def test_the_slow_outputs_of_several_decks_are_made_in_worker_processes_after_every_deck(make_library, monkeypatch):
    import concurrent.futures as futures

    started: list[int] = []

    class CountingPool(futures.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            started.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr(futures, "ProcessPoolExecutor", CountingPool)
    root = make_library("two-decks")
    landed: list[str] = []
    first = build(root, today=TODAY, formats=["pptx", "handout-pdf"], on_written=lambda p: landed.append(p.name))
    assert started == [1] and len(first.written) == 4 and sorted(landed) == names(first.written)
    assert all(name.endswith(".pptx") for name in landed[:2])  # both decks before the PDFs made in the workers
    again = build(root, today=TODAY, formats=["pptx", "handout-pdf"])
    assert again.written == () and names(again.kept) == names(first.written)
    assert started == [1]  # nothing to render: no workers started


def test_a_large_library_is_fitted_and_rendered_in_worker_processes(make_library, monkeypatch):
    import builder.pipeline as pipeline

    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr(pipeline, "PARALLEL_SLIDES", 1)  # as if the two decks had hundreds of slides
    root = make_library("two-decks")
    first = build(root, today=TODAY, formats=["pptx", "handout-html"])
    assert len(first.written) == 4
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace(QUOTE_NOTES, "    notes: Les sakte.\n"),
                      encoding="utf-8")
    again = build(root, today=TODAY, formats=["pptx", "handout-html"])
    assert names(again.written) == ["forelesning.pptx"]  # the other deck does not use the module
    assert names(again.kept) == ["forelesning-handout.html", "ordkort-handout.html", "ordkort.pptx"]


def test_check_finds_the_references_once_for_every_deck(make_library, monkeypatch):
    """Planning and each deck's files read one list of references, not a new walk of the library per deck."""
    import builder.pipeline as pipeline
    from builder.resolve import uses

    walks: list[bool] = []

    def counted(lib):
        walks.append(True)
        return uses(lib)

    monkeypatch.setattr(pipeline, "uses", counted)
    checked = pipeline.check(make_library(), TODAY)
    assert walks == [True] and checked.plans
    assert checked.uses == tuple(uses(checked.library))
    for plan in checked.plans:
        assert "slides/decks/" + plan.deck.id + ".yaml" in pipeline.deck_files(checked, plan.deck.id)
    assert walks == [True]
