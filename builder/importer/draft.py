"""Turn a read deck into a draft: modules of draft slides, quotes, pictures, and a record per slide.

Pure apart from converting pictures (LibreOffice, when an old picture format needs it):
nothing is written here and no ids are chosen for the library; `builder.importer.run`
does both. Quotes get a provisional id (a slug, unique within the draft) that the quote
slides refer to; `DraftModule.data` and `DraftQuote.data` take the final ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Mapping

from builder.i18n import _
from builder.importer import images as images_mod
from builder.importer.images import ImageFile, Picture
from builder.importer.kinds import Recognised, builder_slide, clean, looks_built, recognise
from builder.read.pptx import ReadDeck, ReadSlide

# Names PowerPoint and LibreOffice give a section nobody named: not a module title.
_DEFAULT_SECTIONS = ("default section", "standardinndeling", "standarddel", "untitled section",
                     "inndeling uten tittel", "standard section", "")
_CONTINUED = re.compile(r"^(.*) \(forts\.(?: \d+)?\)$")
MINUTES_PER_SLIDE = 2


@dataclass(frozen=True)
class SlideRecord:
    """What became of one slide of the file, for the report."""

    number: int
    title: str | None
    kind: str | None  # the draft slide's kind; None when the slide was skipped
    skipped: str | None = None  # 'hidden', 'empty', 'continued' or one of kinds.BUILDER_KINDS
    carried: tuple[str, ...] = ()  # translated sentences
    lost: tuple[str, ...] = ()  # translated sentences: what was not carried, or why the slide was skipped
    module: int | None = None  # index in `Draft.modules`


@dataclass(frozen=True)
class DraftSlide:
    """One slide of a draft module."""

    number: int  # the slide's number in the file
    data: dict  # the model's shape; an image slide's `image` is the file name only (see `DraftModule.data`)
    comments: tuple[tuple[str | None, str], ...]  # (field or None for the slide, translated `# TODO` text)


@dataclass(frozen=True)
class DraftQuote:
    """A quote found in the deck: a new entry for the quote bank, `consent: internal`."""

    key: str  # provisional id, unique within the draft; the quote slides' `quote` is this
    text: str
    by: str
    role: str | None
    note: str | None
    slide: int

    def data(self, quote_id: str | None = None) -> dict:
        """Return the entry in the model's shape, with `quote_id` (default: the provisional key)."""
        out: dict = {"id": quote_id or self.key, "text": self.text, "by": self.by}
        if self.role:
            out["role"] = self.role
        out["consent"] = "internal"
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class DraftModule:
    """One module to write: a suggested title, its slides, and its pictures."""

    title: str
    slides: tuple[DraftSlide, ...]
    images: tuple[ImageFile, ...]  # to write under assets/images/<module id>/ (only those with data)
    minutes: int  # a suggestion: two minutes a slide, 5 to 120
    section: str | None = None  # the PowerPoint section it came from, with `split_sections`

    def data(self, module_id: str, quote_ids: Mapping[str, str] | None = None,
             image_dir: str | None = None) -> dict:
        """Return the module in the model's shape.

        `quote_ids` maps provisional quote keys to final ids; pictures are referred to as
        ``<image_dir>/<file>``, by default ``images/<module_id>``.
        """
        folder = image_dir or f"images/{module_id}"
        slides = []
        for slide in self.slides:
            data = dict(slide.data)
            if data["kind"] == "image":
                data["image"] = f"{folder}/{data['image']}"
            if data["kind"] == "quote" and quote_ids:
                data["quote"] = quote_ids.get(data["quote"], data["quote"])
            slides.append(data)
        from builder.scaffold import PLACEHOLDERS

        return {"id": module_id, "title": self.title, "summary": PLACEHOLDERS["summary"], "minutes": self.minutes,
                "consent": "internal", "slides": slides}


