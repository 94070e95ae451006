"""Synthetic, deterministic content for the benchmark: one library per deck size.

`make_deck(n, seed)` draws a deck of `n` content slides (Norwegian text about
erfaringskompetanse, speaker notes on every slide, a quote slide every fifth slide) from a
seeded `random.Random`, so every run times the same bytes. The same `SyntheticDeck` is
written three ways, so the three tools build the same slides:

- `write_library`  — an Erfaringsbanken library (slides/, quotes/) for `erfaring build`;
- `write_floor_json` — the slides as plain title/body/notes records for bench/floor.py;
- `write_markdown` — a Pandoc Markdown file (one `##` heading per slide, `::: notes`).

Stdlib only: YAML is written by hand with JSON-quoted scalars (a JSON string is a valid
YAML double-quoted scalar), so `python bench/run.py` works from any Python 3.10+.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass, field
from pathlib import Path

SLIDES_PER_MODULE = 10
QUOTE_EVERY = 5
MAX_DECK_MINUTES = 600  # the schema's upper limit for a deck's slot
AUDIENCE_ID = "hoyskole"
DECK_SUBTITLE = "Syntetisk innhold for ytelsesmåling"

TOPICS = (
    "Hva er erfaringskompetanse", "Vendepunkter", "Brukermedvirkning i praksis", "Likepersonsarbeid",
    "Håp og bedring", "Recovery i tjenestene", "Åpenhet på arbeidsplassen", "Stigma og språk",
    "Pårørendes erfaringer", "Samarbeid på tvers", "Erfaringskonsulentens rolle", "Taushetsplikt og deling",
    "Å bruke egen historie", "Medvirkning i kommunen", "Møter som gjør en forskjell", "Veien tilbake til arbeid",
)
SUBJECTS = (
    "Erfaringskonsulenten", "Brukermedvirkning", "Likepersonsarbeid", "Den som har stått i krisen selv",
    "Tjenesten", "Et recoveryorientert team", "Fagfolk med egenerfaring", "Pårørende", "Ledelsen",
    "Samarbeidet på tvers", "Erfaringskompetanse", "Et åpent møte",
)
VERBS = (
    "bidrar til", "skaper", "styrker", "utfordrer", "gjør det lettere å se", "åpner for", "krever",
    "bygger på", "gir rom for", "minner oss om",
)
OBJECTS = (
    "håp og tillit", "et mer likeverdig samarbeid", "forståelse for vendepunktene", "språk for det vanskelige",
    "åpenhet om psykisk helse", "bedre overganger", "kunnskap utenfor lærebøkene", "respekt og nærhet",
    "små skritt mot bedring", "en kultur der erfaring teller", "mestring og mening", "tryggere pasientforløp",
)
PLACES = ("", " i hverdagen", " på arbeidsplassen", " i kommunen", " på døgnavdelingen", " i møte med NAV")
QUESTIONS = (
    "Hva betyr erfaring for deg?", "Når ble du sist møtt som et helt menneske?",
    "Hva gjør et møte trygt?", "Hvem sin kunnskap teller her?", "Hva ville du sagt til deg selv den gang?",
)
NAMES = (
    "Kari Nordmann", "Åse Bjørnstad", "Håkon Lie", "Siri Øvrebø", "Ola Haugen", "Grete Sæther",
    "Bjørn Kvåle", "Ingrid Ødegård", "Tore Aamodt", "Mette Brække",
)
ROLES = (
    "erfaringskonsulent, Bergen", "likeperson, Tromsø", "pårørende", "erfaringsformidler, Oslo",
    "brukerrepresentant, Trondheim", "sykepleier med egenerfaring",
)
SOURCES = (
    ("erfaring-bok", "book", "Erfaringskompetanse i psykisk helsearbeid", "Nordmann, K.", 2019),
    ("vendepunkt-artikkel", "article", "Vendepunkter og bedring", "Lie, H.", 2021),
    ("recovery-rapport", "report", "Recovery i norske tjenester", "Helsedirektoratet", 2022),
    ("likeperson-film", "film", "Å gå sammen", "Bjørnstad, Å.", 2018),
    ("brukerstemme-web", "web", "Brukerstemmen i kommunen", "Øvrebø, S.", 2023),
    ("aapenhet-magasin", "magazine", "Åpenhet på arbeidsplassen", "Haugen, O.", 2020),
)


@dataclass(frozen=True)
class Quote:
    """One quote of the quote bank."""

    id: str
    text: str
    by: str
    role: str
    source: str


@dataclass(frozen=True)
class Slide:
    """One content slide: bullets, or a quote (then `quote` is set and `bullets` empty)."""

    title: str
    notes: str
    bullets: tuple[str, ...] = ()
    quote: Quote | None = None


@dataclass(frozen=True)
class Module:
    """About ten slides under one module id."""

    id: str
    title: str
    summary: str
    minutes: int
    slides: tuple[Slide, ...]


@dataclass(frozen=True)
class SyntheticDeck:
    """A whole generated deck: its modules (in order) and the quotes they use."""

    id: str
    title: str
    minutes: int
    modules: tuple[Module, ...]
    quotes: tuple[Quote, ...] = field(default=())

    @property
    def slides(self) -> list[Slide]:
        """Every content slide in deck order."""
        return [s for m in self.modules for s in m.slides]


# --- text -----------------------------------------------------------------------------


def sentence(rng: random.Random) -> str:
    """Return one short Norwegian sentence about erfaringskompetanse."""
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(PLACES)}."


def notes_text(rng: random.Random) -> str:
    """Return speaker notes: two paragraphs, the second with a question in «»."""
    first = " ".join(sentence(rng) for _ in range(rng.randint(2, 3)))
    second = f"Spør gjerne salen: «{rng.choice(QUESTIONS)}» {sentence(rng)}"
    return f"{first}\n\n{second}"


def quote_text(rng: random.Random) -> str:
    """Return a first-person quote, without «»."""
    opening = rng.choice(("Det som hjalp meg, var", "Jeg husker at", "For meg handlet det om", "Vendepunktet kom da"))
    return f"{opening} {rng.choice(OBJECTS)}{rng.choice(PLACES)}. {sentence(rng)}"


# --- the deck -------------------------------------------------------------------------


def module_minutes(n_modules: int) -> int:
    """Minutes per module: ten, or fewer so that all modules fit in the largest slot."""
    return max(1, min(10, (MAX_DECK_MINUTES - 10) // n_modules))


def make_deck(n_slides: int, seed: int = 1, prefix: str = "") -> SyntheticDeck:
    """Return a deck of `n_slides` content slides, the same for the same arguments.

    `prefix` goes in front of the deck's, modules' and quotes' ids (and into the seed), so
    that several generated decks can share one library (`write_library_many`).
    """
    rng = random.Random(f"{seed}-{n_slides}{'-' + prefix if prefix else ''}")
    n_modules = math.ceil(n_slides / SLIDES_PER_MODULE)
    minutes = module_minutes(n_modules)
    quotes: list[Quote] = []
    modules = []
    number = 0
    for m in range(n_modules):
        topic = TOPICS[m % len(TOPICS)]
        slides = []
        for _ in range(min(SLIDES_PER_MODULE, n_slides - number)):
            number += 1
            slides.append(_slide(rng, number, topic, quotes, prefix))
        modules.append(Module(f"{prefix}modul-{m + 1:04d}", f"{topic} ({m + 1})", sentence(rng) + " " + sentence(rng),
                              minutes, tuple(slides)))
    slot = min(MAX_DECK_MINUTES, 5 * math.ceil(n_modules * minutes / 5) + 5)
    return SyntheticDeck(f"{prefix}bench-{n_slides:04d}", f"Erfaringskompetanse – {n_slides} lysbilder",
                         slot, tuple(modules), tuple(quotes))


def _slide(rng: random.Random, number: int, topic: str, quotes: list[Quote], prefix: str = "") -> Slide:
    """Return slide `number` (1-based); every fifth is a quote slide, with a new quote."""
    notes = notes_text(rng)
    if number % QUOTE_EVERY == 0:
        quote = Quote(f"{prefix}sitat-{len(quotes) + 1:04d}", quote_text(rng), rng.choice(NAMES), rng.choice(ROLES),
                      rng.choice(SOURCES)[0])
        quotes.append(quote)
        return Slide(f"Stemmer fra erfaring {len(quotes)}", notes, quote=quote)
    bullets = tuple(sentence(rng) for _ in range(rng.randint(3, 4)))
    return Slide(f"{topic}: punkt {number}", notes, bullets)


# --- writers --------------------------------------------------------------------------


def q(text: str) -> str:
    """Quote `text` as a YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _write(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_library(deck: SyntheticDeck, root: Path) -> None:
    """Write an Erfaringsbanken library with `deck` as its only deck under `root`."""
    write_library_many([deck], root)


def make_decks(n_decks: int, slides_per_deck: int, seed: int = 1) -> list[SyntheticDeck]:
    """Return `n_decks` different decks with distinct ids (d01-…, d02-…) for one library."""
    return [make_deck(slides_per_deck, seed, prefix=f"d{d:02d}-") for d in range(1, n_decks + 1)]


def write_library_many(decks: list[SyntheticDeck], root: Path) -> None:
    """Write one Erfaringsbanken library holding every deck of `decks` (ids must not clash)."""
    _write(root / "slides" / "audiences.yaml", [
        "audiences:", f"  - id: {AUDIENCE_ID}", "    name: Bachelorstudenter", "    consent: teaching"])
    _write(root / "slides" / "facts.yaml", ["facts: []"])
    _write(root / "quotes" / "sources.yaml", ["sources:"] + [
        line for sid, kind, title, author, year in SOURCES for line in (
            f"  - id: {sid}", f"    type: {kind}", f"    title: {q(title)}", f"    authors: [{q(author)}]",
            f"    year: {year}")])
    quote_lines = ["quotes:"]
    for quote in (q_ for deck in decks for q_ in deck.quotes):
        quote_lines += [f"  - id: {quote.id}", f"    text: {q(quote.text)}", f"    by: {q(quote.by)}",
                        f"    role: {q(quote.role)}", f"    source: {quote.source}", "    consent: public"]
    if len(quote_lines) > 1:  # a quote file needs at least one quote
        _write(root / "quotes" / "erfaringer.yaml", quote_lines)
    for deck in decks:
        for module in deck.modules:
            _write(root / "slides" / "modules" / f"{module.id}.yaml", _module_lines(module))
        _write_deck(deck, root)


def _write_deck(deck: SyntheticDeck, root: Path) -> None:
    _write(root / "slides" / "decks" / f"{deck.id}.yaml", [
        # A subtitle also keeps the builder from putting every module title into the
        # document's «subject» property, which python-pptx limits to 255 characters.
        f"id: {deck.id}", f"title: {q(deck.title)}", f"subtitle: {q(DECK_SUBTITLE)}",
        "date: 2026-11-22", "start: \"09:00\"", f"audience: {AUDIENCE_ID}", f"minutes: {deck.minutes}",
        "outputs: [pptx]", "modules:",
        *(f"  - {m.id}" for m in deck.modules)])


def _module_lines(module: Module) -> list[str]:
    lines = [f"id: {module.id}", f"title: {q(module.title)}", f"summary: {q(module.summary)}",
             f"minutes: {module.minutes}", "consent: public", "slides:"]
    for slide in module.slides:
        if slide.quote:
            lines += ["  - kind: quote", f"    title: {q(slide.title)}", f"    quote: {slide.quote.id}"]
        else:
            lines += ["  - kind: bullets", f"    title: {q(slide.title)}", "    bullets:"]
            lines += [f"      - {q(b)}" for b in slide.bullets]
        lines.append(f"    notes: {q(slide.notes)}")
    return lines


def floor_records(deck: SyntheticDeck) -> list[dict]:
    """Return every slide as {title, body, notes}: title, programme, content, closing, sources.

    Mirrors what `erfaring build` puts in the deck (it adds the title, «Program», closing
    and «Kilder» slides itself), so the floor builds about the same number of slides.
    """
    records = [{"title": deck.title, "body": [DECK_SUBTITLE], "notes": ""},
               {"title": "Program", "body": [m.title for m in deck.modules], "notes": ""}]
    for slide in deck.slides:
        body = list(slide.bullets) or [f"«{slide.quote.text}»", f"– {slide.quote.by}, {slide.quote.role}"]
        records.append({"title": slide.title, "body": body, "notes": slide.notes})
    records.append({"title": "Takk for i dag", "body": [], "notes": ""})
    records.append({"title": "Kilder", "body": [f"{a} ({y}). {t}." for _, _, t, a, y in SOURCES], "notes": ""})
    return records


def write_floor_json(deck: SyntheticDeck, path: Path) -> None:
    """Write the slide records for bench/floor.py."""
    path.write_text(json.dumps({"slides": floor_records(deck)}, ensure_ascii=False), encoding="utf-8")


def write_markdown(deck: SyntheticDeck, path: Path) -> None:
    """Write the deck as Pandoc Markdown: a `##` heading per slide, notes in `::: notes`."""
    lines = ["---", f"title: {q(deck.title)}", "lang: nb-NO", "---", ""]
    for record in floor_records(deck)[1:]:
        lines += [f"## {record['title']}", ""]
        lines += [f"- {b}" for b in record["body"]] + [""]
        if record["notes"]:
            lines += ["::: notes", record["notes"], ":::", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
