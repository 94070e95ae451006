"""Speaker notes for the slides the builder makes itself: opening, programme, transitions, pauses, sources, closing.

Pure text, Norwegian bokmål, in the presenter's voice: what to say, never remarks about the
material (those belong in YAML comments). A deck may write its own opening and closing
(`opening_notes`, `closing_notes`); everything else is made from the deck's own fields, so it
never claims what the library does not say.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from builder.model import Deck, Fact

_NUMBERS = {1: "én", 2: "to", 3: "tre", 4: "fire", 5: "fem", 6: "seks", 7: "sju", 8: "åtte", 9: "ni", 10: "ti",
            11: "elleve", 12: "tolv"}


@dataclass(frozen=True)
class Part:
    """One entry of the programme as the notes speak of it."""

    title: str
    start: str  # HH:MM
    minutes: int
    pause: bool = False


def counted(count: int, one: str, many: str) -> str:
    """Return «tre deler», «én del»: the number in words up to twelve, then in digits."""
    return f"{_NUMBERS.get(count, str(count))} {one if count == 1 else many}"


def listed(words: list[str]) -> str:
    """Join words the Norwegian way: «a, b og c»."""
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " og " + words[-1]


def _who(deck: Deck) -> str | None:
    if not deck.presenter:
        return None
    if deck.role and deck.institution:
        return f"Jeg heter {deck.presenter}, {deck.role} ved {deck.institution}."
    if deck.role:
        return f"Jeg heter {deck.presenter}, og jeg er {deck.role}."
    if deck.institution:
        return f"Jeg heter {deck.presenter} og kommer fra {deck.institution}."
    return f"Jeg heter {deck.presenter}."


# Words a subtitle may start with that are not names, so that it can continue a sentence.
_COMMON_STARTS = {"når", "for", "hva", "hvordan", "hvorfor", "hvem", "om", "med", "fra", "til", "en", "et", "ei",
                  "det", "den", "de", "slik", "i", "på", "og"}


def _lowered(text: str) -> str:
    """Return a subtitle to continue a sentence: «Når egen …» → «når egen …»; names keep their capital."""
    text = text.strip().rstrip(".")
    first = text.split(" ", 1)[0]
    return text[0].lower() + text[1:] if first.lower() in _COMMON_STARTS else text


def opening(deck: Deck, parts: list[Part]) -> str:
    """Return the notes of the title slide: the deck's own opening, or a welcome made from its fields."""
    if deck.opening_notes and deck.opening_notes.strip():
        return deck.opening_notes.strip()
    modules = [p for p in parts if not p.pause]
    first = [f"Velkommen, og takk for at dere er her. {_who(deck) or ''}".strip()]
    about = f" – {_lowered(deck.subtitle)}" if deck.subtitle else ""
    first.append(f"Temaet i dag er {quoted(deck.title)}{about}.")
    second = f"Vi har {deck.minutes} minutter sammen"
    if modules:
        second += f" og skal innom {counted(len(modules), 'del', 'deler')}; programmet kommer på neste lysbilde"
    return " ".join(first) + "\n\n" + second + "."


def programme(parts: list[Part], end: str, reserve: int = 0) -> str:
    """Return the notes of the programme slide: when we start, break and finish (and the minutes kept for questions)."""
    modules = [p for p in parts if not p.pause]
    pauses = [p for p in parts if p.pause]
    start = parts[0].start if parts else end
    text = f"Slik ser programmet ut: {counted(len(modules), 'del', 'deler')} fra klokken {start} til {end}"
    if pauses:
        text += ", med pause klokken " + listed([p.start for p in pauses])
    if reserve == 1:
        text += ". Det siste minuttet er satt av til spørsmål"
    elif reserve:
        text += f". De siste {counted(reserve, 'minuttet', 'minuttene')} er satt av til spørsmål"
    return text + ". Si gjerne fra underveis hvis noe er uklart."


def quoted(title: str) -> str:
    """Return «title», with quotes inside it turned into the inner ones (‘…’) as Norwegian sets them."""
    return "«" + title.replace("«", "‘").replace("»", "’") + "»"


def transition(title: str, first: bool, after_pause: bool) -> str:
    """Return the line that leads into a module, spoken before the notes of its first slide."""
    title = quoted(title)[1:-1]
    if first:
        return f"Vi begynner med «{title}»."
    if after_pause:
        return f"Velkommen tilbake. Vi fortsetter med «{title}»."
    return f"Da går vi videre til «{title}»."


_TRANSITIONS = ("Vi begynner med «", "Velkommen tilbake. Vi fortsetter med «", "Da går vi videre til «")


def without_lead(notes: str) -> str:
    """Notes of a module's first slide without the words `transition` (and what follows it) put before them.

    The builder sets its lead-in as the first paragraph, so a deck read back (an import of our own
    deck) gives the module's notes as they were written.
    """
    first, _sep, rest = notes.partition("\n\n")
    return rest.strip() if first.startswith(_TRANSITIONS) else notes


def pause(minutes: int, back: str) -> str:
    """Return the notes of a pause slide."""
    return f"Nå tar vi {minutes} minutters pause. Vi begynner igjen klokken {back}."


def ageing(facts: list[Fact], date: dt.date, notes: str | None = None) -> tuple[str | None, str] | None:
    """Return (spoken framing, private cue) for figures past their review date on the day of the deck, else None.

    Why both: the audience should hear that the figures show a past year, and the presenter
    should see, while rehearsing, that newer figures would replace them. Notes that already
    say when the figures are from get no second framing (None).
    """
    old = [f for f in facts if f.review_after is not None and f.review_after < date]
    if not old:
        return None
    when = old[0].as_of_text or str(old[0].as_of.year)
    said = f"Tallene jeg viser her, er fra {when}. Se dem som et bilde av hvordan det så ut da, ikke som dagens tall."
    if notes and when.casefold() in notes.casefold():
        said = None
    cue = (f"Tallene er fra {when}. Finnes det nyere tall fra en kilde du kan vise til, bør de erstatte disse "
           "før foredraget.")
    return said, cue


def sources(handout: bool) -> str:
    """Return the notes of the reference slide."""
    text = "Her er kildene jeg har brukt i dag."
    if handout:
        text += " De står også i deltakerheftet, så dere trenger ikke skrive dem av."
    return text


def help_notes(handout: bool) -> str:
    """Return the notes of the slide that says where to get help."""
    text = ("Temaene vi har snakket om, kan vekke noe hos noen av dere. Her ser dere hvor dere kan få hjelp "
            "eller noen å snakke med.")
    if handout:
        text += " Listen står også i deltakerheftet."
    return text


def closing(deck: Deck, handout: bool, has_sources: bool = False) -> str:
    """Return the notes of the closing slide: the deck's own closing, or one made from its contact and handout."""
    if deck.closing_notes and deck.closing_notes.strip():
        return deck.closing_notes.strip()
    said = []
    if deck.contact:
        said.append("Ta gjerne kontakt med meg senere hvis dere lurer på noe.")
    if deck.handout_url:
        said.append("Deltakerheftet finner dere på lenken, eller ved å skanne QR-koden med mobilen.")
    elif handout:
        said.append(f"Hovedpunktene{' og kildene' if has_sources else ''} finner dere i deltakerheftet.")
    said.append("Er det noen spørsmål før vi avslutter?")
    return "Takk for at dere var med i dag.\n\n" + " ".join(said)
