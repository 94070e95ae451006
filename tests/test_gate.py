"""The pre-render gate: what `check` passes, `build` can render (issue 12, families 1 and 2).

Each case makes the smallest library that used to crash `build` (or cost minutes and
gigabytes) after `check` said ✓, then builds it: either `check` reports a located error and
`build` refuses that deck without a traceback, or it builds. The scenario is
`hostile-every-field` (library-minimal plus every field of every file kind, every slide kind).
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest
import yaml

from builder import pipeline
from builder.diagnostics import Report
from builder.errors import DiagnosticsError
from builder.gate import (
    MAX_POINTS_PER_DECK,
    MAX_POINTS_PER_MODULE,
    MAX_POINTS_PER_SLIDE,
    MAX_PROGRAMME_ITEMS,
    MAX_SLIDES_PER_DECK,
    MAX_SLIDES_PER_MODULE,
    MAX_TEXT_CHARS,
    QR_MAX_BYTES,
    gate,
)
from builder.load import load_file

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FORMATS = ["pptx", "handout-docx", "handout-html"]
DECK = "slides/decks/forelesning.yaml"
MODULE = "slides/modules/alt.yaml"
_ORIGINAL_CHECK = pipeline.check


@pytest.fixture(autouse=True)
def gated(monkeypatch):
    """Run the gate inside `check` as the pipeline does once it is wired in (after lint)."""
    if "gate(" in Path(pipeline.__file__).read_text(encoding="utf-8"):
        return

    def check(root, today=None, max_fact_age_years=pipeline.DEFAULT_FACT_AGE_YEARS):
        checked = _ORIGINAL_CHECK(root, today, max_fact_age_years)
        found = gate(checked.library, list(checked.plans))
        return dataclasses.replace(checked, diagnostics=tuple(Report(list(checked.diagnostics) + found).sorted()))

    monkeypatch.setattr(pipeline, "check", check)


def _library(tmp_path: Path, name: str = "lib") -> Path:
    root = tmp_path / name
    shutil.copytree(FIXTURES / "library-minimal", root)
    shutil.copytree(FIXTURES / "hostile-every-field", root, dirs_exist_ok=True)
    return root


def _data(root: Path, rel: str):
    return yaml.load((root / rel).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


_SHORT = {"0": "\\x00", "a": "\\x07", "b": "\\x08", "v": "\\x0B", "f": "\\x0C", "r": "\\x0D", "e": "\\x1B",
          "N": "\\x85", "_": "\\xA0", "L": "\\u2028", "P": "\\u2029"}


def _write(root: Path, rel: str, data) -> None:
    # allow_unicode=False: every character outside printable ASCII becomes a YAML escape ("\x01", "\u2028"),
    # the way that slips past the loader's filter of raw characters. The short escapes ("\b", "\N" …) are
    # written out as numbers: the loader already refuses those as likely Windows paths ('yaml-escape').
    text = yaml.safe_dump(data, allow_unicode=False, width=10**9, sort_keys=False)
    text = re.sub(r"(?<!\\)((?:\\\\)*)\\([0abvfreNLP_])", lambda m: m.group(1) + _SHORT[m.group(2)], text)
    (root / rel).write_text(text, encoding="utf-8")


def _set(root: Path, rel: str, key: tuple, value) -> None:
    data = _data(root, rel)
    target = data
    for part in key[:-1]:
        target = target[part]
    target[key[-1]] = value
    _write(root, rel, data)


def _where(root: Path, rel: str, key: tuple, of_key: bool = False):
    doc, _problems = load_file(root / rel, rel)
    assert doc is not None, _problems
    return doc.where(key, of_key=of_key)


def _build(root: Path):
    """Build the three quick formats; a traceback fails the test. Returns Built or the DiagnosticsError."""
    try:
        return pipeline.build(root, formats=FORMATS, out_dir=root.parent / (root.name + "-out"), thumbnails=False)
    except DiagnosticsError as exc:
        return exc


def _outputs(root: Path) -> list[Path]:
    out = root.parent / (root.name + "-out") / "forelesning"
    return sorted(p for p in out.glob("*") if p.is_file()) if out.is_dir() else []


def assert_refused(root: Path, code: str | None, where) -> None:
    """`check` reports an error at `where` (with `code`), and `build` writes nothing for the deck."""
    checked = pipeline.check(root)
    at = [d for d in checked.errors if (d.location.path, d.location.line) == (where.path, where.line)]
    assert at, f"no error at {where}: {[d.format() for d in checked.errors]}"
    if code is not None:
        assert code in {d.code for d in at}, [d.format() for d in at]
    result = _build(root)
    if isinstance(result, DiagnosticsError):
        assert any(d in result.diagnostics for d in at)
    else:
        shown = list(result.diagnostics) + list(result.elsewhere) + [d for _id, ds in result.blocked for d in ds]
        assert any(d in shown for d in at)
        assert not result.written
    assert not _outputs(root)


def assert_builds(root: Path) -> None:
    checked = pipeline.check(root)
    assert not checked.errors, [d.format() for d in checked.errors]
    result = _build(root)
    assert not isinstance(result, DiagnosticsError), [d.format() for d in result.diagnostics]
    from builder.outputs import output_path

    assert {p.relative_to(root.parent / (root.name + "-out")).as_posix() for p in result.written} == {
        output_path("forelesning", f) for f in FORMATS}


def test_the_scenario_builds(tmp_path):
    assert_builds(_library(tmp_path))


# --- family 1: characters XML cannot hold ---------------------------------------------------------

UNUSABLE = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0d", "\x1b", "\x7f", "\x85", "\x9f", "\u2028", "\u2029",
            "\ufdd0", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff"]
FILES = [DECK, MODULE, "slides/facts.yaml", "slides/audiences.yaml", "quotes/sources.yaml", "quotes/topor.yaml"]


def _text_fields() -> list[tuple[str, tuple]]:
    """Every text value of every file of the scenario (ids, kinds and dates included)."""
    root = FIXTURES / "hostile-every-field"
    found = []

    def walk(data, key):
        if isinstance(data, dict):
            for name, value in data.items():
                walk(value, key + (name,))
        elif isinstance(data, list):
            for index, value in enumerate(data):
                walk(value, key + (index,))
        elif isinstance(data, str):
            found.append(key)

    for rel in FILES:
        found_before = len(found)
        walk(_data(root, rel), ())
        yield from ((rel, key) for key in found[found_before:])


FIELDS = list(_text_fields())
# Fields whose value is a choice or a reference: a strange character there is already wrong for the schema
# or names nothing, and the error says so at the same place.
CHOICES = {"id", "kind", "consent", "type", "source", "quote", "module", "modules", "audience", "start", "image",
           "url", "sources", "facts", "lang", "language", "split", "template"}


@pytest.mark.parametrize("rel,key", FIELDS, ids=[f"{r.split('/')[-1]}:{'.'.join(map(str, k))}" for r, k in FIELDS])
def test_an_unusable_character_in_any_field_is_located_and_stops_the_build(tmp_path, rel, key):
    char = UNUSABLE[FIELDS.index((rel, key)) % len(UNUSABLE)]
    root = _library(tmp_path)
    value = _data(root, rel)
    for part in key:
        value = value[part]
    _set(root, rel, key, value[:2] + char + value[2:])
    named = next(p for p in reversed(key) if isinstance(p, str))
    assert_refused(root, None if named in CHOICES else "text-unusable-character", _where(root, rel, key))


@pytest.mark.parametrize("char", UNUSABLE, ids=[f"U+{ord(c):04X}" for c in UNUSABLE])
@pytest.mark.parametrize("rel,key", [(DECK, ("title",)), (MODULE, ("slides", 0, "bullets", 0)),
                                     ("slides/audiences.yaml", ("audiences", 0, "name"))])
def test_every_unusable_character_is_refused(tmp_path, char, rel, key):
    root = _library(tmp_path)
    _set(root, rel, key, "Før" + char + "etter")
    assert_refused(root, "text-unusable-character", _where(root, rel, key))


@pytest.mark.parametrize("char", UNUSABLE[:6] + ["\u2028", "\ufffe"])
def test_an_unusable_character_in_a_link_is_refused(tmp_path, char):
    root = _library(tmp_path)
    _set(root, MODULE, ("slides", 3, "url"), "https://example.org/a" + char + "b")
    assert_refused(root, None, _where(root, MODULE, ("slides", 3, "url")))


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\ud83d\\ude00"])
def test_a_lone_surrogate_is_refused_by_either_yaml_parser(tmp_path, monkeypatch, escape):
    """libyaml calls "\\ud800" a syntax error; PyYAML's own parser lets it through, and the schema refuses it."""
    import builder.load

    for loader in (yaml.CSafeLoader, yaml.SafeLoader):
        monkeypatch.setattr(builder.load, "_Loader", loader)
        root = _library(tmp_path, loader.__name__)
        path = root / DECK
        path.write_text(path.read_text(encoding="utf-8").replace(
            "title: Erfaringskompetanse", f'title: "Erfaring{escape}skompetanse"'), encoding="utf-8")
        from builder.diagnostics import Location

        assert_refused(root, None, Location(DECK, 2))


