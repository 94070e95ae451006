"""PDF handouts and manuscripts: metadata, language, tags, embedded shipped fonts, text, safety, determinism."""

from __future__ import annotations

import builtins
import datetime as dt
import hashlib
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from builder.errors import UserError
from builder.pipeline import check
from builder.plan import clock
from builder.render import pdf as pdf_module
from builder.render.handout import handout_html
from builder.render.manuscript import manuscript_html
from builder.render.pdf import html_to_pdf

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 22)
DECKS = sorted(p.stem for p in (REPO / "slides" / "decks").glob("*.yaml"))
TEMPLATE = "{{ 7*7 }}"
SCRIPT = "<script>alert(1)</script>"

try:
    pdf_module._engine()
except UserError as exc:  # WeasyPrint not installed, or Pango missing
    pytest.skip(f"the PDF engine cannot load here: {exc.message}", allow_module_level=True)


def poppler(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


def pdf_text(path: Path) -> str:
    """Return the text of a PDF as one line: words joined across line ends, hyphenation undone.

    The engine hyphenates with U+2010 (dropped when it ends a line); a real hyphen at the end
    of a line («FACT-team») is kept and joined to the next word.
    """
    raw = poppler("pdftotext", "-raw", "-enc", "UTF-8", str(path), "-")
    raw = raw.replace("\u00ad", "").replace("\u2010\n", "").replace("-\n", "-")
    return " ".join(raw.split())


@pytest.fixture(scope="module")
def checked():
    return check(REPO, today=TODAY)


@pytest.fixture(scope="module")
def handouts(checked, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("handouts")
    paths = {}
    for deck in DECKS:
        plan = checked.plan(deck)
        path = out / f"{deck}.pdf"
        path.write_bytes(html_to_pdf(handout_html(plan), plan))
        paths[deck] = path
    return paths


@pytest.fixture(scope="module")
def manuscript(checked, tmp_path_factory) -> Path:
    plan = checked.plan("hoyskole-erfaringskompetanse")
    path = tmp_path_factory.mktemp("manuscript") / "manus.pdf"
    path.write_bytes(html_to_pdf(manuscript_html(plan), plan))
    return path


# --- metadata, language, tags, fonts ----------------------------------------------------------------


@pytest.mark.parametrize("deck", DECKS)
def test_the_handout_pdf_has_the_deck_title_norwegian_language_and_the_deck_date(checked, handouts, deck):
    plan = checked.plan(deck)
    reader = PdfReader(handouts[deck])
    assert reader.metadata.title == f"{plan.deck.title} – deltakerhefte"
    assert reader.trailer["/Root"]["/Lang"] == "nb"
    stamp = plan.deck.date.strftime("D:%Y%m%d000000")
    assert reader.metadata["/CreationDate"].startswith(stamp)
    assert reader.metadata["/ModDate"].startswith(stamp)


@pytest.mark.parametrize("deck", DECKS)
def test_the_handout_pdf_is_a_tagged_a4_document(handouts, deck):
    reader = PdfReader(handouts[deck])
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a pypdf BooleanObject
    assert "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


@pytest.mark.parametrize("deck", DECKS)
def test_the_pdf_embeds_only_the_shipped_fonts(handouts, deck):
    lines = poppler("pdffonts", str(handouts[deck])).splitlines()[2:]
    assert lines
    for line in lines:
        name, *_, emb, sub, uni, _obj, _gen = line.split()
        assert name.split("+", 1)[1].startswith(("Erfaring-Text", "Erfaring-Sans")), line
        assert (emb, sub, uni) == ("yes", "yes", "yes"), line


def test_the_manuscript_pdf_is_landscape_and_titled(manuscript):
    reader = PdfReader(manuscript)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    assert reader.metadata.title == "Erfaringskompetanse – manus"
    assert reader.trailer["/Root"]["/Lang"] == "nb"


# --- text ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("deck", DECKS)
def test_the_handout_pdf_text_is_selectable_norwegian_with_every_heading_quote_author_and_source(
        checked, handouts, deck):
    plan = checked.plan(deck)
    text = pdf_text(handouts[deck])
    assert plan.deck.title in text and "Program" in text
    assert any(letter in text for letter in "æøå")
    for entry in plan.programme:
        assert " ".join(entry.title.split()) in text
        assert entry.start in text
        for quote in entry.quotes:
            assert quote.quote.by in text
        for question in entry.questions:
            assert " ".join(question.split()) in text
    for source in plan.sources:
        assert " ".join(source.title.split()) in text


@pytest.mark.parametrize("deck", DECKS)
def test_cues_never_reach_the_handout_pdf(checked, handouts, deck):
    plan = checked.plan(deck)
    text = pdf_text(handouts[deck])
    for slide in plan.slides:
        if slide.cues:
            assert " ".join(slide.cues.split())[:30] not in text


def test_the_manuscript_pdf_shows_notes_cues_and_clock_times(checked, manuscript):
    plan = checked.plan("hoyskole-erfaringskompetanse")
    text = pdf_text(manuscript)
    assert "PRIVAT STIKKORD" in text
    for slide in plan.slides:
        if slide.cues:
            assert " ".join(slide.cues.split())[:25] in text
    pause = [p for p in plan.programme if p.module is None][0]
    for time in (plan.deck.start, clock(plan.deck.start, plan.slides[3].start), pause.start,
                 clock(plan.deck.start, plan.session_minutes)):
        assert time in text


def test_a_thumbnail_is_embedded_as_an_image(checked, tmp_path):
    from PIL import Image

    plan = checked.plan("ansatte-allmenn-dognavdeling")
    picture = io.BytesIO()
    Image.new("RGB", (320, 180), "#A6492B").save(picture, "PNG")
    path = tmp_path / "manus.pdf"
    path.write_bytes(html_to_pdf(manuscript_html(plan, {1: picture.getvalue()}), plan))
    images = poppler("pdfimages", "-list", str(path)).splitlines()[2:]
    assert len(images) == 1


# --- safety --------------------------------------------------------------------------------------------


def dangerous_plan(make_library):
    root = make_library("unsafe-content")
    checked = check(root, today=TODAY)
    assert not checked.errors, [d.format() for d in checked.errors]
    return checked.plan("forelesning")


def test_template_syntax_and_script_tags_are_literal_text_in_the_pdfs(make_library, tmp_path):
    plan = dangerous_plan(make_library)
    handout = tmp_path / "handout.pdf"
    handout.write_bytes(html_to_pdf(handout_html(plan), plan))
    text = pdf_text(handout)
    for expected in (f"Tittel {TEMPLATE} {SCRIPT}", f"Sammendrag {TEMPLATE} {SCRIPT}",
                     f"Heftetekst {TEMPLATE} {SCRIPT}", f"«{TEMPLATE} {SCRIPT} & <w:t>»"):
        assert expected in text
    assert "49" not in text
    assert "HEMMELIGSTIKKORD" not in text and "Notat" not in text
    assert PdfReader(handout).metadata.title == f"Tittel {TEMPLATE} {SCRIPT} – deltakerhefte"
    manus = tmp_path / "manus.pdf"
    manus.write_bytes(html_to_pdf(manuscript_html(plan), plan))
    text = pdf_text(manus)
    for expected in (f"Notat {TEMPLATE} {SCRIPT}", f"HEMMELIGSTIKKORD {TEMPLATE}"):
        assert expected in text


def test_the_engine_fetches_only_the_shipped_fonts_and_data_uris():
    fetcher = pdf_module._fetcher(pdf_module._engine(), pdf_module.FONT_DIR)
    font = (pdf_module.FONT_DIR / "Carlito-Regular.ttf").resolve().as_uri()
    response = fetcher.fetch(font)
    try:
        assert response.read(4) == b"\x00\x01\x00\x00"  # a TrueType font
    finally:
        response.close()
    for url in ("file:///etc/passwd", "https://example.org/x.css", (REPO / "pyproject.toml").as_uri()):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_a_page_that_links_outside_still_renders_without_fetching_it(checked):
    plan = checked.plan(DECKS[0])
    page = ('<!DOCTYPE html><html lang="nb"><head><title>t</title>'
            '<link rel="stylesheet" href="https://example.invalid/x.css"></head>'
            '<body><p>Hei</p><img src="file:///etc/passwd" alt="x"></body></html>')
    assert html_to_pdf(page, plan).startswith(b"%PDF-")


# --- the engine is missing ------------------------------------------------------------------------------


def test_a_missing_pdf_engine_is_a_plain_user_error_with_a_hint(checked, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # makes `import weasyprint` raise ImportError
    with pytest.raises(UserError) as caught:
        html_to_pdf("<p>hei</p>", checked.plan(DECKS[0]))
    assert "WeasyPrint is not installed" in caught.value.message
    assert "pip install weasyprint" in caught.value.hint


def test_a_missing_pango_library_is_a_plain_user_error_with_a_hint(checked, monkeypatch):
    real = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libgobject-2.0-0': error 0x7e")
        return real(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_pango)
    with pytest.raises(UserError) as caught:
        html_to_pdf("<p>hei</p>", checked.plan(DECKS[0]))
    assert "Pango" in caught.value.message
    assert "pango" in caught.value.hint and "Windows" in caught.value.hint


# --- page breaks ------------------------------------------------------------------------------------------


class Laid:
    """Where the engine put each element: the pages it is on, and how full each page is."""

    def __init__(self, html: str):
        from weasyprint.formatting_structure import boxes  # noqa: PLC0415

        self.document = pdf_module.layout(html)
        self.pages: dict[int, set[int]] = {}
        self.fill: list[float] = []
        self.root = self.document.pages[0]._page_box.children[0].element
        for number, page in enumerate(self.document.pages, start=1):
            box = page._page_box
            top, bottom = box.content_box_y(), box.content_box_y()
            stack = [box]
            while stack:
                current = stack.pop()
                element = getattr(current, "element", None)
                if element is not None:
                    self.pages.setdefault(id(element), set()).add(number)
                children = getattr(current, "children", None) or []
                if isinstance(current, (boxes.LineBox, boxes.ReplacedBox)) or not children:
                    bottom = max(bottom, current.position_y + current.margin_height())
                else:
                    stack.extend(children)
            self.fill.append((bottom - top) / box.height)

    def on(self, element) -> set[int]:
        return self.pages.get(id(element), set())

    def find(self, css_class: str) -> list:
        return [e for e in self.root.iter() if css_class in (e.get("class") or "").split()]


@pytest.fixture(scope="module")
def laid_handouts(checked) -> dict[str, Laid]:
    return {deck: Laid(handout_html(checked.plan(deck))) for deck in DECKS}


@pytest.mark.parametrize("deck", DECKS)
def test_each_reflection_question_is_on_one_page_with_its_lines_and_the_last_is_never_alone(laid_handouts, deck):
    laid = laid_handouts[deck]
    lists = [q.find("ol") for q in laid.find("questions")]
    assert lists
    for items in lists:
        items = list(items)
        for item in items:
            assert len(laid.on(item)) == 1
        if len(items) > 1:
            assert laid.on(items[-1]) & laid.on(items[-2]), "the last question opens a page alone"


@pytest.mark.parametrize("deck", DECKS)
def test_a_key_points_box_never_opens_a_page_cut_off_from_its_module(laid_handouts, deck):
    laid = laid_handouts[deck]
    boxes = laid.find("key-points")
    assert boxes
    parents = {id(child): parent for parent in laid.root.iter() for child in parent}
    for box in boxes:
        assert len(laid.on(box)) == 1
        siblings = list(parents[id(box)])
        before = siblings[siblings.index(box) - 1]
        assert laid.on(box) <= laid.on(before)


@pytest.mark.parametrize("deck", DECKS)
def test_a_module_heading_is_on_the_page_of_its_learning_objectives(laid_handouts, deck):
    laid = laid_handouts[deck]
    for module in laid.find("module"):
        heading = module.find(".//h2")
        objectives = [e for e in module if "objectives" in (e.get("class") or "")]
        if objectives:
            assert laid.on(heading) == laid.on(objectives[0]), heading.text


@pytest.mark.parametrize("deck", DECKS)
def test_no_page_of_the_handout_but_the_last_is_half_empty(laid_handouts, deck):
    fill = laid_handouts[deck].fill
    assert min(fill[:-1]) > 0.5, [round(f, 2) for f in fill]


def test_the_closing_slides_of_the_manuscript_share_its_last_page(checked):
    plan = checked.plan("hoyskole-erfaringskompetanse")
    laid = Laid(manuscript_html(plan))
    slides = laid.find("ms-slide")
    assert laid.on(slides[-1]) == laid.on(slides[-2]) == {len(laid.document.pages)}
    assert min(laid.fill[:-1]) > 0.5


# --- determinism ------------------------------------------------------------------------------------------


def test_the_same_plan_gives_the_same_pdf_bytes(checked):
    plan = checked.plan("ansatte-allmenn-dognavdeling")
    page = handout_html(plan)
    assert html_to_pdf(page, plan) == html_to_pdf(page, plan)


def test_the_same_plan_gives_the_same_pdf_bytes_in_a_fresh_process(checked):
    plan = checked.plan("ansatte-allmenn-dognavdeling")
    here = hashlib.sha256(html_to_pdf(manuscript_html(plan), plan)).hexdigest()
    script = (
        "import datetime, hashlib, pathlib\n"
        "from builder.pipeline import check\n"
        "from builder.render.manuscript import manuscript_html\n"
        "from builder.render.pdf import html_to_pdf\n"
        f"plan = check(pathlib.Path({str(REPO)!r}), today=datetime.date(2026, 11, 22)).plan('ansatte-allmenn-dognavdeling')\n"
        "print(hashlib.sha256(html_to_pdf(manuscript_html(plan), plan)).hexdigest())\n"
    )
    there = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO)
    assert there.stdout.strip() == here


# --- speed without a timer: fonts once per process, HarfBuzz when it is there --------------------------


def test_the_fonts_are_loaded_once_per_process_and_every_pdf_still_embeds_them(checked, monkeypatch, tmp_path):
    from weasyprint.text import fonts as engine_fonts

    made = []

    class Counting(engine_fonts.FontConfiguration):
        def __init__(self, *args, **kwargs):
            made.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(engine_fonts, "FontConfiguration", Counting)
    monkeypatch.setattr(pdf_module, "_FONTS", {})
    for deck in DECKS[:2]:
        plan = checked.plan(deck)
        path = tmp_path / f"{deck}.pdf"
        path.write_bytes(html_to_pdf(handout_html(plan), plan))
        lines = poppler("pdffonts", str(path)).splitlines()[2:]
        assert {line.split()[0].split("+", 1)[1] for line in lines} >= {"Erfaring-Text", "Erfaring-Sans"}
        assert all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in lines)  # embedded, subset, unicode
    assert len(made) == 1


def test_fonts_are_subset_with_harfbuzz_when_its_library_is_installed():
    import ctypes.util

    if ctypes.util.find_library("harfbuzz-subset") is None:
        pytest.skip("libharfbuzz-subset0 is not installed: WeasyPrint subsets with fontTools")
    assert pdf_module.subsetter() == "harfbuzz"
