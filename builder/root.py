"""Find the library a command works on."""

from __future__ import annotations

from pathlib import Path

from builder.errors import UserError
from builder.i18n import _


def find_root(start: Path) -> Path:
    """Return the library root: the nearest folder at or above `start` with slides/ in it."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "slides").is_dir():
            return folder
    raise UserError(
        _("no library found in {folder} or the folders above it").format(folder=start),
        _("run the command inside the library folder (the one that has slides/ and quotes/), "
          "or name it with --root"),
    )
