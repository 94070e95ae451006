"""Rules source-incomplete and quote-unsourced: what participants see in the reference list."""

from __future__ import annotations

from builder.diagnostics import Diagnostic, warning
from builder.library import Library
from builder.plan import DeckPlan, QuoteContent


def incomplete_sources(lib: Library, plans: list[DeckPlan]) -> list[Diagnostic]:
    """Warn about a source shown to an audience whose title is only a bracketed description."""
    shown: dict[str, list[str]] = {}
    for plan in plans:
        for source in plan.sources:
            shown.setdefault(source.id, []).append(plan.deck.id)
    out = []
    for source_id, decks in sorted(shown.items()):
        source = lib.sources[source_id]
        if source.title.strip().startswith("["):
            out.append(warning(
                "source-incomplete",
                f"source '{source_id}' has no real title, and the reference list of {', '.join(decks)} "
                f"shows «{source.title}»",
                lib.origin("source", source_id).where("title"),
                "fill in the title (and year) from the work itself",
            ))
    return out


def unsourced_quotes(lib: Library, plans: list[DeckPlan]) -> list[Diagnostic]:
    """Warn about a quote shown in a deck without a source to cite."""
    shown: dict[str, list[str]] = {}
    for plan in plans:
        for slide in plan.slides:
            if isinstance(slide.content, QuoteContent) and slide.content.source is None:
                decks = shown.setdefault(slide.content.quote.id, [])
                if plan.deck.id not in decks:
                    decks.append(plan.deck.id)
    return [
        warning("quote-unsourced", f"quote '{quote_id}' has no source, so {', '.join(decks)} cannot cite it",
                lib.origin("quote", quote_id).where("id"), "add 'source: <id>' and the work to quotes/sources.yaml")
        for quote_id, decks in sorted(shown.items())
    ]
