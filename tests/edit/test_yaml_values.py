"""Surgical write-back of text values: exact output per quoting style, and a property over the real library."""

from __future__ import annotations

import copy
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from builder.edit import yaml_values
from builder.edit.yaml_values import EditError, replace_values, write_values
from builder.errors import DiagnosticsError, UserError
from builder.load import load_text

REPO = Path(__file__).resolve().parents[2]
REAL_FILES = sorted(p.relative_to(REPO).as_posix()
                    for p in [*REPO.glob("slides/**/*.yaml"), *REPO.glob("quotes/*.yaml")])


def edit(text: str, changes: dict) -> str:
    doc, problems = load_text(text, "slides/modules/x.yaml")
    assert doc is not None and not problems, problems
    return replace_values(text, doc, changes)


def reads(text: str):
    doc, problems = load_text(text, "slides/modules/x.yaml")
    assert doc is not None and not problems, problems
    return doc.data


# --- exact output, one case per style -----------------------------------------------------------

CASES = {
    "plain stays plain, comment kept": (
        "title: Gammel tittel   # kommentar\nminutes: 5\n",
        {("title",): "Ny tittel"},
        "title: Ny tittel   # kommentar\nminutes: 5\n",
    ),
    "plain that other YAML readers take for a boolean is quoted": (
        "a: x\nb: x\nc: x\nd: x\ne: x\nf: x\ng: x\n",
        {("a",): "no", ("b",): "on", ("c",): "12:30", ("d",): "010", ("e",): "1.10", ("f",): "null",
         ("g",): "~"},
        'a: "no"\nb: "on"\nc: "12:30"\nd: "010"\ne: "1.10"\nf: "null"\ng: "~"\n',
    ),
    "plain with signs that YAML reads is quoted": (
        "a: x\nb: x\nc: x\nd: x\ne: x\n",
        {("a",): "#tag", ("b",): "- x", ("c",): ": x", ("d",): "«Gal»: ord", ("e",): " mellomrom "},
        'a: "#tag"\nb: "- x"\nc: ": x"\nd: "«Gal»: ord"\ne: " mellomrom "\n',
    ),
    "plain keeps Norwegian letters, «», dashes and emoji": (
        "a: x\n",
        {("a",): "Blåbær «på» – fjellet 😀 nr#1"},
        "a: Blåbær «på» – fjellet 😀 nr#1\n",
    ),
    "double stays double with escapes": (
        'title: "Refleksjon: vendepunktet"\n',
        {("title",): 'Sa «nei»: "ikke nå" \\ C:\\mappe'},
        'title: "Sa «nei»: \\"ikke nå\\" \\\\ C:\\\\mappe"\n',
    ),
    "double keeps invisible signs visible": (
        'text: "aktive erfarings\\u00admedarbeidere i Bergen"   # myk bindestrek\n',
        {("text",): "aktive erfarings\u00admedarbeidere i Oslo"},
        'text: "aktive erfarings\\u00ADmedarbeidere i Oslo"   # myk bindestrek\n',
    ),
    "single stays single with doubled quote": (
        "a: 'gammel'\n",
        {("a",): "det er 'sant': ja"},
        "a: 'det er ''sant'': ja'\n",
    ),
    "single with a line break becomes double": (
        "a: 'gammel'\n",
        {("a",): "linje 1\nlinje 2"},
        'a: "linje 1\\nlinje 2"\n',
    ),
    "folded keeps its lines where the text is unchanged": (
        "notes: >-\n"
        "  Første linje av teksten her,\n"
        "  andre linje er litt lengre enn den første,\n"
        "  tredje linje avslutter.\n"
        "\n"
        "# neste felt\n"
        "cues: x\n",
        {("notes",): "Første linje av teksten her, andre linje er rettet, tredje linje avslutter."},
        "notes: >-\n"
        "  Første linje av teksten her,\n"
        "  andre linje er rettet,\n"
        "  tredje linje avslutter.\n"
        "\n"
        "# neste felt\n"
        "cues: x\n",
    ),
    "folded holds paragraphs as empty lines": (
        "notes: >-\n  En.\nx: y\n",
        {("notes",): "En.\nTo.\n\nTre."},
        "notes: >-\n  En.\n\n  To.\n\n\n  Tre.\nx: y\n",
    ),
    "folded with a final line break loses the '-'": (
        "notes: >-\n  En.\nx: y\n",
        {("notes",): "En.\n"},
        "notes: >\n  En.\nx: y\n",
    ),
    "folded that cannot start with a space becomes double, header comment kept": (
        "notes: >-  # merk\n  En.\nx: y\n",
        {("notes",): "  innrykk"},
        'notes: "  innrykk"  # merk\nx: y\n',
    ),
    "literal keeps its style and indentation": (
        "slides:\n  - kind: text\n    body: |\n        linje 1\n        linje 2\n    minutes: 1\n",
        {("slides", 0, "body"): "ny 1\n  innrykket\nny 3\n"},
        "slides:\n  - kind: text\n    body: |\n        ny 1\n          innrykket\n        ny 3\n    minutes: 1\n",
    ),
    "flow sequence item stays plain or is quoted": (
        "words: [en, to, tre]\n",
        {("words", 0): "én", ("words", 1): "to, tre", ("words", 2): "a:b"},
        'words: [én, "to, tre", "a:b"]\n',
    ),
    "multi-line plain is re-wrapped in place": (
        "bullets:\n  - Dette er et langt punkt som\n    går over to linjer\n  - kort\n",
        {("bullets", 0): "Dette er et langt punkt som nå går over to linjer"},
        "bullets:\n  - Dette er et langt punkt som\n    nå går over to linjer\n  - kort\n",
    ),
    "multi-line plain with a colon becomes one double-quoted line": (
        "bullets:\n  - Dette er et langt punkt som\n    går over to linjer\n  - kort\n",
        {("bullets", 0): "Merk: dette"},
        'bullets:\n  - "Merk: dette"\n  - kort\n',
    ),
    "CRLF line endings are kept": (
        "a: x\r\nnotes: >-\r\n  En.\r\nb: y\r\n",
        {("notes",): "En.\nTo."},
        "a: x\r\nnotes: >-\r\n  En.\r\n\r\n  To.\r\nb: y\r\n",
    ),
    "a BOM is kept": (
        "\ufeffa: x\nb: y\n",
        {("b",): "z"},
        "\ufeffa: x\nb: z\n",
    ),
    "empty and null values get a value": (
        "a:\nb: ~\nc: null\n",
        {("a",): "en", ("b",): "to", ("c",): "tre"},
        "a: en\nb: to\nc: tre\n",
    ),
    "an unchanged value keeps its bytes": (
        "a: no\nb: x\n",
        {("a",): "no", ("b",): "y"},
        "a: no\nb: y\n",
    ),
    "a Windows path with a line break becomes a literal block, comment on its header": (
        "image: x   # bilde\nalt: y\n",
        {("image",): "C:\\bilder\\a\nb.jpg"},
        "image: |-   # bilde\n  C:\\bilder\\a\n  b.jpg\nalt: y\n",
    ),
    "a tab is written as \\t": (
        "a: x\n",
        {("a",): "kolonne\tto"},
        'a: "kolonne\\tto"\n',
    ),
    "a new value may be empty": (
        "a: x\nb: 'y'\n",
        {("a",): "", ("b",): ""},
        "a: \"\"\nb: ''\n",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_exact_output(case: str) -> None:
    before, changes, after = CASES[case]
    assert edit(before, changes) == after
    expected = copy.deepcopy(reads(before))
    for key, value in changes.items():
        node = expected
        for part in key[:-1]:
            node = node[part]
        node[key[-1]] = value
    assert reads(after) == expected


def test_refuses_a_missing_key() -> None:
    with pytest.raises(EditError) as caught:
        edit("a: x\nb: [y]\n", {("b", 3): "z"})
    assert caught.value.message == "there is no value at 'b › 4' in slides/modules/x.yaml"
    with pytest.raises(EditError):
        edit("a: x\n", {("nope",): "z"})


def test_refuses_a_list_or_fields() -> None:
    with pytest.raises(EditError) as caught:
        edit("a:\n  b: x\nc: [y]\n", {("a",): "z"})
    assert "is a list or a group of fields, not a text" in caught.value.message
    with pytest.raises(EditError):
        edit("a:\n  b: x\nc: [y]\n", {("c",): "z"})


def test_refuses_control_characters() -> None:
    with pytest.raises(EditError) as caught:
        edit("a: x\n", {("a",): "linje\x0bskift"})
    assert "U+000B" in caught.value.message


@pytest.mark.lang("nb")
def test_messages_are_norwegian() -> None:
    with pytest.raises(EditError) as caught:
        edit("a: x\n", {("b", 0): "z"})
    assert caught.value.message == "det finnes ingen verdi ved 'b › 1' i slides/modules/x.yaml"
    assert caught.value.hint == "filen er endret siden den ble lest; sammenlign på nytt og prøv igjen"


@pytest.mark.lang("nb")
def test_refusal_outside_the_library_is_norwegian(tmp_path: Path) -> None:
    with pytest.raises(EditError) as caught:
        write_values(tmp_path, "out/x.yaml", {("a",): "y"})
    assert caught.value.message == ("out/x.yaml er ikke en YAML-fil i mappene slides/ eller quotes/ i biblioteket, "
                                    "så den endres ikke")
    assert caught.value.hint == "bare filene med moduler, presentasjoner, fakta, målgrupper og sitater endres"


# --- write_values: only the library's own files, and only when the result reads back ---------------------


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    shutil.copytree(REPO / "slides", root / "slides")
    shutil.copytree(REPO / "quotes", root / "quotes")
    return root


def test_write_values_changes_only_the_value(library: Path) -> None:
    rel = "slides/modules/bergen-hovedstad.yaml"
    before = (library / rel).read_text(encoding="utf-8")
    doc, _problems = load_text(before, rel)
    write_values(library, rel, {("title",): "Bergen: hovedstaden"})
    after = (library / rel).read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [("title: Bergen – erfaringskonsulentens «hovedstad»", 'title: "Bergen: hovedstaden"')]
    assert len(before.splitlines()) == len(after.splitlines())


@pytest.mark.parametrize("rel", [
    "README.md", "slides/../README.yaml", "../outside.yaml", "/etc/passwd.yaml", "slides/modules/../../x.yaml",
    "out/x.yaml", "slides/modules/sub/x.yaml", "slides/modules/notes.txt", "slides/.hidden.yaml",
])
def test_refuses_files_outside_slides_and_quotes(library: Path, rel: str) -> None:
    (library.parent / "outside.yaml").write_text("a: x\n", encoding="utf-8")
    with pytest.raises(EditError) as caught:
        write_values(library, rel, {("a",): "y"})
    assert caught.value.message.endswith("of the library, so it is not changed")
    assert (library.parent / "outside.yaml").read_text(encoding="utf-8") == "a: x\n"


def test_refuses_a_symlink_that_leads_outside(library: Path) -> None:
    outside = library.parent / "secret.yaml"
    outside.write_text("title: hemmelig\n", encoding="utf-8")
    os.symlink(outside, library / "slides" / "modules" / "lenke.yaml")
    (library / "other").mkdir()
    (library / "other" / "x.yaml").write_text("title: x\n", encoding="utf-8")
    os.symlink(library / "other", library / "quotes" / "mappe")
    for rel in ("slides/modules/lenke.yaml", "quotes/mappe/x.yaml"):
        with pytest.raises(EditError):
            write_values(library, rel, {("title",): "endret"})
    assert outside.read_text(encoding="utf-8") == "title: hemmelig\n"
    assert (library / "other" / "x.yaml").read_text(encoding="utf-8") == "title: x\n"


def test_refuses_consent_and_cues(library: Path) -> None:
    rel = "slides/modules/bergen-hovedstad.yaml"
    before = (library / rel).read_bytes()
    for key in [("consent",), ("slides", 0, "cues")]:
        with pytest.raises(EditError) as caught:
            write_values(library, rel, {key: "public"})
        assert f"the field '{key[-1]}'" in caught.value.message
    assert (library / rel).read_bytes() == before


def test_refuses_a_file_with_problems(library: Path) -> None:
    rel = "quotes/brutt.yaml"
    (library / rel).write_text("a: [x\n", encoding="utf-8")
    with pytest.raises(DiagnosticsError):
        write_values(library, rel, {("a", 0): "y"})
    assert (library / rel).read_text(encoding="utf-8") == "a: [x\n"


def test_nothing_is_written_when_verification_fails(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rel = "slides/modules/bergen-hovedstad.yaml"
    before = (library / rel).read_bytes()
    real = yaml_values.replace_values
    monkeypatch.setattr(yaml_values, "replace_values",
                        lambda text, doc, changes: real(text, doc, changes).replace("minutes: 15", "minutes: 16"))
    with pytest.raises(EditError) as caught:
        write_values(library, rel, {("title",): "Ny tittel"})
    assert isinstance(caught.value, UserError)
    assert "would not read back as intended" in caught.value.message
    assert (library / rel).read_bytes() == before
    assert not [p for p in (library / "slides" / "modules").iterdir() if p.name.startswith(".")]


def test_an_unchanged_value_leaves_the_file_alone(library: Path) -> None:
    rel = "slides/decks/mb-kurs-erfaringskonsulent.yaml"
    stamp = (library / rel).stat().st_mtime_ns
    os.utime(library / rel, ns=(stamp - 10**9, stamp - 10**9))
    write_values(library, rel, {("start",): "12:30"})
    assert (library / rel).stat().st_mtime_ns == stamp - 10**9


def test_a_bom_and_crlf_survive_write_values(library: Path) -> None:
    rel = "quotes/crlf.yaml"
    (library / rel).write_bytes(b"\xef\xbb\xbfa: x\r\nb: y\r\n")
    write_values(library, rel, {("b",): "z: w"})
    assert (library / rel).read_bytes() == b'\xef\xbb\xbfa: x\r\nb: "z: w"\r\n'


# --- the property: random edits of random values in the real library ------------------------------

_SPECIAL = list("æøåÆØÅ«»“”‘’'\"\\:#-–—[]{},&*!|>%@`?~ \n\t.") + ["\u00a0", "\u00ad", "😀", "👩", "\u200d", "\ufeff"]
TEXT = st.one_of(
    st.sampled_from(["no", "on", "12:30", "010", "1.10", "null", "~", "#tag", "- x", ": x", "«Gal»: ord",
                     " lead", "trail ", "", "C:\\mappe\\fil.jpg", "a\n", "\nb", "x\n\ny", "bilde.jpg", "👩\u200d👩\u200d👧 familie"]),
    st.text(alphabet=st.one_of(st.sampled_from(_SPECIAL),
                               st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
                                             blacklist_characters="\ufffe\uffff")),
            max_size=120),
)


WORDS = st.text(alphabet=st.sampled_from(list("abcæøå ÆØÅ.,–«»:0123456789") + [" ", " ", "\n"]), max_size=40)


@st.composite
def _edited(draw: st.DrawFn, old: str) -> str:
    """A typo fixed, a word added or removed: most edits are small, and must keep the style and line breaks."""
    start = draw(st.integers(0, len(old)))
    stop = draw(st.integers(start, min(len(old), start + 30)))
    return old[:start] + draw(WORDS) + old[stop:]


def _new_text(old) -> st.SearchStrategy[str]:
    return st.one_of(TEXT, _edited(old or ""))


def _value_at(data, key: tuple):
    for part in key:
        data = data[part]
    return data


def _texts() -> dict[str, str]:
    return {rel: (REPO / rel).read_text(encoding="utf-8") for rel in REAL_FILES}


REAL = _texts()


def _scalar_keys(rel: str) -> list[tuple]:
    doc, problems = load_text(REAL[rel], rel)
    assert doc is not None and not problems
    keys = []
    for key in doc.value_ends:
        try:
            node = doc.data
            for part in key:
                node = node[part]
        except (KeyError, IndexError, TypeError):
            continue  # a field name's own mark, or a duplicate
        if not isinstance(node, (dict, list)) and key:
            keys.append(key)
    return keys


KEYS = {rel: _scalar_keys(rel) for rel in REAL_FILES}


def _lines_of(text: str, key: tuple, rel: str) -> tuple[int, int]:
    """Return the first and last line of the value at `key` (a block's trailing blank lines not counted)."""
    doc, _problems = load_text(text.lstrip("\ufeff"), rel)
    first = doc.value_marks[key][0]
    line, col = doc.value_ends[key]
    if col == 1:
        lines = text.splitlines()
        line -= 1
        while line > first and not lines[line - 1].strip():
            line -= 1
    return first, line


EXAMPLES = int(os.environ.get("EDIT_EXAMPLES", 100))  # raise it for a long hunt: EDIT_EXAMPLES=5000
FIXTURES_OK = [HealthCheck.function_scoped_fixture]


def _in_flow(text: str, key, rel: str) -> bool:
    """Tell whether the value at `key` stands inside «[…]» on its line."""
    doc, _problems = load_text(text, rel)
    line, col = doc.value_marks[key]
    return "[" in text.splitlines()[line - 1][:col]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=FIXTURES_OK)
@given(data=st.data())
def test_random_edits_of_the_real_library(data: st.DataObject) -> None:
    rel = data.draw(st.sampled_from(REAL_FILES), label="file")
    text = REAL[rel]
    keys = data.draw(st.lists(st.sampled_from(KEYS[rel]), min_size=1, max_size=3, unique=True), label="keys")
    doc, _problems = load_text(text, rel)
    changes = {key: data.draw(_new_text(_value_at(doc.data, key)), label=f"value at {key}") for key in keys}
    try:
        new = replace_values(text, doc, changes)
    except yaml_values.EditError:
        # The one known limit: a line break inside a «[…]» item whose text also looks like a Windows path
        # («A:\n»): the loader refuses the escape, and a block cannot stand inside brackets. Text from a slide
        # never goes into such a list with a line break in it.
        assume(any("\n" in value and _in_flow(text, key, rel) for key, value in changes.items()))
        return

    wanted = copy.deepcopy(doc.data)
    for key, value in changes.items():
        node = wanted
        for part in key[:-1]:
            node = node[part]
        node[key[-1]] = value
    after, problems = load_text(new, rel)
    assert after is not None and not problems
    assert after.data == wanted

    # Only the lines of the edited values differ: every line outside them is byte for byte the same.
    old_lines, new_lines = text.splitlines(keepends=True), new.splitlines(keepends=True)
    ordered = sorted(changes, key=lambda k: _lines_of(text, k, rel))
    old_spans = [_lines_of(text, key, rel) for key in ordered]
    new_spans = [_lines_of(new, key, rel) for key in ordered]
    old_edges = [0] + [edge for first, last in old_spans for edge in (first - 1, last)] + [len(old_lines)]
    new_edges = [0] + [edge for first, last in new_spans for edge in (first - 1, last)] + [len(new_lines)]
    for i in range(0, len(old_edges), 2):
        assert old_lines[old_edges[i]:old_edges[i + 1]] == new_lines[new_edges[i]:new_edges[i + 1]]


@settings(max_examples=25, deadline=None, suppress_health_check=FIXTURES_OK)
@given(data=st.data())
def test_random_write_values_in_a_copy(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    root = tmp_path_factory.mktemp("lib")
    rel = data.draw(st.sampled_from(REAL_FILES), label="file")
    (root / rel).parent.mkdir(parents=True)
    (root / rel).write_text(REAL[rel], encoding="utf-8")
    keys = [k for k in KEYS[rel] if not set(k) & yaml_values.PROTECTED_FIELDS]
    key = data.draw(st.sampled_from(keys), label="key")
    doc, _problems = load_text(REAL[rel], rel)
    value = data.draw(_new_text(_value_at(doc.data, key)), label="value")
    try:
        write_values(root, rel, {key: value})
    except yaml_values.EditError:
        assume("\n" in value and _in_flow(REAL[rel], key, rel))  # the known limit, see above
        return
    doc, problems = load_text((root / rel).read_text(encoding="utf-8"), rel)
    node = doc.data
    for part in key:
        node = node[part]
    assert node == value and not problems