@dataclass(frozen=True)
class Draft:
    """Everything an import would write, and what became of every slide."""

    name: str  # the file name the deck came from
    modules: tuple[DraftModule, ...]
    quotes: tuple[DraftQuote, ...]
    records: tuple[SlideRecord, ...]  # one per slide of the file, in order
    from_tool: bool  # the deck was built by this tool (its own slides were recognised and skipped)

    @property
    def hidden(self) -> tuple[int, ...]:
        """Return the numbers of the hidden slides, which were skipped."""
        return tuple(r.number for r in self.records if r.skipped == "hidden")

    @property
    def builder_slides(self) -> tuple[SlideRecord, ...]:
        """Return the builder's own slides (title, programme, sources, closing, pauses) that were skipped."""
        return tuple(r for r in self.records if r.skipped in ("title", "agenda", "sources", "closing", "pause"))

    @property
    def images(self) -> tuple[ImageFile, ...]:
        """Return every picture file of every module."""
        return tuple(image for module in self.modules for image in module.images)


def draft(read: ReadDeck, *, split_sections: bool, name: str) -> Draft:
    """Make the draft of `read`: one module, or one per PowerPoint section with `split_sections`.

    `name` is the file name (a module with no title slide is named after it).
    """
    built = looks_built(read.slides)
    records: dict[int, SlideRecord] = {}
    kept: list[ReadSlide] = []
    last = max((s.number for s in read.slides if not s.hidden), default=0)
    for slide in read.slides:
        title = clean(slide.title or "") or None
        if slide.hidden:
            records[slide.number] = SlideRecord(slide.number, title, None, "hidden",
                                                lost=(_("hidden slide: not carried"),))
            continue
        own = builder_slide(slide, from_tool=built, last=slide.number == last)
        if own is not None:
            records[slide.number] = SlideRecord(slide.number, title, None, own, lost=(_own_sentence(own),))
            continue
        if _empty(slide):
            records[slide.number] = SlideRecord(slide.number, title, None, "empty",
                                                lost=(_("empty slide: not carried"),))
            continue
        if kept and _continues(kept[-1], slide):
            kept[-1] = replace(kept[-1], paragraphs=kept[-1].paragraphs + slide.paragraphs)
            records[slide.number] = SlideRecord(slide.number, title, None, "continued", lost=(_(
                "continues slide {number}: its points were added there").format(number=kept[-1].number),))
            continue
        kept.append(slide)

    groups = _groups(read, kept, split_sections)
    modules: list[DraftModule] = []
    quotes: list[DraftQuote] = []
    keys: set[str] = set()
    for section, slides in groups:
        found = [recognise(slide, from_tool=built) for slide in slides]
        if not found:
            continue
        index = len(modules)
        files = images_mod.extract([Picture(r.picture.blob, r.picture.content_type, r.number)
                                    for r in found if r.picture is not None and r.picture.blob is not None])
        by_hash = {f.hash: f for f in files}
        draft_slides = []
        for rec in found:
            rec = _with_picture(rec, by_hash)
            data = dict(rec.slide)
            if rec.quote is not None:
                key = _quote_key(rec.quote.by, rec.quote.text, keys)
                data["quote"] = key
                quotes.append(DraftQuote(key, rec.quote.text, rec.quote.by, rec.quote.role, rec.quote.note,
                                         rec.number))
            draft_slides.append(DraftSlide(rec.number, data, rec.comments))
            records[rec.number] = SlideRecord(rec.number, data.get("title"), data["kind"], None, rec.carried,
                                              rec.lost, index)
        title = _module_title(read, section, found, name, split_sections)
        minutes = max(5, min(120, MINUTES_PER_SLIDE * len(draft_slides)))
        modules.append(DraftModule(title, tuple(draft_slides), tuple(f for f in files if f.data is not None),
                                   minutes, section if split_sections else None))
    return Draft(name, tuple(modules), tuple(quotes), tuple(records[n] for n in sorted(records)), built)


def _own_sentence(kind: str) -> str:
    if kind == "title":
        return _("the tool's own title slide: skipped")
    if kind == "agenda":
        return _("the tool's own programme slide: skipped")
    if kind == "sources":
        return _("the tool's own list of sources: skipped")
    if kind == "closing":
        return _("the tool's own closing slide: skipped")
    if kind == "help":
        return _("the tool's own slide about where to get help: skipped")
    return _("a break the tool adds between modules: skipped")


