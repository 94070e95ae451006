"""Clean the package of what the template carried, and write this deck's package facts.

A template is a real presentation file: besides its masters, layouts and themes it can
bring slides, sections, comments and their authors, custom and SharePoint properties, a
thumbnail, tags, custom shows, printer settings and an app.xml naming its company and its
old slide titles. python-pptx writes every part reachable from the package
relationships, so dropping a part means dropping the relationships to it, and the XML
that referred to them goes too so nothing dangles. Kept: the template's design (masters,
layouts, themes, fonts, table styles, view and show settings) and our slides. Written
for this deck: docProps/app.xml, one PowerPoint section per module, and the notes
master's id list.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part, XmlPart
from pptx.opc.packuri import PackURI

from builder.plan import DeckPlan

APPLICATION = "Erfaringsbanken"
INTRO = "Innledning"
OUTRO = "Avslutning"
SLIDE_TITLES = "Lysbildetitler"
SECTIONS_EXT_URI = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"  # [MS-PPTX] 2.3.x, as PowerPoint writes it

_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
_EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_SECTION_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://erfaringsbanken/pptx/section")

# Whitelists, not blacklists: whatever else a template relates to belongs to its life as
# a document (people, workflow, add-ins), and a new kind must not slip through.
_PACKAGE_KEEP = frozenset({RT.OFFICE_DOCUMENT, RT.CORE_PROPERTIES})
_PRESENTATION_KEEP = frozenset({
    RT.SLIDE_MASTER, RT.SLIDE, RT.NOTES_MASTER, RT.HANDOUT_MASTER, RT.THEME, RT.PRES_PROPS, RT.VIEW_PROPS,
    RT.TABLE_STYLES, RT.FONT,
})
# Relationships that name people or carry the template's content, wherever they hang.
_NEVER_KEEP = frozenset({
    RT.COMMENTS, RT.COMMENT_AUTHORS, RT.CUSTOM_XML, RT.CUSTOM_PROPERTIES, RT.THUMBNAIL, RT.PRINTER_SETTINGS,
    "http://schemas.microsoft.com/office/2018/10/relationships/comments",
    "http://schemas.microsoft.com/office/2018/10/relationships/authors",
    "http://schemas.microsoft.com/office/2015/10/relationships/revisionInfo",
    "http://schemas.microsoft.com/office/2016/11/relationships/changesInfo",
})
# presentation.xml children that only make sense with the template's slides, tags or password.
_PRESENTATION_DROP = ("custShowLst", "custDataLst", "smartTags", "modifyVerifier")
# PowerPoint's own names for the slide sizes it offers; anything else is left unnamed.
_FORMATS = {
    (12192000, 6858000): "Widescreen",
    (9144000, 6858000): "On-screen Show (4:3)",
    (9144000, 5143500): "On-screen Show (16:9)",
    (9144000, 5715000): "On-screen Show (16:10)",
}
# What XML 1.0 cannot hold, spelled as the few ranges it excludes: the same set as "anything but
# \t \n \r, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF", and 6× cheaper to compile on every run.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile(r"[ \t\r\n]+")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_INTRO_KEY = "\0innledning"  # a NUL cannot be in a module id, so these never clash with one
_OUTRO_KEY = "\0avslutning"


@dataclass(frozen=True)
class Section:
    """One PowerPoint section: its name, its GUID and the ids of its slides, in order."""

    name: str
    guid: str
    slide_ids: tuple[int, ...]


def tidy_package(prs, plan: DeckPlan) -> None:
    """Remove what the template carried that is not this deck's, and write this deck's package facts.

    Call it once every slide and notes page is added; calling it again changes nothing.
    """
    presentation_part = prs.part
    package = presentation_part.package
    _keep_rels(package._rels, _PACKAGE_KEEP.__contains__)
    for rId in [rId for rId, rel in package._rels.items() if rel.is_external]:
        package._rels.pop(rId)
    ours = _our_parts(presentation_part)
    _tidy_presentation(presentation_part, ours)
    for part in list(package.iter_parts()):
        _cut_foreign_links(part, ours)
    _tidy_settings(presentation_part)
    _write_sections(presentation_part._element, deck_sections(plan, _slide_ids(presentation_part)))
    _list_notes_master(presentation_part)
    _write_app_properties(prs, plan)


def deck_sections(plan: DeckPlan, slide_ids: Sequence[int]) -> list[Section]:
    """Group the deck's slides into one section per module, in deck order.

    The builder's slides before the first module (title, agenda) open an «Innledning»
    section, those after the last module (sources, closing) close it in «Avslutning», and
    one in between (a pause) stays in the section before it. GUIDs are derived from the
    deck id, the section's module and how often that module came before, so the same
    deck gives the same ids.
    """
    if len(slide_ids) != len(plan.slides):
        raise ValueError(f"{len(slide_ids)} slide ids for {len(plan.slides)} planned slides")
    titles = {p.module.id: p.module.title for p in plan.programme if p.module is not None}
    keys = _section_keys([s.module for s in plan.slides])
    groups: list[tuple[str, list[int]]] = []
    for key, slide_id in zip(keys, slide_ids):
        if groups and groups[-1][0] == key:
            groups[-1][1].append(slide_id)
        else:
            groups.append((key, [slide_id]))
    seen: dict[str, int] = {}
    sections = []
    for key, ids in groups:
        count = seen.get(key, 0)
        seen[key] = count + 1
        name = {_INTRO_KEY: INTRO, _OUTRO_KEY: OUTRO}.get(key) or titles.get(key, key)
        guid = uuid.uuid5(_SECTION_NAMESPACE, f"{plan.deck.id}\n{key}\n{count}")
        sections.append(Section(_xml_text(name), "{" + str(guid).upper() + "}", tuple(ids)))
    return sections



def _section_keys(modules: list[str | None]) -> list[str]:
    """Return the section key of every slide: its module, or the intro, outro or section before it."""
    placed = [n for n, module in enumerate(modules) if module is not None]
    first, last = (placed[0], placed[-1]) if placed else (len(modules), len(modules))
    keys: list[str] = []
    for n, module in enumerate(modules):
        if module is not None:
            keys.append(module)
        elif n < first:
            keys.append(_INTRO_KEY)
        elif n > last:
            keys.append(_OUTRO_KEY)
        else:
            keys.append(keys[-1])
    return keys


def _q(tag: str, ns: str = _P) -> str:
    return f"{{{ns}}}{tag}"


def _child(element, tag: str):
    return element.find(_q(tag))


def _xml_text(text: str) -> str:
    """Return `text` on one line, without characters XML cannot hold (no-break spaces stay)."""
    return _LINE_BREAKS.sub(" ", _NOT_XML.sub("", text)).strip(" ")


def _keep_rels(rels, keep: Callable[[str], bool]) -> None:
    """Drop the relationships whose type `keep` refuses."""
    for rId in [rId for rId, rel in rels.items() if not keep(rel.reltype)]:
        rels.pop(rId)


def _slide_entries(presentation_part) -> list:
    id_list = _child(presentation_part._element, "sldIdLst")
    return list(id_list) if id_list is not None else []


def _slide_ids(presentation_part) -> list[int]:
    return [int(entry.get("id")) for entry in _slide_entries(presentation_part)]


def _our_parts(presentation_part) -> set:
    """Return this deck's slide parts (those in p:sldIdLst) and their notes pages."""
    rels = presentation_part.rels
    rIds = {entry.get(_q("id", _R)) for entry in _slide_entries(presentation_part)}
    slides = {rels[rId].target_part for rId in rIds if rId in rels and not rels[rId].is_external}
    notes = {rel.target_part for slide in slides for rel in slide.rels.values()
             if rel.reltype == RT.NOTES_SLIDE and not rel.is_external}
    return slides | notes


