"""Write a new YAML file (a draft module, a quote file) that reads as if a person had written it.

Why not `yaml.dump`: it sorts the keys, writes flow mappings, escapes æøå, quotes `no` as `'no'` but
leaves `12:30` plain, and folds nothing the way the content guide does. Here the layout follows
docs/content-guide.md: the modeline, a comment block, the keys in the guide's order, block style,
sub-bullets as `[…]`, short lists of ids and tags as `[…]`, long text folded with `>-`, a blank line
between slides. Every text is written in the plainest style that the strict loader reads back as
exactly that text: each candidate is tried with the loader itself (the same test `yaml_values` uses
for write-back, whose rules for safe plain text and for quoting this module shares). The whole file is
then loaded and validated once more before it is returned.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import yaml
from pydantic import BaseModel

from builder import model
from builder.edit.yaml_values import _FORBIDDEN, _HARD_SPACES, _break_ok, _double, _escape_visibly, _plain_ok, _single
from builder.errors import UserError
from builder.i18n import _
from builder.load import NULL_WORDS, Key, load_text
from builder.schema import modeline
from builder.validate import validate

WIDTH = 88  # columns per line, as the library's own files are wrapped
_ANY = "*"  # stands for any list index in a path pattern
_NO_TODO: Mapping[Key, str] = MappingProxyType({})
_KEY_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_RESOLVER = yaml.resolver.Resolver()
# A line does not begin with these: «50 %» and «ord – ord» stay together, as a typesetter keeps them.
_NO_BREAK_BEFORE = "%–—»)!?;:"
_TYPED_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
               "tag:yaml.org,2002:timestamp"}


class DraftError(UserError):
    """The text written for new data would not read back as that data, or would not pass the check.

    Either is a bug (in this module or in what made the data); nothing is written. `text` is what
    would have been written and `diagnostics` what the loader or the model said about it.
    """

    def __init__(self, message: str, hint: str | None = None, *, text: str = "",
                 diagnostics: Sequence[Any] = ()) -> None:
        super().__init__(message, hint)
        self.text = text
        self.diagnostics = list(diagnostics)

    def __reduce__(self):
        return (_rebuild_draft_error, (self.message, self.hint, self.text, self.diagnostics))


def _rebuild_draft_error(message: str, hint: str | None, text: str, diagnostics: list[Any]) -> DraftError:
    return DraftError(message, hint, text=text, diagnostics=diagnostics)


# --- what each kind of file looks like ------------------------------------------------------------

_SLIDE_ORDER = (
    "kind", "title", "subtitle",
    # what the slide shows, kind by kind
    "bullets", "quote", "words", "then", "facts", "image", "alt", "decorative", "caption", "left", "right",
    "url", "text", "source", "questions",
    # how and for whom it is shown
    "minutes", "reveal", "split", "consent", "only", "except", "sources",
    # what is said and handed out
    "notes", "cues", "handout",
)


@dataclass(frozen=True)
class _Layout:
    """How one kind of file is laid out; paths are patterns, `_ANY` standing for a list index."""

    schema: str  # the schema named in the modeline
    depth: int  # folders between the library root and the file
    model: type[BaseModel]
    orders: Mapping[tuple[str, ...], tuple[str, ...]]  # a mapping's keys, in the order the guide writes them
    flow: frozenset[tuple[str, ...]]  # short lists written `[a, b]` when they fit on the line
    spaced: frozenset[tuple[str, ...]]  # lists whose items are set apart by a blank line
    typed: frozenset[str]  # fields holding a number or true/false: their values are written plain


_MODULE = _Layout(
    schema="module",
    depth=2,
    model=model.Module,
    orders={
        (): ("id", "title", "summary", "minutes", "consent", "audiences", "objectives", "key_points", "tags",
             "sources", "slides"),
        ("slides", _ANY): _SLIDE_ORDER,
        ("slides", _ANY, "left"): ("heading", "bullets"),
        ("slides", _ANY, "right"): ("heading", "bullets"),
    },
    flow=frozenset({
        ("tags",), ("audiences",), ("sources",),
        *(("slides", _ANY, name) for name in ("facts", "words", "then", "only", "except", "sources")),
    }),
    spaced=frozenset({("slides",)}),
    typed=frozenset({"minutes", "reveal", "decorative"}),
)

_QUOTES = _Layout(
    schema="quotes",
    depth=1,
    model=model.QuoteFile,
    orders={
        (): ("quotes",),
        ("quotes", _ANY): ("id", "text", "by", "role", "source", "page", "lang", "consent", "tags", "note"),
    },
    flow=frozenset({("quotes", _ANY, "tags")}),
    spaced=frozenset({("quotes",)}),
    typed=frozenset(),
)


_DECK = _Layout(
    schema="deck",
    depth=2,
    model=model.Deck,
    orders={
        (): ("id", "title", "subtitle", "presenter", "role", "institution", "place", "date", "start", "audience",
             "minutes", "template", "reveal", "split", "outputs", "modules", "closing", "contact", "help"),
        ("modules", _ANY): ("module", "pause", "minutes", "title"),
    },
    flow=frozenset({("outputs",)}),
    spaced=frozenset(),
    typed=frozenset({"minutes", "pause", "reveal", "date"}),
)


# --- the two entry points -------------------------------------------------------------------------


def module_yaml(module: Mapping[str, Any], *, header: Sequence[str], todo: Mapping[Key, str] = _NO_TODO,
                rel: str | None = None) -> str:
    """Return the text of a new module file (slides/modules/<id>.yaml) holding `module`.

    `module` is plain data in the shape `builder.model.Module` accepts: dicts, lists, strings, ints,
    floats, bools (dates as 'YYYY-MM-DD'); keys whose value is None are left out. `header` lines
    become `# ` comments under the modeline (where the material came from). `todo` maps a place in
    `module` (e.g. `("slides", 3, "alt")`) to a comment written on the line above it, in the
    caller's words. Raises TypeError or ValueError for data no YAML file can hold (a set, a control
    character, a `todo` place that is not in the data), and DraftError if the text would not load
    back as exactly `module` or not validate as a Module.
    """
    ident = module.get("id") if isinstance(module, Mapping) else None
    shown = rel or f"slides/modules/{ident if isinstance(ident, str) and ident else 'draft'}.yaml"
    return _write(_MODULE, module, header, todo, shown)


def deck_yaml(deck: Mapping[str, Any], *, header: Sequence[str], rel: str | None = None) -> str:
    """Return the text of a new deck file (slides/decks/<id>.yaml) holding `deck`, as `module_yaml` does for modules."""
    ident = deck.get("id") if isinstance(deck, Mapping) else None
    shown = rel or f"slides/decks/{ident if isinstance(ident, str) and ident else 'draft'}.yaml"
    return _write(_DECK, deck, header, _NO_TODO, shown)


def quotes_yaml(quotes: Sequence[Mapping[str, Any]], *, header: Sequence[str],
                todo: Mapping[Key, str] = _NO_TODO, rel: str = "quotes/draft.yaml") -> str:
    """Return the text of a new quote file (quotes/<name>.yaml), `quotes: [...]`, holding `quotes`.

    Each quote is plain data in the shape `builder.model.Quote` accepts. `todo` places are counted
    from the list given here, e.g. `(0, "consent")`. Otherwise as `module_yaml`.
    """
    if not isinstance(quotes, Sequence) or isinstance(quotes, str):
        raise TypeError(f"quotes must be a list of quotes, not {type(quotes).__name__}")
    return _write(_QUOTES, {"quotes": list(quotes)}, header, {("quotes", *k): v for k, v in todo.items()}, rel)


def _write(layout: _Layout, data: Any, header: Sequence[str], todo: Mapping[Key, str], rel: str) -> str:
    if not isinstance(data, Mapping):
        raise TypeError(f"a module must be a dict, not {type(data).__name__}")
    if isinstance(header, str):
        raise TypeError("header must be a list of lines, not one text")
    expected = _plain_data(data, ())
    writer = _Writer(layout, todo, rel)
    lines = [modeline(layout.schema, layout.depth)]
    lines += _comment_lines(header, 0)
    lines += writer.mapping(data, (), 0)
    missing = sorted((tuple(k) for k in todo if tuple(k) not in writer.placed), key=repr)
    if missing:
        raise ValueError(f"todo places not in the data (or inside a value that is left out): {missing}")
    text = "\n".join(lines) + "\n"
    _check(layout, text, rel, expected)
    return text


def _check(layout: _Layout, text: str, rel: str, expected: Any) -> None:
    """Load and validate the finished text; it must hold exactly the data it was made from."""
    hint = _("this is a bug in erfaring; please report it, with the file you started from")
    doc, problems = load_text(text, rel)
    if doc is None or problems or doc.data != expected:
        raise DraftError(
            _("the new file {file} would not read back as the content it was made from, so it was not "
              "written").format(file=rel), hint, text=text, diagnostics=problems)
    value, problems = validate(doc, layout.model)
    if value is None:
        raise DraftError(
            _("the new file {file} would not pass the check ({problem}), so it was not written").format(
                file=rel, problem=problems[0].message if problems else "?"),
            hint, text=text, diagnostics=problems)


# --- plain data ---------------------------------------------------------------------------------


def _plain_data(value: Any, path: Key) -> Any:
    """Return `value` as the strict loader gives it back: every scalar as text, None-valued keys gone."""
    if isinstance(value, Mapping):
        out = {}
        for name, item in value.items():
            if not isinstance(name, str) or not _KEY_NAME.fullmatch(name):
                raise TypeError(f"field names must be plain words, not {name!r} (at {path!r})")
            if item is not None:
                out[name] = _plain_data(item, path + (name,))
        return out
    if isinstance(value, (list, tuple)):
        return [_plain_data(item, path + (i,)) for i, item in enumerate(value)]
    return _scalar_text(value, path)


def _scalar_text(value: Any, path: Key) -> str:
    """The text of one value: numbers, true/false and dates as YAML writes them; refuse the rest."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if not isinstance(value, str):
        raise TypeError(f"cannot write a {type(value).__name__} (at {path!r}); give text, a number or true/false")
    bad = _FORBIDDEN.search(value)
    if bad is not None:
        raise ValueError(f"the text at {path!r} holds the control character U+{ord(bad.group()):04X}, which a "
                         "YAML file cannot hold; replace it (a line break from PowerPoint is U+000B: use '\\n')")
    return value


