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
from builder.render.cards import card_lines

ALWAYS_SPLIT = ("sources", "agenda")
SHRINK_BEFORE_SPLIT = ("agenda", "sources")  # a programme or a reference list reads best on one slide, smaller
SPLIT_FILL = 0.9
MIN_BODY_PT = 24.0
SHRINK_FLOOR_PT = 18.0  # text never shrinks below this to fit (readable from the back of a room)
SHRINK_FLOOR_SHARE = 0.7  # nor below this share of the template's own size
MIN_CONTINUED = 3
KEEP_LAST_WORDS = {"bullets": ("body",), "discussion": ("body",), "two-column": ("left", "right"),
                   "quote": ("quote",), "section": ("body",)}
SPLITTABLE = {"bullets": "body", "discussion": "body", "sources": "body", "agenda": "body"}
# Lists that may be set in two columns before they continue on a «(forts.)» slide; parts that grow when short.
COLUMN_KINDS = {"bullets": "body", "discussion": "body"}
GROW_KINDS = {"bullets": "body", "discussion": "body", "quote": "quote", "agenda": "body"}
ONE_LINE_ROWS = ("agenda",)  # a programme's row that wraps no longer reads as a row
COLUMN_GAP_SHARE = 0.06  # of the box's width, between the two columns
GROW_AREA_FILL = 0.48  # short text grows while its lines cover at most this share of its box's area (under half)
GROW_HEIGHT_FILL = 0.9  # and, when a line wraps, reach no further down it (air for a measuring difference)
GROW_CAP_SHARE = 1.5  # and never beyond 1.5 × the template's size,
GROW_TITLE_SHARE = 1.0  # nor beyond the title's size: body text larger than its heading competes with it
# Decisions the fit stage hands the renderer besides font sizes, kept in `PlannedSlide.sizes`
# under "<role>#<what>" (see `arrangement`): the plan has no field of its own for them yet.
_COLUMNS, _BREAK, _HEIGHT = "#columns", "#break", "#height"
HANGING_EMU = 457200  # APA reference lists: second and later lines indented half an inch
HANGING_KINDS = {"sources": "body"}
# A programme's time and title are parted by a tab. LibreOffice puts the title at the next default stop
# (every inch) and ignores a template's own stops; PowerPoint honours them, and templates (ours) set one
# at two inches. Measured at the farther of the two, a row fits in both.
TAB_EMU, FIRST_TAB_EMU = 914400, 1828800
TAB_KINDS = {"agenda": "body"}


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
    hanging_emu: int = 0  # lines after a paragraph's first start this much further in (set by the renderer)
    tab_emu: int = 0  # default tab stops (see TAB_EMU); 0: a tab measures like a few spaces
    first_tab_emu: int = 0  # the nearest a tab may end

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
        # What every card would repeat (date, source) is said once, under the row (render/cards.py).
        lines, note = card_lines(c.cards, slide.title)
        for n, (card, dated) in enumerate(zip(c.cards, lines), start=1):
            texts[f"value{n}"] = (Item(card.fact.value),)
            texts[f"caption{n}"] = (Item(card.fact.text), Item(dated, 1)) if dated else (Item(card.fact.text),)
        texts["note"] = (Item(note),) if note else ()
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


def quiet_title(slide: PlannedSlide) -> bool:
    """Tell whether a quote slide's title only repeats who said it («Sitat: Alain Topor» over «— Alain Topor»).

    Such a title is kept for screen readers, the outline and navigation, but not shown:
    the renderer places it just above the slide, as PowerPoint's own advice for hiding a
    slide title does, and the accounting knows that this one title may be there.
    """
    c = slide.content
    if not isinstance(c, QuoteContent):
        return False
    label, _colon, who = slide.title.partition(":")
    who = who.strip()
    return bool(_colon and who and label.strip().casefold() == "sitat"
                and who.casefold() in c.attribution.casefold())


def keep_last_words(text: str) -> str:
    """Tie the last two words together, so a line never ends with one short word alone.

    Why: «… mellom «dem» og / «oss»?» leaves a lonely word on the last line of a slide;
    a non-breaking space moves the pair together, as a typesetter would.
    """
    words = text.split(" ")
    if len(words) < 4 or len(words[-1]) > 12 or "://" in words[-1]:
        return text
    return " ".join(words[:-1]) + "\u00a0" + words[-1]


@dataclass(frozen=True)
class Arrangement:
    """How the fit stage set one part of a slide: its size, its columns and the height of its box."""

    size_pt: float | None = None  # None: the template's own size
    columns: int = 1
    column_break: int = 0  # index of the first paragraph of the second column
    height_emu: int | None = None  # None: the box's own height


