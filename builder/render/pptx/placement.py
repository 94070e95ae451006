"""Where each part of a slide kind goes: a placeholder, a shape we draw, or a paragraph in another part.

A `Placement` is the checked answer for one slide kind on one template, whether a
written layout map or the inference gave it. The fit stage measures with it, the
renderer writes with it and the doctor reports it, so the three never disagree.
Pure geometry: no python-pptx.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

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
        moved = placement.moved.get(role)
        if moved is not None:
            box = RoleBox(moved.width, moved.height, box.insets, box.levels)
        out[role] = box
    for role, drawn in placement.drawn.items():
        out[role] = drawn.box()
    return out


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
