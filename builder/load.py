"""Strict YAML loading: text in, plain data plus a line map out.

Why our own tree builder on top of PyYAML's event stream: it lets us reject what YAML
allows but our users never mean (anchors, aliases, tags, duplicate keys), keep every
scalar as text so `no`, `on`, `12:30`, `010` or `1.10` never turn into booleans or
numbers behind the user's back, and remember the line and column of every key and value
for diagnostics. The event stream comes from libyaml when it is installed (fast) and
from PyYAML's pure-Python parser otherwise; both are safe (no object construction).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from builder.diagnostics import Diagnostic, Location, error
from builder.i18n import _

if TYPE_CHECKING:
    import yaml

MAX_FILE_BYTES = 1024 * 1024
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})

# PyYAML's event parser: libyaml's when PyYAML was built with it. Chosen when the first file is
# parsed (`_yaml`), so that a build whose library comes from the user cache never imports PyYAML.
_Loader: Any = None


def _yaml():
    """Return the yaml module, imported (and `_Loader` chosen) on first use."""
    global _Loader
    import yaml

    if _Loader is None:
        _Loader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    return yaml

Key = tuple[Any, ...]


def value_at(data: Any, key: Key, default: Any = None) -> Any:
    """Return the part of plain data at `key` (names and list positions), or `default` where there is none."""
    for part in key:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:  # never into a text: "abc"[0] is not a value of the file
            return default
    return data


def texts_in(data: Any, key: Key = ()) -> Iterator[tuple[Key, str]]:
    """Yield (key, text) for every text in plain data, in the order of the file."""
    if isinstance(data, str):
        yield key, data
    elif isinstance(data, dict):
        for name, value in data.items():
            yield from texts_in(value, key + (name,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from texts_in(value, key + (index,))


@dataclass(frozen=True)
class Document:
    """One YAML file as plain data (dicts, lists, str, None) with where each part was."""

    path: str
    data: Any
    value_marks: dict[Key, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Key, tuple[int, int]] = field(default_factory=dict)
    # Where each scalar value ends (line, column just past its last character; for a block
    # scalar the start of the line after it): write-back replaces exactly that stretch.
    value_ends: dict[Key, tuple[int, int]] = field(default_factory=dict)

    def where(self, key: Key, *, of_key: bool = False) -> Location:
        """Return the location of the value (or key) at `key`, or of its nearest parent."""
        marks = self.key_marks if of_key else self.value_marks
        probe = tuple(key)
        while probe:
            if probe in marks:
                line, col = marks[probe]
                return Location(self.path, line, col)
            if not of_key and probe in self.key_marks:
                line, col = self.key_marks[probe]
                return Location(self.path, line, col)
            probe = probe[:-1]
        line, col = self.value_marks.get((), (1, 1))
        return Location(self.path, line, col)


class _Problems(Exception):
    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("yaml problems")
        self.diagnostics = diagnostics


def load_file(path: Path, rel: str) -> tuple[Document | None, list[Diagnostic]]:
    """Read and parse one YAML file; return the document (None if unusable) and problems.

    Why the size first: a file of gigabytes (a log or a video renamed by mistake) must be
    refused without being read; at most one byte more than the limit is ever read.
    """
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                return None, [_too_large(size, rel)]
            raw = handle.read(size + 1)  # not the limit: read(n) sets aside n bytes before it reads
            if len(raw) > size:  # it grew while we looked (an editor saving), or the system gave no size
                raw += handle.read(MAX_FILE_BYTES + 1 - len(raw))
    except OSError as exc:
        return None, [_unreadable(exc, rel)]
    return load_bytes(raw, rel)


def _too_large(size: int, rel: str) -> Diagnostic:
    return error(
        "yaml-too-large",
        _("the file is {size} KiB; the limit is {limit} KiB").format(
            size=-(-size // 1024), limit=MAX_FILE_BYTES // 1024),
        Location(rel),
        _("split the material into several modules"),
    )


def _unreadable(exc: OSError, rel: str) -> Diagnostic:
    """Say why a file cannot be read, in words of our own (the system's wording is English only)."""
    hint = None
    if isinstance(exc, PermissionError):
        message = _("cannot read the file: you do not have permission to open it")
        hint = _("check who owns the file, or copy it to a folder of your own")
    elif isinstance(exc, FileNotFoundError):
        message = _("cannot read the file: it no longer exists")
    elif isinstance(exc, IsADirectoryError):
        message = _("cannot read the file: it is a folder")
        hint = _("a folder whose name ends in .yaml is not read; rename it")
    else:
        message = _("cannot read the file")
        hint = _("check that no other program has the file locked, then try again")
    return error("file-unreadable", message, Location(rel), hint)


def load_bytes(raw: bytes, rel: str) -> tuple[Document | None, list[Diagnostic]]:
    """Parse YAML bytes strictly; see the module docstring for what is refused."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [_too_large(len(raw), rel)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            error(
                "yaml-encoding",
                _("the file is not saved as UTF-8 text"),
                Location(rel, line, col),
                _("save the file as UTF-8 (in VS Code: 'Save with Encoding' → UTF-8)"),
            )
        ]
    return load_text(text, rel)


def load_text(text: str, rel: str) -> tuple[Document | None, list[Diagnostic]]:
    """Parse YAML text strictly; return the document and any problems found."""
    tab = _find_tab_indent(text)
    if tab is not None:
        return None, [
            error(
                "yaml-tab",
                _("tab character used for indentation"),
                Location(rel, *tab),
                _("indent with spaces only; replace the tab with spaces"),
            )
        ]
    odd = _find_invisible(text, rel)
    if odd is not None:
        return None, [odd]
    builder = _TreeBuilder(rel, text)
    yaml = _yaml()
    try:
        builder.run(text)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_error(exc, text, rel)]
    except yaml.YAMLError as exc:  # reader errors carry a character position, not a mark
        position = getattr(exc, "position", None)
        line, col = _line_col(text, position) if isinstance(position, int) else (1, 1)
        character = getattr(exc, "character", None)
        if isinstance(character, str) and len(character) == 1:
            message = _("a character that cannot be used in the text (U+{code})").format(code=f"{ord(character):04X}")
        else:
            message = _("a character that cannot be used in the text")
        return None, [error("yaml-syntax", message, Location(rel, line, col),
                            _("delete it; such characters often come along when you copy from another program "
                              "or a web page"))]
    except _Problems as exc:
        return None, exc.diagnostics
    doc = Document(rel, builder.data, builder.value_marks, builder.key_marks, builder.value_ends)
    return doc, builder.problems


def _find_tab_indent(text: str) -> tuple[int, int] | None:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            return number, indent.index("\t") + 1
    return None


def _line_col(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\u0085]|^[ \t]*[\u00a0\u2007\u202f]", re.M)
# A field name, or a list dash, followed by a non-breaking space instead of an ordinary one (pasted from Word):
# YAML then reads «title:\u00a0Tekst» as one piece of text, not as a field and its value.
_HARD_SPACE_AFTER = re.compile(r"^[ ]*(?:-[ ]+)*(?:[A-Za-z_][\w-]*(:)|(-))[\u00a0\u2007\u202f]", re.M)


def _hard_space(text: str, rel: str, position: int, after_colon: bool) -> Diagnostic:
    """Point at a non-breaking space that stands where YAML needs an ordinary one."""
    line, col = _line_col(text, position)
    if after_colon:
        message = _("after the colon on line {line} there is a non-breaking space (from Word or a web page)")
    else:
        message = _("after the dash on line {line} there is a non-breaking space (from Word or a web page)")
    return error("yaml-invisible", message.format(line=line), Location(rel, line, col),
                 _("replace it with an ordinary space"))


def _find_invisible(text: str, rel: str) -> Diagnostic | None:
    """Find characters that YAML rejects or misreads, often pasted from Word or the web."""
    found = _INVISIBLE.search(text)
    if found is None:
        return None
    position = found.end() - 1
    char = text[position]
    where = Location(rel, *_line_col(text, position))
    hint = _("delete it; such characters often come along when you copy from another program or a web page")
    if char == "\u2028":
        return error("yaml-invisible", _("an invisible line separator (U+2028) is in the text"), where, hint)
    if char == "\u2029":
        return error("yaml-invisible", _("an invisible paragraph separator (U+2029) is in the text"), where, hint)
    if char == "\u0085":
        return error("yaml-invisible", _("an invisible next-line character (U+0085) is in the text"), where, hint)
    if char in "\u00a0\u2007\u202f":
        return error("yaml-invisible", _("a non-breaking space is used for indentation"), where,
                     _("replace it with an ordinary space"))
    return error("yaml-invisible", _("an invisible control character (U+{code}) is in the text").format(
        code=f"{ord(char):04X}"), where, hint)


# --- syntax errors in plain words ------------------------------------------------------------

_TYPOGRAPHIC = "“”‘’«»„‚"
# A value (after 'name: ' or '- ') that begins with a typographic quote mark.
_TYPOGRAPHIC_VALUE = re.compile(r"(?:^[ ]*(?:-[ ]+)*(?:[^\s:#][^:#]*:[ ]+)?|-[ ]+)([“”‘’«»„‚])")
_DASH_WORD = re.compile(r"^([ ]*)-([A-Za-z_][\w-]*):(?:[ ]|$)")
_ESCAPE_PROBLEMS = ("unknown escape", "hexdecimal number", "hexadecimal number")


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, rel: str) -> Diagnostic:
    """Turn one of PyYAML's parse errors into a plain diagnostic; its own English never reaches the user."""
    problem = exc.problem or ""
    context = exc.context or ""
    lines = text.split("\n")
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)

    for hard in _HARD_SPACE_AFTER.finditer(text):
        # YAML read «title:\u00a0Tekst» as one text and stumbled later; the hard space is the cause.
        if _line_col(text, hard.end() - 1)[0] > line:
            break
        return _hard_space(text, rel, hard.end() - 1, bool(hard.group(1)))
    if any(p in problem for p in _ESCAPE_PROBLEMS):
        return _backslash_error(lines, rel, line, col)
    if "quoted scalar" in context and exc.context_mark is not None and "end of stream" in problem + context:
        # An unclosed quote runs to the end of the file; the useful place is where it opened.
        opened = exc.context_mark
        return error("yaml-syntax", _("a quote opened here is never closed"),
                     Location(rel, opened.line + 1, opened.column + 1),
                     _("add the closing quote at the end of the text"))
    dash = _dash_before(lines, line)
    if dash is not None:
        return _dash_error(lines, rel, dash)
    typographic = _typographic_on(lines, line)
    if typographic is not None and ("mapping values" in problem or "':'" in problem):
        return _typographic_error(rel, typographic)
    if ("expected ',' or ']'" in problem or "expected ',' or '}'" in problem) and exc.context_mark is not None:
        # YAML notices the missing bracket on a later line; the useful place is where it opened.
        line, col = exc.context_mark.line + 1, exc.context_mark.column + 1
    return error("yaml-syntax", *_plain_syntax(problem, context, lines, line, col, rel))


