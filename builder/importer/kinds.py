"""Recognise what kind of slide a slide of a foreign deck is, and write it as a draft slide.

One `ReadSlide` in, one `Recognised` out: the slide as a plain dict in the shape
`builder.model` accepts, the quote or picture it brings along, comments a person must act
on, and what was carried and what was not (translated sentences for the report). The rules
are deliberately plain and ordered (the first that fits wins), so a lecturer who reads the
report can guess why a slide became what it did. A slide the builder wrote carries its kind
in its name (`erfaring:<n>:<kind>:…`), which then beats every guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlparse

from builder.i18n import _, ngettext
from builder.plan import HELP_TITLE
from builder.read.pptx import ReadParagraph, ReadPicture, ReadSlide

# Kinds of the slides the builder makes around the modules: they are not content to import.
BUILDER_KINDS = ("title", "agenda", "sources", "closing", "pause", "help")
OPEN_MARKS = "«\"“„'‘"
CLOSE_MARKS = "»\"”“'’"
_DASHES = ("—", "–", "-", "―", "~")
_AGENDA_LINE = re.compile(r"^\d{1,2}:\d{2}\t")
_PAUSE_TITLE = re.compile(r"^.+ til kl\. \d{1,2}:\d{2}$")
_PAUSE_BODY = re.compile(r"^\d+ minutter$")
_FILE_NAME = re.compile(r"^\S+\.(png|jpe?g|gif|svg|bmp|webp|tiff?|emf|wmf|heic|avif)$", re.I)
_SHAPE_NAME = re.compile(r"^(picture|image|bilde|grafikk|graphic|content placeholder|plassholder for innhold)"
                         r"\s*\d*$", re.I)
_MACHINE_ALT = ("description automatically generated", "automatisk generert beskrivelse")
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "youtube-nocookie.com", "vimeo.com", "nrk.no", "tv.nrk.no")
_VIDEO_SUFFIXES = (".mp4", ".m4v", ".mov", ".webm")
_SECTION_LAYOUTS = ("section header", "title slide", "inndelingsoverskrift", "tittellysbilde", "seksjon",
                    "section title")
_TWO_LAYOUTS = ("two content", "2 content", "comparison", "to innholdsdeler", "sammenligning", "to kolonner",
                "two column")
_CAPTION_LAYOUTS = ("caption", "bildetekst", "bilde")
# The layouts of the tool's own template, by kind: in a deck it built they say the kind even when
# the slide names are gone (LibreOffice drops them).
SPLIT_FROM = 8  # more points than this on an imported slide continue on a «(forts.)» slide
BUILDER_LAYOUTS = {"punkter": "bullets", "sitat": "quote", "ordvegg": "words", "fakta": "facts", "bilde": "image",
                   "to kolonner": "two-column", "lenke": "link", "diskusjon": "discussion", "seksjon": "section"}
_MAX_WORD_WORDS = 2
_WORDS_RANGE = (3, 12)


@dataclass(frozen=True)
class FoundQuote:
    """A quotation found on a slide, ready to be a quote-bank entry (the draft gives it its id)."""

    text: str
    by: str
    role: str | None
    note: str | None  # what stood in brackets after the name (a source, a page), kept word for word
    slide: int


@dataclass(frozen=True)
class Recognised:
    """One slide as a draft: its dict for the model and what the report and the YAML need."""

    number: int
    slide: dict  # the model's shape; a quote slide's `quote` and an image slide's `image` are filled in by the draft
    quote: FoundQuote | None = None
    picture: ReadPicture | None = None  # the picture an image slide shows
    comments: tuple[tuple[str | None, str], ...] = ()  # (field or None for the slide, text) for `# TODO` comments
    carried: tuple[str, ...] = ()
    lost: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        """Return the slide's kind as the model spells it."""
        return self.slide["kind"]


def clean(text: str) -> str:
    """Return `text` with hard spaces as ordinary spaces and the ends trimmed; nothing inside changes."""
    return text.replace("\u00a0", " ").replace("\u202f", " ").strip()


