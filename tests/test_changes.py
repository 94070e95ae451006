"""The comparison: a built deck edited the way PowerPoint and LibreOffice save it, mapped back to the YAML."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

from builder.changes import Change, What, compare, match_slides
from builder.diagnostics import Location
from builder.fit import fit_plan
from builder.pipeline import build, check
from builder.read.pptx import read_pptx
from builder.render.pptx.template import font_dir

MODULE = "slides/modules/samarbeid.yaml"
QUOTES = "quotes/topor.yaml"
QUOTE = "Vendepunktet ser ut til å bestå av en periode eller et øyeblikk i livet."
EDITED_QUOTE = "Vendepunktet ser ut til å være en periode eller et øyeblikk i livet."


def built(make_library, scenario: str = "changes-lecture", deck: str = "forelesning"):
    """Build `deck` of the scenario library; return the library, the fitted plan and the .pptx path."""
    root = make_library(scenario)
    out = root.parent / "out"
    build(root, [deck], formats=["pptx"], out_dir=out)
    checked = check(root)
    plan = checked.plan(deck)
    template = checked.templates.get(plan.deck.template)
    fitted, _problems = fit_plan(plan, template.geometry, font_dir(root, template.fonts.measure))
    return checked.library, fitted, out / deck / f"{deck}.pptx"


# --- editing the way a user does in PowerPoint -------------------------------------------


def edit(path: Path, *steps) -> None:
    prs = Presentation(str(path))
    for step in steps:
        step(prs)
    prs.save(str(path))


def slide_titled(prs, title: str):
    """Find a slide by its title as the user reads it (hard spaces shown as spaces)."""
    return next(s for s in prs.slides
                if s.shapes.title is not None and s.shapes.title.text_frame.text.replace("\u00a0", " ") == title)


def paragraph_with(slide, text: str):
    for shape in slide.shapes:
        if shape.has_text_frame:
            for para in shape.text_frame.paragraphs:
                if para.text.replace("\u00a0", " ") == text:
                    return para
    raise AssertionError(text)


def retype(para, text: str) -> None:
    """Replace a paragraph's text as PowerPoint does: the first run keeps its look, the others go."""
    runs = para.runs
    if not runs:
        para.text = text
        return
    runs[0].text = text
    for run in runs[1:]:
        run._r.getparent().remove(run._r)


def set_title(old: str, new: str):
    return lambda prs: retype(slide_titled(prs, old).shapes.title.text_frame.paragraphs[0], new)


def set_text(title: str, old: str, new: str):
    return lambda prs: retype(paragraph_with(slide_titled(prs, title), old), new)


def set_notes(title: str, text: str):
    def step(prs):
        frame = slide_titled(prs, title).notes_slide.notes_text_frame
        retype(frame.paragraphs[0], text)
    return step


def delete_slide(title: str):
    def step(prs):
        slide = slide_titled(prs, title)
        ids = prs.slides._sldIdLst
        for sld_id in list(ids):
            if prs.slides.get(int(sld_id.get("id"))) == slide:
                prs.part.drop_rel(sld_id.rId)
                ids.remove(sld_id)
    return step


def move_slide(title: str, to: int):
    def step(prs):
        slide = slide_titled(prs, title)
        ids = prs.slides._sldIdLst
        element = next(e for e in ids if prs.slides.get(int(e.get("id"))) == slide)
        ids.remove(element)
        ids.insert(to - 1, element)
    return step


def add_slide(title: str, text: str, after: str):
    def step(prs):
        layout = slide_titled(prs, "Refleksjon").slide_layout
        before = slide_titled(prs, after)
        slide = prs.slides.add_slide(layout)
        slide.shapes.title.text = title
        body = next(ph for ph in slide.placeholders if ph.placeholder_format.idx != 0)
        body.text_frame.text = text
        ids = prs.slides._sldIdLst
        element = ids[-1]
        ids.remove(element)
        place = next(n for n, e in enumerate(ids) if prs.slides.get(int(e.get("id"))) == before)
        ids.insert(place + 1, element)
    return step


