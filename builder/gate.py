"""The pre-render gate: every value a renderer gets must be one it can represent.

The schema says what a value means; the gate says what the formats can hold. It runs in
`check`, after lint, so that `check` ✓ means `build` succeeds, and each problem is a located
diagnostic that stops only the decks whose files hold it. What it refuses:

- characters that XML (PowerPoint, Word) cannot hold, or that the text shaper chokes on,
  arriving through a YAML escape such as ``"\\x01"`` or ``"\\u2028"`` past the loader's raw-byte
  filter: control characters, line and paragraph separators, halves of characters
  (surrogates) and codes that are not characters (noncharacters), in any text of any file;
- texts longer than `MAX_TEXT_CHARS` (no real text comes near; it bounds the work);
- web addresses on link and video slides too long for the QR code the deck prints;
- slides, modules and decks too large to read or to build in reasonable time and memory.

Why errors rather than silently cleaning the text: the loader already refuses the same
characters typed into a file (``yaml-invisible``), and the same character must not be an
error when typed and quietly dropped when escaped. None of them is ever meant: U+2028 looks
like a line break, but a line break in a slide title or a bullet is not something the
formats agree on either, so the user decides where the text should break.

Limits that are simple to state on one field (dates, the length of a deck's title, the
number of bullets in one list) are in the schema (builder/model.py), where editors show them.
"""

from __future__ import annotations

import re
from typing import Any

from builder.diagnostics import Diagnostic, error
from builder.i18n import _
from builder.library import Library
from builder.load import Document, Key, texts_in
from builder.plan import DeckPlan

MAX_TEXT_CHARS = 20_000  # one text: about eight pages; a slide's notes rarely pass 2 000
MAX_POINTS_PER_SLIDE = 100  # bullets and sub-points, words, questions, both columns together
MAX_SLIDES_PER_MODULE = 100
MAX_POINTS_PER_MODULE = 1_000
MAX_PROGRAMME_ITEMS = 200  # modules and pauses in one deck
MAX_SLIDES_PER_DECK = 2_000  # as planned, before «(forts.)» slides; bench/ builds decks of 1 000
MAX_POINTS_PER_DECK = 5_000
# What builder/render/pptx/deck.py `qr_png` asks segno for: error correction M, no micro codes.
# The largest such code (version 40) holds 2331 bytes; segno writes the text as ISO 8859-1
# when it can, else as UTF-8.
QR_ERROR = "m"
QR_MAX_BYTES = 2331

_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(1, 17))
# Tab and line feed are the only controls a text may hold.
_UNUSABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + _NONCHARACTERS + "]")
# The same class without the characters past U+FFFF, for the texts that have none (nearly all): re tests a
# class with such characters member by member, one with only BMP ones in a single table lookup.
_UNUSABLE_BMP = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SEPARATORS = "\u0085\u2028\u2029"


def gate(lib: Library, plans: list[DeckPlan]) -> list[Diagnostic]:
    """Return an error for every value in `lib` that a renderer could not represent."""
    out: list[Diagnostic] = []
    for doc in _documents(lib):
        for key, text in texts_in(doc.data):
            out.extend(_text_problems(doc, key, text))
    for module_id in sorted(lib.modules):
        out.extend(_module_problems(lib, module_id))
    planned = {plan.deck.id: plan for plan in plans}
    for deck_id in sorted(lib.decks):
        out.extend(_deck_problems(lib, deck_id, planned.get(deck_id)))
    return out


# --- characters and lengths -----------------------------------------------------------------


def _documents(lib: Library) -> list[Document]:
    """Every document the library read, once each (files that failed the schema included)."""
    docs = {origin.doc.path: origin.doc for origin in lib.origins.values()}
    for doc in lib.unvalidated:
        docs.setdefault(doc.path, doc)
    return [docs[path] for path in sorted(docs)]



def _field(key: Key) -> str:
    """Name the field a value belongs to: the nearest field name above it."""
    return next((str(part) for part in reversed(key) if isinstance(part, str)), "")


def _text_problems(doc: Document, key: Key, text: str) -> list[Diagnostic]:
    out = []
    found = first_unusable(text)
    if found is not None:
        out.append(_unusable(doc, key, found.group()))
    if len(text) > MAX_TEXT_CHARS:
        out.append(error(
            "text-too-long",
            _("the text in '{field}' is {count} characters long; a text may be at most {limit}").format(
                field=_field(key), count=len(text), limit=MAX_TEXT_CHARS),
            doc.where(key),
            _("shorten it, or spread it over several slides"),
        ))
    return out


def first_unusable(text: str) -> re.Match | None:
    """Return the first character of `text` that no output can hold (see `_UNUSABLE`), or None."""
    if text.isascii() or _ASTRAL.search(text) is None:
        return _UNUSABLE_BMP.search(text)
    return _UNUSABLE.search(text)


