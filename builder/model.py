"""The content model: typed, frozen values for everything in the library.

The schema is the documentation: each field carries a description that ends up in the
JSON Schema, so editors show it on hover. Keys are English, content is Norwegian.
Unknown keys are errors (``extra="forbid"``). Consent fails closed: a quote, module or
slide that says nothing about consent counts as ``internal``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from enum import Enum
from typing import Annotated, Any, Literal, Union

# We use no pydantic plugins; looking for them scans every installed package's metadata,
# which costs a build more time than validating a whole library.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from pydantic import (  # noqa: E402
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
# What the checks below raise. builder/validate.py recognises these and words them for the user in
# the user's language (pydantic wraps them in its own English), so they are not wrapped in _() here.
EXPECTED_BOOL = "expected true or false"
EXPECTED_TIME = "expected a time like 09:15"
MODULE_OR_PAUSE = "give either 'module: <id>' or 'pause: <minutes>'"
TIME_PATTERN = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")


def _yaml_bool(value: Any) -> Any:
    """Accept only `true`/`false`: `yes`, `no`, `on`, `off` are too easy to mean as text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value in ("true", "True", "false", "False"):
        return value.lower() == "true"
    raise ValueError(EXPECTED_BOOL)


def _text_list(value: Any) -> Any:
    """Let a single text stand where a list of texts is expected."""
    return [value] if isinstance(value, str) else value


Bool = Annotated[bool, BeforeValidator(_yaml_bool)]
Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=80)]
Text = Annotated[str, Field(min_length=1, pattern=r"\S")]
TextList = Annotated[list[Text], BeforeValidator(_text_list)]
IdList = Annotated[list[Id], BeforeValidator(_text_list)]
# Limits the formats set (see builder/gate.py for the ones that need more than one field).
# DOCX core properties hold 255 characters, and the handout adds « – deltakerhefte» to the title.
MAX_DECK_LINE = 200
MAX_LIST = 100  # items in one list on a slide; more cannot be read, and measuring them costs minutes
# The zip format of .pptx/.docx dates its parts no later than 2107; 2206 is a typo for 2026.
FIRST_DATE = dt.date(1800, 1, 1)
LAST_DATE = dt.date(2100, 12, 31)
FIRST_DECK_DATE = dt.date(1900, 1, 1)
Date = Annotated[dt.date, Field(ge=FIRST_DATE, le=LAST_DATE)]
DeckLine = Annotated[str, Field(max_length=MAX_DECK_LINE)]


class Consent(str, Enum):
    """Who may see a piece of material; each level includes the ones before it."""

    PUBLIC = "public"
    TEACHING = "teaching"
    INTERNAL = "internal"

    @property
    def rank(self) -> int:
        """Return the level as a number: public 0, teaching 1, internal 2."""
        return ["public", "teaching", "internal"].index(self.value)

    def allows(self, other: "Consent") -> bool:
        """Tell whether an audience cleared for `self` may see material marked `other`."""
        return other.rank <= self.rank


class Output(str, Enum):
    """Files a deck can produce."""

    PPTX = "pptx"
    HANDOUT_HTML = "handout-html"
    HANDOUT_PDF = "handout-pdf"
    HANDOUT_DOCX = "handout-docx"
    MANUSCRIPT_HTML = "manuscript-html"
    MANUSCRIPT_PDF = "manuscript-pdf"


class Strict(BaseModel):
    """Base for every model: frozen, unknown keys rejected."""

    # defer_build: a model's validator is built when it first validates, not at import; a run whose
    # library comes from the cache (library.py) validates nothing and builds none (about 40 ms).
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


# --- slides ---------------------------------------------------------------------------

Bullet = Union[Text, list[Text]]


class SlideBase(Strict):
    """Fields every slide kind has."""

    title: Text | None = Field(None, description="Slide title; shown on the slide and in the agenda of the manuscript.")
    notes: str | None = Field(None, description="Speaker notes: go into the notes page of the PowerPoint file.")
    cues: str | None = Field(
        None, description="Private rehearsal cues: shown only in the speaker manuscript, never in the deck or handout."
    )
    handout: str | None = Field(None, description="Prose that only the participant handout shows.")
    only: IdList = Field(default_factory=list, description="Show this slide only to these audiences.")
    except_: IdList = Field(default_factory=list, alias="except", description="Hide this slide from these audiences.")
    minutes: Annotated[float, Field(gt=0, le=120)] | None = Field(
        None, description="Minutes this slide takes; otherwise the module's minutes are shared out."
    )
    reveal: Bool | None = Field(None, description="Show one item per click (true) or all at once (false).")
    consent: Consent | None = Field(
        None, description="Who may see this slide; defaults to the module's consent, and to 'internal' if neither says."
    )
    sources: IdList = Field(default_factory=list, description="Ids of sources this slide draws on (for the source list).")
    split: Literal["auto", "off"] | None = Field(
        None, description="'auto' continues bullets that do not fit on a «(forts.)» slide."
    )


