"""Render a fitted `DeckPlan` into PowerPoint bytes on the layouts of a real template.

The only place that drives python-pptx. Every slide sits on the layout its `Placement`
names; text goes into the layout's placeholders (so a new theme restyles everything),
and a part the layout has no placeholder for is drawn in the theme's fonts and colours.
Every run is marked nb-NO, pictures carry alt text (or are marked decorative), the
bytes are the same for the same input (fixed timestamps from the deck's date), and the
result is checked for lost or off-slide text before it is returned.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import io
import re
import zipfile
from dataclasses import replace
from typing import Iterable

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Pt

from builder import cite
from builder.fit import (COLUMN_GAP_SHARE, HANGING_EMU, Arrangement, RoleBox, arrangement, quiet_title,
                         slide_texts)
from builder.plan import (
    ClosingContent,
    DeckPlan,
    FactsContent,
    ImageContent,
    Item,
    LinkContent,
    PlannedSlide,
    SourcesContent,
    TwoColumnContent,
)
from builder.errors import DiagnosticsError
from builder.read.pptx import ID_PREFIX
from builder.render.pptx.accounting import account
from builder.render.pptx.layouts import Rect, all_layouts, open_template
from builder.render.pptx.package import tidy_package
from builder.render.pptx.placement import (
    NOTE_PT,
    Drawn,
    Placement,
    card_row,
    forced_colour,
    frame_picture,
    picture_size,
    spans,
    under_cards,
)
from builder.render.pptx.template import Template
from builder.render.pptx.timing import RevealStep, add_click_reveal

LANG = "nb-NO"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
_DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
_FOOTER_TYPES = ("dt", "ftr", "sldNum")
# Parts that are one statement, not a list: never bulleted, whatever the layout's body style says.
PLAIN = {("title", "subtitle"), ("title", "byline"), ("section", "body"), ("quote", "quote"),
         ("quote", "attribution"), ("image", "caption"), ("link", "body"), ("two-column", "left_heading"),
         ("two-column", "right_heading")}
PLAIN_KINDS = ("words", "closing", "agenda", "sources")
ROLE_NAMES = {"subtitle": "Undertittel", "byline": "Foredragsholder", "body": "Tekst", "quote": "Sitat",
              "attribution": "Opphav", "value": "Tall", "caption": "Bildetekst", "left": "Venstre kolonne",
              "right": "Høyre kolonne", "note": "Felles kilde"}
THEME_COLOURS = {"tx1": MSO_THEME_COLOR.TEXT_1, "bg1": MSO_THEME_COLOR.BACKGROUND_1,
                 "tx2": MSO_THEME_COLOR.TEXT_2, **{f"accent{n}": getattr(MSO_THEME_COLOR, f"ACCENT_{n}")
                                                    for n in range(1, 7)}}
# Kinds whose title stays where and how the layout sets it (a statement page, a quote's label);
# every other title is set on its box's bottom edge, so that a second line grows upward.
TITLE_AS_DESIGNED = ("title", "section", "closing", "quote")
REVEAL_ROLES = {"bullets": ("body",), "words": ("body",), "discussion": ("body",), "two-column": ("left", "right")}


def render_deck(plan: DeckPlan, template: Template) -> bytes:
    """Return the .pptx bytes of `plan` built on `template`; stop if any text of the plan is lost."""
    prs, _ = open_template(template.blob())
    _drop_existing_slides(prs)
    layouts = {layout.name: layout for layout in all_layouts(prs)}
    protos = _Prototypes()
    for planned in plan.slides:
        placement = template.placements[planned.kind]
        if isinstance(planned.content, ClosingContent):
            placement = _closing_placement(planned.content, placement, template)
        layout = layouts[placement.layout]
        slide = _add_slide(prs, layout, planned.number, protos)
        slide._element.find(f"{{{_P}}}cSld").set("name", stable_id(planned))
        shapes = _fill(slide, planned, placement, template)
        if planned.kind != "title":
            _add_footer(slide, plan, planned, protos.footer(layout))
        if planned.reveal:
            _reveal(slide, planned, placement, shapes)
        if planned.notes:
            _write_notes(_notes_slide(slide, planned.number, protos), planned.notes)
        _mark_language(slide._element)
    _set_properties(prs, plan)
    tidy_package(prs, plan)
    blob = _save(prs, _timestamp(plan))
    problems = account(plan, blob)
    if problems:
        raise DiagnosticsError(problems)
    return blob


def stable_id(planned: PlannedSlide) -> str:
    """Return the name the built slide carries, so an edited copy can be mapped back to `planned`.

    Written as the slide's name (``<p:cSld name>``): PowerPoint keeps it on save and never
    shows it (only macros see it); python-pptx keeps it; LibreOffice 7 drops it, so the
    comparison falls back to position and title. Form:
    ``erfaring:<number>:<kind>[:<module>:<index in module>[:<continued>]]``.
    """
    parts = [ID_PREFIX.rstrip(":"), str(planned.number), planned.kind]
    if planned.source is not None:
        parts += [planned.source[0], str(planned.source[1])]
        if planned.continued:
            parts.append(str(planned.continued))
    return ":".join(parts)


def _save(prs, when: dt.datetime) -> bytes:
    """Write the package as a zip with fixed entry dates, in python-pptx's part order.

    Why not `prs.save`: it stamps every zip entry with the current time, so the bytes
    would differ on every build; fixing that afterwards means compressing everything
    twice. This writes the same parts once, with the deck's date.
    """
    from pptx.opc.oxml import serialize_part_xml
    from pptx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
    from pptx.opc.serialized import _ContentTypesItem

    package = prs.part.package
    parts = tuple(package.iter_parts())
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        def put(uri, blob: bytes) -> None:
            info = zipfile.ZipInfo(uri.membername, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, blob)

        put(CONTENT_TYPES_URI, serialize_part_xml(_ContentTypesItem.xml_for(parts)))
        put(PACKAGE_URI.rels_uri, package._rels.xml)
        for part in parts:
            put(part.partname, part.blob)
            if part._rels:
                put(part.partname.rels_uri, part.rels.xml)
    return out.getvalue()


def _timestamp(plan: DeckPlan) -> dt.datetime:
    return dt.datetime.combine(plan.deck.date, dt.time(0, 0))


def _drop_existing_slides(prs) -> None:
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.get(f"{{{_R}}}id"))
        id_list.remove(sld_id)


class _Prototypes:
    """Placeholder XML made once per layout (and once for notes pages), then copied.

    Why: python-pptx finds the placeholders to clone with XPath queries on every call;
    copying a ready-made element is an order of magnitude cheaper on large decks.
    """

    def __init__(self) -> None:
        self._slides: dict[str, list] = {}
        self._footers: dict[str, list[tuple[str, object]]] = {}
        self.notes: list | None = None

    def clone_into(self, slide, layout) -> None:
        """Give `slide` the placeholders of `layout`, as python-pptx would."""
        key = str(layout.part.partname)
        tree = slide.shapes._spTree
        if key not in self._slides:
            slide.shapes.clone_layout_placeholders(layout)
            self._slides[key] = [copy.deepcopy(e) for e in _shape_elements(tree)]
            return
        for element in self._slides[key]:
            tree.append(copy.deepcopy(element))

    def footer(self, layout) -> list[tuple[str, object]]:
        """Return the layout's date, footer and slide-number placeholders, emptied, to copy."""
        key = str(layout.part.partname)
        if key not in self._footers:
            self._footers[key] = [(kind, _blank_footer(el)) for kind, el in _footer_elements(layout)]
        return self._footers[key]


