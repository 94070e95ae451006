"""`erfaring changes`: a deck edited in PowerPoint, compared with its build and carried back into the YAML."""

from __future__ import annotations

import difflib
import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

from builder.carry import apply, describe, review
from builder.errors import UserError
from builder.pipeline import build
from builder.read.pptx import read_pptx
from support.text import text_of

MODULE = "slides/modules/vendepunktet.yaml"


def _title(prs, title):
    return next(s for s in prs.slides
                if s.shapes.title is not None and s.shapes.title.text_frame.text.replace("\u00a0", " ") == title)


def _retitle(path: Path, old: str, new: str) -> None:
    """Edit the deck as PowerPoint saves it: python-pptx opens and saves the whole package."""
    prs = Presentation(str(path))
    runs = _title(prs, old).shapes.title.text_frame.paragraphs[0].runs
    runs[0].text = new
    for run in runs[1:]:
        run.text = ""
    prs.save(str(path))


def _reword(path: Path, old: str, new: str) -> None:
    """Replace a word inside any paragraph of the deck, as a user typing in PowerPoint does."""
    prs = Presentation(str(path))
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for para in shape.text_frame.paragraphs:
                    for run in para.runs:
                        run.text = run.text.replace(old, new)
    prs.save(str(path))


def _built(make_library):
    root = make_library()
    build(root, ["forelesning"], formats=["pptx", "handout-html"])
    return root, root / "out/forelesning/forelesning.pptx"


def _changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.mark.lang("nb")
def test_an_edit_is_listed_carried_back_and_found_in_the_next_build(make_library):
    root, deck = _built(make_library)
    _retitle(deck, "Fakta om MB", "Fakta om MB-utdanningen")
    _reword(deck, "et øyeblikk", "et lite øyeblikk")
    found = review(root, "forelesning")
    assert describe(root, found) == [
        "Endringer i out/forelesning/forelesning.pptx, sammenlignet med presentasjonen slik den ble bygget:",
        "lysbilde 3, sitat  (quotes/topor.yaml:3:11)",
        "    før: «Vendepunktet ser ut til å bestå av en periode eller et øyeblikk i livet.»",
        "    nå:  «Vendepunktet ser ut til å bestå av en periode eller et lite øyeblikk i livet.»",
        "lysbilde 4, tittel  (slides/modules/vendepunktet.yaml:11:12)",
        "    før: «Fakta om MB»",
        "    nå:  «Fakta om MB-utdanningen»",
        "✓ 2 endringer kan føres tilbake: `erfaring changes forelesning --apply`",
    ]
    before = (root / MODULE).read_text(encoding="utf-8")
    assert apply(root, found) == {MODULE: 1, "quotes/topor.yaml": 1}
    after = (root / MODULE).read_text(encoding="utf-8")
    assert _changed_lines(before, after) == ["-    title: Fakta om MB", "+    title: Fakta om MB-utdanningen"]
    rebuilt = build(root, ["forelesning"], formats=["pptx", "handout-html"])
    assert "Fakta om MB-utdanningen" in [s.title for s in read_pptx(deck).slides]
    assert "et lite øyeblikk" in text_of((root / "out/forelesning/forelesning-handout.html").read_text("utf-8"))
    assert any("(redigert " in n for n in rebuilt.notices)  # the edited file itself is kept, not overwritten


def test_a_value_changed_in_both_places_is_not_carried(make_library):
    root, deck = _built(make_library)
    _retitle(deck, "Fakta om MB", "Fakta om MB i Norge")
    module = root / MODULE
    module.write_text(module.read_text(encoding="utf-8").replace("title: Fakta om MB", "title: Tall om MB"),
                      encoding="utf-8")
    build(root, ["forelesning"], formats=["pptx"])  # the edited deck is kept aside with the build it was made on
    found = review(root, "forelesning")
    assert found.edited.name.startswith("forelesning (edited ")
    assert found.changes == ()
    assert [(c.old, c.new) for c in found.conflicts] == [("Tall om MB", "Fakta om MB i Norge")]
    assert apply(root, found) == {}
    assert "title: Tall om MB" in module.read_text(encoding="utf-8")


def test_a_module_change_after_the_build_is_not_mistaken_for_an_edit(make_library):
    root, deck = _built(make_library)
    _retitle(deck, "Et bilde", "Et bilde av en prikk")
    module = root / MODULE
    module.write_text(module.read_text(encoding="utf-8").replace("title: Fakta om MB", "title: Tall om MB"),
                      encoding="utf-8")
    found = review(root, "forelesning")
    assert [(c.old, c.new) for c in found.changes] == [("Et bilde", "Et bilde av en prikk")]
    apply(root, found)
    text = module.read_text(encoding="utf-8")
    assert "title: Tall om MB" in text and "title: Et bilde av en prikk" in text


def test_an_unedited_deck_says_so(make_library):
    root, _deck = _built(make_library)
    with pytest.raises(UserError) as caught:
        review(root, "forelesning")
    assert caught.value.message == "out/forelesning/forelesning.pptx has not been changed since it was built"


