"""The deck composer's logic: a draft of a deck, checked as the CLI would check the saved file.

A draft is what the composer form holds (settings and an ordered programme). Each change makes
the text the deck file would have (`edit.deck_programme` for a deck that exists, keeping its
comments; `edit.yaml_new.deck_yaml` for a new one), checks the library as if that text were saved
(`pipeline.check(root, overrides=…)`), and shows the deck's programme with clock times and the
problems that would stop `erfaring build` for this deck, in the same words.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

from builder.diagnostics import Diagnostic
from builder.i18n import _

SETTING_NAMES = ("title", "audience", "date", "start", "minutes")
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


@dataclass(frozen=True)
class Draft:
    """A deck as the composer holds it between requests (all of it travels in the form)."""

    deck_id: str
    new: bool
    settings: dict[str, str]
    items: tuple[Any, ...]  # module ids, or mappings like {"pause": "15"}
    base: str = ""  # SHA-256 of the deck file when it was opened; "" for a new deck

    @property
    def rel(self) -> str:
        """The deck's file, relative to the library."""
        return f"slides/decks/{self.deck_id}.yaml"


@dataclass(frozen=True)
class Row:
    """One line of the programme as the composer shows it."""

    index: int
    label: str
    module: str | None
    minutes: str
    clock: str = ""


@dataclass(frozen=True)
class Review:
    """What the composer shows for a draft: the file text it would save, its programme and problems."""

    draft: Draft
    text: str
    rows: tuple[Row, ...]
    planned: int | None
    slot: int | None
    problems: tuple[Diagnostic, ...]
    unwritable: str | None = None  # why the file cannot be written (then `text` is the file as it is)
    ends: str = ""
    modules: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (id, title) to choose from
    audiences: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def errors(self) -> list[Diagnostic]:
        """The problems that stop the deck from being built."""
        return [d for d in self.problems if d.severity.value == "error"]


def file_hash(data: bytes) -> str:
    """The fingerprint a saved deck is compared with, to notice a change made elsewhere."""
    return hashlib.sha256(data).hexdigest()


def open_deck(root: Path, deck_id: str) -> Draft:
    """A draft of the deck `deck_id` as its file is now."""
    from builder.load import load_bytes

    rel = f"slides/decks/{deck_id}.yaml"
    raw = (root / rel).read_bytes()
    doc, _problems = load_bytes(raw, rel)
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    settings = {name: str(data.get(name, "")) for name in SETTING_NAMES}
    items = tuple(data.get("modules") or ())
    return Draft(deck_id, False, settings, items, file_hash(raw))


def new_deck(audience: str, today: str) -> Draft:
    """An empty draft for a new deck."""
    return Draft("", True, {"title": "", "audience": audience, "date": today, "start": "09:00", "minutes": "90"}, ())


def from_form(form: Mapping[str, Any]) -> Draft:
    """Read a draft back from the composer form (`form.getlist` for the programme items)."""
    items = []
    for raw in form.getlist("item"):
        try:
            item = json.loads(raw)
        except ValueError:
            continue
        if isinstance(item, str) or (isinstance(item, dict) and all(isinstance(v, str) for v in item.values())):
            items.append(item)
    settings = {name: str(form.get(name, "")).strip()[:300] for name in SETTING_NAMES}
    return Draft(str(form.get("deck_id", "")).strip()[:64], form.get("new") == "1", settings, tuple(items),
                 str(form.get("base", ""))[:64])


def apply(draft: Draft, action: str, form: Mapping[str, Any]) -> Draft:
    """Apply one button of the composer: add a module or a pause, move or remove an item."""
    items = list(draft.items)
    verb, _sep, where = action.partition(":")
    index = int(where) if where.isdigit() else -1
    if verb == "add":
        module = str(form.get("add_module", ""))
        if _ID.fullmatch(module):
            items.append(module)
    elif verb == "pause":
        minutes = str(form.get("pause_minutes", "15")).strip()
        items.append({"pause": minutes if minutes.isdigit() and 0 < int(minutes) <= 120 else "15"})
    elif verb in ("up", "down") and 0 <= index < len(items):
        other = index - 1 if verb == "up" else index + 1
        if 0 <= other < len(items):
            items[index], items[other] = items[other], items[index]
    elif verb == "remove" and 0 <= index < len(items):
        del items[index]
    return replace(draft, items=tuple(items))


def item_json(item: Any) -> str:
    """How an item travels in the form."""
    return json.dumps(item, ensure_ascii=False)