def _shape_elements(tree) -> list:
    return [child for child in tree if child.tag in (f"{{{_P}}}sp", f"{{{_P}}}pic", f"{{{_P}}}graphicFrame")]


def _footer_elements(layout) -> list[tuple[str, object]]:
    out = []
    for sp in _shape_elements(layout.shapes._spTree):
        ph = sp.find(f"{{{_P}}}nvSpPr/{{{_P}}}nvPr/{{{_P}}}ph")
        if ph is not None and ph.get("type") in _FOOTER_TYPES:
            out.append((ph.get("type"), sp))
    return out


def _blank_footer(element):
    """Copy a layout's footer placeholder without position, look or text (the slide inherits them)."""
    clone = copy.deepcopy(element)
    sp_pr = clone.find(f"{{{_P}}}spPr")
    for child in list(sp_pr):
        sp_pr.remove(child)
    body = clone.find(f"{{{_P}}}txBody")
    for p in body.findall(f"{{{_A}}}p"):
        body.remove(p)
    lst = body.find(f"{{{_A}}}lstStyle")
    if lst is not None:
        for child in list(lst):
            lst.remove(child)
    ph = clone.find(f"{{{_P}}}nvSpPr/{{{_P}}}nvPr/{{{_P}}}ph")
    ph.attrib.pop("hasCustomPrompt", None)
    return clone


def _add_slide(prs, layout, number: int, protos: _Prototypes):
    """Add a slide on `layout` in constant time.

    Why not `prs.slides.add_slide`: it checks the presentation's relationships for a
    duplicate and scans every slide id for the next free one, both linear in the number
    of slides, so a 1000-slide deck pays a quadratic price. The template's slides were
    dropped, so partname, relationship and slide id can be derived from `number`.
    """
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.opc.packuri import PackURI
    from pptx.parts.slide import SlidePart

    presentation_part = prs.part
    slide_part = SlidePart.new(PackURI(f"/ppt/slides/slide{number}.xml"), presentation_part.package, layout.part)
    rid = presentation_part._rels._add_relationship(RT.SLIDE, slide_part)
    slide = slide_part.slide
    protos.clone_into(slide, layout)
    prs.slides._sldIdLst._add_sldId(id=255 + number, rId=rid)
    return slide


