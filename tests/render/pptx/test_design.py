"""Design rules the renderer applies to every deck, on every template, read back from the written XML.

Short lists grow, long lists go to two columns before «(forts.)», titles sit on the
bottom edge of their box, a quote's title that repeats its attribution is kept off the
slide, discussion questions use the title's width, and fact cards fit their row and text.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation

from builder.fit import arrangement
from builder.render.pptx.accounting import account
from support.deck_xml import paragraph, rendered, rewrite, slide_xml, xpath
from support.library import on_template

REPO = Path(__file__).resolve().parents[3]
CORPUS = REPO / "tests" / "fixtures" / "templates"
TASKS = ["Samtalegruppe", "Turgruppe", "Utskrevet til …", "Undervisning for pasienter og ansatte", "Miljøarbeid",
         "Følge til aktivitetshus", "Foredrag", "Pasientsamtaler/pårørendesamtaler", "Erfaringskafe",
         "Undervisning på høyskolen", "Rådgivningsgruppe", "Samarbeid med fylkesmannen", "Prosjektarbeid"]
TEMPLATE_BODY_PT = 28  # erfaring-standard's body text
TEMPLATE_TITLE_PT = 36


def with_slides(root: Path, yaml: str) -> Path:
    """Append slides (YAML list items, indented as in a module) to the fixture module."""
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8") + yaml, encoding="utf-8")
    return root


def bullets(title: str, items: list[str], extra: str = "") -> str:
    lines = "".join(f'      - "{item}"\n' for item in items)
    return f"  - kind: bullets\n    title: {title}\n{extra}    bullets:\n{lines}"




def shape_of(root, text: str):
    """Return the shape holding the paragraph that reads `text` (a tied no-break space reads as a space)."""
    found = [p for p in xpath(root, "//a:p")
             if "".join(xpath(p, ".//a:t/text()")).replace("\u00a0", " ") == text]
    assert len(found) == 1, f"{len(found)} paragraphs read {text!r}"
    return xpath(found[0], "ancestor::p:sp[1]")[0]


def layout_placeholder(pptx: bytes, number: int, idx: int):
    """Return the placeholder `idx` of the layout slide `number` sits on (python-pptx shape)."""
    layout = Presentation(io.BytesIO(pptx)).slides[number - 1].slide_layout
    return next(s for s in layout.placeholders if s.placeholder_format.idx == idx)


def number_of(plan, title: str) -> int:
    return next(s.number for s in plan.slides if s.title == title)


def run_sizes(shape) -> set[int | None]:
    return {int(r.get("sz")) if r.get("sz") else None for r in xpath(shape, ".//a:r/a:rPr")}


def body_pr(shape):
    return xpath(shape, "p:txBody/a:bodyPr")[0]


def box(shape) -> tuple[int, int, int, int] | None:
    off, ext = xpath(shape, "p:spPr/a:xfrm/a:off"), xpath(shape, "p:spPr/a:xfrm/a:ext")
    if not off:
        return None
    return int(off[0].get("x")), int(off[0].get("y")), int(ext[0].get("cx")), int(ext[0].get("cy"))


def title_shape(root):
    return xpath(root, "//p:sp[p:nvSpPr/p:nvPr/p:ph[@type='title']]")[0]


# --- a slide with little text gets larger type --------------------------------------------------------------


def test_two_short_bullets_grow_to_use_the_slide_within_the_cap(make_library):
    root = with_slides(make_library(), bullets("Lesetips", ["En bok om erfaringskompetanse", "En film"]))
    plan, pptx = rendered(root)
    slide = slide_xml(pptx, number_of(plan, "Lesetips"))
    [size] = run_sizes(shape_of(slide, "En film"))
    assert TEMPLATE_BODY_PT * 100 < size <= min(TEMPLATE_BODY_PT * 1.5, TEMPLATE_TITLE_PT * 1.25) * 100


def test_a_dense_slide_and_a_list_with_sub_points_keep_the_templates_size(make_library):
    dense = [f"Punkt {n}: erfaringskonsulenten bidrar med håp, kunnskap om tilfriskning og et utvidet perspektiv "
             f"på tjenestene" for n in range(4)]  # two long lines each: most of the box is covered
    nested = '  - kind: bullets\n    title: Med underpunkter\n    bullets:\n      - "Hovedpunkt"\n' \
             '      - ["Underpunkt"]\n'
    root = with_slides(make_library(), bullets("Tett", dense) + nested)
    plan, pptx = rendered(root)
    full = slide_xml(pptx, number_of(plan, "Tett"))
    assert run_sizes(shape_of(full, dense[0])) == {None}
    sub = slide_xml(pptx, number_of(plan, "Med underpunkter"))
    assert run_sizes(shape_of(sub, "Hovedpunkt")) == {None}


def test_seven_one_word_points_grow_though_they_reach_far_down_their_box(make_library):
    """Little text by area, not by height: the list grows, and still fits its box."""
    words = ["Erfaring", "Kunnskap", "Rollemodeller", "Håp", "Utvidet perspektiv",
             "Viske ut skillet mellom «dem» og «oss»", "God kontakt"]
    root = with_slides(make_library(), bullets("Hvorfor", words))
    plan, pptx = rendered(root)
    [size] = run_sizes(shape_of(slide_xml(pptx, number_of(plan, "Hvorfor")), "Håp"))
    assert size > TEMPLATE_BODY_PT * 100
    assert account(plan, pptx) == []


def test_three_long_points_on_half_a_box_grow_but_stay_below_the_cap(make_library):
    points = ["Erfaringskonsulenten skal styrke brukerperspektivet, brukermedvirkning og recovery-tenkning i "
              "tjenestene ved klinikken",
              "Skal bidra til å bedre og ivareta pasientenes psykiske helse og gi dem håp",
              "Skal ha fokus på at pasientens mål, interesser og rettigheter blir ivaretatt"]
    root = with_slides(make_library(), bullets("Formål", points))
    plan, pptx = rendered(root)
    [size] = run_sizes(shape_of(slide_xml(pptx, number_of(plan, "Formål")), points[1]))
    assert TEMPLATE_BODY_PT * 100 < size < TEMPLATE_BODY_PT * 150  # larger, but far from the cap: they wrap


def test_the_growth_is_measured_a_long_single_point_grows_less_than_a_short_one(make_library):
    long = ("Å kvalifisere personer med brukererfaring fra psykisk helsevern til å arbeide i det psykiatriske "
            "hjelpeapparatet der egen kunnskap om tilfriskning og mestring er nyttig, og å gjøre det i samarbeid "
            "med tjenestene som skal ansette dem, slik at erfaringen blir brukt og ikke bare nevnt")
    root = with_slides(make_library(), bullets("Kort", ["Håp"]) + bullets("Langt", [long]))
    plan, pptx = rendered(root)
    [short_size] = run_sizes(shape_of(slide_xml(pptx, number_of(plan, "Kort")), "Håp"))
    long_sizes = run_sizes(xpath(slide_xml(pptx, number_of(plan, "Langt")), "//p:sp[.//a:t]")[1])
    assert short_size > max(s or TEMPLATE_BODY_PT * 100 for s in long_sizes)


def test_a_short_quote_grows_and_its_label_sized_title_does_not_cap_it(make_library):
    plan, pptx = rendered(make_library())
    slide = slide_xml(pptx, number_of(plan, "Sitat: Alain Topor"))
    quote = xpath(slide, "//p:sp[p:nvSpPr/p:nvPr/p:ph[@idx='13']]")[0]
    [size] = run_sizes(quote)
    assert 32 * 100 < size <= 32 * 150  # the layout's quote is 32 pt; its title, a 24 pt label, is no cap


def with_programme(root: Path, titles: list[str]) -> Path:
    """Give the scenario's deck a module per title (one short slide each), in its programme."""
    deck = root / "slides/decks/forelesning.yaml"
    for n, title in enumerate(titles):
        (root / f"slides/modules/del-{n}.yaml").write_text(
            f"id: del-{n}\ntitle: {title}\nsummary: Om {title.lower()}.\nminutes: 5\nconsent: public\nslides:\n"
            f"  - kind: bullets\n    title: {title}\n    bullets: [Ett punkt]\n", encoding="utf-8")
    text = deck.read_text(encoding="utf-8").replace("  - vendepunktet\n", "  - vendepunktet\n" + "".join(
        f"  - del-{n}\n" for n in range(len(titles))))
    deck.write_text(text, encoding="utf-8")
    return root


