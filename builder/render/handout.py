"""The participant handout: what a student reads a week later to follow the lecture again.

Written for paper, like Beamer's article mode, not as shrunken slides: the programme with
clock times, then per module its summary, learning objectives, the handout prose, quotes
with full attribution, dated facts with their source, key points and reflection questions
with room to write; then every source used (APA 7, Norwegian) and where to get help.

`handout_view` turns a `DeckPlan` into plain values that both the HTML (Jinja2, autoescape
on) and the DOCX renderer use, so the two never disagree. It reads only what the plan
offers the audience: hidden slides were dropped by the planner, and private `cues` and
the library's internal `note` fields are never read here.

Paper rules the view applies, for any library:

* One statement of each point (`restate.restates`: at least 70 % of a text's words already
  on the page). Quotes, facts, learning objectives and questions are always shown. A prose
  paragraph that restates the module's quotes (with their attribution), facts, an earlier
  paragraph or the handout's help list and contact is left out: the quote with its
  attribution, the fact with its date and source, the help list with its details say it.
  The summary is left out when it restates the prose that is kept (the prose says it at
  more length); when the summary is kept, a paragraph that restates it is left out. A key
  point is left out when it restates what is shown before it (summary, prose, quotes,
  facts, earlier key points) or the help list and contact; when none is left, the box and
  its heading go too.
  No text repeats the heading above it: an opening sentence equal to the module's title
  («Hvorfor ansette …? Sju grunner …» under «Hvorfor ansette …?») is left out.
* One attribution per quote: the source title is not repeated when it is the quote's `by`
  («— Psykisk helsemagasin», not «— Psykisk helsemagasin / Psykisk helsemagasin»).
* A facts table has a «Tidspunkt» column only when a date says more than the value
  (a value «2006» dated «2006» does not need it).
* A link to a page of search results is listed by its title and text, without the address.
* Proper names are never hyphenated (`names`: the view's `names`, used by both renderers).
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from builder import cite
from builder.lint.links import is_search_url
from builder.plan import DeckPlan, FactCard, LinkContent, QuoteContent, clock
from builder.render import names as proper_names
from builder.render.cards import shared
from builder.render.restate import normalised, restates

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
    env.filters["names"] = protect_names
    return env


def protect_names(text: str | None, names: frozenset[str]) -> Markup:
    """Return `text` escaped, each proper name in `<span class="nm">` (never hyphenated, see print.css)."""
    if not text:
        return Markup("")
    return Markup("").join(
        Markup('<span class="nm">{}</span>').format(piece) if is_name else escape(piece)
        for piece, is_name in proper_names.segments(text, names)
    )


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
    def search(self) -> bool:
        """Return whether the address is a page of search results: then the handout names the work without it."""
        return is_search_url(self.url)

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
        return shared(f.dated for f in self.facts)

    @property
    def facts_source(self) -> str | None:
        """Return the source all facts share (shown once under the table), or None."""
        return shared(f.source for f in self.facts)

    @property
    def dated_column(self) -> bool:
        """Return whether the facts table needs a date column: the dates differ, and one says more than its value."""
        if self.facts_dated:
            return False
        return any(normalised(f.dated) not in normalised(f.value) for f in self.facts)

    @property
    def source_column(self) -> bool:
        """Return whether the facts table needs a source column (the facts do not share one)."""
        return not self.facts_source


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
    role: str | None = None
    institution: str | None = None
    handout_url: str | None = None
    names: frozenset[str] = frozenset()

    @property
    def presenter_line(self) -> str | None:
        """Return «Name, role, institution» (what the deck gives of them), or None without a presenter."""
        if not self.presenter:
            return None
        return ", ".join(x for x in (self.presenter, self.role, self.institution) if x)

    @property
    def contact_line(self) -> str | None:
        """Return the contact, after «Name, role, institution: » unless it names the presenter itself."""
        if not self.contact:
            return None
        who = self.presenter_line
        if not who or normalised(self.presenter or "") in normalised(self.contact):
            return self.contact
        return f"{who}: {self.contact}"

    @property
    def help_items(self) -> tuple[tuple[str, str | None], ...]:
        """Return each help line as (name, details): split at its first «: », details None without one."""
        out = []
        for line in self.help:
            name, sep, details = line.partition(": ")
            # A phone number is never broken over two lines: «116 117» keeps its space unbreakable.
            details = re.sub(r"(?<=\d) (?=\d)", "\u00a0", details)
            out.append((name, details) if sep and details.strip() else (line, None))
        return tuple(out)

    @property
    def contact_heading(self) -> str | None:
        """Return the heading of the last section (contact, handout link and help), or None without any."""
        reach = self.contact or self.handout_url
        if reach and self.help:
            return "Kontakt og hjelp"
        if reach:
            return "Kontakt"
        return "Hjelp og tilbud" if self.help else None

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
    # One rule for every output (`cite.quote_source`, also under the quote on the slide): a text by others
    # than the person quoted is «gjengitt i Rob, u.å.»; a source named like the speaker is not named twice.
    return tuple(Span(r.text, r.italic) for r in cite.quote_source(content.quote, content.source))


def quote_view(content: QuoteContent) -> QuoteView:
    """Return a quote with its full attribution: name, role, source title, year and page."""
    quote = content.quote
    return QuoteView(" ".join(quote.text.split()), quote.by, quote.role, _where(content), quote.lang)


def fact_view(card: FactCard) -> FactView:
    """Return a fact with its value, meaning, date and source."""
    return FactView(card.fact.value, card.fact.text, card.dated, card.source.title if card.source else None)


@dataclass(frozen=True)
class Statements:
    """What a module's texts say once each (see the module docstring)."""

    summary: str | None
    prose: tuple[str, ...]
    key_points: tuple[str, ...]


