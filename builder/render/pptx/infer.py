"""Infer a placement for every slide kind from a template's own layouts.

Layouts are recognised by what they hold (a centred title and a subtitle, a title and
one content area, two content areas side by side, a picture placeholder, a title
alone), with their names in Norwegian and English as the tie-breaker. Where a layout
has no placeholder for a part, the part is drawn in the layout's content area, styled
from the theme, and the reason is kept for `erfaring doctor`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cached_property
from typing import Callable

from builder.i18n import _
from builder.render.pptx.layouts import LayoutInfo, PlaceholderInfo, Rect, TemplateInfo
from builder.render.pptx.placement import (
    NOTE_PT,
    ROLES,
    Drawn,
    Placement,
    accent_for,
    card_row,
    content_area,
    note_strip,
    split_columns,
    split_rows,
    text_for,
    under_cards,
)

NAMES = {
    "title": ("title slide", "tittellysbilde", "tittel", "forside", "tittelside"),
    "content": ("title and content", "tittel og innhold", "title, content", "punkter", "innhold", "content"),
    "section": ("section header", "inndelingsoverskrift", "deloverskrift", "seksjon", "section", "kapittel",
                "section title"),
    "two": ("two content", "to innholdsdeler", "title, 2 content", "to kolonner", "comparison",
            "sammenligning", "two columns"),
    "picture": ("picture with caption", "bilde med bildetekst", "bilde", "picture", "image"),
    "title_only": ("title only", "bare tittel", "kun tittel", "tittel alene"),
}
# Words that mark a layout made for one kind, wherever they stand in its name («Org Quote», «Sitat 2»).
NAME_WORDS = {"quote": ("quote", "sitat", "citat", "zitat", "citation"),
              "facts": ("fakta", "facts", "fact", "nøkkeltall", "numbers", "figures", "tall"),
              "section": ("section", "seksjon", "inndelingsoverskrift", "deloverskrift", "kapittel", "kapittelside",
                          "avsnitt", "skillelysbilde", "mellomtittel")}
LIST_KINDS = ("bullets", "agenda", "words", "discussion", "sources", "closing")
CAPTION_SHARE = 0.78  # of a drawn image slide's content area for the picture; the caption below gets the rest
CLOSING_TEXT_SHARE = 0.72  # of the closing slide's width; the QR code for the handout takes the rest


class NoTitleLayout(Exception):
    """The template has no layout with a title placeholder; nothing can be inferred."""


def infer(info: TemplateInfo) -> dict[str, Placement]:
    """Return a placement for every slide kind on `info`'s layouts."""
    finder = _Finder(info)
    if not any(layout.title for layout in info.layouts):
        raise NoTitleLayout()
    return {kind: build(finder) for kind, build in _BUILDERS.items()}


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("_", " ")).strip().casefold()


