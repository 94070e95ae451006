"""The package on a template full of leftovers: nothing of the template's old content, our own facts.

`template_with_leftovers` builds, from the shipped template, what a real organisation
template can carry: old slides with notes and a comment, comment authors (classic and
modern), a section list, a custom show, presentation tags, SharePoint custom XML,
custom properties, a thumbnail, revision info, printer settings, a password to modify,
an app.xml naming company, manager and old titles, show settings that point at the
custom show, an outline view and a layout hyperlink that point at old slides.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI

from builder.pipeline import build, check
from builder.render.pptx.package import APPLICATION, SECTIONS_EXT_URI, app_xml, deck_sections, tidy_package
from support.checker import pptx_check

TODAY = dt.date(2026, 11, 22)
REPO = Path(__file__).resolve().parents[3]
SHIPPED = REPO / "assets" / "templates"
NS = {
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p14": "http://schemas.microsoft.com/office/powerpoint/2010/main",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
R_ID = f"{{{NS['r']}}}id"
# Every text the template carries that is not design: none may reach a built deck.
CANARIES = ("HEMMELIG", "Gammelt Firma", "Gammel Sjef", "Kari Gammel", "kari.gammel", "Gammel seksjon",
            "Gammel visning", "gammel-mal", "gammelt.example")
GONE = ("commentAuthors", "comments/", "authors.xml", "custom.xml", "thumbnail", "customXml", "revisionInfo",
        "tags/", "printerSettings")
HVERDAGEN = """id: hverdagen
title: Hverdagen etterpå
summary: Om hverdagen.
minutes: 5
consent: public
slides:
  - kind: bullets
    title: Det som hjalp
    bullets: [Ro, Folk]
    notes: Spør salen først.
  - kind: bullets
    title: Det som ikke hjalp
    bullets: [Stress]
"""


# --- the template full of leftovers -------------------------------------------------------------

def _xml(text: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text).encode("utf-8")


def _part(package, name: str, content_type: str, blob: bytes) -> Part:
    return Part(PackURI(name), content_type, package, blob)


def _edit(part: Part, edit) -> None:
    root = etree.fromstring(part.blob)
    edit(root)
    part.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _p(tag: str) -> str:
    return f"{{{NS['p']}}}{tag}"


def _old_slides(prs) -> list:
    layout = next(layout for layout in prs.slide_layouts if layout.name == "Punkter")
    slides = []
    for n in (1, 2, 3):
        slide = prs.slides.add_slide(layout)
        slide.shapes.title.text = f"HEMMELIG gammel tittel {n}"
        slide.notes_slide.notes_text_frame.text = "HEMMELIG gammelt notat"
        slides.append(slide)
    return slides


def _people_and_data(prs, first_slide) -> str:
    """Add comments, authors, tags, custom XML, revision info and printer settings; return the tags' rId."""
    package, pres = prs.part.package, prs.part
    pres.relate_to(_part(package, "/ppt/commentAuthors.xml", CT.PML_COMMENT_AUTHORS, _xml(
        f'<p:cmAuthorLst xmlns:p="{NS["p"]}"><p:cmAuthor id="1" name="Kari Gammel" initials="KG" lastIdx="1"'
        ' clrIdx="0"/></p:cmAuthorLst>')), RT.COMMENT_AUTHORS)
    first_slide.part.relate_to(_part(package, "/ppt/comments/comment1.xml", CT.PML_COMMENTS, _xml(
        f'<p:cmLst xmlns:p="{NS["p"]}"><p:cm authorId="1" dt="2020-01-01T00:00:00.000" idx="1">'
        '<p:pos x="10" y="10"/><p:text>HEMMELIG kommentar</p:text></p:cm></p:cmLst>')), RT.COMMENTS)
    pres.relate_to(_part(package, "/ppt/authors.xml", "application/vnd.ms-powerpoint.authors+xml", _xml(
        '<p188:authorLst xmlns:p188="http://schemas.microsoft.com/office/powerpoint/2018/8/main">'
        '<p188:author id="{00000000-0000-0000-0000-000000000001}" name="Kari Gammel" initials="KG"'
        ' userId="kari.gammel@gammelt.example" providerId="AD"/></p188:authorLst>')),
        "http://schemas.microsoft.com/office/2018/10/relationships/authors")
    pres.relate_to(_part(package, "/ppt/revisionInfo.xml", "application/vnd.ms-powerpoint.revisioninfo+xml", _xml(
        '<p1510:revInfo xmlns:p1510="http://schemas.microsoft.com/office/powerpoint/2015/10/main"><p1510:revLst>'
        '<p1510:client id="{00000000-0000-0000-0000-000000000002}" v="2" dt="2020-01-01T00:00:00.000"/>'
        '</p1510:revLst></p1510:revInfo>')), "http://schemas.microsoft.com/office/2015/10/relationships/revisionInfo")
    pres.relate_to(_part(package, "/ppt/printerSettings/printerSettings1.bin", CT.PML_PRINTER_SETTINGS,
                         "HEMMELIG skriver på kontoret".encode("utf-8")), RT.PRINTER_SETTINGS)
    item = _part(package, "/customXml/item1.xml", CT.XML, _xml("<gammel>HEMMELIG SharePoint-felt</gammel>"))
    item.relate_to(_part(package, "/customXml/itemProps1.xml", CT.OFC_CUSTOM_XML_PROPERTIES, _xml(
        '<ds:datastoreItem ds:itemID="{00000000-0000-0000-0000-000000000003}"'
        ' xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"/>')), RT.CUSTOM_XML_PROPS)
    pres.relate_to(item, RT.CUSTOM_XML)
    return pres.relate_to(_part(package, "/ppt/tags/tag1.xml", CT.PML_TAGS, _xml(
        f'<p:tagLst xmlns:p="{NS["p"]}"><p:tag name="GAMMEL" val="HEMMELIG tagg"/></p:tagLst>')), RT.TAGS)