def _fill(slide, planned: PlannedSlide, placement: Placement, template: Template) -> dict:
    """Write every part of the slide where the placement says; return the shape of each part by role."""
    texts = template.geometry.texts(planned)
    sizes = dict(planned.sizes)
    by_idx = _placeholders(slide)
    shapes: dict[str, object] = {}
    areas: dict[str, Rect] = {}  # where the picture may go, before it is fitted in
    for role, idx in placement.placeholders.items():
        ph = by_idx.get(idx)
        if ph is None:
            continue
        if role == "picture":
            # Only picture placeholders take a picture in python-pptx; a content placeholder
            # gives its place to a picture drawn there.
            holder = ph if ph.placeholder_format.type == PP_PLACEHOLDER.PICTURE else None
            areas[role] = Rect(ph.left, ph.top, ph.width, ph.height)
            picture = _picture(slide, planned, ph=holder, rect=None if holder else areas[role])
            if picture is not None:
                shapes[role] = picture
            continue
        items = texts.get(role, ())
        if not items:
            continue
        _write_role(ph.text_frame, planned, role, items, sizes.get(role), placement)
        _as_measured(ph.text_frame, template, placement, idx)
        layout = template.info.layout(placement.layout)
        box = placement.moved.get(role) or (spans(planned.kind, role, placement, layout) if layout else None)
        if box is not None:
            ph.left, ph.top, ph.width, ph.height = Emu(box.left), Emu(box.top), Emu(box.width), Emu(box.height)
        if role == "title" and planned.kind not in TITLE_AS_DESIGNED:
            ph.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
        if role == "title" and quiet_title(planned):
            left, width, height = ph.left, ph.width, ph.height
            ph.left, ph.top, ph.width, ph.height = left, Emu(-height - 12700), width, height
        # Our own fit check has run; PowerPoint's shrink-on-overflow would only make
        # LibreOffice and PowerPoint disagree about a slide that already fits.
        ph.text_frame.auto_size = MSO_AUTO_SIZE.NONE
        shapes[role] = ph
    kept = {id(shape) for shape in shapes.values()}
    for ph in by_idx.values():
        if id(ph) not in kept and ph._element is not None:  # None once a picture took its place
            ph._element.getparent().remove(ph._element)
    drawn = dict(placement.drawn)
    if isinstance(planned.content, FactsContent):
        drawn = _card_row(slide, planned, placement, template, shapes, drawn)
    for role, spec in drawn.items():
        if role == "picture":
            areas[role] = spec.rect
            picture = _picture(slide, planned, rect=spec.rect)
            if picture is not None:
                shapes[role] = picture
            continue
        items = texts.get(role, ())
        if items:
            shapes[role] = _draw_text(slide, planned, role, items, spec, sizes.get(role), placement)
    for role, shape in shapes.items():
        if role != "picture":
            _arrange(shape, arrangement(planned, role), template.geometry.boxes.get((planned.kind, role)))
    if isinstance(planned.content, ImageContent) and "caption" in shapes:
        spec = placement.drawn.get("caption")
        measured = template.geometry.boxes.get((planned.kind, "caption"))
        size = sizes.get("caption") or (measured.level(0).size_pt if measured is not None else None)
        _set_credit(shapes["caption"].text_frame, spec.colour if spec is not None else "tx1", size)
    if isinstance(planned.content, FactsContent) and texts.get("note"):
        shapes["note"] = _card_note(slide, planned, placement, shapes, texts["note"], sizes.get("note"))
    if isinstance(planned.content, ImageContent) and "picture" in shapes:
        _frame_image(planned, placement, template, shapes, areas["picture"])
    return shapes


def _arrange(shape, arranged: Arrangement, measured: RoleBox | None) -> None:
    """Set a part in the columns and the box height the fit stage measured it in.

    Text in columns also gets the line and paragraph spacing it was measured with,
    written out: PowerPoint and LibreOffice fill the first column before they start the
    second, so the break lands where we measured only if the spacing is what we measured
    (a template may give it in a unit the measuring does not read).
    """
    if arranged.columns > 1:
        body_pr = shape.text_frame._txBody.bodyPr
        body_pr.set("numCol", str(arranged.columns))
        body_pr.set("spcCol", str(int(shape.width * COLUMN_GAP_SHARE)))
        if measured is not None:
            style = measured.level(0)
            for para in shape.text_frame.paragraphs:
                _spacing(para, style.line_spacing, style.space_before_pt)
    if arranged.height_emu is not None:
        left, top, width = shape.left, shape.top, shape.width
        shape.left, shape.top, shape.width, shape.height = left, top, width, Emu(arranged.height_emu)


def _placeholders(slide) -> dict:
    """Return the slide's placeholders by idx (unique once the template's layouts are repaired)."""
    from pptx.shapes.shapetree import _SlidePlaceholderFactory

    parent = slide.placeholders
    out = {}
    for element in _shape_elements(slide.shapes._spTree):
        ph = element.find(f".//{{{_P}}}nvPr/{{{_P}}}ph")
        if ph is not None:
            out[int(ph.get("idx", "0"))] = _SlidePlaceholderFactory(element, parent)
    return out


def _write_role(frame, planned: PlannedSlide, role: str, items, size_pt: float | None, placement: Placement) -> None:
    """Write a part's paragraphs; parts that are not lists get no bullets, headings are bold."""
    if planned.kind == "sources" and role == "body":
        _write_references(frame, planned.content.references, size_pt)
    else:
        _write_items(frame, items, size_pt)
    plain = role != "title" and ((planned.kind, role) in PLAIN or role.startswith(("value", "caption"))
                                 or planned.kind in PLAIN_KINDS)
    for para in frame.paragraphs:
        if plain:
            _no_bullet(para, HANGING_EMU if planned.kind == "sources" else 0)
        if planned.kind == "words" and role == "body":
            para.alignment = PP_ALIGN.CENTER
    if _heading_first(planned, role, placement):
        frame.paragraphs[0].runs[0].font.bold = True
        _no_bullet(frame.paragraphs[0])
    if isinstance(planned.content, LinkContent) and role == "body":
        _link_url(frame, planned.content.url)


def _as_measured(frame, template: Template, placement: Placement, idx: int) -> None:
    """Write out the colour and size the text was measured with, where the template leaves them unset.

    Why: templates converted by LibreOffice keep their text colour and size only on the
    sample text; PowerPoint would then show 18 pt black text, LibreOffice the sample's
    style. A colour that would not stand out on the background is replaced too.
    """
    layout = template.info.layout(placement.layout)
    ph = layout.by_idx(idx) if layout else None
    if ph is None:
        return
    colour = forced_colour(template.info, layout, ph)
    for para in frame.paragraphs:
        for run in para.runs:
            if colour is not None:
                run.font.color.rgb = RGBColor.from_string(colour)
            if ph.unsized and run.font.size is None:
                run.font.size = Pt(ph.box.level(para.level).size_pt)


