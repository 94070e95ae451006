"""The real library: it checks clean, every deck builds, passes a strict reader, renders, matches its golden dump."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation

from builder.pipeline import build, check
from builder.render.pptx.dump import dump

REPO = Path(__file__).resolve().parents[1]
CHECKER = REPO.parent / "shared" / "tools" / "pptx_check.py"
GOLDEN = REPO / "tests" / "golden"
# A fixed day, so that fact ages and golden dumps do not drift with the calendar.
TODAY = dt.date(2026, 11, 22)
DECKS = sorted(p.stem for p in (REPO / "slides" / "decks").glob("*.yaml"))


@pytest.fixture(scope="module")
def built_decks(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("out")
    result = build(REPO, today=TODAY, out_dir=out, formats=["pptx"])
    return {p.stem: p for p in result.written}


def test_the_library_has_no_errors():
    checked = check(REPO, today=TODAY)
    assert [d.format() for d in checked.errors] == []
    assert len(checked.library.decks) >= 3


def test_the_library_has_the_seed_material():
    lib = check(REPO, today=TODAY).library
    for module in ("vendepunktet", "hvorfor-ansette", "formal-erfaringskonsulent", "stigmaord", "fakta-om-mb",
                   "allmenn-dognavdeling", "bergen-hovedstad", "ressurser", "bok-erfaringskompetanse",
                   "film-pasienterfaringer", "psykisk-helsemagasin"):
        assert module in lib.modules
    people = {q.by for q in lib.quotes.values()}
    assert {"Alain Topor", "Rita Sørly", "Rolf Magnus Grung"} <= people


@pytest.mark.parametrize("deck", DECKS)
def test_every_deck_passes_the_strict_reader(built_decks, deck):
    if not CHECKER.is_file():
        pytest.skip(f"the checker is not at {CHECKER}")
    cues = _cues(deck)
    args = [sys.executable, str(CHECKER), str(built_decks[deck])]
    for cue in cues:
        args += ["--canary", cue]
    result = subprocess.run(args, capture_output=True, text=True)
    assert result.stdout.strip().endswith("0 errors, 0 warnings"), result.stdout + result.stderr


def _cues(deck: str) -> list[str]:
    """Return a distinctive piece of every private cue of the deck's modules."""
    plan = check(REPO, today=TODAY).plan(deck)
    return [s.cues.strip()[:40] for s in plan.slides if s.cues and len(s.cues.strip()) >= 12]


@pytest.mark.parametrize("deck", DECKS)
def test_every_deck_matches_its_golden_dump(built_decks, deck, update_golden):
    text = dump(built_decks[deck].read_bytes())
    golden = GOLDEN / f"{deck}.txt"
    if update_golden or not golden.exists():
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
        if not update_golden:
            pytest.fail(f"wrote a new golden file {golden.name}; review and commit it")
    assert text == golden.read_text(encoding="utf-8"), f"run pytest --update-golden and review the diff of {golden}"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("deck", DECKS)
def test_libreoffice_renders_one_page_per_slide_with_its_title(built_decks, deck, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    source = built_decks[deck]
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=300)
    pdf = tmp_path / f"{deck}.pdf"
    slides = list(Presentation(source).slides)
    titles = [s.shapes.title.text_frame.text for s in slides]
    # A quote slide's title only repeats who said it: it is kept for screen readers and the outline, but placed
    # just above the slide (Microsoft's way to hide a title), so the page does not show it.
    shown = [s.shapes.title.top is None or s.shapes.title.top >= 0 for s in slides]
    pages = []
    for number in range(1, len(titles) + 2):
        result = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
                                capture_output=True, text=True)
        if result.returncode != 0:
            break
        pages.append(" ".join(result.stdout.split()))
    assert len(pages) == len(titles)
    for number, (title, page, visible) in enumerate(zip(titles, pages, shown), start=1):
        if visible:
            assert " ".join(title.split()) in page, f"slide {number}: title {title!r} not on the page"
        else:
            assert " ".join(title.split()) not in page, f"slide {number}: hidden title {title!r} is on the page"
