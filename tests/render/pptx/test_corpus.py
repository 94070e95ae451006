"""Real templates made elsewhere: every library deck builds on each, with no map and nothing lost.

The templates and where they came from are listed in tests/fixtures/templates/SOURCES.md.
The build itself runs the content accounting (every text of the plan on its slide, inside
the slide), so a build that returns is a build that lost nothing.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation

from builder.pipeline import build

TODAY = dt.date(2026, 11, 22)
REPO = Path(__file__).resolve().parents[3]
CORPUS = REPO / "tests" / "fixtures" / "templates"
CHECKER = REPO.parent / "shared" / "tools" / "pptx_check.py"
TEMPLATES = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".pptx", ".potx"))


def library_on(template: str, tmp_path: Path) -> Path:
    """Copy the repository's library and point every deck at `template`, with no layout map."""
    root = tmp_path / "bibliotek"
    for folder in ("slides", "quotes", "assets"):
        shutil.copytree(REPO / folder, root / folder)
    templates = root / "assets" / "templates"
    for old in templates.iterdir():
        old.unlink()
    shutil.copy(CORPUS / template, templates / template)
    for deck in (root / "slides" / "decks").glob("*.yaml"):
        deck.write_text(deck.read_text(encoding="utf-8") + f"\ntemplate: {template}\n", encoding="utf-8")
    return root


def test_the_corpus_has_six_or_more_templates_each_with_its_source():
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    assert len(TEMPLATES) >= 6
    assert all(name in sources for name in TEMPLATES)


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_library_deck_builds_on_a_real_template_without_a_map(template, tmp_path):
    root = library_on(template, tmp_path)
    result = build(root, today=TODAY, formats=["pptx"])
    decks = {p.parent.name for p in result.written}
    assert decks == {p.stem for p in (REPO / "slides" / "decks").glob("*.yaml")}
    for path in result.written:
        prs = Presentation(path)
        titles = [slide.shapes.title.text if slide.shapes.title is not None else "" for slide in prs.slides]
        assert all(t.strip() for t in titles), (path.name, titles)
        if CHECKER.is_file():
            report = subprocess.run([sys.executable, str(CHECKER), str(path)], capture_output=True, text=True)
            assert report.stdout.strip().endswith("0 errors, 0 warnings"), report.stdout[-2000:]


@pytest.mark.parametrize("template", TEMPLATES)
def test_libreoffice_draws_one_page_per_slide(template, tmp_path):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    from pypdf import PdfReader

    root = library_on(template, tmp_path)
    path = build(root, ["hoyskole-erfaringskompetanse"], today=TODAY, formats=["pptx"]).written[0]
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   capture_output=True, timeout=300, check=True)
    pages = len(PdfReader(tmp_path / (path.stem + ".pdf")).pages)
    assert pages == len(Presentation(path).slides)