# Added before anything is deleted: python-pptx names a new slide after the count of slides and would
# reuse the name of one still in the file.
EDITS = (
    set_text("Hva hjelper", "Også når det går sakte", "Også når det tar tid"),
    set_title("Hva hjelper", "Hva som hjelper"),
    set_notes("Refleksjon", "Gi ti minutter."),
    set_text("Sitat: Alain Topor", f"«{QUOTE}»", f"«{EDITED_QUOTE}»"),
    add_slide("Ny side", "Noe helt nytt", after="Refleksjon"),
    move_slide("Refleksjon", 6),  # before «Hva som hjelper»
    delete_slide("Et bilde"),
)


def expected() -> list[Change]:
    return [
        Change(3, What.QUOTE, QUOTE, EDITED_QUOTE, Location(QUOTES, 3, 11), ("quotes", 0, "text"), True,
               edited=3),
        Change(5, What.SLIDE_REMOVED, "Et bilde", None, Location("slides/modules/vendepunktet.yaml", 13, 5), None,
               False, "a removed slide cannot be carried back; delete it in the file, or give it 'except:' for "
                      "this audience"),
        Change(6, What.TITLE, "Hva hjelper", "Hva som hjelper", Location(MODULE, 8, 12), ("slides", 0, "title"),
               True, edited=6),
        Change(6, What.BULLET, "Også når det går sakte", "Også når det tar tid", Location(MODULE, 11, 35),
               ("slides", 0, "bullets", 1, 1), True, edited=6),
        Change(6, What.SLIDE_ADDED, None, "Ny side", None, None, False,
               "a new slide cannot be carried back; write it in a module file", edited=7),
        Change(7, What.NOTES, "Gi fem minutter.", "Gi ti minutter.", Location(MODULE, 24, 12),
               ("slides", 2, "notes"), True, edited=5),
    ]


def test_an_untouched_deck_has_no_changes(make_library):
    lib, plan, path = built(make_library)
    assert compare(lib, plan, read_pptx(path)) == []


def test_edits_saved_by_python_pptx_map_back_to_the_yaml(make_library):
    lib, plan, path = built(make_library)
    edit(path, *EDITS)
    assert compare(lib, plan, read_pptx(path)) == expected()


def test_slides_map_by_their_id_even_when_every_title_changed(make_library):
    lib, plan, path = built(make_library)
    edit(path, set_title("Refleksjon", "Samtale"), move_slide("Samtale", 3))
    pairs, added, removed = match_slides(plan, read_pptx(path))
    assert [(p.number, e.number) for p, e in pairs] == [(1, 1), (2, 2), (7, 3), (3, 4), (4, 5), (5, 6), (6, 7),
                                                         (8, 8), (9, 9), (10, 10)]
    assert (added, removed) == ([], [])


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_edits_after_a_libreoffice_round_trip_map_back_by_position_and_title(make_library, tmp_path):
    lib, plan, path = built(make_library)
    edit(path, *EDITS)
    out = tmp_path / "libreoffice"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "pptx", "--outdir", str(out), str(path)], check=True, capture_output=True,
                   timeout=180)
    read = read_pptx(out / path.name)
    assert all(s.stable_id is None for s in read.slides)  # LibreOffice drops slide names
    assert compare(lib, plan, read) == expected()


def test_a_quote_other_decks_show_is_carried_only_when_asked(make_library):
    lib, plan, path = built(make_library, "changes-shared-quote")
    edit(path, set_text("Sitat: Alain Topor", f"«{QUOTE}»", f"«{EDITED_QUOTE}»"))
    [change] = compare(lib, plan, read_pptx(path))
    assert change == Change(3, What.QUOTE, QUOTE, EDITED_QUOTE, Location(QUOTES, 3, 11), ("quotes", 0, "text"),
                            False, "the quote is shown in other decks too (seminar); give --quote to change it "
                                   "there as well", ("seminar",), edited=3)
    [carried] = compare(lib, plan, read_pptx(path), shared_quotes=True)
    assert (carried.carry, carried.why_not, carried.shared_with) == (True, None, ("seminar",))


