"""Watch mode rebuilds on change and keeps going after a mistake."""

from __future__ import annotations

from builder.diagnostics import Location, error
from builder.errors import DiagnosticsError
from builder.watch import changed_files, watch


def test_it_names_added_removed_and_changed_files():
    before = {"slides/a.yaml": [1, 1], "slides/b.yaml": [1, 1]}
    after = {"slides/a.yaml": [1, 2], "slides/c.yaml": [1, 1]}
    assert changed_files(before, after) == ["slides/a.yaml", "slides/b.yaml", "slides/c.yaml"]


def test_it_rebuilds_after_a_save_and_survives_errors(make_library):
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

    watch(root, rebuild, report, interval=0.05, rounds=2)
    assert len(calls) >= 2
    assert lines[0] == "quotes/topor.yaml:3:5: error[yaml-syntax]: bad"
    assert lines[1].startswith("✗ 1 error; the old files are kept")
    assert any(line.startswith("changed: quotes/topor.yaml") for line in lines)