def stable_kind(slide: ReadSlide) -> str | None:
    """Return the kind the builder wrote into the slide's name, or None for a foreign slide.

    A section without a module part is a pause the builder made, and is called 'pause'.
    """
    if not slide.stable_id:
        return None
    parts = slide.stable_id.split(":")
    if len(parts) < 3:
        return None
    if parts[2] == "bullets" and len(parts) == 3:
        return "help"  # a list the builder made, not from a module: where to get help (plan.HELP_TITLE)
    if parts[2] == "section" and len(parts) == 3:
        return "pause"
    return parts[2]


def builder_slide(slide: ReadSlide, *, from_tool: bool, last: bool = False) -> str | None:
    """Return which of the builder's own slides `slide` is ('title', 'agenda', …), or None.

    By the slide's name when it has one; else (LibreOffice drops names) by its title and
    layout, and only in a deck that shows it came from this tool (`from_tool`).
    """
    kind = stable_kind(slide)
    if kind is not None:
        return kind if kind in BUILDER_KINDS else None
    title = clean(slide.title or "")
    texts = [clean(p.text) for p in slide.paragraphs]
    if title == "Program" and texts and all(_AGENDA_LINE.match(p.text) for p in slide.paragraphs):
        return "agenda"
    if _PAUSE_TITLE.match(title) and len(texts) == 1 and _PAUSE_BODY.match(texts[0]):
        return "pause" if from_tool else None
    if not from_tool:
        return None
    layout = (slide.layout or "").casefold()
    if slide.number == 1 and layout in ("tittel", "title slide", "tittellysbilde"):
        return "title"
    if title == "Kilder" and layout in ("kilder", ""):
        return "sources"
    if title == HELP_TITLE:
        return "help"
    if (title == "Takk for i dag" or layout == "avslutning") and last:
        return "closing"
    return None


def looks_built(slides) -> bool:
    """Tell whether a deck came from this tool: a slide carries our name, or our programme slide is there."""
    return any(s.stable_id for s in slides) or any(
        clean(s.title or "") == "Program" and s.paragraphs and all(_AGENDA_LINE.match(p.text) for p in s.paragraphs)
        for s in slides)


def is_video(url: str) -> bool:
    """Tell whether `url` points at a film: YouTube, Vimeo, NRK, or a video file."""
    try:
        parsed = urlparse(url)
    except ValueError:
        return False
    if parsed.scheme not in ("http", "https"):
        return False
    host = (parsed.hostname or "").casefold()
    if any(host == h or host.endswith("." + h) for h in _VIDEO_HOSTS):
        return host not in ("nrk.no", "www.nrk.no") or len(parsed.path.strip("/")) > 0
    return parsed.path.casefold().endswith(_VIDEO_SUFFIXES)


def recognise(slide: ReadSlide, *, from_tool: bool = False) -> Recognised:
    """Decide the draft slide for `slide` (not hidden, not one of the builder's own).

    `from_tool`: the deck came from this tool, so its layout names say the kind too.
    """
    return _Recogniser(slide, from_tool).run()


