"""Predict at build time whether text fits its PowerPoint text box.

Widths come from the real glyph advances of metric-compatible open fonts
(Carlito for Calibri, Liberation Sans for Arial), measured with Pillow.

Line height: PowerPoint ignores the font's vertical metrics for slide text and
makes a single-spaced line 1.2 x the font size, whatever the face; a spacing of
``pct`` advances ``1.2 * pct * size`` per line. LibreOffice copies this for
every PPTX text body (its importer sets FontIndependentLineSpacing, and
EditEngine's ImplCalculateFontIndependentLineSpacing is ``height * 12 / 10``;
tdf#165521: "Microsoft just ignores the font metrics, and simply adds 20%"),
and calibration measured exactly 28.80 pt per line for Carlito 24 pt and
24.0 pt for Liberation Sans 20 pt. That is the default here. Font-metric line
heights are still available (``FontBook(..., line_height_em=None)``): the GDI
rule ``usWinAscent + usWinDescent`` plus external leading
``max(0, hhea.lineGap - (winAscent + winDescent - (hhea.ascender -
hhea.descender)))`` (typo metrics if USE_TYPO_METRICS is set), read straight
from the font's head/hhea/OS/2 tables: 1.2207 em for Carlito, 1.1499 em for
Liberation Sans. Pillow's ``getmetrics()`` is not used because it rounds and
omits the line gap. python-pptx's TextFitter takes the ink height of "Ty"
(0.79 em in Carlito) as the line pitch, a third less than PowerPoint's.

Widths: Pillow's Raqm engine (when available) applies GPOS pair kerning, as
PowerPoint does for text at or above the ``kern="1200"`` threshold that
python-pptx's template sets; standard ligatures are switched off because
PowerPoint does not form them.

Wrapping follows PowerPoint: lines break after (breaking) spaces, after hyphens
and dashes inside words (not in a compound of capital-letter abbreviations such
as «CC BY-SA», which PowerPoint would split but the renderer keeps whole, see
`abbreviation_hyphen`), after a slash between letters, and at soft hyphens
(shown as "-" when used); trailing spaces hang outside the box; "\\n", "\\v" and
U+2028 start a new line; a word wider than a whole line starts on a fresh line
and is broken between the characters where it overflows. Non-breaking spaces (U+00A0, U+202F) never break.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow is imported where text is measured: `erfaring check` seldom needs it
    from PIL import ImageFont

__all__ = [
    "EMU_PER_PT",
    "Box",
    "FitResult",
    "FontBook",
    "POWERPOINT_LINE_HEIGHT_EM",
    "Para",
    "abbreviation_hyphen",
    "measure",
    "split_to_fit",
]

EMU_PER_PT = 12700
# PowerPoint's single line pitch, in em (see the module docstring).
POWERPOINT_LINE_HEIGHT_EM = 1.2
WIDTHS_KIND = "widths"  # the user cache's folder of remembered widths (`FontBook.remember`)
MAX_KNOWN = 65536  # widths per style, and paragraph layouts, a FontBook keeps in memory
# Fonts are loaded at 50 px per point (1200 px for 24 pt) so that rounding of
# hinted advances is negligible; widths are then scaled back to points.
PX_PER_PT = 50

_LINE_BREAK_RE = re.compile("[\n\v\u2028]")
# Breaking spaces only: U+00A0 and U+202F are deliberately absent.
_SPACES = frozenset(" \t\u2002\u2003\u2009")
_SPACE_CHARS = "".join(sorted(_SPACES))
_DASHES = frozenset("\u2010\u2013\u2014")  # hyphen, en dash, em dash
_SOFT_HYPHEN = "\u00ad"

_STYLE_SUFFIXES: dict[tuple[bool, bool], tuple[str, ...]] = {
    (False, False): ("regular", "", "roman", "book"),
    (True, False): ("bold",),
    (False, True): ("italic", "oblique"),
    (True, True): ("bolditalic", "boldoblique"),
}

# The style that stands in when a family lacks one: measuring bold text with the regular
# font underestimates it a little, but a missing file must not stop a build that `check` passed.
_STAND_IN: dict[tuple[bool, bool], tuple[tuple[bool, bool], ...]] = {
    (True, True): ((True, False), (False, True), (False, False)),
    (True, False): ((False, False),),
    (False, True): ((False, False),),
}


@dataclass(frozen=True)
class Para:
    """One paragraph of uniformly formatted text."""

    text: str
    size_pt: float
    level: int = 0
    bold: bool = False
    italic: bool = False

    def __post_init__(self) -> None:
        if self.size_pt <= 0:
            raise ValueError(f"size_pt must be positive, got {self.size_pt}")
        if self.level < 0:
            raise ValueError(f"level must be 0 or more, got {self.level}")


@dataclass(frozen=True)
class Box:
    """Geometry and paragraph spacing of a text box (EMU, points for spacing).

    ``indent_emu_per_level[n]`` is where level-n text starts (``marL``); levels
    past the end of the tuple reuse its last entry.
    """

    width_emu: int
    height_emu: int
    inset_left_emu: int = 91440
    inset_right_emu: int = 91440
    inset_top_emu: int = 45720
    inset_bottom_emu: int = 45720
    indent_emu_per_level: tuple[int, ...] = (0,)
    line_spacing: float = 1.0
    space_before_pt: float = 0.0
    space_after_pt: float = 0.0
    hanging_emu: int = 0  # every line after a paragraph's first starts this much further in (a reference list)
    tab_emu: int = 0  # default tab stops every this many EMU; 0: a tab measures as wide as its glyph
    first_tab_emu: int = 0  # and a tab reaches at least this far (a stop the template may set)

    def __post_init__(self) -> None:
        if self.width_emu <= 0 or self.height_emu <= 0:
            raise ValueError("box width and height must be positive")
        if self.line_spacing <= 0:
            raise ValueError(f"line_spacing must be positive, got {self.line_spacing}")

    @property
    def text_height_emu(self) -> int:
        """Return the height available to text inside the insets."""
        return self.height_emu - self.inset_top_emu - self.inset_bottom_emu

    def text_width_emu(self, level: int) -> int:
        """Return the line width available to a paragraph at ``level``."""
        indents = self.indent_emu_per_level or (0,)
        indent = indents[min(level, len(indents) - 1)]
        return self.width_emu - self.inset_left_emu - self.inset_right_emu - indent


@dataclass(frozen=True)
class FitResult:
    """Outcome of laying out paragraphs in a box.

    ``wrapped`` holds each paragraph's lines as drawn (trailing spaces dropped,
    a soft hyphen used for a break shown as "-"); ``broken_words`` lists, once
    each and in order, the words that had to be broken mid-word.
    """

    fits: bool
    lines: int
    height_emu: int
    overflow_emu: int
    wrapped: tuple[tuple[str, ...], ...]
    broken_words: tuple[str, ...]


class FontBook:
    """Load one font family's styles from a directory and measure text with them.

    Files are found (recursively) by name: ``Carlito-Regular.ttf``,
    ``LiberationSans-BoldItalic.ttf`` and so on; spaces, dashes and case in the
    family and file names are ignored. The regular style is required; the
    others are required only once text in that style is measured.

    ``line_height_em`` is the single line pitch in em; ``None`` reads it from
    each font file instead. ``kerning`` and ``ligatures`` switch those OpenType
    features (Raqm only); the defaults follow PowerPoint, ``ligatures=True``
    follows LibreOffice.
    """

    def __init__(
        self,
        font_dir: Path,
        family: str,
        *,
        line_height_em: float | None = POWERPOINT_LINE_HEIGHT_EM,
        kerning: bool = True,
        ligatures: bool = False,
        layout_engine: ImageFont.Layout | None = None,
    ) -> None:
        if line_height_em is not None and line_height_em <= 0:
            raise ValueError(f"line_height_em must be positive, got {line_height_em}")
        self.font_dir = Path(font_dir)
        self.family = family
        self.line_height_em = line_height_em
        if not self.font_dir.is_dir():
            raise FileNotFoundError(f"font directory not found: {self.font_dir}")
        self._paths = _find_styles(self.font_dir, family)
        if (False, False) not in self._paths:
            raise FileNotFoundError(
                f"no regular {family!r} font (e.g. {_squash(family)}-Regular.ttf) under {self.font_dir}"
            )
        # Raqm applies the GPOS kerning that PowerPoint and LibreOffice apply;
        # the basic engine only knows the legacy 'kern' table, which Carlito lacks.
        from PIL import ImageFont, features

        if layout_engine is None:
            raqm = features.check_feature("raqm")
            layout_engine = ImageFont.Layout.RAQM if raqm else ImageFont.Layout.BASIC
        self.layout_engine = layout_engine
        switched_off = ([] if kerning else ["-kern"]) + ([] if ligatures else ["-liga", "-clig"])
        self._features = switched_off if layout_engine == ImageFont.Layout.RAQM else None
        self._fonts: dict[tuple[bool, bool, int], ImageFont.FreeTypeFont] = {}
        self._line_em: dict[tuple[bool, bool], float] = {}
        # Widths measured, per style: (text, size) → EMU. With `remember`, also those of an earlier run.
        self._widths: dict[tuple[bool, bool], dict[tuple[str, float], float]] = {}
        self._memo: str | None = None
        self._used: dict[tuple[bool, bool], set[tuple[str, float]]] = {}
        self._fresh: set[tuple[bool, bool]] = set()
        self._layouts: dict[tuple, _ParaLayout] = {}  # see `_layout_para`

    def path(self, bold: bool = False, italic: bool = False) -> Path:
        """Return the font file used for a style (the nearest style the family has, if it lacks this one)."""
        for style in ((bold, italic), *_STAND_IN.get((bold, italic), ())):
            if style in self._paths:
                return self._paths[style]
        style_name = _STYLE_SUFFIXES[(bold, italic)][0]
        raise FileNotFoundError(f"no {style_name} {self.family!r} font under {self.font_dir}")

    def font(self, size_pt: float, bold: bool = False, italic: bool = False) -> ImageFont.FreeTypeFont:
        """Return the cached Pillow font for a style at ``size_pt`` points."""
        px = max(1, round(size_pt * PX_PER_PT))
        key = (bold, italic, px)
        if key not in self._fonts:
            from PIL import ImageFont

            self._fonts[key] = ImageFont.truetype(
                str(self.path(bold, italic)), px, layout_engine=self.layout_engine
            )
        return self._fonts[key]

    def text_width_emu(self, text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
        """Return the advance width of ``text`` in EMU."""
        style = (bold, italic)
        widths = self._widths.get(style)
        if widths is None:
            widths = self._widths[style] = self._recalled(style)
        key = (text, size_pt)
        width = widths.get(key)
        if width is None:
            if len(widths) >= MAX_KNOWN:  # a long-lived book (watch, studio) starts over rather than grow
                widths.clear()
            width = widths[key] = self._width_emu(text, size_pt, bold, italic)
            self._fresh.add(style)
        if self._memo is not None:
            self._used.setdefault(style, set()).add(key)
        return width

    def remember(self, name: str) -> None:
        """Keep the widths measured under `name` in the user's cache (`usercache`), and reuse those kept before.

        Why: measuring is most of fitting a deck (Pillow shapes every candidate line at every
        size tried), and a rebuild of a deck measures nearly the same lines again. An entry is
        keyed by the bytes of the font file, this module's code, Pillow and its text libraries'
        versions and the layout options, so a width read back is the one that would be measured:
        the fit comes out the same, byte for byte. Call before the first measurement; `keep`
        writes what was used. A missing or damaged entry is measured again.
        """
        self._memo = name

    def keep(self) -> None:
        """Write the widths this book used since `remember` to the user's cache, when any was newly measured."""
        if self._memo is None:
            return
        from builder.usercache import write_json

        for style in sorted(self._fresh):
            used = self._used.get(style)
            if used:
                widths = self._widths[style]
                keys = sorted(used)
                write_json(WIDTHS_KIND, self._memo_key(style), {
                    "texts": [text for text, _size in keys], "sizes": [size for _text, size in keys],
                    "widths": [widths[key] for key in keys]})
        self._fresh.clear()

    def _recalled(self, style: tuple[bool, bool]) -> dict[tuple[str, float], float]:
        """Return the widths of `style` kept by an earlier run (see `remember`), or none."""
        if self._memo is None:
            return {}
        from builder.usercache import read_json

        kept = read_json(WIDTHS_KIND, self._memo_key(style))
        if not isinstance(kept, dict):
            return {}
        texts, sizes, widths = kept.get("texts"), kept.get("sizes"), kept.get("widths")
        if not (isinstance(texts, list) and isinstance(sizes, list) and isinstance(widths, list)
                and len(texts) == len(sizes) == len(widths) and set(map(type, texts)) <= {str}
                and set(map(type, sizes)) <= {int, float} and set(map(type, widths)) <= {int, float}):
            return {}  # not what `keep` writes: measure everything again
        return dict(zip(zip(texts, sizes), widths))

    def _memo_key(self, style: tuple[bool, bool]) -> str:
        from builder.usercache import code_key

        import PIL
        from PIL import features

        versions = [PIL.__version__, *(str(features.version(name)) for name in ("raqm", "freetype2", "fribidi",
                                                                                 "harfbuzz"))]
        parts = [code_key(Path(__file__)), *versions, str(self.layout_engine), repr(self._features), str(PX_PER_PT),
                 _file_hash(self.path(*style)), self._memo or ""]
        return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]

    def line_height_emu(self, size_pt: float, bold: bool = False, italic: bool = False) -> float:
        """Return the height of one single-spaced line in EMU."""
        em = self.line_height_em
        if em is None:
            em = self.font_line_height_em(bold, italic)
        return em * size_pt * EMU_PER_PT

    def font_line_height_em(self, bold: bool = False, italic: bool = False) -> float:
        """Return the font file's own single line height in em (GDI rule)."""
        key = (bold, italic)
        if key not in self._line_em:
            self._line_em[key] = _line_height_em(self.path(bold, italic))
        return self._line_em[key]

    def _width_emu(self, text: str, size_pt: float, bold: bool, italic: bool) -> float:
        if not text:
            return 0.0
        font = self.font(size_pt, bold, italic)
        # Scale by the pixel size actually loaded, so rounding it costs nothing.
        return font.getlength(text, features=self._features) / font.size * size_pt * EMU_PER_PT