def _package_properties(prs) -> None:
    package = prs.part.package
    package.relate_to(_part(package, "/docProps/custom.xml", CT.OFC_CUSTOM_PROPERTIES, _xml(
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
        f' xmlns:vt="{NS["vt"]}"><property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2"'
        ' name="Klassifisering"><vt:lpwstr>HEMMELIG egendefinert</vt:lpwstr></property></Properties>')),
        RT.CUSTOM_PROPERTIES)
    thumbnail = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (8, 6), "white").save(thumbnail, "JPEG", comment=b"HEMMELIG miniatyr")
    package.relate_to(_part(package, "/docProps/thumbnail.jpeg", CT.JPEG, thumbnail.getvalue()), RT.THUMBNAIL)
    app = package.part_related_by(RT.EXTENDED_PROPERTIES)
    app.blob = _xml(
        f'<Properties xmlns="{NS["ep"]}" xmlns:vt="{NS["vt"]}"><Template>gammel-mal.potx</Template>'
        '<Manager>Gammel Sjef</Manager><Company>Gammelt Firma AS</Company><Slides>3</Slides>'
        '<HyperlinkBase>https://gammelt.example/</HyperlinkBase><Application>Microsoft Office PowerPoint</Application>'
        '<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Slide Titles</vt:lpstr>'
        '</vt:variant><vt:variant><vt:i4>3</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts>'
        '<vt:vector size="3" baseType="lpstr"><vt:lpstr>HEMMELIG gammel tittel 1</vt:lpstr><vt:lpstr>HEMMELIG'
        ' gammel tittel 2</vt:lpstr><vt:lpstr>HEMMELIG gammel tittel 3</vt:lpstr></vt:vector></TitlesOfParts>'
        '</Properties>')
    props = prs.core_properties
    props.author = props.last_modified_by = "Kari Gammel"
    props.title, props.comments = "HEMMELIG gammel tittel", "HEMMELIG kommentar"


