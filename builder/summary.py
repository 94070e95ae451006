"""The one-line verdict on a checked library, in the same words wherever it is shown (CLI, studio)."""

from __future__ import annotations

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
