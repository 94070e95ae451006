"""Plan a deck: the ordered slides, with content, notes, timings and sources, for one audience.

Pure: no python-pptx, no jinja. Every renderer (deck, handout, manuscript) reads the
same `DeckPlan`, so slide numbers, titles and times agree across outputs. Slides the
audience may not see are dropped here, once, so no renderer can leak them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Union

from builder import cite, spoken
from builder.diagnostics import Location
from builder.library import Library
from builder.model import (
    Audience,
    BulletsSlide,
    Deck,
    DiscussionSlide,
    Fact,
    FactsSlide,
    ImageSlide,
    LinkSlide,
    Module,
    Output,
    Quote,
    QuoteSlide,
    SectionSlide,
    Source,
    TwoColumnSlide,
    WordsSlide,
)
from builder.resolve import asset_path, visible_to


@dataclass(frozen=True)
class Item:
    """One bullet point: text and level (0 top, 1 sub-point)."""

    text: str
    level: int = 0


@dataclass(frozen=True)
class TitleContent:
    """The title slide: `byline` is the one line under the subtitle (who, where, when); the parts it is
    made of are kept for renderers that set them apart."""

    subtitle: str | None
    byline: str
    presenter: str | None = None
    role: str | None = None
    institution: str | None = None


@dataclass(frozen=True)
class AgendaRow:
    start: str
    title: str
    minutes: int
    is_pause: bool = False


@dataclass(frozen=True)
class AgendaContent:
    rows: tuple[AgendaRow, ...]


@dataclass(frozen=True)
class SectionContent:
    subtitle: str | None


@dataclass(frozen=True)
class BulletsContent:
    items: tuple[Item, ...]


@dataclass(frozen=True)
class QuoteContent:
    quote: Quote
    source: Source | None
    attribution: str


@dataclass(frozen=True)
class WordsContent:
    words: tuple[str, ...]
    then: tuple[str, ...]


@dataclass(frozen=True)
class FactCard:
    fact: Fact
    source: Source | None
    dated: str  # «høsten 2018», or the date in Norwegian


@dataclass(frozen=True)
class FactsContent:
    cards: tuple[FactCard, ...]


@dataclass(frozen=True)
class ImageContent:
    path: str  # as spelled, relative to assets/
    file: str  # absolute path on disk
    alt: str | None
    decorative: bool
    caption: str | None


@dataclass(frozen=True)
class TwoColumnContent:
    left_heading: str | None
    left: tuple[Item, ...]
    right_heading: str | None
    right: tuple[Item, ...]


@dataclass(frozen=True)
class LinkContent:
    url: str
    text: str | None
    source: Source | None
    video: bool


@dataclass(frozen=True)
class DiscussionContent:
    questions: tuple[str, ...]


@dataclass(frozen=True)
class SourcesContent:
    references: tuple[tuple[cite.Run, ...], ...]


@dataclass(frozen=True)
class ClosingContent:
    """The closing slide: `lines` is everything it shows, in order (the deck's own lines, contact and where the
    handout is); the parts are kept for the QR code and for renderers that set them apart."""

    lines: tuple[str, ...]
    contact: str | None = None
    handout_url: str | None = None


Content = Union[
    TitleContent, AgendaContent, SectionContent, BulletsContent, QuoteContent, WordsContent, FactsContent,
    ImageContent, TwoColumnContent, LinkContent, DiscussionContent, SourcesContent, ClosingContent,
]


@dataclass(frozen=True)
class PlannedSlide:
    """One slide of the deck as every renderer sees it."""

    kind: str
    title: str
    content: Content
    origin: Location
    module: str | None = None
    start: float = 0.0  # minutes after the deck starts
    minutes: float = 0.0
    notes: str | None = None
    cues: str | None = None
    handout: str | None = None
    reveal: bool = False
    split: bool = False
    number: int = 0
    sizes: tuple[tuple[str, float], ...] = ()  # font size (pt) a role must shrink to, set by the fit stage
    continued: int = 0  # 0 for a slide as written; n for its n-th «(forts.)» slide
    source: tuple[str, int] | None = None  # (module id, index in the module's `slides`) for a module's slide
    lead: str | None = None  # the builder's words that open `notes` (a module's transition), not from the YAML


@dataclass(frozen=True)
class PlannedModule:
    """A module or pause in the programme, with its clock time."""

    title: str
    start: str
    minutes: int
    module: Module | None
    quotes: tuple[QuoteContent, ...] = ()
    facts: tuple[FactCard, ...] = ()
    questions: tuple[str, ...] = ()
    handout: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeckPlan:
    """Everything the renderers need for one deck, in order."""

    deck: Deck
    audience: Audience
    origin: Location
    slides: tuple[PlannedSlide, ...]
    programme: tuple[PlannedModule, ...]
    sources: tuple[Source, ...]
    planned_minutes: int
    byline: str = ""
    template: str = "erfaring-standard.pptx"
    warnings: tuple = field(default_factory=tuple)

    @property
    def session_minutes(self) -> int:
        """The whole session: the modules and the minutes of the slot kept after them for the closing."""
        return max(self.planned_minutes, self.deck.minutes)


def clock(start: str, offset_minutes: float) -> str:
    """Return the time of day `offset_minutes` after `start` ('HH:MM')."""
    hours, minutes = (int(x) for x in start.split(":"))
    base = dt.datetime(2000, 1, 1, hours, minutes) + dt.timedelta(minutes=round(offset_minutes))
    return base.strftime("%H:%M")


def whole_shares(minutes: float, count: int) -> list[float]:
    """Share `minutes` over `count` slides in whole minutes, the larger shares first.

    Why whole minutes: the manuscript shows a clock per slide, and 3⅓-minute slides give
    start and end times that do not add up on paper.
    """
    if count == 0:
        return []
    whole = int(minutes)
    base, extra = divmod(whole, count)
    shares = [float(base + (1 if n < extra else 0)) for n in range(count)]
    shares[-1] += minutes - whole  # keep any fraction the author wrote
    return shares


def items(bullets: list) -> tuple[Item, ...]:
    """Flatten YAML bullets (a nested list is sub-points of the point before it)."""
    out: list[Item] = []
    for entry in bullets:
        if isinstance(entry, list):
            out.extend(Item(text, 1) for text in entry)
        else:
            out.append(Item(entry, 0))
    return tuple(out)


class _Sources:
    def __init__(self, lib: Library) -> None:
        self.lib = lib
        self.used: dict[str, Source] = {}

    def use(self, source_id: str | None) -> Source | None:
        if not source_id:
            return None
        source = self.lib.sources.get(source_id)
        if source is not None:
            self.used.setdefault(source_id, source)
        return source


def plan_deck(lib: Library, deck_id: str) -> DeckPlan:
    """Plan the deck `deck_id` of a library whose references were already checked."""
    deck = lib.decks[deck_id]
    audience = lib.audiences[deck.audience]
    deck_origin = lib.origin("deck", deck_id)
    sources = _Sources(lib)
    byline = title_byline(deck)
    body: list[PlannedSlide] = []
    programme: list[PlannedModule] = []
    offset = 0.0
    framed = False  # the deck says once that its ageing figures show a past year
    for index, entry in enumerate(deck.modules):
        if entry.pause is not None:
            back = clock(deck.start, offset + entry.pause)
            title = entry.title or "Pause"
            programme.append(PlannedModule(title, clock(deck.start, offset), entry.pause, None))
            body.append(PlannedSlide(
                "section", f"{title} til kl. {back}", SectionContent(f"{entry.pause} minutter"),
                deck_origin.where("modules", index), start=offset, minutes=entry.pause,
                notes=spoken.pause(entry.pause, back),
            ))
            offset += entry.pause
            continue
        module = lib.modules[entry.module or ""]
        minutes = entry.minutes or module.minutes
        slides, planned = _module_slides(lib, module, audience.id, deck, sources, offset, minutes)
        if slides:
            after_pause = bool(programme) and programme[-1].module is None
            lead = [spoken.transition(module.title, not programme, after_pause)]
            cue = None
            ageing = None if framed else spoken.ageing([c.fact for c in planned.facts], deck.date, slides[0].notes)
            if ageing is not None:
                framed = True
                lead.extend(ageing[:1] if ageing[0] else [])
                cue = ageing[1]
            slides[0] = _lead_in(slides[0], " ".join(lead), cue)
        programme.append(planned)
        body.extend(slides)
        offset += minutes
    for src in deck_origin_sources(lib, deck):
        sources.use(src)
    used = tuple(sorted(sources.used.values(), key=cite.sort_key))
    parts = [spoken.Part(p.title, p.start, p.minutes, p.module is None) for p in programme]
    end = clock(deck.start, offset)
    title = PlannedSlide(
        "title", deck.title, TitleContent(deck.subtitle, byline, deck.presenter, deck.role, deck.institution),
        deck_origin.where("title"), notes=spoken.opening(deck, parts),
    )
    rows = [AgendaRow(p.start, p.title, p.minutes, p.module is None) for p in programme]
    # The time the slot has left after the modules goes to the closing slides (sources, help, questions),
    # so that the programme shows it and the closing does not start at the very end of the slot.
    reserve = max(deck.minutes - round(offset), 0)
    finish = clock(deck.start, offset + reserve)
    if reserve:
        rows.append(AgendaRow(end, CLOSING_ROW, reserve))
    rows.append(AgendaRow(finish, "Slutt", 0))
    agenda = PlannedSlide("agenda", "Program", AgendaContent(tuple(rows)), deck_origin.where("modules"),
                          notes=spoken.programme(parts, finish, reserve))
    closing_cfg = deck.closing
    handout = has_handout(deck)
    closing = PlannedSlide(
        "closing", closing_cfg.title if closing_cfg else "Takk for i dag", closing_content(deck, bool(used)),
        deck_origin.where("closing") if closing_cfg else deck_origin.where("title"), start=offset, minutes=reserve,
        notes=spoken.closing(deck, handout, bool(used)),
    )
    tail = []
    if used:
        tail.append(PlannedSlide("sources", "Kilder", SourcesContent(tuple(cite.reference(s) for s in used)),
                                 deck_origin.where("modules"), start=offset, notes=spoken.sources(handout)))
    if deck.help:
        # Its own slide: a closing slide has room for thanks, contact and the handout, not for a list of
        # phone numbers and addresses read from the back of the room.
        tail.append(PlannedSlide("bullets", HELP_TITLE, BulletsContent(tuple(Item(line) for line in deck.help)),
                                 deck_origin.where("help"), start=offset, notes=spoken.help_notes(handout)))
    tail.append(closing)
    ordered = [title, agenda, *body, *tail]
    numbered = tuple(replace(s, number=n) for n, s in enumerate(ordered, start=1))
    return DeckPlan(
        deck=deck,
        audience=audience,
        origin=deck_origin.where(),
        slides=numbered,
        programme=tuple(programme),
        sources=used,
        planned_minutes=round(offset),
        byline=byline,
        template=deck.template or "erfaring-standard.pptx",
    )


def title_byline(deck: Deck) -> str:
    """Return the line under the title: who presents (name, role, institution), where and when."""
    who = ", ".join(x for x in (deck.presenter, deck.role, deck.institution) if x)
    return " · ".join(x for x in (who, deck.place, cite.norwegian_date(deck.date)) if x)


HANDOUTS = (Output.HANDOUT_HTML, Output.HANDOUT_PDF, Output.HANDOUT_DOCX)


def has_handout(deck: Deck) -> bool:
    """Tell whether the deck builds a participant handout (every deck does unless `outputs` leaves it out)."""
    return deck.outputs is None or any(o in HANDOUTS for o in deck.outputs)


HELP_TITLE = "Her kan du få hjelp"
CLOSING_ROW = "Avslutning og spørsmål"  # the programme's row for the time left after the modules


def closing_content(deck: Deck, has_sources: bool = False) -> ClosingContent:
    """Return what the closing slide shows: the deck's own lines (or «Spørsmål?»), contact and the handout.

    Nothing is shown for a field the deck leaves out (no placeholders); the handout is named
    only when the deck builds one.
    """
    lines = list(deck.closing.lines) if deck.closing and deck.closing.lines else ["Spørsmål?"]
    if deck.contact:
        named = deck.presenter and deck.presenter.casefold() not in deck.contact.casefold()
        lines.append(f"Kontakt: {deck.presenter}, {deck.contact}" if named else f"Kontakt: {deck.contact}")
    if deck.handout_url:
        lines.append(f"Deltakerheftet: {deck.handout_url}")
    elif has_handout(deck):
        lines.append(f"Hovedpunktene{' og kildene' if has_sources else ''} finner du i deltakerheftet.")
    return ClosingContent(tuple(lines), deck.contact, deck.handout_url)


def _lead_in(slide: PlannedSlide, said: str, cue: str | None) -> PlannedSlide:
    """Put the words that lead into a module before the notes (and cues) of its first slide.

    The notes already starting with them (carried back from an edited deck) are left as they are.
    """
    notes = (slide.notes or "").strip()
    lead = None
    if not notes.startswith(said):
        notes = f"{said}\n\n{notes}" if notes else said
        lead = said
    cues = (slide.cues or "").strip()
    if cue and cue not in cues:
        cues = f"{cue}\n\n{cues}" if cues else cue
    return replace(slide, notes=notes, cues=cues or None, lead=lead)


def deck_origin_sources(lib: Library, deck: Deck) -> list[str]:
    """Return the module-level sources of the deck's modules, in order."""
    out: list[str] = []
    for entry in deck.modules:
        module = lib.modules.get(entry.module or "")
        if module:
            out.extend(module.sources)
    return out


