"""The build cache decides right: nothing, exactly the affected decks, or everything."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from builder.cache import CACHE_NAME, Cache, no_op
from builder.pipeline import build

TODAY = dt.date(2026, 11, 22)
PPTX = ["pptx"]


def two_decks(make_library) -> Path:
    """The minimal library with a second deck that does not show the Topor quote."""
    root = make_library()
    (root / "slides/modules/fakta.yaml").write_text(
        "id: fakta\ntitle: Fakta\nsummary: Fakta om MB.\nminutes: 5\nconsent: public\nslides:\n"
        "  - kind: facts\n    title: MB i Norge\n    facts: [mb-norge]\n", encoding="utf-8")
    (root / "slides/decks/fakta-kort.yaml").write_text(
        "id: fakta-kort\ntitle: Kort om MB\ndate: 2026-11-22\naudience: publikum\nminutes: 10\n"
        "modules: [fakta]\n", encoding="utf-8")
    return root


def names(paths) -> list[str]:
    return sorted(p.name for p in paths)


def test_an_unchanged_library_rebuilds_nothing(make_library):
    root = two_decks(make_library)
    first = build(root, today=TODAY, formats=PPTX)
    assert names(first.written) == ["fakta-kort.pptx", "forelesning.pptx"]
    second = build(root, today=TODAY, formats=PPTX)
    assert second.written == () and names(second.kept) == ["fakta-kort.pptx", "forelesning.pptx"]
    assert no_op(root, None, PPTX, None)


def test_a_changed_quote_rebuilds_exactly_the_decks_that_show_it(make_library):
    root = two_decks(make_library)
    build(root, today=TODAY, formats=PPTX)
    quotes = root / "quotes/topor.yaml"
    quotes.write_text(quotes.read_text(encoding="utf-8").replace("øyeblikk", "øyeblikk, kanskje,"), encoding="utf-8")
    assert not no_op(root, None, PPTX, None)
    again = build(root, today=TODAY, formats=PPTX)
    assert names(again.written) == ["forelesning.pptx"]
    assert names(again.kept) == ["fakta-kort.pptx"]


def test_a_comment_or_moved_line_rebuilds_nothing(make_library):
    root = two_decks(make_library)
    build(root, today=TODAY, formats=PPTX)
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text("# en kommentar\n" + module.read_text(encoding="utf-8"), encoding="utf-8")
    assert build(root, today=TODAY, formats=PPTX).written == ()


def test_a_changed_template_rebuilds_all_its_decks(make_library):
    root = two_decks(make_library)
    build(root, today=TODAY, formats=PPTX)
    tool_templates = Path(__file__).resolve().parents[1] / "assets" / "templates"
    own = root / "assets" / "templates"
    own.mkdir(parents=True)
    for name in ("erfaring-standard.pptx", "erfaring-standard.layouts.yaml"):
        shutil.copy(tool_templates / name, own / name)
    layout_map = own / "erfaring-standard.layouts.yaml"
    layout_map.write_text(layout_map.read_text(encoding="utf-8") + "# endret\n", encoding="utf-8")
    again = build(root, today=TODAY, formats=PPTX)
    assert names(again.written) == ["fakta-kort.pptx", "forelesning.pptx"]


def test_a_corrupt_cache_means_a_full_rebuild_with_a_notice(make_library):
    root = two_decks(make_library)
    build(root, today=TODAY, formats=PPTX)
    (root / "out" / CACHE_NAME).write_text("{ not json", encoding="utf-8")
    again = build(root, today=TODAY, formats=PPTX)
    assert names(again.written) == ["fakta-kort.pptx", "forelesning.pptx"]
    assert again.notices == ("the build cache .erfaring-cache.json could not be read; everything is rebuilt",)


def test_a_foreign_cache_file_is_ignored(tmp_path):
    (tmp_path / CACHE_NAME).write_text('{"format": 99, "outputs": []}', encoding="utf-8")
    cache = Cache.load(tmp_path)
    assert cache.outputs == {} and cache.notice


def test_a_deleted_output_is_rebuilt(make_library):
    root = two_decks(make_library)
    first = build(root, today=TODAY, formats=PPTX)
    first.written[0].unlink()
    assert not no_op(root, None, PPTX, None)
    assert names(build(root, today=TODAY, formats=PPTX).written) == [first.written[0].name]


def test_force_rebuilds_everything(make_library):
    root = two_decks(make_library)
    build(root, today=TODAY, formats=PPTX)
    assert len(build(root, today=TODAY, formats=PPTX, force=True).written) == 2


# --- Freshness rests on hashes promised before the rename (issue 12, family 6) ------------------------------


def _cache_with(tmp_path: Path, entries: dict) -> Cache:
    cache = Cache(tmp_path / CACHE_NAME, stamp="old", outputs=entries, last=sorted(entries))
    (tmp_path / CACHE_NAME).write_text(cache.to_text("old", sorted(entries)), encoding="utf-8")
    return Cache.load(tmp_path)


def test_a_promise_that_landed_becomes_the_record(tmp_path):
    import hashlib

    (tmp_path / "d").mkdir()
    (tmp_path / "d/a.html").write_bytes(b"new")
    old = {"fingerprint": "F1", "size": 3, "mtime_ns": 1, "sha256": hashlib.sha256(b"old").hexdigest()}
    cache = _cache_with(tmp_path, {"d/a.html": dict(old, pending={
        "fingerprint": "F2", "sha256": hashlib.sha256(b"new").hexdigest()})})
    assert cache.outputs["d/a.html"]["fingerprint"] == "F2"
    assert cache.state("d/a.html") == "ours" and cache.fresh("d/a.html", "F2") and not cache.fresh("d/a.html", "F1")
    assert cache.stamp == ""  # the build that made it did not finish


def test_a_promise_that_did_not_land_is_dropped(tmp_path):
    import hashlib
    import os

    (tmp_path / "d").mkdir()
    page = tmp_path / "d/a.html"
    page.write_bytes(b"old")
    info = os.stat(page)
    old = {"fingerprint": "F1", "size": 3, "mtime_ns": info.st_mtime_ns, "sha256": hashlib.sha256(b"old").hexdigest()}
    cache = _cache_with(tmp_path, {
        "d/a.html": dict(old, pending={"fingerprint": "F2", "sha256": hashlib.sha256(b"new").hexdigest()}),
        "d/b.html": {"pending": {"fingerprint": "F3", "sha256": "0" * 64}},  # a first build killed before the rename
    })
    assert cache.outputs == {"d/a.html": old}
    assert cache.fresh("d/a.html", "F1")


def test_a_promise_hides_the_output_until_it_is_settled(tmp_path):
    cache = Cache(tmp_path / CACHE_NAME)
    (tmp_path / "a.html").write_bytes(b"x")
    cache.record("a.html", "F", tmp_path / "a.html", b"x")
    cache.promise("a.html", "G", b"y")
    assert not cache.fresh("a.html", "F") and not cache.fresh("a.html", "G")


def test_a_build_killed_for_real_between_rename_and_cache_is_not_trusted(make_library, tmp_path):
    """SIGKILL right after the first output is renamed into place; then the edit is undone."""
    import os
    import signal
    import subprocess
    import sys

    import pytest

    if not hasattr(signal, "SIGKILL"):
        pytest.skip("no SIGKILL on this system")
    root = make_library()
    formats = ["handout-html", "manuscript-html"]
    build(root, today=TODAY, formats=formats, thumbnails=False)
    page = root / "out/forelesning/forelesning-handout.html"
    original = page.read_bytes()
    module = root / "slides/modules/vendepunktet.yaml"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("Om vendepunktet.", "Om vendepunktat."), encoding="utf-8")
    code = (
        "import datetime, os, signal, sys\n"
        "from pathlib import Path\n"
        "import builder.write as w\n"
        "real = w.write_bytes\n"
        "def dying(path, data):\n"
        "    real(path, data)\n"
        "    if path.name.endswith('-handout.html'):\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "w.write_bytes = dying\n"
        "from builder.pipeline import build\n"
        "build(Path(sys.argv[1]), today=datetime.date(2026, 11, 22), formats=sys.argv[2:], thumbnails=False)\n")
    killed = subprocess.run([sys.executable, "-c", code, str(root), *formats], capture_output=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert b"Om vendepunktat." in page.read_bytes()
    module.write_text(text, encoding="utf-8")
    assert not no_op(root, None, formats, False)
    again = build(root, today=TODAY, formats=formats, thumbnails=False)
    assert page.read_bytes() == original and again.notices == ()
    assert not any(name.endswith(".tmp") for name in os.listdir(page.parent))


def test_each_output_is_fingerprinted_on_what_it_shows():
    """One table says what each format leaves out: notes and cues never reach the handout, cues never the deck."""
    from builder.cache import fingerprint, shown

    slide = {"title": "Vendepunktet", "notes": "Les sakte.", "cues": "Pust.", "handout": "Mer å lese."}
    edited = {**slide, "notes": "Les langsomt."}
    assert fingerprint(shown(slide, "handout-pdf")) == fingerprint(shown(edited, "handout-pdf"))
    assert fingerprint(shown(slide, "pptx")) != fingerprint(shown(edited, "pptx"))
    assert shown(slide, "pptx") == {"title": "Vendepunktet", "notes": "Les sakte."}
    assert shown(slide, "manuscript-html") == {"title": "Vendepunktet", "notes": "Les sakte.", "cues": "Pust."}
    assert shown(slide, "picture") == {"title": "Vendepunktet"}


def test_a_model_in_the_plan_is_hashed_as_its_json_dump():
    """`canonical` reads pydantic models field by field (no serializer to build) and gives what `model_dump` gives."""
    from builder.cache import canonical, shown
    from builder.model import Deck, Module

    deck = Deck.model_validate({
        "id": "kurs", "title": "Kurs", "date": "2026-11-22", "audience": "alle", "minutes": 60,
        "outputs": ["pptx", "handout-pdf"], "modules": [{"module": "a"}, {"pause": 10}]})
    module = Module.model_validate({
        "id": "a", "title": "A", "summary": "Om A.", "minutes": 10, "consent": "public",
        "slides": [{"kind": "bullets", "title": "B", "bullets": ["x", ["y", "z"]], "except": ["studenter"],
                    "notes": "Les.", "minutes": 2}]})
    for model in (deck, module):
        assert canonical(model) == model.model_dump(mode="json")
    assert canonical(deck)["outputs"] == ["pptx", "handout-pdf"] and type(canonical(deck)["outputs"][0]) is str
    assert canonical(module)["slides"][0]["except_"] == ["studenter"]
    assert "notes" not in shown(module, "handout-pdf")["slides"][0]