def test_a_short_programme_grows_and_keeps_every_row_on_one_line(make_library):
    titles = ["Hvorfor ansette personer med egenerfaring?", "Erfaringskonsulentens formål",
              "Erfaringskonsulent på allmenn døgnavdeling"]
    root = with_programme(make_library(), titles)
    plan, pptx = rendered(root)
    number = number_of(plan, "Program")
    rows = plan.slides[number - 1].content.rows
    assert len(rows) == len(titles) + 2  # the fixture's module and «Slutt»
    body = xpath(slide_xml(pptx, number), "//p:sp[p:nvSpPr/p:nvPr/p:ph[@idx='1']]")[0]
    [size] = run_sizes(body)
    assert TEMPLATE_BODY_PT * 100 < size <= TEMPLATE_BODY_PT * 150
    # The rows get the title's width, and each is measured to stay one line there with its tab.
    title = layout_placeholder(pptx, number, 0)
    x, _y, cx, _cy = box(body)
    assert x == title.left and cx == title.width
    from builder.fit import arrangement
    slide = plan.slides[number - 1]
    assert arrangement(slide, "body").size_pt == size / 100
    assert account(plan, pptx) == []


def test_a_programme_row_that_would_wrap_stops_the_growth(make_library):
    long = "Bergen – erfaringskonsulentens «hovedstad»"  # with its time and minutes, near the width at 32 pt
    plan, pptx = rendered(with_programme(make_library(), [long]))
    number = number_of(plan, "Program")
    body = xpath(slide_xml(pptx, number), "//p:sp[p:nvSpPr/p:nvPr/p:ph[@idx='1']]")[0]
    [size] = run_sizes(body)
    # Short rows alone would reach the cap; the long one stops the growth before it wraps.
    assert TEMPLATE_BODY_PT * 100 < size < min(TEMPLATE_BODY_PT * 1.5, TEMPLATE_TITLE_PT * 1.25) * 100
    assert account(plan, pptx) == []


