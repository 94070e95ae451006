"""Property (issue 12): what passes `check` builds, what fails it is refused, and no traceback ever shows.

Each example copies the fixture library (filled out so that every kind of field is there, see
tests/support/hostile.py), puts one hostile value into one field of one file (control characters,
noncharacters, separators, lone surrogates, NUL, texts of 10^4–10^5 characters, dates in year 1
or 9999, numbers at and beyond every bound, empty and blank texts, right-to-left marks, emoji,
combining marks, very long addresses, lists of thousands of items), written as YAML escapes so
that the loader's filter for the raw bytes is passed, and then runs `check` and `build` under a
memory limit:

- `check` never raises;
- no error in the files the deck reads → `build` writes every asked-for file, and they are sound
  (every XML part of the pptx and docx parses, no `_xHHHH_` escapes in them, no character HTML
  forbids in the HTML);
- an error there → `build` refuses the deck (DiagnosticsError, or the deck in `Built.blocked`);
- anything else raised is a failure; so is a plain UserError after a clean `check` (the issue's
  promise is that `check` ✓ means `build` succeeds).

The cases kept from the issue (families 1 and 2) and those this test found run first, every time:
as explicit examples of the property and, so that each shows on a line of its own, as a
parametrized test (each is built once per session). The number of random examples comes from
FUZZ_BUILD_EXAMPLES (default 40; the whole file then takes well under a minute when nothing fails,
longer while Hypothesis shrinks a failure). The command line is run as a subprocess with 2 GiB
of address space for a few worst cases; the in-process builds may add at most 2 GiB to the test
process (soft RLIMIT_AS, put back after each example; not limited where there is no `resource`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from support import hostile as H
from support.hostile import Case, Many, Mutation, framed, one

EXAMPLES = int(os.environ.get("FUZZ_BUILD_EXAMPLES", "40"))
BASE = H.base_data()

# --- the cases kept from the issue (families 1 and 2) -------------------------------------------

ISSUE_FIELDS = {
    "deck title": ("deck", ("title",)),
    "audience name": ("audiences", ("audiences", 0, "name")),
    "alt text": ("module", ("slides", H.SLIDE["image"], "alt")),
    "slide text": ("module", ("slides", H.SLIDE["bullets"], "bullets", 0)),
    "link URL": ("module", ("slides", H.SLIDE["link"], "url")),
}
ISSUE_CHARS = {"\x01": "U+0001", "\ufffe": "U+FFFE", "\x85": "U+0085", "\u2029": "U+2029", "\ud800": "lone surrogate"}


def _issue_value(field: str, char: str) -> str:
    return f"{H.URL}x{char}y" if field == "link URL" else framed(char)


BULLETS = ("slides", H.SLIDE["bullets"], "bullets")
ISSUE_CASES = [
    # Family 1. A lone surrogate cannot pass libyaml ("\uD800" is a syntax error there), so it is
    # tried with PyYAML's own parser too, which the loader falls back on where libyaml is missing.
    *[one(file, path, _issue_value(name, char), loader="python" if char == "\ud800" else "libyaml",
          label=f"{shown} in {name}")
      for name, (file, path) in ISSUE_FIELDS.items() for char, shown in ISSUE_CHARS.items()],
    one("deck", ("title",), framed("\ud800"), label="lone surrogate in deck title, libyaml"),
    # Family 2.
    one("deck", ("date",), "2206-01-01", label="deck date 2206"),
    one("deck", ("title",), "T" * 300, label="300-character deck title"),
    one("module", ("slides", H.SLIDE["link"], "url"), H.URL + "a" * (5000 - len(H.URL)), label="5000-character URL"),
    one("module", BULLETS, Many(3000), label="3000 bullets on one slide"),
    Case((Mutation("module", BULLETS, Many(3000)), Mutation("module", ("slides", H.SLIDE["bullets"], "split"), "auto")),
         label="3000 bullets on one slide, split: auto"),
]

# Found by this test (the grid of every field × the hostile values, against commit 63ef7f3).
IMAGE = ("slides", H.SLIDE["image"], "image")
FOUND_CASES = [
    one("facts", ("facts", 0, "as_of"), "9999-12-31", label="fact dated 9999-12-31 (check crashed)"),
    one("deck", ("date",), "9999-12-31", label="deck date 9999-12-31"),
    one("module", IMAGE, framed("\x00"), label="NUL in image path (check crashed)"),
    one("module", IMAGE, "T" * 300, label="300-character image file name (check crashed)"),
    one("module", IMAGE, framed("\ud800"), loader="python", label="lone surrogate in image path (check crashed)"),
    one("deck", ("presenter",), "T" * 300, label="300-character presenter"),
    one("module", ("slides", H.SLIDE["bullets"], "notes"), framed("\x01"), label="U+0001 in speaker notes"),
    one("module", ("slides", H.SLIDE["bullets"], "cues"), framed("\x9f"), label="U+009F in cues (manuscript)"),
    one("deck", ("help", 0), framed("\U0001fffe"), label="U+1FFFE in a help line (handout)"),
]
KEPT_CASES = ISSUE_CASES + FOUND_CASES


def with_examples(cases):
    """Attach every case as an explicit Hypothesis example (they run first, every time)."""

    def attach(test):
        for case in reversed(cases):
            test = example(case=case)(test)
        return test

    return attach


# --- random cases -------------------------------------------------------------------------------

texts = st.one_of(
    st.sampled_from(H.GENERAL),
    st.sampled_from(H.BAD_CHARS).map(framed),
    st.text(st.one_of(st.characters(exclude_categories=()), st.sampled_from(H.BAD_CHARS)),
            min_size=1, max_size=24),
)
SPECIFIC = {
    "date": st.sampled_from(H.DATES),
    "number": st.sampled_from(H.NUMBERS),
    "url": st.sampled_from(H.URLS),
    "time": st.sampled_from(H.TIMES),
}


def values_for(path: tuple) -> st.SearchStrategy:
    """Hostile values for the field at `path`: mostly ones meant for its kind, some from anywhere."""
    kind = H.field_class(path)
    if kind == "text":
        return texts
    return st.one_of(SPECIFIC[kind], SPECIFIC[kind], SPECIFIC[kind], texts)


@st.composite
def cases(draw) -> Case:
    file = draw(st.sampled_from(["module", "deck", "audiences", "quotes", "facts", "sources"]))
    data = BASE[file]
    if draw(st.integers(0, 4)) < 4:
        path = draw(st.sampled_from(list(H.scalar_paths(data))))
        value = draw(values_for(path))
    else:  # a list of thousands
        path = draw(st.sampled_from(list(H.list_paths(data))))
        first = data
        for part in path:
            first = first[part]
        if first and isinstance(first[0], (dict, list)):
            value = Many(draw(st.sampled_from([200, 1000])), first[0])
        else:
            item = draw(st.one_of(st.just("Punkt"), st.sampled_from(H.BAD_CHARS).map(framed),
                                  st.sampled_from(H.ODD_TEXTS[:20])))
            value = Many(draw(st.sampled_from([1000, 3000, 10_000])), item)
    mutations = [Mutation(file, path, value)]
    if draw(st.integers(0, 3)) == 3:  # continuation slides multiply whatever is long
        mutations.append(Mutation("deck", ("split",), "auto"))
    return Case(tuple(mutations), draw(st.sampled_from(["libyaml", "libyaml", "python"])))


# --- the tests ----------------------------------------------------------------------------------


def _library(tmp_path_factory: pytest.TempPathFactory, case: Case) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "lib"
    return H.write_library(root, H.apply(BASE, case))


def test_the_filled_out_fixture_checks_clean_and_builds_sound_files(tmp_path: Path):
    root = H.write_library(tmp_path / "lib", BASE)
    assert H.run_case(root, Case(())) == []


def test_escapes_reach_the_library_as_the_characters_themselves(tmp_path: Path):
    from builder.load import load_text

    value = "a\x00\x01\x85\u2028\u2029\ufffe\uffff\u200f\u0301😀\"\\ø\t\n"
    text = H.dump({"title": value, "items": [value, [value]], "none": None})
    doc, problems = load_text(text, "x.yaml")
    assert doc is not None and doc.data == {"title": value, "items": [value, [value]], "none": None}, problems


_KEPT_RESULTS: dict[Case, list[str]] = {}  # the kept cases run once per session, shown by both tests


def _failures(tmp_path_factory: pytest.TempPathFactory, case: Case) -> list[str]:
    kept = case in KEPT_CASES  # compared, not hashed: a random case may hold a group of fields (a dict)
    if kept and case in _KEPT_RESULTS:
        return _KEPT_RESULTS[case]
    root = _library(tmp_path_factory, case)
    with H.memory_limit():
        failures = H.run_case(root, case)
    if kept:
        _KEPT_RESULTS[case] = failures
    return failures


@pytest.mark.parametrize("case", KEPT_CASES, ids=[c.label for c in KEPT_CASES])
def test_the_kept_cases_are_refused_by_check_or_built(tmp_path_factory, case):
    """Each case on its own line of the report (Hypothesis shows only the first failing example)."""
    failures = _failures(tmp_path_factory, case)
    assert not failures, H.safe(repr(case)) + "\n" + "\n".join(failures)


@settings(max_examples=EXAMPLES, deadline=None, print_blob=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@with_examples(KEPT_CASES)
@given(case=cases())
def test_a_hostile_value_is_refused_by_check_or_built(tmp_path_factory, case):
    failures = _failures(tmp_path_factory, case)
    assert not failures, H.safe(repr(case)) + "\n" + "\n".join(failures)


# --- the command line, in a process of its own with 2 GiB of address space ---------------------

CLI_CASES = [
    one("deck", ("title",), framed("\x01"), label="control character in deck title"),
    one("module", ("slides", H.SLIDE["image"], "alt"), framed("\ufffe"), label="noncharacter in alt text"),
    one("deck", ("subtitle",), framed("\ud800"), loader="python", label="lone surrogate, PyYAML parser"),
    one("module", ("slides", H.SLIDE["link"], "url"), H.URL + "a" * 5000, label="5000-character URL"),
    Case((Mutation("module", BULLETS, Many(3000)), Mutation("deck", ("split",), "auto")),
         label="3000 bullets, split: auto"),
]
CLI = textwrap.dedent("""
    import resource, sys
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    limit = 2 * 1024**3 if hard == resource.RLIM_INFINITY else min(2 * 1024**3, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    if sys.argv.pop(1) == "python":
        import yaml, builder.load
        builder.load._Loader = yaml.SafeLoader
    from builder.cli import main
    sys.argv[0] = "erfaring"
    main()
""")


def _ends(text: str) -> str:
    return text if len(text) < 3000 else f"{text[:800]}\n[…]\n{text[-2000:]}"


@pytest.mark.parametrize("case", CLI_CASES, ids=[c.label for c in CLI_CASES])
def test_the_command_line_shows_no_traceback_for_the_worst_cases(tmp_path: Path, case: Case):
    pytest.importorskip("resource")
    root = H.write_library(tmp_path / "lib", H.apply(BASE, case))
    result = subprocess.run(
        [sys.executable, "-c", CLI, case.loader, "--root", str(root), "build", "--no-thumbnails",
         "--format", ",".join(H.FORMATS)],
        capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=600,
    )
    shown = H.safe(result.stdout + result.stderr).replace("\\n", "\n")
    for sign in ("Traceback", "MemoryError"):
        if sign in shown:
            pytest.fail(f"{case!r}: the command line showed a {sign}:\n{_ends(shown)}", pytrace=False)
    assert result.returncode in (0, 1), f"exit code {result.returncode}\n{_ends(shown)}"
    assert shown.strip(), "nothing was said"