class BulletsSlide(SlideBase):
    """A title and bullet points; a nested list under a point gives sub-points."""

    kind: Literal["bullets"]
    title: Text
    bullets: Annotated[list[Bullet], Field(min_length=1, max_length=MAX_LIST)]


class QuoteSlide(SlideBase):
    """A quote from the quote bank, shown large with its attribution."""

    kind: Literal["quote"]
    quote: Id = Field(description="Id of a quote in quotes/*.yaml.")


class WordsSlide(SlideBase):
    """A word wall that builds word by word; `then` is a second group that comes last."""

    kind: Literal["words"]
    title: Text
    words: Annotated[list[Text], Field(min_length=1, max_length=MAX_LIST)]
    then: Annotated[list[Text], Field(max_length=MAX_LIST)] = Field(
        default_factory=list, description="A second group of words shown after the first.")


class FactsSlide(SlideBase):
    """One to three facts from slides/facts.yaml as big-number cards."""

    kind: Literal["facts"]
    title: Text
    facts: Annotated[list[Id], Field(min_length=1, max_length=3)]


class ImageSlide(SlideBase):
    """A picture from assets/, fitted without distortion."""

    kind: Literal["image"]
    title: Text
    image: Text = Field(description="Path inside assets/, e.g. images/bergen.png.")
    alt: str | None = Field(None, description="Alt text read aloud by screen readers. Required unless decorative.")
    decorative: Bool = Field(False, description="true if the picture carries no meaning (no alt text needed).")
    caption: str | None = None


class Column(Strict):
    """One column of a two-column slide."""

    heading: str | None = None
    bullets: Annotated[list[Bullet], Field(min_length=1, max_length=MAX_LIST)]


class TwoColumnSlide(SlideBase):
    """Two columns side by side, each with an optional heading."""

    kind: Literal["two-column"]
    title: Text
    left: Column
    right: Column


class LinkSlide(SlideBase):
    """A film or web page: title, URL and a QR code."""

    kind: Literal["video", "link"]
    title: Text
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] = Field(description="Full address, starting with https://.")
    text: str | None = Field(None, description="A line or two about what the audience will see.")
    source: Id | None = Field(None, description="Id of the source in quotes/sources.yaml.")


class DiscussionSlide(SlideBase):
    """Reflection questions for the audience."""

    kind: Literal["discussion"]
    title: Text = "Refleksjon"
    questions: Annotated[list[Text], Field(min_length=1, max_length=MAX_LIST)]


class SectionSlide(SlideBase):
    """A section divider."""

    kind: Literal["section"]
    title: Text
    subtitle: str | None = None


def slide_tag(value: Any) -> str | None:
    """Return the union tag of a slide (video and link share one model)."""
    kind = value.get("kind") if isinstance(value, dict) else getattr(value, "kind", None)
    return "link" if kind == "video" else kind


Slide = Annotated[
    Union[
        Annotated[BulletsSlide, Tag("bullets")],
        Annotated[QuoteSlide, Tag("quote")],
        Annotated[WordsSlide, Tag("words")],
        Annotated[FactsSlide, Tag("facts")],
        Annotated[ImageSlide, Tag("image")],
        Annotated[TwoColumnSlide, Tag("two-column")],
        Annotated[LinkSlide, Tag("link")],
        Annotated[DiscussionSlide, Tag("discussion")],
        Annotated[SectionSlide, Tag("section")],
    ],
    Discriminator(slide_tag, custom_error_type="slide_kind", custom_error_message="unknown slide kind"),
]

SLIDE_KINDS = ("bullets", "quote", "words", "facts", "image", "two-column", "video", "link", "discussion", "section")


# --- files ----------------------------------------------------------------------------


class Module(Strict):
    """A reusable unit of teaching, 5 to 20 minutes, in slides/modules/<id>.yaml."""

    id: Id = Field(description="Same as the file name without .yaml.")
    title: Text
    summary: Text = Field(description="Two or three sentences: what the module is about (shown in the handout).")
    minutes: Annotated[int, Field(ge=1, le=120)] = Field(description="Planned minutes for the whole module.")
    objectives: TextList = Field(default_factory=list, description="Learning objectives (handout).")
    key_points: TextList = Field(default_factory=list, description="Key points for the handout.")
    tags: TextList = Field(default_factory=list)
    audiences: IdList | None = Field(None, description="If set, the module may only be used for these audiences.")
    consent: Consent | None = Field(None, description="Consent level for all slides; missing means 'internal'.")
    sources: IdList = Field(default_factory=list, description="Sources the module draws on as a whole.")
    slides: Annotated[list[Slide], Field(min_length=1)]