class _Finder:
    """Find layouts by what they hold, preferring the ones whose names say so."""

    def __init__(self, info: TemplateInfo) -> None:
        self.info = info
        self.scale = info.slide_height / 6858000

    def find(self, what: str, test: Callable[[LayoutInfo], bool]) -> LayoutInfo | None:
        names = NAMES.get(what, ())
        fits = [layout for layout in self.info.layouts if not layout.vertical and test(layout)]
        named = [layout for layout in fits if _norm(layout.name) in names]
        return (named or fits or [None])[0]

    def big(self, ph: PlaceholderInfo) -> bool:
        return ph.rect.width * ph.rect.height >= 0.2 * self.info.slide_width * self.info.slide_height

    @cached_property
    def title_layout(self) -> LayoutInfo | None:
        return self.find("title", lambda lay: lay.title is not None and lay.title.type == "ctrTitle"
                         and len(lay.texts) >= 1) or self.find(
            "title", lambda lay: _norm(lay.name) in NAMES["title"] and lay.title is not None and len(lay.texts) >= 1)

    @cached_property
    def content(self) -> LayoutInfo | None:
        return self.find("content", lambda lay: lay.title is not None and lay.title.type == "title"
                         and len(lay.texts) == 1 and not lay.pictures and self.big(lay.texts[0]))

    @cached_property
    def title_only(self) -> LayoutInfo | None:
        return self.find("title_only", lambda lay: lay.title is not None and not lay.texts and not lay.pictures)

    @cached_property
    def section(self) -> LayoutInfo | None:
        return self.find("section", lambda lay: _named(lay, "section") and lay.title is not None
                         and len(lay.texts) <= 1 and not lay.pictures)

    @cached_property
    def quote(self) -> LayoutInfo | None:
        return self.find("quote", lambda lay: _named(lay, "quote") and lay.title is not None
                         and len(lay.texts) == 2 and not lay.pictures)

    @cached_property
    def facts(self) -> LayoutInfo | None:
        return self.find("facts", lambda lay: _named(lay, "facts") and lay.title is not None
                         and _cards(lay) is not None)

    @cached_property
    def two(self) -> LayoutInfo | None:
        """Prefer a layout with a heading over each column (PowerPoint's «Sammenligning»)."""
        return self.find("two", lambda lay: lay.title is not None and not lay.pictures
                         and _columns(lay) is not None and bool(_columns(lay)[0])) or self.find(
            "two", lambda lay: lay.title is not None and not lay.pictures and _columns(lay) is not None)

    @cached_property
    def picture(self) -> LayoutInfo | None:
        return self.find("picture", lambda lay: lay.title is not None and len(lay.pictures) == 1
                         and len(lay.texts) <= 1)

    def plain(self) -> LayoutInfo:
        """Return the layout to draw on: a title alone, else title and content, else any with a title."""
        return self.title_only or self.content or next(
            (lay for lay in self.info.layouts if lay.title and not lay.vertical),
            next(lay for lay in self.info.layouts if lay.title))

    def area(self, layout: LayoutInfo) -> Rect:
        """Return where drawn parts go: the content area of the template's own content layout when
        the layout has none, so drawings keep clear of the master's pictures as its text does."""
        if not layout.texts and self.content is not None:
            return content_area(self.info, self.content)
        return content_area(self.info, layout)

    def pt(self, size: float) -> float:
        return round(size * self.scale)

    def text(self, layout: LayoutInfo) -> str:
        return text_for(self.info, layout)

    def accent(self, layout: LayoutInfo) -> str:
        return accent_for(self.info, layout)


def _named(layout: LayoutInfo, kind: str) -> bool:
    words = set(re.findall(r"[^\W\d_]+", _norm(layout.name)))
    return any(word in words for word in NAME_WORDS[kind])


def _cards(layout: LayoutInfo) -> list[tuple[PlaceholderInfo, PlaceholderInfo]] | None:
    """Return three (value, caption) placeholder pairs, left to right, when the layout holds them."""
    texts = sorted(layout.texts, key=lambda p: p.rect.left)
    if len(texts) != 6:
        return None
    pairs = []
    for n in range(0, 6, 2):
        top, bottom = sorted(texts[n:n + 2], key=lambda p: p.rect.top)
        if abs(top.rect.left - bottom.rect.left) > top.rect.width * 0.2 or top.rect.bottom > bottom.rect.top + 12700:
            return None
        pairs.append((top, bottom))
    return pairs


def _columns(layout: LayoutInfo) -> tuple[tuple[PlaceholderInfo, ...], tuple[PlaceholderInfo, ...]] | None:
    """Return (headings, columns) when the layout holds two columns side by side, else None."""
    texts = layout.texts
    if len(texts) == 2:
        a, b = sorted(texts, key=lambda p: p.rect.left)
        if _side_by_side(a, b):
            return (), (a, b)
    if len(texts) == 4:
        heads = sorted(texts[:2], key=lambda p: p.rect.left)
        cols = sorted(texts[2:], key=lambda p: p.rect.left)
        if _side_by_side(*cols) and all(h.rect.height < c.rect.height for h, c in zip(heads, cols)):
            return tuple(heads), tuple(cols)
    return None


def _side_by_side(a: PlaceholderInfo, b: PlaceholderInfo) -> bool:
    return (a.rect.right <= b.rect.left + a.rect.width * 0.1 and abs(a.rect.top - b.rect.top) < a.rect.height * 0.2
            and 0.6 < a.rect.width / max(b.rect.width, 1) < 1.6)


def _title_roles(layout: LayoutInfo) -> dict[str, int]:
    return {"title": layout.title.idx} if layout.title else {}


def _title_kind(f: _Finder) -> Placement:
    layout = f.title_layout
    if layout is not None:
        texts = sorted(layout.texts, key=lambda p: (p.type != "subTitle", p.rect.top))
        roles = {**_title_roles(layout), "subtitle": texts[0].idx}
        if len(texts) >= 2:
            roles["byline"] = texts[1].idx
            return Placement(layout.name, roles)
        return Placement(layout.name, roles, joined={"byline": "subtitle"},
                         reasons=(_("the speaker's name goes in the subtitle (the layout has only one text placeholder below the title)"),))
    layout = f.content
    if layout is not None:
        return Placement(layout.name, {**_title_roles(layout), "subtitle": layout.texts[0].idx},
                         joined={"byline": "subtitle"},
                         reasons=(_("the template has no title slide; title, subtitle and speaker go on a content layout"),))
    layout = f.plain()
    top, bottom = split_rows(f.area(layout), 0.5)
    return Placement(layout.name, _title_roles(layout),
                     drawn={"subtitle": Drawn(top, f.pt(24), colour=f.text(layout)),
                            "byline": Drawn(bottom, f.pt(18), colour=f.text(layout))},
                     reasons=(_("the template has no title slide; subtitle and speaker are drawn as text boxes"),))