# --- a reference list stays on one slide when a smaller size holds it -----------------------------------------


def with_references(root: Path, count: int) -> Path:
    """Give the scenario's module `count` sources more, every other one a web page with a long address."""
    sources = root / "quotes/sources.yaml"
    extra = ""
    for n in range(count):
        extra += f"  - id: kilde-{n}\n    type: {'web' if n % 2 else 'book'}\n"
        extra += f"    title: Erfaringer med erfaringskompetanse i tjenestene, del {n}\n"
        extra += f'    authors: ["Hansen, K.", "Berg, T."]\n    year: 2020\n'
        if n % 2:
            extra += f"    url: https://example.no/2020/06/erfaringer-med-erfaringskompetanse-del-{n}/\n"
        else:
            extra += "    publisher: Universitetsforlaget\n"
    sources.write_text(sources.read_text(encoding="utf-8") + extra, encoding="utf-8")
    module = root / "slides/modules/vendepunktet.yaml"
    ids = ", ".join(f"kilde-{n}" for n in range(count))
    module.write_text(module.read_text(encoding="utf-8").replace("consent: public\n",
                                                                 f"consent: public\nsources: [{ids}]\n"),
                      encoding="utf-8")
    return root


def test_seven_references_go_on_one_slide_at_a_smaller_size_not_below_the_floor(make_library):
    plan, pptx = rendered(with_references(make_library(), 5))  # and the two the scenario has
    titles = [s.title for s in plan.slides if s.kind == "sources"]
    assert titles == ["Kilder"]
    slide = plan.slides[number_of(plan, "Kilder") - 1]
    assert len(slide.content.references) >= 7
    body = xpath(slide_xml(pptx, slide.number), "//p:sp[p:nvSpPr/p:nvPr/p:ph[@idx='1']]")[0]
    [size] = run_sizes(body)
    assert 18 * 100 <= size < 24 * 100  # the layout's reference list is 24 pt; 18 pt is the floor
    assert account(plan, pptx) == []


def test_references_too_many_for_the_floor_still_continue_on_a_forts_slide(make_library):
    plan, _pptx = rendered(with_references(make_library(), 16))
    assert [s.title for s in plan.slides if s.kind == "sources"][:2] == ["Kilder", "Kilder (forts.)"]