class Source(Strict):
    """A book, article, film or web page, with the fields a reference list needs."""

    id: Id
    type: Literal["book", "article", "chapter", "film", "web", "report", "magazine", "presentation", "meeting"]
    title: Text
    authors: TextList = Field(default_factory=list, description="'Etternavn, F.' or an organisation's name.")
    year: Annotated[int, Field(ge=1800, le=2100)] | None = None
    publisher: str | None = None
    container: str | None = Field(None, description="Journal, magazine, book or web site the item appears in.")
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    edition: str | None = None
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    accessed: Date | None = Field(None, description="Date a web page was read (YYYY-MM-DD).")
    note: str | None = Field(None, description="Anything a reader should know about the source.")


class Quote(Strict):
    """A quote in the shared bank."""

    id: Id
    text: Text = Field(description="The quote itself, without «».")
    by: Text = Field(description="Who said or wrote it.")
    role: str | None = Field(None, description="E.g. «professor sosialt arbeid, UiT».")
    source: Id | None = Field(None, description="Id in quotes/sources.yaml.")
    page: str | None = None
    lang: str = "nb"
    consent: Consent | None = Field(None, description="public, teaching or internal; missing means internal.")
    tags: TextList = Field(default_factory=list)
    note: str | None = None


class Fact(Strict):
    """A dated figure or statement with its source; it ages."""

    id: Id
    value: Text = Field(description="The big number or short value, e.g. «ca. 50» or «2006».")
    text: Text = Field(description="What the value means, one sentence.")
    as_of: Date = Field(description="When the figure was true (YYYY-MM-DD).")
    as_of_text: str | None = Field(None, description="How to show the date, e.g. «høsten 2018».")
    source: Id
    review_after: Date | None = Field(None, description="After this date `check` warns that the fact may be stale.")
    note: str | None = None


class Audience(Strict):
    """Who a deck is for, and the highest consent level they may see."""

    id: Id
    name: Text
    consent: Consent = Field(description="Highest consent level this audience may see.")
    description: str | None = None
    language: str = "nb"


class DeckItem(Strict):
    """One entry in a deck's programme: a module (by id) or a pause."""

    module: Id | None = None
    pause: Annotated[int, Field(ge=1, le=120)] | None = Field(None, description="A break of this many minutes.")
    minutes: Annotated[int, Field(ge=1, le=240)] | None = Field(None, description="Override the module's minutes.")
    title: str | None = Field(None, description="Title of a pause in the programme.")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"module": value} if isinstance(value, str) else value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        """Let editors accept the shorthand ``- stigmaord`` (a module id alone), as `_from_text` does."""
        entry = dict(handler(core_schema))
        description = entry.pop("description", None)
        entry["anyOf"] = [{"required": ["module"]}, {"required": ["pause"]}]
        shorthand = {"type": "string", "pattern": ID_PATTERN, "minLength": 1, "maxLength": 80,
                     "description": "The id of a module (short for 'module: <id>')."}
        schema: dict[str, Any] = {"anyOf": [shorthand, entry]}
        if description:
            schema["description"] = description
        return schema

    @model_validator(mode="after")
    def _one_of(self) -> "DeckItem":
        if (self.module is None) == (self.pause is None):
            raise ValueError(MODULE_OR_PAUSE)
        return self


class Closing(Strict):
    """The last slide of the deck: its title, and lines shown above the deck's contact and handout link."""

    title: Text = Field("Takk for i dag", description="Title of the closing slide.")
    lines: TextList = Field(default_factory=list,
                            description="Lines shown first on the closing slide (default «Spørsmål?»).")


