"""Templates and layout maps: inferred placements, and every written map that would lose content refused.

Each refused case is a scenario folder `tests/fixtures/map-<scenario>/` holding only the map
(`assets/templates/<name>.layouts.yaml`); the test copies the binary template beside it and
points the deck at it, as test_deck.py does. The messages are asserted word for word, with
the map's path, line and column, because they are what a user reads in the editor.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from pptx import Presentation

from builder.errors import DiagnosticsError
from builder.pipeline import build, check
from builder.render.pptx.template import load_template
from support.cli import run

TODAY = dt.date(2026, 11, 22)
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
ORG = FIXTURES / "template-organisasjon-4x3" / "organisasjon.pptx"  # 4:3, idx values other than PowerPoint's
LIGHTS = FIXTURES / "templates" / "libreoffice-lights.pptx"  # LibreOffice: title and content share idx 0
ORG_MAP = "assets/templates/organisasjon.layouts.yaml"
LIGHTS_MAP = "assets/templates/libreoffice-lights.layouts.yaml"


def with_template(root: Path, template: Path) -> Path:
    """Copy `template` into the library's assets/templates and point the deck at it."""
    target = root / "assets" / "templates"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(template, target / template.name)
    deck = root / "slides" / "decks" / "forelesning.yaml"
    deck.write_text(deck.read_text(encoding="utf-8") + f"template: {template.name}\n", encoding="utf-8")
    return root


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


# scenario → (template, [(first line of d.format(), hint or None when the hint is not pinned here)])
REFUSED = {
    "map-role-on-footer": (ORG, [(
        f"{ORG_MAP}:5:65: feil[layout-map-footer]: idx 11 i oppsettet 'Org Content' er en bunntekst-plassholder "
        "(dato, bunntekst eller lysbildenummer); teksten for 'body' ville forsvinne der",
        "velg en innholdsplassholder: 30 ('Content Placeholder 2')")]),
    "map-one-placeholder-two-roles": (ORG, [(
        f"{ORG_MAP}:5:79: feil[layout-map-shared-placeholder]: 'quote' og 'attribution' i lysbildetypen 'quote' bruker samme "
        "plassholder (idx 61); bare én av dem ville vises",
        "gi hver del sin egen plassholder, eller fjern 'quote' fra kartet så velger verktøyet selv")]),
    "map-shared-idx": (LIGHTS, [(
        f"{LIGHTS_MAP}:6:70: feil[layout-map-shared-idx]: i oppsettet 'Title, Content' har 2 plassholdere med idx 0, "
        "så 'body' kan havne i feil plassholder",
        "verktøyet nummererer dem på nytt; bruk numrene `erfaring doctor` viser: "
        "0 ('PlaceHolder 1'), 4 ('PlaceHolder 2')")]),
    "map-picture-in-text-placeholder": (ORG, [
        (f"{ORG_MAP}:5:66: feil[layout-map-picture]: idx 52 i oppsettet 'Org Picture' er en tekstplassholder og "
         "kan ikke holde et bilde",
         "velg en bildeplassholder, eller fjern 'image' fra kartet så tegner verktøyet bildet selv"),
        # The swapped caption lands on the picture placeholder: refused too.
        (f"{ORG_MAP}:5:79: feil[layout-map-text]: idx 51 i oppsettet 'Org Picture' er en bildeplassholder og kan "
         "ikke holde teksten for 'caption'", None),
    ]),
    "map-text-in-picture-placeholder": (ORG, [(
        f"{ORG_MAP}:5:65: feil[layout-map-text]: idx 51 i oppsettet 'Org Picture' er en bildeplassholder og kan "
        "ikke holde teksten for 'body'", None)]),
    "map-unknown-layout": (ORG, [
        (f"{ORG_MAP}:5:19: feil[layout-missing]: malen 'assets/templates/organisasjon.pptx' har ikke noe oppsett "
         "som heter 'Org Qoute'",
         "mente du 'Org Quote'?"),
        (f"{ORG_MAP}:6:21: feil[layout-missing]: malen 'assets/templates/organisasjon.pptx' har ikke noe oppsett "
         "som heter 'Innhold'",
         "oppsettene er: 'Org Title', 'Org Content', 'Org Comparison', 'Org Picture', 'Org Quote', 'Org Facts'"),
    ]),
    "map-unknown-idx": (ORG, [(
        f"{ORG_MAP}:5:65: feil[placeholder-missing]: oppsettet 'Org Content' har ingen plassholder med idx 99 "
        "(for 'body')",
        "plassholderne der: 0 ('Title 1'), 30 ('Content Placeholder 2')")]),
    "map-font-not-shipped": (ORG, [(
        f"{ORG_MAP}:4:18: feil[layout-map-font]: skriften 'Comic Sans' som teksten skal måles med, finnes ikke "
        "i assets/fonts",
        "bruk 'Carlito' (for Calibri) eller 'Liberation Sans' (for Arial), eller legg skriftfilene i assets/fonts")]),
    "map-wrong-slide-size": (ORG, [(
        f"{ORG_MAP}:4:13: feil[layout-map-slide-size]: kartet sier lysbildestørrelse 12192000 × 6858000, men "
        "malen 'assets/templates/organisasjon.pptx' har 9144000 × 6858000",
        "skriv 'slide_size: [9144000, 6858000]', eller fjern linjen")]),
    "map-unknown-role": (ORG, [
        # The typo leaves the real role out, so both are said, each at its own place.
        (f"{ORG_MAP}:5:44: feil[layout-map-role]: lysbildetypen 'quote' trenger en plassholder for 'attribution'",
         "legg til 'attribution: <idx>', eller fjern 'quote' fra kartet så velger verktøyet selv"),
        (f"{ORG_MAP}:5:66: feil[layout-map-role]: lysbildetypen 'quote' har ingen del som heter 'atribution'",
         "mente du 'attribution'?"),
    ]),
    "map-missing-role": (ORG, [(
        f"{ORG_MAP}:5:44: feil[layout-map-role]: lysbildetypen 'quote' trenger en plassholder for 'attribution'",
        "legg til 'attribution: <idx>', eller fjern 'quote' fra kartet så velger verktøyet selv")]),
}