def _pattern(path: Key) -> tuple[str, ...]:
    return tuple(_ANY if isinstance(part, int) else part for part in path)


def _comment_lines(texts: Iterable[str], indent: int) -> list[str]:
    """`# ` lines at `indent`; a sign the loader refuses anywhere in a file becomes '?' (it is only a comment)."""
    lines = []
    for text in texts:
        for line in str(text).split("\n"):
            line = _FORBIDDEN.sub("?", line.replace("\r", "")).rstrip()
            lines.append(" " * indent + ("# " + line if line else "#"))
    return lines


# --- the layout -----------------------------------------------------------------------------------


class _Writer:
    """Write plain data as block-style YAML lines, placing `todo` comments as it goes."""

    def __init__(self, layout: _Layout, todo: Mapping[Key, str], rel: str) -> None:
        self.layout = layout
        self.todo = {tuple(k): v for k, v in todo.items()}
        self.rel = rel
        self.placed: set[Key] = set()

    def comments(self, path: Key, indent: int) -> list[str]:
        if path not in self.todo:
            return []
        self.placed.add(path)
        return _comment_lines([self.todo[path]], indent)

    def mapping(self, data: Mapping[str, Any], path: Key, indent: int) -> list[str]:
        order = self.layout.orders.get(_pattern(path), ())
        names = [n for n in order if n in data] + [n for n in data if n not in order]
        lines = []
        for name in names:
            if data[name] is None:
                continue
            lines += self.comments(path + (name,), indent)
            lines += self.entry(name, data[name], path + (name,), indent)
        return lines

    def entry(self, name: str, value: Any, path: Key, indent: int) -> list[str]:
        head = " " * indent + name + ":"
        if isinstance(value, Mapping):
            body = self.mapping(value, path, indent + 2)
            return [head] + body if body else [head + " {}"]
        if isinstance(value, (list, tuple)):
            if not value:
                return [head + " []"]
            if _pattern(path) in self.layout.flow:
                flow = self.flow(list(value), path, head + " ", name, wrap=False)
                if flow is not None:
                    return [head + " " + flow[0]] + flow[1:]
            return [head] + self.sequence(list(value), path, indent + 2)
        rendered = self.scalar(value, path, head + " ", name, indent + 2)
        return [head + " " + rendered[0]] + rendered[1:]

    def sequence(self, items: list[Any], path: Key, indent: int) -> list[str]:
        dash = " " * indent + "- "
        spaced = _pattern(path) in self.layout.spaced
        lines: list[str] = []
        for index, item in enumerate(items):
            here = path + (index,)
            if spaced and index:
                lines.append("")
            lines += self.comments(here, indent)
            if isinstance(item, Mapping):
                body = self.mapping(item, here, indent + 2)
                lines += _hang(body, dash, indent) if body else [dash + "{}"]
            elif isinstance(item, (list, tuple)):
                inner = list(item)
                flow = self.flow(inner, here, dash, None, wrap=True) if inner else ["[]"]
                if flow is not None:
                    lines += [dash + flow[0]] + flow[1:]
                else:
                    lines += _hang(self.sequence(inner, here, indent + 2), dash, indent)
            else:
                rendered = self.scalar(item, here, dash, None, indent + 2)
                lines += [dash + rendered[0]] + rendered[1:]
        return lines

    def flow(self, items: list[Any], path: Key, lead: str, name: str | None, *, wrap: bool) -> list[str] | None:
        """Write a list of texts as `[a, b]` (over several lines if `wrap`), or None if it should be a block."""
        if any(len(k) > len(path) and k[: len(path)] == path for k in self.todo):
            return None  # a comment cannot stand inside [...]
        parts = []
        for index, item in enumerate(items):
            if item is None or isinstance(item, (Mapping, list, tuple)):
                return None
            parts.append(_flow_item(item, path + (index,)))
        col = len(lead)
        one = "[" + ", ".join(parts) + "]"
        if col + len(one) <= WIDTH:
            lines = [one]
        elif not wrap:
            return None
        else:
            lines = _flow_lines(parts, col)
        value = [_plain_data(item, path) for item in items]
        return lines if _reads_back(lead, lines, name, value) else None

    def scalar(self, value: Any, path: Key, lead: str, name: str | None, indent: int) -> list[str]:
        """Write one value: its first piece goes after `lead`, further lines are indented by `indent`."""
        text = _scalar_text(value, path)
        if not isinstance(value, str):
            return [text]
        typed = isinstance(path[-1], str) and path[-1] in self.layout.typed
        for candidate in _candidates(text, len(lead), indent, item=name is None, typed=typed):
            if _reads_back(lead, candidate, name, text):
                return candidate
        raise DraftError(
            _("the new file {file} would not read back as the content it was made from, so it was not "
              "written").format(file=self.rel),
            _("this is a bug in erfaring; please report it, with the file you started from"))