def _empty(slide: ReadSlide) -> bool:
    # Notes alone keep a slide: what the lecturer meant to say is worth more than what the slide shows.
    return not (clean(slide.title or "") or any(clean(p.text) for p in slide.paragraphs) or slide.diagram
                or clean(slide.notes or "")
                or slide.tables or any(p.blob is not None or p.media for p in slide.images))


def _source(slide: ReadSlide) -> tuple[str, ...] | None:
    """The (module, index) part of a builder slide name, or None."""
    parts = (slide.stable_id or "").split(":")
    return tuple(parts[3:5]) if len(parts) >= 5 else None


def _continues(before: ReadSlide, slide: ReadSlide) -> bool:
    """Tell whether `slide` is a «(forts.)» slide the builder made to continue `before`."""
    parts = (slide.stable_id or "").split(":")
    if len(parts) >= 6 and _source(slide) is not None:
        return _source(slide) == _source(before)
    match = _CONTINUED.match(clean(slide.title or ""))
    return bool(match) and match.group(1) == clean(before.title or "")


def _groups(read: ReadDeck, slides: list[ReadSlide], split: bool) -> list[tuple[str | None, list[ReadSlide]]]:
    """Group the slides: one group, or one per PowerPoint section (slides outside any section go first)."""
    if not split or not read.sections:
        named = _named(read, slides)
        return [(named[0] if len(named) == 1 else None, slides)] if slides else []
    where = {n: i for i, section in enumerate(read.sections) for n in section.slides}
    groups: dict[int, list[ReadSlide]] = {}
    for slide in slides:
        groups.setdefault(where.get(slide.number, -1), []).append(slide)
    return [(read.sections[i].name if i >= 0 else None, groups[i]) for i in sorted(groups)]


def _named(read: ReadDeck, slides: list[ReadSlide]) -> list[str]:
    """The names of the sections that hold any of `slides`."""
    numbers = {s.number for s in slides}
    return [s.name for s in read.sections if numbers & set(s.slides)]


def _module_title(read: ReadDeck, section: str | None, found: list[Recognised], name: str, split: bool) -> str:
    """The section's name, else the first title or section slide's title, else the deck's title or file name."""
    if section and section.strip().casefold() not in _DEFAULT_SECTIONS:
        return clean(section)
    first = read.slides[0] if read.slides else None
    if not split and first is not None and first.title and builder_slide(first, from_tool=True) == "title":
        return clean(first.title.replace("\n", " "))
    for rec in found:
        if rec.kind == "section" and not any(line.startswith("TODO") and field == "title"
                                             for field, line in rec.comments):
            return rec.slide["title"]
    if not split and read.title and clean(read.title):
        return clean(read.title)
    stem = re.sub(r"\.(pptx|ppsx|potx|pptm|potm|ppsm|ppt|odp)$", "", name, flags=re.I)
    return clean(stem) or name


def _with_picture(rec: Recognised, by_hash: Mapping[str, ImageFile]) -> Recognised:
    """Give an image slide its file name; a picture that could not be written leaves a section slide."""
    if rec.picture is None or rec.picture.blob is None:
        return rec
    image = by_hash.get(images_mod.content_hash(rec.picture.blob))
    if image is not None and image.data is not None and image.name:
        return replace(rec, slide={**rec.slide, "image": image.name})
    data = {"kind": "section", "title": rec.slide["title"]}
    if "notes" in rec.slide:
        data["notes"] = rec.slide["notes"]
    why = image.problem if image is not None and image.problem else _("the picture could not be read")
    lost = (*rec.lost, _("the picture was not carried: {why}").format(why=why))
    return replace(rec, slide=data, picture=None, lost=lost,
                   comments=tuple(c for c in rec.comments if c[0] != "alt"))


def _quote_key(by: str, text: str, taken: set[str]) -> str:
    """A readable id for a quote: the speaker's last name and the first words, unique in `taken`."""
    from builder.scaffold import slug

    def safe(value: str) -> str:
        try:
            return slug(value)
        except Exception:  # noqa: BLE001 - a name without letters gives no slug
            return ""

    last = safe(by.split()[-1]) if by.split() else ""
    words = safe(" ".join(text.split()[:3]))
    base = "-".join(x for x in (last, words) if x)[:60].strip("-") or "sitat"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    taken.add(key)
    return key
