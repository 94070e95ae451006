"""Cases for the codes of the pre-render gate (builder/gate.py): characters, lengths, sizes."""

from __future__ import annotations

import datetime as dt

from builder.gate import gate
from builder.pipeline import check
from support.library import append, edit

TODAY = dt.date(2026, 11, 22)
MODULE = "slides/modules/vendepunktet.yaml"
DECK = "slides/decks/forelesning.yaml"


def _gated(root):
    checked = check(root, today=TODAY)
    return gate(checked.library, list(checked.plans))


def _edited(path, old, new):
    def trigger(make_library, monkeypatch, tmp_path):
        root = make_library()
        edit(root / path, old, new)
        return _gated(root)
    return trigger


def _appended(path, text):
    def trigger(make_library, monkeypatch, tmp_path):
        root = make_library()
        append(root / path, text)
        return _gated(root)
    return trigger


def _words(count):
    return "  - kind: words\n    title: Mange ord\n    words: [" + ", ".join(f"ord{i}" for i in range(100)) + \
        "]\n    then: [" + ", ".join(f"mer{i}" for i in range(count - 100)) + "]\n"


def _pauses(make_library, monkeypatch, tmp_path):
    root = make_library()
    target = root / DECK
    target.write_text(target.read_text(encoding="utf-8") + "".join("  - pause: 1\n" for _n in range(200)),
                      encoding="utf-8")
    return _gated(root)


CASES = {
    "text-unusable-character": _edited(DECK, "title: Erfaringskompetanse", 'title: "Erfarings\\x01kompetanse"'),
    "text-too-long": _edited(MODULE, "summary: Om vendepunktet.", "summary: " + "ord " * 5_001),
    "url-too-long": _appended(MODULE, "  - kind: link\n    title: Lenke\n    url: https://example.org/"
                              + "a" * 2_400 + "\n"),
    "slide-too-many-points": _appended(MODULE, _words(101)),
    "module-too-large": _appended(MODULE, "".join(f"  - kind: section\n    title: Del {n}\n" for n in range(100))),
    "deck-too-large": _pauses,
}