def _hang(body: list[str], dash: str, indent: int) -> list[str]:
    """Hang lines written at `indent + 2` on a list dash; comments above the first line go above the dash."""
    lines, index = [], 0
    while body[index].lstrip().startswith("#"):
        lines.append(" " * indent + body[index].lstrip())
        index += 1
    lines.append(dash + body[index][len(dash):])
    return lines + body[index + 1:]


def _reads_back(lead: str, lines: list[str], name: str | None, value: Any) -> bool:
    """Would these lines, after `lead`, be read by the strict loader as exactly `value`, with no problems?"""
    snippet = lead + "\n".join(lines) + "\n"
    doc, problems = load_text(snippet, "snippet.yaml")
    wanted = {name: value} if name is not None else [value]
    return doc is not None and not problems and doc.data == wanted


# --- one text, in the plainest style that holds it -----------------------------------------------


def _candidates(text: str, col: int, indent: int, *, item: bool, typed: bool) -> Iterable[list[str]]:
    """The ways to write `text` starting at column `col`, best first; each is a list of lines."""
    if _hidden(text):  # soft hyphens, zero-width spaces …: only "…" with \\u escapes shows them
        yield [_double(text)]
    elif "\n" not in text:
        yield from _one_line(text, col, indent, item=item,
                             plain=_plain_ok(text, flow=False) or (typed and _looks_typed(text)))
    else:
        literal = _literal(text, indent)
        lines = text.split("\n")
        tidy = literal is not None and not any(line != line.rstrip(" \t") for line in lines)
        if literal is not None and tidy and all(indent + len(line) <= WIDTH for line in lines):
            yield literal
        folded = _folded(text, indent)
        if folded is not None:
            yield folded
        if literal is not None and tidy:
            yield literal
        yield [_double(text)]
    # What is left: texts the loader would take for a Windows path, whose \\n or \\t it refuses in "…".
    shown = _broken_double(text, indent, visible=True)
    if _hidden(text):
        yield shown
    single = _single(text)
    if single is not None:
        yield [single]
    literal = _literal(text, indent, indicator=True)
    if literal is not None:
        yield literal
    yield shown
    yield _broken_double(text, indent, visible=False)