def _presentation_xml(prs, tags_rid: str) -> None:
    """Add sections, a custom show, tags and a password to modify, all about the old slides."""
    root = prs.part._element
    entries = list(root.find(_p("sldIdLst")))
    ids = "".join(f'<p14:sldId id="{e.get("id")}"/>' for e in entries)
    shows = "".join(f'<p:sld r:id="{e.get(R_ID)}"/>' for e in entries)
    style = root.find(_p("defaultTextStyle"))
    style.addprevious(etree.fromstring(
        f'<p:custShowLst xmlns:p="{NS["p"]}" xmlns:r="{NS["r"]}"><p:custShow name="Gammel visning" id="0">'
        f'<p:sldLst>{shows}</p:sldLst></p:custShow></p:custShowLst>'))
    style.addprevious(etree.fromstring(
        f'<p:custDataLst xmlns:p="{NS["p"]}" xmlns:r="{NS["r"]}"><p:tags r:id="{tags_rid}"/></p:custDataLst>'))
    style.addnext(etree.fromstring(
        f'<p:modifyVerifier xmlns:p="{NS["p"]}" cryptProviderType="rsaAES" cryptAlgorithmClass="hash"'
        ' cryptAlgorithmType="typeAny" cryptAlgorithmSid="14" spinCount="100000" saltData="AAAA"'
        ' hashData="AAAA"/>'))
    root.append(etree.fromstring(
        f'<p:extLst xmlns:p="{NS["p"]}"><p:ext uri="{SECTIONS_EXT_URI}"><p14:sectionLst xmlns:p14="{NS["p14"]}">'
        f'<p14:section name="Gammel seksjon" id="{{00000000-0000-0000-0000-000000000004}}"><p14:sldIdLst>{ids}'
        '</p14:sldIdLst></p14:section></p14:sectionLst></p:ext></p:extLst>'))


def _links_to_old_slides(prs, old: list) -> None:
    """Point show settings at the custom show, the outline view at slide 2 and a layout link at slide 3."""
    pres = prs.part
    pres_props = pres.part_related_by(RT.PRES_PROPS)
    target = pres_props.relate_to("file:///C:/Users/kari.gammel/HEMMELIG.htm", RT.HYPERLINK, is_external=True)

    def show_settings(root):
        root.insert(0, etree.fromstring(
            f'<p:htmlPubPr xmlns:p="{NS["p"]}" xmlns:r="{NS["r"]}" r:id="{target}"><p:sldAll/></p:htmlPubPr>'))
        root.find(_p("extLst")).addprevious(etree.fromstring(
            f'<p:showPr xmlns:p="{NS["p"]}" showNarration="1"><p:present/><p:custShow id="0"/></p:showPr>'))

    _edit(pres_props, show_settings)
    view_props = pres.part_related_by(RT.VIEW_PROPS)
    outline = view_props.relate_to(old[1].part, RT.SLIDE)
    _edit(view_props, lambda root: root.find(_p("slideViewPr")).addnext(etree.fromstring(
        f'<p:outlineViewPr xmlns:p="{NS["p"]}" xmlns:r="{NS["r"]}" xmlns:a="http://schemas.openxmlformats.org/'
        'drawingml/2006/main"><p:cViewPr><p:scale><a:sx n="33" d="100"/><a:sy n="33" d="100"/></p:scale>'
        f'<p:origin x="0" y="0"/></p:cViewPr><p:sldLst><p:sld r:id="{outline}" collapse="1"/></p:sldLst>'
        '</p:outlineViewPr>')))
    layout = old[2].slide_layout
    link = layout.part.relate_to(old[2].part, RT.SLIDE)
    box = layout.shapes._spTree.add_textbox(999, "Lenke", 0, 0, 914400, 914400)
    run = box.txBody.p_lst[0].add_r()
    run.text = "Hopp"
    run.get_or_add_rPr().append(etree.fromstring(
        f'<a:hlinkClick xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="{NS["r"]}"'
        f' r:id="{link}" action="ppaction://hlinksldjump"/>'))


def template_with_leftovers(folder: Path, name: str = "med-rester") -> Path:
    """Write `<name>.pptx` (the shipped template plus leftovers) and its layout map into `folder`."""
    prs = Presentation(str(SHIPPED / "erfaring-standard.pptx"))
    old = _old_slides(prs)
    tags_rid = _people_and_data(prs, old[0])
    _package_properties(prs)
    _presentation_xml(prs, tags_rid)
    _links_to_old_slides(prs, old)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.pptx"
    prs.save(str(path))
    layout_map = (SHIPPED / "erfaring-standard.layouts.yaml").read_text(encoding="utf-8")
    (folder / f"{name}.layouts.yaml").write_text(
        layout_map.replace("template: erfaring-standard.pptx", f"template: {name}.pptx"), encoding="utf-8")
    return path


