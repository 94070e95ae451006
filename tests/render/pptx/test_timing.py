"""Tests for builder.render.pptx.timing: click-by-click Appear reveals in p:timing."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.util import Inches

from builder.render.pptx.timing import RevealStep, add_click_reveal, reveal_targets

P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS = {"p": P_NS, "a": A_NS}
CHECKER = Path(__file__).resolve().parents[3].parent / "shared" / "tools" / "pptx_check.py"
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e22d2bc9"
    "0000000049454e44ae426082"
)


def xpath(element: etree._Element, path: str) -> list:
    # python-pptx elements override .xpath() without namespaces=, so compile our own.
    return etree.XPath(path, namespaces=NS)(element)


def new_deck():
    deck = Presentation()
    deck.core_properties.title = "Klikk for klikk"
    return deck


def add_bullets_slide(deck, title: str, lines: list[str]):
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = title
    slide.placeholders[1].text_frame.text = "\n".join(lines)
    return slide


def add_two_column_slide(deck, left: list[str], right: list[str]):
    slide = deck.slides.add_slide(deck.slide_layouts[3])
    slide.shapes.title.text = "Stigmaord"
    slide.placeholders[1].text_frame.text = "\n".join(left)
    slide.placeholders[2].text_frame.text = "\n".join(right)
    return slide


@pytest.fixture
def deck():
    return new_deck()


@pytest.fixture
def four_paragraph_slide(deck):
    return add_bullets_slide(deck, "Vendepunktet", ["Håp", "Relasjoner", "Mestring", "Tid"])


@pytest.fixture
def two_shape_slide(deck):
    return add_two_column_slide(deck, ["Gal", "Håpløs", "Farlig"], ["Normal?", "Oppegående?"])


def body_id(slide) -> int:
    return slide.placeholders[1].shape_id


def paragraph_steps(shape_id: int, count: int) -> list[RevealStep]:
    return [RevealStep(shape_id, index) for index in range(count)]


def clicks(slide) -> list[etree._Element]:
    return xpath(slide._element, "./p:timing/p:tnLst/p:par/p:cTn/p:childTnLst/p:seq/p:cTn/p:childTnLst/p:par")


def reopen(deck):
    stream = io.BytesIO()
    deck.save(stream)
    stream.seek(0)
    return Presentation(stream)


# --- the XML PowerPoint writes for Appear, by paragraph --------------------------------


def test_it_adds_one_click_per_paragraph(four_paragraph_slide):
    add_click_reveal(four_paragraph_slide._element, paragraph_steps(body_id(four_paragraph_slide), 4))

    assert len(clicks(four_paragraph_slide)) == 4
    for click in clicks(four_paragraph_slide):
        assert xpath(click, "./p:cTn/p:stCondLst/p:cond/@delay") == ["indefinite"]
        assert xpath(click, "./p:cTn/@fill") == ["hold"]
        assert xpath(click, "./p:cTn/p:childTnLst/p:par/p:cTn/p:stCondLst/p:cond/@delay") == ["0"]
        assert len(xpath(click, ".//p:cTn[@nodeType='clickEffect']")) == 1


def test_each_click_targets_its_own_paragraph_in_order(four_paragraph_slide):
    shape_id = body_id(four_paragraph_slide)
    add_click_reveal(four_paragraph_slide._element, paragraph_steps(shape_id, 4))

    targets = [
        (xpath(c, ".//p:spTgt/@spid"), xpath(c, ".//p:pRg/@st"), xpath(c, ".//p:pRg/@end"))
        for c in clicks(four_paragraph_slide)
    ]
    assert targets == [([str(shape_id)], [str(i)], [str(i)]) for i in range(4)]


def test_each_click_is_powerpoints_appear_entrance(four_paragraph_slide):
    add_click_reveal(four_paragraph_slide._element, paragraph_steps(body_id(four_paragraph_slide), 4))

    for click in clicks(four_paragraph_slide):
        (effect,) = xpath(click, ".//p:cTn[@nodeType='clickEffect']")
        assert dict(effect.attrib) | {"id": "?"} == {
            "id": "?", "presetID": "1", "presetClass": "entr", "presetSubtype": "0",
            "fill": "hold", "grpId": "0", "nodeType": "clickEffect",
        }
        (set_,) = xpath(effect, "./p:childTnLst/p:set")
        assert xpath(set_, "./p:cBhvr/p:cTn/@dur") == ["1"]
        assert xpath(set_, "./p:cBhvr/p:cTn/@fill") == ["hold"]
        assert xpath(set_, "./p:cBhvr/p:attrNameLst/p:attrName/text()") == ["style.visibility"]
        assert xpath(set_, "./p:to/p:strVal/@val") == ["visible"]


def test_the_root_and_main_sequence_follow_powerpoints_layout(four_paragraph_slide):
    add_click_reveal(four_paragraph_slide._element, paragraph_steps(body_id(four_paragraph_slide), 4))

    (root,) = xpath(four_paragraph_slide._element, "./p:timing/p:tnLst/p:par/p:cTn")
    assert dict(root.attrib) == {"id": "1", "dur": "indefinite", "restart": "never", "nodeType": "tmRoot"}
    (seq,) = xpath(root, "./p:childTnLst/p:seq")
    assert dict(seq.attrib) == {"concurrent": "1", "nextAc": "seek"}
    assert dict(xpath(seq, "./p:cTn")[0].attrib) == {"id": "2", "dur": "indefinite", "nodeType": "mainSeq"}
    for list_tag, event in (("prevCondLst", "onPrev"), ("nextCondLst", "onNext")):
        (cond,) = xpath(seq, f"./p:{list_tag}/p:cond")
        assert dict(cond.attrib) == {"evt": event, "delay": "0"}
        assert len(xpath(cond, "./p:tgtEl/p:sldTgt")) == 1


def test_time_node_ids_are_unique_and_count_up_in_document_order(two_shape_slide):
    left, right = two_shape_slide.placeholders[1].shape_id, two_shape_slide.placeholders[2].shape_id
    steps = paragraph_steps(left, 3) + paragraph_steps(right, 2)
    add_click_reveal(two_shape_slide._element, steps)

    ids = [int(i) for i in xpath(two_shape_slide._element, "./p:timing//p:cTn/@id")]
    assert ids == list(range(1, 2 + 4 * len(steps) + 1))


def test_it_registers_a_paragraph_build_for_the_shape(four_paragraph_slide):
    shape_id = body_id(four_paragraph_slide)
    add_click_reveal(four_paragraph_slide._element, paragraph_steps(shape_id, 4))

    builds = xpath(four_paragraph_slide._element, "./p:timing/p:bldLst/p:bldP")
    assert [dict(b.attrib) for b in builds] == [{"spid": str(shape_id), "grpId": "0", "build": "p"}]


def test_two_shapes_get_one_build_entry_each_in_click_order(two_shape_slide):
    right, left = two_shape_slide.placeholders[2].shape_id, two_shape_slide.placeholders[1].shape_id
    add_click_reveal(two_shape_slide._element, paragraph_steps(right, 2) + paragraph_steps(left, 3))

    builds = xpath(two_shape_slide._element, "./p:timing/p:bldLst/p:bldP")
    assert [(b.get("spid"), b.get("grpId"), b.get("build")) for b in builds] == [
        (str(right), "0", "p"), (str(left), "0", "p"),
    ]


def test_a_whole_shape_appears_as_one_object_with_its_background(two_shape_slide):
    left, right = two_shape_slide.placeholders[1].shape_id, two_shape_slide.placeholders[2].shape_id
    add_click_reveal(two_shape_slide._element, [RevealStep(left, None), RevealStep(right, 0)])

    first, _ = clicks(two_shape_slide)
    assert xpath(first, ".//p:spTgt/@spid") == [str(left)]
    assert xpath(first, ".//p:spTgt/*") == []
    builds = {b.get("spid"): dict(b.attrib) for b in xpath(two_shape_slide._element, ".//p:bldP")}
    assert builds[str(left)] == {"spid": str(left), "grpId": "0", "animBg": "1"}
    assert builds[str(right)]["build"] == "p"


def test_a_shape_without_text_gets_no_build_entry(deck, tmp_path):
    slide = add_bullets_slide(deck, "Bilde", ["Tekst"])
    image = tmp_path / "dot.png"
    image.write_bytes(TINY_PNG)
    picture = slide.shapes.add_picture(str(image), Inches(1), Inches(1))
    add_click_reveal(slide._element, [RevealStep(picture.shape_id, None)])

    assert xpath(slide._element, "./p:timing/p:bldLst") == []
    assert xpath(slide._element, ".//p:cTn[@nodeType='clickEffect']/@grpId") == []
    assert reveal_targets(slide._element) == [(picture.shape_id, None)]


def test_deeper_paragraphs_raise_the_build_level(deck):
    slide = add_bullets_slide(deck, "Nivåer", ["Hovedpunkt", "Underpunkt"])
    slide.placeholders[1].text_frame.paragraphs[1].level = 1
    add_click_reveal(slide._element, paragraph_steps(body_id(slide), 2))

    (build,) = xpath(slide._element, ".//p:bldP")
    assert (build.get("build"), build.get("bldLvl")) == ("p", "2")


def test_a_paragraph_left_out_stays_visible_and_is_not_targeted(four_paragraph_slide):
    shape_id = body_id(four_paragraph_slide)
    add_click_reveal(four_paragraph_slide._element, [RevealStep(shape_id, 2), RevealStep(shape_id, 1)])

    assert reveal_targets(four_paragraph_slide._element) == [(shape_id, 2), (shape_id, 1)]


# --- where the timing goes in the slide ----------------------------------------------


def bare_slide(*after_cSld: str) -> etree._Element:
    return etree.fromstring(
        f'<p:sld xmlns:p="{P_NS}" xmlns:a="{A_NS}"><p:cSld><p:spTree>'
        '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>'
        '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Tekst"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/>'
        "<p:txBody><a:bodyPr/><a:p><a:r><a:t>En</a:t></a:r></a:p><a:p/></p:txBody></p:sp>"
        '<p:pic><p:nvPicPr><p:cNvPr id="3" name="Bilde"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
        "<p:blipFill/><p:spPr/></p:pic>"
        f"</p:spTree></p:cSld>{''.join(after_cSld)}</p:sld>"
    )


def child_names(element: etree._Element) -> list[str]:
    return [etree.QName(child).localname for child in element]


def test_timing_goes_after_the_transition_and_before_the_extension_list():
    slide = bare_slide("<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr>", "<p:transition/>", "<p:extLst/>")
    add_click_reveal(slide, [RevealStep(2, 0)])

    assert child_names(slide) == ["cSld", "clrMapOvr", "transition", "timing", "extLst"]


def test_it_replaces_an_existing_timing_in_place():
    slide = bare_slide('<p:timing><p:tnLst><p:par><p:cTn id="1"/></p:par></p:tnLst></p:timing>', "<p:extLst/>")
    add_click_reveal(slide, [RevealStep(2, 0)])
    add_click_reveal(slide, [RevealStep(2, None)])

    assert child_names(slide) == ["cSld", "timing", "extLst"]
    assert reveal_targets(slide) == [(2, None)]


def test_no_steps_leaves_the_slide_without_animation():
    slide = bare_slide()
    add_click_reveal(slide, [RevealStep(2, 0)])
    add_click_reveal(slide, [])

    assert child_names(slide) == ["cSld"]


def test_it_adds_no_extra_namespace_declarations(four_paragraph_slide):
    add_click_reveal(four_paragraph_slide._element, paragraph_steps(body_id(four_paragraph_slide), 4))

    assert etree.tostring(four_paragraph_slide._element).count(b"xmlns:p=") == 1


# --- reading the reveal back ----------------------------------------------------------


def test_reveal_targets_reads_back_the_steps_in_click_order(deck, two_shape_slide):
    left, right = two_shape_slide.placeholders[1].shape_id, two_shape_slide.placeholders[2].shape_id
    steps = [
        RevealStep(right, 1), RevealStep(left, 0), RevealStep(left, 2), RevealStep(right, 0), RevealStep(left, 1),
    ]
    add_click_reveal(two_shape_slide._element, steps)

    reopened = reopen(deck).slides[0]
    assert reveal_targets(reopened._element) == [(s.shape_id, s.paragraph) for s in steps]


def test_reveal_targets_of_a_slide_without_animation_is_empty(four_paragraph_slide):
    assert reveal_targets(four_paragraph_slide._element) == []


# --- mistakes are caught before anything is written -----------------------------------


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ([RevealStep(9, 0)], "step 1: no shape with id 9 on the slide"),
        ([RevealStep(2, 5)], "step 1: shape 2 has 2 paragraphs, so there is no paragraph 5"),
        ([RevealStep(2, 1)], "step 1: paragraph 1 of shape 2 has no text"),
        ([RevealStep(2, 0), RevealStep(2, 0)], "step 2: paragraph 0 of shape 2 is already revealed"),
        ([RevealStep(2, None), RevealStep(2, 0)], "shape 2 is revealed both as a whole and by paragraph"),
        ([RevealStep(1, None)], "step 1: no shape with id 1 on the slide"),
        ([RevealStep(3, 0)], "step 1: shape 3 has no text to reveal by paragraph"),
    ],
)
def test_a_bad_step_raises_and_leaves_the_old_timing_alone(steps, message):
    slide = bare_slide()
    add_click_reveal(slide, [RevealStep(2, 0)])
    before = etree.tostring(slide)

    with pytest.raises(ValueError, match=message):
        add_click_reveal(slide, steps)
    assert etree.tostring(slide) == before


def test_every_problem_is_reported_at_once():
    with pytest.raises(ValueError) as caught:
        add_click_reveal(bare_slide(), [RevealStep(9, 0), RevealStep(2, 7)])

    assert "step 1" in str(caught.value) and "step 2" in str(caught.value)


@pytest.mark.parametrize(("shape_id", "paragraph"), [(0, None), (-3, 0), (2, -1), (True, 0), (2, 1.0)])
def test_a_step_refuses_ids_and_indexes_that_cannot_exist(shape_id, paragraph):
    with pytest.raises(ValueError):
        RevealStep(shape_id, paragraph)


def test_it_only_accepts_a_slide():
    with pytest.raises(ValueError, match="expected a p:sld element"):
        add_click_reveal(etree.fromstring(f'<p:sldLayout xmlns:p="{P_NS}"/>'), [])


# --- what strict readers make of a saved deck -----------------------------------------


def save_reveal_deck(path: Path) -> Path:
    deck = new_deck()
    bullets = add_bullets_slide(deck, "Fire avsnitt", ["Første", "Andre", "Tredje", "Fjerde"])
    add_click_reveal(bullets._element, paragraph_steps(body_id(bullets), 4))
    columns = add_two_column_slide(deck, ["Gal", "Håpløs", "Farlig"], ["Normal?", "Oppegående?"])
    left, right = columns.placeholders[1].shape_id, columns.placeholders[2].shape_id
    add_click_reveal(columns._element, paragraph_steps(left, 3) + [RevealStep(right, None)])
    deck.save(path)
    return path


@pytest.mark.skipif(not CHECKER.exists(), reason=f"the package checker is not at {CHECKER}")
def test_a_saved_deck_passes_the_schema_and_package_checker(tmp_path):
    deck = save_reveal_deck(tmp_path / "reveal.pptx")

    result = subprocess.run(
        [sys.executable, str(CHECKER), str(deck)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("0 errors, 0 warnings"), result.stdout


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_one_on_click_appear_per_paragraph(tmp_path):
    deck = save_reveal_deck(tmp_path / "reveal.pptx")
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "odp",
         "--outdir", str(tmp_path), str(deck)],
        capture_output=True, check=True, timeout=300,
    )
    with zipfile.ZipFile(tmp_path / "reveal.odp") as odp:
        content = etree.fromstring(odp.read("content.xml"))

    anim = "urn:oasis:names:tc:opendocument:xmlns:animation:1.0"
    pres = "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"
    smil = "urn:oasis:names:tc:opendocument:xmlns:smil-compatible:1.0"
    text_of = {
        element.get("{http://www.w3.org/XML/1998/namespace}id"): "".join(element.itertext())
        for element in content.iter()
        if element.get("{http://www.w3.org/XML/1998/namespace}id")
    }
    pages = []
    for page in content.iter("{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}page"):
        on_click = [p for p in page.iter(f"{{{anim}}}par") if p.get(f"{{{pres}}}node-type") == "on-click"]
        assert {p.get(f"{{{pres}}}preset-id") for p in on_click} == {"ooo-entrance-appear"}
        pages.append([text_of[p.find(f"{{{anim}}}set").get(f"{{{smil}}}targetElement")] for p in on_click])
    assert pages == [
        ["Første", "Andre", "Tredje", "Fjerde"],
        ["Gal", "Håpløs", "Farlig", "Normal?Oppegående?"],
    ]