# --- long lists go to two columns before «(forts.)» ----------------------------------------------------------


@pytest.mark.parametrize("split", [True, False])
def test_a_thirteen_item_task_list_is_two_columns_on_one_slide(make_library, split):
    extra = "    split: auto\n" if split else ""
    root = with_slides(make_library(), bullets("Oppgaver", TASKS, extra))
    plan, pptx = rendered(root)
    assert [s.title for s in plan.slides if s.title.startswith("Oppgaver")] == ["Oppgaver"]
    slide = slide_xml(pptx, number_of(plan, "Oppgaver"))
    body = shape_of(slide, TASKS[0])
    assert body_pr(body).get("numCol") == "2"
    texts = ["".join(xpath(p, ".//a:t/text()")) for p in xpath(body, ".//a:p")]
    assert [t.replace("\u00a0", " ") for t in texts] == TASKS  # one list, in order, in one shape
    # The box ends where the first column should, so both programs break the columns there.
    first = next(s for s in plan.slides if s.title == "Oppgaver")
    arranged = arrangement(first, "body")
    assert len(TASKS) // 2 <= arranged.column_break < len(TASKS) and box(body)[3] == arranged.height_emu
    assert {xpath(p, "a:pPr/a:spcBef/a:spcPts/@val")[0] for p in xpath(body, ".//a:p")} == {"1200"}
    assert account(plan, pptx) == []


def test_a_list_too_long_for_two_columns_continues_on_forts_slides(make_library):
    many = [f"Oppgave nummer {n} som tar en hel linje i en spalte" for n in range(40)]
    root = with_slides(make_library(), bullets("Mange", many, "    split: auto\n"))
    plan, pptx = rendered(root)
    titles = [s.title for s in plan.slides if s.title.startswith("Mange")]
    assert titles[:2] == ["Mange", "Mange (forts.)"]
    assert body_pr(shape_of(slide_xml(pptx, number_of(plan, "Mange")), many[0])).get("numCol") is None


# --- the title's position does not depend on its line count --------------------------------------------------


def test_a_two_line_title_grows_upward_and_leaves_the_body_where_it_was(make_library):
    long_title = "Hvorfor ansette personer med egenerfaring med psykiske helseutfordringer i tjenestene?"
    root = with_slides(make_library(), bullets("Kort tittel", TASKS[:7]) + bullets(long_title, TASKS[:7]))
    plan, pptx = rendered(root)
    short, long = (slide_xml(pptx, number_of(plan, t)) for t in ("Kort tittel", long_title))
    for slide in (short, long):
        assert body_pr(title_shape(slide)).get("anchor") == "b"
    # Same title box, same body box: only the text inside the title's box grows, upward.
    assert box(title_shape(short)) == box(title_shape(long))
    assert box(shape_of(short, TASKS[0])) == box(shape_of(long, TASKS[0]))


# --- a quote's title that only repeats its attribution ------------------------------------------------------


def test_a_quote_title_that_repeats_the_attribution_is_kept_but_not_shown(make_library):
    plan, pptx = rendered(make_library())
    slide = slide_xml(pptx, number_of(plan, "Sitat: Alain Topor"))
    title = title_shape(slide)
    assert "".join(xpath(title, ".//a:t/text()")) == "Sitat: Alain Topor"  # screen readers and the outline
    x, y, cx, cy = box(title)
    assert y + cy <= 0  # above the slide: not shown, not printed
    assert account(plan, pptx) == []


def test_a_quote_with_a_title_of_its_own_shows_it(make_library):
    root = make_library()
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "    quote: topor-vendepunktet\n", "    quote: topor-vendepunktet\n    title: Et vendepunkt\n"),
        encoding="utf-8")
    plan, pptx = rendered(root)
    title = title_shape(slide_xml(pptx, number_of(plan, "Et vendepunkt")))
    assert box(title) is None or box(title)[1] >= 0


def test_accounting_still_reports_a_quote_title_that_is_missing(make_library):
    plan, pptx = rendered(make_library())
    number = number_of(plan, "Sitat: Alain Topor")
    tampered = rewrite(pptx, f"ppt/slides/slide{number}.xml",
                       lambda root: paragraph(root, "Sitat: Alain Topor").getparent().remove(
                           paragraph(root, "Sitat: Alain Topor")))
    assert [p.code for p in account(plan, tampered)] == ["content-lost"]