def _unusable(doc: Document, key: Key, char: str) -> Diagnostic:
    point = ord(char)
    code = f"{point:04X}"
    escape = f"\\x{point:02X}" if point <= 0xFF else f"\\u{point:04X}" if point <= 0xFFFF else f"\\U{point:08X}"
    field = _field(key)
    hint = _("delete the character; in the file it is probably written as '{escape}' between quotes").format(
        escape=escape)
    if char in _SEPARATORS:
        message = _("the text in '{field}' holds an invisible line-break sign (U+{code}) that slides and handouts "
                    "cannot hold").format(field=field, code=code)
        hint = _("delete the character; in the file it is probably written as '{escape}' between quotes. To "
                 "break a long text, make two points of it").format(escape=escape)
    elif 0xD800 <= point <= 0xDFFF:
        message = _("the text in '{field}' holds half of a character (U+{code}) that slides and handouts cannot "
                    "hold").format(field=field, code=code)
        hint = _("delete the code '{escape}' and type the character itself, for example an emoji, "
                 "instead").format(escape=escape)
    elif point < 0xA0:
        message = _("the text in '{field}' holds an invisible control character (U+{code}) that slides and "
                    "handouts cannot hold").format(field=field, code=code)
    else:
        message = _("the text in '{field}' holds a code that is not a character (U+{code}), and slides and "
                    "handouts cannot hold it").format(field=field, code=code)
    return error("text-unusable-character", message, doc.where(key), hint)


# --- link addresses -----------------------------------------------------------------------------


def qr_size(url: str) -> int:
    """Return how many bytes `url` takes in a QR code, as segno encodes it."""
    try:
        return len(url.encode("iso-8859-1"))
    except UnicodeEncodeError:
        return len(url.encode("utf-8"))


# --- how much one slide, module and deck may hold -------------------------------------------------


def points(slide: Any) -> int:
    """Count the items a slide lists: bullets and sub-points, words, questions, facts."""
    def bullets(items: list) -> int:
        return sum(len(item) if isinstance(item, list) else 1 for item in items)

    kind = getattr(slide, "kind", None)
    if kind == "bullets":
        return bullets(slide.bullets)
    if kind == "two-column":
        return bullets(slide.left.bullets) + bullets(slide.right.bullets)
    if kind == "words":
        return len(slide.words) + len(slide.then)
    if kind == "discussion":
        return len(slide.questions)
    if kind == "facts":
        return len(slide.facts)
    return 0


def _module_problems(lib: Library, module_id: str) -> list[Diagnostic]:
    module = lib.modules[module_id]
    origin = lib.origin("module", module_id)
    out = []
    for index, slide in enumerate(module.slides):
        count = points(slide)
        if count > MAX_POINTS_PER_SLIDE:
            out.append(error(
                "slide-too-many-points",
                _("slide {number} has {count} points; a slide can hold at most {limit}").format(
                    number=index + 1, count=count, limit=MAX_POINTS_PER_SLIDE),
                origin.where("slides", index),
                _("spread the points over several slides; sub-points, words and questions count too"),
            ))
        if getattr(slide, "kind", None) in ("link", "video") and qr_size(slide.url) > QR_MAX_BYTES:
            out.append(error(
                "url-too-long",
                _("the web address is {count} characters long, too long for a QR code (at most {limit})").format(
                    count=qr_size(slide.url), limit=QR_MAX_BYTES),
                origin.where("slides", index, "url"),
                _("use a shorter address to the same page, for example a short link"),
            ))
    if len(module.slides) > MAX_SLIDES_PER_MODULE:
        out.append(error(
            "module-too-large",
            _("the module has {count} slides; a module can have at most {limit}").format(
                count=len(module.slides), limit=MAX_SLIDES_PER_MODULE),
            origin.where("slides", of_key=True),
            _("split it into two modules"),
        ))
    total = sum(points(slide) for slide in module.slides)
    if total > MAX_POINTS_PER_MODULE:
        out.append(error(
            "module-too-large",
            _("the module's slides have {count} points together; a module can have at most {limit}").format(
                count=total, limit=MAX_POINTS_PER_MODULE),
            origin.where("slides", of_key=True),
            _("split it into two modules"),
        ))
    return out


def _deck_problems(lib: Library, deck_id: str, plan: DeckPlan | None) -> list[Diagnostic]:
    deck = lib.decks[deck_id]
    where = lib.origin("deck", deck_id).where("modules", of_key=True)
    hint = _("split the programme into two decks")
    out = []
    if len(deck.modules) > MAX_PROGRAMME_ITEMS:
        out.append(error(
            "deck-too-large",
            _("the deck has {count} modules and pauses; a deck can have at most {limit}").format(
                count=len(deck.modules), limit=MAX_PROGRAMME_ITEMS),
            where, hint,
        ))
    if plan is not None and len(plan.slides) > MAX_SLIDES_PER_DECK:
        out.append(error(
            "deck-too-large",
            _("the deck has {count} slides; a deck can have at most {limit}").format(
                count=len(plan.slides), limit=MAX_SLIDES_PER_DECK),
            where, hint,
        ))
    total = sum(points(slide) for item in deck.modules if item.module in lib.modules
                for slide in lib.modules[item.module].slides)
    if total > MAX_POINTS_PER_DECK:
        out.append(error(
            "deck-too-large",
            _("the deck's slides have {count} points together; a deck can have at most {limit}").format(
                count=total, limit=MAX_POINTS_PER_DECK),
            where, hint,
        ))
    return out
