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


@dataclass(frozen=True)
class Built:
    """What a build wrote, and what it found on the way."""

    written: tuple[Path, ...]
    diagnostics: tuple[Diagnostic, ...]


def build(root: Path, deck_ids: list[str] | None = None, today: dt.date | None = None,
          out_dir: Path | None = None) -> Built:
    """Check the library, then render every requested deck; write only if all succeeded."""
    from builder.errors import DiagnosticsError
    from builder.fit import fit_plan
    from builder.render.pptx.deck import render_deck
    from builder.render.pptx.template import font_dir, load_template
    from builder.write import write_bytes

    checked = check(root, today)
    report = Report()
    report.extend(checked.diagnostics)
    wanted = deck_ids or sorted(checked.library.decks)
    unknown = [d for d in wanted if d not in checked.library.decks]
    if unknown:
        from builder.diagnostics import did_you_mean

        raise UserError(f"no deck with id '{unknown[0]}'", did_you_mean(unknown[0], checked.library.decks)
                        or "see `erfaring list decks`")
    if checked.errors:
        raise DiagnosticsError(Report(list(checked.diagnostics)).sorted())
    templates: dict[str | None, object] = {}
    rendered: list[tuple[Path, bytes]] = []
    for deck_id in wanted:
        plan = checked.plan(deck_id)
        name = plan.deck.template
        if name not in templates:
            template, problems = load_template(root, name)
            report.extend(problems)
            templates[name] = template
        template = templates[name]
        if template is None:
            continue
        fitted, problems = fit_plan(plan, template.geometry, font_dir(root, template.fonts.measure))
        report.extend(problems)
        rendered.append(((out_dir or root / "out") / deck_id / f"{deck_id}.pptx", render_deck(fitted, template)))
    if report.errors:
        raise DiagnosticsError(report.sorted())
    for path, blob in rendered:
        write_bytes(path, blob)
    return Built(tuple(p for p, _ in rendered), tuple(report.sorted()))