class Deck(Strict):
    """One occasion: a set of modules for an audience, in slides/decks/<id>.yaml."""

    id: Id
    title: Annotated[Text, Field(max_length=MAX_DECK_LINE)] = Field(description="At most 200 characters.")
    subtitle: DeckLine | None = None
    presenter: DeckLine | None = Field(
        None, description="Who presents; shown on the title slide (and nowhere when left out).")
    role: DeckLine | None = Field(
        None, description="The presenter's role or title, e.g. «erfaringskonsulent»; shown after the name on the "
                          "title slide.")
    institution: DeckLine | None = Field(
        None, description="Where the presenter works or who hosts the occasion, e.g. «Helse Bergen»; shown on the "
                          "title slide.")
    place: DeckLine | None = Field(None, description="Where the occasion is held; shown on the title slide.")
    date: Annotated[dt.date, Field(ge=FIRST_DECK_DATE, le=LAST_DATE)] = Field(
        description="The day of the occasion (YYYY-MM-DD), between 1900 and 2100.")
    start: str = Field("09:00", description="Start time, HH:MM.")
    audience: Id
    minutes: Annotated[int, Field(ge=5, le=600)] = Field(description="Length of the slot in minutes.")
    template: str | None = Field(None, description="Template .pptx/.potx in assets/templates/ (default: erfaring-standard.pptx).")
    reveal: Bool = Field(True, description="Let slides that have lists reveal them one item per click by default.")
    split: Literal["auto", "off"] = "off"
    outputs: list[Output] | None = Field(None, description="Which files to build; default all.")
    modules: Annotated[list[DeckItem], Field(min_length=1)]
    closing: Closing | None = None
    contact: str | None = Field(
        None, description="How participants reach the presenter, e.g. an e-mail address; shown on the closing slide "
                          "and in the handout.")
    help: TextList = Field(
        default_factory=list, description="Where to get help, one line each with its name and phone number or "
                                          "address; shown on a slide of its own before the closing slide, and in "
                                          "the handout.")
    handout_url: Annotated[str, Field(pattern=r"^https://\S+$", max_length=MAX_DECK_LINE)] | None = Field(
        None, description="Where participants find the handout online (https://…); the closing slide shows the "
                          "address and a QR code for it.")
    opening_notes: str | None = Field(
        None, description="What the presenter says over the title slide (speaker notes); without it an opening is "
                          "made from the deck's title, presenter and programme.")
    closing_notes: str | None = Field(
        None, description="What the presenter says over the closing slide (speaker notes); without it a closing is "
                          "made from the deck's contact, help and handout fields.")

    @field_validator("start")
    @classmethod
    def _time(cls, value: str) -> str:
        if not TIME_PATTERN.match(value):
            raise ValueError(EXPECTED_TIME)
        return value


class QuoteFile(Strict):
    """quotes/<name>.yaml."""

    quotes: Annotated[list[Quote], Field(min_length=1)]


class SourceFile(Strict):
    """quotes/sources.yaml."""

    sources: list[Source]


class FactFile(Strict):
    """slides/facts.yaml."""

    facts: list[Fact]


class AudienceFile(Strict):
    """slides/audiences.yaml."""

    audiences: Annotated[list[Audience], Field(min_length=1)]


# --- layout maps ------------------------------------------------------------------------


class KindMap(Strict):
    """The layout of one slide kind and the placeholder idx of each part (role)."""

    layout: Annotated[str, Field(min_length=1, description="The layout's name as PowerPoint shows it.")]
    placeholders: dict[str, int] = Field(
        description="Part of the slide (title, body, quote, …) → placeholder idx; `erfaring doctor` lists them.")


class Fonts(Strict):
    """The font the deck names, and the shipped metric-compatible font used to measure it."""

    latin: str = Field("Calibri", description="The font the template uses for text.")
    measure: str = Field("Carlito", description="A font in assets/fonts with the same widths: Carlito (Calibri) "
                         "or Liberation Sans (Arial).")


class LayoutKinds(Strict):
    """One entry per slide kind; a kind left out is placed by the tool itself."""

    title: KindMap | None = None
    section: KindMap | None = None
    bullets: KindMap | None = None
    agenda: KindMap | None = None
    quote: KindMap | None = None
    words: KindMap | None = None
    facts: KindMap | None = None
    image: KindMap | None = None
    two_column: KindMap | None = Field(None, alias="two-column")
    link: KindMap | None = None
    discussion: KindMap | None = None
    sources: KindMap | None = None
    closing: KindMap | None = None

    def entries(self) -> dict[str, KindMap]:
        """Return the kinds the map names, by their names in YAML, in order."""
        out = {}
        for name, info in type(self).model_fields.items():
            value = getattr(self, name)
            if value is not None:
                out[info.alias or name] = value
        return out


class LayoutMapFile(Strict):
    """`<template>.layouts.yaml`: overrides of where the tool places each slide kind on a template."""

    template: str = Field(description="The template file this map belongs to.")
    slide_size: Annotated[list[int], Field(min_length=2, max_length=2)] | None = Field(
        None, description="[width, height] in EMU; must match the template.")
    fonts: Fonts | None = None
    kinds: LayoutKinds = Field(default_factory=LayoutKinds,
                               description="Slide kind → layout and placeholders; kinds left out are placed by the tool.")