def _tidy_presentation(presentation_part, ours: set) -> None:
    """Drop the presentation's relationships to anything but design, our slides and settings."""
    root = presentation_part._element
    for tag in _PRESENTATION_DROP:
        for element in root.findall(_q(tag)):
            root.remove(element)
    for rId, rel in list(presentation_part.rels.items()):
        foreign_slide = rel.reltype == RT.SLIDE and (rel.is_external or rel.target_part not in ours)
        if rel.reltype not in _PRESENTATION_KEEP or foreign_slide:
            presentation_part.rels.pop(rId)
    _unreference(root, set(presentation_part.rels))


def _cut_foreign_links(part: Part, ours: set) -> None:
    """Drop a part's links to comments, people, custom data, slides that are not this deck's, or the outside.

    Why every part: a master's hyperlink to a template slide would keep that slide (and
    its notes and comments) in the package under a partname one of ours now has. And a
    template's picture, video or object linked from outside the file (`r:link`,
    TargetMode="External": a local path or a web address) would make PowerPoint and the
    thumbnail step read that file or fetch that address from every deck: only the
    hyperlinks on our own slides (a link slide's address) point outside the package.
    """
    outside = {rId for rId, rel in part.rels.items() if _outside(rel, part, ours)}
    dropped = {rId for rId, rel in part.rels.items() if _foreign(rel, ours)} | outside
    if not dropped:
        return
    for rId in dropped:
        part.rels.pop(rId)

    def edit(root) -> None:
        _strip_links(root, outside, set(part.rels))
        _unreference(root, set(part.rels))

    _edit_xml(part, edit)