class _Recogniser:
    def __init__(self, slide: ReadSlide, from_tool: bool) -> None:
        self.slide = slide
        self.from_tool = from_tool
        self.title = " ".join(clean(line) for line in (slide.title or "").split("\n") if line.strip()) or None
        self.body = [p for p in _in_order(slide) if clean(p.text)]
        self.texts = [clean(p.text) for p in self.body]
        self.pictures = [p for p in slide.images if p.blob is not None or p.media]
        self.comments: list[tuple[str | None, str]] = []
        self.carried: list[str] = []
        self.lost: list[str] = []

    # --- the rules, in order -----------------------------------------------------------

    def run(self) -> Recognised:
        hint = stable_kind(self.slide)
        if hint is None and self.from_tool:
            hint = BUILDER_LAYOUTS.get((self.slide.layout or "").casefold())
        by_hint = {"quote": self._quote, "words": self._words, "discussion": self._discussion,
                   "two-column": self._two_column, "link": self._link, "image": self._image,
                   "section": self._section, "facts": self._facts, "bullets": self._bullets}
        if hint in by_hint:
            found = by_hint[hint](strict=False)
            if found is not None:
                return found
        for rule in (self._link, self._image, self._section, self._quote, self._table, self._two_column,
                     self._discussion, self._words):
            found = rule(strict=True)
            if found is not None:
                return found
        return self._bullets(strict=True)

    def _section(self, strict: bool) -> Recognised | None:
        layout = (self.slide.layout or "").casefold()
        layout_says = any(name in layout for name in _SECTION_LAYOUTS) or all(
            p.placeholder == "subTitle" for p in self.body) and bool(self.body)
        if strict and (self.slide.tables or self.pictures or self.slide.diagram):
            return None
        if strict and self.body and not (layout_says and len(self.body) <= 3):
            return None
        if self.title is None and not self.body:
            return None
        data: dict = {"kind": "section", "title": self.title or self._no_title()}
        if self.body:
            data["subtitle"] = "\n".join(self.texts)
            self.carried.append(_("the subtitle"))
        return self._done(data)

    def _quote(self, strict: bool) -> Recognised | None:
        texts = [t for t in self.texts]
        if len(texts) < 2 or self.slide.tables or (strict and self.pictures):
            return None
        end = next((i for i, t in enumerate(texts) if t[-1] in CLOSE_MARKS), None)
        if end is None or texts[0][0] not in OPEN_MARKS or len(texts) - end - 1 != 1:
            return None
        body = "\n".join(texts[: end + 1])
        text = body[1:-1].strip()
        found = _attribution(texts[end + 1], strict)
        if not text or found is None:
            return None
        by, role, note = found
        quote = FoundQuote(text, by, role, note, self.slide.number)
        data: dict = {"kind": "quote", "quote": ""}
        if self.title and self.title != f"Sitat: {by}":
            data["title"] = self.title
        self.carried.append(_("quote by {name} (new entry in the quote bank)").format(name=by))
        return self._done(data, quote=quote, titled=False)

    def _image(self, strict: bool) -> Recognised | None:
        pictures = [p for p in self.pictures if p.blob is not None]
        if len(pictures) != 1 or self.slide.tables or self.slide.diagram:
            return None
        layout = (self.slide.layout or "").casefold()
        caption_ok = not strict or any(name in layout for name in _CAPTION_LAYOUTS)
        if self.body and not (caption_ok and len({p.box for p in self.body}) == 1 and len(self.body) <= 2):
            return None
        picture = pictures[0]
        data: dict = {"kind": "image", "title": self.title or self._no_title(), "image": ""}
        if picture.decorative:
            data["decorative"] = True
            self.carried.append(_("picture (marked decorative)"))
        else:
            alt = clean(picture.description or "")
            if not alt or _FILE_NAME.match(alt) or _SHAPE_NAME.match(alt) or alt == picture.name:
                data["alt"] = ""
                self.comments.append(("alt", _("TODO: describe what the picture shows (alt text for screen "
                                               "readers), or write 'decorative: true'")))
                self.lost.append(_("the picture has no alt text: write one in 'alt'"))
            else:
                data["alt"] = alt
                if any(m in alt.casefold() for m in _MACHINE_ALT):
                    self.comments.append(("alt", _("TODO: PowerPoint wrote this alt text itself; check it")))
            self.carried.append(_("picture"))
        if self.body:
            data["caption"] = "\n".join(self.texts)
            self.carried.append(_("the caption"))
        return self._done(data, picture=picture)

    def _link(self, strict: bool) -> Recognised | None:
        urls = [u for u in self._urls() if u.startswith(("http://", "https://")) and " " not in u]
        if strict:
            urls = [u for u in urls if is_video(u)]
        if not urls or self.slide.tables or len(self.body) > 3:
            return None
        url = urls[0]
        lines = [t for t in self.texts if t != url]
        data: dict = {"kind": "video" if is_video(url) else "link", "title": self.title or self._no_title(),
                      "url": url}
        if lines:
            data["text"] = "\n".join(lines)
        self.carried.append(_("link to {url}").format(url=url))
        # A QR code or thumbnail that stands for the link is part of the link slide, not a lost picture.
        part_of = [p for p in self.slide.images
                   if p.name == "QR-kode" or url in (p.description or "") or url in (p.link, p.media)]
        return self._done(data, also=part_of)

    def _table(self, strict: bool) -> Recognised | None:
        if not self.slide.tables:
            return None
        rows = [tuple(clean(c) for c in row) for t in self.slide.tables for row in t.rows]
        rows = [row for row in rows if any(row)]
        if not rows:
            return None
        widths = {len(row) for row in rows}
        if not self.body and len(self.slide.tables) == 1 and widths == {2} and len(rows) >= 2:
            left = [r[0] for r in rows[1:] if r[0]]
            right = [r[1] for r in rows[1:] if r[1]]
            if left and right:
                data: dict = {"kind": "two-column", "title": self.title or self._no_title(),
                              "left": _column(rows[0][0], left), "right": _column(rows[0][1], right)}
                self.carried.append(_("table as two columns"))
                return self._done(data)
        self.carried.append(ngettext("{n} table row as a bullet", "{n} table rows as bullets", len(rows)).format(
            n=len(rows)))
        return self._bullets(strict, extra=[" – ".join(c for c in row if c) for row in rows])

    def _two_column(self, strict: bool) -> Recognised | None:
        boxes: dict[int, list[ReadParagraph]] = {}
        for p in self.slide.paragraphs:
            if clean(p.text):
                boxes.setdefault(p.box, []).append(p)
        groups = list(boxes.values())
        layout = (self.slide.layout or "").casefold()
        if strict:
            two_placeholders = len(groups) == 2 and all(
                g[0].placeholder in ("body", "obj") for g in groups)
            if not (two_placeholders or any(name in layout for name in _TWO_LAYOUTS)):
                return None
            if self.slide.tables or self.slide.diagram or self.pictures:
                return None
        if len(groups) == 2:
            left, right = _column(None, _bullets(groups[0])), _column(None, _bullets(groups[1]))
        elif len(groups) == 4 and len(groups[0]) == 1 and len(groups[2]) == 1:
            left = _column(clean(groups[0][0].text), _bullets(groups[1]))
            right = _column(clean(groups[2][0].text), _bullets(groups[3]))
        else:
            return None
        data: dict = {"kind": "two-column", "title": self.title or self._no_title(), "left": left, "right": right}
        self.carried.append(_("two columns"))
        return self._done(data)

    def _discussion(self, strict: bool) -> Recognised | None:
        if not self.texts or self.slide.tables:
            return None
        asked = sum(1 for t in self.texts if t.rstrip(CLOSE_MARKS + " ").endswith("?"))
        if strict and (asked * 2 <= len(self.texts) or len(self.texts) > 12):
            return None
        data: dict = {"kind": "discussion"}
        if self.title:
            data["title"] = self.title
        data["questions"] = list(self.texts)
        self.carried.append(ngettext("{n} question", "{n} questions", len(self.texts)).format(n=len(self.texts)))
        return self._done(data, titled=False)

    def _words(self, strict: bool) -> Recognised | None:
        if self.slide.tables or (strict and self.pictures):
            return None
        low, high = _WORDS_RANGE
        if not self.texts or (strict and not low <= len(self.texts) <= high):
            return None
        if strict and any(len(t.split()) > _MAX_WORD_WORDS or "\n" in t for t in self.texts):
            return None
        if strict and len({p.box for p in self.body}) != 1:
            return None
        first = [clean(p.text) for p in self.body if p.level == 0]
        then = [clean(p.text) for p in self.body if p.level > 0]
        if not first:
            first, then = then, []
        data: dict = {"kind": "words", "title": self.title or self._no_title(), "words": first}
        if then:
            data["then"] = then
        self.carried.append(ngettext("{n} word", "{n} words", len(self.texts)).format(n=len(self.texts)))
        return self._done(data)

    def _facts(self, strict: bool) -> Recognised | None:
        """A builder facts slide: each card (caption box, then value box) becomes a bullet."""
        boxes: dict[int, list[ReadParagraph]] = {}
        for p in self.slide.paragraphs:
            boxes.setdefault(p.box, []).append(p)
        groups = list(boxes.values())
        if not groups or len(groups) % 2:
            return None
        bullets: list = []
        for caption, value in zip(groups[0::2], groups[1::2]):
            text = [clean(p.text) for p in caption if p.level == 0]
            under = [clean(p.text) for p in caption if p.level > 0]
            bullets.append(" – ".join([clean(value[0].text), *text]))
            if under:
                bullets.append(under)
        data: dict = {"kind": "bullets", "title": self.title or self._no_title(), "bullets": bullets}
        self.carried.append(_("fact cards as bullets"))
        self.lost.append(_("the fact cards became bullets: put the figures in slides/facts.yaml to show them as "
                           "cards again"))
        return self._done(data)

    def _bullets(self, strict: bool, extra: list[str] | None = None) -> Recognised:
        bullets = _bullets(self.body)
        bullets += extra or []
        if not bullets:
            if self.title is None:
                self.lost.append(_("the slide has no text"))
            data: dict = {"kind": "section", "title": self.title or self._no_title()}
            return self._done(data)
        data = {"kind": "bullets", "title": self.title or self._no_title(), "bullets": bullets}
        count = sum(len(b) if isinstance(b, list) else 1 for b in _bullets(self.body))
        if count > SPLIT_FROM:  # the deck's own small type rarely fits our template: continue, never overflow
            data["split"] = "auto"
        if count:
            self.carried.append(ngettext("{n} bullet", "{n} bullets", count).format(n=count))
        if any(p.level > 1 for p in self.body):
            self.lost.append(_("points deeper than one level became sub-points"))
        return self._done(data)

    # --- shared ------------------------------------------------------------------------

    def _urls(self) -> list[str]:
        urls = [*self.slide.links]
        for picture in self.slide.images:
            urls += [u for u in (picture.media, picture.link) if u]
        urls += [t for t in self.texts if re.fullmatch(r"https?://\S+", t)]
        return list(dict.fromkeys(urls))

    def _no_title(self) -> str:
        self.comments.append(("title", _("TODO: the slide had no title; write one")))
        self.lost.append(_("the slide has no title"))
        return f"Lysbilde {self.slide.number}"

    def _done(self, data: dict, quote: FoundQuote | None = None, picture: ReadPicture | None = None,
              titled: bool = True, also: list[ReadPicture] | None = None) -> Recognised:
        if self.title and (titled or "title" in data):
            self.carried.insert(0, _("title «{title}»").format(title=self.title))
        notes = self.slide.notes or ""
        if self.from_tool:
            from builder.spoken import without_lead

            notes = without_lead(notes)  # a module's first slide in one of our decks: the builder's lead-in goes
        if notes and clean(notes):
            data["notes"] = notes.replace("\u00a0", " ").replace("\u202f", " ").strip()
            self.carried.append(_("speaker notes"))
        used = {id(p) for p in [picture, *(also or [])] if p is not None}
        left = [p for p in self.slide.images if id(p) not in used and p.blob is not None]
        if left:
            self.lost.append(ngettext("{n} picture was not carried", "{n} pictures were not carried",
                                      len(left)).format(n=len(left)))
        for what in self.slide.unread:
            self.lost.append(_unread_sentence(what))
        return Recognised(self.slide.number, data, quote, picture, tuple(self.comments), tuple(self.carried),
                          tuple(self.lost))