def test_a_deck_never_built_says_how_to_start(make_library):
    with pytest.raises(UserError) as caught:
        review(make_library(), "forelesning")
    assert caught.value.message == "out/forelesning/forelesning.pptx has not been built yet"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_an_edit_saved_by_libreoffice_is_carried_back_too(make_library, tmp_path):
    root, deck = _built(make_library)
    _retitle(deck, "Fakta om MB", "Fakta om MB-utdanningen")
    _reword(deck, "et øyeblikk", "et lite øyeblikk")
    converted = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", "--convert-to", "pptx", "--outdir", str(converted), str(deck)],
                   check=True, capture_output=True, timeout=180)
    saved = converted / "forelesning.pptx"
    found = review(root, "forelesning", saved)
    assert [(c.what.value, c.new) for c in found.carried] == [
        ("quote", "Vendepunktet ser ut til å bestå av en periode eller et lite øyeblikk i livet."),
        ("title", "Fakta om MB-utdanningen")]
    before = (root / MODULE).read_text(encoding="utf-8")
    apply(root, found)
    assert _changed_lines(before, (root / MODULE).read_text(encoding="utf-8")) == [
        "-    title: Fakta om MB", "+    title: Fakta om MB-utdanningen"]
    build(root, ["forelesning"], formats=["pptx", "handout-html"])
    assert "Fakta om MB-utdanningen" in [s.title for s in read_pptx(deck).slides]
    assert "et lite øyeblikk" in text_of((root / "out/forelesning/forelesning-handout.html").read_text("utf-8"))


def test_when_one_file_cannot_take_its_edit_no_file_is_written(make_library, monkeypatch):
    import builder.edit.yaml_values as values

    root, deck = _built(make_library)
    _retitle(deck, "Fakta om MB", "Fakta om MB-utdanningen")
    _reword(deck, "et øyeblikk", "et lite øyeblikk")
    found = review(root, "forelesning")
    real = values.replace_values

    def refuse_quotes(text, doc, changes):
        if doc.path.startswith("quotes/"):
            raise values.EditError("refused")
        return real(text, doc, changes)

    monkeypatch.setattr(values, "replace_values", refuse_quotes)
    before = (root / MODULE).read_text(encoding="utf-8")
    with pytest.raises(UserError, match="refused"):
        apply(root, found)
    assert (root / MODULE).read_text(encoding="utf-8") == before


@pytest.mark.lang("nb")
def test_a_moved_picture_is_named_and_not_carried(make_library):
    from pptx.util import Cm

    root, deck = _built(make_library)
    prs = Presentation(str(deck))
    picture = next(shape for shape in _title(prs, "Et bilde").shapes if shape._element.tag.endswith("}pic"))
    picture.left += Cm(3)
    prs.save(str(deck))
    found = review(root, "forelesning")
    assert found.carried == []
    assert describe(root, found)[1:] == [
        "lysbilde 5, bilde  (slides/modules/vendepunktet.yaml:13:5)",
        "    føres ikke tilbake: et bilde som er flyttet eller har fått ny størrelse i PowerPoint, kan ikke føres "
        "tilbake; neste bygging plasserer det slik malen sier",
    ]


# --- the transition the builder puts before a module's first notes ---------------------------

LEAD = "Vi begynner med «Vendepunktet»."


def _renote(path: Path, title: str, index: int, text: str) -> None:
    """Retype one paragraph of a slide's speaker notes, as a user does in PowerPoint's notes pane."""
    prs = Presentation(str(path))
    runs = _title(prs, title).notes_slide.notes_text_frame.paragraphs[index].runs
    runs[0].text = text
    for run in runs[1:]:
        run.text = ""
    prs.save(str(path))


def test_an_untouched_copy_of_the_deck_has_no_notes_change(make_library, tmp_path):
    root, deck = _built(make_library)
    assert read_pptx(deck).slides[2].notes == f"{LEAD}\n\nLes sitatet langsomt."
    copy = tmp_path / "kopi.pptx"
    shutil.copy(deck, copy)
    found = review(root, "forelesning", copy)
    assert (found.changes, found.conflicts) == ((), ())


def test_edited_notes_after_the_transition_are_carried_back_without_it(make_library):
    root, deck = _built(make_library)
    _renote(deck, "Sitat: Alain Topor", 1, "Les sitatet langsomt og tydelig.")
    found = review(root, "forelesning")
    assert [(c.what.value, c.old, c.new) for c in found.carried] == [
        ("notes", "Les sitatet langsomt.", "Les sitatet langsomt og tydelig.")]
    assert found.changes == tuple(found.carried)
    before = (root / MODULE).read_text(encoding="utf-8")
    assert apply(root, found) == {MODULE: 1}
    assert _changed_lines(before, (root / MODULE).read_text(encoding="utf-8")) == [
        "-    notes: Les sitatet langsomt.", "+    notes: Les sitatet langsomt og tydelig."]
    build(root, ["forelesning"], formats=["pptx"])
    assert read_pptx(deck).slides[2].notes == f"{LEAD}\n\nLes sitatet langsomt og tydelig."
