"""The speaker manuscript: slide by slide, with a running clock, notes and private cues.

For the presenter at the lectern (A4 landscape, 12.5 pt): each slide's number, title and
planned start time (deck start + the slide's offset), its minutes and how far into the
session it is, a small picture of the slide when one is given (else its text, from
`fit.slide_texts`, the same paragraphs the deck shows), the speaker notes, and the private
cues, visibly marked. Slides are grouped under their module (or pause) with its clock
times, so the presenter sees at a glance whether they are on time.

This is the only output that shows `cues`. Proper names in notes and cues are never
hyphenated (the handout's rule, `render/names.py`).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Mapping

from builder.fit import slide_texts
from builder.plan import DeckPlan, PlannedModule, PlannedSlide, QuoteContent, clock
from builder.render import names as proper_names
from builder.render.handout import GENERATOR, deck_facts, environment, paragraphs, stylesheet


@dataclass(frozen=True)
class Line:
    text: str
    level: int = 0


@dataclass(frozen=True)
class Block:
    """The paragraphs of one role of a slide (body, quote, left column …)."""

    role: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class SlideView:
    number: int
    title: str
    kind: str
    time: str
    end: str
    minutes: str
    elapsed: int
    progress: float  # 0–100, share of the session passed when the slide starts
    image: str | None  # data: URI
    blocks: tuple[Block, ...]
    notes: tuple[str, ...]
    cues: tuple[str, ...]
    continued: bool = False  # a «(forts.)» slide: the rest of the slide before it
    timed: bool = True  # False for slides with no time of their own (title, programme, sources, closing)

    @property
    def span(self) -> str:
        """Return '10:29–10:35' for a slide with time of its own, else ''."""
        return f"{self.time}–{self.end}" if self.timed else ""


@dataclass(frozen=True)
class GroupView:
    """A module, a pause, the opening or the closing, with the slides in it."""

    title: str
    label: str
    start: str
    end: str
    minutes: int
    is_pause: bool
    slides: tuple[SlideView, ...]

    @property
    def span(self) -> str:
        """Return 'lysbilde 3–7' for the programme table."""
        if not self.slides:
            return ""
        first, last = self.slides[0].number, self.slides[-1].number
        return f"lysbilde {first}" if first == last else f"lysbilde {first}–{last}"


@dataclass(frozen=True)
class ManuscriptView:
    title: str
    subtitle: str | None
    date: str
    date_iso: str
    start: str
    end: str
    planned_minutes: int
    slot_minutes: int
    session_minutes: int  # the modules and the minutes kept after them (DeckPlan.session_minutes)
    audience: str
    presenter: str | None
    place: str | None
    slide_count: int
    groups: tuple[GroupView, ...]
    language: str = "nb"
    names: frozenset[str] = frozenset()  # proper names, never hyphenated (see render/names.py)

    @property
    def document_title(self) -> str:
        """Return the title of the document (PDF metadata, window title)."""
        return f"{self.title} – manus"


def minutes_text(minutes: float) -> str:
    """Return minutes for a presenter: '3 min', '2½ min' (nearest half), '–' for none."""
    if minutes <= 0:
        return "–"
    halves = max(1, round(minutes * 2))
    whole, half = divmod(halves, 2)
    if not half:
        return f"{whole} min"
    return f"{whole}½ min" if whole else "½ min"


def data_uri(picture: bytes) -> str:
    """Return `picture` (PNG, else JPEG) as a data: URI."""
    mime = "image/png" if picture[:8] == b"\x89PNG\r\n\x1a\n" else "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(picture).decode('ascii')}"


def _blocks(slide: PlannedSlide) -> tuple[Block, ...]:
    out = []
    for role, items in slide_texts(slide).items():
        if role == "title" or not items:
            continue
        out.append(Block(role, tuple(Line(i.text.replace("\t", "  "), i.level) for i in items)))
    return tuple(out)


def _slide_view(plan: DeckPlan, slide: PlannedSlide, thumbnails: Mapping[int, bytes]) -> SlideView:
    total = max(plan.session_minutes, 1)
    picture = thumbnails.get(slide.number)
    return SlideView(
        number=slide.number,
        title=slide.title,
        kind=slide.kind,
        time=clock(plan.deck.start, slide.start),
        end=clock(plan.deck.start, slide.start + slide.minutes),
        minutes=minutes_text(slide.minutes),
        elapsed=round(slide.start),
        progress=round(min(max(slide.start / total, 0.0), 1.0) * 100, 1),
        image=data_uri(picture) if picture else None,
        blocks=_blocks(slide),
        notes=tuple(paragraphs(slide.notes)),
        cues=tuple(paragraphs(slide.cues)),
        continued=slide.continued > 0,
        timed=slide.minutes > 0,
    )


def _offsets(programme: tuple[PlannedModule, ...]) -> list[tuple[float, PlannedModule]]:
    """Return each programme entry with its offset in minutes from the deck start."""
    out, at = [], 0.0
    for entry in programme:
        out.append((at, entry))
        at += entry.minutes
    return out


def manuscript_view(plan: DeckPlan, thumbnails: Mapping[int, bytes] | None = None) -> ManuscriptView:
    """Return the slides of `plan` grouped by module, with clock times, notes and cues."""
    thumbnails = thumbnails or {}
    deck = plan.deck
    entries = _offsets(plan.programme)
    groups: list[tuple[str, str, str, str, int, bool, list[SlideView]]] = []
    current: object = None
    started = False
    for slide in plan.slides:
        index = _entry_for(entries, slide)
        if index is not None:
            key: object = index
            started = True
        else:
            key = "closing" if started else "opening"
        if key != current:
            current = key
            if key == "opening":
                groups.append(("Åpning", "", deck.start, deck.start, 0, False, []))
            elif key == "closing":
                end = clock(deck.start, plan.planned_minutes)
                groups.append(("Avslutning", "", end, clock(deck.start, plan.session_minutes),
                               plan.session_minutes - plan.planned_minutes, False, []))
            else:
                _, entry = entries[index]
                label = "Pause" if entry.module is None else f"Modul {_module_number(entries, index)}"
                groups.append((entry.title, label, entry.start, clock(entry.start, entry.minutes), entry.minutes,
                               entry.module is None, []))
        groups[-1][6].append(_slide_view(plan, slide, thumbnails))
    views = tuple(GroupView(t, lb, s, e, m, p, tuple(sl)) for t, lb, s, e, m, p, sl in groups)
    texts = [t for g in views for s in g.slides
             for t in (s.title, *s.notes, *s.cues, *(line.text for block in s.blocks for line in block.lines))]
    people = [deck.presenter or "", *(s.content.quote.by for s in plan.slides if isinstance(s.content, QuoteContent))]
    return ManuscriptView(
        **deck_facts(plan),
        planned_minutes=plan.planned_minutes,
        slot_minutes=deck.minutes,
        session_minutes=plan.session_minutes,
        slide_count=len(plan.slides),
        groups=views,
        names=proper_names.names_in(texts, people),
    )


def _module_number(entries: list[tuple[float, PlannedModule]], index: int) -> int:
    return sum(1 for _, e in entries[: index + 1] if e.module is not None)


def _entry_for(entries: list[tuple[float, PlannedModule]], slide: PlannedSlide) -> int | None:
    """Return the index of the programme entry `slide` belongs to: its module, or the pause it shows.

    A module may appear twice in a deck; the slide's time tells which appearance it is.
    """
    candidates = []
    for index, (offset, entry) in enumerate(entries):
        if slide.module is not None and entry.module is not None and entry.module.id == slide.module:
            candidates.append((index, offset, entry))
        elif slide.module is None and slide.kind == "section" and entry.module is None:
            candidates.append((index, offset, entry))
    for index, offset, entry in candidates:
        if offset - 1e-6 <= slide.start < offset + entry.minutes - 1e-6:
            return index
    if slide.module is not None and candidates:
        return candidates[0][0]
    return None


def manuscript_html(plan: DeckPlan, thumbnails: Mapping[int, bytes] | None = None) -> str:
    """Render the speaker manuscript of `plan` as one self-contained HTML page (A4 landscape)."""
    view = manuscript_view(plan, thumbnails)
    template = environment().get_template("manuscript.html.j2")
    return template.render(view=view, css=stylesheet(), generator=GENERATOR)
