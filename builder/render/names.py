"""Proper names that a printed page must never hyphenate («Sofia Hauge», «Bergen»).

A hyphenation dictionary splits words by their letters, so it cuts «Ber-gen» and «Hau-ge»
as readily as «erfa-ring». The rule, the same for any library:

* a *name* is every word of the people the document names (a quote's `by`, the presenter),
  and every word that begins with a capital letter somewhere in the document where it does
  not open a sentence (not first in the text, and not after «.», «!», «?» or «:»);
* a capitalised word with a hyphen of its own, or with a capital inside it, is a name wherever
  it stands: «Ann-Lill» in «Ann-Lill Grendah har …», «MB-programmet», «AnnLill», «YouTube»;
* a full stop after a capitalised abbreviation of one or two letters («St. Olav») does not
  end a sentence;
* every occurrence of a name is protected, also where it opens a sentence
  («Bergen kommune …» is protected because «i Bergen» occurs elsewhere).

`segments` cuts a text into (piece, is_name) pairs; the HTML wraps names in a span with
`hyphens: none`, the Word file marks them as text not to be proofed (Word and LibreOffice
do not hyphenate it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A word: letters and digits, with inner hyphens or apostrophes («MB-programmet», «O'Neill»).
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?:]\W*$")
# «St. Olav», «Dr. Hansen»: a full stop after a short capitalised abbreviation.
_ABBREVIATION_END = re.compile(r"(?:^|[^\w])[A-ZÆØÅ][a-zæøå]?\.\s*$")


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start]
    if not before.strip("«»\"'“”‘’()–—- \n"):
        return True
    return bool(_SENTENCE_END.search(before)) and not _ABBREVIATION_END.search(before)


def _capitalised(word: str) -> bool:
    return word[0].isupper()


def _name_wherever(word: str) -> bool:
    """Tell whether a capitalised word is a name wherever it stands: a hyphen or a capital inside it."""
    return _capitalised(word) and ("-" in word or any(ch.isupper() for ch in word[1:]))


def names_in(texts: Iterable[str], people: Iterable[str] = ()) -> frozenset[str]:
    """Return the names of a document: the words of `people`, and capitalised words not opening a sentence."""
    found: set[str] = set()
    for person in people:
        found.update(m.group() for m in _WORD.finditer(person or "") if len(m.group()) > 1)
    texts = [t for t in texts if t]
    for text in texts:
        for match in _WORD.finditer(text):
            word = match.group()
            if not _capitalised(word) or len(word) < 2:
                continue
            # A double name («Ann-Lill», «AnnLill») often opens a sentence: it is a name wherever it stands.
            if _name_wherever(word) or not _opens_sentence(text, match.start()):
                found.add(word)
    return frozenset(found)


def segments(text: str, names: frozenset[str]) -> list[tuple[str, bool]]:
    """Return `text` as consecutive (piece, is_name) pairs; joined, the pieces give `text` again."""
    out: list[tuple[str, bool]] = []
    at = 0
    if names:
        for match in _WORD.finditer(text):
            if match.group() in names:
                if match.start() > at:
                    out.append((text[at:match.start()], False))
                out.append((match.group(), True))
                at = match.end()
    if at < len(text):
        out.append((text[at:], False))
    return out