def _outside(rel, part: Part, ours: set) -> bool:
    """Tell whether `rel` points outside the package and is not a hyperlink we wrote on our slides."""
    return rel.is_external and not (part in ours and rel.reltype == RT.HYPERLINK)


def _strip_links(root, dropped: set[str], known: set[str]) -> None:
    """Remove the attributes naming a dropped link from elements that still refer to something kept.

    Why: `<a:blip r:embed="rId2" r:link="rId9">` shows the embedded picture once the link
    is gone; only an element that refers to nothing kept is removed (by `_unreference`).
    """
    r_ns = f"{{{_R}}}"
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        refs = {k: v for k, v in element.attrib.items() if k.startswith(r_ns)}
        if any(v in dropped for v in refs.values()) and any(v in known for v in refs.values()):
            for key, value in refs.items():
                if value in dropped:
                    del element.attrib[key]


def _foreign(rel, ours: set) -> bool:
    if rel.reltype in _NEVER_KEEP:
        return True
    if rel.reltype in (RT.SLIDE, RT.NOTES_SLIDE):
        return rel.is_external or rel.target_part not in ours
    return False


def _tidy_settings(presentation_part) -> None:
    """Cut the show and view settings loose from the template's slides, shows and publish targets."""
    for rel in list(presentation_part.rels.values()):
        if rel.reltype not in (RT.PRES_PROPS, RT.VIEW_PROPS):
            continue
        part = rel.target_part
        for rId in list(part.rels):
            part.rels.pop(rId)
        _edit_xml(part, _show_all_slides if rel.reltype == RT.PRES_PROPS else _no_references)


def _no_references(root) -> None:
    _unreference(root, set())


def _show_all_slides(root) -> None:
    """Show every slide: a slide range or custom show named the template's slides."""
    _unreference(root, set())
    show = _child(root, "showPr")
    if show is None:
        return
    choice = [el for el in show if el.tag in (_q("sldAll"), _q("sldRg"), _q("custShow"))]
    for element in choice:
        if element.tag != _q("sldAll"):
            element.addprevious(etree.Element(_q("sldAll")))
            show.remove(element)


def _unreference(root, known: set[str]) -> None:
    """Remove the elements that refer to a relationship the part no longer has."""
    r_ns = f"{{{_R}}}"
    stale = [el for el in root.iter() if isinstance(el.tag, str)
             and any(k.startswith(r_ns) and v not in known for k, v in el.attrib.items())]
    for element in stale:
        parent = element.getparent()
        if parent is None:
            continue
        parent.remove(element)
        _drop_if_empty(parent)


def _drop_if_empty(element) -> None:
    """Remove an extension (list) that lost its last child, and its list if that is empty too."""
    while element is not None and element.tag in (_q("ext"), _q("extLst")) and len(element) == 0:
        parent = element.getparent()
        if parent is None:
            return
        parent.remove(element)
        element = parent


def _edit_xml(part: Part, edit: Callable) -> None:
    """Apply `edit` to the part's XML, whether python-pptx holds it parsed or as bytes."""
    if isinstance(part, XmlPart):
        edit(part._element)
        return
    root = etree.fromstring(part.blob, _PARSER)
    edit(root)
    part.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _write_sections(root, sections: Iterable[Section]) -> None:
    """Replace any section list with ours, as the first extension of presentation.xml."""
    ext_list = _child(root, "extLst")
    if ext_list is None:
        ext_list = etree.SubElement(root, _q("extLst"))
    for ext in list(ext_list):
        if ext.get("uri") == SECTIONS_EXT_URI or any(
                child.tag in (_q("sectionLst", _P14), _q("sectionPr", _P14)) for child in ext):
            ext_list.remove(ext)
    ext = etree.Element(_q("ext"), uri=SECTIONS_EXT_URI)
    section_list = etree.SubElement(ext, _q("sectionLst", _P14), nsmap={"p14": _P14})
    for section in sections:
        element = etree.SubElement(section_list, _q("section", _P14), name=section.name, id=section.guid)
        ids = etree.SubElement(element, _q("sldIdLst", _P14))
        for slide_id in section.slide_ids:
            etree.SubElement(ids, _q("sldId", _P14), id=str(slide_id))
    ext_list.insert(0, ext)


