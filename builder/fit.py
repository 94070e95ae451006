"""Fit text to placeholders: predict overflow and continue long slides on «(forts.)» slides.

Sits between planning and rendering. It knows which paragraphs go into which role of a
slide (`slide_texts`, also used by the renderer so the two never disagree) and measures
them with the real metrics of the shipped, metric-compatible fonts (`render.textfit`).
Sources and agenda slides always continue when long; bullets, discussion and two-column
slides continue when the slide or deck says `split: auto`, and warn otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

from builder.diagnostics import Diagnostic, warning
from builder.i18n import _, ngettext
from builder.plan import (
    AgendaContent,
    BulletsContent,
    ClosingContent,
    DeckPlan,
    DiscussionContent,
    FactsContent,
    ImageContent,
    Item,
    LinkContent,
    PlannedSlide,
    QuoteContent,
    SectionContent,
    SourcesContent,
    TitleContent,
    TwoColumnContent,
    WordsContent,
)
from builder.render import textfit

ALWAYS_SPLIT = ("sources", "agenda")
SHRINK_BEFORE_SPLIT = ("agenda",)  # a programme reads best on one slide, even a little smaller
SPLIT_FILL = 0.9
MIN_BODY_PT = 24.0
SHRINK_FLOOR_PT = 18.0  # text never shrinks below this to fit (readable from the back of a room)
SHRINK_FLOOR_SHARE = 0.7  # nor below this share of the template's own size
MIN_CONTINUED = 3
KEEP_LAST_WORDS = {"bullets": ("body",), "discussion": ("body",), "two-column": ("left", "right"),
                   "quote": ("quote",), "section": ("body",)}
SPLITTABLE = {"bullets": "body", "discussion": "body", "sources": "body", "agenda": "body"}


@dataclass(frozen=True)
class LevelStyle:
    """How one paragraph level of a placeholder is set."""

    size_pt: float
    indent_emu: int = 0
    space_before_pt: float = 0.0
    line_spacing: float = 1.0
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class RoleBox:
    """A placeholder's text area and paragraph styles, as the template defines them."""

    width_emu: int
    height_emu: int
    insets: tuple[int, int, int, int] = (91440, 45720, 91440, 45720)  # left, top, right, bottom
    levels: tuple[LevelStyle, ...] = (LevelStyle(24.0),)

    def level(self, n: int) -> LevelStyle:
        """Return the style of level `n` (the last one repeats)."""
        return self.levels[min(n, len(self.levels) - 1)]


@dataclass(frozen=True)
class Geometry:
    """Every (kind, role) box of a template, and the font family used to measure."""

    boxes: Mapping[tuple[str, str], RoleBox]
    measure_family: str = "Carlito"
    joins: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (kind, role) → role whose box holds it

    def texts(self, slide: PlannedSlide) -> dict[str, tuple[Item, ...]]:
        """Return the paragraphs of each box of `slide`: joined roles added to their host's."""
        texts = dict(slide_texts(slide))
        for (kind, role), host in self.joins.items():
            if kind != slide.kind or role not in texts:
                continue
            items = texts.pop(role)
            texts[host] = items + texts.get(host, ()) if role.endswith("_heading") else texts.get(host, ()) + items
        return texts


def agenda_line(row) -> str:
    """Return one line of the programme slide: time, tab, title and minutes."""
    if row.minutes == 0:
        return f"{row.start}\t{row.title}"
    return f"{row.start}\t{row.title} ({row.minutes} min)"


