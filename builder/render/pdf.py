"""HTML to PDF with WeasyPrint: tagged, with embedded fonts, and the same bytes every time.

Why WeasyPrint: it lays out paged media from HTML and CSS (page margins with page numbers,
break control, named landscape pages) without a browser, and it can write tagged PDF
(PDF/UA-1). It needs the Pango library; when that is missing (typically on Windows without
the GTK runtime) `html_to_pdf` raises a `UserError` with a plain hint, never a traceback.

The fonts come from the tool's assets/fonts (Carlito, Liberation Sans) through @font-face
rules with file URLs, so a PDF looks the same on every machine. The engine may fetch only
those font files and data: URIs (thumbnails): never the network, never other files.

Determinism: creation and modification dates are the deck's date, the file identifier is
a hash of the content, font subsets are named from a hash, and the subset fonts' own
timestamp (fontTools stamps the time of writing) follows SOURCE_DATE_EPOCH, which is set
to the deck's date while the PDF is written. The same HTML and plan give the same bytes.

Speed (CPU time of the three handout PDFs, 2026-11, WeasyPrint 70): subsetting the embedded
fonts with HarfBuzz, which WeasyPrint does when `libharfbuzz-subset0` is installed (`.ci/run`
installs it), takes about a third of the time of fontTools, its fallback, for the same size.
The fonts are loaded into one `FontConfiguration` per process (`_fonts`), about 20 ms less
per PDF. The options we keep cost little: PDF/UA-1 over plain tags nothing measurable, the
tags about 6 %; `optimize_images` and `uncompressed_pdf` save nothing (the latter makes the
file 5× larger).
"""

from __future__ import annotations

import atexit
import calendar
import contextlib
import datetime as dt
import io
import logging
import os
import warnings
from pathlib import Path

from builder.errors import UserError
from builder.i18n import _
from builder.plan import DeckPlan

FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"

# family name in the print CSS -> (file stem, weight, style) for each face
FACES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "Erfaring Text": (
        ("Carlito-Regular", "normal", "normal"),
        ("Carlito-Bold", "bold", "normal"),
        ("Carlito-Italic", "normal", "italic"),
        ("Carlito-BoldItalic", "bold", "italic"),
    ),
    "Erfaring Sans": (
        ("LiberationSans-Regular", "normal", "normal"),
        ("LiberationSans-Bold", "bold", "normal"),
        ("LiberationSans-Italic", "normal", "italic"),
        ("LiberationSans-BoldItalic", "bold", "italic"),
    ),
}

def pango_hint() -> str:
    """Return what to install for PDF files on Windows, macOS and Linux, and what is built meanwhile."""
    return _("Install the Pango text library. Windows: install MSYS2 (msys2.org) in C:\\msys64, open "
             "«MSYS2 UCRT64» and run `pacman -S mingw-w64-ucrt-x86_64-pango` (MSYS2 somewhere else: set "
             "WEASYPRINT_DLL_DIRECTORIES to its ucrt64\\bin folder). macOS: `brew install pango`. "
             "Linux (Debian/Ubuntu): `sudo apt install libpango-1.0-0 libpangoft2-1.0-0`. "
             "Until then the PowerPoint, HTML and Word files are built without PDF.")


def _engine():
    """Import WeasyPrint, or raise a UserError that says what to install."""
    try:
        with warnings.catch_warnings():
            # Without the HarfBuzz subsetter (libharfbuzz-subset0) WeasyPrint announces that a
            # future version will need it; until then it subsets fonts with fontTools, slower but fine.
            warnings.filterwarnings("ignore", message=".*HarfBuzz-Subset", category=DeprecationWarning)
            # Without Pango, WeasyPrint prints an English banner on stdout before it fails; our own
            # message below says the same in the user's language, so the banner is kept out of sight.
            with contextlib.redirect_stdout(io.StringIO()):
                import weasyprint  # noqa: PLC0415 - imported lazily: it loads native libraries
    except ImportError as exc:
        raise UserError(_("cannot make PDF files: the PDF engine WeasyPrint is not installed"),
                        _("run `pip install weasyprint` in the tool's environment, then build again.")
                        + " " + pango_hint()) from exc
    except OSError as exc:  # cffi could not load Pango/GObject
        raise UserError(_("cannot make PDF files: the text library Pango, which PDF files need, is not installed"),
                        pango_hint()) from exc
    if not hasattr(weasyprint, "URLFetcher"):
        raise UserError(_("cannot make PDF files: WeasyPrint {version} is too old")
                        .format(version=weasyprint.__version__),
                        _("run `pip install --upgrade weasyprint` (version 68 or newer), then build again"))
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return weasyprint


def unavailable() -> UserError | None:
    """Return why PDFs cannot be made on this machine, or None when they can."""
    try:
        _engine()
    except UserError as exc:
        return exc
    return None