def test_a_continued_slide_maps_its_points_by_their_place_in_the_list(make_library):
    lib, plan, path = built(make_library, "changes-long-list")
    continued = [s for s in plan.slides if s.continued]
    assert continued, "the fixture's list must be long enough to continue on a «(forts.)» slide"
    first_item = continued[0].content.items[0].text
    index = [i.text for s in plan.slides if s.source == continued[0].source for i in s.content.items].index(first_item)
    edit(path, set_text(continued[0].title, first_item.replace("\u00a0", " "), "Et nytt punkt"))
    [change] = compare(lib, plan, read_pptx(path))
    assert (change.slide, change.what, change.new, change.key, change.carry) == (
        continued[0].number, What.BULLET, "Et nytt punkt", ("slides", 0, "bullets", index), True)


def test_notes_of_several_paragraphs_and_a_section_subtitle(make_library):
    lib, plan, path = built(make_library)

    def notes(prs):
        frame = slide_titled(prs, "Videre").notes_slide.notes_text_frame
        retype(frame.paragraphs[1], "Andre avsnitt, kortere.")
    edit(path, notes, set_text("Videre", "Det vi tar med oss", "Det vi tar med oss hjem"))
    assert compare(lib, plan, read_pptx(path)) == [
        Change(8, What.TEXT, "Det vi tar med oss", "Det vi tar med oss hjem", Location(MODULE, 27, 15),
               ("slides", 3, "subtitle"), True, edited=8),
        Change(8, What.NOTES, "Første avsnitt.\n\nAndre avsnitt\ngår over to linjer.\n",
               "Første avsnitt.\n\nAndre avsnitt, kortere.", Location(MODULE, 28, 12), ("slides", 3, "notes"), True,
               edited=8),
    ]


def test_text_on_slides_the_builder_made_is_not_carried(make_library):
    lib, plan, path = built(make_library)
    edit(path, set_title("Program", "Dagens program"), set_title("Sitat: Alain Topor", "Et sitat"))
    changes = compare(lib, plan, read_pptx(path))
    assert [(c.slide, c.what, c.new, c.carry, c.why_not) for c in changes] == [
        (2, What.TITLE, "Dagens program", False,
         "this slide is made by the builder; change the deck file or the modules instead"),
        (3, What.TITLE, "Et sitat", False, "this text is made by the builder; it cannot be carried back"),
    ]


def test_an_added_point_is_not_carried(make_library):
    lib, plan, path = built(make_library)

    edit(path, add_point("Hva hjelper", "Å bli hørt"))
    changes = compare(lib, plan, read_pptx(path))
    assert [(c.slide, c.what, c.old, c.new, c.carry, c.why_not) for c in changes] == [
        (6, What.BULLET, None, "Å bli hørt", False, "an added point cannot be carried back; write it in the file")]


def test_nothing_points_into_cues_or_hidden_slides(make_library):
    lib, plan, path = built(make_library)
    edit(path, *EDITS, set_notes("Hva som hjelper", "Ikke nevn saken fra i fjor."))
    changes = compare(lib, plan, read_pptx(path))
    # (the typed line replaces the transition into the module, which is listed too, with no key)
    assert [c.key for c in changes if c.what is What.NOTES and c.key] == [("slides", 0, "notes"),
                                                                        ("slides", 2, "notes")]
    for change in changes:
        assert change.key is None or not {"cues", "handout"} & set(change.key)
        assert change.key is None or change.key[:2] != ("slides", 1)  # the slide this audience does not see


@pytest.mark.lang("nb")
def test_why_not_in_norwegian(make_library):
    lib, plan, path = built(make_library)
    edit(path, *EDITS)
    assert [c.why_not for c in compare(lib, plan, read_pptx(path)) if not c.carry] == [
        "et lysbilde som er fjernet, kan ikke føres tilbake; slett det i filen, eller gi det 'except:' for denne "
        "målgruppen",
        "et nytt lysbilde kan ikke føres tilbake; skriv det i en modulfil",
    ]


