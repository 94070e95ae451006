"""What `check` and `build` say at the end, in the same words wherever it is shown (CLI, studio)."""

from __future__ import annotations

from pathlib import Path

from builder.i18n import _, ngettext


def check_summary(checked) -> tuple[str, str]:
    """Return (state, line): state is 'errors', 'warnings' or 'ok'; line is what `erfaring check` prints last."""
    lib = checked.library
    errors, warnings = len(checked.errors), len(checked.warnings)
    counts = ", ".join([
        ngettext("{n} module", "{n} modules", len(lib.modules)).format(n=len(lib.modules)),
        ngettext("{n} deck", "{n} decks", len(lib.decks)).format(n=len(lib.decks)),
        ngettext("{n} quote", "{n} quotes", len(lib.quotes)).format(n=len(lib.quotes)),
        ngettext("{n} fact", "{n} facts", len(lib.facts)).format(n=len(lib.facts)),
        ngettext("{n} source", "{n} sources", len(lib.sources)).format(n=len(lib.sources)),
        ngettext("{n} audience", "{n} audiences", len(lib.audiences)).format(n=len(lib.audiences)),
    ])
    errors_text = ngettext("{n} error", "{n} errors", errors).format(n=errors)
    warnings_text = ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings)
    if errors:
        files = ngettext("{n} file", "{n} files", len(lib.files)).format(n=len(lib.files))
        found = _("{errors} and {warnings}").format(errors=errors_text, warnings=warnings_text) if warnings \
            else errors_text
        return "errors", _("✗ {found} in {files} ({counts})").format(found=found, files=files, counts=counts)
    if warnings:
        return "warnings", _("✓ the library can be used, with {warnings}: {counts}").format(
            warnings=warnings_text, counts=counts)
    return "ok", _("✓ the library is fine: {counts}").format(counts=counts)


def counted(diagnostics) -> str:
    """«2 errors and 3 warnings», «1 error» or «3 warnings»."""
    errors = sum(1 for d in diagnostics if d.severity.value == "error")
    warnings = len(diagnostics) - errors
    errors_text = ngettext("{n} error", "{n} errors", errors).format(n=errors)
    warnings_text = ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings)
    if errors and warnings:
        return _("{errors} and {warnings}").format(errors=errors_text, warnings=warnings_text)
    return errors_text if errors else warnings_text


def shown(root: Path, path: Path) -> str:
    """A path as the user knows it: relative to the library when it is inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def build_report(root: Path, built, as_json: bool = False) -> tuple[list[str], list[tuple[bool, str]]]:
    """What `erfaring build` says about a build besides its diagnostics.

    Returns the notices (said before the diagnostics) and the lines after them, each with
    whether it is a problem (the CLI writes those to stderr). `as_json` leaves out the count of
    problems elsewhere, which JSON output lists one by one.
    """
    notes = [_("note: {notice}").format(notice=notice) for notice in built.notices]
    tail = [(False, _("wrote {path}").format(path=shown(root, path))) for path in built.written]
    for deck_id, errors in built.blocked:
        tail.append((True, ngettext("✗ '{deck}' was not built: {n} error in the files it uses",
                                    "✗ '{deck}' was not built: {n} errors in the files it uses", len(errors)).format(
            deck=deck_id, n=len(errors))))
    if built.elsewhere and not as_json:
        tail.append((True, _("{problems} in files this build does not need – `erfaring check` shows them all").format(
            problems=counted(built.elsewhere))))
    if not built.written and not built.kept and not built.blocked:
        tail.append((False, _("no decks to build yet: create one with `erfaring new deck \"Navn\"`")))
    if built.kept and not built.written:
        tail.append((False, ngettext("nothing to rebuild: {n} file is up to date",
                                     "nothing to rebuild: {n} files are up to date", len(built.kept)).format(
            n=len(built.kept))))
    elif built.kept:
        tail.append((False, ngettext("kept {n} unchanged file", "kept {n} unchanged files", len(built.kept)).format(
            n=len(built.kept))))
    return notes, tail
