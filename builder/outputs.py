"""The files a deck can produce and where they go (light: the CLI reads it before any heavy import)."""

from __future__ import annotations

OUTPUT_FILES = {
    "pptx": "{deck}.pptx",
    "handout-html": "{deck}-handout.html",
    "handout-pdf": "{deck}-handout.pdf",
    "handout-docx": "{deck}-handout.docx",
    "manuscript-html": "{deck}-manus.html",
    "manuscript-pdf": "{deck}-manus.pdf",
}


def output_path(deck_id: str, fmt: str) -> str:
    """Return where an output goes, relative to the output folder: '<deck>/<file>'."""
    return f"{deck_id}/{OUTPUT_FILES[fmt].format(deck=deck_id)}"
