"""The handout on paper, measured on the laid-out pages of the real decks: fill, last page, hyphenation."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from builder.pipeline import check
from builder.render import paper
from builder.render.handout import handout_html, handout_view
from builder.render.pdf import layout

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 22)
DECKS = sorted(p.stem for p in (REPO / "slides" / "decks").glob("*.yaml"))
HYPHEN = "\u2010"  # what the engine adds at a break it makes


@pytest.fixture(scope="module")
def checked():
    return check(REPO, today=TODAY)


@pytest.fixture(scope="module")
def printed(checked) -> dict[str, tuple[str, object]]:
    """Return, per deck, the HTML chosen for print and its laid-out document."""
    out = {}
    for deck in DECKS:
        html = paper.print_html(checked.plan(deck))
        out[deck] = (html, layout(html))
    return out


def lines(document) -> list[str]:
    """Return the text of every line of every page, in reading order."""
    from weasyprint.formatting_structure import boxes  # noqa: PLC0415

    out = []
    for page in document.pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if isinstance(box, boxes.LineBox):
                out.append("".join(t.text for t in box.descendants() if isinstance(t, boxes.TextBox)))
            else:
                stack.extend(reversed(getattr(box, "children", None) or []))
    return out


def test_page_fill_measures_the_text_not_the_page_numbers():
    short = layout("<html lang='nb'><body><p>Én linje.</p></body></html>")
    long = layout("<html lang='nb'><body>" + "<p>Mange linjer med tekst.</p>" * 80 + "</body></html>")
    assert paper.page_fill(short)[0] < 0.1
    assert paper.page_fill(long)[0] > 0.9


@pytest.mark.parametrize("deck", DECKS)
def test_no_page_of_the_printed_handout_but_the_last_is_half_empty(printed, deck):
    fill = paper.page_fill(printed[deck][1])
    assert min(fill[:-1], default=1) > 0.5, [round(f, 2) for f in fill]


@pytest.mark.parametrize("deck", DECKS)
def test_the_compact_layout_is_chosen_only_when_it_saves_a_nearly_empty_last_page(checked, printed, deck):
    html, document = printed[deck]
    normal = handout_html(checked.plan(deck))
    if 'class="handout compact"' in html:
        laid = layout(normal)
        assert paper.page_fill(laid)[-1] < paper.SHORT_LAST_PAGE
        assert len(document.pages) < len(laid.pages)
    else:
        assert html == normal


@pytest.mark.parametrize("deck", DECKS)
def test_the_printed_handout_never_hyphenates_a_name_or_leaves_fewer_than_three_letters(checked, printed, deck):
    names = handout_view(checked.plan(deck)).names
    text = lines(printed[deck][1])
    breaks = 0
    for line, following in zip(text, text[1:]):
        if not line.endswith(HYPHEN):
            continue
        breaks += 1
        head = re.search(r"[^\W\d_]+$", line[:-1]).group()
        tail = re.match(r"[^\W\d_]+", following).group()
        assert len(head) >= 3 and len(tail) >= 3, (head, tail)
        assert head + tail not in names, head + tail
    assert breaks, "bokmål hyphenation is on"


def library_with_questions(make_library, count: int):
    root = make_library()
    module = root / "slides/modules/vendepunktet.yaml"
    questions = "".join(f"      - Spørsmål nummer {n} om vendepunktet?\n" for n in range(1, count + 1))
    module.write_text(module.read_text(encoding="utf-8") + "  - kind: discussion\n    title: Refleksjon\n"
                      "    questions:\n" + questions, encoding="utf-8")
    checked = check(root, today=TODAY)
    assert not checked.errors, [d.format() for d in checked.errors]
    return checked.plan("forelesning")


def test_a_handout_that_runs_a_few_lines_over_a_page_gets_two_writing_lines_per_question(make_library):
    plan = library_with_questions(make_library, 9)  # three lines each: 2 pages and a few lines
    normal = layout(handout_html(plan))
    assert len(normal.pages) == 3 and paper.page_fill(normal)[-1] < paper.SHORT_LAST_PAGE
    chosen = paper.print_html(plan)
    assert 'class="handout compact"' in chosen
    assert chosen.count('<div class="write" aria-hidden="true"><span></span><span></span></div>') == 9
    assert len(layout(chosen).pages) == 2


def test_a_handout_whose_last_page_is_half_full_keeps_three_writing_lines(make_library):
    plan = library_with_questions(make_library, 12)
    assert paper.print_html(plan) == handout_html(plan)