def _module_slides(
    lib: Library, module: Module, audience: str, deck: Deck, sources: _Sources, offset: float, minutes: int
) -> tuple[list[PlannedSlide], PlannedModule]:
    origin = lib.origin("module", module.id)
    visible = [(i, s) for i, s in enumerate(module.slides) if visible_to(s.only, s.except_, audience)]
    fixed = sum(s.minutes or 0 for _, s in visible)
    flexible = [s for _, s in visible if s.minutes is None]
    shares = iter(whole_shares(max(minutes - fixed, 0), len(flexible)))
    out: list[PlannedSlide] = []
    quotes: list[QuoteContent] = []
    facts: list[FactCard] = []
    questions: list[str] = []
    prose: list[str] = []
    at = offset
    for index, slide in visible:
        for src in slide.sources:
            sources.use(src)
        content, title = _content(lib, slide, sources)
        if isinstance(content, QuoteContent):
            quotes.append(content)
        elif isinstance(content, FactsContent):
            facts.extend(content.cards)
        elif isinstance(content, DiscussionContent):
            questions.extend(content.questions)
        if slide.handout:
            prose.append(slide.handout.strip())
        length = slide.minutes if slide.minutes is not None else next(shares)
        reveal = slide.reveal if slide.reveal is not None else (
            isinstance(slide, WordsSlide) or (deck.reveal and isinstance(slide, (BulletsSlide, DiscussionSlide)))
        )
        split = (slide.split or deck.split) == "auto"
        kind = "link" if slide.kind == "video" else slide.kind
        out.append(PlannedSlide(
            kind, title, content, origin.where("slides", index), module=module.id, start=at, minutes=length,
            notes=slide.notes, cues=slide.cues, handout=slide.handout, reveal=reveal, split=split,
            source=(module.id, index),
        ))
        at += length
    planned = PlannedModule(
        module.title, clock(deck.start, offset), minutes, module, tuple(quotes), tuple(facts), tuple(questions),
        tuple(prose),
    )
    return out, planned