def slide_texts(slide: PlannedSlide) -> dict[str, tuple[Item, ...]]:
    """Return the paragraphs each role of `slide` holds, in order."""
    c = slide.content
    texts: dict[str, tuple[Item, ...]] = {"title": (Item(slide.title),)}
    if isinstance(c, TitleContent):
        texts["subtitle"] = (Item(c.subtitle),) if c.subtitle else ()
        texts["byline"] = (Item(c.byline),) if c.byline else ()
    elif isinstance(c, AgendaContent):
        texts["body"] = tuple(Item(agenda_line(row)) for row in c.rows)
    elif isinstance(c, SectionContent):
        texts["body"] = (Item(c.subtitle),) if c.subtitle else ()
    elif isinstance(c, BulletsContent):
        texts["body"] = c.items
    elif isinstance(c, QuoteContent):
        texts["quote"] = (Item(f"«{c.quote.text.strip()}»"),)
        texts["attribution"] = (Item(c.attribution),)
    elif isinstance(c, WordsContent):
        texts["body"] = tuple(Item(w) for w in c.words) + tuple(Item(w, 1) for w in c.then)
    elif isinstance(c, FactsContent):
        for n, card in enumerate(c.cards, start=1):
            texts[f"value{n}"] = (Item(card.fact.value),)
            source = card.source.title if card.source else None
            if card.dated == card.fact.value:
                dated = f"Kilde: {source}" if source else ""
            elif source and card.dated.casefold() in source.casefold():
                dated = f"Kilde: {source}"  # the source's name already says when
            else:
                dated = f"{card.dated} · Kilde: {source}" if source else card.dated
            texts[f"caption{n}"] = (Item(card.fact.text), Item(dated, 1)) if dated else (Item(card.fact.text),)
    elif isinstance(c, ImageContent):
        texts["caption"] = (Item(c.caption),) if c.caption else ()
    elif isinstance(c, TwoColumnContent):
        texts["left_heading"] = (Item(c.left_heading),) if c.left_heading else ()
        texts["left"] = c.left
        texts["right_heading"] = (Item(c.right_heading),) if c.right_heading else ()
        texts["right"] = c.right
    elif isinstance(c, LinkContent):
        lines = [Item(c.text)] if c.text else []
        lines.append(Item(c.url, 1))
        texts["body"] = tuple(lines)
    elif isinstance(c, DiscussionContent):
        texts["body"] = tuple(Item(q) for q in c.questions)
    elif isinstance(c, SourcesContent):
        texts["body"] = tuple(Item("".join(r.text for r in ref)) for ref in c.references)
    elif isinstance(c, ClosingContent):
        texts["body"] = tuple(Item(line) for line in c.lines)
    for role in KEEP_LAST_WORDS.get(slide.kind, ()) + ("title",):
        if role in texts:
            texts[role] = tuple(Item(keep_last_words(i.text), i.level) for i in texts[role])
    return texts


def keep_last_words(text: str) -> str:
    """Tie the last two words together, so a line never ends with one short word alone.

    Why: «… mellom «dem» og / «oss»?» leaves a lonely word on the last line of a slide;
    a non-breaking space moves the pair together, as a typesetter would.
    """
    words = text.split(" ")
    if len(words) < 4 or len(words[-1]) > 12 or "://" in words[-1]:
        return text
    return " ".join(words[:-1]) + "\u00a0" + words[-1]


def _box(role: RoleBox) -> textfit.Box:
    left, top, right, bottom = role.insets
    return textfit.Box(
        width_emu=role.width_emu,
        height_emu=role.height_emu,
        inset_left_emu=left,
        inset_top_emu=top,
        inset_right_emu=right,
        inset_bottom_emu=bottom,
        indent_emu_per_level=tuple(level.indent_emu for level in role.levels),
        line_spacing=role.levels[0].line_spacing,
        space_before_pt=role.levels[0].space_before_pt,
    )


def _paras(items: tuple[Item, ...], role: RoleBox, size: float | None = None) -> list[textfit.Para]:
    out = []
    for item in items:
        style = role.level(item.level)
        if size is not None:
            style = replace(style, size_pt=size)
        # A tab stop (agenda) measures like a few spaces; good enough for a fit estimate.
        out.append(textfit.Para(item.text.replace("\t", "    "), style.size_pt, item.level, style.bold, style.italic))
    return out


def fit_plan(plan: DeckPlan, geometry: Geometry, font_dir: Path) -> tuple[DeckPlan, list[Diagnostic]]:
    """Measure every text of the plan; continue long slides; warn about text that overflows."""
    fonts = textfit.FontBook(font_dir, geometry.measure_family)
    slides: list[PlannedSlide] = []
    problems: list[Diagnostic] = []
    for slide in plan.slides:
        if slide.kind == "facts":
            slide = _shrink_values(slide, geometry, fonts)
        pieces = [_shrink_to_fit(piece, geometry, fonts) for piece in _split(slide, geometry, fonts)]
        for piece in pieces:
            problems.extend(_overflow(plan, piece, geometry, fonts))
        slides.extend(pieces)
    numbered = tuple(replace(s, number=n) for n, s in enumerate(slides, start=1))
    return replace(plan, slides=numbered), problems


