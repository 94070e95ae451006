"""Slips of writing that YAML accepts but the slide would show as they are: each a located warning with a tip."""

from __future__ import annotations

import datetime as dt

import pytest

from builder.pipeline import check

TODAY = dt.date(2026, 11, 22)
MODULE = "slides/modules/vendepunktet.yaml"


def add_bullets(root, lines: str, kind: str = "bullets") -> None:
    module = root / MODULE
    module.write_text(module.read_text(encoding="utf-8") + f"  - kind: {kind}\n    title: Punkter\n    bullets:\n"
                      + lines, encoding="utf-8")


def lines(root, code: str | None = None) -> list[str]:
    return [d.format() for d in check(root, today=TODAY).diagnostics if code is None or d.code == code]


@pytest.mark.lang("nb")
def test_a_point_indented_one_space_too_far_is_found_where_it_begins(make_library):
    root = make_library()
    add_bullets(root, "      - Erfaring er kunnskap\n       - Håp smitter\n")
    assert lines(root) == [
        "slides/modules/vendepunktet.yaml:21:8: advarsel[bullet-merged]: to punkter har blitt slått sammen til ett: "
        "«Håp smitter» skulle begynt et eget punkt\n"
        "  tips: skriv hvert punkt på en egen linje som begynner med '- ', med streken rett under streken i punktet over"
    ]


def test_a_pasted_bullet_sign_inside_a_point_is_found(make_library):
    root = make_library()
    add_bullets(root, "      - Erfaring er kunnskap • Håp smitter\n")
    assert lines(root) == [
        "slides/modules/vendepunktet.yaml:20:9: warning[bullet-merged]: two points have run together into one: "
        "«Håp smitter» should begin a point of its own\n"
        "  hint: write each point on its own line beginning with '- ', with the '- ' straight under the one above"
    ]


@pytest.mark.lang("nb")
def test_a_sub_point_written_with_spaces_and_a_dash_gets_the_bracket_syntax(make_library):
    root = make_library()
    add_bullets(root, "      - Erfaringskompetanse\n        - egen erfaring\n")
    assert lines(root) == [
        "slides/modules/vendepunktet.yaml:21:9: advarsel[sub-bullets-as-text]: «- egen erfaring» ser ut som et "
        "underpunkt, men lysbildet viser det som en del av punktet «Erfaringskompetanse»\n"
        "  tips: skriv underpunktene som en liste i hakeparentes på linjen under punktet: "
        "'- [Underpunkt, Underpunkt to]'"
    ]


@pytest.mark.lang("nb")
@pytest.mark.parametrize("written, expected", [
    ("      - Erfaring   - egen erfaring\n",
     "20:9: advarsel[sub-bullets-as-text]: «- egen erfaring» ser ut som et underpunkt, men lysbildet viser det "
     "som en del av punktet «Erfaring»"),
    ("      - \"  egen erfaring\"\n",
     "20:9: advarsel[sub-bullets-as-text]: punktet «egen erfaring» begynner med mellomrom, men mellomrom gjør det "
     "ikke til et underpunkt"),
    ("      - \"- egen erfaring\"\n",
     "20:9: advarsel[sub-bullets-as-text]: punktet «- egen erfaring» begynner med '-', så lysbildet viser tegnet "
     "som tekst og ikke som et underpunkt"),
    ("      - >-\n        Erfaring\n          - egen erfaring\n",
     "22:11: advarsel[sub-bullets-as-text]: «- egen erfaring» ser ut som et underpunkt, men lysbildet viser det "
     "som en del av punktet «Erfaring»"),
])
def test_other_ways_of_writing_sub_points_as_text_are_found(make_library, written, expected):
    root = make_library()
    add_bullets(root, written)
    assert lines(root) == [f"slides/modules/vendepunktet.yaml:{expected}\n  tips: skriv underpunktene som en liste "
                           "i hakeparentes på linjen under punktet: '- [Underpunkt, Underpunkt to]'"]


def test_merged_points_in_a_two_column_slide_are_found_too(make_library):
    root = make_library()
    module = root / MODULE
    module.write_text(module.read_text(encoding="utf-8") + "  - kind: two-column\n    title: To\n    left:\n"
                      "      bullets:\n        - Før\n         - Etter\n    right:\n      bullets: [Nå]\n",
                      encoding="utf-8")
    assert [(d.code, str(d.location)) for d in check(root, today=TODAY).diagnostics] == [
        ("bullet-merged", "slides/modules/vendepunktet.yaml:22:10")]