def _plain_syntax(problem: str, context: str, lines: list[str], line: int, col: int,
                  rel: str) -> tuple[str, Location, str | None]:
    """Return message, location and hint for a parse problem we do not have a special hint for."""
    where = Location(rel, line, col)
    if problem.startswith("mapping values are not allowed") or "found unexpected ':'" in problem:
        return (_("a colon where it does not fit"), where,
                _("if the text contains ': ', put the whole text in straight quotes \"…\"; "
                  "otherwise check the indentation of this line"))
    if "could not find expected ':'" in problem:
        return (_("this line should be a field ('name: value'), but it has no colon"), where,
                _("add ': ' after the field name; a value that goes over several lines must be indented "
                  "further than its field name"))
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        bracket = "[" if "]" in problem else "{"
        return (_("a '{bracket}' is opened and never closed").format(bracket=bracket), where,
                _("close it on the same line, or write the list as lines starting with '- '"))
    if "'-' indicator" in problem:
        return (_("this line does not fit in the list above it"), where,
                _("every item of a list starts with '- ', and all dashes of the list stand in the same column"))
    if "expected <block end>" in problem or "did not find expected key" in problem or "expected key" in problem:
        return (_("the indentation of this line does not fit the lines above"), where,
                _("fields that belong together must start in the same column"))
    if "cannot start any token" in problem:
        char = lines[line - 1][col - 1] if line <= len(lines) and col <= len(lines[line - 1]) else ""
        if char == "\t":
            return (_("tab character used for indentation"), where,
                    _("indent with spaces only; replace the tab with spaces"))
        if char.strip():
            message = _("the sign '{char}' cannot begin a value").format(char=char)
        else:
            message = _("a sign here cannot begin a value")
        return message, where, _("put the whole text in straight quotes \"…\"")
    if ("alias" in context or "anchor" in context) and "alphabetic or numeric" in problem:
        return (_("'*' or '&' at the start of a value has a special meaning"), where,
                _("put the whole text in straight quotes \"…\""))
    if "block scalar" in context:
        return (_("after '|' or '>' the text must begin on the next line"), where,
                _("move the text to the next line and indent it"))
    if "end of stream" in problem or "end of the stream" in problem:
        return (_("the file ends before a quote or bracket is closed"), where,
                _("add the closing quote or bracket"))
    if "document" in problem and "'---'" not in problem:
        return (_("this line cannot stand here"), where,
                _("a line that starts with '%' or '...' has a special meaning; "
                  "put such text in straight quotes \"…\""))
    return (_("this line cannot be read"), where,
            _("compare it with the lines around it; text with signs such as ': ', '#', '[' or a leading '-', "
              "'*' or '&' is safest in straight quotes \"…\""))


