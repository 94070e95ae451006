"""Compare a deck edited in PowerPoint with the plan it was built from: what changed, and where it came from.

Each slide of the edited file is first mapped to a planned slide: by the name the builder
wrote on it (`builder.render.pptx.deck.stable_id`), then by its title, then by its place
between slides already mapped. Each paragraph is then mapped to the value it was made
from, by equal text first, then by its neighbours in the same box, then by likeness, so
the mapping works whether or not the file still knows which placeholder held what (a
LibreOffice round trip forgets it). A change that can be carried back names the YAML
file, line and column, and the key path of the value inside the file.

Privacy by construction: only slides of the plan (which the audience saw) are compared,
every key points at the very value the slide showed, and nothing ever points into
`cues` or `handout`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import Enum
from typing import Any, Mapping

from builder.diagnostics import Location
from builder.fit import SPLITTABLE, slide_texts
from builder.i18n import _
from builder.library import Library
from builder.load import Key, value_at
from builder.model import Consent
from builder.plan import (
    ClosingContent,
    DeckPlan,
    DiscussionContent,
    FactsContent,
    ImageContent,
    LinkContent,
    PlannedSlide,
    QuoteContent,
    SectionContent,
    TwoColumnContent,
    WordsContent,
)
from builder.read.pptx import ReadDeck, ReadParagraph, ReadSlide
from builder.render.pptx.deck import stable_id

GENERATED_KINDS = ("title", "agenda", "sources", "closing")
_PRIVATE = ("cues", "handout")
_ALIKE = 0.5  # how alike two paragraphs must be (difflib ratio) to count as one edited paragraph


class What(str, Enum):
    """What kind of thing changed."""

    TITLE = "title"
    BULLET = "bullet"
    NOTES = "notes"
    QUOTE = "quote"
    QUESTION = "question"
    FACT_CAPTION = "fact caption"
    TEXT = "text"
    SLIDE_ADDED = "slide added"
    SLIDE_REMOVED = "slide removed"
    PICTURE = "picture"
    LAYOUT = "layout"


@dataclass(frozen=True)
class Change:
    """One difference between the edited deck and the plan it was built from.

    `slide` is the slide's number in the built deck (for an added slide: its place in the
    edited file, see `edited`). `location` and `key` say where the value came from: the
    file (relative to the library root), line and column, and the key path inside that
    file. `carry` tells whether `erfaring changes --apply` may write `new` there; if not,
    `why_not` says why in the user's language. `shared_with` lists the other decks that
    show the same quote.
    """

    slide: int
    what: What
    old: str | None
    new: str | None
    location: Location | None
    key: Key | None
    carry: bool
    why_not: str | None = None
    shared_with: tuple[str, ...] = ()
    edited: int | None = None  # the slide's place in the edited file; None for a removed slide


@dataclass(frozen=True)
class _Target:
    """Where a shown paragraph came from, and whether an edit of it can go back there."""

    what: What
    value: str | None  # the value as written in the YAML (None when the builder made the text)
    location: Location | None = None
    key: Key | None = None
    why_not: str | None = None
    shared_with: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Shown:
    text: str
    level: int
    role: str
    target: _Target


def compare(lib: Library, plan: DeckPlan, read: ReadDeck, *, shared_quotes: bool = False,
            layouts: Mapping[str, str] | None = None) -> list[Change]:
    """Return what differs between the edited deck `read` and `plan`, the fitted plan it was built from.

    `shared_quotes` lets a change to a quote that other decks show too be carried back
    (the command's ``--quote``); `layouts` (slide kind → layout name of the template)
    turns on the check for slides moved to another layout.
    """
    pairs, added, removed = match_slides(plan, read)
    offsets = _offsets(plan)
    changes: list[Change] = []
    for planned, edited in pairs:
        changes += _slide_changes(lib, plan, planned, edited, offsets.get(planned.number, 0), shared_quotes, layouts)
    for planned in removed:
        changes.append(Change(planned.number, What.SLIDE_REMOVED, planned.title, None, planned.origin, None, False,
                              _("a removed slide cannot be carried back; delete it in the file, or give it "
                                "'except:' for this audience")))
    for edited in added:
        changes.append(Change(_place_of(edited, pairs), What.SLIDE_ADDED, None, edited.title, None, None, False,
                              _("a new slide cannot be carried back; write it in a module file"),
                              edited=edited.number))
    return sorted(changes, key=lambda c: (c.slide, c.edited or 0, _ORDER.index(c.what)))


_ORDER = [What.SLIDE_REMOVED, What.SLIDE_ADDED, What.LAYOUT, What.TITLE, What.QUOTE, What.BULLET, What.QUESTION,
          What.FACT_CAPTION, What.TEXT, What.PICTURE, What.NOTES]


# --- slides -------------------------------------------------------------------------------


def match_slides(plan: DeckPlan, read: ReadDeck) -> tuple[
        list[tuple[PlannedSlide, ReadSlide]], list[ReadSlide], list[PlannedSlide]]:
    """Map the slides of the edited deck to planned slides: (pairs in edited order, added, removed)."""
    planned = list(plan.slides)
    by_id = {stable_id(s): s for s in planned}
    by_place = {}
    for s in planned:  # the id without its number: still right when slides before it came or went
        by_place.setdefault(_without_number(stable_id(s)), []).append(s)
    taken: dict[int, PlannedSlide] = {}  # edited slide number → planned slide
    used: set[int] = set()

    def take(edited: ReadSlide, slide: PlannedSlide) -> None:
        taken[edited.number] = slide
        used.add(slide.number)

    for edited in read.slides:
        if edited.stable_id is None:
            continue
        slide = by_id.get(edited.stable_id)
        if slide is None:
            same = [s for s in by_place.get(_without_number(edited.stable_id), []) if s.number not in used]
            slide = same[0] if len(same) == 1 else None
        if slide is not None and slide.number not in used:
            take(edited, slide)
    for edited in read.slides:  # then by title, in order
        if edited.number in taken or not edited.title:
            continue
        slide = next((s for s in planned if s.number not in used and _same(s.title, edited.title)), None)
        if slide is not None:
            take(edited, slide)
    for edited in read.slides:  # then by place between slides already mapped
        if edited.number in taken:
            continue
        before = max((taken[n].number for n in taken if n < edited.number), default=0)
        after = min((taken[n].number for n in taken if n > edited.number), default=len(planned) + 1)
        slide = next((s for s in planned if before < s.number < after and s.number not in used
                      and _same_shape(s, edited)), None)
        if slide is not None:
            take(edited, slide)
    for edited in read.slides:  # last, a slide moved elsewhere whose title changed: by its texts alone
        if edited.number in taken:
            continue
        slide = next((s for s in planned if s.number not in used and _same_texts(s, edited)), None)
        if slide is not None:
            take(edited, slide)
    pairs = [(taken[e.number], e) for e in read.slides if e.number in taken]
    added = [e for e in read.slides if e.number not in taken]
    removed = [s for s in planned if s.number not in used]
    return pairs, added, removed


def _without_number(slide_id: str) -> str:
    parts = slide_id.split(":")
    return ":".join(parts[:1] + parts[2:])


def _same_shape(slide: PlannedSlide, edited: ReadSlide) -> bool:
    """Tell whether an edited slide in the place of `slide` may be it: its texts or its title mostly agree."""
    shown = _shown_texts(slide)
    if not shown and not edited.paragraphs:
        return True
    return _same_texts(slide, edited) or _alike(slide.title, edited.title or "")


def _same_texts(slide: PlannedSlide, edited: ReadSlide) -> bool:
    """Tell whether at least half of the slide's texts (and one at least) are still on the edited slide."""
    shown = _shown_texts(slide)
    kept = sum(1 for p in edited.paragraphs if any(_same(p.text, s) for s in shown))
    return kept > 0 and kept * 2 >= max(len(shown), len(edited.paragraphs))


def _shown_texts(slide: PlannedSlide) -> list[str]:
    return [i.text for role, items in slide_texts(slide).items() if role != "title" for i in items]


def _place_of(edited: ReadSlide, pairs: list[tuple[PlannedSlide, ReadSlide]]) -> int:
    """Number an added slide after the built slide it follows in the edited file."""
    before = [p.number for p, e in pairs if e.number < edited.number]
    return before[-1] if before else 0


def _offsets(plan: DeckPlan) -> dict[int, int]:
    """Return, for each «(forts.)» slide, how many items of its list the slides before it show."""
    out: dict[int, int] = {}
    seen: dict[tuple[str, int], int] = {}
    for slide in plan.slides:
        role = SPLITTABLE.get(slide.kind)
        if slide.source is None or role is None:
            continue
        if slide.continued == 0:
            seen[slide.source] = 0
        out[slide.number] = seen.get(slide.source, 0)
        seen[slide.source] = out[slide.number] + len(slide_texts(slide).get(role, ()))
    return out


# --- one slide ----------------------------------------------------------------------------


def _slide_changes(lib: Library, plan: DeckPlan, planned: PlannedSlide, edited: ReadSlide, offset: int,
                   shared_quotes: bool, layouts: Mapping[str, str] | None) -> list[Change]:
    targets = _Targets(lib, plan, planned, offset, shared_quotes)
    out: list[Change] = []

    def change(target: _Target, old: str | None, new: str | None, why: str | None = None) -> None:
        key = target.key
        if key is not None and any(part in _PRIVATE for part in key):
            key, why = None, _("this text cannot be carried back")  # never happens: keys follow the shown text
        why_not = why or target.why_not or (None if key is not None else _("this text cannot be carried back"))
        out.append(Change(planned.number, target.what, old if target.value is None else target.value, new,
                          target.location, key, why_not is None, why_not, target.shared_with, edited.number))

    # A layout name the template does not have means the file went through a program that renames
    # layouts (LibreOffice): that is no choice the user made.
    if layouts and planned.kind in layouts and edited.layout in set(layouts.values()) \
            and edited.layout != layouts[planned.kind]:
        out.append(Change(planned.number, What.LAYOUT, layouts[planned.kind], edited.layout, planned.origin, None,
                          False, _("a change of layout cannot be carried back; the template chooses the layout"),
                          edited=edited.number))
    if not _same(planned.title, edited.title or ""):
        target = targets.title()
        change(target, planned.title, _value(edited.title, target),
               None if edited.title else _("a removed text cannot be carried back; delete it in the file"))
    shown = targets.shown()
    for shown_item, paragraph in _match_paragraphs(shown, edited.paragraphs):
        if shown_item is None:
            what = _list_what(planned)
            out.append(Change(planned.number, what, None, paragraph.text, planned.origin, None, False,
                              _("an added point cannot be carried back; write it in the file"), edited=edited.number))
        elif paragraph is None:
            t = shown_item.target
            out.append(Change(planned.number, t.what, t.value if t.value is not None else shown_item.text, None,
                              t.location or planned.origin, t.key, False,
                              _("a removed point cannot be carried back; delete it in the file"),
                              t.shared_with, edited.number))
        elif not _same(shown_item.text, paragraph.text):
            change(shown_item.target, shown_item.text, _value(paragraph.text, shown_item.target))
    out += _picture_changes(planned, edited)
    # The builder's transition into a module opens the notes of its first slide; it is no part of
    # the YAML, so it is taken off both sides before the notes are compared (and never carried).
    lead = _lead(planned)
    edited_lead, edited_notes = _split_lead(edited.notes, lead)
    if lead is not None and not _same(edited_lead, lead):
        out.append(Change(planned.number, What.NOTES, lead, edited_lead, planned.origin, None, False,
                          _("the words that lead into the module are made by the builder; they cannot be carried "
                            "back"), edited=edited.number))
    planned_notes = _split_lead(planned.notes, lead)[1]
    if _notes_text(planned_notes) != _notes_text(edited_notes):
        target = targets.notes()
        if not edited_notes:
            change(target, planned_notes, None, _("removed notes cannot be carried back; delete them in the file"))
        else:
            change(target, planned_notes, edited_notes)
    return out


def _lead(planned: PlannedSlide) -> str | None:
    """Return the transition the builder put before the slide's notes, when the notes begin with it."""
    lead = _notes_text(planned.lead)
    return lead if lead and _notes_text(planned.notes).startswith(lead) else None


def _split_lead(notes: str | None, lead: str | None) -> tuple[str | None, str | None]:
    """Split notes into (the transition as it stands in them, the rest); (None, notes) when it is gone.

    The transition is its own paragraph(s) at the start. Paragraphs there that are like it
    (the user reworded it) count as it; anything else is the user's own text.
    """
    if lead is None:
        return None, notes
    paragraphs = [p.strip() for p in (notes or "").split("\n\n") if p.strip()]
    count = len(lead.split("\n\n"))
    head = _notes_text("\n\n".join(paragraphs[:count]))
    if not head or not (head == lead or _alike(head, lead)):
        return None, notes
    return head, "\n\n".join(paragraphs[count:]) or None


def _picture_changes(planned: PlannedSlide, edited: ReadSlide) -> list[Change]:
    content = planned.content
    wanted = 1 if isinstance(content, ImageContent) else 0
    # A QR code, where the template has room: a link's address, or the handout's on the closing slide.
    qr = isinstance(content, LinkContent) or (isinstance(content, ClosingContent) and bool(content.handout_url))
    allowed = wanted + (1 if qr else 0)
    if wanted <= edited.pictures <= allowed:
        return []
    why = _("a picture added, moved or removed in PowerPoint cannot be carried back; change 'image:' in the file")
    return [Change(planned.number, What.PICTURE, str(wanted), str(edited.pictures), planned.origin, None, False, why,
                   edited=edited.number)]


def _list_what(planned: PlannedSlide) -> What:
    if planned.kind in ("bullets", "two-column"):
        return What.BULLET
    if planned.kind == "discussion":
        return What.QUESTION
    return What.TEXT


# --- where each shown text came from ------------------------------------------------------


class _Targets:
    """The YAML values behind one planned slide's title, paragraphs and notes."""

    def __init__(self, lib: Library, plan: DeckPlan, planned: PlannedSlide, offset: int, shared_quotes: bool) -> None:
        self.lib, self.plan, self.planned, self.offset, self.shared_quotes = lib, plan, planned, offset, shared_quotes
        self.module = lib.modules.get(planned.source[0]) if planned.source else None
        self.slide = self.module.slides[planned.source[1]] if self.module else None
        self.origin = lib.origin("module", self.module.id) if self.module else None

    def _module_value(self, what: What, *sub: Any, why: str | None = None) -> _Target:
        key = self.origin.key + ("slides", self.planned.source[1]) + tuple(sub)
        doc = self.origin.doc
        value = value_at(doc.data, key)
        if not isinstance(value, str):
            return _Target(what, None, doc.where(key), None, why or _("this text is made by the builder; "
                                                                       "it cannot be carried back"))
        if why is None and not self._cleared(self._slide_consent()):
            why = _("this text cannot be carried back")
        return _Target(what, value, doc.where(key), key, why)

    def _generated(self, what: What) -> _Target:
        if self.planned.source is None:
            why = _("this slide is made by the builder; change the deck file or the modules instead")
        else:
            why = _("this text is made by the builder; it cannot be carried back")
        return _Target(what, None, self.planned.origin, None, why)

    def _slide_consent(self) -> Consent:
        return self.slide.consent or self.module.consent or Consent.INTERNAL

    def _cleared(self, consent: Consent) -> bool:
        return self.plan.audience.consent.allows(consent)

    def title(self) -> _Target:
        if self.slide is None:
            return self._generated(What.TITLE)
        if self.planned.continued:
            return _Target(What.TITLE, None, self.planned.origin, None,
                           _("this slide continues the one before it; change the title on the first slide"))
        return self._module_value(What.TITLE, "title")

    def notes(self) -> _Target:
        if self.slide is None:
            return self._generated(What.NOTES)
        if self.planned.continued:
            return _Target(What.NOTES, None, self.planned.origin, None,
                           _("notes on a continued slide cannot be carried back; write them on the first slide"))
        if self.slide.notes is None:
            key = self.origin.key + ("slides", self.planned.source[1])
            return _Target(What.NOTES, None, self.origin.doc.where(key), None,
                           _("the slide has no notes in the file; write 'notes:' on the slide first"))
        return self._module_value(What.NOTES, "notes")

    def shown(self) -> list[_Shown]:
        """Return every paragraph the slide shows except the title, each with where it came from."""
        out: list[_Shown] = []
        for role, items in slide_texts(self.planned).items():
            if role == "title":
                continue
            for n, item in enumerate(items):
                out.append(_Shown(item.text, item.level, role, self._paragraph(role, n, item.level)))
        return out

    def _paragraph(self, role: str, n: int, level: int) -> _Target:
        c = self.planned.content
        if self.slide is None:
            return self._generated(What.TEXT)
        if isinstance(c, QuoteContent) and role == "quote":
            return self._quote(c)
        if isinstance(c, FactsContent) and role.startswith("caption") and n == 0:
            return self._fact(c.cards[int(role[len("caption"):]) - 1].fact.id)
        if role in ("body", "left", "right") and self.planned.kind in ("bullets", "two-column"):
            bullets = self.slide.bullets if role == "body" else getattr(self.slide, role).bullets
            keys = _bullet_keys(bullets)
            index = n + (self.offset if role == "body" else 0)
            base = ("bullets",) if role == "body" else (role, "bullets")
            return self._module_value(What.BULLET, *base, *keys[index]) if index < len(keys) else self._generated(
                What.BULLET)
        if isinstance(c, DiscussionContent) and role == "body":
            return self._module_value(What.QUESTION, "questions", n + self.offset)
        if isinstance(c, WordsContent) and role == "body":
            index = n if level == 0 else n - len(c.words)
            return self._module_value(What.TEXT, "words" if level == 0 else "then", index)
        if isinstance(c, TwoColumnContent) and role in ("left_heading", "right_heading"):
            return self._module_value(What.TEXT, role.split("_")[0], "heading")
        if isinstance(c, ImageContent) and role == "caption":
            return self._module_value(What.TEXT, "caption")
        if isinstance(c, LinkContent) and role == "body" and level == 0 and c.text:
            return self._module_value(What.TEXT, "text")
        if isinstance(c, SectionContent) and role == "body":
            return self._module_value(What.TEXT, "subtitle")
        if isinstance(c, FactsContent) and role.startswith("value"):
            return _Target(What.TEXT, None, self.planned.origin, None,
                           _("only titles, points, notes, quotes, questions and fact texts can be carried back"))
        return self._generated(What.TEXT)

    def _quote(self, content: QuoteContent) -> _Target:
        quote_id = content.quote.id
        origin = self.lib.origin("quote", quote_id)
        key = origin.key + ("text",)
        shared = tuple(d for d in _decks_showing_quote(self.lib, quote_id) if d != self.plan.deck.id)
        why = None
        if not self._cleared(content.quote.consent or Consent.INTERNAL):
            why = _("this text cannot be carried back")
        elif shared and not self.shared_quotes:
            why = _("the quote is shown in other decks too ({decks}); give --quote to change it there as well").format(
                decks=", ".join(shared))
        return _Target(What.QUOTE, content.quote.text, origin.doc.where(key), key, why, shared)

    def _fact(self, fact_id: str) -> _Target:
        origin = self.lib.origin("fact", fact_id)
        key = origin.key + ("text",)
        return _Target(What.FACT_CAPTION, self.lib.facts[fact_id].text, origin.doc.where(key), key)


def _decks_showing_quote(lib: Library, quote_id: str) -> list[str]:
    out = []
    for deck_id in sorted(lib.decks):
        for entry in lib.decks[deck_id].modules:
            module = lib.modules.get(entry.module or "")
            if module and any(getattr(s, "quote", None) == quote_id for s in module.slides):
                out.append(deck_id)
                break
    return out


def _bullet_keys(bullets: list) -> list[tuple[int, ...]]:
    """Return the key path of each flattened point: (j,) for a point, (j, k) for a sub-point of a `[…]` list."""
    keys: list[tuple[int, ...]] = []
    for j, entry in enumerate(bullets):
        if isinstance(entry, list):
            keys += [(j, k) for k in range(len(entry))]
        else:
            keys.append((j,))
    return keys



# --- paragraphs ---------------------------------------------------------------------------


def _match_paragraphs(shown: list[_Shown], edited: tuple[ReadParagraph, ...]) -> list[
        tuple[_Shown | None, ReadParagraph | None]]:
    """Pair shown paragraphs with edited ones: equal text, then neighbours in the same box, then likeness."""
    pair: dict[int, int] = {}  # edited index → shown index
    free = set(range(len(shown)))
    for i, paragraph in enumerate(edited):
        j = next((j for j in sorted(free) if _same(shown[j].text, paragraph.text)
                  and shown[j].level == paragraph.level), None)
        if j is None:
            j = next((j for j in sorted(free) if _same(shown[j].text, paragraph.text)), None)
        if j is not None:
            pair[i] = j
            free.discard(j)
    grew = True
    while grew:
        grew = False
        for i, paragraph in enumerate(edited):
            if i in pair:
                continue
            for step in (-1, 1):
                k = i + step
                if 0 <= k < len(edited) and k in pair and edited[k].box == paragraph.box:
                    j = pair[k] - step
                    if j in free and shown[j].role == shown[pair[k]].role:
                        pair[i] = j
                        free.discard(j)
                        grew = True
                        break
    scored = sorted(((difflib.SequenceMatcher(None, _norm(shown[j].text), _norm(p.text)).ratio(), i, j)
                     for i, p in enumerate(edited) if i not in pair for j in free), reverse=True)
    for ratio, i, j in scored:
        if ratio >= _ALIKE and i not in pair and j in free:
            pair[i] = j
            free.discard(j)
    left = [i for i in range(len(edited)) if i not in pair]
    if len(left) == 1 and len(free) == 1 and shown[min(free)].level == edited[left[0]].level:
        pair[left[0]] = free.pop()  # the one text that was rewritten from scratch
    out: list[tuple[_Shown | None, ReadParagraph | None]] = [(shown[pair[i]] if i in pair else None, p)
                                                             for i, p in enumerate(edited)]
    out += [(shown[j], None) for j in sorted(free)]
    return out


# --- text ---------------------------------------------------------------------------------


def _norm(text: str | None) -> str:
    """Compare texts as a reader would: any run of spaces (hard ones too) is one space."""
    return " ".join((text or "").replace("\u00a0", " ").split())


def _same(a: str | None, b: str | None) -> bool:
    return _norm(a) == _norm(b)


def _alike(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, _norm(a), _norm(b)).ratio() >= _ALIKE


def _notes_text(notes: str | None) -> str:
    """Return notes as the deck shows them: paragraphs split on blank lines, each on one line."""
    paragraphs = [" ".join(p.split()) for p in (notes or "").replace("\u00a0", " ").strip().split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def _value(text: str | None, target: _Target) -> str | None:
    """Turn edited slide text back into the value to write: no «» around a quote, no hard spaces we added."""
    if text is None:
        return None
    if target.what is What.QUOTE:
        text = text.strip()
        if text.startswith("«") and text.endswith("»"):
            text = text[1:-1]
    if target.value is None or "\u00a0" not in target.value:
        text = text.replace("\u00a0", " ")
    return text.strip()
