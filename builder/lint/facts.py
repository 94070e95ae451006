"""Rule fact-stale: facts past their review date, or older than the configured age."""

from __future__ import annotations

import datetime as dt

from builder.diagnostics import Diagnostic, warning
from builder.i18n import _, ngettext
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
            problem = _("fact '{fact}' was due for review on {date}").format(
                fact=fact_id, date=fact.review_after.isoformat())
            where = origin.where("review_after")
        elif too_old < today:
            problem = ngettext("fact '{fact}' is from {date}, more than {years} year ago",
                               "fact '{fact}' is from {date}, more than {years} years ago", max_age_years).format(
                fact=fact_id, date=fact.as_of.isoformat(), years=max_age_years)
            where = origin.where("as_of")
        else:
            continue
        decks = shown.get(fact_id, [])
        used = ngettext("shown in deck {decks}", "shown in decks {decks}", len(decks)).format(
            decks=", ".join(f"'{d}'" for d in decks)) if decks else _("no deck shows it")
        out.append(warning("fact-stale", _("{problem}; {shown}").format(problem=problem, shown=used), where,
                           _("check the figure against its source and update 'as_of' and 'review_after'")))
    return out