def test_the_leftover_template_really_carries_leftovers(tmp_path):
    with zipfile.ZipFile(template_with_leftovers(tmp_path)) as z:
        names = " ".join(z.namelist())
        blob = b"".join(z.read(n) for n in z.namelist())
    assert all(gone in names for gone in GONE)
    assert all(canary.encode() in blob for canary in CANARIES)


# --- a library whose deck uses it ---------------------------------------------------------------

@pytest.fixture
def library(make_library) -> Path:
    """The minimal library with a pause and a second module, on the template full of leftovers."""
    root = make_library()
    template_with_leftovers(root / "assets" / "templates")
    (root / "slides/modules/hverdagen.yaml").write_text(HVERDAGEN, encoding="utf-8")
    deck = root / "slides/decks/forelesning.yaml"
    deck.write_text(deck.read_text(encoding="utf-8") + "  - pause: 5\n  - hverdagen\ntemplate: med-rester.pptx\n",
                    encoding="utf-8")
    return root


def built(root: Path, out: Path | None = None) -> Path:
    result = build(root, today=TODAY, out_dir=out, formats=["pptx"])
    assert result.written, result.diagnostics
    return result.written[0]


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def xml(blob: bytes):
    return etree.fromstring(blob)


SLIDES = 10  # title, agenda, 3 of Vendepunktet, the pause, 2 of Hverdagen, sources, closing


def test_nothing_of_the_template_reaches_the_deck(library):
    path = built(library)
    found = parts(path)
    names = " ".join(found)
    assert not [gone for gone in GONE if gone in names]
    everything = b"".join(found.values())
    for canary in CANARIES:
        assert canary.encode("utf-8") not in everything, canary
        assert canary.encode("utf-16-le") not in everything, canary
    assert b"modifyVerifier" not in found["ppt/presentation.xml"]
    assert b"custShow" not in found["ppt/presentation.xml"] + found["ppt/presProps.xml"]
    assert b"hlinksldjump" not in everything


def test_no_part_links_to_a_slide_that_is_not_in_the_deck(library):
    found = parts(built(library))
    slides = sorted(n for n in found if re.fullmatch(r"ppt/slides/slide\d+\.xml", n))
    assert len(slides) == SLIDES
    for name, blob in found.items():
        if name.endswith(".rels") and not name.startswith(("ppt/slides/", "ppt/notesSlides/", "ppt/_rels/")):
            assert b"relationships/slide\"" not in blob, name


def test_app_xml_describes_this_deck_only(library):
    path = built(library)
    app = xml(parts(path)["docProps/app.xml"])
    prs = Presentation(path)
    titles = [slide.shapes.title.text for slide in prs.slides]
    assert len(titles) == SLIDES and titles[0] == "Erfaringskompetanse" and "Det som hjalp" in titles
    assert app.findtext("ep:Application", namespaces=NS) == APPLICATION
    assert app.findtext("ep:Slides", namespaces=NS) == str(SLIDES)
    with_notes = sum(s.has_notes_slide for s in prs.slides)  # the plan adds an opening and transitions
    assert app.findtext("ep:Notes", namespaces=NS) == str(with_notes) and with_notes >= 2
    assert app.findtext("ep:HiddenSlides", namespaces=NS) == "0"
    assert app.findtext("ep:PresentationFormat", namespaces=NS) == "Widescreen"
    assert app.xpath("ep:HeadingPairs/vt:vector/vt:variant/*/text()", namespaces=NS) == [
        "Lysbildetitler", str(SLIDES)]
    assert app.xpath("ep:TitlesOfParts/vt:vector/vt:lpstr/text()", namespaces=NS) == titles
    assert app.find("ep:TitlesOfParts/vt:vector", NS).get("size") == str(SLIDES)
    kept = {etree.QName(child).localname for child in app}
    assert not kept & {"Company", "Manager", "HyperlinkBase", "Template", "AppVersion", "DocSecurity"}