def candidate(root: Path, draft: Draft) -> tuple[str, str | None]:
    """The text the deck file would have after saving, and why it cannot be written (or None)."""
    from builder.edit.deck_programme import programme_text
    from builder.edit.yaml_new import deck_yaml
    from builder.errors import UserError
    from builder.load import load_text

    settings = {k: v for k, v in draft.settings.items() if v != ""}
    if draft.new:
        data = {"id": draft.deck_id, **settings, "modules": [dict(i) if isinstance(i, dict) else i
                                                            for i in draft.items]}
        if "minutes" in data and data["minutes"].isdigit():
            data["minutes"] = int(data["minutes"])
        try:
            return deck_yaml(data, header=["Laget i Erfaringsbanken studio."], rel=draft.rel), None
        except (UserError, TypeError, ValueError) as exc:
            return "", str(getattr(exc, "message", exc))
    current = (root / draft.rel).read_text(encoding="utf-8-sig")
    doc, problems = load_text(current, draft.rel)
    if doc is None or problems:
        return current, _("the file has mistakes that must be put right before the studio can write in it")
    try:
        return programme_text(current, doc, settings, list(draft.items)), None
    except UserError as exc:
        return current, exc.message


def review(root: Path, draft: Draft) -> Review:
    """Check the library as if the draft were saved, and lay out its programme."""
    from builder import pipeline

    text, unwritable = candidate(root, draft)
    overrides = {draft.rel: text} if text and _ID.fullmatch(draft.deck_id) else {}
    checked = pipeline.check(root, overrides=overrides)
    lib = checked.library
    modules = tuple(sorted(((m.id, m.title) for m in lib.modules.values()), key=lambda p: p[1].casefold()))
    audiences = tuple((a.id, a.name) for a in lib.audiences.values())
    problems: tuple[Diagnostic, ...] = ()
    rows, planned, ends = _counted(tuple(_rows(draft, lib)), draft.settings.get("start", ""))
    slot = int(draft.settings["minutes"]) if draft.settings.get("minutes", "").isdigit() else None
    if draft.deck_id in lib.decks:
        blocking = pipeline.blocking_errors(checked, draft.deck_id)
        files = pipeline.deck_files(checked, draft.deck_id)
        problems = tuple(blocking) + tuple(d for d in checked.warnings if d.location.path in files)
        slot = lib.decks[draft.deck_id].minutes
        if not blocking:
            plan = checked.plan(draft.deck_id)
            rows = tuple(_timed_rows(rows, plan))
            planned = plan.planned_minutes
            from builder.plan import clock

            ends = clock(plan.deck.start, planned)
    else:
        problems = tuple(d for d in checked.errors if d.location.path == draft.rel)
    return Review(draft, text, rows, planned, slot, problems, unwritable, ends, modules, audiences)


def _rows(draft: Draft, lib) -> list[Row]:
    rows = []
    for index, item in enumerate(draft.items):
        if isinstance(item, str):
            module = lib.modules.get(item)
            rows.append(Row(index, module.title if module else item, item, str(module.minutes) if module else "?"))
        elif "pause" in item:
            rows.append(Row(index, item.get("title") or "Pause", None, str(item["pause"])))
        else:
            module = lib.modules.get(item.get("module", ""))
            rows.append(Row(index, module.title if module else item.get("module", "?"), item.get("module"),
                            str(item.get("minutes") or (module.minutes if module else "?"))))
    return rows


def _counted(rows: tuple[Row, ...], start: str) -> tuple[tuple[Row, ...], int | None, str]:
    """Clock times from the module minutes alone, for a draft that cannot be planned yet."""
    from builder.plan import clock

    if not re.fullmatch(r"[0-2][0-9]:[0-5][0-9]", start) or any(not r.minutes.isdigit() for r in rows):
        return rows, None, ""
    timed, total = [], 0
    for row in rows:
        timed.append(replace(row, clock=clock(start, total)))
        total += int(row.minutes)
    return tuple(timed), total, clock(start, total)


def _timed_rows(rows: tuple[Row, ...], plan) -> list[Row]:
    """The rows with the clock time the plan gives each (the plan's programme is in the same order)."""
    timed = list(rows)
    for n, (row, planned) in enumerate(zip(rows, plan.programme)):
        timed[n] = replace(row, clock=planned.start, minutes=str(planned.minutes))
    return timed


class Conflict(Exception):
    """The deck file was changed elsewhere since the composer opened it."""

    def __init__(self, current: str, mine: str):
        super().__init__("changed on disk")
        self.current = current
        self.mine = mine


def save(root: Path, draft: Draft) -> Path:
    """Write the draft's deck file atomically; raises Conflict if the file changed since it was opened."""
    from builder.edit.yaml_values import library_file
    from builder.errors import UserError
    from builder.write import write_text

    if not _ID.fullmatch(draft.deck_id):
        raise UserError(_("'{id}' cannot be used as an id").format(id=draft.deck_id),
                        _("use small letters a–z, digits and hyphens, for example 'lecture-autumn'"))
    path = library_file(root, draft.rel)
    text, unwritable = candidate(root, draft)
    if unwritable:
        raise UserError(unwritable)
    current = path.read_bytes() if path.exists() else None
    if draft.new and current is not None:
        raise Conflict(current.decode("utf-8", "replace"), text)
    if not draft.new and (current is None or file_hash(current) != draft.base):
        raise Conflict("" if current is None else current.decode("utf-8", "replace"), text)
    write_text(path, text)
    return path