_FILE_HASHES: dict[tuple[str, int, int], str] = {}


def _file_hash(path: Path) -> str:
    """Return the SHA-256 of a font file, once per process for a file that has not changed."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _FILE_HASHES:
        _FILE_HASHES[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return _FILE_HASHES[key]


def measure(paras: Sequence[Para], box: Box, fonts: FontBook) -> FitResult:
    """Lay out paragraphs in a box and report whether and how they fit."""
    layouts = [_layout_para(p, box, fonts) for p in paras]
    height = round(_stack_height(layouts, box))
    overflow = max(0, height - box.text_height_emu)
    broken = _unique(word for layout in layouts for word in layout.broken)
    return FitResult(
        fits=overflow == 0,
        lines=sum(len(layout.lines) for layout in layouts),
        height_emu=height,
        overflow_emu=overflow,
        wrapped=tuple(layout.lines for layout in layouts),
        broken_words=broken,
    )


def split_to_fit(paras: Sequence[Para], box: Box, fonts: FontBook) -> list[list[Para]]:
    """Split paragraphs into consecutive chunks that each fit the box.

    Paragraphs are never split. A level-0 paragraph and the deeper paragraphs
    after it are kept in one chunk when they fit together; otherwise a parent
    is at least kept with its first child when possible. A paragraph too big
    on its own still gets a chunk of its own.
    """
    layouts = [_layout_para(p, box, fonts) for p in paras]
    limit = box.text_height_emu

    def fits(indices: list[int]) -> bool:
        return round(_stack_height([layouts[i] for i in indices], box)) <= limit

    chunks: list[list[int]] = []
    current: list[int] = []
    for group in _families(paras):
        if fits(current + group):
            current += group
            continue
        if fits(group):
            if current:
                chunks.append(current)
            current = list(group)
            continue
        for i in group:
            if fits(current + [i]):
                current.append(i)
                continue
            if not current:
                current = [i]
                continue
            carry: list[int] = []
            orphaned_parent = current[-1] == group[0] and i == group[1] and len(current) > 1
            if orphaned_parent and fits([group[0], i]):
                carry = [current.pop()]
            chunks.append(current)
            current = carry + [i]
    if current:
        chunks.append(current)
    return [[paras[i] for i in chunk] for chunk in chunks]


@dataclass(frozen=True)
class _ParaLayout:
    lines: tuple[str, ...]
    broken: tuple[str, ...]
    line_height_emu: float


def _layout_para(para: Para, box: Box, fonts: FontBook) -> _ParaLayout:
    # The same paragraph is laid out in the same box several times while a slide is fitted
    # (split, shrink, overflow): everything the layout reads is in the key.
    width = box.text_width_emu(para.level)
    key = (para, width, box.hanging_emu, box.tab_emu, box.first_tab_emu, box.line_spacing)
    layout = fonts._layouts.get(key)
    if layout is None:
        if len(fonts._layouts) >= MAX_KNOWN:
            fonts._layouts.clear()
        layout = fonts._layouts[key] = _wrap_para(para, box, fonts, width)
    return layout


def _wrap_para(para: Para, box: Box, fonts: FontBook, width: int) -> _ParaLayout:
    if width <= 0:
        raise ValueError(f"box leaves no room for text at level {para.level}")

    def text_width(text: str) -> float:
        if not box.tab_emu or "\t" not in text:
            return fonts.text_width_emu(text, para.size_pt, para.bold, para.italic)
        *tabbed, last = text.split("\t")
        x = 0.0
        for piece in tabbed:  # each tab moves on to the next stop
            x += fonts.text_width_emu(piece, para.size_pt, para.bold, para.italic)
            x = max((x // box.tab_emu + 1) * box.tab_emu, box.first_tab_emu if x < box.first_tab_emu else 0)
        return x + fonts.text_width_emu(last, para.size_pt, para.bold, para.italic)

    rest = width - box.hanging_emu
    if rest <= 0:
        raise ValueError(f"the hanging indent leaves no room for text at level {para.level}")
    lines: list[str] = []
    broken: list[str] = []
    for segment in _LINE_BREAK_RE.split(para.text):
        seg_lines, seg_broken = _wrap(segment, rest if lines else width, text_width, rest)
        lines += seg_lines
        broken += seg_broken
    line_height = fonts.line_height_emu(para.size_pt, para.bold, para.italic) * box.line_spacing
    return _ParaLayout(tuple(lines), tuple(broken), line_height)


def _stack_height(layouts: Sequence[_ParaLayout], box: Box) -> float:
    if not layouts:
        return 0.0
    lines = sum(len(layout.lines) * layout.line_height_emu for layout in layouts)
    before = box.space_before_pt * EMU_PER_PT * (len(layouts) - 1)
    after = box.space_after_pt * EMU_PER_PT * len(layouts)
    return lines + before + after


def _wrap(segment: str, width: float, text_width: Callable[[str], float],
          rest: float | None = None) -> tuple[list[str], list[str]]:
    """Greedily wrap one explicit line into lines no wider than ``width`` (``rest`` after the first)."""
    rest = width if rest is None else rest

    def fits(text: str) -> bool:
        return text_width(_visible(text)) <= (rest if lines else width)

    lines: list[str] = []
    broken: list[str] = []
    current = ""
    for token in _tokens(segment):
        if fits(current + token):
            current += token
            continue
        if _visible(current):
            lines.append(_visible(current))
        else:  # only leading spaces so far: they stay in front of the token
            token = current + token
        current = ""
        if fits(token):
            current = token
            continue
        broken.append(token.strip("".join(_SPACES)).replace(_SOFT_HYPHEN, ""))
        *full, current = _break_word(token, fits, lambda text: text_width(_visible(text)) <= rest)
        lines += [_visible(piece) for piece in full]
    lines.append(_visible(current))
    return lines, broken


@lru_cache(maxsize=8192)
def _tokens(segment: str) -> tuple[str, ...]:
    """Split text into pieces after which a line may break (cached: every size tried wraps the same text)."""
    tokens: list[str] = []
    start = 0
    for i, ch in enumerate(segment):
        prev = segment[i - 1] if i else ""
        nxt = segment[i + 1] if i + 1 < len(segment) else ""
        if ch in _SPACES:
            cut = bool(nxt) and nxt not in _SPACES
        elif ch == "-":
            # "e-post" breaks after the hyphen; "-5", "1990-2000" and "BY-SA" do not.
            cut = bool(prev) and prev not in _SPACES and nxt.isalpha() and not abbreviation_hyphen(segment, i)
        elif ch == "/":
            # "pasientsamtaler/pårørendesamtaler" breaks after the slash, as in PowerPoint and
            # LibreOffice; "1/2" and "24/7" do not.
            cut = prev.isalpha() and nxt.isalpha()
        elif ch in _DASHES or ch == _SOFT_HYPHEN:
            cut = bool(prev) and prev not in _SPACES and bool(nxt) and nxt not in _SPACES
        else:
            cut = False
        if cut:
            tokens.append(segment[start : i + 1])
            start = i + 1
    tokens.append(segment[start:])
    return tuple(tokens)


def abbreviation_hyphen(text: str, i: int) -> bool:
    """Tell whether the hyphen at `text[i]` joins two capital-letter abbreviations («CC BY-SA», «NC-ND»).

    Why: a licence name split as «CC BY-» / «SA 4.0» reads as two words. PowerPoint and
    LibreOffice break after any hyphen between letters, and the template's fonts (Carlito,
    Liberation Sans) have no non-breaking hyphen (U+2011) to prevent it, so the renderer
    starts a new line before such a word where this module's wrapping does.
    """
    if text[i:i + 1] != "-":
        return False
    start = i
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    end = i + 1
    while end < len(text) and text[end].isalpha():
        end += 1
    before, after = text[start:i], text[i + 1:end]
    return bool(before) and bool(after) and before.isupper() and after.isupper()


def _break_word(token: str, fits: Callable[[str], bool],
                fits_rest: Callable[[str], bool] | None = None) -> list[str]:
    """Break a token wider than a line into pieces that each fit (one cluster at least).

    ``fits_rest`` measures the pieces after the first (lines after a hanging indent).
    """
    clusters = _clusters(token)
    pieces: list[str] = []
    while clusters:
        fit = fits if not pieces or fits_rest is None else fits_rest
        lo, hi = 1, len(clusters)
        while lo < hi:  # longest prefix that fits
            mid = (lo + hi + 1) // 2
            if fit("".join(clusters[:mid])):
                lo = mid
            else:
                hi = mid - 1
        pieces.append("".join(clusters[:lo]))
        clusters = clusters[lo:]
    return pieces


def _clusters(text: str) -> list[str]:
    """Split text into characters, keeping combining marks with their base."""
    clusters: list[str] = []
    for ch in text:
        if clusters and unicodedata.combining(ch):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


def _visible(text: str) -> str:
    """Return the text as drawn at the end of a line: no trailing spaces, soft hyphen shown."""
    text = text.rstrip(_SPACE_CHARS)
    if _SOFT_HYPHEN not in text:
        return text
    shown_hyphen = text.endswith(_SOFT_HYPHEN)
    text = text.replace(_SOFT_HYPHEN, "")
    return text + "-" if shown_hyphen else text


def _families(paras: Sequence[Para]) -> list[list[int]]:
    """Group paragraph indices: each level-0 paragraph with the deeper ones after it."""
    groups: list[list[int]] = []
    for i, para in enumerate(paras):
        if para.level == 0 or not groups:
            groups.append([i])
        else:
            groups[-1].append(i)
    return groups


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _squash(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


MAX_FONT_BYTES = 50 * 1024 * 1024  # larger than any real text font; a larger file is not read to check it


def font_problem(font_dir: Path, family: str) -> tuple[str, str] | None:
    """Return why `family` cannot measure text from `font_dir`, or None if it can.

    ("missing", file name) when there is no regular style; ("unreadable", path) when a
    style's file is not a font FreeType can load. `check` asks this, so that a build it
    passed never stops at a font.
    """
    try:
        paths = _find_styles(font_dir, family) if font_dir.is_dir() else {}
    except OSError:
        paths = {}
    if (False, False) not in paths:
        return "missing", "".join(family.split()) + "-Regular.ttf"
    for path in paths.values():
        # From bytes, not by name: given a name it cannot load, Pillow quietly tries a system font of that name.
        try:
            if path.stat().st_size > MAX_FONT_BYTES:
                return "unreadable", str(path)
            from PIL import ImageFont

            ImageFont.truetype(io.BytesIO(path.read_bytes()), 12)
        except (OSError, ValueError):
            return "unreadable", str(path)
    return None


def has_regular(font_dir: Path, family: str) -> bool:
    """Tell whether `font_dir` holds the regular style of `family`, found as `FontBook` finds it."""
    try:
        return font_dir.is_dir() and (False, False) in _find_styles(font_dir, family)
    except OSError:
        return False


def _find_styles(font_dir: Path, family: str) -> dict[tuple[bool, bool], Path]:
    """Map (bold, italic) to the first matching font file, shallowest path first."""
    wanted = {
        _squash(family) + suffix: style
        for style, suffixes in _STYLE_SUFFIXES.items()
        for suffix in suffixes
    }
    candidates = sorted(
        (p for p in font_dir.rglob("*") if p.suffix.lower() in {".ttf", ".otf"} and p.is_file()),
        key=lambda p: (len(p.parts), str(p)),
    )
    found: dict[tuple[bool, bool], Path] = {}
    for path in candidates:
        style = wanted.get(_squash(path.stem))
        if style is not None and style not in found:
            found[style] = path
    return found


def _line_height_em(path: Path) -> float:
    """Return the single line height of a TrueType/OpenType font in em, as GDI computes it."""
    with path.open("rb") as f:
        header = f.read(12)
        if len(header) < 12 or header[:4] == b"ttcf":
            raise ValueError(f"not a single TrueType/OpenType font: {path}")
        (num_tables,) = struct.unpack(">H", header[4:6])
        tables: dict[bytes, int] = {}
        for _ in range(num_tables):
            tag, _checksum, offset, _length = struct.unpack(">4sIII", f.read(16))
            tables[tag] = offset

        def read(tag: bytes, at: int, fmt: str) -> tuple[int, ...]:
            if tag not in tables:
                raise ValueError(f"font has no {tag.decode()} table: {path}")
            f.seek(tables[tag] + at)
            return struct.unpack(fmt, f.read(struct.calcsize(fmt)))

        (units_per_em,) = read(b"head", 18, ">H")
        hhea_ascender, hhea_descender, hhea_gap = read(b"hhea", 4, ">hhh")
        if b"OS/2" not in tables:
            return (hhea_ascender - hhea_descender + hhea_gap) / units_per_em
        (fs_selection,) = read(b"OS/2", 62, ">H")
        typo_ascender, typo_descender, typo_gap, win_ascent, win_descent = read(b"OS/2", 68, ">hhhHH")
    if fs_selection & (1 << 7):  # USE_TYPO_METRICS
        return (typo_ascender - typo_descender + typo_gap) / units_per_em
    win_height = win_ascent + win_descent
    external_leading = max(0, hhea_gap - (win_height - (hhea_ascender - hhea_descender)))
    return (win_height + external_leading) / units_per_em