def test_the_gate_itself_refuses_a_lone_surrogate():
    """Should a surrogate ever get past the parser and the schema, the gate still stops it."""
    from builder.gate import _text_problems
    from builder.load import Document

    doc = Document("x.yaml", {"title": "a\ud800b"}, {("title",): (1, 8)})
    found = _text_problems(doc, ("title",), "a\ud800b")
    assert [(d.code, str(d.location)) for d in found] == [("text-unusable-character", "x.yaml:1:8")]
    assert "U+D800" in found[0].message


@pytest.mark.parametrize("text", [
    "", "plain ascii", "tab\tand\nnewline", "bell\x07", "æøå og «sitat»", "no\u2028break", "x\ufdd0y",
    "emoji 😀 alone", "emoji 😀 then \U0001fffe", "\U0010ffff first, then \x01", "\x01 first, then \U0003ffff",
    "\ud800 lone", "end \uffff",
])
def test_the_quick_search_finds_the_same_first_unusable_character_as_the_whole_class(text):
    """Texts without characters past U+FFFF are searched with a cheaper class; the answer is the same."""
    from builder.gate import _UNUSABLE, first_unusable

    expected, found = _UNUSABLE.search(text), first_unusable(text)
    assert (found and (found.start(), found.group())) == (expected and (expected.start(), expected.group()))