@pytest.mark.lang("nb")
@pytest.mark.parametrize("scenario", sorted(REFUSED))
def test_a_map_that_would_lose_content_is_refused_at_its_line(make_library, scenario):
    template, expected = REFUSED[scenario]
    checked = check(with_template(make_library(scenario), template))
    assert [d.format().splitlines()[0] for d in checked.diagnostics] == [line for line, _ in expected]
    for d, (_, hint) in zip(checked.diagnostics, expected):
        if hint is not None:
            assert d.hint == hint
    assert checked.templates[template.name] is None


def test_a_refused_map_speaks_english_on_request(make_library):
    checked = check(with_template(make_library("map-unknown-idx"), ORG))
    assert [d.format() for d in checked.diagnostics] == [
        f"{ORG_MAP}:5:65: error[placeholder-missing]: the layout 'Org Content' has no placeholder with idx 99 "
        "(for 'body')\n  hint: the placeholders there: 0 ('Title 1'), 30 ('Content Placeholder 2')"]


def test_an_unknown_kind_in_a_map_is_an_unknown_field(make_library):
    checked = check(with_template(make_library("map-unknown-kind"), ORG))
    assert [(d.code, d.location.line, d.location.col, d.hint) for d in checked.diagnostics] == [
        ("unknown-key", 5, 3, "did you mean 'bullets'?")]
    assert "'bulets'" in checked.diagnostics[0].message


def test_every_map_fixture_names_its_schema_and_holds_only_the_map():
    for folder in sorted(FIXTURES.glob("map-*")):
        files = files_in(folder)
        assert [p.parent.relative_to(folder).as_posix() for p in files] == ["assets/templates"], folder
        assert files[0].name.endswith(".layouts.yaml"), folder
        first = files[0].read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../docs/schema/layouts.schema.json", folder


def test_build_refuses_a_bad_map_and_writes_nothing(make_library):
    root = with_template(make_library("map-role-on-footer"), ORG)
    with pytest.raises(DiagnosticsError) as caught:
        build(root, today=TODAY, formats=["pptx"])
    assert [d.code for d in caught.value.diagnostics] == ["layout-map-footer"]
    assert files_in(root / "out") == []


@pytest.mark.lang("nb")
def test_check_on_the_command_line_prints_the_located_line_and_exits_1(make_library):
    result = run(with_template(make_library("map-unknown-idx"), ORG), "check")
    assert result.returncode == 1
    assert (f"{ORG_MAP}:5:65: feil[placeholder-missing]: oppsettet 'Org Content' har ingen plassholder med "
            "idx 99 (for 'body')\n  tips: plassholderne der: 0 ('Title 1'), 30 ('Content Placeholder 2')\n"
            ) in result.stderr
    assert "feil[" not in result.stdout


def test_a_map_naming_one_kind_leaves_the_others_inferred(make_library):
    root = with_template(make_library("map-one-kind"), ORG)
    assert check(root).diagnostics == ()
    template, problems = load_template(root, "organisasjon.pptx")
    assert problems == []
    assert template.written == frozenset({"quote"})
    assert template.placements["quote"].layout == "Org Quote"
    assert template.placements["quote"].placeholders == {"title": 0, "quote": 61, "attribution": 62}
    # Without the map the quote is drawn on "Org Content"; the other kinds keep what inference chose.
    assert template.placements["bullets"].layout == "Org Content"
    assert template.placements["title"].layout == "Org Title"
    assert template.placements["image"].layout == "Org Picture"
    assert set(template.placements) >= {"title", "section", "bullets", "quote", "facts", "image", "sources",
                                        "closing"}


def test_a_map_using_the_renumbered_idx_of_a_libreoffice_template_is_accepted(make_library):
    root = with_template(make_library("map-renumbered-idx"), LIGHTS)
    assert check(root).diagnostics == ()
    template, problems = load_template(root, "libreoffice-lights.pptx")
    assert problems == []
    assert template.written == frozenset({"bullets"})
    assert template.placements["bullets"].placeholders == {"title": 0, "body": 4}


def test_a_libreoffice_template_without_a_map_builds_with_every_title(make_library):
    root = with_template(make_library(), LIGHTS)
    result = build(root, today=TODAY, formats=["pptx"])
    assert result.diagnostics == ()
    [written] = result.written
    prs = Presentation(written)
    assert len(prs.slides) > 1
    for number, slide in enumerate(prs.slides, 1):
        assert slide.shapes.title is not None, f"slide {number} has no title placeholder"
        assert slide.shapes.title.text.strip(), f"slide {number} lost its title"
    # The content placeholder that shared idx 0 with the title got idx 4, and the text landed there.
    content = [s for s in prs.slides if s.slide_layout.name == "Title, Content"]
    assert content
    for slide in content:
        body = [sh for sh in slide.placeholders if sh.placeholder_format.idx == 4]
        assert body and body[0].text_frame.text.strip(), slide.shapes.title.text