def test_sections_are_one_per_module_and_cover_every_slide_once(library):
    root = xml(parts(built(library))["ppt/presentation.xml"])
    slide_ids = [int(e.get("id")) for e in root.find("p:sldIdLst", NS)]
    lists = root.findall(".//p14:sectionLst", NS)
    assert len(lists) == 1
    assert lists[0].getparent().get("uri") == SECTIONS_EXT_URI
    sections = [(s.get("name"), [int(i.get("id")) for i in s.find("p14:sldIdLst", NS)])
                for s in lists[0].findall("p14:section", NS)]
    assert [name for name, _ in sections] == ["Innledning", "Vendepunktet", "Hverdagen etterpå", "Avslutning"]
    assert [len(ids) for _, ids in sections] == [2, 4, 2, 2]  # the pause stays with Vendepunktet
    assert [i for _, ids in sections for i in ids] == slide_ids
    guids = [s.get("id") for s in lists[0]]
    assert all(re.fullmatch(r"\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", g) for g in guids)
    assert len(set(guids)) == len(guids)


def test_the_notes_master_is_listed_right_after_the_slide_masters(library):
    found = parts(built(library))
    root = xml(found["ppt/presentation.xml"])
    children = [etree.QName(child).localname for child in root]
    assert children[:2] == ["sldMasterIdLst", "notesMasterIdLst"]
    entries = root.findall("p:notesMasterIdLst/p:notesMasterId", NS)
    assert len(entries) == 1
    rels = xml(found["ppt/_rels/presentation.xml.rels"])
    target = rels.xpath(f"rel:Relationship[@Id='{entries[0].get(R_ID)}']", namespaces=NS)[0]
    assert target.get("Type") == RT.NOTES_MASTER
    assert f"ppt/{target.get('Target')}" in found


def test_a_strict_reader_finds_nothing_wrong(library):
    report = pptx_check(built(library), *CANARIES)
    assert report.strip().endswith("0 errors, 0 warnings"), report


def test_the_same_input_gives_the_same_bytes(library, tmp_path):
    first = built(library).read_bytes()
    second = built(library, tmp_path / "igjen").read_bytes()
    assert first == second


def test_a_template_without_app_xml_gets_one(library):
    path = library / "assets" / "templates" / "med-rester.pptx"
    with zipfile.ZipFile(path) as z:
        entries = {n: z.read(n) for n in z.namelist() if n != "docProps/app.xml"}
    entries["_rels/.rels"] = re.sub(rb'<Relationship [^>]*extended-properties"[^>]*/>', b"", entries["_rels/.rels"])
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b'<Override PartName="/docProps/app.xml" ContentType="'
        b'application/vnd.openxmlformats-officedocument.extended-properties+xml"/>', b"")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in entries.items():
            z.writestr(name, blob)
    assert b"app.xml" not in entries["_rels/.rels"] + entries["[Content_Types].xml"]
    out = built(library)
    found = parts(out)
    assert xml(found["docProps/app.xml"]).findtext("ep:Slides", namespaces=NS) == str(SLIDES)
    assert b"docProps/app.xml" in found["_rels/.rels"]
    assert b'PartName="/docProps/app.xml"' in found["[Content_Types].xml"]
    report = pptx_check(out)
    assert report.strip().endswith("0 errors, 0 warnings"), report


# --- tidy_package by itself ---------------------------------------------------------------------

def _fresh_presentation(library: Path, notes_master: bool = True, notes: bool = True):
    """Open the leftover template, replace its slides by one plain slide per planned slide."""
    plan = check(library, TODAY).plan("forelesning")
    prs = Presentation(str(library / "assets" / "templates" / "med-rester.pptx"))
    id_list = prs.slides._sldIdLst
    for entry in list(id_list):
        prs.part.drop_rel(entry.get(R_ID))
        id_list.remove(entry)
    if not notes_master:
        for rId, rel in list(prs.part.rels.items()):
            if rel.reltype == RT.NOTES_MASTER:
                prs.part.rels.pop(rId)
    layout = next(layout for layout in prs.slide_layouts if layout.name == "Punkter")
    for planned in plan.slides:
        slide = prs.slides.add_slide(layout)
        slide.shapes.title.text = planned.title
        if planned.notes and notes:
            slide.notes_slide.notes_text_frame.text = planned.notes
    return prs, plan