def _list_notes_master(presentation_part) -> None:
    """Name the notes master in p:notesMasterIdLst, which python-pptx never writes.

    Why: PowerPoint finds the notes master through the relationship alone, but Keynote
    reads the id list and drops every note without it.
    """
    root = presentation_part._element
    for old in root.findall(_q("notesMasterIdLst")):
        root.remove(old)
    rIds = sorted(rId for rId, rel in presentation_part.rels.items() if rel.reltype == RT.NOTES_MASTER)
    if not rIds:
        return
    id_list = etree.Element(_q("notesMasterIdLst"))
    etree.SubElement(id_list, _q("notesMasterId"), {_q("id", _R): rIds[0]})
    masters = _child(root, "sldMasterIdLst")
    if masters is not None:
        masters.addnext(id_list)
    else:
        root.insert(0, id_list)


def _write_app_properties(prs, plan: DeckPlan) -> None:
    """Give the package a new docProps/app.xml that describes this deck and nothing else."""
    package = prs.part.package
    _keep_rels(package._rels, lambda reltype: reltype != RT.EXTENDED_PROPERTIES)
    slides = list(prs.slides)
    blob = app_xml(
        titles=[_shown_title(slide, planned.title) for slide, planned in zip(slides, plan.slides)],
        notes=sum(1 for slide in slides if slide.has_notes_slide),
        hidden=sum(1 for slide in slides if slide._element.get("show") in ("0", "false")),
        presentation_format=_FORMATS.get((prs.slide_width, prs.slide_height)),
    )
    part = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, package, blob)
    package.relate_to(part, RT.EXTENDED_PROPERTIES)


def _shown_title(slide, planned: str) -> str:
    """Return the text of the slide's title placeholder as PowerPoint lists it, else the planned title.

    Why not the planned title: the renderer may tie words with no-break spaces or break
    lines, and the list in app.xml should read like the slide does.
    """
    for sp in slide._element.iter(_q("sp")):
        ph = sp.find(f"{_q('nvSpPr')}/{_q('nvPr')}/{_q('ph')}")
        if ph is None or ph.get("type") not in ("title", "ctrTitle"):
            continue
        paragraphs = ["".join(" " if el.tag == _q("br", _A) else el.text or ""
                              for el in p.iter(_q("t", _A), _q("br", _A))) for p in sp.iter(_q("p", _A))]
        shown = _xml_text(" ".join(paragraphs))
        if shown:
            return shown
    return planned


def app_xml(titles: Sequence[str], notes: int, hidden: int, presentation_format: str | None) -> bytes:
    """Return extended properties listing these slide titles under «Lysbildetitler»."""
    root = etree.Element(_q("Properties", _EP), nsmap={None: _EP, "vt": _VT})

    def add(tag: str, text: str):
        element = etree.SubElement(root, _q(tag, _EP))
        element.text = text
        return element

    add("Application", APPLICATION)
    if presentation_format:
        add("PresentationFormat", presentation_format)
    add("Slides", str(len(titles)))
    add("Notes", str(notes))
    add("HiddenSlides", str(hidden))
    add("ScaleCrop", "false")
    pairs = etree.SubElement(add("HeadingPairs", None), _q("vector", _VT), size="2", baseType="variant")
    etree.SubElement(etree.SubElement(pairs, _q("variant", _VT)), _q("lpstr", _VT)).text = SLIDE_TITLES
    etree.SubElement(etree.SubElement(pairs, _q("variant", _VT)), _q("i4", _VT)).text = str(len(titles))
    parts = etree.SubElement(add("TitlesOfParts", None), _q("vector", _VT), size=str(len(titles)), baseType="lpstr")
    for title in titles:
        etree.SubElement(parts, _q("lpstr", _VT)).text = _xml_text(title)
    for flag in ("LinksUpToDate", "SharedDoc", "HyperlinksChanged"):
        add(flag, "false")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