def without_heading(text: str, heading: str) -> str:
    """Return `text` without an opening sentence that only repeats `heading` («Hvorfor …? Sju grunner …»)."""
    if not heading:
        return text
    match = re.match(r"\s*(.+?[.!?:])(?:\s+|$)(.*)", text, flags=re.S)
    if match and normalised(match.group(1)) == normalised(heading):
        return match.group(2).strip()
    return "" if normalised(text) == normalised(heading) else text


def one_statement_each(summary: str, prose: list[str], quotes: list[str], facts: list[str],
                       key_points: list[str], elsewhere: list[str] | tuple[str, ...] = (),
                       title: str = "") -> Statements:
    """Return the summary, prose paragraphs and key points that say something not already in the handout.

    `quotes` are the quotes with their attribution, `facts` each value with its meaning, and
    `elsewhere` what the handout states outside the module (the help list and the contact).
    The module's `title` is printed as its heading, so no text opens by repeating it.
    """
    summary = without_heading(summary, title)
    prose = [p for p in (without_heading(p, title) for p in prose) if p]
    kept: list[str] = []
    for paragraph in prose:
        if not restates(paragraph, [*quotes, *facts, *elsewhere, *kept]):
            kept.append(paragraph)
    shown_summary: str | None = summary
    if summary and kept and restates(summary, kept):
        shown_summary = None
    elif summary:
        kept = [p for p in kept if not restates(p, [summary])]
    shown = [x for x in (title, shown_summary, *kept, *quotes, *facts, *elsewhere) if x]
    points: list[str] = []
    for point in key_points:
        if not restates(point, [*shown, *points]):
            points.append(point)
    return Statements(shown_summary or None, tuple(kept), tuple(points))


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
            quotes = tuple(quote_view(q) for q in entry.quotes)
            facts = tuple(fact_view(f) for f in entry.facts)
            said = one_statement_each(
                " ".join(module.summary.split()),
                [p for text in entry.handout for p in paragraphs(text)],
                [f"{q.text} {q.plain}" for q in quotes],
                [f"{f.value} {f.text}" for f in facts],
                [" ".join(k.split()) for k in module.key_points],
                [*deck.help, deck.contact or ""],
                entry.title,
            )
            modules.append(ModuleView(
                anchor=anchor,
                number=len(modules) + 1,
                title=entry.title,
                start=entry.start,
                end=end,
                minutes=entry.minutes,
                summary=said.summary or "",
                objectives=tuple(module.objectives),
                key_points=said.key_points,
                prose=said.prose,
                quotes=quotes,
                facts=facts,
                links=tuple(module_links),
                questions=tuple(entry.questions),
            ))
        rows.append(ProgrammeRow(entry.start, end, entry.title, entry.minutes, module is None, anchor))
    references = tuple(tuple(Span(r.text, r.italic) for r in cite.reference(s)) for s in plan.sources)
    view = HandoutView(
        **deck_facts(plan),
        programme=tuple(rows),
        modules=tuple(modules),
        references=references,
        contact=deck.contact,
        help=tuple(deck.help),
        role=deck.role,
        institution=deck.institution,
        handout_url=deck.handout_url,
    )
    return replace(view, names=document_names(view))


def document_names(view: HandoutView) -> frozenset[str]:
    """Return the proper names of the handout (`names.names_in` over every text it prints)."""
    texts: list[str] = [view.title, view.subtitle or "", view.place or "", view.contact or "", *view.help]
    people: list[str] = [view.presenter or ""]
    for m in view.modules:
        texts += [m.title, m.summary, *m.objectives, *m.prose, *m.key_points, *m.questions]
        texts += [t for f in m.facts for t in (f.text, f.source or "")]
        texts += [t for link in m.links for t in (link.title, link.text or "")]
        for q in m.quotes:
            texts += [q.text, q.role or ""]
            people.append(q.by)
    return proper_names.names_in(texts, people)


def deck_facts(plan: DeckPlan) -> dict[str, str | None]:
    """Return what every document about a deck shows at its top: title, date, times, people, place."""
    deck = plan.deck
    return {
        "title": deck.title,
        "subtitle": deck.subtitle,
        "date": cite.norwegian_date(deck.date),
        "date_iso": iso_date(deck.date),
        "start": deck.start,
        "end": clock(deck.start, plan.session_minutes),
        "presenter": deck.presenter,
        "place": deck.place,
        "audience": plan.audience.name,
        "language": plan.audience.language or "nb",
    }


def handout_html(plan: DeckPlan, compact: bool = False) -> str:
    """Render the participant handout of `plan` as one self-contained HTML page (print CSS for A4).

    `compact` gives each reflection question two writing lines instead of three (`paper.print_html`
    chooses it when that saves a nearly empty last page).
    """
    view = handout_view(plan)
    template = environment().get_template("handout.html.j2")
    return template.render(view=view, css=stylesheet(), generator=GENERATOR, compact=compact)