def template_layouts(make_library_root: Path, plan) -> dict[str, str]:
    template = check(make_library_root).templates.get(plan.deck.template)
    return {kind: placement.layout for kind, placement in template.placements.items()}


def relayout(title: str, onto: str):
    """Put a slide on another layout of the template, as «Layout» in PowerPoint's Home tab does."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    def step(prs):
        slide, target = slide_titled(prs, title), slide_titled(prs, onto).slide_layout
        for rel in slide.part.rels.values():
            if rel.reltype == RT.SLIDE_LAYOUT:
                rel._target = target.part
    return step


def add_picture(title: str, image: Path):
    from pptx.util import Inches

    return lambda prs: slide_titled(prs, title).shapes.add_picture(str(image), Inches(1), Inches(1))


def add_point(title: str, text: str):
    """Type a new last point into the slide's list."""
    def step(prs):
        slide = slide_titled(prs, title)
        shape = next(sh for sh in slide.shapes if sh.has_text_frame and len(sh.text_frame.paragraphs) > 1)
        shape.text_frame.add_paragraph().text = text
    return step


def more_edits(root: Path):
    return (
        set_title("Program", "Dagens program"),
        set_text("Hva hjelper", "Tid til å bli kjent", "Tid til å bli kjent med hverandre"),
        add_point("Hva hjelper", "Å bli hørt"),
        set_text("Fakta om MB", "2006", "2007"),
        add_picture("Refleksjon", root / "assets" / "images" / "prikk.png"),
        relayout("Fakta om MB", "Refleksjon"),
        set_notes("Fakta om MB", "Nye notater."),
    )


def test_layouts_pictures_numbers_and_new_points_are_listed_but_not_carried(make_library):
    lib, plan, path = built(make_library)
    edit(path, *more_edits(lib.root))
    changes = compare(lib, plan, read_pptx(path), layouts=template_layouts(lib.root, plan))
    assert [(c.slide, c.what, c.old, c.new, c.key, c.carry) for c in changes] == [
        (2, What.TITLE, "Program", "Dagens program", None, False),
        (4, What.LAYOUT, "Fakta", "Diskusjon", None, False),
        (4, What.TEXT, "2006", "2007", None, False),
        (4, What.NOTES, None, "Nye notater.", None, False),
        (6, What.BULLET, "Tid til å bli kjent", "Tid til å bli kjent med hverandre", ("slides", 0, "bullets", 2),
         True),
        (6, What.BULLET, None, "Å bli hørt", None, False),
        (7, What.PICTURE, "0", "1", None, False),
    ]
    assert changes[4].location == Location(MODULE, 12, 9)


@pytest.mark.lang("nb")
def test_why_not_in_norwegian_for_what_cannot_go_back(make_library):
    lib, plan, path = built(make_library)
    edit(path, *more_edits(lib.root), set_title("Sitat: Alain Topor", "Et sitat"))
    changes = compare(lib, plan, read_pptx(path), layouts=template_layouts(lib.root, plan))
    assert [c.why_not for c in changes if not c.carry] == [
        "dette lysbildet lager verktøyet selv; endre heller filen til presentasjonen eller modulene",
        "denne teksten lager verktøyet selv; den kan ikke føres tilbake",
        "et annet oppsett kan ikke føres tilbake; det er malen som velger oppsett",
        "bare titler, punkter, notater, sitater, spørsmål og tekster til fakta kan føres tilbake",
        "lysbildet har ingen notater i filen; skriv 'notes:' på lysbildet først",
        "et nytt punkt kan ikke føres tilbake; skriv det i filen",
        "et bilde som er lagt til, flyttet eller fjernet i PowerPoint, kan ikke føres tilbake; endre 'image:' i filen",
    ]


