"""Plan-level checks, each a rule with a stable code; `lint` runs them all."""

from __future__ import annotations

import datetime as dt

from builder.diagnostics import Diagnostic
from builder.library import Library
from builder.lint import accessibility, facts, links, sources, timing, writing
from builder.plan import DeckPlan


def lint(lib: Library, plans: list[DeckPlan], today: dt.date, max_fact_age_years: int) -> list[Diagnostic]:
    """Run every rule over the library and its deck plans."""
    out: list[Diagnostic] = []
    out.extend(facts.stale_facts(lib, plans, today, max_fact_age_years))
    out.extend(timing.time_budget(lib, plans))
    out.extend(accessibility.image_alt_text(lib))
    out.extend(accessibility.unique_titles(plans))
    out.extend(sources.incomplete_sources(lib, plans))
    out.extend(sources.unsourced_quotes(lib, plans))
    out.extend(links.search_urls(lib))
    out.extend(writing.writing_slips(lib, plans))
    return out
