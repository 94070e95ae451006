"""Cases for the codes of the render layer: templates, layout maps, and the check of the written deck.

The map cases reuse the scenario folders tests/fixtures/map-*/ beside their binary template, as
tests/render/pptx/test_template.py does; the written-deck cases tamper with a rendered deck, as
tests/render/pptx/test_accounting.py does.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from lxml import etree
from pptx import Presentation

from builder.pipeline import check
from builder.render.pptx.accounting import account
from builder.render.pptx.template import load_template
from support.deck_xml import NS, rendered, rewrite, shape_of

TODAY = dt.date(2026, 11, 22)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ORG = FIXTURES / "template-organisasjon-4x3" / "organisasjon.pptx"
LIGHTS = FIXTURES / "templates" / "libreoffice-lights.pptx"



def _map(scenario: str, template: Path = ORG):
    """Return a trigger that checks the library of a map scenario on its template."""

    def trigger(make_library, monkeypatch, tmp_path):
        root = make_library(scenario)
        folder = root / "assets" / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(template, folder / template.name)
        deck = root / "slides" / "decks" / "forelesning.yaml"
        deck.write_text(deck.read_text(encoding="utf-8") + f"template: {template.name}\n", encoding="utf-8")
        return check(root, TODAY).diagnostics

    return trigger


def _template_missing(make_library, monkeypatch, tmp_path):
    return load_template(make_library(), "finnes-ikke.pptx")[1]


def _template_unreadable(make_library, monkeypatch, tmp_path):
    root = make_library()
    broken = root / "assets" / "templates" / "ødelagt.pptx"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_bytes(b"dette er ikke en PowerPoint-fil")
    return load_template(root, broken.name)[1]


def _template_no_title(make_library, monkeypatch, tmp_path):
    root = make_library()
    prs = Presentation()
    for layout in prs.slide_layouts:
        for shape in list(layout.placeholders):
            if shape.placeholder_format.type is not None and "TITLE" in str(shape.placeholder_format.type) \
                    and "SUB" not in str(shape.placeholder_format.type):
                shape._element.getparent().remove(shape._element)
    target = root / "assets" / "templates" / "uten-tittel.pptx"
    target.parent.mkdir(parents=True, exist_ok=True)
    prs.save(target)
    return load_template(root, target.name)[1]


def _content_lost(make_library, monkeypatch, tmp_path):
    plan, pptx = rendered(make_library())

    def empty(root):
        shape_of(root, "MB startet i Norge").find(".//a:t", NS).text = ""

    return account(plan, rewrite(pptx, "ppt/slides/slide4.xml", empty))


def _content_off_slide(make_library, monkeypatch, tmp_path):
    plan, pptx = rendered(make_library())

    def move_left(root):
        sp_pr = shape_of(root, "2006").find("p:spPr", NS)
        for old in sp_pr.findall("a:xfrm", NS):
            sp_pr.remove(old)
        xfrm = etree.Element(f"{{{NS['a']}}}xfrm")
        etree.SubElement(xfrm, f"{{{NS['a']}}}off", x="-431800", y="1920240")
        etree.SubElement(xfrm, f"{{{NS['a']}}}ext", cx="2844800", cy="1051560")
        sp_pr.insert(0, xfrm)

    return account(plan, rewrite(pptx, "ppt/slides/slide4.xml", move_left))


def _slide_count(make_library, monkeypatch, tmp_path):
    plan, pptx = rendered(make_library())

    def drop_last(root):
        last = root.findall(".//p:sldId", NS)[-1]
        last.getparent().remove(last)

    return account(plan, rewrite(pptx, "ppt/presentation.xml", drop_last))


CASES = {
    "content-lost": _content_lost,
    "content-off-slide": _content_off_slide,
    "slide-count": _slide_count,
    "layout-map-font": _map("map-font-not-shipped"),
    "layout-map-footer": _map("map-role-on-footer"),
    "layout-map-picture": _map("map-picture-in-text-placeholder"),
    "layout-map-role": _map("map-missing-role"),
    "layout-map-shared-idx": _map("map-shared-idx", LIGHTS),
    "layout-map-shared-placeholder": _map("map-one-placeholder-two-roles"),
    "layout-map-slide-size": _map("map-wrong-slide-size"),
    "layout-map-text": _map("map-text-in-picture-placeholder"),
    "layout-missing": _map("map-unknown-layout"),
    "placeholder-missing": _map("map-unknown-idx"),
    "template-missing": _template_missing,
    "template-no-title": _template_no_title,
    "template-unreadable": _template_unreadable,
}