def _one_line(text: str, col: int, indent: int, *, item: bool, plain: bool) -> Iterable[list[str]]:
    """A text without line breaks: as it is when it fits, else wrapped (a list item) or folded (a field)."""
    if col + len(text) <= WIDTH:
        if plain:
            yield [text]
        yield [_double(text)]
        return
    if item and plain:
        wrapped = _wrap(text, WIDTH - col, WIDTH - indent, plain=True)
        if len(wrapped) > 1:
            yield [wrapped[0]] + [" " * indent + line for line in wrapped[1:]]
    folded = _folded(text, indent)
    if folded is not None and len(folded) > 2:
        yield folded
    if plain:
        yield [text]
    yield [_double(text)]


def _hidden(text: str) -> bool:
    """Does `text` hold a sign that would be invisible in the file (soft hyphen, zero-width space …)?

    Spaces of other widths (the hard space from Word) look like spaces and mean spaces: they may stand as they are.
    """
    return any(_escape_visibly(c) and not c.isspace() for c in text)


def _looks_typed(text: str) -> bool:
    """A number or true/false as the schema of a number field expects it, e.g. `10` or `true`."""
    return (text == text.strip() and text not in NULL_WORDS and "\n" not in text
            and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) in _TYPED_TAGS)


def _flow_item(value: Any, path: Key) -> str:
    """One item inside `[...]`: plain when nothing in it ends the item early, else in quotes."""
    text = _scalar_text(value, path)
    if not isinstance(value, str):
        return text
    if not _hidden(text) and _plain_ok(text, flow=True) and "?" not in text:
        return text
    return _double(text)