def _shrink_values(slide: PlannedSlide, geometry: Geometry, fonts: textfit.FontBook) -> PlannedSlide:
    """Pick one font size for the big numbers of a facts slide so that each fits on one line.

    Why: a value like «ca. 10–12» at the template's 60 pt breaks over two lines and
    collides with its caption; a designer would set all numbers on the slide a little
    smaller, and the same size, so they still read as a row.
    """
    texts = slide_texts(slide)
    roles = [r for r in texts if r.startswith("value") and (slide.kind, r) in geometry.boxes]
    if not roles:
        return slide
    template_size = geometry.boxes[(slide.kind, roles[0])].level(0).size_pt
    size = template_size
    while size > template_size * 0.5:
        fits = True
        for role in roles:
            box = geometry.boxes[(slide.kind, role)]
            para = textfit.Para(texts[role][0].text, size, 0, box.level(0).bold)
            result = textfit.measure([para], _box(box), fonts)
            if not result.fits or result.lines > 1:
                fits = False
                break
        if fits:
            break
        size -= 2
    if size == template_size:
        return slide
    return replace(slide, sizes=tuple((role, size) for role in roles))


def _shrink_to_fit(slide: PlannedSlide, geometry: Geometry, fonts: textfit.FontBook) -> PlannedSlide:
    """Set a part a little smaller when it would overflow its box at the template's size.

    Why: a template made elsewhere often has 32–44 pt text in boxes made for a few words;
    a designer would step the size down (never below 18 pt, nor below 70 % of the
    template's size) before letting text run into the footer. What still does not fit
    stays at the template's size and is reported by `_overflow`.
    """
    sizes = dict(slide.sizes)
    for role, items in geometry.texts(slide).items():
        box = geometry.boxes.get((slide.kind, role))
        if box is None or not items or role in sizes:
            continue
        start = box.level(0).size_pt
        if textfit.measure(_paras(items, box), _box(box), fonts).fits:
            continue
        floor = max(SHRINK_FLOOR_PT, start * SHRINK_FLOOR_SHARE)
        size = start - 2
        while size >= floor:
            if textfit.measure(_paras(items, box, size), _box(box), fonts).fits:
                sizes[role] = size
                break
            size -= 2
    return slide if len(sizes) == len(slide.sizes) else replace(slide, sizes=tuple(sizes.items()))


def _split(slide: PlannedSlide, geometry: Geometry, fonts: textfit.FontBook) -> list[PlannedSlide]:
    role = SPLITTABLE.get(slide.kind)
    if role is None or not (slide.split or slide.kind in ALWAYS_SPLIT):
        return [slide]
    box = geometry.boxes.get((slide.kind, role))
    items = slide_texts(slide).get(role, ())
    if box is None or len(items) < 2:
        return [slide]
    # Leave some air above the footer: a continued slide should not be filled to the brim.
    roomy = replace(box, height_emu=int(box.height_emu * SPLIT_FILL))
    if slide.kind in SHRINK_BEFORE_SPLIT:
        size = _fitting_size(items, box, box, fonts)
        if size is not None:
            return [replace(slide, sizes=((role, size),))] if size < box.level(0).size_pt else [slide]
    chunks = textfit.split_to_fit(_paras(items, box), _box(roomy), fonts)
    if len(chunks) < 2:
        return [slide]
    counts = _balanced([len(c) for c in chunks], items, box, roomy, fonts)
    out = []
    start = 0
    for n, count in enumerate(counts):
        part = items[start:start + count]
        start += count
        title = slide.title if n == 0 else (f"{slide.title} (forts.)" if n == 1 else f"{slide.title} (forts. {n})")
        out.append(replace(
            slide, title=title, content=_with_items(slide, part),
            start=slide.start + slide.minutes * n / len(counts), minutes=slide.minutes / len(counts),
            notes=slide.notes if n == 0 else None, cues=slide.cues if n == 0 else None,
            handout=slide.handout if n == 0 else None, continued=n,
        ))
    return out


def _fitting_size(items: tuple[Item, ...], box: RoleBox, roomy: RoleBox, fonts: textfit.FontBook) -> float | None:
    """Return the largest size, down to the 24 pt floor, at which all `items` fit; None if none does."""
    size = box.level(0).size_pt
    while size >= MIN_BODY_PT:
        if textfit.measure(_paras(items, box, size), _box(roomy), fonts).fits:
            return size
        size -= 2
    return None


