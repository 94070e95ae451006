"""Where each part of a slide kind goes: a placeholder, a shape we draw, or a paragraph in another part.

A `Placement` is the checked answer for one slide kind on one template, whether a
written layout map or the inference gave it. The fit stage measures with it, the
renderer writes with it and the doctor reports it, so the three never disagree.
Pure geometry: no python-pptx.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

from builder.fit import LevelStyle, RoleBox
from builder.render.pptx.layouts import LayoutInfo, PlaceholderInfo, Rect, TemplateInfo

ROLES: dict[str, tuple[str, ...]] = {
    "title": ("title", "subtitle", "byline"),
    "section": ("title", "body"),
    "bullets": ("title", "body"),
    "agenda": ("title", "body"),
    "quote": ("title", "quote", "attribution"),
    "words": ("title", "body"),
    "facts": ("title", "value1", "caption1", "value2", "caption2", "value3", "caption3"),
    "image": ("title", "picture", "caption"),
    "two-column": ("title", "left_heading", "left", "right_heading", "right"),
    "link": ("title", "body", "picture"),
    "discussion": ("title", "body"),
    "sources": ("title", "body"),
    "closing": ("title", "body"),
}
# Roles a written map may leave out: their text then joins the named part as extra paragraphs.
JOINABLE = {("title", "byline"): "subtitle",
            ("two-column", "left_heading"): "left", ("two-column", "right_heading"): "right"}


@dataclass(frozen=True)
class Drawn:
    """A text box or picture the renderer draws itself, styled from the theme."""

    rect: Rect
    size_pt: float = 18.0
    bold: bool = False
    italic: bool = False
    align: str = "l"  # l, ctr, r
    colour: str = "tx1"  # a theme colour name, chosen for contrast with the layout's background
    bullets: bool = False
    anchor: str = "t"  # t, ctr, b

    def box(self) -> RoleBox:
        """Return the text area for the fit stage (sub-points a size smaller)."""
        first = LevelStyle(self.size_pt, 0, 0.0, 1.0, self.bold, self.italic)
        second = LevelStyle(round(self.size_pt * 0.75), 342900 if self.bullets else 0, 0.0, 1.0, False, self.italic)
        return RoleBox(self.rect.width, self.rect.height, (91440, 45720, 91440, 45720), (first, second))


@dataclass(frozen=True)
class Placement:
    """How one slide kind is laid out on a template."""

    layout: str
    placeholders: Mapping[str, int]  # role → idx (unique within the layout)
    drawn: Mapping[str, Drawn] = field(default_factory=dict)
    joined: Mapping[str, str] = field(default_factory=dict)  # role → the role whose box also holds its text
    moved: Mapping[str, Rect] = field(default_factory=dict)  # role → new position of its placeholder
    reasons: tuple[str, ...] = ()  # why parts are drawn or joined, in Norwegian, for `doctor`
    cards: tuple[tuple[Rect, Rect], ...] = ()  # facts drawn as cards: (value, caption) boxes of the row
    # Facts: the line under the card row that says once what every card shares (render/cards.py);
    # the renderer moves it up to the cards' foot.
    note: Drawn | None = None

    def host(self, role: str) -> str:
        """Return the role whose box holds `role`'s text (itself unless joined)."""
        return self.joined.get(role, role)


def boxes(kind: str, placement: Placement, layout: LayoutInfo) -> dict[str, RoleBox]:
    """Return the fit stage's box for every role of `kind` that has a box of its own."""
    out: dict[str, RoleBox] = {}
    for role, idx in placement.placeholders.items():
        ph = layout.by_idx(idx)
        if ph is None:
            continue
        box = ph.box
        moved = placement.moved.get(role) or spans(kind, role, placement, layout)
        if moved is not None:
            box = RoleBox(moved.width, moved.height, box.insets, box.levels)
        out[role] = box
    for role, drawn in placement.drawn.items():
        out[role] = drawn.box()
    if placement.note is not None:
        out["note"] = placement.note.box()
    return out


NOTE_PT = 16  # the shared line under fact cards (for a 7.5-inch slide): a source line, smaller than the cards' text


def note_strip(size_pt: float) -> int:
    """Return the height (EMU) of the one-line strip that holds the fact cards' shared line at `size_pt`."""
    return int(size_pt * 12700 * 1.2) + 91440  # one line and the text box's top and bottom insets


def under_cards(captions: list[Rect], left: int, right: int, limit: int, size_pt: float) -> Rect:
    """Return the box of the fact cards' shared line: under the lowest card, from `left` to `right`.

    Kept above `limit` (the footer or the slide's foot): where the cards reach it, the line
    sits at the limit rather than off the slide.
    """
    height = note_strip(size_pt)
    top = max(c.bottom for c in captions) if captions else limit - height
    return Rect(left, max(0, min(top, limit - height)), right - left, height)


WIDE_KINDS = ("discussion", "agenda")


