"""Norwegian-aware search over the studio's catalog: «håp» finds «håpet», «stigma» finds «stigmaord».

Words are compared by their Snowball stem for Norwegian (the algorithm search engines use; the
`snowballstemmer` package is pure Python and well kept, and a hand-written suffix list would miss
the irregular cases), and a query word also matches as the start of a word, so that a half-typed
word or the first part of a compound finds what a lecturer means.
"""

from __future__ import annotations

import re
from functools import lru_cache

from builder.studio.catalog import Catalog, Entry

_WORD = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ]+")


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("norwegian")


def words(text: str) -> list[str]:
    """Split text into lower-case words (letters with æ, ø, å and accents, and digits)."""
    return [w.casefold() for w in _WORD.findall(text)]


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    """The Norwegian stem of one lower-case word."""
    return _stemmer().stemWord(word)


def matches(query: str, text: str) -> bool:
    """Tell whether every word of `query` is found in `text` (as a stem, or as the start of a word)."""
    wanted = words(query)
    if not wanted:
        return False
    have = words(text)
    stems = {stem(w) for w in have}
    for word in wanted:
        root = stem(word)
        if root in stems:
            continue
        if any(w.startswith(word) or w.startswith(root) for w in have):
            continue
        return False
    return True


def search(catalog: Catalog, query: str, limit: int = 100) -> list[Entry]:
    """Return the entries whose text holds every word of `query`, titles matching first."""
    found = [e for e in catalog.entries if matches(query, e.words)]
    found.sort(key=lambda e: (not matches(query, e.title + " " + e.id), e.kind, e.id))
    return found[:limit]
