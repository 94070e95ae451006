"""The validated library kept in memory per file: a long-lived process re-validates only what changed.

What `load_library` returns must be the same with and without the memo: the items, and every
diagnostic with its file, line and column, in the same order.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from builder import library
from builder.library import load_library

SCENARIOS = ["bad-duplicate-id", "bad-duplicate-key", "bad-yaml-syntax", "bad-unknown-key", "bad-wrong-type",
             "bad-missing-field", "two-decks"]


def fresh(root: Path):
    """Load without anything kept from before."""
    library._MEMO.clear()
    return load_library(root)


def same(a, b) -> None:
    """Assert two loads gave the same library and the same diagnostics, located alike, in the same order."""
    (lib_a, problems_a), (lib_b, problems_b) = a, b
    assert [(d.code, d.message, d.location, d.hint) for d in problems_a] == \
           [(d.code, d.message, d.location, d.hint) for d in problems_b]
    for kind in library.KINDS:
        assert dict(lib_a.of_kind(kind)) == dict(lib_b.of_kind(kind))
    assert {k: (o.doc.path, o.key) for k, o in lib_a.origins.items()} == \
           {k: (o.doc.path, o.key) for k, o in lib_b.origins.items()}
    assert (lib_a.files, lib_a.broken) == (lib_b.files, lib_b.broken)
    assert [d.path for d in lib_a.unvalidated] == [d.path for d in lib_b.unvalidated]


@pytest.fixture
def count_validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the file of every validation."""
    seen: list[str] = []
    real = library.validate

    def counting(doc, model, *args, **kwargs):
        seen.append(doc.path)
        return real(doc, model, *args, **kwargs)

    monkeypatch.setattr(library, "validate", counting)
    return seen


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_diagnostics_are_identical_with_and_without_the_memo(make_library, scenario):
    root = make_library(scenario)
    cold = fresh(root)
    assert cold[1] or scenario == "two-decks"  # the bad scenarios do have problems to compare
    same(load_library(root), cold)


def test_an_unchanged_library_is_not_validated_again(make_library, count_validations):
    root = make_library()
    first = fresh(root)
    assert count_validations
    count_validations.clear()
    same(load_library(root), first)
    assert count_validations == []


def test_only_the_saved_file_is_validated_again(make_library, count_validations):
    root = make_library()
    fresh(root)
    module = root / "slides" / "modules" / "vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("title:", "title:  ", 1), encoding="utf-8")
    count_validations.clear()
    again = load_library(root)
    assert set(count_validations) == {"slides/modules/vendepunktet.yaml"}
    same(again, fresh(root))


def test_a_duplicate_id_made_by_an_edit_is_found_although_the_other_file_was_kept(make_library):
    root = make_library()
    fresh(root)
    quotes = root / "quotes" / "topor.yaml"
    (root / "quotes" / "kopi.yaml").write_text(quotes.read_text(encoding="utf-8"), encoding="utf-8")
    lib, problems = load_library(root)
    assert "duplicate-id" in {d.code for d in problems}
    same((lib, problems), fresh(root))


def test_a_file_made_unreadable_is_reported_then_read_again_when_fixed(make_library):
    root = make_library()
    fresh(root)
    module = root / "slides" / "modules" / "vendepunktet.yaml"
    good = module.read_bytes()
    module.write_bytes(b"id: vendepunktet\ntitle: [\n")
    broken = load_library(root)
    assert any(d.location.path == "slides/modules/vendepunktet.yaml" for d in broken[1])
    same(broken, fresh(root))
    module.write_bytes(good)
    same(load_library(root), fresh(root))


def test_a_file_deleted_from_the_library_leaves_the_memo(make_library):
    root = make_library()
    fresh(root)
    (root / "quotes" / "topor.yaml").unlink()
    load_library(root)
    assert not any(key[1] == "quotes/topor.yaml" for key in library._MEMO)


@pytest.mark.lang("nb")
def test_messages_follow_the_language_not_the_memo(make_library):
    from builder import i18n

    root = make_library("bad-unknown-key")
    fresh(root)
    norwegian = [d.message for d in load_library(root)[1]]
    i18n.use("en")
    english = [d.message for d in load_library(root)[1]]
    assert norwegian != english
    assert english == [d.message for d in fresh(root)[1]]


# --- between processes: the memo in the user's cache folder -----------------------------------------


def new_process() -> None:
    """Forget what this process kept, as a new process would; the user's cache folder stays."""
    library._MEMO.clear()
    library._RESTORED.clear()


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ERFARING_CACHE_DIR", str(folder))
    new_process()
    return folder


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_library_from_the_cache_folder_gives_the_same_diagnostics(make_library, cache_folder, count_validations,
                                                                    scenario):
    root = make_library(scenario)
    cold = load_library(root)
    assert list((cache_folder / "library").glob("*.pickle"))
    new_process()
    count_validations.clear()
    warm = load_library(root)
    assert count_validations == []  # nothing validated: every file came from the folder
    same(warm, cold)
    same(warm, fresh(root))


def test_a_file_changed_between_processes_is_validated_again(make_library, cache_folder, count_validations):
    root = make_library()
    load_library(root)
    new_process()
    module = root / "slides" / "modules" / "vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("title:", "title:  ", 1), encoding="utf-8")
    count_validations.clear()
    warm = load_library(root)
    assert set(count_validations) == {"slides/modules/vendepunktet.yaml"}
    same(warm, fresh(root))


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05N.", b"\x80\x05}\x94(\x8c\x01a\x94K\x01u."],
                         ids=["empty", "not-a-pickle", "none", "a-foreign-dict"])
def test_a_damaged_cache_entry_is_ignored(make_library, cache_folder, damage):
    root = make_library("bad-duplicate-id")
    cold = load_library(root)
    [entry] = (cache_folder / "library").glob("*.pickle")
    entry.write_bytes(damage)
    new_process()
    same(load_library(root), cold)


def test_the_cache_entry_depends_on_the_language(make_library, cache_folder):
    from builder import i18n

    root = make_library("bad-unknown-key")
    english = [d.message for d in load_library(root)[1]]
    new_process()
    i18n.use("nb")
    norwegian = [d.message for d in load_library(root)[1]]
    assert norwegian != english
    assert len(list((cache_folder / "library").glob("*.pickle"))) == 2


def test_an_entry_of_another_version_of_the_code_is_removed(make_library, cache_folder, monkeypatch):
    root = make_library()
    load_library(root)
    [first] = (cache_folder / "library").glob("*.pickle")
    new_process()
    monkeypatch.setattr(library, "_DISK_KEYS", {})
    monkeypatch.setattr(library, "_new_disk_key", lambda root, lang: first.stem.split("-")[0] + "-newer")
    load_library(root)
    assert [p.name for p in (cache_folder / "library").glob("*.pickle")] == [first.stem.split("-")[0] + "-newer.pickle"]


def test_a_library_read_from_the_user_cache_loads_neither_the_yaml_parser_nor_the_validator(make_library):
    """Both are imported on the first file that must be parsed; a build whose files are all cached parses none."""
    import subprocess
    import sys

    root = make_library()
    probe = ("import sys; from pathlib import Path; from builder.library import load_library; "
             f"load_library(Path({str(root)!r})); "
             "print(sorted(m for m in ('yaml', 'builder.validate') if m in sys.modules))")
    first = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    again = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert first.stdout.strip() == "['builder.validate', 'yaml']"
    assert again.stdout.strip() == "[]"
