"""Replace text values in a library YAML file and leave every other byte as it was.

Why not load, change and dump: a dump loses the user's comments, blank lines, key order and
quoting, and `git diff` would show the whole file. Here each value is cut out at the marks the
strict loader recorded (`Document.value_marks` / `value_ends`) and written back in the style it
had, when that style can still hold the new text; otherwise as a double-quoted text. Every
candidate is judged by the strict loader itself: the file must re-load to exactly the intended
data, or the next style is tried, and in the end nothing is written.
"""

from __future__ import annotations

import copy
import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from builder.errors import DiagnosticsError, UserError
from builder.i18n import _
from builder.load import NULL_WORDS, Document, Key, load_bytes, load_text, value_at
from builder.write import write_text

# The folders (relative to the library root) whose YAML files may be changed, as `library_files` reads them.
WRITABLE_FOLDERS = ("slides", "slides/modules", "slides/decks", "quotes")
# Fields that a change carried back from a deck must never touch (deliverable 4 of issue 10):
# consent levels decide who may see a text, and cues are private to the speaker.
PROTECTED_FIELDS = frozenset({"consent", "cues"})

_BOM = "\ufeff"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Characters the loader refuses anywhere in a file, or YAML cannot hold unescaped.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_HARD_SPACES = "\u00a0\u2007\u202f"
# Signs that give a plain (unquoted) text another meaning when they begin it.
_PLAIN_START = set("-?:,[]{}#&*!|>'\"%@`") | set(_HARD_SPACES)
_FLOW_SIGNS = set(",[]{}")
# The loader's test for a double-quoted Windows path, in which \n, \t, \u and \x are refused.
_LOOKS_LIKE_PATH = (re.compile(r"\.[A-Za-z0-9]{2,5}\"$"), re.compile(r"\"[A-Za-z]:\\"))
# Texts that YAML 1.1 or 1.2 tools (the editor's schema check, other scripts) read as something
# other than text: our loader keeps them as text, but plain they would mislead every other reader.
_CORE_SCHEMA = re.compile(
    r"null|Null|NULL|~|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.nan|\.NaN|\.NAN"
    r"|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?"  # YAML 1.1 reads a clock time (10:15) as a number
)
_RESOLVER = yaml.resolver.Resolver()
_WIDTH = 88  # wrap width (characters per line) for folded text that had no width of its own
_SLACK = 10  # a line may grow this much past the width when it keeps its original line break


class EditError(UserError):
    """A value cannot be written back: the place is gone, is not a text, or is not ours to change."""

    def __reduce__(self):
        return (EditError, (self.message, self.hint))


def describe(key: Key) -> str:
    """Show a value's place for people: field names as written, list items counted from 1."""
    return " › ".join(str(part + 1) if isinstance(part, int) else str(part) for part in key) or "/"


# --- finding the value -------------------------------------------------------------------------


