"""Find the library a command works on."""

from __future__ import annotations

from pathlib import Path

from builder.errors import UserError


def find_root(start: Path) -> Path:
    """Return the library root: the nearest folder at or above `start` with slides/ in it."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "slides").is_dir():
            return folder
    raise UserError(
        f"no content library found in {start} or above it",
        "run the command inside the repository (the folder that has slides/ and quotes/)",
    )
