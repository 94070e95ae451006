"""Diagnostics: one problem, with file, line, column, a stable code and a hint.

Every user-facing problem the tool finds (YAML syntax, schema, references, lint rules)
becomes a `Diagnostic`, printed as ``path:line:col: error[CODE]: message`` with an
optional ``  hint: …`` line, or as one JSON object per line for editors and CI.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum
from typing import Iterable

from builder.i18n import _, ngettext

GROUP_AT = 3  # a kind of warning seen more often than this is summed up in one line


class Severity(str, Enum):
    """How serious a diagnostic is; warnings fail only with ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file: path relative to the library root, 1-based line and column."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the user's material."""

    severity: Severity
    code: str
    message: str
    location: Location
    hint: str | None = None

    def format(self) -> str:
        """Render as the human form, hint on its own indented line."""
        label = _("error") if self.severity is Severity.ERROR else _("warning")
        text = f"{self.location}: {label}[{self.code}]: {self.message}"
        if self.hint:
            text += "\n  " + _("hint: {hint}").format(hint=self.hint)
        return text

    def to_json(self) -> str:
        """Render as one JSON line: the stable English code and severity, the message in the chosen language."""
        return json.dumps(
            {
                "path": self.location.path,
                "line": self.location.line,
                "col": self.location.col,
                "severity": self.severity.value,
                "code": self.code,
                "message": self.message,
                "hint": self.hint,
            },
            ensure_ascii=False,
        )


def error(code: str, message: str, location: Location, hint: str | None = None) -> Diagnostic:
    """Build an error diagnostic."""
    return Diagnostic(Severity.ERROR, code, message, location, hint)


def warning(code: str, message: str, location: Location, hint: str | None = None) -> Diagnostic:
    """Build a warning diagnostic."""
    return Diagnostic(Severity.WARNING, code, message, location, hint)


@dataclass
class Report:
    """Diagnostics gathered across all stages, in a stable order."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        """Record one diagnostic."""
        self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Record several diagnostics."""
        self.items.extend(diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        """The diagnostics that stop a build."""
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The diagnostics that only fail with ``--strict``."""
        return [d for d in self.items if d.severity is Severity.WARNING]

    def sorted(self) -> list[Diagnostic]:
        """Return the diagnostics ordered by file, line, column, then code, without repeats."""
        seen: set[tuple] = set()
        unique = []
        for d in self.items:
            key = (d.location, d.code, d.message)
            if key not in seen:
                seen.add(key)
                unique.append(d)
        return sorted(unique, key=lambda d: (d.location, d.code, d.message))


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """Return the candidate most like `word`, for a "did you mean" hint, or None."""
    import difflib

    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """Return a hint ``did you mean 'x'?`` when a close candidate exists."""
    match = closest(word, candidates)
    return _("did you mean '{match}'?").format(match=match) if match else None


def human_lines(diagnostics: Iterable[Diagnostic], verbose: bool = True) -> list[str]:
    """Return the human form of `diagnostics`, one entry per diagnostic.

    Unless `verbose`, a kind of warning seen more than `GROUP_AT` times is summed up in one
    line naming the command that lists them, so that one new error is not drowned by old warnings.
    """
    items = list(diagnostics)
    counts: dict[str, int] = {}
    for d in items:
        if d.severity is Severity.WARNING:
            counts[d.code] = counts.get(d.code, 0) + 1
    summed = {} if verbose else {code: n for code, n in counts.items() if n > GROUP_AT}
    lines = [d.format() for d in items if d.code not in summed or d.severity is Severity.ERROR]
    return lines + [_summary(code, n) for code, n in sorted(summed.items())]


def _summary(code: str, count: int) -> str:
    words = {
        "fact-stale": ngettext("{n} fact is due for a check", "{n} facts are due for a check", count),
        "text-overflow": ngettext("{n} text is too long for its box", "{n} texts are too long for their boxes",
                                  count),
        "quote-unsourced": ngettext("{n} quote has no source", "{n} quotes have no source", count),
    }.get(code) or ngettext("{n} warning of the kind '{code}'", "{n} warnings of the kind '{code}'", count)
    return _("{what} – `erfaring check --verbose` shows which").format(what=words.format(n=count, code=code))