def _unread_sentence(what: str) -> str:
    if what == "chart":
        return _("a chart was not carried")
    if what == "smartart":
        return _("a SmartArt diagram could not be read")
    return _("an embedded object (a spreadsheet, a film or the like) was not carried")


def _in_order(slide: ReadSlide) -> list[ReadParagraph]:
    """The slide's text paragraphs and SmartArt text, in reading order of their shapes."""
    return sorted([*slide.paragraphs, *slide.diagram], key=lambda p: p.order)


def _bullets(paragraphs) -> list:
    """Return the model's bullets: a string per point, a list after a point for its sub-points."""
    out: list = []
    for p in paragraphs:
        text = clean(p.text)
        if not text:
            continue
        if p.level == 0:
            out.append(text)
        elif out and isinstance(out[-1], list):
            out[-1].append(text)
        else:
            out.append([text])
    return out


def _column(heading: str | None, bullets: list) -> dict:
    column: dict = {}
    if heading:
        column["heading"] = heading
    column["bullets"] = bullets
    return column


def _attribution(line: str, strict: bool) -> tuple[str, str | None, str | None] | None:
    """Split '— Navn, rolle (Kilde, s. 12)' into name, role and what stood in brackets."""
    text = line.strip()
    dashed = text.startswith(_DASHES)
    if dashed:
        text = text.lstrip("".join(_DASHES)).strip()
    note = None
    bracket = re.search(r"\s*\(([^()]*)\)$", text)
    if bracket:
        note = bracket.group(1).strip() or None
        text = text[: bracket.start()].strip()
    if not text:
        return None
    by, _comma, role = text.partition(",")
    by, role = by.strip(), role.strip() or None
    if not dashed and strict and (len(text) > 80 or text.endswith(".") or not by[:1].isupper() or role is None):
        return None
    return by, role, note
