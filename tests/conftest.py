"""Shared fixtures: scenario libraries in a temporary folder, and an isolated HOME."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHECKER = REPO.parent / "shared" / "tools" / "pptx_check.py"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test away from the real user's files and settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("ERFARING_ROOT", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("ERFARING_CACHE_DIR", str(home / ".cache" / "erfaring"))
    return home


@pytest.fixture(autouse=True)
def language(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Speak English in tests unless marked ``@pytest.mark.lang("nb")``; subprocesses inherit it."""
    from builder import i18n

    marker = request.node.get_closest_marker("lang")
    chosen = marker.args[0] if marker else "en"
    monkeypatch.setenv("ERFARING_LANG", chosen)
    i18n.use(chosen)
    return chosen


@pytest.fixture
def make_library(tmp_path: Path):
    """Return a function that builds a library from `library-minimal` plus a scenario overlay."""
    from support.library import library_maker

    return library_maker(tmp_path)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite the golden text dumps in tests/golden/ instead of comparing.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to regenerate golden files (review the diff!)."""
    return bool(request.config.getoption("--update-golden"))
