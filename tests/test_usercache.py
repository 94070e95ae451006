"""The user's cache folder: where it is on each system, keys that follow the code, writes that never fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder import usercache


@pytest.mark.parametrize("platform, environ, expected", [
    ("linux", {"XDG_CACHE_HOME": "/x/cache"}, "/x/cache/erfaring"),
    ("linux", {}, "{home}/.cache/erfaring"),
    ("darwin", {}, "{home}/Library/Caches/erfaring"),
    ("win32", {"LOCALAPPDATA": "C:/Users/kari/AppData/Local"}, "C:/Users/kari/AppData/Local/erfaring/Cache"),
    ("linux", {"ERFARING_CACHE_DIR": "/chosen", "XDG_CACHE_HOME": "/x/cache"}, "/chosen"),
], ids=["linux-xdg", "linux-home", "macos", "windows", "chosen-by-the-user"])
def test_the_cache_folder_is_where_each_system_keeps_caches(monkeypatch, isolated_home, platform, environ, expected):
    for name in ("ERFARING_CACHE_DIR", "XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(usercache.sys, "platform", platform)
    assert usercache.cache_dir().as_posix() == expected.format(home=isolated_home.as_posix())


def test_the_code_key_changes_with_the_bytes_of_the_code(tmp_path):
    source = tmp_path / "reader.py"
    source.write_text("A = 1\n")
    before = usercache.code_key(source)
    assert usercache.code_key(source) == before
    source.write_text("A = 2\n")
    assert usercache.code_key(source) != before
    assert usercache.code_key(tmp_path / "missing.py") != usercache.code_key(tmp_path / "missing.py")


def test_an_entry_is_read_back_and_a_missing_or_damaged_one_reads_as_none(tmp_path, monkeypatch):
    monkeypatch.setenv("ERFARING_CACHE_DIR", str(tmp_path / "cache"))
    assert usercache.read_json("kind", "key") is None
    usercache.write_json("kind", "key", {"æøå": [1, 2.5, None]})
    assert usercache.read_json("kind", "key") == {"æøå": [1, 2.5, None]}
    (tmp_path / "cache" / "kind" / "key.json").write_bytes(b"{damaged")
    assert usercache.read_json("kind", "key") is None
    assert [p.name for p in (tmp_path / "cache" / "kind").iterdir()] == ["key.json"]  # no temporary files left


def test_a_folder_that_cannot_be_written_is_left_alone(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("ERFARING_CACHE_DIR", str(blocker))
    usercache.write_bytes("kind", "key", ".pickle", b"data")
    usercache.write_json("kind", "key", {"a": object()})  # cannot be written as JSON: nothing happens
    assert usercache.read_bytes("kind", "key", ".pickle") is None
    assert Path(blocker).read_text() == ""
