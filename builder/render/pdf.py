"""HTML to PDF with WeasyPrint: tagged, with embedded fonts, and the same bytes every time.

Why WeasyPrint: it lays out paged media from HTML and CSS (page margins with page numbers,
break control, named landscape pages) without a browser, and it can write tagged PDF
(PDF/UA-1). It needs the Pango library; when that is missing (typically on Windows without
the GTK runtime) `html_to_pdf` raises a `UserError` with a plain hint, never a traceback.

The fonts come from the tool's assets/fonts (Carlito, Liberation Sans) through @font-face
rules with file URLs, so a PDF looks the same on every machine. The engine may fetch only
those font files and data: URIs (thumbnails): never the network, never other files.

Determinism: creation and modification dates are the deck's date, the file identifier is
a hash of the content, and font subsets are named from a hash; the same HTML and plan
give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from builder.errors import UserError
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

WINDOWS_HINT = (
    "PDF needs WeasyPrint and the Pango library. On Debian/Ubuntu: apt install libpango-1.0-0 "
    "libpangoft2-1.0-0; on macOS: brew install pango; on Windows install the GTK3 runtime "
    "(or MSYS2 with mingw-w64-x86_64-pango) and put its bin folder on PATH. "
    "The PowerPoint, HTML and Word files build without it."
)


def _engine():
    """Import WeasyPrint, or raise a UserError that says what to install."""
    try:
        import weasyprint  # noqa: PLC0415 - imported lazily: it loads native libraries
    except ImportError as exc:
        raise UserError("cannot make PDF files: the PDF engine WeasyPrint is not installed",
                        "run `pip install weasyprint` in the tool's environment, then build again. "
                        + WINDOWS_HINT) from exc
    except OSError as exc:  # cffi could not load Pango/GObject
        raise UserError("cannot make PDF files: the Pango text library that WeasyPrint needs was not found",
                        WINDOWS_HINT) from exc
    if not hasattr(weasyprint, "URLFetcher"):
        raise UserError(f"cannot make PDF files: WeasyPrint {weasyprint.__version__} is too old",
                        "run `pip install --upgrade weasyprint` (version 68 or newer)")
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return weasyprint


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


def html_to_pdf(html: str, plan: DeckPlan) -> bytes:
    """Lay out `html` on A4 pages and return the PDF bytes; raise UserError without the engine."""
    weasyprint = _engine()
    fetcher = _fetcher(weasyprint, FONT_DIR)
    options = _variant(weasyprint)
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415

    fonts = FontConfiguration()
    document = weasyprint.HTML(string=html, base_url=FONT_DIR.resolve().as_uri() + "/", url_fetcher=fetcher)
    stylesheet = weasyprint.CSS(string=font_css(), url_fetcher=fetcher, font_config=fonts)
    rendered = document.render(font_config=fonts, stylesheets=[stylesheet], **options)
    meta = rendered.metadata
    stamp = pdf_date(plan.deck.date)
    meta.created = stamp
    meta.modified = stamp
    meta.title = meta.title or plan.deck.title
    meta.lang = meta.lang or "nb"
    meta.generator = meta.generator or "Erfaringsbanken"
    return rendered.write_pdf(pdf_identifier=True, **options)
