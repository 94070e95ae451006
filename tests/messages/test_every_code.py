"""Every diagnostic code the tool can emit speaks plain Norwegian by default and English on request.

The codes are read from the source (every ``error("code", …)`` and ``warning("code", …)``), so a new
code without a case here fails. Each layer keeps its cases beside this file (`cases_*.py`): a
function that makes the mistake and returns the diagnostics the tool answered with.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from builder import i18n
from support.language import english_words
from support.library import library_maker

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def _load_cases() -> dict:
    cases: dict = {}
    for path in sorted(HERE.glob("cases_*.py")):
        spec = importlib.util.spec_from_file_location(f"message_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for code, trigger in module.CASES.items():
            assert code not in cases, f"{code} has a case in two files"
            cases[code] = trigger
    return cases


CASES = _load_cases()
_CALL = re.compile(r"\b(?:error|warning)\(\s*f?\"([a-z0-9{}-]+)\"")


def emitted_codes() -> set[str]:
    """Every code the source can emit; ``unknown-{kind}`` stands for its kinds."""
    codes: set[str] = set()
    for path in (REPO / "builder").rglob("*.py"):
        for code in _CALL.findall(path.read_text(encoding="utf-8")):
            if code == "unknown-{kind}":
                codes.update(f"unknown-{k}" for k in ("module", "quote", "fact", "source", "audience"))
            else:
                codes.add(code)
    return codes


def test_every_code_has_a_case():
    missing = sorted(emitted_codes() - set(CASES))
    assert not missing, f"codes without a case in tests/messages/cases_*.py: {missing}"


def _run(code: str, language: str, monkeypatch, tmp_path):
    i18n.use(language)
    monkeypatch.setenv("ERFARING_LANG", language)
    tmp_path.mkdir(parents=True, exist_ok=True)
    found = [d for d in CASES[code](library_maker(tmp_path), monkeypatch, tmp_path) if d.code == code]
    assert found, f"the case for {code} did not produce it"
    return found[0]


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_message_is_norwegian_and_english(code, monkeypatch, tmp_path):
    norwegian = _run(code, "nb", monkeypatch, tmp_path / "nb")
    english = _run(code, "en", monkeypatch, tmp_path / "en")
    for text in (norwegian.message, norwegian.hint or ""):
        assert not english_words(text), f"{code}: English words {english_words(text)} in «{text}»"
    assert norwegian.message != english.message
    assert norwegian.code == english.code == code
    assert norwegian.location == english.location


def test_no_message_lacks_a_translation():
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import catalogs
    finally:
        sys.path.pop(0)
    missing = {domain: catalogs.missing("nb", domain) for domain in i18n.DOMAINS}
    assert not any(missing.values()), missing


def test_every_module_is_in_exactly_one_catalog():
    base = REPO / "builder"
    owners: dict[Path, list[str]] = {}
    for domain, patterns in i18n.DOMAINS.items():
        for pattern in patterns:
            for path in base.glob(pattern):
                owners.setdefault(path, []).append(domain)
    for path in base.rglob("*.py"):
        assert len(owners.get(path, [])) == 1, f"{path.relative_to(base)} is in {owners.get(path, [])}"


@pytest.mark.parametrize("given, expected", [
    (["--lang", "en"], "en"), (["--lang=nb"], "nb"), (["build", "--lang", "no"], "nb"),
])
def test_the_command_line_chooses_first(given, expected):
    assert i18n.choose(given, {"ERFARING_LANG": "en" if expected == "nb" else "nb"}) == expected


@pytest.mark.parametrize("environ, expected", [
    ({}, "nb"), ({"LANG": "C.UTF-8"}, "nb"), ({"LANG": "en_GB.UTF-8"}, "en"), ({"LANG": "nb_NO.UTF-8"}, "nb"),
    ({"LANG": "de_DE.UTF-8"}, "nb"), ({"ERFARING_LANG": "en", "LANG": "nb_NO.UTF-8"}, "en"),
    ({"ERFARING_LANG": "nb", "LANG": "en_US.UTF-8"}, "nb"), ({"LC_ALL": "C", "LANG": "en_US.UTF-8"}, "en"),
    ({"ERFARING_LANG": "klingon"}, "nb"),
])
def test_the_environment_chooses_next(environ, expected):
    assert i18n.choose([], environ) == expected


def test_no_message_hides_inside_an_f_string():
    # Babel cannot see a _() call inside an f-string on Python 3.11, so its text would never be translated.
    for path in (REPO / "builder").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            assert "{_(" not in line and "{ngettext(" not in line, f"{path.name}:{number}: {line.strip()}"


def test_a_message_shared_by_two_catalogs_means_the_same_in_both():
    # The catalogs are searched as one: the first translation of a message wins, so two must agree.
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import catalogs
    finally:
        sys.path.pop(0)
    seen: dict = {}
    for domain in i18n.DOMAINS:
        for message in catalogs.read("nb", domain):
            if message.id and message.string:
                key = message.id if isinstance(message.id, str) else tuple(message.id)
                first = seen.setdefault(key, (domain, message.string))
                assert first[1] == message.string, f"{key!r}: {first[0]} says {first[1]!r}, {domain} says {message.string!r}"