def _backslash_error(lines: list[str], rel: str, line: int, col: int) -> Diagnostic:
    text = lines[line - 1] if line <= len(lines) else ""
    start = text.rfind("\\", 0, col) if "\\" in text[:col] else text.find("\\")
    column = start + 1 if start >= 0 else col
    sign = text[start:start + 2] if start >= 0 else "\\"
    return error(
        "yaml-syntax",
        _("inside \"…\" a backslash starts a special sign, and '{sign}' is not one").format(sign=sign),
        Location(rel, line, column),
        _("write paths with forward slashes, e.g. 'images/bilde.jpg', or put the text in single quotes '…'"),
    )


def _dash_before(lines: list[str], line: int) -> int | None:
    """Find a '-word:' line (a list dash without its space) at or just above the line YAML stumbled on."""
    number = min(line, len(lines))
    lowest: int | None = None
    while number >= 1:
        text = lines[number - 1]
        if text.strip() and not text.lstrip().startswith("#"):
            indent = len(text) - len(text.lstrip(" "))
            if _DASH_WORD.match(text):
                return number
            if lowest is not None and indent < lowest:
                return None
            lowest = indent if lowest is None else min(lowest, indent)
        number -= 1
        if line - number > 20:
            return None
    return None


def _dash_error(lines: list[str], rel: str, line: int) -> Diagnostic:
    found = _DASH_WORD.match(lines[line - 1])
    assert found is not None
    return _dash_diagnostic(rel, line, len(found.group(1)) + 1, found.group(2))


