"""The corpus of real decks made elsewhere (tests/fixtures/import/) and the words in them.

`source_words(path)` is the yardstick for the import word-coverage test: every word python-pptx
reads from a deck's slide text (text frames, also inside groups, and table cells) and speaker
notes. It deliberately leaves out what the importer is not asked to carry over: hidden slides
(skipped and listed in the report), slide-number, date and footer placeholders, chart text and
SmartArt (python-pptx does not read SmartArt text at all).

Words are compared case-insensitively and without punctuation: `words("«Hei», sa Ola.")` is
`["hei", "sa", "ola"]`. Use the same `words()` on the draft's text and `coverage()` to compare.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.shapes.base import BaseShape

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "import"
SOURCES_MD = CORPUS / "SOURCES.md"
LICENSES = CORPUS / "licenses"
SUFFIXES = (".pptx", ".pptm", ".ppsx", ".potx")

# Placeholders that PowerPoint fills in itself; not content a lecturer wrote.
_CHROME = {PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER}
_WORD = re.compile(r"\w+")
_ROW = re.compile(r"^\|\s*`(?P<file>[^`]+)`\s*\|(?P<rest>.*)\|\s*$")
_LICENSE_LINK = re.compile(r"\(licenses/(?P<name>[^)\s]+)\)")


@dataclass(frozen=True)
class Source:
    """One row of SOURCES.md: a corpus file and where it came from."""

    file: str
    origin: str
    licence: str
    contents: str
    licence_files: tuple[str, ...]

    @property
    def path(self) -> Path:
        return CORPUS / self.file


def corpus_files() -> list[Path]:
    """Every deck in the corpus folder, sorted by name."""
    return sorted(p for p in CORPUS.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


def sources() -> list[Source]:
    """The rows of the table in SOURCES.md, in the order they are written."""
    rows = []
    for line in SOURCES_MD.read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if not match:
            continue
        cells = [cell.strip() for cell in match["rest"].split("|")]
        origin, licence, contents = (cells + ["", "", ""])[:3]
        links = tuple(_LICENSE_LINK.findall(licence))
        rows.append(Source(match["file"], origin, licence, contents, links))
    return rows


def words(text: str) -> list[str]:
    """The words of a text, case-folded, without punctuation."""
    return _WORD.findall(text.casefold())


def source_words(path: Path | str, *, include_hidden: bool = False) -> list[str]:
    """Every word of a deck's slides and speaker notes, in slide order, as python-pptx reads them."""
    found: list[str] = []
    for text in source_texts(path, include_hidden=include_hidden):
        found.extend(words(text))
    return found


def source_texts(path: Path | str, *, include_hidden: bool = False) -> Iterator[str]:
    """The text of each text frame, table cell and notes page of a deck, in reading order."""
    deck = Presentation(str(path))
    for slide in deck.slides:
        if not include_hidden and is_hidden(slide):
            continue
        for shape in slide.shapes:
            yield from _shape_texts(shape)
        if slide.has_notes_slide:
            notes = slide.notes_slide.notes_text_frame
            if notes is not None:
                yield notes.text


def is_hidden(slide) -> bool:
    """True if the slide is hidden in the slide show (`<p:sld show="0">`)."""
    return slide._element.get("show") in ("0", "false")


def coverage(source: Iterable[str], found: Iterable[str]) -> float:
    """Share of the source words (counted with repeats) that also occur in `found`; 1.0 if none."""
    wanted = Counter(source)
    total = sum(wanted.values())
    if not total:
        return 1.0
    have = Counter(found)
    return sum(min(n, have[word]) for word, n in wanted.items()) / total


def _shape_texts(shape: BaseShape) -> Iterator[str]:
    if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
        for inner in shape.shapes:
            yield from _shape_texts(inner)
        return
    if shape.is_placeholder and shape.placeholder_format.type in _CHROME:
        return
    if shape.has_text_frame:
        yield shape.text_frame.text
    if getattr(shape, "has_table", False) and shape.has_table:
        for row in shape.table.rows:
            for cell in row.cells:
                if not cell.is_spanned:
                    yield cell.text