def _list_kind(kind: str) -> Callable[[_Finder], Placement]:
    def build(f: _Finder) -> Placement:
        layout = f.content
        if layout is not None:
            return Placement(layout.name, {**_title_roles(layout), "body": layout.texts[0].idx})
        layout = f.plain()
        if kind == "words":
            drawn = Drawn(f.area(layout), f.pt(36), bold=True, align="ctr", colour=f.text(layout), anchor="ctr")
        else:
            drawn = Drawn(f.area(layout), f.pt(24), colour=f.text(layout), bullets=kind in ("bullets", "discussion"))
        return Placement(layout.name, _title_roles(layout), drawn={"body": drawn},
                         reasons=(_("the template has no layout with a title and content; the text is drawn as a text box"),))

    return build


def _section(f: _Finder) -> Placement:
    layout = f.section
    if layout is not None and layout.texts:
        return Placement(layout.name, {**_title_roles(layout), "body": layout.texts[0].idx})
    if layout is not None:
        _above, below = split_rows(f.area(layout), 0.0)
        return Placement(layout.name, _title_roles(layout),
                         drawn={"body": Drawn(below, f.pt(24), colour=f.text(layout))},
                         reasons=(_("the subtitle is drawn as a text box below the title"),))
    layout = f.title_layout or f.content
    if layout is not None:
        body = sorted(layout.texts, key=lambda p: (p.type != "subTitle", p.rect.top))[0]
        return Placement(layout.name, {**_title_roles(layout), "body": body.idx},
                         reasons=(_("the template has no layout of its own for section headings; uses «{layout}»")
                                  .format(layout=layout.name),))
    layout = f.plain()
    return Placement(layout.name, _title_roles(layout),
                     drawn={"body": Drawn(f.area(layout), f.pt(24), colour=f.text(layout))},
                     reasons=(_("the subtitle is drawn as a text box"),))


def _quote(f: _Finder) -> Placement:
    layout = f.quote
    if layout is not None:
        quote, attribution = layout.texts
        return Placement(layout.name, {**_title_roles(layout), "quote": quote.idx, "attribution": attribution.idx})
    layout = f.plain()
    text, by = split_rows(f.area(layout), 0.75)
    return Placement(
        layout.name, _title_roles(layout),
        drawn={"quote": Drawn(text, f.pt(28), italic=True, colour=f.text(layout), anchor="ctr"),
               "attribution": Drawn(by, f.pt(18), bold=True, align="r", colour=f.accent(layout))},
        reasons=(_("the template has no quote layout; quote and attribution are drawn as text boxes"),))


def _facts(f: _Finder) -> Placement:
    layout = f.facts
    if layout is not None:
        roles = _title_roles(layout)
        cards = _cards(layout)
        for n, (value, caption) in enumerate(cards, start=1):
            roles.update({f"value{n}": value.idx, f"caption{n}": caption.idx})
        start = layout.title.rect.left if layout.title else cards[0][1].rect.left
        limit = min(f.info.footer_top, f.info.slide_height)
        note = under_cards([c.rect for _, c in cards], start, max(c.rect.right for _, c in cards), limit,
                           f.pt(NOTE_PT))
        return Placement(layout.name, roles, note=Drawn(note, f.pt(NOTE_PT), colour=f.text(layout)))
    layout = f.plain()
    area = f.area(layout)
    start = max(layout.title.rect.left, area.left) if layout.title else area.left
    # The row leaves a strip at the foot of the area for the line the cards share.
    strip = note_strip(f.pt(NOTE_PT))
    row = card_row(Rect(area.left, area.top, area.width, area.height - strip), 3, start,
                   int(f.pt(44) * 12700 * 1.6))
    drawn = {}
    for n, (value, caption) in enumerate(row, start=1):
        drawn[f"value{n}"] = Drawn(value, f.pt(44), bold=True, colour=f.accent(layout), anchor="b")
        drawn[f"caption{n}"] = Drawn(caption, f.pt(20), colour=f.text(layout))
    note = Drawn(Rect(start, area.bottom - strip, area.right - start, strip), f.pt(NOTE_PT), colour=f.text(layout))
    return Placement(layout.name, _title_roles(layout), drawn=drawn, cards=tuple(row), note=note,
                     reasons=(_("the fact cards are drawn as text boxes in a row below the title"),))