# --- discussion questions use the width ---------------------------------------------------------------------


def test_discussion_questions_span_the_titles_width_over_the_question_mark(make_library):
    root = with_slides(make_library(), "  - kind: discussion\n    title: Etter filmen\n    questions:\n"
                       "      - Hva gjorde mest inntrykk?\n"
                       "      - Hva skal til for at pasienterfaringer kan bli en jobb?\n")
    plan, pptx = rendered(root)
    slide = slide_xml(pptx, number_of(plan, "Etter filmen"))
    title = layout_placeholder(pptx, number_of(plan, "Etter filmen"), 0)
    body = shape_of(slide, "Hva gjorde mest inntrykk?")
    x, _y, cx, _cy = box(body)
    assert x == title.left and x + cx == title.left + title.width


# --- fact cards fit their count and their text --------------------------------------------------------------


def facts_slide(root: Path, ids: list[str]) -> Path:
    facts = root / "slides/facts.yaml"
    extra = "".join(f'  - id: {i}\n    value: "{n}"\n    text: Kort forklaring {n}\n    as_of: 2026-01-01\n'
                    f'    source: mb-lysark\n'
                    for n, i in enumerate(ids[1:], start=2))
    facts.write_text(facts.read_text(encoding="utf-8") + extra, encoding="utf-8")
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("facts: [mb-norge]", f"facts: [{', '.join(ids)}]"),
                      encoding="utf-8")
    return root


@pytest.mark.parametrize("count", [1, 2, 3])
def test_fact_cards_start_at_the_titles_edge_and_end_below_their_text(make_library, count):
    ids = ["mb-norge", "fakta-to", "fakta-tre"][:count]
    plan, pptx = rendered(facts_slide(make_library(), ids))
    number = number_of(plan, "Fakta om MB")
    slide = slide_xml(pptx, number)
    title, layout_card = layout_placeholder(pptx, number, 0), layout_placeholder(pptx, number, 14)
    cards = [box(shape_of(slide, text)) for text in ["MB startet i Norge"] + [f"Kort forklaring {n}"
                                                                              for n in range(2, count + 1)]]
    assert cards[0][0] == title.left  # the row starts under the title's first letter
    assert len({c[3] for c in cards}) == 1 and cards[0][3] < layout_card.height  # as tall as the text needs
    assert len({c[2] for c in cards}) == 1  # equal widths
    value = box(shape_of(slide, "2006"))
    assert value is None or value[0] > cards[0][0]  # the number keeps its inset inside the card
    assert account(plan, pptx) == []


# --- the same rules on templates made elsewhere ------------------------------------------------------------


@pytest.mark.parametrize("template", ["python-pptx-default.pptx", "jmablog-dark-mode.pptx"])
def test_the_rules_hold_on_templates_made_elsewhere(make_library, template):
    slides = bullets("Oppgaver", TASKS, "    split: auto\n") + bullets("Lesetips", ["Én bok"])
    root = with_slides(make_library(), slides)
    root = on_template(facts_slide(root, ["mb-norge", "fakta-to"]), template)
    plan, pptx = rendered(root)
    assert [s.title for s in plan.slides if s.title.startswith("Oppgaver")] == ["Oppgaver"]
    tasks = slide_xml(pptx, number_of(plan, "Oppgaver"))
    assert body_pr(shape_of(tasks, TASKS[0])).get("numCol") == "2"
    assert body_pr(title_shape(tasks)).get("anchor") == "b"
    short = shape_of(slide_xml(pptx, number_of(plan, "Lesetips")), "Én bok")
    assert run_sizes(short) != {None}
    number = number_of(plan, "Fakta om MB")
    facts = slide_xml(pptx, number)
    title = layout_placeholder(pptx, number, 0)
    cards = [box(shape_of(facts, t)) for t in ("MB startet i Norge", "Kort forklaring 2")]
    assert cards[0][3] == cards[1][3] and cards[0][2] == cards[1][2]
    assert cards[0][0] >= title.left and cards[0][0] - title.left <= title.width // 10
    assert account(plan, pptx) == []
