"""The import corpus (tests/fixtures/import/): every deck is listed with a source and licence, and opens."""

from __future__ import annotations

import pytest
from pptx import Presentation

from importer.corpus import CORPUS, LICENSES, corpus_files, source_words, sources

MAX_FILE = 3 * 1024 * 1024
MAX_TOTAL = 25 * 1024 * 1024


def test_every_listed_file_exists():
    listed = [source.file for source in sources()]
    assert listed, "SOURCES.md lists no files"
    assert len(listed) == len(set(listed)), "a file is listed twice in SOURCES.md"
    assert [name for name in listed if not (CORPUS / name).is_file()] == []


def test_every_file_is_listed():
    listed = {source.file for source in sources()}
    assert [path.name for path in corpus_files() if path.name not in listed] == []


def test_every_row_names_a_licence_whose_text_is_here():
    for source in sources():
        assert source.origin and source.licence and source.contents, source.file
        assert source.licence_files, f"{source.file}: no link to a text in licenses/"
        for name in source.licence_files:
            assert (LICENSES / name).is_file(), f"{source.file}: licenses/{name} is missing"


def test_the_corpus_stays_small():
    sizes = {path.name: path.stat().st_size for path in corpus_files()}
    assert {name: size for name, size in sizes.items() if size > MAX_FILE} == {}
    assert sum(sizes.values()) <= MAX_TOTAL


@pytest.mark.parametrize("path", corpus_files(), ids=lambda path: path.name)
def test_each_deck_opens_with_python_pptx(path):
    assert not path.read_bytes().startswith(b"version https://git-lfs"), "a Git LFS pointer, not a deck"
    deck = Presentation(str(path))
    assert len(deck.slides) > 0
    source_words(path)  # reads every slide and notes page without an error


def test_word_count_per_file(capsys):
    counts = {path.name: (len(source_words(path)), len(source_words(path, include_hidden=True)))
              for path in corpus_files()}
    width = max(map(len, counts))
    with capsys.disabled():
        print("\nImport corpus: words on visible slides and notes (with hidden slides)")
        for name, (visible, everything) in counts.items():
            print(f"  {name:<{width}}  {visible:>6}  ({everything})")
    assert sum(visible for visible, _everything in counts.values()) > 0