def _image(f: _Finder) -> Placement:
    layout = f.picture
    if layout is not None and layout.texts:
        return Placement(layout.name, {**_title_roles(layout), "picture": layout.pictures[0].idx,
                                       "caption": layout.texts[0].idx})
    layout = f.plain()
    # 20 pt (for a 7.5-inch slide), not a footnote's 16: a caption often carries the slide's
    # message (a phone number) and must be read from the back row; the room below holds two lines.
    picture, caption = split_rows(f.area(layout), CAPTION_SHARE)
    return Placement(layout.name, _title_roles(layout),
                     drawn={"picture": Drawn(picture), "caption": Drawn(caption, f.pt(20), align="ctr",
                                                                        colour=f.text(layout))},
                     reasons=(_("the template has no picture layout with a caption; picture and caption are placed in the content area"),))


def _two_column(f: _Finder) -> Placement:
    layout = f.two
    if layout is not None:
        heads, (left, right) = _columns(layout)
        roles = {**_title_roles(layout), "left": left.idx, "right": right.idx}
        if heads:
            roles.update(left_heading=heads[0].idx, right_heading=heads[1].idx)
            return Placement(layout.name, roles)
        return Placement(layout.name, roles, joined={"left_heading": "left", "right_heading": "right"},
                         reasons=(_("the column headings go at the top of each column"),))
    layout = f.plain()
    left, right = split_columns(f.area(layout))
    style = dict(size_pt=f.pt(20), colour=f.text(layout), bullets=True)
    return Placement(layout.name, _title_roles(layout),
                     drawn={"left": Drawn(left, **style), "right": Drawn(right, **style)},
                     joined={"left_heading": "left", "right_heading": "right"},
                     reasons=(_("the template has no layout with two columns; the columns are drawn as text boxes"),))


def _link(f: _Finder) -> Placement:
    layout = f.content
    if layout is not None:
        body = layout.texts[0]
        text, qr = split_columns(body.rect, 0.62)
        side = min(qr.width, qr.height)
        qr = Rect(qr.right - side, qr.top, side, side)
        return Placement(layout.name, {**_title_roles(layout), "body": body.idx}, moved={"body": text},
                         drawn={"picture": Drawn(qr)},
                         reasons=(_("the QR code is drawn to the right of the text"),))
    layout = f.plain()
    text, qr = split_columns(f.area(layout), 0.62)
    side = min(qr.width, qr.height)
    return Placement(layout.name, _title_roles(layout),
                     drawn={"body": Drawn(text, f.pt(24), colour=f.text(layout)),
                            "picture": Drawn(Rect(qr.right - side, qr.top, side, side))},
                     reasons=(_("link text and QR code are drawn in the content area"),))


def _closing(f: _Finder) -> Placement:
    """Place the closing text with room on its right for the handout's QR code (drawn only when a deck has one).

    Why always: placements belong to the template, not to a deck, and the fit stage must
    measure the text in the box it is written into.
    """
    closing = _list_kind("closing")(f)
    host = closing.placeholders.get("body")
    layout = f.info.layout(closing.layout)
    body = layout.by_idx(host) if host is not None and layout is not None else None
    area = body.rect if body is not None else closing.drawn["body"].rect
    text, qr = split_columns(area, CLOSING_TEXT_SHARE)
    side = min(qr.width, qr.height)
    picture = {"picture": Drawn(Rect(qr.right - side, qr.top, side, side))}
    reasons = closing.reasons + (_("the QR code for the handout is drawn to the right of the closing text"),)
    if body is not None:
        return Placement(closing.layout, closing.placeholders, moved={"body": text}, drawn=picture, reasons=reasons)
    drawn = {"body": replace(closing.drawn["body"], rect=text), **picture}
    return Placement(closing.layout, closing.placeholders, drawn=drawn, reasons=reasons)


_BUILDERS: dict[str, Callable[[_Finder], Placement]] = {
    "title": _title_kind,
    "section": _section,
    "quote": _quote,
    "facts": _facts,
    "image": _image,
    "two-column": _two_column,
    "link": _link,
    **{kind: _list_kind(kind) for kind in LIST_KINDS},
    "closing": _closing,
}
assert set(_BUILDERS) == set(ROLES)
