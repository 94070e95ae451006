"""Tell whether a message meant for a Norwegian reader still holds English words."""

from __future__ import annotations

import re

# Common English words that are not also Norwegian words (so «to», «at», «by», «hint» are left out).
ENGLISH = frozenset("""
the is are was were been must not no any key keys file files missing unknown found expected should
with without line value values cannot can't does doesn't which this that these those slide slides deck decks
image images module modules quote quotes has have had will would could only your you it its of and or
from into than there here where when what item items list empty allowed did mean write remove add check
used uses use same each every but source sources fact facts template layout placeholder picture folder
named name error errors warning warnings problem problems nothing written wrote built build kept unchanged
up date outputs output library created see help show shows usage options commands option command argument
missing invalid mapping scalar indicator indentation quoted string text true false number whole between
too many long short wide tall fit fits broken word words box please instead before after because so
shown skipped installed path paths looked how point set off yet new rebuild rebuilt watching stopped
""".split())

# Names that happen to be English words: the programs and systems our users know by these names.
NAMES = frozenset({"Word", "Windows", "Code", "Save", "Encoding"})

_QUOTED = re.compile(r"'[^']*'|«[^»]*»|`[^`]*`|\"[^\"]*\"|“[^”]*”|\S+\.(?:yaml|pptx|potx|png|jpe?g|pdf|html|docx)\b"
                     r"|https?://\S+|--?[a-z][a-z-]*|\S*[/\\]\S*")


def english_words(text: str) -> list[str]:
    """Return the English words in `text`, outside quoted names, file names, options and paths."""
    plain = _QUOTED.sub(" ", text)
    words = re.findall(r"[^\W\d_]+(?:'[a-z]+)?", plain)  # whole words, æøå included: «verktøyet» is not «yet»
    return [w for w in words if w.lower() in ENGLISH and w not in NAMES]