def test_ordinary_characters_still_build(tmp_path):
    """Tab, emoji, letters from every script and a soft hyphen are fine."""
    root = _library(tmp_path)
    _set(root, DECK, ("title",), "Erfaring\tskompe\u00adtanse 😀 Ωλ 日本 ᚠ")
    _set(root, MODULE, ("slides", 0, "bullets", 0), "Punkt med\nlinjeskift og 😀")
    assert_builds(root)


@pytest.mark.lang("nb")
def test_the_message_names_the_character_and_says_what_to_do(tmp_path):
    root = _library(tmp_path)
    _set(root, DECK, ("title",), "Erfaring\x01")
    found = [d for d in pipeline.check(root).errors if d.code == "text-unusable-character"]
    assert [d.format() for d in found] == [
        "slides/decks/forelesning.yaml:2:8: feil[text-unusable-character]: teksten i 'title' har et usynlig "
        "kontrolltegn (U+0001) som ikke kan stå i lysbilder eller hefter\n"
        "  tips: slett tegnet; i filen står det trolig som '\\x01' mellom anførselstegn"]


@pytest.mark.lang("nb")
def test_a_line_separator_is_an_error_too(tmp_path):
    root = _library(tmp_path)
    _set(root, MODULE, ("slides", 0, "bullets", 0), "En\u2028to")
    found = [d for d in pipeline.check(root).errors if d.code == "text-unusable-character"]
    where = _where(root, MODULE, ("slides", 0, "bullets", 0))
    assert [d.format() for d in found] == [
        f"{where}: feil[text-unusable-character]: teksten i 'bullets' har et usynlig linjeskifttegn (U+2028) "
        "som ikke kan stå i lysbilder eller hefter\n"
        "  tips: slett tegnet; i filen står det trolig som '\\u2028' mellom anførselstegn. Vil du dele en lang "
        "tekst, gjør den til to punkter"]


