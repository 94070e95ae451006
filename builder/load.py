"""Strict YAML loading: text in, plain data plus a line map out.

Why our own tree builder on top of PyYAML's event stream: it lets us reject what YAML
allows but our users never mean (anchors, aliases, tags, duplicate keys), keep every
scalar as text so `no`, `on`, `12:30`, `010` or `1.10` never turn into booleans or
numbers behind the user's back, and remember the line and column of every key and value
for diagnostics. The event stream comes from libyaml when it is installed (fast) and
from PyYAML's pure-Python parser otherwise; both are safe (no object construction).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from builder.diagnostics import Diagnostic, Location, error

MAX_FILE_BYTES = 1024 * 1024
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})

try:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

Key = tuple[Any, ...]


@dataclass(frozen=True)
class Document:
    """One YAML file as plain data (dicts, lists, str, None) with where each part was."""

    path: str
    data: Any
    value_marks: dict[Key, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Key, tuple[int, int]] = field(default_factory=dict)

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
    """Read and parse one YAML file; return the document (None if unusable) and problems."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [error("file-unreadable", f"cannot read file: {exc.strerror}", Location(rel))]
    return load_bytes(raw, rel)


def load_bytes(raw: bytes, rel: str) -> tuple[Document | None, list[Diagnostic]]:
    """Parse YAML bytes strictly; see the module docstring for what is refused."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            error(
                "yaml-too-large",
                f"file is {len(raw) // 1024} KiB; the limit is {MAX_FILE_BYTES // 1024} KiB",
                Location(rel),
                "split the material into several modules",
            )
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            error(
                "yaml-encoding",
                "file is not valid UTF-8 text",
                Location(rel, line, col),
                "save the file as UTF-8 (in VS Code: 'Save with Encoding' → UTF-8)",
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
                "tab character used for indentation",
                Location(rel, *tab),
                "YAML indents with spaces only; replace the tab with spaces",
            )
        ]
    odd = _find_invisible(text, rel)
    if odd is not None:
        return None, [odd]
    builder = _TreeBuilder(rel)
    try:
        builder.run(text)
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or exc.context or "invalid YAML"
        context = exc.context or ""
        if "quoted scalar" in context and exc.context_mark is not None:
            # An unclosed quote runs to the end of the file; the useful place is where it opened.
            mark = exc.context_mark
            return None, [error("yaml-syntax", "a quote opened here is never closed",
                                Location(rel, mark.line + 1, mark.column + 1),
                                "add the closing quote at the end of the text")]
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [error("yaml-syntax", _plain_syntax(problem), Location(rel, line, col), _syntax_hint(problem))]
    except yaml.YAMLError as exc:  # reader errors carry a character position, not a mark
        position = getattr(exc, "position", None)
        line, col = _line_col(text, position) if isinstance(position, int) else (1, 1)
        return None, [error("yaml-syntax", str(exc).splitlines()[0], Location(rel, line, col))]
    except _Problems as exc:
        return None, exc.diagnostics
    doc = Document(rel, builder.data, builder.value_marks, builder.key_marks)
    return doc, builder.problems


def _find_tab_indent(text: str) -> tuple[int, int] | None:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            return number, indent.index("\t") + 1
    return None


_LINE_SEPARATORS = {"\u2028": "line separator (U+2028)", "\u2029": "paragraph separator (U+2029)",
                    "\u0085": "next-line character (U+0085)"}


def _line_col(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\u0085]|^[ \t]*[\u00a0\u2007\u202f]", re.M)


def _find_invisible(text: str, rel: str) -> Diagnostic | None:
    """Find characters that YAML rejects or counts as line breaks, often pasted from Word or the web."""
    found = _INVISIBLE.search(text)
    if found is None:
        return None
    position = found.end() - 1
    char = text[position]
    where = Location(rel, *_line_col(text, position))
    hint = "delete it (it often comes along when copying from Word or a web page)"
    if char in _LINE_SEPARATORS:
        return error("yaml-invisible", f"an invisible {_LINE_SEPARATORS[char]} is in the text", where, hint)
    if char in "\u00a0\u2007\u202f":
        return error("yaml-invisible", "a non-breaking space is used for indentation", where,
                     "replace it with an ordinary space")
    return error("yaml-invisible", f"an invisible control character (U+{ord(char):04X}) is in the text", where, hint)


def _plain_syntax(problem: str) -> str:
    replacements = {
        "mapping values are not allowed": "a ':' where YAML did not expect one",
        "could not find expected ':'": "expected 'key: value' on this line",
        "found character that cannot start any token": "a character that cannot start a value here",
    }
    for raw, plain in replacements.items():
        if problem.startswith(raw):
            return plain + problem[len(raw):].replace(" in this context", "")
    return problem


def _syntax_hint(problem: str) -> str | None:
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return "a '[' or '{' was opened and not closed on this line"
    if problem.startswith("mapping values are not allowed"):
        return "put text that contains ': ' in quotes, or check the indentation"
    if "expected <block end>" in problem or "did not find expected" in problem:
        return "check that this line is indented like its neighbours"
    if "found unexpected end of stream" in problem or "found unexpected end" in problem:
        return "a quote or bracket was opened and never closed"
    return None


class _TreeBuilder:
    """Build plain data from YAML events, recording marks and refusing what we forbid."""

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.data: Any = None
        self.value_marks: dict[Key, tuple[int, int]] = {}
        self.key_marks: dict[Key, tuple[int, int]] = {}
        self.problems: list[Diagnostic] = []

    def _loc(self, mark: Any) -> Location:
        return Location(self.rel, mark.line + 1, mark.column + 1)

    def run(self, text: str) -> None:
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
                                "a file holds one YAML document; found a second '---'",
                                self._loc(event.start_mark),
                                "move the second part into its own file",
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
                    f"YAML anchors ('&{anchor}') are not allowed",
                    self._loc(event.start_mark),
                    "write the text out in full; to reuse a quote, put it in the quote bank and refer to its id",
                )
            )
        tag = getattr(event, "tag", None)
        implicit = getattr(event, "implicit", True)
        explicit = tag is not None and (implicit is False or implicit == (False, False))
        if explicit and tag not in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:str"):
            self.problems.append(
                error("yaml-tag", f"YAML tags ('{tag.replace('tag:yaml.org,2002:', '!!')}') are not allowed",
                      self._loc(event.start_mark), "remove the '!' tag")
            )

    def _node(self, event: Any, events: Any, key: Key) -> Any:
        self.value_marks[key] = (event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, yaml.AliasEvent):
            self.problems.append(
                error(
                    "yaml-alias",
                    f"YAML aliases ('*{event.anchor}') are not allowed",
                    self._loc(event.start_mark),
                    "write the text out in full; to reuse a quote, put it in the quote bank and refer to its id",
                )
            )
            return None
        self._check_node(event)
        if isinstance(event, yaml.ScalarEvent):
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
                    hint = "remove one of them, or merge their contents"
                    if name in ("kind", "id", "module", "pause"):
                        hint = "did you forget '- ' at the start of a new list item?"
                    self.problems.append(
                        error(
                            "duplicate-key",
                            f"key '{name}' appears twice in this mapping (first on line {first_seen[name]})",
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
        if isinstance(event, yaml.ScalarEvent) and event.anchor is None and event.value.strip():
            self._check_node(event)
            return event.value
        self.problems.append(
            error("yaml-key", "a key must be plain text", self._loc(event.start_mark), "write keys as 'name: value'")
        )
        self._node(event, events, ("?key",))
        return None
