"""Render a deck without writing it, and tamper with its XML the way a broken renderer or template would."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Callable

from lxml import etree

from builder.fit import fit_plan
from builder.pipeline import check
from builder.plan import DeckPlan
from builder.render.pptx.deck import render_deck
from builder.render.pptx.template import font_dir

TODAY = dt.date(2026, 11, 22)
NS = {
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}


def rendered(root: Path, deck_id: str = "forelesning") -> tuple[DeckPlan, bytes]:
    """Plan, fit and render one deck the way the build does, without writing anything."""
    checked = check(root, TODAY)
    plan = checked.plan(deck_id)
    template = checked.templates[plan.deck.template]
    fitted, _problems = fit_plan(plan, template.geometry, font_dir(root, template.fonts.measure))
    return fitted, render_deck(fitted, template)


def rewrite(pptx: bytes, part: str, change: Callable[[etree._Element], None]) -> bytes:
    """Return `pptx` with the XML of `part` (e.g. 'ppt/slides/slide4.xml') changed by `change`."""
    source = zipfile.ZipFile(io.BytesIO(pptx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == part:
                root = etree.fromstring(blob)
                change(root)
                blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, blob)
    return out.getvalue()


def xpath(element: etree._Element, path: str) -> list:
    return etree.XPath(path, namespaces=NS)(element)


def paragraph(root: etree._Element, text: str) -> etree._Element:
    """Return the one paragraph whose runs read `text`."""
    found = [p for p in xpath(root, "//a:p") if "".join(xpath(p, ".//a:t/text()")) == text]
    assert len(found) == 1, f"{len(found)} paragraphs read {text!r}"
    return found[0]


def shape_of(root: etree._Element, text: str) -> etree._Element:
    """Return the shape that holds the paragraph reading `text`."""
    return xpath(paragraph(root, text), "ancestor::p:sp[1]")[0]


def slide_xml(pptx: bytes, number: int) -> etree._Element:
    """The XML of slide `number` of a deck's bytes."""
    import io
    import zipfile

    return etree.fromstring(zipfile.ZipFile(io.BytesIO(pptx)).read(f"ppt/slides/slide{number}.xml"))
