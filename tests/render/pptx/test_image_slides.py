"""Image slides: the picture is never enlarged beyond its pixels, it and its caption read as one unit,
and a licence name like «CC BY-SA» is never split at its hyphen.

The geometry rules are tested pure (placement.py) and read back from the written XML on the
library's own template and on templates made elsewhere (caption right, left, below, drawn).
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation

from builder.render import textfit
from builder.render.pptx.accounting import account
from builder.render.pptx.layouts import Rect
from builder.render.pptx.placement import PROJECTOR_LINES, frame_picture, picture_size
from support.deck_xml import rendered, xpath
from support.library import on_template

REPO = Path(__file__).resolve().parents[3]
CORPUS = REPO / "tests" / "fixtures" / "templates"
FONTS = REPO / "assets" / "fonts"
LICENCE = "Illustrasjon: OpenMoji, CC BY-SA 4.0"
AREA = Rect(685800, 1645920, 6720840, 4480560)  # erfaring-standard's picture area
SIDE = 3048000  # a 480-pixel pictogram on a 7.5-inch slide


# --- scenario helpers ---------------------------------------------------------------------------------------


def with_image(root: Path, name: str, pixels: tuple[int, int], caption: str | None = LICENCE,
               title: str = "Lesetips") -> Path:
    """Add an image slide with a picture of `pixels` (a drawn PNG) and `caption` to the fixture module."""
    Image.new("RGBA", pixels, (200, 80, 40, 255)).save(root / "assets" / "images" / name)
    module = root / "slides/modules/vendepunktet.yaml"
    text = f"  - kind: image\n    title: {title}\n    image: images/{name}\n    alt: Tegning av tre bøker\n"
    if caption is not None:
        text += f'    caption: "{caption}"\n'
    module.write_text(module.read_text(encoding="utf-8") + text, encoding="utf-8")
    return root



def image_slide(plan, pptx: bytes, title: str = "Lesetips"):
    """Return (slide XML, slide number) of the image slide titled `title`."""
    number = next(s.number for s in plan.slides if s.title == title and s.kind == "image")
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(pptx)).read(f"ppt/slides/slide{number}.xml")), number


def rect_of(shape) -> Rect:
    off, ext = xpath(shape, "p:spPr/a:xfrm/a:off")[0], xpath(shape, "p:spPr/a:xfrm/a:ext")[0]
    return Rect(int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy")))


def picture(root) -> etree._Element:
    [pic] = xpath(root, "//p:pic")
    return pic


def caption_shape(root, start: str = "Illustrasjon") -> etree._Element:
    found = [p for p in xpath(root, "//a:p") if "".join(xpath(p, ".//a:t/text()")).startswith(start)]
    assert len(found) == 1
    return xpath(found[0], "ancestor::p:sp[1]")[0]


def layout_rects(pptx: bytes, number: int) -> dict[int, Rect]:
    """Return the rect of every placeholder of the layout slide `number` sits on, by idx."""
    layout = Presentation(io.BytesIO(pptx)).slides[number - 1].slide_layout
    return {ph.placeholder_format.idx: Rect(ph.left, ph.top, ph.width, ph.height) for ph in layout.placeholders}


def slide_height(pptx: bytes) -> int:
    return Presentation(io.BytesIO(pptx)).slide_height


# --- the size: never more than one picture pixel per projector pixel -------------------------------------------


def test_a_small_picture_is_shown_at_most_one_pixel_per_projector_pixel():
    assert picture_size(AREA, (160, 160), 6858000) == (160 * 6858000 // PROJECTOR_LINES,) * 2


def test_a_large_picture_fills_its_area_keeping_its_proportions():
    assert picture_size(AREA, (3000, 1000), 6858000) == (AREA.width, AREA.width // 3)
    assert picture_size(AREA, (1000, 3000), 6858000) == (AREA.height // 3, AREA.height)


def test_a_160_pixel_pictogram_is_not_blown_up_over_the_template_area(make_library):
    plan, pptx = rendered(with_image(make_library(), "liten.png", (160, 160)))
    root, _number = image_slide(plan, pptx)
    shown = rect_of(picture(root))
    assert (shown.width, shown.height) == (160 * slide_height(pptx) // PROJECTOR_LINES,) * 2
    assert account(plan, pptx) == []


def test_a_photo_fills_the_picture_placeholder_and_the_caption_stays_where_the_template_put_it(make_library):
    plan, pptx = rendered(with_image(make_library(), "foto.png", (3000, 2000)))
    root, number = image_slide(plan, pptx)
    areas = layout_rects(pptx, number)
    shown, caption = rect_of(picture(root)), caption_shape(root)
    assert shown == areas[13]  # erfaring-standard's «Bilde» is 3:2
    assert not xpath(caption, "p:spPr/a:xfrm")  # not moved: it inherits the layout's box


# --- the unit: picture and caption side by side ----------------------------------------------------------------


def test_the_caption_follows_a_small_picture_and_ends_at_its_foot(make_library):
    plan, pptx = rendered(with_image(make_library(), "ikon.png", (480, 480)))
    root, number = image_slide(plan, pptx)
    areas = layout_rects(pptx, number)
    shown, caption = rect_of(picture(root)), rect_of(caption_shape(root))
    area, template_caption = areas[13], areas[14]
    assert (shown.left, shown.top) == (area.left, area.top)  # at the title's edge, below the title
    assert caption.left - shown.right == template_caption.left - area.right  # the template's gap
    assert caption.right == template_caption.right  # wider, never narrower than measured
    assert caption.bottom == shown.bottom  # the text is anchored at the bottom: at the picture's foot
    assert account(plan, pptx) == []


def test_frame_picture_moves_a_caption_on_the_right_to_the_picture_and_widens_it():
    caption = Rect(AREA.right + 400, AREA.top, 4000, AREA.height)
    pic, moved = frame_picture(AREA, (SIDE, SIDE), caption, anchor="t")
    assert pic == Rect(AREA.left, AREA.top, SIDE, SIDE)
    assert moved == Rect(pic.right + 400, AREA.top, caption.right - pic.right - 400, AREA.height)


def test_frame_picture_sets_a_bottom_caption_at_the_foot_of_a_hanging_picture_when_its_text_fits():
    caption = Rect(AREA.right + 400, AREA.top, 4000, AREA.height)
    pic, moved = frame_picture(AREA, (SIDE, SIDE), caption, anchor="b", text_height=lambda width: 1000)
    assert pic.top == AREA.top and moved.top == AREA.top and moved.bottom == pic.bottom
    pic, moved = frame_picture(AREA, (SIDE, SIDE), caption, anchor="b", text_height=lambda width: SIDE + 1)
    assert pic.bottom == caption.bottom and moved.height == caption.height  # too tall: both at the bottom


def test_frame_picture_keeps_a_caption_on_the_left_and_puts_the_picture_next_to_it():
    caption = Rect(0, AREA.top + 500, AREA.left - 300, 3000)
    pic, kept = frame_picture(AREA, (SIDE, SIDE), caption, anchor="t")
    assert kept == caption and pic == Rect(AREA.left, caption.top, SIDE, SIDE)


@pytest.mark.parametrize("align, left", [("l", AREA.left), ("ctr", AREA.left + (AREA.width - SIDE) // 2),
                                         ("r", AREA.right - SIDE)])
def test_frame_picture_sets_a_picture_on_a_caption_below_lined_up_as_its_text(align, left):
    caption = Rect(AREA.left, AREA.bottom + 100, AREA.width, 800)
    pic, kept = frame_picture(AREA, (SIDE, SIDE), caption, align=align)
    assert kept == caption and pic == Rect(left, AREA.bottom - SIDE, SIDE, SIDE)


def test_frame_picture_centres_a_picture_without_a_caption():
    pic, caption = frame_picture(AREA, (SIDE, SIDE), None)
    assert caption is None and pic == Rect(AREA.left + (AREA.width - SIDE) // 2, AREA.top + (AREA.height - SIDE) // 2,
                                           SIDE, SIDE)


# --- «CC BY-SA» stays whole ----------------------------------------------------------------------------------


def test_textfit_never_breaks_a_capital_abbreviation_at_its_hyphen_but_still_breaks_words():
    fonts = textfit.FontBook(FONTS, "Carlito")
    width = fonts.text_width_emu("OpenMoji, CC BY-", 24) + 91440 * 2 + 5000  # «BY-» fits, «BY-SA» does not
    box = textfit.Box(int(width), 10_000_000)
    lines = textfit.measure([textfit.Para("OpenMoji, CC BY-SA 4.0", 24)], box, fonts).wrapped[0]
    assert lines[0] == "OpenMoji, CC" and lines[1].startswith("BY-SA")
    assert textfit.abbreviation_hyphen("CC BY-SA", 5) and textfit.abbreviation_hyphen("NC-ND", 2)
    assert not textfit.abbreviation_hyphen("NAV-kontor", 3) and not textfit.abbreviation_hyphen("e-post", 1)


def _caption_breaking_at_the_hyphen(width_emu: int, size_pt: float) -> str:
    """Return a caption that PowerPoint would break after «BY-» in a text width of `width_emu`."""
    fonts = textfit.FontBook(FONTS, "Carlito")
    box = textfit.Box(width_emu, 10_000_000)
    for n in range(1, 60):
        text = "Bøker " + "og " * n + "CC BY-SA 4.0"
        lines = textfit.measure([textfit.Para(text, size_pt)], box, fonts).wrapped[0]
        for before, after in zip(lines, lines[1:]):
            if after.startswith("BY-SA") and fonts.text_width_emu(before + " BY-", size_pt) <= box.text_width_emu(0):
                return text
    raise AssertionError("no such caption")


def test_a_caption_starts_a_new_line_before_by_sa_where_powerpoint_would_split_it(make_library):
    root = make_library()
    probe_plan, probe = rendered(with_image(root, "foto.png", (3000, 2000), caption="Bøker"))
    _xml, number = image_slide(probe_plan, probe)
    caption_width = layout_rects(probe, number)[14].width
    text = _caption_breaking_at_the_hyphen(caption_width, 24)  # erfaring-standard's caption: 24 pt
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace('caption: "Bøker"', f'caption: "{text}"'),
                      encoding="utf-8")
    plan, pptx = rendered(root)
    xml, _number = image_slide(plan, pptx)
    [para] = [p for p in xpath(xml, "//a:p") if "".join(xpath(p, ".//a:t/text()")).startswith("Bøker")]
    pieces = [child for child in para if child.tag.endswith("}r") or child.tag.endswith("}br")]
    texts = ["\n" if piece.tag.endswith("}br") else "".join(xpath(piece, "a:t/text()")) for piece in pieces]
    joined = "".join(texts)
    assert "CC\nBY-SA 4.0" in joined and joined.replace("\n", " ") == text
    assert xpath(para, "a:br/a:rPr[@lang='nb-NO']")
    assert account(plan, pptx) == []


# --- templates made elsewhere --------------------------------------------------------------------------------


def test_on_a_picture_with_caption_layout_the_picture_stands_next_to_the_caption_on_its_left(make_library):
    root = on_template(with_image(make_library(), "ikon.png", (480, 480), caption="Tre bøker. " + LICENCE),
                       "jmablog-dark-mode.pptx")
    plan, pptx = rendered(root)
    xml, number = image_slide(plan, pptx)
    areas = layout_rects(pptx, number)
    shown = rect_of(picture(xml))
    area, caption = areas[1], areas[2]  # picture on the right, caption under the title on the left
    assert shown.left == area.left and shown.top == caption.top
    assert shown.width == 480 * slide_height(pptx) // PROJECTOR_LINES
    assert xpath(picture(xml), "p:nvPicPr/p:cNvPr/@descr") == ["Tegning av tre bøker"]
    assert "".join(xpath(xml, "//p:sp[.//p:ph[@type='title']]//a:t/text()")) == "Lesetips"
    assert account(plan, pptx) == []


def test_on_a_layout_with_the_caption_below_the_picture_sits_on_it(make_library):
    root = on_template(with_image(make_library(), "ikon.png", (480, 480)), "python-pptx-default.pptx")
    plan, pptx = rendered(root)
    xml, number = image_slide(plan, pptx)
    area = layout_rects(pptx, number)[1]
    shown = rect_of(picture(xml))
    assert shown.bottom == area.bottom and area.left <= shown.left and shown.right <= area.right
    assert account(plan, pptx) == []


def test_on_a_template_without_a_picture_layout_the_drawn_caption_is_right_below_the_picture(make_library):
    root = on_template(with_image(make_library(), "ikon.png", (480, 480)), "libreoffice-lights.pptx")
    plan, pptx = rendered(root)
    xml, _number = image_slide(plan, pptx)
    shown, caption = rect_of(picture(xml)), caption_shape(xml)
    assert shown.bottom == rect_of(caption).top
    # 20 pt on a 7.5-inch slide, scaled to this 6.2-inch one: a caption is read, not a footnote
    assert {int(size) for size in xpath(caption, ".//a:rPr/@sz")} == {round(20 * slide_height(pptx) / 6858000) * 100}
    assert account(plan, pptx) == []


# --- the picture's credit on a line of its own -----------------------------------------------------------------


def _pieces(para) -> list[tuple[str, int | None]]:
    """Return a paragraph's runs and line breaks as (text, size in hundredths of a point); a break is «\\n»."""
    out = []
    for child in para:
        if child.tag.endswith("}br"):
            out.append(("\n", None))
        elif child.tag.endswith("}r"):
            size = xpath(child, "a:rPr/@sz")
            out.append(("".join(xpath(child, "a:t/text()")), int(size[0]) if size else None))
    return out


