"""One statement of each point: does a text only say again what the reader has already read?

A module offers the handout several texts that authors often write from the same notes: the
summary, the handout prose, the quotes, the facts and the key points. Printed one after the
other they say the same thing two or three times. This module decides, by one rule that
holds for any library, which of them only repeat what is already on the page.

Texts are compared as sets of *words*: case, Unicode composition and punctuation are
ignored; a word counts when it has four or more letters, or two or more characters with a
digit («2018», «50», not «7»), and is not one of a few function words («eller», «også»,
«etter» …). Two words are the same when they are equal or differ only in an inflected
ending: they share every letter of the shorter but its last, and the longer has at most
three letters more («problemer»/«problemene», «ordvegg»/«ordveggen», «normal»/«normalt»),
so compounds that only begin alike («erfaring»/«erfaringskompetanse») stay different.

A text *restates* others when at least `SHARE` (70 %) of its words are among theirs. A text
without counted words restates others when its normalised text occurs in theirs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

SHARE = 0.7

# Function words of four or more letters; they say nothing about what a text is about.
STOP = frozenset("""
    alle andre annen annet både blant blir ble bare denne dette disse eget egen egne eller etter fordi
    fram frem hadde har hele hvem hvor hvordan hvorfor ikke inne inn kommer kunne like mange mellom
    mens mere mest noen også over samme seg selv sine sitt skal slik som under uten vært være ville
""".split())

_WORD = re.compile(r"[^\W_]+")


def normalised(text: str) -> str:
    """Return `text` in NFKC, case-folded, with every run of non-letters and non-digits as one space."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def words(text: str) -> frozenset[str]:
    """Return the counted words of `text` (see the module docstring)."""
    return frozenset(
        w for w in normalised(text).split()
        if (len(w) >= 4 or (len(w) >= 2 and any(c.isdigit() for c in w))) and w not in STOP
    )


def same_word(a: str, b: str) -> bool:
    """Return whether `a` and `b` are the same word, allowing an inflected ending of up to three letters."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(long_) - len(short) > 3 or len(short) < 4 or any(c.isdigit() for c in short + long_):
        return False
    common = 0
    for x, y in zip(short, long_):
        if x != y:
            break
        common += 1
    return common >= len(short) - 1


def coverage(text: str, others: Iterable[str]) -> float:
    """Return the share (0–1) of the words of `text` that are among the words of `others`."""
    mine = words(text)
    theirs: set[str] = set()
    for other in others:
        theirs |= words(other)
    if not mine:
        joined = " " + " ".join(normalised(o) for o in others) + " "
        plain = normalised(text)
        return 1.0 if plain and f" {plain} " in joined else 0.0
    found = sum(1 for w in mine if w in theirs or any(same_word(w, t) for t in theirs))
    return found / len(mine)


def restates(text: str, others: Iterable[str]) -> bool:
    """Return whether `text` only says again what `others` say (at least `SHARE` of its words)."""
    others = [o for o in others if o]
    return bool(others) and coverage(text, others) >= SHARE
