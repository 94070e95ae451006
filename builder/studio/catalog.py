"""What the studio's library page shows: every module, quote, fact, source and deck as plain values.

Built from the same `pipeline.check()` result as `erfaring check`, so the problems listed beside
an item are the CLI's diagnostics, word for word, attached to the item whose lines they point at.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from builder.diagnostics import Diagnostic
from builder.pipeline import Checked

KINDS = ("module", "deck", "quote", "fact", "source")


@dataclass(frozen=True)
class Entry:
    """One item of the library as the studio lists it."""

    kind: str
    id: str
    title: str
    text: str  # summary, the quote itself, what a fact means …
    details: tuple[tuple[str, str], ...]  # (label, value) pairs shown under the text
    used_by: tuple[str, ...]  # ids of the decks that show it
    problems: tuple[Diagnostic, ...]
    path: str
    line: int

    @property
    def words(self) -> str:
        """All the text a search looks in."""
        values = " ".join(v for _label, v in self.details)
        return " ".join((self.id, self.title, self.text, values))


@dataclass(frozen=True)
class Catalog:
    """The library's items by kind, in the order the page shows them, and the problems of no item."""

    entries: tuple[Entry, ...]
    loose: tuple[Diagnostic, ...]  # problems in files that define no listed item

    def of_kind(self, kind: str) -> list[Entry]:
        """Return the entries of one kind."""
        return [e for e in self.entries if e.kind == kind]

    def find(self, kind: str, item_id: str) -> Entry | None:
        """Return the entry of `kind` with `item_id`, or None."""
        return next((e for e in self.entries if e.kind == kind and e.id == item_id), None)


def catalog(checked: Checked) -> Catalog:
    """Turn a checked library into the studio's list of entries, each with its own problems."""
    lib = checked.library
    decks_of = _decks_using(checked)
    starts: dict[str, list[tuple[int, str, str]]] = {}
    for kind in KINDS:
        for item_id in lib.of_kind(kind):
            where = lib.origin(kind, item_id).where()
            starts.setdefault(where.path, []).append((where.line, kind, item_id))
    for rows in starts.values():
        rows.sort()
    owned: dict[tuple[str, str], list[Diagnostic]] = {}
    loose = []
    for diagnostic in checked.diagnostics:
        owner = _owner(starts.get(diagnostic.location.path, []), diagnostic.location.line)
        if owner is None:
            loose.append(diagnostic)
        else:
            owned.setdefault(owner, []).append(diagnostic)
    entries = []
    for kind in KINDS:
        for item_id, item in sorted(lib.of_kind(kind).items()):
            where = lib.origin(kind, item_id).where()
            title, text, details = _describe(kind, item, lib)
            entries.append(Entry(kind, item_id, title, text, tuple(details),
                                 tuple(sorted(decks_of.get((kind, item_id), ()))),
                                 tuple(owned.get((kind, item_id), ())), where.path, where.line))
    return Catalog(tuple(entries), tuple(loose))


def _owner(rows: list[tuple[int, str, str]], line: int) -> tuple[str, str] | None:
    """The item whose lines hold `line`: the last one starting at or before it (the first, above it)."""
    if not rows:
        return None
    index = bisect_right([r[0] for r in rows], line) - 1
    _line, kind, item_id = rows[max(index, 0)]
    return kind, item_id


def _decks_using(checked: Checked) -> dict[tuple[str, str], set[str]]:
    """Which decks show each module, quote, fact and source (through their plans, audience rules applied)."""
    lib = checked.library
    found: dict[tuple[str, str], set[str]] = {}
    for deck_id, deck in lib.decks.items():
        found.setdefault(("deck", deck_id), set()).add(deck_id)
        for item in deck.modules:
            if item.module:
                found.setdefault(("module", item.module), set()).add(deck_id)
    for plan in checked.plans:
        for kind, item_id in _shown_in(plan):
            found.setdefault((kind, item_id), set()).add(plan.deck.id)
    return found


def _shown_in(plan) -> set[tuple[str, str]]:
    """The quotes, facts and sources a deck's plan shows."""
    shown: set[tuple[str, str]] = set()
    for slide in plan.slides:
        content = slide.content
        quote = getattr(content, "quote", None)
        if quote is not None:
            shown.add(("quote", quote.id))
        for card in getattr(content, "cards", ()) or ():
            shown.add(("fact", card.fact.id))
    for source in plan.sources:
        shown.add(("source", source.id))
    return shown


def _describe(kind: str, item, lib) -> tuple[str, str, list[tuple[str, str]]]:
    """Title, main text and labelled details of one item, in the words the page uses."""
    if kind == "module":
        details = [("Minutter", str(item.minutes)), ("Samtykke", _consent(item.consent)),
                   ("Lysbilder", str(len(item.slides)))]
        if item.tags:
            details.append(("Stikkord", ", ".join(item.tags)))
        return item.title, item.summary, details
    if kind == "deck":
        audience = lib.audiences.get(item.audience)
        details = [("Målgruppe", audience.name if audience else item.audience),
                   ("Dato", item.date.strftime("%d.%m.%Y")), ("Start", item.start),
                   ("Minutter", str(item.minutes)),
                   ("Moduler", str(sum(1 for m in item.modules if m.module)))]
        return item.title, item.subtitle or "", details
    if kind == "quote":
        by = item.by + (f", {item.role}" if item.role else "")
        details = [("Sagt av", by), ("Samtykke", _consent(item.consent))]
        if item.source:
            details.append(("Kilde", item.source))
        if item.tags:
            details.append(("Stikkord", ", ".join(item.tags)))
        return f"«{_short(item.text)}»", item.text, details
    if kind == "fact":
        details = [("Gjaldt", item.as_of_text or item.as_of.strftime("%d.%m.%Y")), ("Kilde", item.source)]
        if item.review_after:
            details.append(("Sjekkes etter", item.review_after.strftime("%d.%m.%Y")))
        return item.value, item.text, details
    details = [("Type", item.type)]
    if item.authors:
        details.append(("Forfattere", "; ".join(item.authors)))
    if item.year:
        details.append(("År", str(item.year)))
    if item.publisher:
        details.append(("Forlag", item.publisher))
    if item.url:
        details.append(("Adresse", item.url))
    return item.title, item.note or "", details


def _consent(consent) -> str:
    """Consent as the YAML spells it; missing means internal (see model.Module.consent)."""
    return consent.value if consent is not None else "internal"


def _short(text: str, limit: int = 70) -> str:
    """A quote cut at a word boundary for a heading."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"
