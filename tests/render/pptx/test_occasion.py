"""Title and closing slides that carry the occasion: presenter, contact, help and the handout's QR code."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from builder.pipeline import build
from support.checker import pptx_check

TODAY = dt.date(2026, 11, 22)
REPO = Path(__file__).resolve().parents[3]
LIGHTS = REPO / "tests" / "fixtures" / "templates" / "libreoffice-lights.pptx"
DECK = "slides/decks/forelesning.yaml"
OCCASION = ("presenter: Kari Nordmann\nrole: erfaringskonsulent\ninstitution: Helse Bergen\n"
            "contact: kari@example.org\nhandout_url: https://example.org/hefte\n"
            "help:\n  - \"Mental Helses hjelpetelefon, døgnåpen: 116 123\"\n")


def _built(root: Path, extra: str = "") -> Path:
    deck = root / DECK
    deck.write_text(deck.read_text(encoding="utf-8") + extra, encoding="utf-8")
    result = build(root, today=TODAY, formats=["pptx"])
    assert result.written, result.diagnostics
    return result.written[0]


FOOTERS = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)


def _texts(slide) -> list[str]:
    """Return the slide's paragraphs without its footers, with no-break spaces as spaces."""
    shapes = [s for s in slide.shapes if s.has_text_frame
              and not (s.is_placeholder and s.placeholder_format.type in FOOTERS)]
    return [p.text.replace("\u00a0", " ") for s in shapes for p in s.text_frame.paragraphs if p.text]


def _qr_codes(slide) -> list:
    return [s for s in slide.shapes if s._element.tag.endswith("}pic") and s.name == "QR-kode"]


def _inside(inner, outer) -> bool:
    return (inner.left >= outer.left and inner.top >= outer.top and inner.left + inner.width <= outer.left + outer.width
            and inner.top + inner.height <= outer.top + outer.height)


def _apart(a, b) -> bool:
    return (a.left + a.width <= b.left or b.left + b.width <= a.left
            or a.top + a.height <= b.top or b.top + b.height <= a.top)


def test_the_title_slide_names_the_presenter_with_role_and_institution(make_library):
    prs = Presentation(_built(make_library(), OCCASION))
    title = prs.slides[0]
    assert "Kari Nordmann, erfaringskonsulent, Helse Bergen · 22. november 2026" in _texts(title)
    assert title.notes_slide.notes_text_frame.text.startswith("Velkommen")


def test_the_closing_slide_shows_contact_and_a_qr_code_for_the_handout_beside_the_title(make_library):
    path = _built(make_library(), OCCASION)
    prs = Presentation(path)
    closing = prs.slides[-1]
    assert closing.slide_layout.name == "Avslutning"
    assert _texts(closing)[1:] == ["Spørsmål?", "Kontakt: Kari Nordmann, kari@example.org",
                                   "Deltakerheftet: https://example.org/hefte"]
    [qr] = _qr_codes(closing)
    assert qr._element.nvPicPr.cNvPr.get("descr") == "QR-kode som lenker til deltakerheftet, https://example.org/hefte"
    slide_box = type("Box", (), {"left": 0, "top": 0, "width": prs.slide_width, "height": prs.slide_height})
    assert _inside(qr, slide_box)
    for shape in closing.shapes:
        if shape.has_text_frame and shape.text_frame.text:
            assert _apart(qr, shape), shape.text_frame.text
    help_slide = prs.slides[-2]
    assert _texts(help_slide) == ["Her kan du få hjelp", "Mental Helses hjelpetelefon, døgnåpen: 116 123"]
    assert pptx_check(path).strip().endswith("0 errors, 0 warnings")


def test_without_a_handout_link_the_closing_slide_has_no_qr_code_and_no_placeholders(make_library):
    prs = Presentation(_built(make_library()))
    closing = prs.slides[-1]
    assert _qr_codes(closing) == []
    assert _texts(closing) == ["Takk for i dag", "Spørsmål?", "Hovedpunktene og kildene finner du i deltakerheftet."]
    assert _texts(prs.slides[0])[-1] == "22. november 2026"


def test_on_an_inferred_template_the_qr_code_stands_right_of_the_closing_text(make_library):
    root = make_library()
    target = root / "assets" / "templates"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(LIGHTS, target / LIGHTS.name)
    prs = Presentation(_built(root, OCCASION + f"template: {LIGHTS.name}\n"))
    closing = prs.slides[-1]
    [qr] = _qr_codes(closing)
    body = next(s for s in closing.shapes if s.has_text_frame and "Spørsmål?" in s.text_frame.text)
    assert qr.left >= body.left + body.width
    assert _apart(qr, body)
