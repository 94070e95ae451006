"""The error types: one base for user mistakes, the rest are bugs.

Why: the CLI catches exactly `UserError` and turns it into plain lines and exit 1;
anything else is a bug in the tool: a plain line, a log file, and its traceback only with --debug.
"""

from __future__ import annotations

from builder.diagnostics import Diagnostic


class UserError(Exception):
    """A mistake the user can fix: shown as plain text, never as a traceback."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __reduce__(self):
        # Keep the hint when the error crosses a process boundary (parallel builds).
        return (UserError, (self.message, self.hint))


class DiagnosticsError(UserError):
    """The material has problems; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} problem(s) found")
        self.diagnostics = diagnostics

    @property
    def errors(self) -> list[Diagnostic]:
        """The diagnostics among them that are errors (the rest are warnings)."""
        return [d for d in self.diagnostics if d.severity.value == "error"]

    def __reduce__(self):
        return (DiagnosticsError, (self.diagnostics,))


class OutputError(UserError):
    """An output file could not be written (open in PowerPoint, read-only folder, disk full)."""

    def __reduce__(self):
        return (OutputError, (self.message, self.hint))
