"""Cases for the codes of the input layer: reading YAML, the schema, and the files of the library."""

from __future__ import annotations

import datetime as dt

from builder.load import MAX_FILE_BYTES, load_bytes, load_file, load_text
from builder.pipeline import check
from support.library import edit

TODAY = dt.date(2026, 11, 22)
MODULE = "slides/modules/vendepunktet.yaml"



def _checked(root):
    return list(check(root, today=TODAY).diagnostics)


def _scenario(name):
    def trigger(make_library, monkeypatch, tmp_path):
        return _checked(make_library(name))
    return trigger


def _edited(path, old, new):
    def trigger(make_library, monkeypatch, tmp_path):
        root = make_library()
        edit(root / path, old, new)
        return _checked(root)
    return trigger


def _written(path, text):
    def trigger(make_library, monkeypatch, tmp_path):
        root = make_library()
        (root / path).write_text(text, encoding="utf-8")
        return _checked(root)
    return trigger


def _text(text):
    def trigger(make_library, monkeypatch, tmp_path):
        return load_text(text, "x.yaml")[1]
    return trigger


def _bytes(raw):
    def trigger(make_library, monkeypatch, tmp_path):
        return load_bytes(raw, "x.yaml")[1]
    return trigger


def _unreadable(make_library, monkeypatch, tmp_path):
    folder = tmp_path / "mappe.yaml"
    folder.mkdir(parents=True)
    return load_file(folder, "mappe.yaml")[1]


CASES = {
    "duplicate-id": _scenario("bad-duplicate-id"),
    "empty-file": _written(MODULE, "# bare en kommentar\n"),
    "id-mismatch": _edited(MODULE, "id: vendepunktet\n", "id: vendepunkt\n"),
    "missing-field": _scenario("bad-missing-field"),
    "unknown-file": _written("slides/notater.yaml", "notat: Husk kaffe\n"),
    "unknown-key": _scenario("bad-unknown-key"),
    "wrong-type": _scenario("bad-wrong-type"),
    "invalid-id": _edited(MODULE, "id: vendepunktet\n", "id: Vendepunktet\n"),
    "invalid-value": _edited(MODULE, "consent: public\n", "consent: offentlig\n"),
    "duplicate-key": _scenario("bad-duplicate-key"),
    "file-unreadable": _unreadable,
    "yaml-alias": _scenario("bad-alias"),
    "yaml-anchor": _scenario("bad-alias"),
    "yaml-encoding": _bytes("a: ø\nb: ".encode() + b"\xff\n"),
    "yaml-escape": _text('image: "images\\bilde.jpg"\n'),
    "yaml-invisible": _text("id: x\ncues: Rolig\x0bstart\n"),
    "yaml-key": _text("? [a, b]\n: 1\n"),
    "yaml-multiple-documents": _text("a: 1\n---\nb: 2\n"),
    "yaml-syntax": _text("id: x\ntitle: “Hva er: erfaringskompetanse?”\n"),
    "yaml-tab": _scenario("bad-tab-indent"),
    "yaml-tag": _text("a: !!int 5\n"),
    "yaml-too-large": _bytes(b"a: " + b"x" * MAX_FILE_BYTES),
}
