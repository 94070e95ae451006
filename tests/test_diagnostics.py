"""How problems are shown: one line each, labels in the user's language, often-seen warnings summed up."""

from __future__ import annotations

import pytest

from builder.diagnostics import Location, error, human_lines, warning


def _stale(n: int):
    return [warning("fact-stale", f"fact {i}", Location("slides/facts.yaml", i)) for i in range(1, n + 1)]


def test_a_new_error_is_not_drowned_by_old_warnings():
    new = error("unknown-key", "unknown field 'titel'", Location("slides/modules/x.yaml", 3, 1), "did you mean 'title'?")
    lines = human_lines([*_stale(12), new], verbose=False)
    assert lines == [
        "slides/modules/x.yaml:3:1: error[unknown-key]: unknown field 'titel'\n  hint: did you mean 'title'?",
        "12 facts are due for a check – `erfaring check --verbose` shows which",
    ]


def test_a_few_warnings_are_shown_and_verbose_shows_all():
    assert len(human_lines(_stale(3), verbose=False)) == 3
    assert len(human_lines(_stale(12), verbose=True)) == 12


@pytest.mark.lang("nb")
def test_the_summary_and_labels_are_norwegian():
    others = [warning("deck-overrun", f"d{i}", Location("slides/decks/d.yaml", i)) for i in range(1, 5)]
    lines = human_lines([*_stale(12), *others, error("yaml-tab", "m", Location("x.yaml", 2, 1), "h")], verbose=False)
    assert lines == [
        "x.yaml:2:1: feil[yaml-tab]: m\n  tips: h",
        "4 advarsler av typen 'deck-overrun' – `erfaring check --verbose` viser hvilke",
        "12 fakta bør sjekkes på nytt – `erfaring check --verbose` viser hvilke",
    ]
