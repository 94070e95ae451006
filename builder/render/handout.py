"""The participant handout: what a student reads a week later to follow the lecture again.

Written for paper, like Beamer's article mode, not as shrunken slides: the programme with
clock times, then per module its summary, learning objectives, the handout prose, quotes
with full attribution, dated facts with their source, key points and reflection questions
with room to write; then every source used (APA 7, Norwegian) and where to get help.

`handout_view` turns a `DeckPlan` into plain values that both the HTML (Jinja2, autoescape
on) and the DOCX renderer use, so the two never disagree. It reads only what the plan
offers the audience: hidden slides were dropped by the planner, and private `cues` and
the library's internal `note` fields are never read here.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import jinja2

from builder import cite
from builder.plan import DeckPlan, FactCard, LinkContent, QuoteContent, clock

TEMPLATES = Path(__file__).resolve().parent / "templates"
GENERATOR = "Erfaringsbanken"


# --- shared by the HTML renderers --------------------------------------------------------


def environment() -> jinja2.Environment:
    """Return the Jinja2 environment for the print templates: autoescape on, strict undefined.

    Why: every text in a plan is content, never template code. Autoescape turns
    `<script>` into text, and since data is only ever passed as values (never compiled as
    a template), `{{ 7*7 }}` in a quote stays the seven characters it is.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["paragraphs"] = paragraphs
    return env


def stylesheet() -> str:
    """Return the print stylesheet shared by the handout and the manuscript."""
    css = (TEMPLATES / "print.css").read_text(encoding="utf-8")
    if "</" in css:  # pragma: no cover - a guard for whoever edits the CSS
        raise AssertionError("print.css must not contain '</'; it is inlined into <style>")
    return css


def paragraphs(text: str | None) -> list[str]:
    """Split prose into paragraphs at blank lines; single line breaks become spaces."""
    if not text:
        return []
    out = []
    for block in re.split(r"\n\s*\n", text.strip()):
        joined = " ".join(line.strip() for line in block.splitlines() if line.strip())
        if joined:
            out.append(joined)
    return out


def iso_date(day: dt.date) -> str:
    """Return the date as YYYY-MM-DD (for <meta name=dcterms.created>)."""
    return day.isoformat()


# --- the view ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A piece of text; `italic` for titles of stand-alone works."""

    text: str
    italic: bool = False


@dataclass(frozen=True)
class QuoteView:
    text: str
    by: str
    role: str | None
    where: tuple[Span, ...]  # «Tittel (2018), s. 12», the title in italics when stand-alone
    lang: str

    @property
    def credit(self) -> str:
        """Return 'Name, role'."""
        return f"{self.by}, {self.role}" if self.role else self.by

    @property
    def plain(self) -> str:
        """Return the whole attribution as one line of text."""
        where = "".join(s.text for s in self.where)
        return f"— {self.credit}" + (f" ({where})" if where else "")


@dataclass(frozen=True)
class FactView:
    value: str
    text: str
    dated: str
    source: str | None


@dataclass(frozen=True)
class LinkView:
    title: str
    url: str
    text: str | None
    video: bool

    @property
    def shown(self) -> str:
        """Return the address as a reader types it: escaped letters decoded («N%C3%A5r» → «Når»).

        Only escapes of non-ASCII bytes are decoded; «%2F», «%20» and the like keep their meaning.
        """
        escapes = re.findall(r"%([0-9A-Fa-f]{2})", self.url)
        if not escapes or any(int(e, 16) < 0x80 for e in escapes):
            return self.url
        try:
            shown = urllib.parse.unquote(self.url, errors="strict")
        except UnicodeDecodeError:
            return self.url
        return shown if shown.isprintable() else self.url


@dataclass(frozen=True)
class ProgrammeRow:
    start: str
    end: str
    title: str
    minutes: int
    is_pause: bool
    anchor: str | None


@dataclass(frozen=True)
class ModuleView:
    anchor: str
    number: int
    title: str
    start: str
    end: str
    minutes: int
    summary: str
    objectives: tuple[str, ...]
    key_points: tuple[str, ...]
    prose: tuple[str, ...]
    quotes: tuple[QuoteView, ...]
    facts: tuple[FactView, ...]
    links: tuple[LinkView, ...]
    questions: tuple[str, ...]

    @property
    def facts_dated(self) -> str | None:
        """Return the date all facts share (shown once under the table), or None."""
        dates = {f.dated for f in self.facts}
        return dates.pop() if len(dates) == 1 and len(self.facts) > 1 else None

    @property
    def facts_source(self) -> str | None:
        """Return the source all facts share (shown once under the table), or None."""
        sources = {f.source for f in self.facts}
        return sources.pop() if len(sources) == 1 and len(self.facts) > 1 else None


