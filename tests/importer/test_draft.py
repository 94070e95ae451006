"""A whole deck as a draft: modules, quotes, pictures, skipped slides and the record of each slide."""

from __future__ import annotations

import io

import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.util import Inches

from builder.importer.draft import Draft, draft
from builder.model import Module, Quote
from builder.pipeline import build
from builder.read.pptx import read_pptx

P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
CONTENT, SECTION_HEADER, TITLE_ONLY = 1, 2, 5


def validated(result: Draft) -> list[dict]:
    """Assert every module and quote of the draft passes the schema; return the modules' data."""
    keys = {q.key: f"sitat-{n}" for n, q in enumerate(result.quotes)}
    modules = [m.data(f"modul-{n}", keys) for n, m in enumerate(result.modules)]
    for data in modules:
        Module.model_validate(data)
    for quote in result.quotes:
        Quote.model_validate(quote.data(keys[quote.key]))
    return modules


def built_deck(make_library, *, names: bool = True) -> bytes:
    root = make_library()
    out = root.parent / "out"
    build(root, ["forelesning"], formats=["pptx"], out_dir=out)
    data = (out / "forelesning" / "forelesning.pptx").read_bytes()
    if names:
        return data
    prs = Presentation(io.BytesIO(data))  # as LibreOffice saves it: the slide names are gone
    for slide in prs.slides:
        slide._element.find(f"{{{P}}}cSld").attrib.pop("name", None)
    saved = io.BytesIO()
    prs.save(saved)
    return saved.getvalue()


@pytest.mark.parametrize("names", [True, False], ids=["named", "names-dropped"])
def test_a_built_deck_gives_back_its_module_without_the_builders_own_slides(make_library, names):
    result = draft(read_pptx(built_deck(make_library, names=names)), split_sections=False, name="forelesning.pptx")
    assert result.from_tool
    assert [(r.number, r.skipped) for r in result.builder_slides] == [
        (1, "title"), (2, "agenda"), (6, "sources"), (7, "closing")]
    [module] = validated(result)
    assert module["title"] == "Vendepunktet"
    assert module["consent"] == "internal"
    [quote] = result.quotes
    assert (quote.text, quote.by, quote.note) == (
        "Vendepunktet ser ut til å bestå av en periode eller et øyeblikk i livet.", "Alain Topor",
        "Tekst om vendepunktet")
    assert quote.data()["consent"] == "internal"
    assert module["slides"][0] == {"kind": "quote", "quote": "sitat-0", "notes": "Les sitatet langsomt."}
    assert module["slides"][1]["kind"] == "bullets"  # the fact card, as a bullet
    assert module["slides"][2] == {"kind": "image", "title": "Et bilde", "image": "images/modul-0/bilde-01.png",
                                   "alt": "En oransje prikk på hvit bakgrunn"}
    [image] = result.images
    assert image.name == "bilde-01.png" and image.slides == (5,) and image.data.startswith(b"\x89PNG")


def deck(*slides, sections=None) -> bytes:
    """A deck of ('title', lines, layout, hidden) slides, with PowerPoint sections [(name, [numbers])]."""
    prs = Presentation()
    for title, lines, layout, hidden in slides:
        slide = prs.slides.add_slide(prs.slide_layouts[layout])
        slide.shapes.title.text = title
        if lines:
            frame = slide.placeholders[1].text_frame
            frame.text = lines[0]
            for line in lines[1:]:
                frame.add_paragraph().text = line
        if hidden:
            slide._element.set("show", "0")
    if sections:
        ids = [s.get("id") for s in prs.part._element.findall(f"{{{P}}}sldIdLst/{{{P}}}sldId")]
        ext_lst = prs.part._element.find(f"{{{P}}}extLst")
        if ext_lst is None:
            ext_lst = etree.SubElement(prs.part._element, f"{{{P}}}extLst")
        ext = etree.SubElement(ext_lst, f"{{{P}}}ext", uri="{521415D9-36F7-43E2-AB2F-B90AF26B5E84}")
        lst = etree.SubElement(ext, f"{{{P14}}}sectionLst", nsmap={"p14": P14})
        for n, (name, numbers) in enumerate(sections):
            section = etree.SubElement(lst, f"{{{P14}}}section", name=name, id=f"{{00000000-0000-0000-0000-00000000000{n}}}")
            sld_ids = etree.SubElement(section, f"{{{P14}}}sldIdLst")
            for number in numbers:
                etree.SubElement(sld_ids, f"{{{P14}}}sldId", id=ids[number - 1])
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


