"""`erfaring preview` renders thumbnails and a contact sheet, or says plainly what is missing."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from builder import preview
from builder.errors import UserError
from builder.preview import find_soffice, locate_soffice, well_known


def fake_soffice(folder, name="soffice"):
    """Write a runnable stand-in for LibreOffice's soffice into `folder` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def nowhere(monkeypatch, tmp_path):
    """A machine without LibreOffice: an empty PATH, no ERFARING_SOFFICE, no well-known place holds it."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("ERFARING_SOFFICE", raising=False)
    monkeypatch.setattr(preview, "well_known", lambda: [str(tmp_path / "not-installed" / "soffice")])
    return tmp_path


def test_soffice_on_path_is_found_first(nowhere, monkeypatch):
    on_path = fake_soffice(nowhere / "bin")
    monkeypatch.setenv("PATH", str(nowhere / "bin"))
    monkeypatch.setenv("ERFARING_SOFFICE", str(fake_soffice(nowhere / "elsewhere")))
    assert locate_soffice() == str(on_path)


def test_erfaring_soffice_points_at_libreoffice_outside_path(nowhere, monkeypatch):
    given = fake_soffice(nowhere / "Program Files" / "LibreOffice" / "program")
    monkeypatch.setenv("ERFARING_SOFFICE", str(given))
    assert find_soffice() == str(given)


def test_erfaring_soffice_may_name_the_folder(nowhere, monkeypatch):
    given = fake_soffice(nowhere / "LibreOffice" / "program")
    monkeypatch.setenv("ERFARING_SOFFICE", str(given.parent))
    assert find_soffice() == str(given)


def test_a_well_known_place_is_found_without_path_or_setting(nowhere, monkeypatch):
    old = fake_soffice(nowhere / "opt" / "libreoffice7.6" / "program")
    new = fake_soffice(nowhere / "opt" / "libreoffice24.8" / "program")
    monkeypatch.setattr(preview, "well_known", lambda: [str(nowhere / "opt" / "libreoffice*" / "program" / "soffice")])
    assert locate_soffice() in (str(old), str(new))


def test_the_well_known_places_cover_windows_macos_and_linux():
    windows = well_known("Windows", {"ProgramFiles": r"C:\Program Files"})
    assert windows[0] == r"C:\Program Files\LibreOffice\program\soffice.exe"
    assert well_known("Darwin", {"HOME": "/Users/kari"})[0] == "/Applications/LibreOffice.app/Contents/MacOS/soffice"
    linux = well_known("Linux", {"HOME": "/home/kari"})
    assert {"/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice*/program/soffice",
            "/snap/bin/libreoffice", "/var/lib/flatpak/exports/bin/org.libreoffice.LibreOffice"} <= set(linux)


def test_without_libreoffice_the_message_says_where_it_looked_and_how_to_point_at_it(nowhere):
    assert locate_soffice() is None
    with pytest.raises(UserError) as caught:
        find_soffice()
    assert caught.value.message == "preview needs LibreOffice, which was not found on this machine"
    hint = caught.value.hint
    assert f"in {nowhere / 'not-installed' / 'soffice'}" in hint
    assert r"`set ERFARING_SOFFICE=C:\Program Files\LibreOffice\program\soffice.exe`" in hint
    assert "libreoffice.org" in hint


def test_a_setting_that_points_at_nothing_is_named(nowhere, monkeypatch):
    monkeypatch.setenv("ERFARING_SOFFICE", str(nowhere / "feil" / "soffice.exe"))
    with pytest.raises(UserError) as caught:
        find_soffice()
    assert caught.value.message == (f"preview needs LibreOffice, but ERFARING_SOFFICE is set to "
                                    f"'{nowhere / 'feil' / 'soffice.exe'}', and there is no LibreOffice there")


@pytest.mark.lang("nb")
def test_without_libreoffice_the_message_is_norwegian(nowhere):
    with pytest.raises(UserError) as caught:
        find_soffice()
    assert caught.value.message == "forhåndsvisningen trenger LibreOffice, men verktøyet fant det ikke på denne maskinen"
    assert caught.value.hint.startswith("verktøyet lette etter soffice i PATH, i ERFARING_SOFFICE og i ")
    assert r"(Windows: `set ERFARING_SOFFICE=C:\Program Files\LibreOffice\program\soffice.exe`;" in caught.value.hint


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_preview_writes_one_png_per_slide_and_a_contact_sheet(make_library):
    root = make_library()
    result = subprocess.run([sys.executable, "-m", "builder", "--root", str(root), "preview", "forelesning"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    folder = root / "out" / "forelesning" / "preview"
    assert sorted(p.name for p in folder.glob("slide-*.png")) == [f"slide-0{n}.png" for n in range(1, 8)]
    assert (folder / "oversikt.png").stat().st_size > 1000
    assert result.stdout.strip() == "wrote 7 thumbnails and out/forelesning/preview/oversikt.png"