@dataclass(frozen=True)
class HandoutView:
    title: str
    subtitle: str | None
    date: str
    date_iso: str
    start: str
    end: str
    presenter: str | None
    place: str | None
    audience: str
    programme: tuple[ProgrammeRow, ...]
    modules: tuple[ModuleView, ...]
    references: tuple[tuple[Span, ...], ...]
    contact: str | None
    help: tuple[str, ...]
    language: str = "nb"

    @property
    def document_title(self) -> str:
        """Return the title of the document (PDF metadata, window title)."""
        return f"{self.title} – deltakerhefte"

    @property
    def how_to(self) -> str:
        """Return the short note on how to read the handout; it promises only what it keeps."""
        text = "Heftet følger presentasjonen modul for modul."
        if self.references:
            text += " Kildelisten bakerst har kildene til sitatene og tallene."
        if any(m.questions for m in self.modules):
            text += " Bruk linjene under refleksjonsspørsmålene til egne svar."
        return text


def _where(content: QuoteContent) -> tuple[Span, ...]:
    source = content.source
    spans: list[Span] = []
    if source is not None:
        stand_alone = source.type in ("book", "film", "report", "web", "presentation", "meeting", "magazine")
        spans.append(Span(source.title, italic=stand_alone))
        if source.year:
            spans.append(Span(f", {source.year}"))
    if content.quote.page:
        spans.append(Span(f"{', ' if spans else ''}s. {content.quote.page}"))
    return tuple(spans)


def quote_view(content: QuoteContent) -> QuoteView:
    """Return a quote with its full attribution: name, role, source title, year and page."""
    quote = content.quote
    return QuoteView(" ".join(quote.text.split()), quote.by, quote.role, _where(content), quote.lang)


def fact_view(card: FactCard) -> FactView:
    """Return a fact with its value, meaning, date and source."""
    return FactView(card.fact.value, card.fact.text, card.dated, card.source.title if card.source else None)


def handout_view(plan: DeckPlan) -> HandoutView:
    """Return everything the handout shows, as plain values, in reading order."""
    deck = plan.deck
    links: dict[str, list[LinkView]] = {}
    for slide in plan.slides:
        if isinstance(slide.content, LinkContent) and slide.module:
            c = slide.content
            links.setdefault(slide.module, []).append(LinkView(slide.title, c.url, c.text, c.video))
    rows: list[ProgrammeRow] = []
    modules: list[ModuleView] = []
    for entry in plan.programme:
        end = clock(entry.start, entry.minutes)
        module = entry.module
        anchor = None
        if module is not None:
            anchor = f"modul-{len(modules) + 1}-{module.id}"
            seen: set[str] = set()
            module_links = []
            for link in links.get(module.id, ()):
                if link.url not in seen:
                    seen.add(link.url)
                    module_links.append(link)
            modules.append(ModuleView(
                anchor=anchor,
                number=len(modules) + 1,
                title=entry.title,
                start=entry.start,
                end=end,
                minutes=entry.minutes,
                summary=" ".join(module.summary.split()),
                objectives=tuple(module.objectives),
                key_points=tuple(module.key_points),
                prose=tuple(p for text in entry.handout for p in paragraphs(text)),
                quotes=tuple(quote_view(q) for q in entry.quotes),
                facts=tuple(fact_view(f) for f in entry.facts),
                links=tuple(module_links),
                questions=tuple(entry.questions),
            ))
        rows.append(ProgrammeRow(entry.start, end, entry.title, entry.minutes, module is None, anchor))
    references = tuple(tuple(Span(r.text, r.italic) for r in cite.reference(s)) for s in plan.sources)
    return HandoutView(
        **deck_facts(plan),
        programme=tuple(rows),
        modules=tuple(modules),
        references=references,
        contact=deck.contact,
        help=tuple(deck.help),
    )


def deck_facts(plan: DeckPlan) -> dict[str, str | None]:
    """Return what every document about a deck shows at its top: title, date, times, people, place."""
    deck = plan.deck
    return {
        "title": deck.title,
        "subtitle": deck.subtitle,
        "date": cite.norwegian_date(deck.date),
        "date_iso": iso_date(deck.date),
        "start": deck.start,
        "end": clock(deck.start, plan.planned_minutes),
        "presenter": deck.presenter,
        "place": deck.place,
        "audience": plan.audience.name,
        "language": plan.audience.language or "nb",
    }


def handout_html(plan: DeckPlan) -> str:
    """Render the participant handout of `plan` as one self-contained HTML page (print CSS for A4)."""
    view = handout_view(plan)
    template = environment().get_template("handout.html.j2")
    return template.render(view=view, css=stylesheet(), generator=GENERATOR)