def arrangement(slide: PlannedSlide, role: str) -> Arrangement:
    """Return what the fit stage decided for `role` of `slide` (size, columns, box height)."""
    sizes = dict(slide.sizes)
    height = sizes.get(role + _HEIGHT)
    return Arrangement(sizes.get(role), int(sizes.get(role + _COLUMNS, 1)), int(sizes.get(role + _BREAK, 0)),
                       None if height is None else int(height))


def _arranged(slide: PlannedSlide, role: str, *, size: float | None = None, columns: int = 1,
              column_break: int = 0, height_emu: int | None = None) -> PlannedSlide:
    sizes = {k: v for k, v in slide.sizes if k.split("#")[0] != role}
    if size is not None:
        sizes[role] = size
    if columns > 1:
        sizes[role + _COLUMNS] = float(columns)
        sizes[role + _BREAK] = float(column_break)
    if height_emu is not None:
        sizes[role + _HEIGHT] = float(height_emu)
    return replace(slide, sizes=tuple(sizes.items()))


def column_box(box: RoleBox) -> RoleBox:
    """Return one of two columns of `box`: half its text width, less the gap between them."""
    left, _top, right, _bottom = box.insets
    inner = box.width_emu - left - right
    gap = int(box.width_emu * COLUMN_GAP_SHARE)
    return replace(box, width_emu=(inner - gap) // 2 + left + right)


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
        hanging_emu=role.hanging_emu,
        tab_emu=role.tab_emu,
        first_tab_emu=role.first_tab_emu,
    )


def _paras(items: tuple[Item, ...], role: RoleBox, size: float | None = None) -> list[textfit.Para]:
    out = []
    for item in items:
        style = role.level(item.level)
        if size is not None:
            style = replace(style, size_pt=size)
        # Without tab stops to measure to (TAB_KINDS), a tab measures like a few spaces: an estimate.
        text = item.text if role.tab_emu else item.text.replace("\t", "    ")
        out.append(textfit.Para(text, style.size_pt, item.level, style.bold, style.italic))
    return out


def fit_plan(plan: DeckPlan, geometry: Geometry, font_dir: Path) -> tuple[DeckPlan, list[Diagnostic]]:
    """Measure every text of the plan; continue long slides; warn about text that overflows."""
    fonts = textfit.FontBook(font_dir, geometry.measure_family)
    fonts.remember(plan.deck.id)  # a rebuild measures nearly the same lines: reuse the widths of the last one
    geometry = _as_written(geometry)
    slides: list[PlannedSlide] = []
    problems: list[Diagnostic] = []
    for slide in plan.slides:
        if slide.kind == "facts":
            slide = _card_height(_shrink_values(slide, geometry, fonts), geometry, fonts)
        pieces = [_shrink_to_fit(piece, geometry, fonts) for piece in _split(slide, geometry, fonts)]
        if len(pieces) == 1:
            pieces = [_grow_to_fill(pieces[0], geometry, fonts)]
        for piece in pieces:
            problems.extend(_overflow(plan, piece, geometry, fonts))
        slides.extend(pieces)
    fonts.keep()
    numbered = tuple(replace(s, number=n) for n, s in enumerate(slides, start=1))
    return replace(plan, slides=numbered), problems


def _as_written(geometry: Geometry) -> Geometry:
    """Return `geometry` with what the renderer and the programs add to the template's boxes.

    A reference list's hanging indent (the renderer writes it) and a programme's tab stops.
    """
    boxes = {}
    for key, box in geometry.boxes.items():
        if HANGING_KINDS.get(key[0]) == key[1]:
            box = replace(box, hanging_emu=HANGING_EMU)
        if TAB_KINDS.get(key[0]) == key[1]:
            box = replace(box, tab_emu=TAB_EMU, first_tab_emu=FIRST_TAB_EMU)
        boxes[key] = box
    return replace(geometry, boxes=boxes)


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
        if box is None or not items or role in sizes or role + _COLUMNS in sizes:
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
    if role is None:
        return [slide]
    if not (slide.split or slide.kind in ALWAYS_SPLIT):
        return [_unsplit_columns(slide, geometry, fonts)]
    box = geometry.boxes.get((slide.kind, role))
    items = slide_texts(slide).get(role, ())
    if box is None or len(items) < 2:
        return [slide]
    if slide.kind in COLUMN_KINDS and not textfit.measure(_paras(items, box), _box(box), fonts).fits:
        columns = _two_columns(slide, role, items, box, fonts)
        if columns is not None:
            return [columns]
    # Leave some air above the footer: a continued slide should not be filled to the brim.
    roomy = replace(box, height_emu=int(box.height_emu * SPLIT_FILL))
    if slide.kind in SHRINK_BEFORE_SPLIT:
        start = box.level(0).size_pt
        floor = max(SHRINK_FLOOR_PT, start * SHRINK_FLOOR_SHARE)  # the readability floor of every shrink
        # A programme may fill its box; a reference list keeps the air a continued slide would.
        size = _fitting_size(items, box, box if slide.kind == "agenda" else roomy, fonts, min(start, floor))
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


