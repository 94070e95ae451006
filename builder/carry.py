"""`erfaring changes`: what a lecturer changed in a built deck, and carrying it back into the YAML.

The edited file is compared with the deck exactly as the tool built it (kept in
out/.erfaring/built/) as well as with the plan of today's YAML. Why both: when a module
was also changed after that build, a plain comparison with today's YAML would show the
module's change as if it had been made in PowerPoint, and `--apply` would undo it. With the
deck as built, a value is a PowerPoint edit only where the edited file differs from that
build; where the YAML changed too, the two edits meet and nothing is written.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from builder.changes import Change, What, compare
from builder.errors import DiagnosticsError, UserError
from builder.i18n import _, ngettext


@dataclass(frozen=True)
class Review:
    """The edits found in one edited deck."""

    deck_id: str
    edited: Path  # the file the lecturer changed
    base: Path | None  # the deck as the tool built it, when kept
    changes: tuple[Change, ...]  # what was changed in PowerPoint
    conflicts: tuple[Change, ...]  # changed in PowerPoint and in the YAML since the build

    @property
    def carried(self) -> list[Change]:
        """The changes `--apply` writes back."""
        return [c for c in self.changes if c.carry]


def review(root: Path, deck_id: str, file: Path | None = None, shared_quotes: bool = False,
           out: Path | None = None) -> Review:
    """Find the edited deck of `deck_id` (or use `file`) and say what was changed in it."""
    from builder.pipeline import check, fitted_plan
    from builder.read.pptx import read_pptx

    out = out or root / "out"
    checked = check(root)
    if deck_id not in checked.library.decks:
        from builder.diagnostics import did_you_mean

        raise UserError(_("there is no deck with the id '{id}'").format(id=deck_id),
                        did_you_mean(deck_id, checked.library.decks) or _("`erfaring list decks` shows them"))
    fitted, template = fitted_plan(checked, root, deck_id)
    if fitted is None:
        raise DiagnosticsError([d for d in checked.diagnostics if d.severity.value == "error"])
    edited, base = locate(out, deck_id, file)
    layouts = {kind: placement.layout for kind, placement in template.placements.items()}
    found = compare(checked.library, fitted, read_pptx(edited), shared_quotes=shared_quotes, layouts=layouts)
    if base is None:
        return Review(deck_id, edited, None, tuple(found), ())
    built = read_pptx(base)
    since = compare(checked.library, fitted, built, shared_quotes=shared_quotes, layouts=layouts)
    found += moved_pictures(fitted, built, read_pptx(edited))
    yaml_changed = {_place(c): c for c in since}
    changes, conflicts = [], []
    for change in found:
        before = yaml_changed.get(_place(change))
        if before is None:
            changes.append(change)
        elif not _same(before.new, change.new):  # edited in PowerPoint, and the YAML changed since the build
            conflicts.append(change)
    return Review(deck_id, edited, base, tuple(changes), tuple(conflicts))


MOVE_TOLERANCE = 36_000  # EMU, 1 mm: a LibreOffice save rounds positions to 1/100 mm


def moved_pictures(plan, built, edited) -> list[Change]:
    """Pictures moved or resized in PowerPoint, found by comparing the edited deck with the deck as built."""
    from builder.changes import match_slides

    was = {planned.number: slide for planned, slide in match_slides(plan, built)[0]}
    out = []
    for planned, slide in match_slides(plan, edited)[0]:
        before = was.get(planned.number)
        if before is None or len(before.picture_boxes) != len(slide.picture_boxes):
            continue  # an added or removed picture is reported by the comparison itself
        if any(abs(a - b) > MOVE_TOLERANCE for old, new in zip(before.picture_boxes, slide.picture_boxes)
               for a, b in zip(old, new)):
            out.append(Change(planned.number, What.PICTURE, None, None, planned.origin, None, False,
                              _("a picture moved or resized in PowerPoint cannot be carried back; the next build "
                                "places it as the template says"), edited=slide.number))
    return out


def _place(change: Change) -> tuple:
    return (change.what, change.key) if change.key is not None else (change.what, change.slide, change.new)


def _same(a: str | None, b: str | None) -> bool:
    return (a or "").strip() == (b or "").strip()


def locate(out: Path, deck_id: str, file: Path | None) -> tuple[Path, Path | None]:
    """Return the edited deck and the build it was made on (None when the tool no longer has it).

    Without `file`: the deck in out/<deck>/ when it was changed after the build, else the
    newest copy the build kept beside it.
    """
    from builder.cache import Cache
    from builder.outputs import output_path
    from builder.pipeline import built_copy

    rel = output_path(deck_id, "pptx")
    if file is not None:
        path = Path(file).resolve()
        if not path.is_file():
            raise UserError(_("the file {path} does not exist").format(path=file),
                            _("give the path to the deck you changed in PowerPoint"))
        try:
            inside = path.relative_to(out.resolve()).as_posix()
        except ValueError:
            return path, None
        base = built_copy(out, inside)
        return path, base if base.is_file() else None
    main = out / rel
    if main.is_file() and Cache.load(out).state(rel) in ("edited", "unknown"):
        base = built_copy(out, rel)
        return main, base if base.is_file() else None
    copies = sorted((p for p in main.parent.glob(f"{deck_id} (*).pptx")), key=lambda p: p.stat().st_mtime)
    if copies:
        base = built_copy(out, copies[-1].relative_to(out).as_posix())
        return copies[-1], base if base.is_file() else None
    if not main.is_file():
        raise UserError(_("{path} has not been built yet").format(path=_shown(out.parent, main)),
                        _("build it with `erfaring build {deck}`, edit it in PowerPoint, then run this again").format(
                            deck=deck_id))
    raise UserError(_("{path} has not been changed since it was built").format(path=_shown(out.parent, main)),
                    _("to compare another file, name it: `erfaring changes {deck} FILE`").format(deck=deck_id))


def apply(root: Path, found: Review) -> dict[str, int]:
    """Write the carried changes back into their YAML files; return how many values each file got."""
    from builder.edit.yaml_values import write_values

    by_file: dict[str, dict] = defaultdict(dict)
    for change in found.carried:
        assert change.location is not None and change.key is not None
        by_file[change.location.path][change.key] = change.new or ""
    for rel, values in sorted(by_file.items()):  # every file first, so that one refusal writes nothing at all
        _can_write(root, rel, values)
    for rel, values in sorted(by_file.items()):
        write_values(root, rel, values)
    return {rel: len(values) for rel, values in sorted(by_file.items())}


def _can_write(root: Path, rel: str, values: dict) -> None:
    """Raise the error `write_values` would, without writing anything."""
    from builder.edit.yaml_values import library_file, replace_values
    from builder.load import load_text

    path = library_file(root, rel)
    text = path.read_text(encoding="utf-8-sig")
    doc, problems = load_text(text, rel)
    if doc is None or problems:
        raise DiagnosticsError(problems)
    replace_values(text, doc, values)


def describe(root: Path, found: Review) -> list[str]:
    """Return the review as lines for a person: slide by slide, what changed and where it came from."""
    lines = [_("Changes in {file}, compared with the deck as it was built:").format(file=_shown(root, found.edited))]
    if found.base is None:
        lines.append(_("(the deck as built was not kept, so it is compared with the YAML as it is now)"))
    if not found.changes and not found.conflicts:
        lines.append("  " + _("no changes"))
    for change in found.changes:
        lines += _change_lines(change)
    for change in found.conflicts:
        lines += _change_lines(change, _("changed in PowerPoint and in the file since the build; carry it over by "
                                         "hand"))
    carried = len(found.carried)
    if carried:
        lines.append(ngettext("✓ {n} change can be carried back: `erfaring changes {deck} --apply`",
                              "✓ {n} changes can be carried back: `erfaring changes {deck} --apply`",
                              carried).format(n=carried, deck=found.deck_id))
    return lines


def _change_lines(change: Change, conflict: str | None = None) -> list[str]:
    where = f"  ({change.location.path}:{change.location.line}:{change.location.col})" if change.location else ""
    head = _heading(change.what).format(n=change.slide) + where
    lines = [head]
    if change.old is not None:
        lines.append("    " + _("before: {text}").format(text=_short(change.old)))
    if change.new is not None:
        lines.append("    " + _("now:    {text}").format(text=_short(change.new)))
    why = conflict or (None if change.carry else change.why_not)
    if why:
        lines.append("    " + _("not carried back: {why}").format(why=why))
    if change.shared_with:
        lines.append("    " + _("the quote is also shown in: {decks}; `--quote` carries it back for all of them").format(
            decks=", ".join(change.shared_with)))
    return lines


def _heading(what: What) -> str:
    return {
        What.TITLE: _("slide {n}, title"), What.BULLET: _("slide {n}, bullet point"),
        What.NOTES: _("slide {n}, speaker notes"), What.QUOTE: _("slide {n}, quote text"),
        What.QUESTION: _("slide {n}, discussion question"), What.FACT_CAPTION: _("slide {n}, fact text"),
        What.TEXT: _("slide {n}, text"), What.SLIDE_ADDED: _("slide {n}, a new slide after it"),
        What.SLIDE_REMOVED: _("slide {n}, removed"), What.PICTURE: _("slide {n}, picture"),
        What.LAYOUT: _("slide {n}, layout"),
    }[what]


def _short(text: str) -> str:
    one = " ".join(text.split())
    return f"«{one}»" if len(one) <= 100 else f"«{one[:99]}…»"


def _shown(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