LECTURE = (
    ("Om erfaring", ["Forelesning 2019"], 0, False),
    ("Hva hjelper", ["Å bli trodd", "Tid til å bli kjent"], CONTENT, False),
    ("Gammelt lysbilde", ["Ikke vis dette"], CONTENT, True),
    ("Del to", [], TITLE_ONLY, False),
    ("Refleksjon", ["Hva betyr erfaring for deg?", "Når har du blitt trodd?"], CONTENT, False),
)


def test_hidden_slides_are_skipped_and_listed():
    result = draft(read_pptx(deck(*LECTURE)), split_sections=False, name="Foredrag 2019.pptx")
    assert result.hidden == (3,)
    [module] = validated(result)
    assert module["title"] == "Om erfaring"
    assert [s["kind"] for s in module["slides"]] == ["section", "bullets", "section", "discussion"]
    assert [r.module for r in result.records] == [0, 0, None, 0, 0]
    assert result.records[2].lost == ("hidden slide: not carried",)
    assert not result.from_tool


def test_sections_become_one_module_each():
    read = read_pptx(deck(*LECTURE, sections=[("Innledning", [1, 2, 3]), ("Standardinndeling", [4, 5])]))
    assert [(s.name, s.slides) for s in read.sections] == [("Innledning", (1, 2, 3)), ("Standardinndeling", (4, 5))]
    result = draft(read, split_sections=True, name="Foredrag 2019.pptx")
    modules = validated(result)
    # A section PowerPoint named by itself gives no title: the first section slide's does.
    assert [(m["title"], len(m["slides"])) for m in modules] == [("Innledning", 2), ("Del to", 2)]
    assert [m.section for m in result.modules] == ["Innledning", "Standardinndeling"]
    assert draft(read, split_sections=False, name="x.pptx").modules[0].section is None


def test_a_module_without_a_title_slide_is_named_after_the_file():
    result = draft(read_pptx(deck(("Hva hjelper", ["Å bli trodd", "Tid til å bli kjent"], CONTENT, False))),
                   split_sections=False, name="Foredrag Helse Bergen 2019.pptx")
    assert result.modules[0].title == "Foredrag Helse Bergen 2019"


def test_a_continued_slide_is_joined_to_the_one_before():
    result = draft(read_pptx(deck(("Mange punkter", ["Det første punktet her", "Det andre punktet her"], CONTENT, False),
                                  ("Mange punkter (forts.)", ["Det tredje punktet her"], CONTENT, False))),
                   split_sections=False, name="x.pptx")
    [module] = validated(result)
    assert module["slides"][0]["bullets"] == ["Det første punktet her", "Det andre punktet her", "Det tredje punktet her"]
    assert result.records[1].skipped == "continued"


def test_the_same_picture_twice_is_one_file():
    prs = Presentation()
    blob = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(blob, format="PNG")
    for title in ("Første bilde", "Samme bilde"):
        slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
        slide.shapes.title.text = title
        blob.seek(0)
        slide.shapes.add_picture(blob, Inches(1), Inches(2)).element.nvPicPr.cNvPr.set("descr", "En blå flate")
    out = io.BytesIO()
    prs.save(out)
    result = draft(read_pptx(out.getvalue()), split_sections=False, name="x.pptx")
    [module] = validated(result)
    assert [s["image"] for s in module["slides"]] == ["images/modul-0/bilde-01.png"] * 2
    assert [(f.name, f.slides) for f in result.images] == [("bilde-01.png", (1, 2))]


@pytest.mark.lang("nb")
def test_the_record_speaks_norwegian(make_library):
    result = draft(read_pptx(built_deck(make_library)), split_sections=False, name="forelesning.pptx")
    records = {r.number: r for r in result.records}
    assert records[1].lost == ("verktøyets eget tittellysbilde: hoppet over",)
    assert records[3].carried == ("sitat av Alain Topor (ny oppføring i sitatbanken)", "talenotater")
