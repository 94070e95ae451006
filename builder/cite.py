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
    stand_alone = is_stand_alone(source)
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
    """Format the line under a quote on a slide: '— Name, role (Source, 2018, s. 12)'.

    The parentheses are `quote_source`'s, with a long title shortened to fit a slide.
    """
    where = plain(quote_source(quote, source, short=True))
    return f"— {credit(quote)}" + (f" ({where})" if where else "")


def credit(quote: Quote) -> str:
    """Return who is quoted: 'Name, role'."""
    return f"{quote.by}, {quote.role}" if quote.role else quote.by


_SHORT_TITLE = 60  # characters of a source title a slide's attribution line shows


def quote_source(quote: Quote, source: Source | None, short: bool = False) -> tuple[Run, ...]:
    """Return where a quote is from, as the runs inside the parentheses after its credit.

    One rule for every output (slide, handout, manuscript):
    * a source written by others than the person quoted (Topor quoted in Rob's article) is a
      secondary source, cited the APA way so that the line never reads as if the person quoted
      wrote it: «gjengitt i Rob, u.å.»;
    * a source the person quoted wrote, or one without authors: its title (in italics when it
      stands alone) and year, «Tittel, 2018»; a title that only repeats the person's name
      («Psykisk helsemagasin») is not named twice, its year stays; a title that is the quote
      itself (a review titled with its verdict) gives way to where it appeared, «vernepleier.no, 2020»;
    * then the page, «s. 12».
    `short` shortens a long title (slides); the reference list has it in full.
    """
    runs: list[Run] = []
    if source is not None and source.authors and not quoted_is_author(quote.by, source.authors):
        year = str(source.year) if source.year else "u.å."
        runs.append(Run(f"gjengitt i {in_text_authors(source.authors)}, {year}"))
    elif source is not None:
        if _same_name(source.title, quote.by):
            if source.year:
                runs.append(Run(str(source.year)))
        elif _same_words(source.title, quote.text):
            # A review titled with the very sentence quoted: the title would print the quote twice.
            runs.append(Run(", ".join(p for p in (source.container, str(source.year) if source.year else None) if p)))
        else:
            title = source.title
            if short and len(title) > _SHORT_TITLE:
                title = title[:_SHORT_TITLE - 3].rstrip() + "…"
            runs.append(Run(title, italic=is_stand_alone(source)))
            if source.year:
                runs.append(Run(f", {source.year}"))
    if quote.page:
        runs.append(Run(f"{', ' if runs else ''}s. {quote.page}"))
    return tuple(runs)


def is_stand_alone(source: Source) -> bool:
    """Tell whether a source is a work of its own (its title in italics), not a part of another."""
    return source.type in ("book", "film", "report", "web", "presentation", "meeting", "magazine")


def in_text_authors(authors: list[str]) -> str:
    """Return the authors as an APA 7 in-text citation names them: «Rob», «Rob & Berg», «Rob et al.»."""
    names = [_surname(a) for a in authors]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} & {names[1]}"
    return f"{names[0]} et al."


def quoted_is_author(by: str, authors: list[str]) -> bool:
    """Tell whether the person quoted (`by`, a name as written, «Alain Topor») is one of `authors`.

    An author is 'Etternavn, F.' (the surname's words must be in the name, and the first
    initial, when both give one, must begin a word before it: «Dr. Alain Topor» is «Topor, A.»)
    or a name written out, which must end the name: an organisation is the same name, a
    surname alone («Topor») the person's last name.
    """
    words = _words(by)
    for author in authors:
        if "," not in author:
            written = _words(author)
            if written and words[-len(written):] == written:
                return True
            continue
        surname, _, initials = author.partition(",")
        family, first = _words(surname), initials.strip()[:1].casefold()
        for i in range(len(words) - len(family) + 1):
            given = words[:i]
            if family and words[i:i + len(family)] == family and (
                    not first or not given or any(w[:1] == first for w in given)):
                return True
    return False


def _surname(author: str) -> str:
    return author.split(",", 1)[0].strip() if "," in author else author.strip()


def _words(name: str) -> list[str]:
    return [w for w in name.replace(".", " ").replace(",", " ").casefold().split() if w]


def _same_words(a: str, b: str) -> bool:
    """Tell whether two texts say the same words, whatever their punctuation and case."""
    import re

    def words(text: str) -> list[str]:
        return re.findall(r"\w+", text.casefold())

    return words(a) == words(b)


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def sort_key(source: Source) -> tuple[str, int, str]:
    """Order sources for a reference list: by first author (or title), then year."""
    lead = source.authors[0] if source.authors else source.title
    return (lead.casefold(), source.year or 0, source.title.casefold())
