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
