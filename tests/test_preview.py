"""`erfaring preview` renders thumbnails and a contact sheet, or says plainly what is missing."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from builder.errors import UserError
from builder.preview import find_soffice


def test_without_libreoffice_the_message_says_what_to_install(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(UserError) as caught:
        find_soffice()
    assert caught.value.message == "preview needs LibreOffice, which is not installed"
    assert "libreoffice" in caught.value.hint


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