def _content(lib: Library, slide, sources: _Sources) -> tuple[Content, str]:
    if isinstance(slide, BulletsSlide):
        return BulletsContent(items(slide.bullets)), slide.title
    if isinstance(slide, QuoteSlide):
        quote = lib.quotes[slide.quote]
        source = sources.use(quote.source)
        title = slide.title or f"Sitat: {quote.by}"
        return QuoteContent(quote, source, cite.attribution(quote, source)), title
    if isinstance(slide, WordsSlide):
        return WordsContent(tuple(slide.words), tuple(slide.then)), slide.title
    if isinstance(slide, FactsSlide):
        cards = []
        for fact_id in slide.facts:
            fact = lib.facts[fact_id]
            cards.append(FactCard(fact, sources.use(fact.source), fact.as_of_text or cite.norwegian_date(fact.as_of)))
        return FactsContent(tuple(cards)), slide.title
    if isinstance(slide, ImageSlide):
        path = asset_path(lib.root, slide.image)
        return ImageContent(slide.image, str(path), slide.alt, slide.decorative, slide.caption), slide.title
    if isinstance(slide, TwoColumnSlide):
        return TwoColumnContent(
            slide.left.heading, items(slide.left.bullets), slide.right.heading, items(slide.right.bullets)
        ), slide.title
    if isinstance(slide, LinkSlide):
        return LinkContent(slide.url, slide.text, sources.use(slide.source), slide.kind == "video"), slide.title
    if isinstance(slide, DiscussionSlide):
        return DiscussionContent(tuple(slide.questions)), slide.title
    if isinstance(slide, SectionSlide):
        return SectionContent(slide.subtitle), slide.title
    raise AssertionError(f"unplanned slide kind {slide.kind}")  # pragma: no cover