def _flow_lines(parts: list[str], col: int) -> list[str]:
    """Break `[a, b, c]` after commas so that the lines fit; later lines line up after the '['."""
    lines, current = [], "["
    for index, part in enumerate(parts):
        piece = part + ("," if index < len(parts) - 1 else "]")
        if current not in ("[",) and col + len(current) + 1 + len(piece) > WIDTH:
            lines.append(current)
            current = piece
        else:
            current += ("" if current == "[" else " ") + piece
    lines.append(current)
    pad = " " * (col + 1)
    return [lines[0]] + [pad + line for line in lines[1:]]


def _wrap(text: str, first: int, rest: int, *, plain: bool) -> list[str]:
    """Break `text` at single spaces into lines of at most `first`, then `rest`, characters (when it can)."""
    breaks = [i for i, c in enumerate(text)
              if c == " " and _break_ok(text, i, plain) and text[i + 1] not in _NO_BREAK_BEFORE]
    lines, start, room = [], 0, first
    while len(text) - start > room:
        after = [i for i in breaks if i > start]
        fitting = [i for i in after if i - start <= room]
        cut = fitting[-1] if fitting else (after[0] if after else None)
        if cut is None:
            break
        lines.append(text[start:cut])
        start, room = cut + 1, rest
    lines.append(text[start:])
    return lines


