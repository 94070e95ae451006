"""Rule fact-stale: facts past their review date, or older than the configured age."""

from __future__ import annotations

import datetime as dt

from builder.diagnostics import Diagnostic, warning
from builder.library import Library
from builder.plan import DeckPlan, FactsContent


def decks_showing(plans: list[DeckPlan]) -> dict[str, list[str]]:
    """Map each fact id to the ids of the decks whose slides show it."""
    shown: dict[str, list[str]] = {}
    for plan in plans:
        for slide in plan.slides:
            if isinstance(slide.content, FactsContent):
                for card in slide.content.cards:
                    decks = shown.setdefault(card.fact.id, [])
                    if plan.deck.id not in decks:
                        decks.append(plan.deck.id)
    return shown


def stale_facts(lib: Library, plans: list[DeckPlan], today: dt.date, max_age_years: int) -> list[Diagnostic]:
    """Warn about each fact past `review_after` or older than `max_age_years`, naming its decks."""
    shown = decks_showing(plans)
    out = []
    for fact_id, fact in lib.facts.items():
        origin = lib.origin("fact", fact_id)
        try:
            too_old = fact.as_of.replace(year=fact.as_of.year + max_age_years)
        except ValueError:  # 29 February
            too_old = fact.as_of.replace(year=fact.as_of.year + max_age_years, day=28)
        if fact.review_after and fact.review_after < today:
            reason = f"was due for review on {fact.review_after.isoformat()}"
            where = origin.where("review_after")
        elif too_old < today:
            reason = f"is from {fact.as_of.isoformat()}, more than {max_age_years} years ago"
            where = origin.where("as_of")
        else:
            continue
        decks = shown.get(fact_id, [])
        used = f"; shown in {', '.join(decks)}" if decks else "; no deck shows it"
        out.append(warning("fact-stale", f"fact '{fact_id}' {reason}{used}", where,
                           "check the figure against its source and update 'as_of' and 'review_after'"))
    return out