@pytest.mark.parametrize("written", [
    "      - Bergen – hovedstad\n",
    "      - 10 - 20 år\n",
    "      - Bergen – Norges nest største by\n",
    "      - Film – Når pasienterfaringer blir jobb\n",
    "      - Viske ut skillet mellom «dem» og «oss»\n",
    "      - Hvordan kan vi støtte\n        – og ikke stå i veien for – et vendepunkt?\n",
    "      - Erfaring\n      - [Egen erfaring, Andres erfaring]\n",
    "      - Et langt punkt som fortsetter\n        på neste linje - uten problemer\n",
])
def test_dashes_in_running_text_and_real_sub_points_are_left_alone(make_library, written):
    root = make_library()
    add_bullets(root, written)
    assert lines(root) == []


@pytest.mark.lang("nb")
def test_a_quote_written_inside_quotation_marks_warns_at_its_text(make_library):
    root = make_library()
    quotes = root / "quotes/topor.yaml"
    quotes.write_text(quotes.read_text(encoding="utf-8").replace(
        "text: Vendepunktet ser ut til å bestå av en periode eller et øyeblikk i livet.",
        "text: «Vendepunktet ser ut til å bestå av en periode eller et øyeblikk i livet.»"), encoding="utf-8")
    assert lines(root) == [
        "quotes/topor.yaml:3:11: advarsel[quote-double-marks]: sitatet begynner med '«' og slutter med '»'; "
        "programmet setter inn «» selv, så lysbildet ville vist ««…»»\n"
        "  tips: fjern anførselstegnene først og sist i teksten; programmet setter dem inn selv"
    ]


@pytest.mark.parametrize("text, fires", [
    ("“Vendepunktet er et øyeblikk.”", True),
    ('"\\"Vendepunktet er et øyeblikk.\\""', True),
    ("«Vendepunktet er et øyeblikk».", True),
    ("«Dem» og «oss»", False),
    ("Vi sa «hei» til hverandre", False),
    ("Vendepunktet er et øyeblikk.", False),
])
def test_only_a_quote_wholly_inside_marks_warns(make_library, text, fires):
    root = make_library()
    quotes = root / "quotes/topor.yaml"
    quotes.write_text(quotes.read_text(encoding="utf-8").replace(
        "text: Vendepunktet ser ut til å bestå av en periode eller et øyeblikk i livet.", f"text: {text}"),
        encoding="utf-8")
    assert [d.code for d in check(root, today=TODAY).diagnostics] == (["quote-double-marks"] if fires else [])


@pytest.mark.lang("nb")
def test_example_text_from_erfaring_new_warns_where_it_is_left(make_library):
    root = make_library()
    add_bullets(root, "      - Første punkt\n      - [Et underpunkt, Egen tekst]\n")
    module = root / MODULE
    module.write_text(module.read_text(encoding="utf-8").replace(
        "summary: Om vendepunktet.",
        "summary: >-\n  Skriv to-tre setninger om hva modulen handler om. Teksten vises i handouten."),
        encoding="utf-8")
    assert lines(root) == [
        "slides/modules/vendepunktet.yaml:3:10: advarsel[placeholder-text]: «Skriv to-tre setninger om hva modulen "
        "handler om.…» er eksempelteksten fra `erfaring new`, og presentasjonen 'forelesning' ville vist den\n"
        "  tips: skriv din egen tekst her, eller slett linjen",
        "slides/modules/vendepunktet.yaml:21:9: advarsel[placeholder-text]: «Første punkt» er eksempelteksten fra "
        "`erfaring new`, og presentasjonen 'forelesning' ville vist den\n"
        "  tips: skriv din egen tekst her, eller slett linjen",
        "slides/modules/vendepunktet.yaml:22:10: advarsel[placeholder-text]: «Et underpunkt» er eksempelteksten fra "
        "`erfaring new`, og presentasjonen 'forelesning' ville vist den\n"
        "  tips: skriv din egen tekst her, eller slett linjen",
    ]


def test_example_text_in_a_module_no_deck_uses_is_left_alone(make_library):
    root = make_library()
    (root / "slides/modules/ny.yaml").write_text(
        "id: ny\ntitle: Ny\nsummary: Skriv to-tre setninger om hva modulen handler om.\nminutes: 5\n"
        "slides:\n  - kind: bullets\n    title: Ny\n    bullets: [Første punkt]\n", encoding="utf-8")
    assert lines(root) == []


def test_a_quote_still_named_navn_navnesen_warns_when_a_deck_shows_it(make_library):
    root = make_library()
    quotes = root / "quotes/topor.yaml"
    quotes.write_text(quotes.read_text(encoding="utf-8").replace("by: Alain Topor", "by: Navn Navnesen"),
                      encoding="utf-8")
    assert [(d.code, str(d.location)) for d in check(root, today=TODAY).diagnostics] == [
        ("placeholder-text", "quotes/topor.yaml:4:9")]
