"""Cases for the codes of the render layer: templates, layout maps, and the check of the written deck.

The map cases reuse the scenario folders tests/fixtures/map-*/ beside their binary template, as
tests/render/pptx/test_template.py does; the written-deck cases tamper with a rendered deck, as
tests/render/pptx/test_accounting.py does.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

from lxml import etree
from pptx import Presentation

from builder.fit import fit_plan
from builder.pipeline import check
from builder.render.pptx.accounting import account
from builder.render.pptx.deck import render_deck
from builder.render.pptx.template import font_dir, load_template

TODAY = dt.date(2026, 11, 22)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ORG = FIXTURES / "template-organisasjon-4x3" / "organisasjon.pptx"
LIGHTS = FIXTURES / "templates" / "libreoffice-lights.pptx"
NS = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}


def _library(tmp_path: Path, scenario: str | None = None) -> Path:
    """Copy library-minimal (plus a scenario overlay) into this call's own tmp_path.

    Why not `make_library`: it copies into the test's tmp_path, and each trigger runs twice per test.
    """
    root = tmp_path / (scenario or "library-minimal")
    shutil.copytree(FIXTURES / "library-minimal", root)
    if scenario:
        shutil.copytree(FIXTURES / scenario, root, dirs_exist_ok=True)
    return root


def _map(scenario: str, template: Path = ORG):
    """Return a trigger that checks the library of a map scenario on its template."""

    def trigger(make_library, monkeypatch, tmp_path):
        root = _library(tmp_path, scenario)
        folder = root / "assets" / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(template, folder / template.name)
        deck = root / "slides" / "decks" / "forelesning.yaml"
        deck.write_text(deck.read_text(encoding="utf-8") + f"template: {template.name}\n", encoding="utf-8")
        return check(root, TODAY).diagnostics

    return trigger


def _template_missing(make_library, monkeypatch, tmp_path):
    return load_template(_library(tmp_path), "finnes-ikke.pptx")[1]


def _template_unreadable(make_library, monkeypatch, tmp_path):
    root = _library(tmp_path)
    broken = root / "assets" / "templates" / "ødelagt.pptx"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_bytes(b"dette er ikke en PowerPoint-fil")
    return load_template(root, broken.name)[1]


def _template_no_title(make_library, monkeypatch, tmp_path):
    root = _library(tmp_path)
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


def _rendered(root: Path):
    checked = check(root, TODAY)
    plan = checked.plan("forelesning")
    template = checked.templates[plan.deck.template]
    fitted, _problems = fit_plan(plan, template.geometry, font_dir(root, template.fonts.measure))
    return fitted, render_deck(fitted, template)


def _rewrite(pptx: bytes, part: str, change) -> bytes:
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


def _shape_of(root, text: str):
    [paragraph] = [p for p in root.iterfind(".//a:p", NS) if "".join(p.itertext()) == text]
    return next(a for a in paragraph.iterancestors() if a.tag == f"{{{NS['p']}}}sp")


def _content_lost(make_library, monkeypatch, tmp_path):
    plan, pptx = _rendered(_library(tmp_path))

    def empty(root):
        _shape_of(root, "MB startet i Norge").find(".//a:t", NS).text = ""

    return account(plan, _rewrite(pptx, "ppt/slides/slide4.xml", empty))


def _content_off_slide(make_library, monkeypatch, tmp_path):
    plan, pptx = _rendered(_library(tmp_path))

    def move_left(root):
        sp_pr = _shape_of(root, "2006").find("p:spPr", NS)
        for old in sp_pr.findall("a:xfrm", NS):
            sp_pr.remove(old)
        xfrm = etree.Element(f"{{{NS['a']}}}xfrm")
        etree.SubElement(xfrm, f"{{{NS['a']}}}off", x="-431800", y="1920240")
        etree.SubElement(xfrm, f"{{{NS['a']}}}ext", cx="2844800", cy="1051560")
        sp_pr.insert(0, xfrm)

    return account(plan, _rewrite(pptx, "ppt/slides/slide4.xml", move_left))


def _slide_count(make_library, monkeypatch, tmp_path):
    plan, pptx = _rendered(_library(tmp_path))

    def drop_last(root):
        last = root.findall(".//p:sldId", NS)[-1]
        last.getparent().remove(last)

    return account(plan, _rewrite(pptx, "ppt/presentation.xml", drop_last))


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
