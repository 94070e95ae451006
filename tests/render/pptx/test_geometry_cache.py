"""Template geometry cached by the template's hash: in memory, and in the user's cache folder.

The cache may make `check` and `build` faster, never different: what it serves equals what
reading the template gives, a changed template is read again, and a damaged or planted entry
is ignored (the template is read and the entry written anew).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder import usercache
from builder.render.pptx import layouts

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DEFAULT = Path(__file__).resolve().parents[3] / "assets" / "templates" / "erfaring-standard.pptx"
LIGHTS = FIXTURES / "templates" / "libreoffice-lights.pptx"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty user cache folder and an empty memory, so that each test starts cold."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("ERFARING_CACHE_DIR", str(folder))
    monkeypatch.setattr(layouts, "_MEMO", {})
    return folder


def entries(cache: Path) -> list[Path]:
    return sorted((cache / layouts.CACHE_KIND).glob("*.json"))


def never_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(blob):
        raise AssertionError("the template was read although the cache holds it")

    monkeypatch.setattr(layouts, "read_template", refuse)


@pytest.mark.parametrize("template", [DEFAULT, LIGHTS], ids=["tool-template", "libreoffice-template"])
def test_a_cached_template_gives_exactly_what_reading_it_gives(cache, monkeypatch, template):
    blob = template.read_bytes()
    read = layouts.read_template(blob)
    assert layouts.template_info(blob) == read
    assert len(entries(cache)) == 1
    monkeypatch.setattr(layouts, "_MEMO", {})  # a new process: only the folder is left
    never_read(monkeypatch)
    again = layouts.template_info(blob)
    assert again == read
    assert again.layout(read.layouts[0].name).placeholders == read.layouts[0].placeholders


def test_a_long_lived_process_reads_each_template_once(cache, monkeypatch):
    blob = DEFAULT.read_bytes()
    first = layouts.template_info(blob)
    never_read(monkeypatch)
    monkeypatch.setattr(usercache, "read_json", lambda kind, key: pytest.fail("the folder was read again"))
    assert layouts.template_info(blob) is first


def test_a_changed_template_is_read_again_never_served_from_the_old_entry(cache, monkeypatch):
    layouts.template_info(DEFAULT.read_bytes())
    other = layouts.template_info(LIGHTS.read_bytes())
    assert other == layouts.read_template(LIGHTS.read_bytes())
    assert len(entries(cache)) == 2


@pytest.mark.parametrize("damage", [
    b"", b"{not json", b"[]", b'{"@": "TemplateInfo"}', b'{"@": "os.system", "command": "echo planted"}',
    b'{"@": "Rect", "left": 1, "top": 2, "width": 3, "height": 4}',
], ids=["empty", "not-json", "a-list", "fields-missing", "a-class-not-allowed", "another-class"])
def test_a_damaged_entry_is_ignored_and_written_anew(cache, monkeypatch, damage):
    blob = DEFAULT.read_bytes()
    layouts.template_info(blob)
    [entry] = entries(cache)
    entry.write_bytes(damage)
    monkeypatch.setattr(layouts, "_MEMO", {})
    assert layouts.template_info(blob) == layouts.read_template(blob)
    assert json.loads(entry.read_bytes())["@"] == "TemplateInfo"


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ERFARING_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(layouts, "_MEMO", {})
    blob = DEFAULT.read_bytes()
    assert layouts.template_info(blob) == layouts.read_template(blob)


def test_the_key_changes_with_the_code_that_reads_templates_and_the_old_entry_goes(cache, monkeypatch):
    blob = DEFAULT.read_bytes()
    layouts.template_info(blob)
    monkeypatch.setattr(layouts, "_CODE_KEY", ["another-version-of-the-reader"])
    monkeypatch.setattr(layouts, "_MEMO", {})
    layouts.template_info(blob)
    assert [p.name.split("-", 1)[1] for p in entries(cache)] == ["another-version-of-the-reader.json"]


def test_a_second_check_of_an_unchanged_library_loads_no_python_pptx_and_builds_no_validator(make_library, tmp_path):
    root = make_library()
    (root / "assets" / "templates").mkdir(parents=True)
    shutil.copy(DEFAULT, root / "assets" / "templates" / "egen.pptx")
    shutil.copy(DEFAULT.with_name("erfaring-standard.layouts.yaml"),
                root / "assets" / "templates" / "egen.layouts.yaml")
    deck = root / "slides" / "decks" / "forelesning.yaml"
    deck.write_text(deck.read_text(encoding="utf-8") + "template: egen.pptx\n", encoding="utf-8")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from builder import model\n"
        "from builder.pipeline import check\n"
        f"checked = check(Path({str(root)!r}))\n"
        "assert not checked.errors, checked.errors\n"
        "assert checked.templates['egen.pptx'].written, 'the map was not applied'\n"
        "print(sorted(m for m in ('pptx', 'lxml') if m in sys.modules))\n"
        "print(sorted(n for n, c in vars(model).items() if isinstance(c, type) and issubclass(c, model.Strict)\n"
        "             and c.__pydantic_complete__))\n"
    )
    env = {**os.environ, "ERFARING_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
            for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr + runs[1].stderr
    first, second = (r.stdout.splitlines() for r in runs)
    assert first[0] == "['lxml', 'pptx']"  # the first run reads the template and validates the files
    assert "Module" in first[1] and "LayoutMapFile" in first[1]
    assert second == ["[]", "[]"]


# --- layout maps: validated once per content, in memory and in the cache folder ------------------------

ORG = FIXTURES / "template-organisasjon-4x3" / "organisasjon.pptx"


def map_library(make_library, scenario: str) -> Path:
    root = make_library(scenario)
    shutil.copy(ORG, root / "assets" / "templates" / ORG.name)
    deck = root / "slides" / "decks" / "forelesning.yaml"
    deck.write_text(deck.read_text(encoding="utf-8") + f"template: {ORG.name}\n", encoding="utf-8")
    return root


def shown(problems) -> list[tuple]:
    return [(d.code, d.message, d.location, d.hint) for d in problems]


@pytest.mark.parametrize("scenario", ["map-unknown-layout", "map-role-on-footer", "map-unknown-role", "map-one-kind"])
def test_a_layout_map_gives_the_same_diagnostics_from_memory_and_from_the_cache_folder(make_library, cache,
                                                                                      monkeypatch, scenario):
    from builder.render.pptx import template

    root = map_library(make_library, scenario)
    monkeypatch.setattr(template, "_MAPS", {})
    cold = template.load_template(root, ORG.name)
    validated = []
    real = template.validate
    monkeypatch.setattr(template, "validate", lambda *args: validated.append(args) or real(*args))
    from_memory = template.load_template(root, ORG.name)
    monkeypatch.setattr(template, "_MAPS", {})  # a new process: only the folder is left
    from_folder = template.load_template(root, ORG.name)
    assert validated == []
    assert shown(from_memory[1]) == shown(from_folder[1]) == shown(cold[1])
    assert (cold[0] is None) == (from_memory[0] is None) == (from_folder[0] is None)
    if cold[0] is not None:
        assert from_folder[0].placements == cold[0].placements and from_folder[0].fonts == cold[0].fonts


def test_an_edited_layout_map_is_read_again(make_library, cache, monkeypatch):
    from builder.render.pptx import template

    root = map_library(make_library, "map-one-kind")
    monkeypatch.setattr(template, "_MAPS", {})
    assert template.load_template(root, ORG.name)[0] is not None
    map_file = root / "assets" / "templates" / "organisasjon.layouts.yaml"
    map_file.write_text(map_file.read_text(encoding="utf-8").replace("layout: ", "layout: X", 1), encoding="utf-8")
    loaded, problems = template.load_template(root, ORG.name)
    assert loaded is None and problems[0].code == "layout-missing"
