"""Rules source-incomplete and quote-unsourced: what participants see in the reference list."""

from __future__ import annotations

from builder.diagnostics import Diagnostic, warning
from builder.i18n import ngettext, _
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
                ngettext("source '{source}' has no real title, and the reference list of deck {decks} shows "
                         "«{title}»",
                         "source '{source}' has no real title, and the reference lists of decks {decks} show "
                         "«{title}»", len(decks)).format(source=source_id, decks=_listed(decks), title=source.title),
                lib.origin("source", source_id).where("title"),
                _("fill in the title (and year) from the work itself"),
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
        warning("quote-unsourced",
                ngettext("quote '{quote}' has no source, so deck {decks} cannot cite it",
                         "quote '{quote}' has no source, so decks {decks} cannot cite it", len(decks)).format(
                    quote=quote_id, decks=_listed(decks)),
                lib.origin("quote", quote_id).where("id"), _("add 'source: <id>' and the work to quotes/sources.yaml"))
        for quote_id, decks in sorted(shown.items())
    ]


def _listed(ids: list[str]) -> str:
    """Return ids as the user wrote them, each in '…': 'a', 'b'."""
    return ", ".join(f"'{i}'" for i in ids)