def _dash_diagnostic(rel: str, line: int, col: int, word: str) -> Diagnostic:
    return error(
        "yaml-syntax",
        _("'-{word}:' has no space after the dash, so it is not read as a list item").format(word=word),
        Location(rel, line, col),
        _("put a space after the dash: '- {word}:'").format(word=word),
    )


def _typographic_on(lines: list[str], line: int) -> tuple[int, int, str] | None:
    """Return the line, column and mark of a typographic quote that begins a value on `line`."""
    if 1 <= line <= len(lines):
        found = _TYPOGRAPHIC_VALUE.match(lines[line - 1])
        if found is not None:
            return line, found.start(1) + 1, found.group(1)
    return None


def _typographic_error(rel: str, found: tuple[int, int, str]) -> Diagnostic:
    line, col, mark = found
    return error(
        "yaml-syntax",
        _("the text begins with the quote mark {mark}, which YAML reads as an ordinary letter, "
          "so the ': ' inside the text breaks the line").format(mark=mark),
        Location(rel, line, col),
        _("these quote marks are text, not quotes around the text; put straight quotes \"…\" around the whole "
          "text (you can keep «» inside them)"),
    )


class _TreeBuilder:
    """Build plain data from YAML events, recording marks and refusing what we forbid."""

    def __init__(self, rel: str, text: str = "") -> None:
        self.rel = rel
        self.text = text
        self.data: Any = None
        self.value_marks: dict[Key, tuple[int, int]] = {}
        self.key_marks: dict[Key, tuple[int, int]] = {}
        self.value_ends: dict[Key, tuple[int, int]] = {}
        self.problems: list[Diagnostic] = []

    def _loc(self, mark: Any) -> Location:
        return Location(self.rel, mark.line + 1, mark.column + 1)

    def run(self, text: str) -> None:
        self.text = text
        yaml = _yaml()
        events = yaml.parse(text, Loader=_Loader)
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Problems(
                        [
                            error(
                                "yaml-multiple-documents",
                                _("a file can hold only one document, but a second one starts here with '---'"),
                                self._loc(event.start_mark),
                                _("move the part after '---' into a file of its own"),
                            )
                        ]
                    )
                self.data = self._node(next(events), events, ())
        self.value_marks.setdefault((), (1, 1))

    def _check_node(self, event: Any) -> None:
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self.problems.append(
                error(
                    "yaml-anchor",
                    _("YAML anchors ('&{anchor}') are not allowed").format(anchor=anchor),
                    self._loc(event.start_mark),
                    _("write the text out in full; to reuse a quote, put it in the quote bank and refer to its id"),
                )
            )
        tag = getattr(event, "tag", None)
        implicit = getattr(event, "implicit", True)
        explicit = tag is not None and (implicit is False or implicit == (False, False))
        if explicit and tag not in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:str"):
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.problems.append(
                error("yaml-tag", _("YAML tags ('{tag}') are not allowed").format(tag=shown),
                      self._loc(event.start_mark),
                      _("remove '{tag}'; if the text itself begins with '!', put it in straight quotes \"…\"").format(
                          tag=shown))
            )

    def _check_escapes(self, event: Any) -> None:
        """Catch a Windows path in "…" whose backslashes YAML silently turned into invisible signs."""
        if event.style != '"' or "\\" not in event.value and not re.search(r"[\x00-\x1f\x7f\x85]", event.value):
            return
        start, end = event.start_mark.index, event.end_mark.index
        raw = self.text[start:end]
        escapes = [e for e in re.finditer(r"\\(.)", raw, re.S) if e.group(1).isalnum()]
        if not escapes:
            return
        looks_like_path = bool(re.search(r"\.[A-Za-z0-9]{2,5}\"$", raw) or re.match(r"\"[A-Za-z]:\\", raw))
        for found in escapes:
            letter = found.group(1)
            if letter in "0abvfreNLP_" or (looks_like_path and letter in "ntuxU"):
                line, col = _line_col(self.text, start + found.start())
                self.problems.append(
                    error(
                        "yaml-escape",
                        _("'\\{letter}' inside \"…\" is read as a special sign, not as a backslash and "
                          "the letter '{letter}'").format(letter=letter),
                        Location(self.rel, line, col),
                        _("write paths with forward slashes, e.g. 'images/bilde.jpg', or put the text in "
                          "single quotes '…'"),
                    )
                )
                return

    def _node(self, event: Any, events: Any, key: Key) -> Any:
        import yaml  # imported by `run` already

        self.value_marks[key] = (event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, yaml.AliasEvent):
            self.problems.append(
                error(
                    "yaml-alias",
                    _("YAML aliases ('*{alias}') are not allowed").format(alias=event.anchor),
                    self._loc(event.start_mark),
                    _("write the text out in full; to reuse a quote, put it in the quote bank and refer to its id; "
                      "text that begins with '*' must be in straight quotes \"…\""),
                )
            )
            return None
        self._check_node(event)
        if isinstance(event, yaml.ScalarEvent):
            self.value_ends[key] = (event.end_mark.line + 1, event.end_mark.column + 1)
            self._check_escapes(event)
            self._check_hard_space(event)
            if event.implicit[0] and event.value in NULL_WORDS:
                return None
            return event.value
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            for child in events:
                if isinstance(child, yaml.SequenceEndEvent):
                    return items
                items.append(self._node(child, events, key + (len(items),)))
        if isinstance(event, yaml.MappingStartEvent):
            mapping: dict[str, Any] = {}
            first_seen: dict[str, int] = {}
            for child in events:
                if isinstance(child, yaml.MappingEndEvent):
                    return mapping
                name = self._key(child, events)
                value_event = next(events)
                line = child.start_mark.line + 1
                if name is None:
                    self._node(value_event, events, key + ("?",))
                    continue
                if name in mapping or name in first_seen:
                    hint = _("remove one of them, or merge their contents")
                    if name in ("kind", "id", "module", "pause"):
                        hint = _("did you forget '- ' at the start of a new list item?")
                    self.problems.append(
                        error(
                            "duplicate-key",
                            _("field '{name}' appears twice here (first on line {line})").format(
                                name=name, line=first_seen[name]),
                            self._loc(child.start_mark),
                            hint,
                        )
                    )
                    self._node(value_event, events, key + ("?dup",))
                    continue
                first_seen[name] = line
                self.key_marks[key + (name,)] = (line, child.start_mark.column + 1)
                mapping[name] = self._node(value_event, events, key + (name,))
        raise AssertionError(f"unexpected YAML event {event!r}")  # pragma: no cover

    def _key(self, event: Any, events: Any) -> str | None:
        import yaml  # imported by `run` already

        if isinstance(event, yaml.ScalarEvent) and event.anchor is None and event.value.strip():
            self._check_node(event)
            if not event.style:
                self._check_hard_space(event)
                self._check_plain_key(event)
            return event.value
        self.problems.append(
            error("yaml-key", _("a field name must be plain text"), self._loc(event.start_mark),
                  _("write fields as 'name: value'"))
        )
        self._node(event, events, ("?key",))
        return None

    def _check_hard_space(self, event: Any) -> None:
        """«title:\u00a0Tekst» pasted from Word is read as one plain text; find the hard space that caused it."""
        if event.style or event.start_mark.index is None:
            return
        found = _HARD_SPACE_AFTER.match(self.text, event.start_mark.index - event.start_mark.column)
        if found is not None and found.end() - 1 >= event.start_mark.index:
            self.problems.append(_hard_space(self.text, self.rel, found.end() - 1, bool(found.group(1))))

    def _check_plain_key(self, event: Any) -> None:
        """A field name never begins with '-' or a typographic quote: those are mistakes YAML reads silently."""
        value = event.value
        dash = re.fullmatch(r"-([A-Za-z_][\w-]*)", value)
        if dash is not None:
            self.problems.append(_dash_diagnostic(self.rel, event.start_mark.line + 1, event.start_mark.column + 1,
                                                  dash.group(1)))
        elif value[:1] in _TYPOGRAPHIC:
            self.problems.append(_typographic_error(
                self.rel, (event.start_mark.line + 1, event.start_mark.column + 1, value[0])))