@pytest.mark.lang("nb")
def test_a_shared_quote_in_norwegian(make_library):
    lib, plan, path = built(make_library, "changes-shared-quote")
    edit(path, set_text("Sitat: Alain Topor", f"«{QUOTE}»", f"«{EDITED_QUOTE}»"))
    assert [c.why_not for c in compare(lib, plan, read_pptx(path))] == [
        "sitatet vises også i andre presentasjoner (seminar); bruk --quote for å endre det der også"]


# --- what the builder adds: the handout's QR code, the transition into a module -------------


def test_the_handouts_qr_code_on_the_closing_slide_is_no_change(make_library):
    lib, plan, path = built(make_library, "changes-handout-link")
    closing = plan.slides[-1]
    assert closing.kind == "closing" and closing.content.handout_url == "https://example.org/hefte"
    read = read_pptx(path)
    assert read.slides[-1].pictures == 1  # the QR code is drawn, so the comparison must expect it
    assert compare(lib, plan, read) == []


def test_a_picture_added_to_a_closing_slide_without_a_handout_link_is_still_listed(make_library):
    lib, plan, path = built(make_library)
    edit(path, add_picture("Takk for i dag", lib.root / "assets" / "images" / "prikk.png"))
    assert [(c.slide, c.what, c.new, c.carry) for c in compare(lib, plan, read_pptx(path))] == [
        (plan.slides[-1].number, What.PICTURE, "1", False)]


def set_notes_paragraph(title: str, index: int, text: str):
    def step(prs):
        frame = slide_titled(prs, title).notes_slide.notes_text_frame
        retype(frame.paragraphs[index], text)
    return step


LEAD = "Da går vi videre til «Samarbeid»."


def test_the_transition_before_a_modules_first_notes_is_no_change(make_library):
    lib, plan, path = built(make_library)
    first = next(s for s in plan.slides if s.title == "Hva hjelper")
    assert (first.lead, first.notes) == (LEAD, f"{LEAD}\n\nSpør salen først.")
    assert read_pptx(path).slides[first.number - 1].notes == f"{LEAD}\n\nSpør salen først."
    assert compare(lib, plan, read_pptx(path)) == []


def test_an_edit_after_the_transition_is_carried_without_it(make_library):
    lib, plan, path = built(make_library)
    edit(path, set_notes_paragraph("Hva hjelper", 1, "Spør salen først, så gruppene."))
    assert compare(lib, plan, read_pptx(path)) == [
        Change(6, What.NOTES, "Spør salen først.", "Spør salen først, så gruppene.", Location(MODULE, 13, 12),
               ("slides", 0, "notes"), True, edited=6)]


def test_a_reworded_transition_is_listed_but_not_carried(make_library):
    lib, plan, path = built(make_library)
    edit(path, set_notes_paragraph("Hva hjelper", 0, "Så går vi videre til «Samarbeid»."),
         set_notes_paragraph("Hva hjelper", 1, "Spør salen."))
    assert [(c.what, c.old, c.new, c.key, c.carry, c.why_not) for c in compare(lib, plan, read_pptx(path))] == [
        (What.NOTES, LEAD, "Så går vi videre til «Samarbeid».", None, False,
         "the words that lead into the module are made by the builder; they cannot be carried back"),
        (What.NOTES, "Spør salen først.", "Spør salen.", ("slides", 0, "notes"), True, None),
    ]


def test_notes_typed_over_the_transition_are_carried_whole_and_its_loss_is_listed(make_library):
    lib, plan, path = built(make_library)
    edit(path, set_notes_paragraph("Hva hjelper", 0, "Start med en runde rundt bordet."))
    assert [(c.what, c.old, c.new, c.key, c.carry) for c in compare(lib, plan, read_pptx(path))] == [
        (What.NOTES, LEAD, None, None, False),
        (What.NOTES, "Spør salen først.", "Start med en runde rundt bordet.\n\nSpør salen først.",
         ("slides", 0, "notes"), True),
    ]
