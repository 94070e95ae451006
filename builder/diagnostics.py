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

from builder.i18n import _


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