@pytest.mark.parametrize("template", [None, "libreoffice-lights.pptx"])
def test_a_closing_credit_stands_on_its_own_line_smaller_and_the_caption_still_lines_up(make_library, template):
    root = with_image(make_library(), "ikon.png", (480, 480), caption="Tre bøker om erfaring. " + LICENCE)
    plan, pptx = rendered(on_template(root, template) if template else root)
    xml, _number = image_slide(plan, pptx)
    [para] = [p for p in xpath(xml, "//a:p") if "".join(xpath(p, ".//a:t/text()")).startswith("Tre bøker")]
    (text, size), (brk, _), (credit, credit_size) = _pieces(para)
    assert (text, brk, credit) == ("Tre bøker om erfaring.", "\n", LICENCE)
    assert credit_size is not None and credit_size < (size or 2400)
    assert xpath(para, "a:r[2]/a:rPr/a:solidFill/a:schemeClr/a:lumMod")  # lighter: grey on a light slide
    shown, caption = rect_of(picture(xml)), rect_of(xpath(para, "ancestor::p:sp[1]")[0])
    if template is None:
        assert caption.bottom == shown.bottom  # still anchored at the picture's foot
    else:
        assert shown.bottom == caption.top
    assert account(plan, pptx) == []  # the same words: the line break reads as a space


def test_a_caption_that_is_only_a_credit_or_has_none_is_left_as_it_is(make_library):
    plan, pptx = rendered(with_image(make_library(), "ikon.png", (480, 480)))
    xml, _number = image_slide(plan, pptx)
    [para] = [p for p in xpath(xml, "//a:p") if "".join(xpath(p, ".//a:t/text()")).startswith("Illustrasjon")]
    assert [text for text, _size in _pieces(para)] == [LICENCE]