def spans(kind: str, role: str, placement: Placement, layout: LayoutInfo) -> Rect | None:
    """Return the wider box a discussion's questions or a programme get when the layout narrows them.

    Why: a layout may keep the right of the slide for a drawing (a large «?»), which
    squeezes two questions into two lines each in 60 % of the width while the rest
    stays empty. The questions span the title's width instead, over the drawing, unless
    another placeholder (a picture, a second text) is in the way. A programme's rows
    get the title's width too, so that a short programme can be set larger and keep
    each row on one line. None: the box stays.
    """
    if kind not in WIDE_KINDS or role != "body" or role in placement.moved or role not in placement.placeholders:
        return None
    ph, title = layout.by_idx(placement.placeholders[role]), layout.title
    if ph is None or title is None:
        return None
    box, wide = ph.rect, title.rect
    if box.right >= wide.right or box.right <= wide.left or box.left < wide.left - 12700:
        return None
    for other in (*layout.texts, *layout.pictures):
        r = other.rect
        if other.idx != ph.idx and r.left < wide.right and r.right > box.right and r.top < box.bottom \
                and r.bottom > box.top:
            return None
    return Rect(box.left, box.top, wide.right - box.left, box.height)


def content_area(info: TemplateInfo, layout: LayoutInfo) -> Rect:
    """Return the part of a layout where a slide's content goes (below the title, above the footer)."""
    width, height = info.slide_width, info.slide_height
    title = layout.title
    texts = [p for p in layout.texts if p.rect.width > 0 and p.rect.height > 0
             and (title is None or p.rect.top >= title.rect.top)]
    if texts:
        left = min(p.rect.left for p in texts)
        top = min(p.rect.top for p in texts)
        right = max(p.rect.right for p in texts)
        bottom = max(p.rect.bottom for p in texts)
        return Rect(left, top, right - left, bottom - top)
    margin = int(width * 0.06)
    left = title.rect.left if title and title.rect.width else margin
    right = title.rect.right if title and title.rect.width else width - margin
    top = (title.rect.bottom if title and title.rect.height else int(height * 0.05)) + int(height * 0.03)
    bottom = min(info.footer_top, int(height * 0.92)) - int(height * 0.02)
    return Rect(left, top, right - left, max(bottom - top, int(height * 0.3)))


def card_row(area: Rect, count: int, start: int | None = None, value_height: int | None = None
             ) -> list[tuple[Rect, Rect]]:
    """Lay out `count` fact cards in a row from `start` (the title's left edge) across `area`.

    Why one rule for every count: one, two or three cards share the row's full width
    (one card takes half of it), so the row is balanced under a left-aligned title.
    """
    start = area.left if start is None else start
    width = area.right - start
    gap = int(width * 0.04)
    card = (width - (count - 1) * gap) // count if count > 1 else width // 2
    value_h = value_height or int(area.height * 0.32)
    out = []
    for n in range(count):
        left = start + n * (card + gap)
        value = Rect(left, area.top, card, value_h)
        caption = Rect(left, area.top + value_h, card, area.height - value_h)
        out.append((value, caption))
    return out


PROJECTOR_LINES = 1080  # a full-HD projector shows the slide's height in 1080 pixels


def picture_size(area: Rect, pixels: tuple[int, int], slide_height: int) -> tuple[int, int]:
    """Return the size (EMU) a picture of `pixels` gets in `area`: as large as fits, keeping its proportions,
    but never larger than one picture pixel per projector pixel.

    Why the cap: a 480-pixel pictogram stretched over half a 16:9 slide is shown at about
    1.5 projector pixels per picture pixel on a full-HD projector (1080 lines for the
    slide's height, 144 per inch on a 7.5-inch slide), and softens visibly; a 160-pixel
    one is blurred. At most one picture pixel per projector pixel keeps every picture
    sharp on the projectors lecture rooms have (full HD and below); a photo of a few
    thousand pixels still fills its area.
    """
    px_w, px_h = max(pixels[0], 1), max(pixels[1], 1)
    largest = slide_height / PROJECTOR_LINES  # EMU per picture pixel
    scale = min(area.width / px_w, area.height / px_h, largest)
    return max(int(px_w * scale), 1), max(int(px_h * scale), 1)