def _saved(prs) -> dict[str, bytes]:
    out = io.BytesIO()
    prs.save(out)
    with zipfile.ZipFile(out) as z:
        return {name: z.read(name) for name in sorted(z.namelist())}


def test_tidying_twice_changes_nothing(library):
    prs, plan = _fresh_presentation(library)
    tidy_package(prs, plan)
    once = _saved(prs)
    tidy_package(prs, plan)
    assert _saved(prs) == once
    assert not [gone for gone in GONE if any(gone in name for name in once)]
    # docProps/core.xml is for render_deck's _set_properties, which this test does not run
    assert b"HEMMELIG" not in b"".join(blob for name, blob in once.items() if name != "docProps/core.xml")


def test_a_notes_master_python_pptx_made_is_listed_and_a_stale_list_goes(library):
    prs, plan = _fresh_presentation(library, notes_master=False)
    prs.part._element.find("p:sldIdLst", NS).addprevious(etree.fromstring(
        f'<p:notesMasterIdLst xmlns:p="{NS["p"]}" xmlns:r="{NS["r"]}"><p:notesMasterId r:id="rId999"/>'
        '</p:notesMasterIdLst>'))
    tidy_package(prs, plan)
    entries = prs.part._element.findall("p:notesMasterIdLst/p:notesMasterId", NS)
    assert len(entries) == 1
    assert prs.part.related_part(entries[0].get(R_ID)) is prs.part.notes_master_part


def test_no_notes_master_no_list(library):
    prs, plan = _fresh_presentation(library, notes_master=False, notes=False)
    tidy_package(prs, plan)
    assert prs.part._element.find("p:notesMasterIdLst", NS) is None
    assert b"notesMaster" not in b"".join(_saved(prs).values())


def test_sections_of_a_plan_without_modules_are_one_introduction(library):
    plan = check(library, TODAY).plan("forelesning")
    from dataclasses import replace

    bare = replace(plan, slides=tuple(replace(s, module=None) for s in plan.slides))
    sections = deck_sections(bare, list(range(256, 256 + len(plan.slides))))
    assert [(s.name, len(s.slide_ids)) for s in sections] == [("Innledning", len(plan.slides))]
    with pytest.raises(ValueError):
        deck_sections(plan, [256])


def test_the_same_module_twice_gets_two_sections_with_different_ids(library):
    plan = check(library, TODAY).plan("forelesning")
    from dataclasses import replace

    twice = replace(plan, slides=tuple(replace(s, module="vendepunktet" if s.module else None) for s in plan.slides))
    sections = deck_sections(twice, list(range(256, 256 + len(plan.slides))))
    assert [s.name for s in sections] == ["Innledning", "Vendepunktet", "Avslutning"]
    assert deck_sections(twice, list(range(256, 256 + len(plan.slides)))) == sections
    other = replace(twice, deck=twice.deck.model_copy(update={"id": "annen"}))
    assert {s.guid for s in deck_sections(other, list(range(256, 256 + len(plan.slides))))}.isdisjoint(
        {s.guid for s in sections})


def test_app_xml_lists_titles_as_the_slides_show_them(library):
    prs, plan = _fresh_presentation(library)
    prs.slides[1].shapes.title.text = "Linje én\vlinje\u00a0to"  # \v is a line break (a:br)
    tidy_package(prs, plan)
    app = xml(_saved(prs)["docProps/app.xml"])
    assert app.xpath("ep:TitlesOfParts/vt:vector/vt:lpstr/text()", namespaces=NS)[1] == "Linje én linje\u00a0to"


def test_app_xml_keeps_titles_on_one_line_and_valid_xml():
    blob = app_xml(["Linje\nto\x0b", "Tab\tog  mellomrom"], notes=1, hidden=0, presentation_format=None)
    root = xml(blob)
    assert root.xpath("ep:TitlesOfParts/vt:vector/vt:lpstr/text()", namespaces=NS) == [
        "Linje to", "Tab og mellomrom"]
    assert root.find("ep:PresentationFormat", NS) is None
