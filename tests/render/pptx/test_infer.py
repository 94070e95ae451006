"""Inferring where every slide kind goes, from a template's layouts alone."""

from __future__ import annotations

from pathlib import Path

from builder.render.pptx.infer import infer
from builder.render.pptx.layouts import LayoutInfo, PlaceholderInfo, Rect, TemplateInfo, Theme, read_template
from builder.fit import RoleBox

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "templates"


def placements(name: str):
    return infer(read_template((CORPUS / name).read_bytes()))


def test_the_stock_layouts_are_recognised_by_what_they_hold():
    found = placements("python-pptx-default.pptx")
    assert {kind: p.layout for kind, p in found.items() if kind in ("title", "bullets", "section", "image",
                                                                   "two-column")} == {
        "title": "Title Slide", "bullets": "Title and Content", "section": "Section Header",
        "image": "Picture with Caption", "two-column": "Comparison"}
    assert found["two-column"].placeholders == {"title": 0, "left": 2, "right": 4, "left_heading": 1,
                                                "right_heading": 3}


def test_parts_no_layout_holds_are_drawn_with_a_reason():
    found = placements("python-pptx-default.pptx")
    assert found["quote"].layout == "Title Only" and set(found["quote"].drawn) == {"quote", "attribution"}
    assert set(found["facts"].drawn) == {f"{part}{n}" for part in ("value", "caption") for n in (1, 2, 3)}
    assert all(p.reasons for p in (found["quote"], found["facts"]))


def test_a_template_without_title_and_content_draws_lists_on_title_only():
    found = placements("pptx-automizer-slide-masters.pptx")
    assert found["bullets"].layout == "Nur Titel" and "body" in found["bullets"].drawn
    assert found["bullets"].drawn["body"].bullets
    assert "vertikal" not in " ".join(p.layout for p in found.values())


def test_a_byline_without_its_own_placeholder_joins_the_subtitle():
    title = placements("libreoffice-lights.pptx")["title"]
    assert title.joined == {"byline": "subtitle"}


def _layout(name: str, *phs: tuple[str, int, Rect]) -> LayoutInfo:
    return LayoutInfo(name, tuple(PlaceholderInfo(idx, kind, kind, rect, RoleBox(rect.width, rect.height))
                                  for kind, idx, rect in phs), ("FFFFFF",))


def test_a_section_layout_is_found_by_a_word_in_its_name():
    title = ("title", 0, Rect(500000, 300000, 8000000, 1000000))
    body = ("body", 1, Rect(500000, 1500000, 8000000, 4500000))
    info = TemplateInfo(9144000, 6858000, Theme("Calibri", "Calibri", {
        "tx1": "000000", "bg1": "FFFFFF", "tx2": "44546A", "accent1": "4472C4"}), (
        _layout("Tittel og innhold", title, body), _layout("Bare tittel", title),
        _layout("Inndelingsoverskrift 2", title, ("body", 1, Rect(500000, 1500000, 8000000, 800000)))), 6400000)
    assert infer(info)["section"].layout == "Inndelingsoverskrift 2"
