"""What a group of facts says once for all of them, and what each fact says for itself.

One rule for the slide's fact cards and the handout's facts table: a date or a source
that every fact of the group shares (two facts or more) is printed once, under the row
of cards or under the table, and each fact keeps only what sets it apart. Nine cards
saying «høsten 2018 · Kilde: Erfaringskommunen Bergen» become three rows of cards with
one line under each row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from builder.plan import FactCard


def shared(values: Iterable[str | None]) -> str | None:
    """Return the value two or more facts all share, or None (one fact, a fact without it, or two values)."""
    values = list(values)
    found = set(values)
    if len(values) < 2 or len(found) != 1:
        return None
    return found.pop()


def _shown_date(card: FactCard) -> str | None:
    """Return the date a card shows, or None when its number or its source's name already says when."""
    source = card.source.title if card.source else None
    if card.dated == card.fact.value:
        return None
    if source and card.dated.casefold() in source.casefold():
        return None  # the source's name already says when
    return card.dated


def card_lines(cards: Sequence[FactCard], title: str = "") -> tuple[tuple[str, ...], str]:
    """Return each card's line under its text (when and from where; "" for none), and the line the cards share.

    The shared line holds what every card would otherwise repeat: «høsten 2018 · Kilde:
    Erfaringskommunen Bergen»; a card keeps only a date or a source of its own. A shared
    date the slide's `title` already gives («Tall fra høsten 2018») is not repeated.
    """
    sources = [card.source.title if card.source else None for card in cards]
    dates = [_shown_date(card) for card in cards]
    common_source = shared(sources)
    shown = [d for d in dates if d is not None]
    common_date = shown[0] if len(shown) >= 2 and len(set(shown)) == 1 else None
    lines = []
    for date, source in zip(dates, sources):
        parts = [date if date != common_date else None, f"Kilde: {source}" if source and source != common_source
                 else None]
        lines.append(" · ".join(p for p in parts if p))
    said = " ".join(title.split()).casefold()
    shown_date = common_date if common_date and " ".join(common_date.split()).casefold() not in said else None
    note = " · ".join(p for p in (shown_date, f"Kilde: {common_source}" if common_source else None) if p)
    return tuple(lines), note
