"""Rules bullet-merged, sub-bullets-as-text, quote-double-marks and placeholder-text: slips of writing.

Each of these is valid YAML that the schema accepts, so without a rule the slide would
silently show the slip: two points run together into one, «- underpunkt» as plain text,
««…»» around a quote, or «Første punkt» from `erfaring new`. Why look at the raw file
for bullets: YAML joins a line that is indented one space too far into the point above
with a plain space, and only the file still shows that the «- » began a line; a dash in
running text («Bergen – hovedstad», «10 - 20 år») must not be mistaken for that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from builder.diagnostics import Diagnostic, Location, warning
from builder.i18n import _, ngettext
from builder.library import Library, Origin
from builder.load import texts_in, value_at
from builder.model import BulletsSlide, TwoColumnSlide
from builder.plan import DeckPlan, QuoteContent
from builder.scaffold import PLACEHOLDERS

# A list mark at the very start of a point's text (only possible when the point is quoted).
_STARTS_WITH_MARK = re.compile(r"([-•*–])\s+\S")
# A list mark on a line of its own inside a block text (`>-` or `|`): «…\n  - underpunkt».
_MARK_ON_NEW_LINE = re.compile(r"\n([ \t]*)([-•*–])[ \t]+(\S[^\n]*)")
# A list mark after two or more spaces on one line: «Første punkt   - underpunkt».
_MARK_AFTER_SPACES = re.compile(r"\S( {2,}|\t+)([-•–])[ \t]+(\S.*)")
# A list mark between single spaces: the candidate for two points YAML joined into one.
_MARK_BETWEEN_WORDS = re.compile(r"(?<=\S) ([-•–]) (?=\S)")
# Opening and closing quotation marks a quote may be wrapped in.
_QUOTE_MARKS = (("«", "»"), ("“", "”"), ('"', '"'), ("„", "“"), ("”", "”"), ("‘", "’"))
_SHOWN = 50  # characters of a text to show in a message


@dataclass(frozen=True)
class _Slip:
    code: str
    message: str
    hint: str
    location: Location


def writing_slips(lib: Library, plans: list[DeckPlan]) -> list[Diagnostic]:
    """Run the writing rules: merged and flattened bullets, doubled quote marks, left-over placeholders."""
    out: list[Diagnostic] = []
    out.extend(merged_bullets(lib))
    out.extend(doubled_quote_marks(lib))
    out.extend(placeholder_texts(lib, plans))
    return out


# --- bullets ---------------------------------------------------------------------------


def _bullets(lib: Library) -> Iterator[tuple[Origin, tuple[Any, ...], str]]:
    """Yield every bullet text of every module, with its key inside the module."""
    for module_id, module in lib.modules.items():
        origin = lib.origin("module", module_id)
        for index, slide in enumerate(module.slides):
            lists: list[tuple[tuple[Any, ...], list]] = []
            if isinstance(slide, BulletsSlide):
                lists.append((("slides", index, "bullets"), slide.bullets))
            elif isinstance(slide, TwoColumnSlide):
                lists.append((("slides", index, "left", "bullets"), slide.left.bullets))
                lists.append((("slides", index, "right", "bullets"), slide.right.bullets))
            for at, bullets in lists:
                for n, entry in enumerate(bullets):
                    if isinstance(entry, list):
                        for m, text in enumerate(entry):
                            yield origin, at + (n, m), text
                    else:
                        yield origin, at + (n,), entry


def merged_bullets(lib: Library) -> list[Diagnostic]:
    """Report points that hold other points: joined by YAML, or sub-points written with spaces and '-'."""
    out = []
    for origin, at, text in _bullets(lib):
        slip = _bullet_slip(lib.root, origin, at, text)
        if slip is not None:
            out.append(warning(slip.code, slip.message, slip.location, slip.hint))
    return out


def _merged(next_point: str, location: Location) -> _Slip:
    return _Slip(
        "bullet-merged",
        _("two points have run together into one: «{next}» should begin a point of its own").format(
            next=_short(next_point)),
        _("write each point on its own line beginning with '- ', with the '- ' straight under the one above"),
        location,
    )


def _sub_point(point: str, sub: str, location: Location) -> _Slip:
    return _Slip(
        "sub-bullets-as-text",
        _("«{sub}» looks like a sub-point, but the slide shows it as part of the point «{point}»").format(
            sub=_short(sub), point=_short(point)),
        _sub_hint(),
        location,
    )


def _sub_hint() -> str:
    return _("write the sub-points as a list in brackets on the line under the point: "
             "'- [Underpunkt, Underpunkt to]'")


def _bullet_slip(root: Path, origin: Origin, at: tuple[Any, ...], text: str) -> _Slip | None:
    where = origin.where(*at)
    start = _STARTS_WITH_MARK.match(text)
    if text[:1].isspace() and text.strip():
        return _Slip("sub-bullets-as-text",
                     _("the point «{text}» begins with spaces, but spaces do not make a sub-point").format(
                         text=_short(text.strip())), _sub_hint(), where)
    if start:
        return _Slip("sub-bullets-as-text",
                     _("the point «{text}» begins with '{mark}', so the slide shows the mark as text and not as a "
                       "sub-point").format(text=_short(text), mark=start.group(1)), _sub_hint(), where)
    # The file is read and composed only for a text that has a mark in it: most points have none.
    known: list[_Raw | None] = []

    def raw_of() -> _Raw | None:
        if not known:
            known.append(_raw(root, origin, at))
        return known[0]

    found = _MARK_ON_NEW_LINE.search(text)
    if found:
        indent, mark, rest = found.groups()
        raw = raw_of()
        place = _line_of(raw, f"{mark} {rest.split()[0]}") if raw else None
        if indent or mark != "–" or rest[:1].isupper():
            return (_sub_point(text[:found.start()], f"{mark} {rest}", place or where) if indent
                    else _merged(rest, place or where))
    found = _MARK_AFTER_SPACES.search(text)
    if found:
        _spaces, mark, rest = found.groups()
        return _sub_point(text[:found.start() + 1], f"{mark} {rest}", where)
    for found in _MARK_BETWEEN_WORDS.finditer(text):
        mark = found.group(1)
        rest = text[found.end():]
        raw = raw_of()
        if raw is None:
            if rest[:1].isupper():  # no file to look at: go by the capital letter alone
                return _merged(rest, where)
            continue
        place = _line_start(raw, mark, rest)
        if place is None:
            if mark == "•" and rest[:1].isupper():  # a pasted bullet sign is never ordinary punctuation
                return _merged(rest, where)
            continue
        column, location = place
        if mark == "–" and not rest[:1].isupper():
            continue  # a dash that begins a wrapped line of running text
        if raw.dash is not None and column > raw.dash + 1:
            return _sub_point(text[:found.start()], f"{mark} {rest}", location)
        return _merged(rest, location)
    return None


@dataclass(frozen=True)
class _Raw:
    """The text of one value as written in its file, where it starts, and the column of its '- '."""

    text: str
    path: str
    line: int  # 1-based line of the value's first character
    dash: int | None  # 0-based column of the '-' that begins the list item, if any


def _raw(root: Path, origin: Origin, at: tuple[Any, ...]) -> _Raw | None:
    """Return the value at `at` of `origin` as written in the file, or None if the file cannot tell."""
    path = root / origin.doc.path
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    composed = _composed(str(path), stamp)
    if composed is None:
        return None
    import yaml  # loaded here: a build whose library comes from the cache needs no YAML parser

    text, node = composed
    for part in origin.key + at:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            return None
        if node is None:
            return None
    if not isinstance(node, yaml.ScalarNode):
        return None
    start, end = node.start_mark, node.end_mark
    line_start = text.rfind("\n", 0, start.index) + 1  # not splitlines(): that made long lists quadratic
    line_text = text[line_start:start.index]
    before = line_text[:start.column].rstrip()
    dash = len(before) - 1 if before.endswith("-") else None
    return _Raw(text[start.index:end.index], origin.doc.path, start.line + 1, dash)


@lru_cache(maxsize=64)
def _composed(path: str, mtime_ns: int) -> tuple[str, Any] | None:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it
    try:
        text = Path(path).read_text(encoding="utf-8")
        return text, yaml.compose(text, Loader=loader)
    except (OSError, UnicodeError, yaml.YAMLError):
        return None


def _line_start(raw: _Raw, mark: str, rest: str) -> tuple[int, Location] | None:
    """Find `mark` beginning a line of `raw` followed by the start of `rest`; return its column and location."""
    first = rest.split()[0] if rest.split() else ""
    found = re.search(r"\n([ \t]*)" + re.escape(mark) + r"[ \t]+" + re.escape(first), raw.text)
    if found is None:
        return None
    line = raw.line + raw.text[:found.start() + 1].count("\n")
    column = len(found.group(1))
    return column, Location(raw.path, line, column + 1)


def _line_of(raw: _Raw, needle: str) -> Location | None:
    """Return where the line of `raw` that holds `needle` begins its text."""
    for offset, line in enumerate(raw.text.split("\n")):
        if offset and needle in line:
            return Location(raw.path, raw.line + offset, len(line) - len(line.lstrip()) + 1)
    return None


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN else text[:_SHOWN - 1].rstrip() + "…"


# --- quotes ----------------------------------------------------------------------------


def doubled_quote_marks(lib: Library) -> list[Diagnostic]:
    """Report quotes written inside quotation marks: the tool adds «» itself, so they would show twice."""
    out = []
    for quote_id, quote in lib.quotes.items():
        marks = _wrapped_in(quote.text)
        if marks is None:
            continue
        opening, closing = marks
        out.append(warning(
            "quote-double-marks",
            _("the quote begins with '{opening}' and ends with '{closing}'; the tool adds «» itself, so the "
              "slide would show «{shown}»").format(opening=opening, closing=closing, shown=f"{opening}…{closing}"),
            lib.origin("quote", quote_id).where("text"),
            _("remove the quotation marks at the start and the end; the tool adds them"),
        ))
    return out


def _wrapped_in(text: str) -> tuple[str, str] | None:
    """Return the pair of marks the whole of `text` stands inside, or None («a» og «b» is not wrapped)."""
    text = text.strip().rstrip(".!?").rstrip() if text.strip()[-1:] in ".!?" else text.strip()
    for opening, closing in _QUOTE_MARKS:
        if len(text) < 3 or not (text.startswith(opening) and text.endswith(closing)):
            continue
        inner = text[len(opening):-len(closing)]
        if opening == closing:
            if opening not in inner:
                return opening, closing
        elif closing not in inner:
            return opening, closing
    return None


# --- placeholders ----------------------------------------------------------------------


def placeholder_texts(lib: Library, plans: list[DeckPlan]) -> list[Diagnostic]:
    """Report the fill-in texts of `erfaring new` still in a deck, module or quote that a deck shows."""
    shown: dict[tuple[str, str], list[str]] = {}
    for plan in plans:
        shown.setdefault(("deck", plan.deck.id), []).append(plan.deck.id)
        for part in plan.programme:
            if part.module is not None:
                _add(shown, ("module", part.module.id), plan.deck.id)
        for slide in plan.slides:
            if isinstance(slide.content, QuoteContent):
                _add(shown, ("quote", slide.content.quote.id), plan.deck.id)
    out = []
    for (kind, item_id), decks in sorted(shown.items()):
        if (kind, item_id) not in lib.origins:
            continue
        origin = lib.origin(kind, item_id)
        data = value_at(origin.doc.data, origin.key)
        for at, text in texts_in(data):
            if not _is_placeholder(text):
                continue
            out.append(warning(
                "placeholder-text",
                ngettext("«{text}» is the example text from `erfaring new`, and deck {decks} would show it",
                         "«{text}» is the example text from `erfaring new`, and decks {decks} would show it",
                         len(decks)).format(text=_short(text), decks=", ".join(f"'{d}'" for d in decks)),
                origin.where(*at),
                _("write your own text here, or delete the line"),
            ))
    return out


def _add(shown: dict[tuple[str, str], list[str]], key: tuple[str, str], deck: str) -> None:
    decks = shown.setdefault(key, [])
    if deck not in decks:
        decks.append(deck)




def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


_PLACEHOLDERS = frozenset(_norm(text) for text in PLACEHOLDERS.values())
_LONG_PLACEHOLDERS = tuple(sorted(text for text in _PLACEHOLDERS if len(text) >= 20))


def _is_placeholder(text: str) -> bool:
    """Tell whether `text` is, or holds, one of the fill-in texts (short ones only when they are all of it)."""
    norm = _norm(text)
    return norm in _PLACEHOLDERS or any(ph in norm for ph in _LONG_PLACEHOLDERS)