def _balanced(counts: list[int], items: tuple[Item, ...], box: RoleBox, roomy: RoleBox,
              fonts: textfit.FontBook) -> list[int]:
    """Even out the chunks when the last one would be a lonely line or two.

    Why: a «(forts.)» slide holding one item looks like a mistake; 5 + 4 reads better
    than 8 + 1. The greedy chunks are kept when an even split would not fit or would
    part a sub-point from its point.
    """
    if counts[-1] >= MIN_CONTINUED or len(counts) < 2:
        return counts
    total, parts = sum(counts), len(counts)
    even = [total // parts + (1 if n < total % parts else 0) for n in range(parts)]
    start = 0
    for count in even:
        part = items[start:start + count]
        start += count
        if part and part[0].level > 0:
            return counts
        if not textfit.measure(_paras(part, box), _box(roomy), fonts).fits:
            return counts
    return even


def _with_items(slide: PlannedSlide, part: tuple[Item, ...]):
    c = slide.content
    if isinstance(c, BulletsContent):
        return BulletsContent(part)
    if isinstance(c, DiscussionContent):
        return DiscussionContent(tuple(i.text for i in part))
    if isinstance(c, SourcesContent):
        keep = {i.text for i in part}
        return SourcesContent(tuple(r for r in c.references if "".join(x.text for x in r) in keep))
    if isinstance(c, AgendaContent):
        return AgendaContent(tuple(r for r in c.rows if agenda_line(r) in {i.text for i in part}))
    raise AssertionError(f"cannot split {slide.kind}")  # pragma: no cover


def _part(role: str) -> str:
    """Name the part of a slide a role holds, as the overflow message says it («the title», «the body text»)."""
    if role.startswith(("value", "caption")) and role[-1].isdigit():
        number = role.rstrip("0123456789")
        n = role[len(number):]
        if number == "value":
            return _("number of card {n}").format(n=n)
        return _("text of card {n}").format(n=n)
    names = {
        "title": _("title"), "subtitle": _("subtitle"), "byline": _("line with name, place and date"),
        "body": _("body text"), "quote": _("quote"), "attribution": _("line under the quote"),
        "caption": _("caption"), "left": _("left column"), "right": _("right column"),
        "left_heading": _("heading of the left column"), "right_heading": _("heading of the right column"),
    }
    return names.get(role) or _("text in the part '{role}'").format(role=role)


def _overflow(plan: DeckPlan, slide: PlannedSlide, geometry: Geometry, fonts: textfit.FontBook) -> list[Diagnostic]:
    out = []
    about = {"deck": plan.deck.id, "number": slide.number, "title": slide.title}
    for role, items in geometry.texts(slide).items():
        box = geometry.boxes.get((slide.kind, role))
        if box is None or not items:
            continue
        result = textfit.measure(_paras(items, box, dict(slide.sizes).get(role)), _box(box), fonts)
        if not result.fits:
            lines = result.lines
            over = result.overflow_emu / 12700
            can_split = slide.kind in SPLITTABLE and role == SPLITTABLE[slide.kind] and not slide.split
            hint = (_("add 'split: auto' to the slide to continue it on a «(forts.)» slide, or shorten the text")
                    if can_split else _("shorten the title") if role == "title" else _("shorten the text"))
            message = ngettext(
                "deck '{deck}', slide {number} «{title}»: the {part} does not fit its box "
                "({lines} line, {over} pt too tall)",
                "deck '{deck}', slide {number} «{title}»: the {part} does not fit its box "
                "({lines} lines, {over} pt too tall)", lines)
            out.append(warning("text-overflow", message.format(part=_part(role), lines=lines, over=f"{over:.0f}",
                                                               **about), slide.origin, hint))
        for word in result.broken_words:
            if word.startswith(("http://", "https://")):
                continue  # an address breaks anywhere; the QR code is what people use
            out.append(warning(
                "text-word-break",
                _("deck '{deck}', slide {number} «{title}»: the word '{word}' is wider than its box and will be "
                  "broken in the middle").format(word=word, **about),
                slide.origin, _("use a shorter word, or a soft hyphen (\\u00ad) where it may break"),
            ))
    return out