# --- family 2: values in range for the schema but not for the formats ------------------------------


@pytest.mark.parametrize("date", ["2206-01-01", "2108-01-01", "9999-12-31", "1899-12-31", "0001-01-01"])
def test_a_deck_date_far_away_is_refused(tmp_path, date):
    root = _library(tmp_path)
    path = root / DECK
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2026-11-22", f"date: {date}"), encoding="utf-8")
    assert_refused(root, "invalid-value", _where(root, DECK, ("date",)))


@pytest.mark.parametrize("date", ["1900-01-01", "2100-12-31"])
def test_a_deck_date_at_the_limits_builds(tmp_path, date):
    root = _library(tmp_path)
    path = root / DECK
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2026-11-22", f"date: {date}"), encoding="utf-8")
    assert_builds(root)


@pytest.mark.parametrize("rel,key,date", [
    ("slides/facts.yaml", ("facts", 0, "as_of"), "9999-12-31"),  # was a traceback in `check` (stale-fact lint)
    ("slides/facts.yaml", ("facts", 0, "review_after"), "9999-12-31"),
    ("slides/facts.yaml", ("facts", 0, "as_of"), "0001-01-01"),
    ("quotes/sources.yaml", ("sources", 1, "accessed"), "2206-05-01"),
])
def test_other_dates_far_away_are_refused(tmp_path, rel, key, date):
    root = _library(tmp_path)
    _set(root, rel, key, date)
    text = (root / rel).read_text(encoding="utf-8").replace(f"'{date}'", date)
    (root / rel).write_text(text, encoding="utf-8")
    assert_refused(root, "invalid-value", _where(root, rel, key))


@pytest.mark.parametrize("field", ["title", "subtitle", "presenter", "place"])
def test_deck_lines_over_200_characters_are_refused_and_200_build(tmp_path, field):
    root = _library(tmp_path, "long")
    _set(root, DECK, (field,), "x" * 201)
    assert_refused(root, "invalid-value", _where(root, DECK, (field,)))
    root = _library(tmp_path, "fits")
    _set(root, DECK, (field,), "ord " * 49 + "ordo")  # 200 characters: the DOCX core properties take it
    assert_builds(root)


def test_a_deck_title_of_100_000_characters_is_refused(tmp_path):
    root = _library(tmp_path)
    _set(root, DECK, ("title",), "x" * 100_000)
    assert_refused(root, "invalid-value", _where(root, DECK, ("title",)))


@pytest.mark.parametrize("rel,key", [(MODULE, ("title",)), (MODULE, ("slides", 1, "words", 0)),
                                     (MODULE, ("slides", 0, "notes")), ("quotes/topor.yaml", ("quotes", 0, "text")),
                                     ("slides/facts.yaml", ("facts", 0, "value"))])