def _no_bullet(para, hanging: int = 0) -> None:
    """Take the bullet off a paragraph; `hanging` indents every line but the first (a reference list)."""
    p_pr = para._p.get_or_add_pPr()
    p_pr.set("marL", str(hanging))
    p_pr.set("indent", str(-hanging))
    for child in list(p_pr):
        if child.tag in (f"{{{_A}}}buNone", f"{{{_A}}}buChar", f"{{{_A}}}buAutoNum"):
            p_pr.remove(child)
    _insert_bullet(p_pr, etree.Element(f"{{{_A}}}buNone"))


def _bullet(para, level: int) -> None:
    p_pr = para._p.get_or_add_pPr()
    p_pr.set("marL", str(285750 * (level + 1)))
    p_pr.set("indent", "-285750")
    _insert_bullet(p_pr, etree.Element(f"{{{_A}}}buChar", char="•"))


def _spacing(para, line_spacing: float, before_pt: float) -> None:
    """Write a paragraph's line spacing (share of single) and space before it (pt), in schema order."""
    p_pr = para._p.get_or_add_pPr()
    for child in list(p_pr):
        if child.tag in (f"{{{_A}}}lnSpc", f"{{{_A}}}spcBef"):
            p_pr.remove(child)
    line = etree.Element(f"{{{_A}}}lnSpc")
    etree.SubElement(line, f"{{{_A}}}spcPct", val=str(round(line_spacing * 100000)))
    before = etree.Element(f"{{{_A}}}spcBef")
    etree.SubElement(before, f"{{{_A}}}spcPts", val=str(round(before_pt * 100)))
    p_pr.insert(0, before)
    p_pr.insert(0, line)


def _insert_bullet(p_pr, element) -> None:
    """Put a bullet element where the schema wants it: after spacing and bullet colour/size/font."""
    before = ("lnSpc", "spcBef", "spcAft", "buClrTx", "buClr", "buSzTx", "buSzPct", "buSzPts", "buFontTx", "buFont")
    position = 0
    for n, child in enumerate(p_pr):
        if child.tag.split("}")[1] in before:
            position = n + 1
    p_pr.insert(position, element)


def _draw_text(slide, planned: PlannedSlide, role: str, items, spec: Drawn, size_pt: float | None,
               placement: Placement):
    """Draw a text box for a part the layout has no placeholder for, styled from the theme."""
    rect = spec.rect
    box = slide.shapes.add_textbox(Emu(rect.left), Emu(rect.top), Emu(rect.width), Emu(rect.height))
    box.name = ROLE_NAMES.get(role.rstrip("123"), role)
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = {"t": MSO_ANCHOR.TOP, "ctr": MSO_ANCHOR.MIDDLE, "b": MSO_ANCHOR.BOTTOM}[spec.anchor]
    first = spec.box().level(0).size_pt if size_pt is None else size_pt
    frame.text = ""
    for n, item in enumerate(items):
        para = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        _run(para, item.text, spec.italic)
        font = para.runs[-1].font
        font.size = Pt(first if item.level == 0 or size_pt is not None else spec.box().level(item.level).size_pt)
        font.bold = spec.bold and item.level == 0
        font.color.theme_color = THEME_COLOURS[spec.colour]
        para.alignment = {"l": PP_ALIGN.LEFT, "ctr": PP_ALIGN.CENTER, "r": PP_ALIGN.RIGHT}[spec.align]
        if spec.bullets and not (n == 0 and _heading_first(planned, role, placement)):
            _bullet(para, item.level)
        if n == 0 and _heading_first(planned, role, placement):
            font.bold = True
    if isinstance(planned.content, LinkContent) and role == "body":
        _link_url(frame, planned.content.url)
    return box


def _heading_first(planned: PlannedSlide, role: str, placement: Placement) -> bool:
    heading = next((r for r, host in placement.joined.items() if host == role and r.endswith("_heading")), None)
    return bool(heading and slide_texts(planned).get(heading))


def _write_items(frame, items: Iterable[Item], size_pt: float | None = None) -> None:
    items = list(items)
    frame.text = ""
    first = frame.paragraphs[0]
    for n, item in enumerate(items):
        para = first if n == 0 else frame.add_paragraph()
        para.level = item.level
        _run(para, item.text)
        if size_pt is not None:
            para.runs[-1].font.size = Pt(size_pt)


def _link_url(frame, url: str) -> None:
    for para in frame.paragraphs:
        for run in para.runs:
            if run.text == url:
                run.hyperlink.address = url