def frame_picture(area: Rect, size: tuple[int, int], caption: Rect | None, anchor: str = "t",
                  align: str = "ctr", text_height: Callable[[int], int] | None = None
                  ) -> tuple[Rect, Rect | None]:
    """Place a picture of `size` in `area` so that it and its caption read as one unit; return both boxes.

    Where the caption stands beside the picture's area, the pair starts at the left edge
    (the title's, as a rule): a picture on the left goes to its area's left edge and the
    caption moves left to follow it at the template's gap, keeping its right edge (wider,
    never narrower, so it holds what was measured); a caption on the left stays and the
    picture follows it. Vertically the picture lines up with the caption's anchored edge
    (its foot for a caption set at the bottom). A caption above or below keeps its place
    and the picture moves against it, lined up as the caption's text is (`align`).
    Without a caption, or with one overlapping the area, the picture is centred.
    `anchor` is t, ctr or b; `align` is l, ctr or r.
    """
    width, height = size
    centred = Rect(area.left + (area.width - width) // 2, area.top + (area.height - height) // 2, width, height)
    if caption is None:
        return centred, None
    overlaps_rows = caption.top < area.bottom and caption.bottom > area.top
    overlaps_columns = caption.left < area.right and caption.right > area.left
    tolerance = 12700
    beside = None
    if overlaps_rows and caption.left >= area.right - tolerance:
        moved_left = area.left + width + caption.left - area.right
        beside = Rect(moved_left, caption.top, caption.right - moved_left, caption.height)
    elif overlaps_rows and caption.right <= area.left + tolerance:
        beside = caption
    if beside is not None:
        if anchor == "b" and text_height is not None:
            top = max(area.top, min(caption.top, area.bottom - height))
            foot = top + height
            if caption.top < foot <= caption.bottom and text_height(beside.width) <= foot - caption.top:
                return Rect(area.left, top, width, height), Rect(beside.left, caption.top, beside.width,
                                                                  foot - caption.top)
        top = _along(area.top, area.height, height, caption.top, caption.height, anchor)
        return Rect(area.left, top, width, height), beside
    if overlaps_columns and caption.top >= area.bottom - tolerance:
        top = area.bottom - height
    elif overlaps_columns and caption.bottom <= area.top + tolerance:
        top = area.top
    else:
        return centred, caption
    side = {"l": "t", "r": "b"}.get(align, "ctr")  # the same rule, across: left is the start
    return Rect(_along(area.left, area.width, width, area.left, area.width, side), top, width, height), caption


def _along(start: int, length: int, size: int, target_start: int, target_length: int, anchor: str) -> int:
    """Return where a piece of `size` starts on a line segment (start, length), lined up with a target's
    start (t), middle (ctr) or end (b), but kept inside the segment."""
    if anchor == "b":
        wanted = target_start + target_length - size
    elif anchor == "ctr":
        wanted = target_start + (target_length - size) // 2
    else:
        wanted = target_start
    return max(start, min(wanted, start + length - size))


def split_columns(area: Rect, share: float = 0.5, gap_share: float = 0.05) -> tuple[Rect, Rect]:
    """Split `area` into a left and a right part; the left takes `share` of the width."""
    gap = int(area.width * gap_share)
    left_w = int((area.width - gap) * share)
    left = Rect(area.left, area.top, left_w, area.height)
    right = Rect(area.left + left_w + gap, area.top, area.width - left_w - gap, area.height)
    return left, right


def split_rows(area: Rect, share: float) -> tuple[Rect, Rect]:
    """Split `area` into a top part (`share` of the height) and the rest below it."""
    top_h = int(area.height * share)
    return Rect(area.left, area.top, area.width, top_h), Rect(area.left, area.top + top_h, area.width,
                                                              area.height - top_h)


def contrast(a: str, b: str) -> float:
    """Return the WCAG contrast ratio of two RRGGBB colours."""

    def luminance(hex_colour: str) -> float:
        channels = []
        for n in (0, 2, 4):
            c = int(hex_colour[n:n + 2], 16) / 255
            channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
        r, g, b_ = channels
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_

    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def contrast_on(colour: str, backgrounds: tuple[str, ...]) -> float:
    """Return the lowest contrast of `colour` against any of the colours behind it."""
    return min(contrast(colour, background) for background in backgrounds)


def accent_for(info: TemplateInfo, layout: LayoutInfo, minimum: float = 3.0) -> str:
    """Return the first theme accent that stands out on the layout's background, else the text colour."""
    colours = info.theme.colours
    for name in ("accent1", "accent2", "tx2", "accent3", "accent4", "accent5", "accent6"):
        value = colours.get(name)
        if value and contrast_on(value, layout.backgrounds) >= minimum:
            return name
    return text_for(info, layout)


def text_for(info: TemplateInfo, layout: LayoutInfo) -> str:
    """Return the theme colour for body text on the layout (tx1, or bg1 on a dark layout)."""
    colours = info.theme.colours
    dark, light = contrast_on(colours["tx1"], layout.backgrounds), contrast_on(colours["bg1"], layout.backgrounds)
    return "tx1" if dark >= 4.5 or dark >= light else "bg1"


def forced_colour(info: TemplateInfo, layout: LayoutInfo, ph: PlaceholderInfo) -> str | None:
    """Return RRGGBB for a placeholder's text when the colour it inherits is unreadable on its layout.

    Why: templates converted by LibreOffice keep their light text colour only on the sample
    text («Click to edit …»), so real text falls back to black on a dark background.
    """
    inherited = ph.colour or info.theme.colours["tx1"]
    if contrast_on(inherited, layout.backgrounds) >= 3.0:
        return None
    colours = info.theme.colours
    candidates = [c for c in (ph.prompt_colour, colours["bg1"], colours["tx1"], "FFFFFF", "000000") if c]
    for candidate in candidates:
        if contrast_on(candidate, layout.backgrounds) >= 4.5:
            return candidate
    best = max(candidates, key=lambda c: contrast_on(c, layout.backgrounds))
    return best if contrast_on(best, layout.backgrounds) > contrast_on(inherited, layout.backgrounds) else None
