"""Editing the texts of a module, quote or fact from the studio, saved into the YAML as a person would.

The form lists every text value of the item that a lecturer writes (titles, summaries, bullets,
notes, the quote itself …); ids, references, consent and cues are left to the file. A save is
checked first as if written (`pipeline.check(root, overrides=…)`): a mistake in the file is shown
next to its field, in the CLI's words, and nothing is written. Then `edit.yaml_values` replaces
exactly those values, keeping every comment and the rest of the file; a file changed on disk
since the form was opened is not overwritten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from builder.diagnostics import Diagnostic
from builder.load import Key, texts_in

EDITABLE_KINDS = ("module", "quote", "fact")
# Fields a form never shows: ids and references (a typo breaks links), who may see a text
# (consent), the speaker's private cues, and values with a fixed shape (dates, addresses, flags).
NOT_TEXT = frozenset({"id", "kind", "consent", "cues", "quote", "source", "sources", "facts", "image", "only",
                      "except", "audiences", "url", "tags", "as_of", "review_after", "page", "lang", "split",
                      "minutes", "reveal", "decorative", "module"})
LONG = frozenset({"summary", "notes", "handout", "text", "note", "caption", "alt"})


@dataclass(frozen=True)
class Field:
    """One text of the item as the form shows it."""

    key: Key  # its place in the file, e.g. ("slides", 2, "notes")
    label: str
    value: str
    long: bool
    problems: tuple[Diagnostic, ...] = ()

    @property
    def name(self) -> str:
        """The form field's name: the place, as JSON."""
        return json.dumps(list(self.key))


@dataclass(frozen=True)
class Editing:
    """An item's texts in a form, with the file they live in and its fingerprint when opened."""

    kind: str
    item_id: str
    rel: str
    base: str
    fields: tuple[Field, ...]
    other: tuple[Diagnostic, ...] = ()  # problems in the file that belong to no shown field


class Changed(Exception):
    """The file was changed elsewhere since the form was opened; nothing was written."""

    def __init__(self, current: str):
        super().__init__("changed on disk")
        self.current = current


def open_item(root: Path, checked, kind: str, item_id: str) -> Editing:
    """The texts of an item as its file holds them now."""
    from builder.studio.compose import file_hash

    origin = checked.library.origin(kind, item_id)
    raw = (root / origin.doc.path).read_bytes()
    fields = tuple(Field(key, label(key[len(origin.key):], checked, kind, item_id), text, _is_long(key))
                   for key, text in texts_in(_at(origin.doc.data, origin.key), origin.key)
                   if editable(key[len(origin.key):]))
    return Editing(kind, item_id, origin.doc.path, file_hash(raw), fields)


def editable(key: Key) -> bool:
    """Tell whether a place inside an item is a text the form shows."""
    return not any(isinstance(part, str) and part in NOT_TEXT for part in key)


def label(key: Key, checked, kind: str, item_id: str) -> str:
    """A field's label in plain Norwegian: «Lysbilde 3 · Notater», «Punkt 2 i Hovedpunkter»."""
    names = {"title": "Tittel", "summary": "Sammendrag", "objectives": "Læringsmål", "key_points": "Hovedpunkter",
             "bullets": "Punkt", "notes": "Notater til foreleser", "handout": "Tekst i deltakerheftet",
             "text": "Tekst", "by": "Sagt av", "role": "Rolle", "value": "Tall eller verdi",
             "as_of_text": "Gjaldt (slik det vises)", "note": "Merknad", "words": "Ord", "then": "Deretter",
             "questions": "Spørsmål", "caption": "Bildetekst", "alt": "Bildetekst for skjermlesere (alt)",
             "subtitle": "Undertittel", "heading": "Overskrift", "left": "Venstre kolonne",
             "right": "Høyre kolonne"}
    parts = []
    index = 0
    while index < len(key):
        part = key[index]
        if part == "slides" and index + 1 < len(key):
            parts.append(f"Lysbilde {key[index + 1] + 1}")
            index += 2
            continue
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1]} {part + 1}"] if parts else [str(part + 1)]
        else:
            parts.append(names.get(part, part))
        index += 1
    return " · ".join(parts)


def changes_from_form(editing: Editing, form: Mapping[str, Any]) -> dict[Key, str]:
    """The values the form changed, by place; places that are not the item's texts are ignored."""
    known = {f.name: f for f in editing.fields}
    changes = {}
    for name, field in known.items():
        if name in form:
            value = str(form[name]).replace("\r\n", "\n")
            if value != field.value:
                changes[field.key] = value
    return changes


def review(root: Path, editing: Editing, changes: Mapping[Key, str]) -> tuple[Editing, str | None]:
    """Check the file as if saved; return the form with each field's problems, and the new text (None: no change)."""
    from builder import pipeline
    from builder.edit.yaml_values import replace_values
    from builder.load import load_text

    path = root / editing.rel
    current = path.read_text(encoding="utf-8-sig")
    doc, _problems = load_text(current, editing.rel)
    text = replace_values(current, doc, changes) if changes else current
    checked = pipeline.check(root, overrides={editing.rel: text})
    mine = [d for d in checked.diagnostics if d.location.path == editing.rel]
    new_doc, _problems = load_text(text, editing.rel)
    fields = []
    placed: set[Diagnostic] = set()
    for field in editing.fields:
        value = changes.get(field.key, field.value)
        lines = _lines_of(new_doc, field.key) if new_doc is not None else set()
        own = tuple(d for d in mine if d.location.line in lines)
        placed.update(own)
        fields.append(Field(field.key, field.label, value, field.long, own))
    other = tuple(d for d in mine if d not in placed)
    shown = Editing(editing.kind, editing.item_id, editing.rel, editing.base, tuple(fields), other)
    return shown, (text if changes else None)


def save(root: Path, editing: Editing, changes: Mapping[Key, str]) -> None:
    """Write the changed values into the item's file; raises Changed if the file changed since it was opened."""
    from builder.edit.yaml_values import write_values
    from builder.studio.compose import file_hash

    raw = (root / editing.rel).read_bytes()
    if file_hash(raw) != editing.base:
        raise Changed(raw.decode("utf-8", "replace"))
    write_values(root, editing.rel, changes)


def _at(data: Any, key: Key) -> Any:
    from builder.load import value_at

    return value_at(data, key)


def _is_long(key: Key) -> bool:
    last = next((p for p in reversed(key) if isinstance(p, str)), "")
    return last in LONG


def _lines_of(doc, key: Key) -> set[int]:
    """The lines a value stands on (its key's line too), for placing a problem next to its field."""
    start = doc.key_marks.get(key) or doc.value_marks.get(key)
    end = doc.value_ends.get(key)
    if start is None:
        return set()
    last = end[0] if end else start[0]
    return set(range(start[0], last + 1))