def _card_row(slide, planned: PlannedSlide, placement: Placement, template: Template, shapes: dict,
              drawn: dict) -> dict:
    """Lay the slide's fact cards out in one balanced row from the title's left edge.

    Drawn cards get new boxes for the real number of cards; cards in placeholders are
    moved and widened the same way, so one, two or three cards always fill the row.
    """
    count = len(planned.content.cards)
    layout = template.info.layout(placement.layout)
    title = layout.title if layout else None
    if placement.cards:
        values = [v for v, _ in placement.cards]
        captions = [c for _, c in placement.cards]
        start = values[0].left
        area = Rect(start, values[0].top, captions[-1].right - start, captions[0].bottom - values[0].top)
        row = card_row(area, count, start, values[0].height)
        out = {role: spec for role, spec in drawn.items() if not role.startswith(("value", "caption"))}
        for n, (value, caption) in enumerate(row, start=1):
            out[f"value{n}"] = replace(drawn["value1"], rect=value)
            out[f"caption{n}"] = replace(drawn["caption1"], rect=caption)
        return out
    slots = [(layout.by_idx(placement.placeholders.get(f"value{n}", -1)),
              layout.by_idx(placement.placeholders.get(f"caption{n}", -1))) for n in (1, 2, 3)]
    slots = [(v, c) for v, c in slots if v is not None and c is not None]
    if not slots or count >= len(slots):
        return drawn
    start = title.rect.left if title else slots[0][1].rect.left
    right = max(c.rect.right for _, c in slots)
    tops = slots[0][1].rect
    row = card_row(Rect(start, tops.top, right - start, tops.height), count, start)
    value_src, caption_src = slots[0]
    # The number keeps its inset within the card (the caption placeholder is the card).
    inset = max(0, value_src.rect.left - caption_src.rect.left)
    narrower = max(0, caption_src.rect.width - value_src.rect.width)
    for n, (left_box, _) in enumerate(row, start=1):
        for role in (f"value{n}", f"caption{n}"):
            shape = shapes.get(role)
            src = layout.by_idx(placement.placeholders[role])
            if shape is not None and src is not None:
                value = role.startswith("value")
                shape.left, shape.top = Emu(left_box.left + (inset if value else 0)), Emu(src.rect.top)
                shape.width = Emu(max(left_box.width - (narrower if value else 0), left_box.width // 2))
                shape.height = Emu(src.rect.height)
    return drawn


def _card_note(slide, planned: PlannedSlide, placement: Placement, shapes: dict, items, size_pt: float | None):
    """Draw the line the fact cards share («høsten 2018 · Kilde: …») once, at the foot of the card row.

    The placement gives its box at the foot of the row's area; it moves up to the
    tallest card as laid out. A written layout map has no box for it: the line then
    goes under the cards in the theme's text colour, above the slide's foot.
    """
    height = slide.part.package.presentation_part.presentation.slide_height
    captions = [Rect(int(s.left), int(s.top), int(s.width), int(s.height)) for role, s in shapes.items()
                if role.startswith("caption")]
    spec = placement.note
    if spec is None:
        size = round(NOTE_PT * height / 6858000)
        left = min((c.left for c in captions), default=0)
        right = max((c.right for c in captions), default=left)
        spec = Drawn(Rect(left, 0, right - left, 0), size)
        limit = int(height * 0.92)
    else:
        limit = spec.rect.bottom
    box = under_cards(captions, spec.rect.left, spec.rect.right, limit, size_pt or spec.size_pt)
    shape = _draw_text(slide, planned, "note", items, replace(spec, rect=box), size_pt, placement)
    for para in shape.text_frame.paragraphs:
        for run in para.runs:
            run.font.color.brightness = MUTED_BRIGHTNESS  # a source line: lighter, as in the cards
    return shape


def _run(para, text: str, italic: bool = False) -> None:
    run = para.add_run()
    run.text = text
    if italic:
        run.font.italic = True


def _write_references(frame, references: tuple[tuple[cite.Run, ...], ...], size_pt: float | None = None) -> None:
    frame.text = ""
    first = frame.paragraphs[0]
    for n, runs in enumerate(references):
        para = first if n == 0 else frame.add_paragraph()
        for piece in runs:
            _run(para, piece.text, piece.italic)
            if size_pt is not None:
                para.runs[-1].font.size = Pt(size_pt)


def _picture(slide, planned: PlannedSlide, ph=None, rect: Rect | None = None):
    """Put the slide's picture (an image, or a link's QR code) in a picture placeholder or in `rect`.

    Returns the picture shape, or None when the slide has no picture.
    """
    content = planned.content
    if isinstance(content, ImageContent):
        with open(content.file, "rb") as handle:
            blob = handle.read()
        alt, decorative = (content.alt or "").strip(), content.decorative
    elif isinstance(content, LinkContent):
        blob = qr_png(content.url)
        alt, decorative = f"QR-kode som lenker til {content.url}", False
    elif isinstance(content, ClosingContent) and content.handout_url:
        blob = qr_png(content.handout_url)
        alt, decorative = f"QR-kode som lenker til deltakerheftet, {content.handout_url}", False
    else:
        return None
    if ph is not None:
        box = (ph.left, ph.top, ph.width, ph.height)
        picture = ph.insert_picture(io.BytesIO(blob))
        picture.crop_left = picture.crop_right = picture.crop_top = picture.crop_bottom = 0
    else:
        box = (rect.left, rect.top, rect.width, rect.height)
        picture = slide.shapes.add_picture(io.BytesIO(blob), Emu(rect.left), Emu(rect.top))
    if isinstance(content, ImageContent):
        # Sized and placed with its caption by `_frame_image`; centred here until then.
        area = Rect(*box)
        size = picture_size(area, _pixel_size(blob), slide.part.package.presentation_part.presentation.slide_height)
        _place(picture, frame_picture(area, size, None)[0])
    else:
        _contain(picture, box, _pixel_size(blob))
    c_nv_pr = picture._element.find(f"{{{_P}}}nvPicPr/{{{_P}}}cNvPr")
    c_nv_pr.set("name", "Bilde" if isinstance(content, ImageContent) else "QR-kode")
    if decorative:
        c_nv_pr.set("descr", "")
        ext_lst = etree.SubElement(c_nv_pr, f"{{{_A}}}extLst")
        ext = etree.SubElement(ext_lst, f"{{{_A}}}ext", uri=_DECORATIVE_URI)
        etree.SubElement(ext, f"{{{_DECORATIVE_NS}}}decorative", nsmap={"adec": _DECORATIVE_NS}, val="1")
    else:
        c_nv_pr.set("descr", alt)
    return picture


def _pixel_size(blob: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(blob)) as img:
        return img.size


def _contain(picture, box: tuple[int, int, int, int], size: tuple[int, int]) -> None:
    """Fit the picture inside the placeholder's box, centred, keeping its proportions."""
    left, top, width, height = box
    px_w, px_h = size
    scale = min(width / px_w, height / px_h)
    new_w, new_h = int(px_w * scale), int(px_h * scale)
    picture.left = Emu(left + (width - new_w) // 2)
    picture.top = Emu(top + (height - new_h) // 2)
    picture.width = Emu(new_w)
    picture.height = Emu(new_h)


def _place(shape, rect: Rect) -> None:
    shape.left, shape.top, shape.width, shape.height = Emu(rect.left), Emu(rect.top), Emu(rect.width), Emu(rect.height)


def _frame_image(planned: PlannedSlide, placement: Placement, template: Template, shapes: dict, area: Rect) -> None:
    """Set an image slide's picture and caption side by side (or one under the other) as one unit.

    The picture keeps the size `_picture` gave it (never enlarged beyond its pixels); where
    it goes, and where the caption follows it, is `frame_picture`'s rule. A caption that
    moves keeps its height and right edge, so it holds at least what the fit stage measured.
    """
    picture, caption = shapes["picture"], shapes.get("caption")
    size = (int(picture.width), int(picture.height))
    if caption is None:
        _place(picture, frame_picture(area, size, None)[0])
        return
    spec = placement.drawn.get("caption")
    anchor = spec.anchor if spec is not None else _inherited_anchor(caption)
    align = spec.align if spec is not None else _inherited_align(caption)
    box = Rect(int(caption.left), int(caption.top), int(caption.width), int(caption.height))
    measured = template.geometry.boxes.get((planned.kind, "caption"))
    fonts = _measuring_fonts(template.geometry.measure_family)
    if measured is None or fonts is None:
        picture_box, caption_box = frame_picture(area, size, box, anchor, align)
    else:
        size_pt = dict(planned.sizes).get("caption") or measured.level(0).size_pt
        # A credit set on a line of its own (`_set_credit`) is measured as a line of its own, at full size.
        texts = [(para.level, line) for para in caption.text_frame.paragraphs
                 for line in _line_texts(para)]

        def text_height(width: int) -> int:
            return _text_height(texts, replace(measured, width_emu=width), size_pt, fonts)

        picture_box, caption_box = frame_picture(area, size, box, anchor, align, text_height)
        _keep_abbreviations(caption.text_frame, replace(measured, width_emu=caption_box.width), size_pt, fonts)
    _place(picture, picture_box)
    if caption_box != box:
        _place(caption, caption_box)


# A picture's credit at the end of its caption: «… Illustrasjon: OpenMoji, CC BY-SA 4.0».
CREDIT = re.compile(r"^(?P<text>.*?[^\s])\s+(?P<credit>(?:Illustrasjon|Foto|Fotograf|Tegning|Bilde|Grafikk)"
                    r"\s*:[^:]+)$", re.S)
CREDIT_SHARE = 0.7  # of the caption's size
MUTED_BRIGHTNESS = 0.4  # a theme colour lightened: grey on a light slide (credits, shared sources)


def _set_credit(frame, colour: str, size_pt: float | None) -> None:
    """Set a caption's closing credit («Illustrasjon: …», «Foto: …») on a line of its own, smaller and lighter.

    The text stays the same paragraph with the same words (the line break reads as a
    space), so the accounting and the picture's alt text still agree with the plan.
    """
    for para in frame.paragraphs:
        runs = para.runs
        if len(runs) != 1:
            continue
        found = CREDIT.match(runs[0].text)
        if found is None:
            continue
        run = runs[0]
        size = run.font.size.pt if run.font.size is not None else size_pt
        run.text = found.group("text")
        br = etree.Element(f"{{{_A}}}br")
        r_pr = run._r.find(f"{{{_A}}}rPr")
        br.append(copy.deepcopy(r_pr) if r_pr is not None else etree.Element(f"{{{_A}}}rPr"))
        run._r.addnext(br)
        credit = copy.deepcopy(run._r)
        br.addnext(credit)
        credit.find(f"{{{_A}}}t").text = found.group("credit")
        credit_run = para.runs[-1]
        if size is not None:
            credit_run.font.size = Pt(round(size * CREDIT_SHARE))
        credit_run.font.color.theme_color = THEME_COLOURS.get(colour, MSO_THEME_COLOR.TEXT_1)
        credit_run.font.color.brightness = MUTED_BRIGHTNESS
        credit_run.font.bold = False


def _line_texts(para) -> list[str]:
    """Return the lines a paragraph breaks into by its own line breaks (a:br), as text."""
    lines, current = [], []
    for child in para._p:
        if child.tag == f"{{{_A}}}r":
            current.append(child.findtext(f"{{{_A}}}t") or "")
        elif child.tag == f"{{{_A}}}br":
            lines.append("".join(current))
            current = []
    lines.append("".join(current))
    return lines


def _inherited_anchor(shape) -> str:
    """Return a placeholder's vertical anchor (t, ctr or b), as it inherits it from its layout and master."""
    names = {MSO_ANCHOR.TOP: "t", MSO_ANCHOR.MIDDLE: "ctr", MSO_ANCHOR.BOTTOM: "b"}
    while shape is not None:
        anchor = shape.text_frame.vertical_anchor if shape.has_text_frame else None
        if anchor in names:
            return names[anchor]
        shape = getattr(shape, "_base_placeholder", None)
    return "t"


def _inherited_align(shape) -> str:
    """Return how a placeholder's first level is aligned (l, ctr or r), from its layout and master."""
    while shape is not None:
        found = shape._element.xpath("./p:txBody/a:lstStyle/a:lvl1pPr/@algn")
        if found:
            return {"ctr": "ctr", "r": "r"}.get(found[0], "l")
        shape = getattr(shape, "_base_placeholder", None)
    return "l"


@functools.lru_cache(maxsize=4)
def _measuring_fonts(family: str):
    """Return the shipped fonts that measure `family`, or None when the tool has none for it (a library's own)."""
    from builder.render import textfit
    from builder.render.pptx.template import TOOL_ASSETS

    folder = TOOL_ASSETS / "fonts"
    return textfit.FontBook(folder, family) if textfit.has_regular(folder, family) else None


def _measuring_box(measured: RoleBox):
    from builder.render import textfit

    left, top, right, bottom = measured.insets
    return textfit.Box(measured.width_emu, measured.height_emu, left, right, top, bottom,
                       tuple(level.indent_emu for level in measured.levels), measured.levels[0].line_spacing,
                       measured.levels[0].space_before_pt)


def _text_height(texts: list[tuple[int, str]], measured: RoleBox, size_pt: float, fonts) -> int:
    """Return the height (EMU, insets included) that paragraphs of (level, text) take in `measured`'s box."""
    from builder.render import textfit

    paras = [textfit.Para(text, size_pt, level, measured.level(level).bold, measured.level(level).italic)
             for level, text in texts]
    result = textfit.measure(paras, _measuring_box(measured), fonts)
    return result.height_emu + measured.insets[1] + measured.insets[3]


def _keep_abbreviations(frame, measured: RoleBox, size_pt: float, fonts) -> None:
    """Start a new line before a word like «BY-SA» where the measuring wrapped it whole.

    Why: PowerPoint and LibreOffice break after any hyphen between letters («CC BY-» /
    «SA 4.0»), and the template's fonts have no non-breaking hyphen; a line break in the
    space before the word keeps it whole and makes the slide wrap as `textfit` measured.
    """
    from builder.render import textfit

    box = _measuring_box(measured)
    for para in frame.paragraphs:
        runs = para.runs
        text = "".join(run.text for run in runs)
        if len(runs) != 1 or not any(textfit.abbreviation_hyphen(text, i) for i, ch in enumerate(text) if ch == "-"):
            continue
        style = measured.level(para.level)
        result = textfit.measure([textfit.Para(text, size_pt, para.level, style.bold, style.italic)],
                                 box, fonts)
        cuts, position = [], 0
        for line in result.wrapped[0][:-1]:
            found = text.find(line, position)
            if found < 0:  # a line as drawn that the text does not hold (a soft hyphen shown): leave it
                break
            position = found + len(line)
            rest = text[position:]
            word = rest.lstrip(" ")
            hyphen = word.find("-")
            if rest[:1] == " " and hyphen > 0 and " " not in word[:hyphen] and \
                    textfit.abbreviation_hyphen(word, hyphen):
                cuts.append(position)
        if cuts:
            _break_lines(para, runs[0], text, cuts)


def _break_lines(para, run, text: str, cuts: list[int]) -> None:
    """Rewrite a one-run paragraph with a line break (a:br) in place of the spaces at `cuts`."""
    r_pr = run._r.find(f"{{{_A}}}rPr")
    run._r.getparent().remove(run._r)
    end_para = para._p.find(f"{{{_A}}}endParaRPr")
    pieces, start = [], 0
    for cut in cuts:
        pieces.append(text[start:cut])
        start = cut + len(text[cut:]) - len(text[cut:].lstrip(" "))
    pieces.append(text[start:])
    for n, piece in enumerate(pieces):
        if n:
            br = etree.Element(f"{{{_A}}}br")
            br.append(copy.deepcopy(r_pr) if r_pr is not None else etree.Element(f"{{{_A}}}rPr"))
            _before(para._p, br, end_para)
        new = copy.deepcopy(run._r)
        new.find(f"{{{_A}}}t").text = piece
        _before(para._p, new, end_para)


def _before(parent, element, anchor) -> None:
    if anchor is None:
        parent.append(element)
    else:
        anchor.addprevious(element)


QR_MAX_EMU = 2286000  # 2.5 inches: scannable from the back row without crowding the closing slide
QR_MIN_EMU = 1097280  # 1.2 inches: smaller is hard to scan from a seat


def _closing_placement(content: ClosingContent, placement: Placement, template: Template) -> Placement:
    """Make room for the handout's QR code on a closing slide whose placement has none (a written layout map).

    The code goes to the right of the title, in the title's own box, which is made narrower:
    a title box tall enough for a QR code holds the extra line a narrower title may need,
    while the body text keeps the width it was measured for. No room, no code; the address
    stays on the slide either way.
    """
    if not content.handout_url or "picture" in placement.placeholders or "picture" in placement.drawn:
        return placement
    layout = template.info.layout(placement.layout)
    title = layout.by_idx(placement.placeholders["title"]) if layout and "title" in placement.placeholders else None
    if title is None:
        return placement
    box = placement.moved.get("title", title.rect)
    side = min(QR_MAX_EMU, int(box.height * 0.85))
    gap = side // 8
    if side < QR_MIN_EMU or box.width - side - gap < box.width // 2:
        return placement
    qr = Rect(box.right - side, box.bottom - side, side, side)
    narrowed = Rect(box.left, box.top, box.width - side - gap, box.height)
    return replace(placement, moved={**placement.moved, "title": narrowed},
                   drawn={**placement.drawn, "picture": Drawn(qr)})


def qr_png(url: str) -> bytes:
    """Return a QR code for `url` as PNG bytes (dark on white, scannable from the back row)."""
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=12, border=2)
    return buffer.getvalue()


def _add_footer(slide, plan: DeckPlan, planned: PlannedSlide, footers: list[tuple[str, object]]) -> None:
    """Put the layout's date, footer and slide-number placeholders on the slide, filled."""
    tree = slide.shapes._spTree
    next_id = max(int(e.get("id")) for e in tree.iter(f"{{{_P}}}cNvPr")) + 1
    for ph_type, proto in footers:
        clone = copy.deepcopy(proto)
        clone.find(f"{{{_P}}}nvSpPr/{{{_P}}}cNvPr").set("id", str(next_id))
        next_id += 1
        para = etree.SubElement(clone.find(f"{{{_P}}}txBody"), f"{{{_A}}}p")
        if ph_type == "sldNum":
            field = etree.SubElement(para, f"{{{_A}}}fld", id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}",
                                     type="slidenum")
            etree.SubElement(field, f"{{{_A}}}rPr", lang=LANG)
            etree.SubElement(field, f"{{{_A}}}t").text = str(planned.number)
        else:
            run = etree.SubElement(para, f"{{{_A}}}r")
            etree.SubElement(run, f"{{{_A}}}rPr", lang=LANG)
            text = cite.norwegian_date(plan.deck.date) if ph_type == "dt" else plan.deck.title
            etree.SubElement(run, f"{{{_A}}}t").text = text
        tree.append(clone)


def _reveal(slide, planned: PlannedSlide, placement: Placement, shapes: dict) -> None:
    steps = []
    for role in REVEAL_ROLES.get(planned.kind, ()):
        shape = shapes.get(placement.host(role))
        if shape is None:
            continue
        if isinstance(planned.content, TwoColumnContent):
            steps.append(RevealStep(shape.shape_id, None))
            continue
        for n, para in enumerate(shape.text_frame.paragraphs):
            if para.text.strip():
                steps.append(RevealStep(shape.shape_id, n))
    if steps:
        add_click_reveal(slide._element, steps)


def _notes_slide(slide, number: int, protos: _Prototypes):
    """Create the notes page of `slide` with a partname we choose ourselves.

    Why: python-pptx's `slide.notes_slide` asks the package for the next free partname,
    which walks every part of the package; over a deck that costs time quadratic in the
    number of slides. Our slides are numbered and the template has no notes pages, so
    `notesSlide<number>.xml` is free by construction.
    """
    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.opc.packuri import PackURI
    from pptx.oxml.slide import CT_NotesSlide
    from pptx.parts.slide import NotesSlidePart

    slide_part = slide.part
    master_part = slide_part.package.presentation_part.notes_master_part
    part = NotesSlidePart(PackURI(f"/ppt/notesSlides/notesSlide{number}.xml"), CT.PML_NOTES_SLIDE,
                          slide_part.package, CT_NotesSlide.new())
    part.relate_to(master_part, RT.NOTES_MASTER)
    part.relate_to(slide_part, RT.SLIDE)
    slide_part.relate_to(part, RT.NOTES_SLIDE)
    notes = part.notes_slide
    if protos.notes is None:
        notes.clone_master_placeholders(master_part.notes_master)
        protos.notes = [copy.deepcopy(e) for e in _shape_elements(notes.shapes._spTree)]
    else:
        tree = notes.shapes._spTree
        for element in protos.notes:
            tree.append(copy.deepcopy(element))
    return notes


def _write_notes(notes_slide, notes: str) -> None:
    frame = notes_slide.notes_text_frame
    paragraphs = [p.strip() for p in notes.strip().split("\n\n")]
    frame.text = ""
    first = frame.paragraphs[0]
    for n, text in enumerate(paragraphs):
        para = first if n == 0 else frame.add_paragraph()
        _run(para, " ".join(text.split()))
    _mark_language(notes_slide._element)


def _mark_language(element) -> None:
    """Mark every run and paragraph end as Norwegian bokmål (spell check, screen readers)."""
    for tag in ("rPr", "endParaRPr", "defRPr"):
        for node in element.iter(f"{{{_A}}}{tag}"):
            if tag != "defRPr" or node.get("lang"):
                node.set("lang", LANG)
    for run in element.iter(f"{{{_A}}}r"):
        if run.find(f"{{{_A}}}rPr") is None:
            run.insert(0, etree.Element(f"{{{_A}}}rPr", lang=LANG))


def _limit(text: str, size: int = 255) -> str:
    """Shorten `text` to what a core property may hold (255 characters), with an ellipsis."""
    return text if len(text) <= size else text[: size - 1].rstrip(" ,") + "…"


def _set_properties(prs, plan: DeckPlan) -> None:
    props = prs.core_properties
    stamp = _timestamp(plan)
    props.title = _limit(plan.deck.title)
    props.subject = _limit(plan.deck.subtitle or ", ".join(p.title for p in plan.programme if p.module))
    props.author = _limit(plan.deck.presenter or "Erfaringsbanken")
    props.last_modified_by = _limit(plan.deck.presenter or "Erfaringsbanken")
    props.keywords = _limit(f"erfaringskompetanse; {plan.audience.name}")
    props.comments = ""
    props.category = _limit(plan.audience.name)
    props.language = LANG
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    props.identifier = plan.deck.id
    props.content_status = ""
    props.version = ""