def font_css(font_dir: Path = FONT_DIR) -> str:
    """Return @font-face rules for the shipped fonts, with file URLs (only existing files)."""
    rules = []
    for family, faces in FACES.items():
        for stem, weight, style in faces:
            path = font_dir / f"{stem}.ttf"
            if path.is_file():
                rules.append(
                    f'@font-face {{ font-family: "{family}"; src: url("{path.resolve().as_uri()}"); '
                    f"font-weight: {weight}; font-style: {style}; }}"
                )
    return "\n".join(rules)


def _fetcher(weasyprint, font_dir: Path):
    """Return a URL fetcher that serves the font files and data: URIs, and refuses the rest."""
    allowed = {p.resolve().as_uri() for p in font_dir.glob("*.ttf")}

    class Fetcher(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:") or url in allowed:
                return super().fetch(url, headers)
            raise ValueError(f"not fetched while making a PDF: {url[:80]}")

    return Fetcher(allowed_protocols=("file", "data"), allow_redirects=False)


def _variant(weasyprint) -> dict:
    """Return the options for a tagged PDF: PDF/UA-1 when this WeasyPrint knows it."""
    try:
        from weasyprint.pdf import VARIANTS  # noqa: PLC0415
    except ImportError:  # pragma: no cover - very old engine
        VARIANTS = {}
    options = {"pdf_tags": True}
    if "pdf/ua-1" in VARIANTS:
        options.update(pdf_variant="pdf/ua-1", pdf_version="1.7")
    return options


def pdf_date(day: dt.date) -> str:
    """Return the deck date as a W3C date-time at midnight UTC (creation/modification)."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@contextlib.contextmanager
def _source_date(day: dt.date):
    """Set SOURCE_DATE_EPOCH to `day` for the duration (fontTools reads it); restore it after."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(day.timetuple()))
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


# process id -> (fetcher, FontConfiguration, the @font-face stylesheet): made once per process.
_FONTS: dict[int, tuple] = {}


def _fonts(weasyprint):
    """Return the URL fetcher, font configuration and font stylesheet, loaded once per process.

    Why: loading the shipped fonts into Pango and parsing their @font-face rules is the same
    work for every PDF; a build of many PDFs, or a long-lived `watch`, does it once. A worker
    process (a fork) makes its own, never sharing Pango's state with its parent.
    """
    pid = os.getpid()
    if pid not in _FONTS:
        from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415

        if not _FONTS:
            atexit.register(_forget_fonts)
        fetcher = _fetcher(weasyprint, FONT_DIR)
        config = FontConfiguration()
        stylesheet = weasyprint.CSS(string=font_css(), url_fetcher=fetcher, font_config=config)
        _FONTS[pid] = (fetcher, config, stylesheet)
    return _FONTS[pid]


def _forget_fonts() -> None:
    """At exit, let this process's font configuration remove its temporary folder while Python still can.

    A configuration inherited from a parent process keeps its folder: the parent still uses it.
    """
    for pid, (_fetch, config, _sheet) in list(_FONTS.items()):
        if pid != os.getpid():
            config._folder = None  # noqa: SLF001 - the parent's folder, not ours to remove
    _FONTS.clear()


def subsetter() -> str:
    """Return how the PDF engine subsets embedded fonts: 'harfbuzz' (fast) or 'fonttools'.

    WeasyPrint uses HarfBuzz's subsetter when the library is installed (Debian:
    `libharfbuzz-subset0`); without it, fontTools re-reads each font's tables for every PDF.
    """
    _engine()
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset  # noqa: PLC0415

    return "harfbuzz" if harfbuzz_subset and harfbuzz.hb_version_atleast(4, 1, 0) else "fonttools"


def layout(html: str):
    """Lay out `html` on pages with the shipped fonts and return the engine's document (pages of boxes).

    `html_to_pdf` writes this document; tests read it to see where the pages break.
    """
    weasyprint = _engine()
    fetcher, fonts, stylesheet = _fonts(weasyprint)
    document = weasyprint.HTML(string=html, base_url=FONT_DIR.resolve().as_uri() + "/", url_fetcher=fetcher)
    return document.render(font_config=fonts, stylesheets=[stylesheet], **_variant(weasyprint))


def html_to_pdf(html: str, plan: DeckPlan) -> bytes:
    """Lay out `html` on A4 pages and return the PDF bytes; raise UserError without the engine."""
    return document_to_pdf(layout(html), plan)


def document_to_pdf(rendered, plan: DeckPlan) -> bytes:
    """Write a document `layout` made as PDF bytes, dated and titled from the deck."""
    options = _variant(_engine())
    meta = rendered.metadata
    stamp = pdf_date(plan.deck.date)
    meta.created = stamp
    meta.modified = stamp
    meta.title = meta.title or plan.deck.title
    meta.lang = meta.lang or "nb"
    meta.generator = meta.generator or "Erfaringsbanken"
    with _source_date(plan.deck.date):
        return rendered.write_pdf(pdf_identifier=True, **options)
