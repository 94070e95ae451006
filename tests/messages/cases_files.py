"""Cases for the codes of issue 12's file hardening: unreadable folders, unusable paths, template bounds, fonts.

Each trigger makes the hostile input itself (see tests/support/hostile_files.py), as
tests/test_hardening_files.py does.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import shutil

from builder.pipeline import check
from builder.render.pptx import template as template_mod
from support.hostile_files import REPO, ratio_template

TODAY = dt.date(2026, 11, 22)


def _folder_unreadable(make_library, monkeypatch, tmp_path):
    root = make_library()
    real = pathlib.Path.iterdir

    def iterdir(self):
        if self.name == "modules":  # as chmod 000 would (the tests may run as root, where it does not)
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(pathlib.Path, "iterdir", iterdir)
    return check(root, TODAY).diagnostics


def _asset_path(make_library, monkeypatch, tmp_path):
    root = make_library()
    module = root / "slides" / "modules" / "vendepunktet.yaml"
    long_name = "bilde-" + "ø" * 200 + ".png"
    module.write_text(module.read_text(encoding="utf-8").replace("image: images/prikk.png",
                                                                 f"image: images/{long_name}"), encoding="utf-8")
    return check(root, TODAY).diagnostics


def _template_too_large(make_library, monkeypatch, tmp_path):
    root = make_library()
    ratio_template(root / "assets" / "templates" / "bombe.pptx")
    deck = root / "slides" / "decks" / "forelesning.yaml"
    deck.write_text(deck.read_text(encoding="utf-8") + "template: bombe.pptx\n", encoding="utf-8")
    return check(root, TODAY).diagnostics


def _font_missing(make_library, monkeypatch, tmp_path):
    root = make_library()
    assets = tmp_path / "verktøy-assets"
    shutil.copytree(REPO / "assets" / "fonts", assets / "fonts")
    (assets / "fonts" / "Carlito-Regular.ttf").unlink()
    monkeypatch.setattr(template_mod, "TOOL_ASSETS", assets)
    templates = root / "assets" / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "assets" / "templates" / "erfaring-standard.pptx", templates / "egen.pptx")
    deck = root / "slides" / "decks" / "forelesning.yaml"
    deck.write_text(deck.read_text(encoding="utf-8") + "template: egen.pptx\n", encoding="utf-8")
    return check(root, TODAY).diagnostics


CASES = {
    "folder-unreadable": _folder_unreadable,
    "asset-path": _asset_path,
    "template-too-large": _template_too_large,
    "font-missing": _font_missing,
}
