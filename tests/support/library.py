"""Scenario libraries: `library-minimal` copied into a folder, with a scenario folder laid over it."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def library_maker(folder: Path):
    """Return `make(scenario=None, base="library-minimal") -> Path`, which copies into `folder`."""

    def make(scenario: str | None = None, base: str = "library-minimal") -> Path:
        root = folder / (scenario or base)
        shutil.copytree(FIXTURES / base, root)
        if scenario:
            shutil.copytree(FIXTURES / scenario, root, dirs_exist_ok=True)
        return root

    return make


def on_template(root: Path, template: str) -> Path:
    """Point the scenario's deck at a template from the corpus in tests/fixtures/templates (no layout map)."""
    folder = root / "assets" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "templates" / template, folder / template)
    deck = root / "slides/decks/forelesning.yaml"
    deck.write_text(deck.read_text(encoding="utf-8") + f"template: {template}\n", encoding="utf-8")
    return root


SEARCH_LINK_SLIDE = """\
  - kind: video
    title: Når pasienterfaringer blir jobb
    url: https://www.youtube.com/results?search_query=N%C3%A5r+pasienterfaringer+blir+jobb
    text: Film av Solveig Bartun Rob, på YouTube
"""


def with_slides(root: Path, slides: str, module: str = "vendepunktet") -> Path:
    """Add slides (YAML lines under `slides:`) to the end of a scenario module."""
    append(root / "slides" / "modules" / f"{module}.yaml", slides)
    return root


def edit(path: Path, old: str, new: str, count: int = -1) -> None:
    """Replace `old` with `new` in a scenario file (every occurrence, or the first `count`); `old` must be there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def append(path: Path, text: str) -> None:
    """Add `text` to the end of a scenario file."""
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