def _unsplit_columns(slide: PlannedSlide, geometry: Geometry, fonts: textfit.FontBook) -> PlannedSlide:
    """Set a list that may not continue on a «(forts.)» slide in two columns when one is too short for it."""
    role = COLUMN_KINDS.get(slide.kind)
    box = geometry.boxes.get((slide.kind, role)) if role else None
    items = slide_texts(slide).get(role, ()) if role else ()
    if box is None or len(items) < 2 or textfit.measure(_paras(items, box), _box(box), fonts).fits:
        return slide
    return _two_columns(slide, role, items, box, fonts) or slide


def _two_columns(slide: PlannedSlide, role: str, items: tuple[Item, ...], box: RoleBox,
                 fonts: textfit.FontBook) -> PlannedSlide | None:
    """Set a list too long for its box in two columns on the slide, when it fits at a legible size.

    Why before «(forts.)»: a list of thirteen short tasks read as one list on one slide;
    7 + 6 over two slides hides half of it while the first half is talked about. The
    size steps down to the 24 pt floor at most (or the template's, if smaller). The
    first column is the taller one and ends with a whole point (a sub-point stays with
    its point); the box is made just tall enough for it, so that PowerPoint and
    LibreOffice, which fill a column before starting the next, break where we measured.
    """
    column = column_box(box)
    start = box.level(0).size_pt
    floor = min(start, max(MIN_BODY_PT, SHRINK_FLOOR_PT))
    size = start
    while size >= floor:
        paras = _paras(items, box, size if size != start else None)
        found = _column_break(paras, items, column, fonts)
        if found is not None:
            cut, height = found
            return _arranged(slide, role, size=size if size != start else None, columns=2, column_break=cut,
                             height_emu=height)
        size -= 2
    return None


