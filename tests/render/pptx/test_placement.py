"""The geometry and colour rules every placement shares."""

from __future__ import annotations

from builder.render.pptx.layouts import LayoutInfo, PlaceholderInfo, Rect, TemplateInfo, Theme
from builder.render.pptx.placement import Placement, accent_for, card_row, contrast, forced_colour, spans, text_for
from builder.fit import RoleBox

AREA = Rect(1000, 2000, 9000, 4000)


def test_one_card_takes_half_the_row_from_the_title_edge():
    [(value, caption)] = card_row(AREA, 1, start=1000, value_height=1000)
    assert (value.left, value.width, caption.top, caption.bottom) == (1000, 4500, 3000, 6000)


def test_two_or_three_cards_fill_the_row_with_equal_gaps():
    for count in (2, 3):
        row = card_row(AREA, count)
        assert row[0][0].left == AREA.left and abs(row[-1][0].right - AREA.right) <= count
        assert len({v.width for v, _ in row}) == 1


def test_contrast_is_the_wcag_ratio():
    assert round(contrast("000000", "FFFFFF"), 1) == 21.0
    assert round(contrast("777777", "FFFFFF"), 2) == 4.48


def _dark() -> tuple[TemplateInfo, LayoutInfo, PlaceholderInfo]:
    colours = {"tx1": "000000", "bg1": "FFFFFF", "tx2": "1F3864", "accent1": "4472C4", "accent2": "FFC000"}
    ph = PlaceholderInfo(1, "body", "Tekst", AREA, RoleBox(9000, 4000), prompt_colour="FFFFFF")
    layout = LayoutInfo("Mørk", (ph,), ("000032", "2F5597"))
    return TemplateInfo(9144000, 6858000, Theme("Arial", "Arial", colours), (layout,), 6400000), layout, ph


def test_on_a_dark_layout_drawn_text_is_light_and_the_accent_stands_out_on_every_stop():
    info, layout, _ = _dark()
    assert text_for(info, layout) == "bg1"
    assert accent_for(info, layout) == "accent2"  # accent1 (blue) is too dark on dark blue


def test_text_that_inherits_black_on_a_dark_layout_gets_the_sample_text_colour():
    info, layout, ph = _dark()
    assert forced_colour(info, layout, ph) == "FFFFFF"


def _discussion(*others: PlaceholderInfo) -> tuple[Placement, LayoutInfo]:
    title = PlaceholderInfo(0, "title", "Tittel", Rect(1000, 500, 9000, 1000), RoleBox(9000, 1000))
    body = PlaceholderInfo(1, "body", "Spørsmål", Rect(1000, 2000, 6000, 4000), RoleBox(6000, 4000))
    layout = LayoutInfo("Diskusjon", (title, body, *others), ("FFFFFF",))
    return Placement("Diskusjon", {"title": 0, "body": 1}), layout


def test_discussion_questions_narrowed_for_a_drawing_span_the_titles_width():
    placement, layout = _discussion()
    assert spans("discussion", "body", placement, layout) == Rect(1000, 2000, 9000, 4000)
    assert spans("bullets", "body", placement, layout) is None  # only where the layout leaves room for a drawing


def test_the_questions_do_not_widen_over_another_placeholder():
    picture = PlaceholderInfo(2, "pic", "Bilde", Rect(7500, 2500, 2000, 2000), RoleBox(2000, 2000))
    placement, layout = _discussion(picture)
    assert spans("discussion", "body", placement, layout) is None
