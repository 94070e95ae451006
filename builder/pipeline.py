"""The readable list of steps: load → resolve → plan → lint → (render → write).

Gathers every problem before anything is written: a library with errors builds nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from builder.diagnostics import Diagnostic, Report
from builder.errors import UserError
from builder.library import Library, load_library
from builder.lint import lint
from builder.plan import DeckPlan, plan_deck
from builder.resolve import check_consent, check_references, uses

DEFAULT_FACT_AGE_YEARS = 5


@dataclass(frozen=True)
class Checked:
    """A loaded library, the plans of its decks, and every diagnostic found."""

    library: Library
    plans: tuple[DeckPlan, ...]
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> list[Diagnostic]:
        """The diagnostics that stop a build."""
        return [d for d in self.diagnostics if d.severity.value == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The diagnostics that fail only with --strict."""
        return [d for d in self.diagnostics if d.severity.value == "warning"]

    def plan(self, deck_id: str) -> DeckPlan:
        """Return the plan of one deck."""
        for plan in self.plans:
            if plan.deck.id == deck_id:
                return plan
        raise KeyError(deck_id)


def find_root(start: Path) -> Path:
    """Return the library root: the nearest folder at or above `start` with slides/ in it."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "slides").is_dir():
            return folder
    raise UserError(
        f"no content library found in {start} or above it",
        "run the command inside the repository (the folder that has slides/ and quotes/)",
    )


def check(root: Path, today: dt.date | None = None, max_fact_age_years: int = DEFAULT_FACT_AGE_YEARS) -> Checked:
    """Load, resolve, plan and lint the library at `root`; never raises for user mistakes."""
    today = today or dt.date.today()
    report = Report()
    lib, problems = load_library(root)
    report.extend(problems)
    report.extend(check_references(lib))
    report.extend(check_consent(lib))
    plans = [plan_deck(lib, deck_id) for deck_id in sorted(lib.decks) if _plannable(lib, deck_id)]
    report.extend(lint(lib, plans, today, max_fact_age_years))
    return Checked(lib, tuple(plans), tuple(report.sorted()))


def _plannable(lib: Library, deck_id: str) -> bool:
    """Tell whether every id the deck depends on resolves, so planning cannot fail."""
    deck = lib.decks[deck_id]
    if deck.audience not in lib.audiences:
        return False
    needed = {("deck", deck_id)} | {("module", m.module) for m in deck.modules if m.module}
    for use in uses(lib):
        if use.user in needed and use.target[0] in ("module", "quote", "fact", "audience"):
            if use.target[1] not in lib.of_kind(use.target[0]):
                return False
    return True