def test_a_text_over_the_limit_is_refused_and_one_at_the_limit_builds(tmp_path, rel, key):
    root = _library(tmp_path, "long")
    _set(root, rel, key, "x" * 100_000)
    assert_refused(root, "text-too-long", _where(root, rel, key))
    root = _library(tmp_path, "fits")
    _set(root, rel, key, "ord " * (MAX_TEXT_CHARS // 4 - 1) + "ordo")
    assert_builds(root)


def test_a_single_long_word_builds(tmp_path):
    root = _library(tmp_path)
    _set(root, MODULE, ("slides", 0, "bullets", 0), "x" * 5_000)
    _set(root, MODULE, ("title",), "y" * 5_000)
    assert_builds(root)


def _qr_url(size: int, letter: str = "a") -> str:
    head = "https://example.org/"
    width = len(letter.encode("utf-8")) if not letter.isascii() and ord(letter) > 0xFF else 1
    return head + letter * ((size - len(head)) // width) + "a" * ((size - len(head)) % width)


@pytest.mark.parametrize("letter", ["a", "ø", "€"])
def test_a_link_at_the_qr_limit_builds_and_one_byte_more_is_refused(tmp_path, letter):
    root = _library(tmp_path, "fits")
    _set(root, MODULE, ("slides", 3, "url"), _qr_url(QR_MAX_BYTES, letter))
    assert_builds(root)
    root = _library(tmp_path, "long")
    _set(root, MODULE, ("slides", 3, "url"), _qr_url(QR_MAX_BYTES + 1, letter))
    assert_refused(root, "url-too-long", _where(root, MODULE, ("slides", 3, "url")))


def test_the_qr_limit_is_segnos(tmp_path):
    """The gate's figure is what the renderer's QR code (error correction M) really holds."""
    import segno

    from builder.gate import QR_ERROR

    segno.make(_qr_url(QR_MAX_BYTES), error=QR_ERROR, micro=False)
    with pytest.raises(segno.DataOverflowError):
        segno.make(_qr_url(QR_MAX_BYTES + 1), error=QR_ERROR, micro=False)


def _bullets_module(root: Path, slides: list[list], split: str = "auto") -> None:
    data = {"id": "alt", "title": "Mange", "summary": "Om mange.", "minutes": 20, "consent": "public",
            "slides": [{"kind": "bullets", "title": f"Lysbilde {n}", "split": split, "bullets": bullets}
                       for n, bullets in enumerate(slides)]}
    _write(root, MODULE, data)


def test_a_full_slide_with_split_auto_builds(tmp_path):
    root = _library(tmp_path)
    _bullets_module(root, [[f"punkt {i} med litt tekst" for i in range(MAX_POINTS_PER_SLIDE)]])
    assert_builds(root)


@pytest.mark.parametrize("count", [MAX_POINTS_PER_SLIDE + 1, 5_000])
def test_too_many_bullets_on_one_slide_are_refused(tmp_path, count):
    root = _library(tmp_path)
    _bullets_module(root, [[f"punkt {i}" for i in range(count)]])
    assert_refused(root, "invalid-value", _where(root, MODULE, ("slides", 0, "bullets")))


def test_sub_points_count_toward_the_slide(tmp_path):
    root = _library(tmp_path)
    bullets = []
    for i in range(50):  # 100 entries in the list, 150 points on the slide
        bullets += [f"punkt {i}", [f"under {i}", f"og {i}"]]
    _bullets_module(root, [bullets])
    assert_refused(root, "slide-too-many-points", _where(root, MODULE, ("slides", 0)))


def test_thousands_of_sub_points_are_refused(tmp_path):
    root = _library(tmp_path)
    _bullets_module(root, [["punkt", [f"under {i}" for i in range(2_000)]]])
    assert_refused(root, "slide-too-many-points", _where(root, MODULE, ("slides", 0)))


def test_two_columns_count_together(tmp_path):
    root = _library(tmp_path)
    _set(root, MODULE, ("slides", 2), {"kind": "two-column", "title": "To",
                                       "left": {"bullets": [f"v {i}" for i in range(60)]},
                                       "right": {"bullets": [f"h {i}" for i in range(60)]}})
    assert_refused(root, "slide-too-many-points", _where(root, MODULE, ("slides", 2)))


def test_too_many_words_are_refused(tmp_path):
    root = _library(tmp_path)
    _set(root, MODULE, ("slides", 1, "then"), [f"ord{i}" for i in range(MAX_POINTS_PER_SLIDE)])
    assert_refused(root, "slide-too-many-points", _where(root, MODULE, ("slides", 1)))


def test_a_module_with_too_many_slides_is_refused(tmp_path):
    root = _library(tmp_path)
    _bullets_module(root, [["ett punkt"] for _n in range(MAX_SLIDES_PER_MODULE + 1)])
    assert_refused(root, "module-too-large", _where(root, MODULE, ("slides",), of_key=True))


def test_a_module_at_the_slide_limit_builds(tmp_path):
    root = _library(tmp_path)
    _bullets_module(root, [["ett punkt"] for _n in range(MAX_SLIDES_PER_MODULE)])
    assert_builds(root)


def test_a_module_with_too_many_points_is_refused(tmp_path):
    root = _library(tmp_path)
    per_slide = MAX_POINTS_PER_SLIDE
    slides = MAX_POINTS_PER_MODULE // per_slide + 1
    _bullets_module(root, [[f"p {i}" for i in range(per_slide)] for _n in range(slides)])
    assert_refused(root, "module-too-large", _where(root, MODULE, ("slides",), of_key=True))


def _many_modules(root: Path, count: int, slides: int, points: int) -> None:
    for m in range(count):
        data = {"id": f"m{m}", "title": f"Modul {m}", "summary": "Kort.", "minutes": 1, "consent": "public",
                "slides": [{"kind": "bullets", "title": f"Modul {m} lysbilde {s}", "split": "auto",
                            "bullets": [f"punkt {p}" for p in range(points)]} for s in range(slides)]}
        _write(root, f"slides/modules/m{m}.yaml", data)
    data = _data(root, DECK)
    data["modules"] = [f"m{m}" for m in range(count)]
    data["minutes"] = 600
    _write(root, DECK, data)


def test_a_deck_with_thousands_of_modules_is_refused(tmp_path):
    root = _library(tmp_path)
    _many_modules(root, 1, 1, 1)
    data = _data(root, DECK)
    data["modules"] = ["m0"] + [{"pause": 1} for _n in range(2_000)]
    _write(root, DECK, data)
    assert_refused(root, "deck-too-large", _where(root, DECK, ("modules",), of_key=True))


def test_a_deck_at_the_programme_limit_builds(tmp_path):
    root = _library(tmp_path)
    _many_modules(root, MAX_PROGRAMME_ITEMS, 1, 1)
    assert_builds(root)


def test_a_deck_with_too_many_slides_is_refused(tmp_path):
    root = _library(tmp_path)
    _many_modules(root, MAX_SLIDES_PER_DECK // MAX_SLIDES_PER_MODULE + 1, MAX_SLIDES_PER_MODULE, 1)
    assert_refused(root, "deck-too-large", _where(root, DECK, ("modules",), of_key=True))


def test_a_deck_with_too_many_points_is_refused(tmp_path):
    root = _library(tmp_path)
    per_module = MAX_POINTS_PER_MODULE // MAX_POINTS_PER_SLIDE
    _many_modules(root, MAX_POINTS_PER_DECK // MAX_POINTS_PER_MODULE + 1, per_module, MAX_POINTS_PER_SLIDE)
    assert_refused(root, "deck-too-large", _where(root, DECK, ("modules",), of_key=True))


@pytest.mark.parametrize("rel,key,value", [
    (MODULE, ("slides", 0, "minutes"), "121"),
    (MODULE, ("minutes",), "0"),
    (DECK, ("minutes",), "601"),
    (DECK, ("modules", 1, "pause"), "121"),
    (DECK, ("modules", 2, "minutes"), "241"),
    ("quotes/sources.yaml", ("sources", 1, "year"), "2101"),
    (MODULE, ("slides", 0, "minutes"), "nan"),
    (MODULE, ("slides", 0, "minutes"), "inf"),
])
def test_numbers_out_of_range_are_refused(tmp_path, rel, key, value):
    root = _library(tmp_path)
    _set(root, rel, key, value)
    text = (root / rel).read_text(encoding="utf-8").replace(f"'{value}'", value)
    (root / rel).write_text(text, encoding="utf-8")
    assert_refused(root, None, _where(root, rel, key))


@pytest.mark.parametrize("value", ["0.0000001", "1e-300", "120"])
def test_tiny_and_largest_slide_minutes_build(tmp_path, value):
    root = _library(tmp_path)
    _set(root, MODULE, ("slides", 0, "minutes"), value)
    text = (root / MODULE).read_text(encoding="utf-8").replace(f"'{value}'", value)
    (root / MODULE).write_text(text, encoding="utf-8")
    assert_builds(root)
