"""Fact cards that share a date and a source say them once, on a line under the row (render/cards.py).

The Bergen scenario: three cards from «Erfaringskommunen Bergen», all «høsten 2018»; read back
from the written slide on the library's template (cards in placeholders) and on a template
where the cards are drawn.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from builder.render.pptx.accounting import account
from support.deck_xml import rendered, xpath

CORPUS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "templates"
SHARED = "høsten 2018 · Kilde: Erfaringskommunen Bergen"


def bergen(root: Path, sources: tuple[str, str, str] = ("bergen",) * 3, template: str | None = None) -> Path:
    """Add three Bergen facts (from `sources`) and a slide with their cards to the fixture library."""
    with (root / "quotes/sources.yaml").open("a", encoding="utf-8") as out:
        out.write("  - id: bergen\n    type: web\n    title: Erfaringskommunen Bergen\n"
                  "  - id: forum\n    type: meeting\n    title: Tverrfaglig forum\n")
    with (root / "slides/facts.yaml").open("a", encoding="utf-8") as out:
        for n, (value, source) in enumerate(zip(("snart 100", "ca. 70–72", "21"), sources), start=1):
            out.write(f'  - id: bergen-{n}\n    value: "{value}"\n    text: Tall {n} fra Bergen\n'
                      f"    as_of: 2018-10-01\n    as_of_text: høsten 2018\n    source: {source}\n")
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8")
                      + "  - kind: facts\n    title: Erfaringskompetanse i Bergen\n"
                        "    facts: [bergen-1, bergen-2, bergen-3]\n", encoding="utf-8")
    if template:
        folder = root / "assets" / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS / template, folder / template)
        deck = root / "slides/decks/forelesning.yaml"
        deck.write_text(deck.read_text(encoding="utf-8") + f"template: {template}\n", encoding="utf-8")
    return root


def cards_slide(plan, pptx: bytes):
    number = next(s.number for s in plan.slides if s.title == "Erfaringskompetanse i Bergen")
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(pptx)).read(f"ppt/slides/slide{number}.xml"))


def paragraphs(xml) -> list[str]:
    return ["".join(xpath(p, ".//a:t/text()")) for p in xpath(xml, "//p:sp[not(.//p:ph[@type='dt' or @type='ftr' "
                                                                      "or @type='sldNum'])]//a:p")]


def box(shape) -> tuple[int, int, int, int]:
    off, ext = xpath(shape, "p:spPr/a:xfrm/a:off")[0], xpath(shape, "p:spPr/a:xfrm/a:ext")[0]
    return int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy"))


@pytest.mark.parametrize("template", [None, "libreoffice-lights.pptx"])
def test_cards_sharing_date_and_source_print_them_once_under_the_row(make_library, template):
    plan, pptx = rendered(bergen(make_library(), template=template))
    xml = cards_slide(plan, pptx)
    texts = paragraphs(xml)
    assert texts.count(SHARED) == 1 and not any("Kilde" in t for t in texts if t != SHARED)
    [note] = [s for s in xpath(xml, "//p:sp") if "".join(xpath(s, ".//a:t/text()")) == SHARED]
    cards = [s for s in xpath(xml, "//p:sp") if "".join(xpath(s, ".//a:t/text()")).startswith("Tall ")]
    assert len(cards) == 3
    _left, top, _width, height = box(note)
    assert all(top >= y + h for _x, y, _w, h in map(box, cards))  # under the row, not over a card
    assert top + height <= int(xpath(etree.fromstring(zipfile.ZipFile(io.BytesIO(pptx))
                                                      .read("ppt/presentation.xml")), "//p:sldSz/@cy")[0])
    assert account(plan, pptx) == []


def test_a_card_with_its_own_source_keeps_it_and_the_shared_date_goes_under_the_row(make_library):
    plan, pptx = rendered(bergen(make_library(), ("forum", "bergen", "bergen")))
    texts = paragraphs(cards_slide(plan, pptx))
    assert texts.count("Kilde: Tverrfaglig forum") == 1 and texts.count("Kilde: Erfaringskommunen Bergen") == 2
    assert "høsten 2018" in texts and SHARED not in texts
    assert account(plan, pptx) == []