def _chomped(text: str) -> tuple[str, str] | None:
    """Split off the final line break a block keeps ('' = one, '-' = none); None if there are more."""
    body = text.rstrip("\n")
    trailing = len(text) - len(body)
    if trailing > 1 or not body:
        return None
    return body, "-" if trailing == 0 else ""


def _folded(text: str, indent: int) -> list[str] | None:
    """`>-` with each line of `text` wrapped, one more blank line than the text has between its lines."""
    chomped = _chomped(text)
    if chomped is None or chomped[0].startswith("\n"):
        return None
    body, chomp = chomped
    lines: list[str] = []
    blank = 0
    for line in body.split("\n"):
        if not line:
            blank += 1
            continue
        if line[0] in " \t" + _HARD_SPACES or line[-1] in " \t":
            return None  # indented or space-ended lines are not folded; a literal block or quotes keep them
        if lines:
            lines += [""] * (blank + 1)
        blank = 0
        lines += [" " * indent + part for part in _wrap(line, WIDTH - indent, WIDTH - indent, plain=False)]
    return [">" + chomp] + lines


def _literal(text: str, indent: int, *, indicator: bool = False) -> list[str] | None:
    """`|-` with the lines of `text` as they are; `indicator` also allows a text that begins with a space."""
    chomped = _chomped(text)
    if chomped is None:
        return None
    body, chomp = chomped
    first = next((line for line in body.split("\n") if line), "")
    if not indicator and (body.startswith("\n") or first[:1] in (" ", "\t")):
        return None
    return ["|" + ("2" if indicator else "") + chomp] + [" " * indent + line if line else ""
                                                         for line in body.split("\n")]


def _broken_double(text: str, indent: int, *, visible: bool) -> list[str]:
    """Write `text` in "…" over several lines: each line break of the text an empty line, no letter escaped.

    The loader refuses `\\n` and `\\t` in a text that looks like a Windows path; this form needs neither
    (a tab is a backslash and the tab itself). `visible` writes invisible signs as \\u escapes.
    """
    def escaped(piece: str, first: bool, last: bool) -> str:
        out = []
        for char in piece:
            if char in '\\"':
                out.append("\\" + char)
            elif char == "\t":
                out.append("\\\t")
            elif visible and _escape_visibly(char):
                out.append(f"\\u{ord(char):04X}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08X}")
            else:
                out.append(char)
        if not first and out[:1] == [" "]:
            out[0] = "\\ "  # a line's leading spaces would be dropped
        if not last and out[-1:] == [" "]:
            out[-1] = "\\ "  # and so would its trailing ones
        return "".join(out)

    parts = re.split(r"(\n+)", text)
    lines = ['"' + escaped(parts[0], True, len(parts) == 1)]
    for index in range(1, len(parts), 2):
        lines += [""] * len(parts[index])
        lines.append(" " * indent + escaped(parts[index + 1], False, index + 2 >= len(parts)))
    lines[-1] += '"'
    return lines
