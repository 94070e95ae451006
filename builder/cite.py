"""Reference formatting: one citation style (APA 7, Norwegian conventions) for every output.

Returns plain text split into runs, so renderers can set the title in italics without
knowing the rules: a reference is a tuple of `Run(text, italic)`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from builder.model import Quote, Source

MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)
_MEDIUM = {"film": "Film", "presentation": "Lysark", "meeting": "Møte"}


@dataclass(frozen=True)
class Run:
    """A piece of a reference; `italic` for titles of stand-alone works."""

    text: str
    italic: bool = False


def norwegian_date(day: dt.date) -> str:
    """Format a date the Norwegian way: '22. november 2026'."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def _medium(source: Source) -> str | None:
    """Return the bracketed description APA 7 puts after a title, e.g. «Video» for YouTube."""
    if source.type == "film" and (source.container or "").casefold() in ("youtube", "vimeo"):
        return "Video"
    return _MEDIUM.get(source.type)


def _authors(names: list[str]) -> str:
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " & " + names[-1]


def _end(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def reference(source: Source) -> tuple[Run, ...]:
    """Format `source` as an APA 7 reference (Norwegian: 'u.å.' when the year is unknown)."""
    year = f"({source.year})." if source.year else "(u.å.)."
    who = _authors(source.authors)
    runs: list[Run] = []
    stand_alone = source.type in ("book", "film", "report", "web", "presentation", "meeting", "magazine")
    medium = f" [{_medium(source)}]" if _medium(source) else ""
    if who:
        runs.append(Run(f"{_end(who)} {year} "))
        if stand_alone:
            runs.append(Run(source.title, italic=True))
            runs.append(Run(f"{medium}. " if medium else ". " if not source.title.endswith((".", "?", "!")) else " "))
        else:
            runs.append(Run(_end(source.title) + " "))
    else:
        # APA: without an author, the title moves to the author's place.
        if stand_alone:
            runs.append(Run(source.title, italic=True))
            title_end = "" if source.title.endswith((".", "?", "!")) and not medium else "."
            runs.append(Run(f"{medium}{title_end} {year} "))
        else:
            runs.append(Run(f"{_end(source.title)} {year} "))
    if source.container:
        container = source.container
        extra = ""
        if source.volume:
            extra += f", {source.volume}"
            if source.issue:
                extra += f"({source.issue})"
        elif source.issue:
            extra += f", ({source.issue})"
        if source.pages:
            extra += f", {source.pages}"
        # A periodical's name is italic; a web site or platform (YouTube) is not (APA 7).
        runs.append(Run(container, italic=source.type in ("article", "chapter")))
        runs.append(Run(extra + ". "))
    if source.edition:
        runs.append(Run(f"({source.edition}. utg.). "))
    if source.publisher:
        runs.append(Run(_end(source.publisher) + " "))
    if source.url:
        if source.accessed:
            runs.append(Run(f"Hentet {norwegian_date(source.accessed)} fra {source.url}"))
        else:
            runs.append(Run(source.url))
    return _tidy(runs)


def _tidy(runs: list[Run]) -> tuple[Run, ...]:
    out = [Run(" ".join(r.text.split(" ")).replace("  ", " "), r.italic) for r in runs if r.text]
    if out:
        last = out[-1]
        out[-1] = Run(last.text.rstrip(), last.italic)
    return tuple(out)


def plain(runs: tuple[Run, ...]) -> str:
    """Join the runs of a reference into plain text."""
    return "".join(r.text for r in runs)


def attribution(quote: Quote, source: Source | None) -> str:
    """Format the line under a quote: '— Name, role (Source, s. 12)'."""
    text = f"— {quote.by}"
    if quote.role:
        text += f", {quote.role}"
    where = []
    if source is not None and source.title.casefold() != quote.by.casefold():
        short = source.title if len(source.title) <= 60 else source.title[:57].rstrip() + "…"
        where.append(f"{short}{', ' + str(source.year) if source.year else ''}")
    if quote.page:
        where.append(f"s. {quote.page}")
    if where:
        text += f" ({', '.join(where)})"
    return text


def sort_key(source: Source) -> tuple[str, int, str]:
    """Order sources for a reference list: by first author (or title), then year."""
    lead = source.authors[0] if source.authors else source.title
    return (lead.casefold(), source.year or 0, source.title.casefold())