def _column_break(paras: list[textfit.Para], items: tuple[Item, ...], column: RoleBox,
                  fonts: textfit.FontBook) -> tuple[int, int] | None:
    """Return where the second column starts and the box height that makes the text break there.

    The first column must hold its paragraphs and the second all the rest, and the next
    paragraph's first line must not fit below the first column's text: the height is
    set halfway between, which leaves half a line for measuring differences either way.
    """
    inner = _box(column)
    for cut in range((len(paras) + 1) // 2, len(paras)):
        if items[cut].level > 0:
            continue
        first, second = textfit.measure(paras[:cut], inner, fonts), textfit.measure(paras[cut:], inner, fonts)
        if not first.fits or first.broken_words or second.broken_words:
            return None  # a word wider than a column reads worse than a «(forts.)» slide
        following = paras[cut]
        ends = (first.height_emu + inner.space_before_pt * textfit.EMU_PER_PT
                + fonts.line_height_emu(following.size_pt, following.bold, following.italic) * inner.line_spacing)
        tallest = max(first.height_emu, second.height_emu)
        if not second.fits or tallest >= ends:
            continue
        text_height = min((tallest + ends) / 2, inner.text_height_emu)
        return cut, int(text_height + column.insets[1] + column.insets[3])
    return None


def _grow_to_fill(slide: PlannedSlide, geometry: Geometry, fonts: textfit.FontBook) -> PlannedSlide:
    """Set short text larger, so that a slide with little on it uses its space.

    The rule is measured, not a fixed size: the size steps up from the template's while
    the lines cover at most `GROW_AREA_FILL` of the box's area and, when a point wraps,
    reach no further than `GROW_HEIGHT_FILL` down it (one-line points may fill the box:
    no line break can come out differently than measured), and stops at 1.5 × the
    template's size or 1.25 × the title's, whichever is smaller (regular text a little
    larger than a bold title still reads below it; much larger would compete with it).
    Why area and not height: seven one-word points reach far down their box but cover
    a seventh of it, and read as little text; three long points reach half way and cover
    a third. A dense slide covers about half or more at the template's size and keeps it.
    Lists with sub-points keep their sizes, so that the levels still read as levels; a
    short quote grows the same way, and a short programme too, as long as every row stays
    one line; no size that breaks a word is taken.
    """
    role = GROW_KINDS.get(slide.kind)
    box = geometry.boxes.get((slide.kind, role)) if role else None
    items = slide_texts(slide).get(role, ()) if role else ()
    arranged = any(key.split("#")[0] == role for key, _ in slide.sizes)  # shrunk, or in columns
    if box is None or not items or arranged or any(i.level for i in items):
        return slide
    start = box.level(0).size_pt
    title = geometry.boxes.get((slide.kind, "title"))
    cap = start * GROW_CAP_SHARE
    if title is not None and title.level(0).size_pt >= start:  # a heading, not a small label above a quote
        cap = min(cap, title.level(0).size_pt * GROW_TITLE_SHARE)
    size, best = start + 2, start
    while size <= cap and _room_for(items, box, size, fonts, one_line=slide.kind in ONE_LINE_ROWS):
        best, size = size, size + 2
    return slide if best == start else _arranged(slide, role, size=best)


def _room_for(items: tuple[Item, ...], box: RoleBox, size: float, fonts: textfit.FontBook,
              one_line: bool = False) -> bool:
    """Tell whether `items` set at `size` still read as little text in `box` (see `_grow_to_fill`)."""
    paras = _paras(items, box, size)
    inner = _box(box)
    result = textfit.measure(paras, inner, fonts)
    wraps = result.lines > len(paras)  # one-line points break nowhere, so they may fill the box
    if one_line and wraps:
        return False
    if result.broken_words or result.height_emu > inner.text_height_emu * (GROW_HEIGHT_FILL if wraps else 1):
        return False
    return coverage(paras, result, inner, fonts) <= GROW_AREA_FILL


def coverage(paras: list[textfit.Para], result: textfit.FitResult, box: textfit.Box,
             fonts: textfit.FontBook) -> float:
    """Return the share of `box`'s text area its lines cover: each line's width × its line pitch."""
    covered = 0.0
    for para, lines in zip(paras, result.wrapped):
        pitch = fonts.line_height_emu(para.size_pt, para.bold, para.italic) * box.line_spacing
        covered += sum(fonts.text_width_emu(line, para.size_pt, para.bold, para.italic) for line in lines) * pitch
    return covered / (box.text_width_emu(0) * box.text_height_emu)


def _card_height(slide: PlannedSlide, geometry: Geometry, fonts: textfit.FontBook) -> PlannedSlide:
    """Make the fact cards of a slide as tall as the tallest card's text, not as tall as the layout's box.

    Why: a card made for four lines of caption that holds two leaves a third of it
    empty; the row reads as a set when every card ends where the longest text does.
    Measured in the caption's own box (the narrowest a card gets), so it is never short.
    """
    texts = slide_texts(slide)
    heights = []
    for role, items in texts.items():
        box = geometry.boxes.get((slide.kind, role))
        if not role.startswith("caption") or box is None or not items:
            continue
        result = textfit.measure(_paras(items, box), _box(box), fonts)
        if not result.fits:
            return slide
        heights.append(result.height_emu + box.insets[1] + box.insets[3])
    if not heights:
        return slide
    height = max(heights)
    roles = [r for r in texts if r.startswith("caption") and (slide.kind, r) in geometry.boxes]
    if height >= min(geometry.boxes[(slide.kind, r)].height_emu for r in roles):
        return slide
    for role in roles:
        slide = _arranged(slide, role, size=dict(slide.sizes).get(role), height_emu=height)
    return slide


def _fitting_size(items: tuple[Item, ...], box: RoleBox, roomy: RoleBox, fonts: textfit.FontBook,
                  floor: float = MIN_BODY_PT) -> float | None:
    """Return the largest size, down to `floor`, at which all `items` fit; None if none does."""
    size = box.level(0).size_pt
    while size >= floor:
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
        arranged = arrangement(slide, role)
        if arranged.columns > 1:  # each column on its own: the box is as tall as the first one needs
            column = column_box(box)
            cut = arranged.column_break
            results = [textfit.measure(_paras(part, column, arranged.size_pt), _box(column), fonts)
                       for part in (items[:cut], items[cut:])]
            result = next((r for r in results if not r.fits), results[0])
            result = replace(result, broken_words=tuple(w for r in results for w in r.broken_words))
        else:
            result = textfit.measure(_paras(items, box, arranged.size_pt), _box(box), fonts)
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
        addresses = [token for item in items for token in item.text.split() if "://" in token]
        for word in result.broken_words:
            if any(word in address for address in addresses):
                continue  # an address breaks anywhere; the QR code is what people use
            out.append(warning(
                "text-word-break",
                _("deck '{deck}', slide {number} «{title}»: the word '{word}' is wider than its box and will be "
                  "broken in the middle").format(word=word, **about),
                slide.origin, _("use a shorter word, or a soft hyphen (\\u00ad) where it may break"),
            ))
    return out
