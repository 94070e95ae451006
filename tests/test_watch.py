"""Watch mode rebuilds on change and keeps going after a mistake."""

from __future__ import annotations

import pytest

from builder.diagnostics import Location, error
from builder.errors import DiagnosticsError
from builder.watch import changed_files, watch


def test_it_names_added_removed_and_changed_files():
    before = {"slides/a.yaml": [1, 1], "slides/b.yaml": [1, 1]}
    after = {"slides/a.yaml": [1, 2], "slides/c.yaml": [1, 1]}
    assert changed_files(before, after) == ["slides/a.yaml", "slides/b.yaml", "slides/c.yaml"]


@pytest.mark.parametrize("poll", [False, True], ids=["events", "poll"])
def test_it_rebuilds_after_a_save_and_survives_errors(make_library, poll):
    root = make_library()
    calls: list[int] = []
    lines: list[str] = []

    def rebuild() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise DiagnosticsError([error("yaml-syntax", "bad", Location("quotes/topor.yaml", 3, 5))])
        (root / "slides" / "facts.yaml").touch()  # only the first round sees a change after this

    def report(text: str) -> None:
        lines.append(text)
        if text.startswith("watching"):
            path = root / "quotes" / "topor.yaml"
            path.write_text(path.read_text(encoding="utf-8") + "# lagret\n", encoding="utf-8")

    watch(root, rebuild, report, interval=0.05, rounds=2, poll=poll)
    assert len(calls) >= 2
    assert lines[0] == "quotes/topor.yaml:3:5: error[yaml-syntax]: bad"
    assert lines[1].startswith("✗ 1 error; the old files are kept")
    assert any(line.startswith("changed: quotes/topor.yaml") for line in lines)


def _bug_once(monkeypatch):
    """Make the deck renderer fail the first time it is called, as a bug in the tool would."""
    import builder.render.pptx.deck as deck

    real, calls = deck.render_deck, []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("boom: a bug in the renderer")
        return real(*args, **kwargs)

    monkeypatch.setattr(deck, "render_deck", flaky)


def _save_after_watching(root, lines):
    def report(text: str) -> None:
        lines.append(text)
        if text.startswith(("watching", "følger med")):
            module = root / "slides/modules/vendepunktet.yaml"
            module.write_text(module.read_text(encoding="utf-8") + "# lagret\n", encoding="utf-8")

    return report


@pytest.mark.lang("nb")
def test_a_bug_in_a_build_is_reported_plainly_and_watching_goes_on(make_library, monkeypatch):
    import datetime as dt

    from builder.pipeline import build

    monkeypatch.delenv("ERFARING_DEBUG", raising=False)
    root = make_library()
    _bug_once(monkeypatch)
    lines: list[str] = []
    builds: list[object] = []

    def rebuild() -> None:
        builds.append(build(root, today=dt.date(2026, 11, 22), formats=["pptx"]))

    watch(root, rebuild, _save_after_watching(root, lines), interval=0.05, rounds=3)
    logs = list((root / "out/.erfaring").glob("feil-*.txt"))
    assert len(logs) == 1 and "RuntimeError: boom" in logs[0].read_text(encoding="utf-8")
    assert lines[:4] == [
        "feil: `erfaring watch` stoppet på grunn av en feil i verktøyet (ikke i filene dine) mens presentasjonen "
        "'forelesning' (slides/decks/forelesning.yaml) ble bygget",
        "  filene som var bygget fra før, er beholdt som de var",
        f"  meld fra om feilen til den som har ansvar for verktøyet, og send med out/.erfaring/{logs[0].name}, der "
        "detaljene står",
        "  følger fortsatt med: neste lagring prøver igjen",
    ]
    assert [b.written[0].name for b in builds] == ["forelesning.pptx"]  # the save after the bug built the deck
    assert not any("Traceback" in line for line in lines)


def test_with_debug_watch_shows_the_traceback_and_goes_on(make_library, monkeypatch):
    monkeypatch.setenv("ERFARING_DEBUG", "1")
    root = make_library()
    calls: list[int] = []
    lines: list[str] = []

    def rebuild() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise KeyError("surprise")

    watch(root, rebuild, _save_after_watching(root, lines), interval=0.05, rounds=3)
    assert len(calls) >= 2
    assert lines[0].startswith("Traceback") and lines[0].endswith("KeyError: 'surprise'")
    assert lines[1] == "  still watching: the next save tries again"


def test_with_file_events_a_save_is_seen_without_polling(make_library, monkeypatch):
    pytest.importorskip("watchfiles")
    import builder.watch as watching

    root = make_library()
    calls: list[int] = []
    lines: list[str] = []

    def no_sleeping(seconds: float) -> None:
        raise AssertionError("polled instead of waiting for the save")

    monkeypatch.setattr(watching.time, "sleep", no_sleeping)
    watch(root, lambda: calls.append(1), _save_after_watching(root, lines), interval=30, rounds=1)
    assert len(calls) == 2
    assert "changed: slides/modules/vendepunktet.yaml" in lines


def test_watch_announces_each_file_as_it_lands_the_deck_before_the_pdfs(make_library, monkeypatch):
    from click.testing import CliRunner

    import builder.watch as watching
    from builder.cli import cli

    root = make_library()
    monkeypatch.setattr(watching, "watch", lambda root, rebuild, report, **options: rebuild())
    result = CliRunner().invoke(cli, ["--root", str(root), "watch", "--format", "handout-pdf,pptx,handout-docx"])
    assert result.exit_code == 0, result.output
    wrote = [line for line in result.output.splitlines() if line.startswith("wrote ")]
    assert [line.split()[1] for line in wrote] == [
        "out/forelesning/forelesning.pptx", "out/forelesning/forelesning-handout.docx",
        "out/forelesning/forelesning-handout.pdf"]
    assert all(line.endswith(" s)") for line in wrote)  # «wrote out/x/x.pptx (0.4 s)», once each
