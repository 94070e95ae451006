"""Write a deck's settings and its programme (the `modules:` list) back into its file, keeping the rest.

The studio's deck composer changes a deck as a whole list: modules added, removed, moved, pauses
put in. Rewriting the file from data would lose the lecturer's comments and layout, so only two
things change: the text values of the settings (through `yaml_values.replace_values`, which keeps
their quoting), and the lines of the `modules:` list. An item that is still in the list keeps its
own lines, the comment lines above it included; a new item is written as the content guide writes
it (`- stigmaord`, `- pause: 15`). The new text must load back as exactly the intended data, or
nothing is returned. A new deck gets a whole file from `yaml_new.deck_yaml`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from typing import Any

from builder.edit.yaml_values import EditError, _Lines, replace_values
from builder.i18n import _
from builder.load import Document, load_text

SETTINGS = ("title", "subtitle", "audience", "date", "start", "minutes")
# Settings written plain, as a person writes a number or a date (replace_values would quote them as texts).
TYPED = frozenset({"minutes", "date"})
_TYPED_VALUE = re.compile(r"[0-9]{1,4}|[0-9]{4}-[0-9]{2}-[0-9]{2}")


def item_data(item: Mapping[str, Any] | str) -> Any:
    """One programme item as the loader gives it back: a module id, or a mapping of texts."""
    if isinstance(item, str):
        return item
    return {k: str(v) for k, v in item.items() if v is not None}


def programme_text(text: str, doc: Document, settings: Mapping[str, str], items: Sequence[Any]) -> str:
    """Return the deck file `text` with `settings` (name → text) and its `modules:` list replaced.

    `doc` is what `load_text(text, …)` returned. `items` are module ids or mappings such as
    `{"pause": 15}` / `{"module": "x", "minutes": 20}`. Raises EditError when the file cannot be
    changed so that it reads back as intended (then nothing should be written).
    """
    if not isinstance(doc.data, dict) or "modules" not in doc.data:
        raise EditError(_("{file} has no 'modules:' list to change").format(file=doc.path),
                        _("add the modules in the YAML file by hand"))
    wanted_items = [item_data(i) for i in items]
    present = {k: str(v) for k, v in settings.items() if k in doc.data and v is not None}
    missing = {k: v for k, v in settings.items() if k not in doc.data and v not in (None, "")}
    typed = {k: v for k, v in present.items() if k in TYPED and _TYPED_VALUE.fullmatch(v) and doc.data[k] != v}
    body = _replace_typed(text, doc, typed)
    texts = {(k,): v for k, v in present.items() if k not in typed}
    if texts:
        before, _problems = load_text(body, doc.path)
        body = replace_values(body, before, texts)
    new_doc, problems = load_text(body, doc.path)
    if new_doc is None or problems:
        raise _unwritable(doc.path)
    lines = body.splitlines(keepends=True)
    newline = "\r\n" if "\r\n" in body else "\n"
    start, end, chunks = _programme_lines(lines, new_doc)
    out: list[str] = []
    used: set[int] = set()
    dash = _dash_column(chunks)
    for item in wanted_items:
        index = next((i for i, (data, _chunk) in enumerate(chunks) if i not in used and data == item), None)
        if index is not None:
            used.add(index)
            out += chunks[index][1]
        else:
            out += _item_lines(item, newline, dash)
    head = [f"{name}: {_plain(value)}{newline}" for name, value in missing.items()]
    result = "".join(lines[:start] + head + [lines[start]] + out + lines[end:])
    expected = copy.deepcopy(new_doc.data)
    expected.update({k: str(v) for k, v in missing.items()})
    expected["modules"] = wanted_items
    check, problems = load_text(result, doc.path)
    if check is None or problems or check.data != expected:
        raise _unwritable(doc.path)
    return result


def _replace_typed(text: str, doc: Document, values: Mapping[str, str]) -> str:
    """Put new numbers and dates in place of the old ones, from the end so the marks stay right."""
    lines = _Lines(text)
    spans = sorted(((lines.offset(doc.value_marks[(k,)]), lines.offset(doc.value_ends[(k,)]), v)
                    for k, v in values.items()), reverse=True)
    for start, end, value in spans:
        text = text[:start] + value + text[end:]
    return text


def _programme_lines(lines: list[str], doc: Document) -> tuple[int, int, list[tuple[Any, list[str]]]]:
    """Where the `modules:` entry starts and ends (line indexes), and each item with its own lines."""
    key_line = doc.key_marks[("modules",)][0] - 1
    if lines[key_line].split("#", 1)[0].rstrip() != "modules:":
        raise _unwritable(doc.path)  # a flow list `modules: [a, b]` or a value on the key's line
    later = sorted(line - 1 for (key, (line, _col)) in doc.key_marks.items() if len(key) == 1 and line - 1 > key_line)
    end = later[0] if later else len(lines)
    while end > key_line + 1 and _comment_or_blank(lines[end - 1]) and _top_level(lines[end - 1]):
        end -= 1  # comments right above the next key belong to that key
    items = doc.data["modules"]
    firsts = [doc.where(("modules", i)).line - 1 for i in range(len(items))]
    chunks = []
    for i, first in enumerate(firsts):
        begin = first
        while begin > (firsts[i - 1] + 1 if i else key_line + 1) and _comment_or_blank(lines[begin - 1]) \
                and not _top_level(lines[begin - 1]):
            begin -= 1
        if i:
            chunks[-1] = (chunks[-1][0], lines[chunks[-1][2]:begin], chunks[-1][2])
        chunks.append((items[i], [], begin))
    if chunks:
        chunks[-1] = (chunks[-1][0], lines[chunks[-1][2]:end], chunks[-1][2])
    return key_line, end, [(data, chunk) for data, chunk, _begin in chunks]


def _comment_or_blank(line: str) -> bool:
    return line.strip() == "" or line.lstrip().startswith("#")


def _top_level(line: str) -> bool:
    return line.strip() == "" or not line[:1].isspace()


def _dash_column(chunks: list[tuple[Any, list[str]]]) -> int:
    """How far the file indents the items of its list (2 when it has none yet)."""
    for _data, chunk in chunks:
        for line in chunk:
            if line.lstrip().startswith("-"):
                return len(line) - len(line.lstrip())
    return 2


def _item_lines(item: Any, newline: str, dash: int) -> list[str]:
    """A new programme item in block style, as the content guide writes it."""
    lead = " " * dash + "- "
    if isinstance(item, str):
        return [f"{lead}{item}{newline}"]
    pairs = [f"{k}: {_plain(v)}" for k, v in item.items()]
    return [f"{lead}{pairs[0]}{newline}"] + [" " * (dash + 2) + f"{p}{newline}" for p in pairs[1:]]


_SAFE = re.compile(r"[0-9A-Za-zÆØÅæøåÄÖÜäöüé][0-9A-Za-zÆØÅæøåÄÖÜäöüé .,()-]*")


def _plain(value: Any) -> str:
    """A value written plain when nothing can misread it, else in double quotes (times like 10:15 too)."""
    text = str(value)
    if _SAFE.fullmatch(text) and text.strip() == text:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unwritable(rel: str) -> EditError:
    return EditError(_("the programme of {file} cannot be written so that it reads back the same").format(file=rel),
                     _("the file is unchanged; change the list of modules in the YAML file by hand"))
