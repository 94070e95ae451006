"""The strict YAML loader keeps text as text and refuses what users never mean."""

from __future__ import annotations

from builder.load import MAX_FILE_BYTES, load_bytes, load_text


def codes(text: str) -> list[str]:
    return [d.code for d in load_text(text, "x.yaml")[1]]


def test_it_keeps_yaml_1_1_booleans_times_and_octals_as_text():
    doc, problems = load_text("a: no\nb: on\nc: 12:30\nd: 010\ne: 1.10\nf: yes\ng: off\n", "x.yaml")
    assert problems == []
    assert doc.data == {"a": "no", "b": "on", "c": "12:30", "d": "010", "e": "1.10", "f": "yes", "g": "off"}


def test_it_reads_an_empty_value_as_nothing_but_a_quoted_null_as_text():
    doc, _ = load_text("a:\nb: ~\nc: 'null'\n", "x.yaml")
    assert doc.data == {"a": None, "b": None, "c": "null"}


def test_it_remembers_where_every_key_and_value_is():
    doc, _ = load_text("slides:\n  - kind: quote\n    quote: topor\n", "x.yaml")
    assert str(doc.where(("slides", 0, "quote"))) == "x.yaml:3:12"
    assert str(doc.where(("slides", 0, "quote"), of_key=True)) == "x.yaml:3:5"
    assert str(doc.where(("slides", 0, "missing"))) == "x.yaml:2:5"


def test_it_refuses_duplicate_keys_aliases_anchors_and_tags():
    assert codes("a: 1\na: 2\n") == ["duplicate-key"]
    assert codes("a: &x 1\nb: *x\n") == ["yaml-anchor", "yaml-alias"]
    assert codes("a: !!int 5\n") == ["yaml-tag"]
    assert codes("a: !!python/object:os.system echo\n") == ["yaml-tag"]


def test_it_points_at_a_tab_used_for_indentation():
    _, problems = load_text("a:\n  b: 1\n\tc: 2\n", "x.yaml")
    assert [str(p.location) for p in problems] == ["x.yaml:3:1"]


def test_it_refuses_a_second_document_in_one_file():
    assert codes("a: 1\n---\nb: 2\n") == ["yaml-multiple-documents"]


def test_it_refuses_a_key_that_is_not_text():
    assert codes("? [a, b]\n: 1\n") == ["yaml-key"]


def test_it_refuses_files_over_the_size_cap():
    doc, problems = load_bytes(b"a: " + b"x" * MAX_FILE_BYTES, "big.yaml")
    assert doc is None and [p.code for p in problems] == ["yaml-too-large"]


def test_it_points_at_the_first_byte_that_is_not_utf8():
    doc, problems = load_bytes("a: ø\nb: ".encode() + b"\xff\n", "x.yaml")
    assert doc is None
    assert [str(p.location) for p in problems] == ["x.yaml:2:4"]
    assert problems[0].code == "yaml-encoding"


def test_it_accepts_a_byte_order_mark():
    doc, problems = load_bytes("\ufeffa: Håp\n".encode(), "x.yaml")
    assert problems == [] and doc.data == {"a": "Håp"}
