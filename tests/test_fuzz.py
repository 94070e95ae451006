"""Property: whatever a user types, the loader and checker answer with diagnostics, never a crash."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.load import load_text
from builder.pipeline import check

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = dt.date(2026, 11, 22)
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

YAML_CHARS = st.sampled_from(list("abcæøå:-[]{}&*!|>#'\"\t\n ,?%@`~0123456789.") + ["\n  ", "\n- ", ": ", "«", "»"])
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20),
                    st.dates())
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(["id", "kind", "title", "slides", "quote", "facts", "minutes", "bullets",
                                     "consent", "image", "alt", "audience", "modules", "text", "by", "x"]),
                    inner, max_size=5),
), max_leaves=20)


def _library() -> Path:
    """Copy the real library (or the minimal fixture if it is still empty) to a temp folder."""
    target = Path(tempfile.mkdtemp(prefix="fuzz-"))
    source = REPO if any((REPO / "slides" / "modules").glob("*.yaml")) else FIXTURES / "library-minimal"
    for part in ("slides", "quotes", "assets"):
        if (source / part).exists():
            shutil.copytree(source / part, target / part, ignore=shutil.ignore_patterns("fonts", "templates"))
    return target


LIBRARY = _library()
FILES = sorted(p.relative_to(LIBRARY) for p in [*LIBRARY.glob("slides/**/*.yaml"), *LIBRARY.glob("quotes/*.yaml")])


def _checked_with(rel: Path, text: str) -> None:
    path = LIBRARY / rel
    original = path.read_bytes()
    try:
        path.write_text(text, encoding="utf-8")
        result = check(LIBRARY, today=TODAY)
        for diagnostic in result.diagnostics:
            assert diagnostic.location.line >= 1 and diagnostic.location.col >= 1
            assert diagnostic.message
    finally:
        path.write_bytes(original)


@FUZZ
@given(st.lists(YAML_CHARS, max_size=80).map("".join))
def test_random_text_gives_only_diagnostics(text):
    doc, problems = load_text(text, "x.yaml")
    assert doc is not None or problems


@FUZZ
@given(values, st.sampled_from(FILES))
def test_random_documents_in_any_library_file_give_only_diagnostics(value, rel):
    _checked_with(rel, yaml.safe_dump(value, allow_unicode=True, default_flow_style=False))


@st.composite
def mutated(draw):
    rel = draw(st.sampled_from(FILES))
    lines = (LIBRARY / rel).read_text(encoding="utf-8").splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "indent", "dedent", "insert", "swap", "retype"]))
        if action == "delete":
            del lines[at]
        elif action == "duplicate":
            lines.insert(at, lines[at])
        elif action == "indent":
            lines[at] = "  " + lines[at]
        elif action == "dedent":
            lines[at] = lines[at][2:] if lines[at].startswith("  ") else lines[at].lstrip()
        elif action == "insert":
            col = draw(st.integers(0, len(lines[at])))
            junk = draw(st.lists(YAML_CHARS, min_size=1, max_size=4).map("".join))
            lines[at] = lines[at][:col] + junk + lines[at][col:]
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        else:
            key, _, _ = lines[at].partition(":")
            lines[at] = key + ": " + draw(st.sampled_from(["[]", "{}", "~", "ja", "- x", "12:30", "'", "nei"])) + "\n"
    return rel, "".join(lines)


@FUZZ
@given(mutated())
def test_random_mutations_of_the_real_library_give_only_diagnostics(case):
    rel, text = case
    _checked_with(rel, text)