class _Lines:
    """Turn the loader's (line, column) marks into offsets; line breaks are counted as YAML counts them."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def offset(self, mark: tuple[int, int]) -> int:
        line, col = mark
        return self.starts[line - 1] + col - 1


@dataclass(frozen=True)
class _Target:
    key: Key
    start: int  # where the value begins (its quote, block indicator or first letter)
    end: int  # just past it; for a block, past its last content line (trailing blank lines stay)
    style: str  # "plain", '"', "'", "|" or ">"
    flow: bool  # inside [...] or {...}: no block styles, no ',[]{}' in plain text
    indent: int  # spaces before the lines of a multi-line rendering
    first_col: int  # column (from 0) where the value's first line begins
    lines: tuple[str, ...]  # a block's content lines (indentation removed), or a plain text's lines
    header_tail: str  # after a block's '|-' / '>-': spaces and a comment, kept as they were
    width: int  # wrap width for folded and multi-line plain text


_MISSING = object()


def _lookup(data: Any, key: Key) -> Any:
    node = value_at(data, key, _MISSING)
    if node is _MISSING:
        raise KeyError(key)
    return node


def _assign(data: Any, key: Key, value: str) -> Any:
    """Set `value` at `key` inside `data` (changed in place; a root text is returned instead)."""
    if not key:
        return value
    parent = _lookup(data, key[:-1])
    parent[key[-1]] = value
    return data


_MISSING = object()


def _target(text: str, lines: _Lines, doc: Document, key: Key) -> _Target:
    """Find the value at `key` in `text` and what its rendering must respect; refuse what is not a text."""
    rel = doc.path
    try:
        current = _lookup(doc.data, key)
    except KeyError:
        current = _MISSING
    if isinstance(current, (dict, list)):
        raise EditError(
            _("the value at '{place}' in {file} is a list or a group of fields, not a text").format(
                place=describe(key), file=rel),
            _("only single texts can be changed this way"))
    if current is _MISSING or key not in doc.value_marks or key not in doc.value_ends:
        raise EditError(_("there is no value at '{place}' in {file}").format(place=describe(key), file=rel),
                        _("the file has changed since it was read; compare again and retry"))
    start = lines.offset(doc.value_marks[key])
    end = lines.offset(doc.value_ends[key])
    tag = re.match(r"!\S*[ \t]+", text[start:end])  # '!!str text': the tag goes with the old value
    head = text[start + (tag.end() if tag else 0): end][:1]
    style = head if head in ('"', "'", "|", ">") else "plain"
    parents = (doc.value_marks[key[:i]] for i in range(len(key)) if key[:i] in doc.value_marks)
    flow = any(text[lines.offset(mark): lines.offset(mark) + 1] in ("[", "{") for mark in parents)
    first_col = start - lines.starts[doc.value_marks[key][0] - 1]
    shape = _Shape(end, _child_indent(doc, key), (), "", _WIDTH)
    if style in ("|", ">"):
        start += tag.end() if tag else 0  # a tag before a block stays where it is
        shape = _block_shape(text, start, end, shape)
    elif style == "plain":
        shape = _plain_shape(text, start, end, first_col, shape)
    return _Target(key, start, shape.end, style, flow, shape.indent, first_col, shape.lines, shape.header_tail,
                   shape.width)


@dataclass(frozen=True)
class _Shape:
    end: int
    indent: int
    lines: tuple[str, ...]
    header_tail: str
    width: int


def _block_shape(text: str, start: int, end: int, shape: _Shape) -> _Shape:
    """Measure a '|' or '>' block: its header comment, content lines, indentation and line width.

    The block ends after its last content line: trailing blank lines (which the loader's end mark
    includes) and the line break after it stay in the file untouched.
    """
    header_end = _line_end(text, start)
    header = re.match(r"[|>][1-9+-]{0,2}", text[start:header_end])
    assert header is not None
    tail = text[start + header.end(): header_end]
    tail = tail if "#" in tail else ""
    begin = _next_line(text, header_end)
    pieces = _split_lines(text[begin:end], keep_ends=True)
    raw_lines = [piece.rstrip("\r\n") for piece in pieces]
    filled = [i for i, line in enumerate(raw_lines) if line.strip(" ")]
    if not filled:
        return _Shape(header_end, shape.indent, (), tail, shape.width)
    last = filled[-1]
    indent = min(len(raw_lines[i]) - len(raw_lines[i].lstrip(" ")) for i in filled)
    content = tuple(line[indent:] for line in raw_lines[: last + 1])
    stop = begin + sum(len(piece) for piece in pieces[:last]) + len(raw_lines[last])
    # One line says nothing about the width the author wraps at; several lines do.
    width = max(_WIDTH if len(filled) < 2 else 0, *(indent + len(line) for line in content))
    return _Shape(stop, indent, content, tail, width)


def _plain_shape(text: str, start: int, end: int, first_col: int, shape: _Shape) -> _Shape:
    """Measure a plain text that goes over several lines: its lines, their indentation and width."""
    spread = _split_lines(text[start:end])
    if len(spread) < 2:
        return shape
    content = tuple(line.strip(" \t") for line in spread)
    indent = len(spread[1]) - len(spread[1].lstrip(" "))
    width = max([first_col + len(content[0])] + [indent + len(line) for line in content[1:]])
    return _Shape(end, indent, content, "", width)


def _split_lines(text: str, keep_ends: bool = False) -> list[str]:
    if not text:
        return []
    parts = re.split(r"(\r\n|\r|\n)", text)
    lines = []
    for i in range(0, len(parts), 2):
        line = parts[i] + (parts[i + 1] if keep_ends and i + 1 < len(parts) else "")
        if i + 1 < len(parts) or parts[i]:
            lines.append(line)
    return lines


def _line_end(text: str, position: int) -> int:
    found = _LINE_BREAK.search(text, position)
    return found.start() if found else len(text)


def _next_line(text: str, position: int) -> int:
    found = _LINE_BREAK.search(text, position)
    return found.end() if found else len(text)


def _child_indent(doc: Document, key: Key) -> int:
    """Return the indentation that lines belonging to the value at `key` need (two more than its owner)."""
    if not key:
        return 2
    if isinstance(key[-1], str) and key in doc.key_marks:
        return doc.key_marks[key][1] - 1 + 2
    parent = doc.value_marks.get(key[:-1])
    return parent[1] - 1 + 2 if parent else 2


# --- writing a text in each style ---------------------------------------------------------------


def _plain_ok(value: str, flow: bool) -> bool:
    """Can `value` stand unquoted on one line and be read back as the same text by every YAML reader?"""
    if not value or value != value.strip(" \t") or "\n" in value or "\t" in value:
        return False
    if value[0] in _PLAIN_START or value in NULL_WORDS or _CORE_SCHEMA.fullmatch(value):
        return False
    if _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) != "tag:yaml.org,2002:str":
        return False
    if ": " in value or value.endswith(":") or " #" in value:
        return False
    if flow and (":" in value or any(c in _FLOW_SIGNS for c in value)):
        return False
    return not value.startswith(("---", "..."))


def _escape_visibly(char: str) -> bool:
    """Invisible signs (soft hyphen, hard space, zero-width space …) are written as \\uXXXX in "…"."""
    if char in " \u200d" or "\U000e0000" <= char <= "\U000e007f":  # joiner and tags build emoji
        return False
    return unicodedata.category(char) in ("Cf", "Zs", "Zl", "Zp")


def _double(value: str) -> str:
    """Write `value` as a double-quoted text, escaping only what must be escaped (and invisible signs)."""
    for visible in (True, False):
        out = []
        for char in value:
            if char == "\\":
                out.append("\\\\")
            elif char == '"':
                out.append('\\"')
            elif char == "\n":
                out.append("\\n")
            elif char == "\t":
                out.append("\\t" if visible else "\t")
            elif visible and _escape_visibly(char):
                out.append(f"\\u{ord(char):04X}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08X}")
            else:
                out.append(char)
        raw = '"' + "".join(out) + '"'
        if not (_LOOKS_LIKE_PATH[0].search(raw) or _LOOKS_LIKE_PATH[1].match(raw)):
            return raw
    # Looks like a path to the loader, which refuses \t and \u there: keep those signs as they are.
    return raw


def _single(value: str) -> str | None:
    return None if "\n" in value else "'" + value.replace("'", "''") + "'"


def _break_ok(text: str, i: int, plain: bool) -> bool:
    """May the space at `i` become a line break (read back as that one space)?"""
    if text[i] != " " or i == 0 or i + 1 >= len(text):
        return False
    before, after = text[i - 1], text[i + 1]
    if before in " \t\n" or after in " \t\n" or after in _HARD_SPACES:
        return False
    return not plain or (after not in _PLAIN_START and before != ":")


def _old_breaks(old: str, lines: Sequence[str]) -> list[int]:
    """Find the spaces of the old text that the file shows as line breaks (empty if the lines do not match)."""
    position, breaks = 0, []
    for number, line in enumerate(lines):
        if not line:
            continue
        while position < len(old) and old[position] == "\n":
            position += 1
        if not old.startswith(line, position):
            return []
        position += len(line)
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if following and position < len(old) and old[position] == " ":
            breaks.append(position)
            position += 1
    return breaks


def _moved_breaks(old: str, new: str, breaks: list[int]) -> set[int]:
    """Carry old line breaks over to the new text wherever the text around them is unchanged."""
    if not breaks:
        return set()
    moved = set()
    for a, b, size in difflib.SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks():
        moved.update(position - a + b for position in breaks if a < position < a + size - 1)
    return moved


def _wrap(text: str, begin: int, stop: int, first_col: int, indent: int, width: int,
          preferred: set[int], plain: bool) -> list[str]:
    """Wrap text[begin:stop] into lines, keeping old line breaks where they still fit."""
    lines = []
    start, col = begin, first_col
    while True:
        keep = min((p for p in preferred if start < p < stop and _break_ok(text, p, plain)), default=None)
        if keep is not None and col + keep - start <= width + _SLACK:
            cut = keep
        elif col + stop - start <= width:
            lines.append(text[start:stop])
            return lines
        else:
            fitting = [i for i in range(start + 1, min(stop, start + width - col + 1))
                       if _break_ok(text, i, plain)]
            later = fitting[-1:] or [next((i for i in range(start + 1, stop) if _break_ok(text, i, plain)), None)]
            cut = later[0]
            if cut is None:
                lines.append(text[start:stop])
                return lines
        lines.append(text[start:cut])
        start, col = cut + 1, indent


def _block_lines(value: str, folded: bool, target: _Target, old: str) -> tuple[str, list[str]] | None:
    """Return the chomping sign and the content lines that hold `value` as a '|' or '>' block, or None."""
    trailing = len(value) - len(value.rstrip("\n"))
    if trailing > 1:
        return None
    body = value[: len(value) - trailing]
    parts = re.split(r"(\n+)", body)
    paragraphs = parts[0::2]
    first = next((p for p in paragraphs if p), None)
    if first is None or first[0] in " \t" or any(p and p[0] in "\t" + _HARD_SPACES for p in paragraphs):
        return None
    preferred = _moved_breaks(old, value, _old_breaks(old, target.lines)) if folded else set()
    lines: list[str] = []
    offset = 0
    previous: str | None = None
    for number, paragraph in enumerate(paragraphs):
        run_before = len(parts[2 * number - 1]) if number else 0
        run_after = len(parts[2 * number + 1]) if 2 * number + 1 < len(parts) else 0
        if not paragraph:  # only the first can be empty: the text begins with line breaks
            lines.extend([""] * run_after)
        else:
            if previous is not None:
                # Between two lines that begin with a letter a folded block needs one empty line per
                # line break; next to an indented line (and always in a literal block) one less.
                both_flush = previous[:1] not in " \t" and paragraph[:1] not in " \t"
                lines.extend([""] * (run_before if folded and both_flush else run_before - 1))
            if folded and paragraph[0] not in " \t":
                wrapped = _wrap(value, offset, offset + len(paragraph), target.indent, target.indent,
                                target.width, preferred, plain=False)
            else:
                wrapped = [paragraph]
            lines.extend(wrapped)
            previous = wrapped[-1]
        offset += len(paragraph) + run_after
    return ("-" if trailing == 0 else ""), lines


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    text: str


def _candidates(text: str, target: _Target, value: str, old: Any, newline: str) -> list[_Candidate]:
    """The ways to write `value` in place of the old one, best first."""
    found: list[_Candidate] = []
    start, end = target.start, target.end
    pad = " " if start == end and start > 0 and text[start - 1] not in " \t" else ""  # 'notes:' had no value
    old_text = old if isinstance(old, str) else ""

    def inline(rendered: str | None) -> None:
        if rendered is not None:
            found.append(_Candidate(start, end, pad + rendered + target.header_tail))

    def block(folded: bool) -> None:
        made = _block_lines(value, folded, target, old_text)
        if made is None:
            return
        chomp, lines = made
        tail = target.header_tail
        stop = end
        if target.style not in ("|", ">"):  # a comment after the old value moves up to the header line
            rest = text[end:_line_end(text, end)]
            if rest.strip():
                tail, stop = rest, _line_end(text, end)
        indent = " " * target.indent
        body = newline.join(indent + line if line else "" for line in lines)
        found.append(_Candidate(start, stop, pad + (">" if folded else "|") + chomp + tail + newline + body))

    if target.style == "plain":
        if _plain_ok(value, target.flow):
            if len(target.lines) > 1:
                preferred = _moved_breaks(old_text, value, _old_breaks(old_text, target.lines))
                wrapped = _wrap(value, 0, len(value), target.first_col, target.indent, target.width, preferred,
                                plain=True)
                found.append(_Candidate(start, end, (newline + " " * target.indent).join(wrapped)))
            inline(value)
    elif target.style == "'":
        inline(_single(value))
    elif target.style in ("|", ">"):
        block(folded=target.style == ">")
    inline(_double(value))
    if not target.flow:
        block(folded=False)
    return found


# --- the two entry points --------------------------------------------------------------------


def _check_new_text(value: Any, key: Key, rel: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"new value for {key!r} must be str, not {type(value).__name__}")
    bad = _FORBIDDEN.search(value)
    if bad is not None:
        raise EditError(
            _("the new text for '{place}' in {file} contains an invisible control character (U+{code})").format(
                place=describe(key), file=rel, code=f"{ord(bad.group()):04X}"),
            _("remove the character and try again"))


def replace_values(text: str, doc: Document, changes: Mapping[Key, str]) -> str:
    """Return `text` with the text value at each key of `changes` replaced; every other byte stays.

    `doc` is what `builder.load.load_text(text, …)` returned for this very text. Each new value
    keeps the old value's style (plain, '…', "…", '>' folded, '|' literal) when that style can
    hold it, else it is written in double quotes; the loader checks every attempt. Raises
    EditError when a key is missing or not a text, or a value cannot be written.
    """
    bom = text.startswith(_BOM)
    body = text[1:] if bom else text
    newline = "\r\n" if "\r\n" in body else "\n"
    lines = _Lines(body)
    _before, baseline = load_text(body, doc.path)
    expected = copy.deepcopy(doc.data)
    targets = []
    for raw_key, value in changes.items():
        key = tuple(raw_key)
        _check_new_text(value, key, doc.path)
        targets.append((_target(body, lines, doc, key), value))
    # From the end of the file backwards, so that the marks of the values still to come stay right.
    for target, value in sorted(targets, key=lambda pair: pair[0].start, reverse=True):
        old = _lookup(doc.data, target.key)
        if old == value:
            continue  # unchanged: leave its bytes (and its quoting) alone
        for candidate in _candidates(body, target, value, old, newline):
            trial = body[: candidate.start] + candidate.text + body[candidate.end:]
            wanted = _assign(copy.deepcopy(expected), target.key, value)
            if _reads_as(trial, doc.path, wanted, len(baseline)):
                body, expected = trial, wanted
                break
        else:
            raise EditError(
                _("the new text for '{place}' in {file} cannot be written so that it reads back the same").format(
                    place=describe(target.key), file=doc.path),
                _("the file is unchanged; make the change in the YAML file by hand"))
    return (_BOM if bom else "") + body


def _reads_as(text: str, rel: str, wanted: Any, problems_allowed: int) -> bool:
    doc, problems = load_text(text, rel)
    return doc is not None and len(problems) <= problems_allowed and doc.data == wanted


def library_file(root: Path, rel: str) -> Path:
    """Return the file `rel` of the library at `root`, refusing anything outside slides/ and quotes/.

    Symbolic links are followed before the check, so a link cannot lead a write elsewhere.
    """
    refused = EditError(
        _("{file} is not a YAML file in the folders slides/ or quotes/ of the library, so it is not changed").format(
            file=rel),
        _("only the files of the modules, decks, facts, audiences and quotes are changed"))
    shown = PurePosixPath(rel.replace("\\", "/"))
    if shown.is_absolute() or ".." in shown.parts or shown.suffix not in (".yaml", ".yml") \
            or shown.name.startswith("."):
        raise refused
    base = Path(root).resolve()
    path = (base / shown).resolve()
    if path.parent not in {base / folder for folder in WRITABLE_FOLDERS} or path.suffix not in (".yaml", ".yml"):
        raise refused
    return path


def write_values(root: Path, rel: str, changes: Mapping[Key, str]) -> None:
    """Write new text values into the library file `rel` (e.g. 'slides/modules/x.yaml') in place.

    Refuses files outside slides/ and quotes/, files with problems, and the fields 'consent' and
    'cues'. The result is re-loaded and must hold exactly the new values and all other data
    unchanged, or nothing is written; the file is replaced atomically.
    """
    path = library_file(root, rel)
    for key in changes:
        protected = next((part for part in key if part in PROTECTED_FIELDS), None)
        if protected is not None:
            raise EditError(
                _("the field '{name}' at '{place}' in {file} is never changed from a deck").format(
                    name=protected, place=describe(tuple(key)), file=rel),
                _("change it in the YAML file by hand if you mean to"))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EditError(_("cannot read {file}").format(file=rel),
                        _("check that no other program has the file locked, then try again")) from exc
    doc, problems = load_bytes(raw, rel)
    if doc is None or problems:
        raise DiagnosticsError(problems)
    text = raw.decode("utf-8-sig")
    new_text = replace_values(text, doc, changes)
    _verify(new_text, rel, doc.data, changes)
    if new_text == text:
        return
    write_text(path, (_BOM if raw.startswith(_BOM.encode()) else "") + new_text)


def _verify(new_text: str, rel: str, before: Any, changes: Mapping[Key, str]) -> None:
    """Re-load the new text and check it holds the new values and nothing else changed."""
    wanted = copy.deepcopy(before)
    for key, value in changes.items():
        wanted = _assign(wanted, tuple(key), value)
    doc, problems = load_bytes(new_text.encode("utf-8"), rel)
    if doc is None or problems or doc.data != wanted:
        raise EditError(
            _("after the change {file} would not read back as intended, so it was not saved").format(file=rel),
            _("the file is unchanged; make the change in the YAML file by hand"))
