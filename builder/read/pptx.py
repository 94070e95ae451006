"""Read any .pptx into plain, typed values: slides in order, their titles, texts, notes and pictures.

Pure reading: nothing here knows about plans or libraries, so both `erfaring changes`
(what was edited in the built deck) and `erfaring import` (a deck someone else made) use
it. Files PowerPoint or LibreOffice wrote must never make it stop: what it does not
understand (charts, a broken layout link) is skipped, not guessed at.

The slide's `paragraphs` are the text of its shapes, as `changes` compares them; tables,
SmartArt text, pictures (with their bytes) and links are read beside them, for `import`.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterator

from builder.errors import UserError
from builder.i18n import _

_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_P14 = "{http://schemas.microsoft.com/office/powerpoint/2010/main}"
_ADEC = "{http://schemas.microsoft.com/office/drawing/2017/decorative}"
_DGM = "{http://schemas.openxmlformats.org/drawingml/2006/diagram}"
_DGM_DATA = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/diagramData"
_TITLE_TYPES = ("title", "ctrTitle")
_FOOTER_TYPES = ("dt", "ftr", "sldNum")
ID_PREFIX = "erfaring:"  # slide names the builder writes (builder.render.pptx.deck.stable_id)


@dataclass(frozen=True)
class ReadParagraph:
    """One non-empty paragraph of a text shape, in reading order."""

    text: str
    level: int  # 0 for a top-level point, 1 for a sub-point, …
    shape: str  # the shape's name as the file gives it (LibreOffice renames placeholders)
    box: int  # which text shape of the slide it is in, counting from 0 in reading order
    placeholder: str | None = None  # the placeholder's type ('body', 'subTitle' …), None for a text box
    # Not compared: equality stays the text view `changes` relies on.
    links: tuple[str, ...] = field(default=(), compare=False)  # addresses of the hyperlinks on its runs
    order: int = field(default=0, compare=False)  # the shape's place among all the slide's shapes, reading order


@dataclass(frozen=True)
class ReadTable:
    """A table: the texts of its cells, row by row (a merged-away cell is '')."""

    rows: tuple[tuple[str, ...], ...]
    order: int = 0  # the frame's place among the slide's shapes, in reading order


@dataclass(frozen=True)
class ReadPicture:
    """One picture of a slide, in reading order, with its bytes when the file holds them."""

    name: str  # the shape's name, e.g. 'Picture 3' (never alt text: it is often the file name)
    description: str | None  # the alt text PowerPoint shows as «Alternativ tekst» (`descr`)
    decorative: bool  # marked «Merk som dekorativt»
    content_type: str | None  # e.g. 'image/png'; None for a picture linked from outside the file
    blob: bytes | None = field(default=None, repr=False)
    link: str | None = None  # the address a click on the picture opens
    media: str | None = None  # the address of a linked video or sound (an online video in PowerPoint)
    order: int = 0


@dataclass(frozen=True)
class ReadSection:
    """A PowerPoint section: its name and the numbers of the slides in it."""

    name: str
    slides: tuple[int, ...]


@dataclass(frozen=True)
class ReadSlide:
    """One slide as the file holds it."""

    number: int  # 1-based position in the file
    name: str | None  # the slide's name (`<p:cSld name>`), if any
    stable_id: str | None  # the name, when it is one the builder wrote
    layout: str | None
    title: str | None
    paragraphs: tuple[ReadParagraph, ...]
    notes: str | None  # paragraphs joined by blank lines; None when the slide has no notes text
    pictures: int
    hidden: bool = False
    picture_boxes: tuple[tuple[int, int, int, int], ...] = ()  # left, top, width, height in EMU, in file order
    # What `import` needs besides the text; not compared, so equality stays what `changes` compares.
    tables: tuple[ReadTable, ...] = field(default=(), compare=False)
    diagram: tuple[ReadParagraph, ...] = field(default=(), compare=False)  # SmartArt text, its levels kept
    images: tuple[ReadPicture, ...] = field(default=(), compare=False)
    links: tuple[str, ...] = field(default=(), compare=False)  # every hyperlink address on the slide, in order
    unread: tuple[str, ...] = field(default=(), compare=False)  # 'chart', 'object', 'smartart' met but not read


@dataclass(frozen=True)
class ReadDeck:
    """Every slide of a presentation, in the order the file shows them."""

    slides: tuple[ReadSlide, ...]
    title: str | None = None
    # PowerPoint's sections, in order; () when the file has none. Not compared, like the slides' extras.
    sections: tuple[ReadSection, ...] = field(default=(), compare=False)


def read_pptx(source: Path | str | bytes | BinaryIO) -> ReadDeck:
    """Read the presentation at `source` (a path, its bytes or an open binary file).

    Raises `UserError` when the file is not a presentation at all.
    """
    from lxml.etree import XMLSyntaxError
    from pptx import Presentation
    from pptx.exc import PackageNotFoundError

    name = str(source) if isinstance(source, (str, Path)) else None
    if name is not None and not Path(name).is_file():
        raise UserError(_("the file '{name}' does not exist").format(name=name))
    opened = name if name is not None else io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        prs = Presentation(opened)
    except (PackageNotFoundError, zipfile.BadZipFile, XMLSyntaxError, KeyError, ValueError, OSError) as exc:
        raise UserError(
            _("'{name}' is not a PowerPoint presentation (.pptx) that can be read").format(name=name or "pptx"),
            _("open it in PowerPoint or LibreOffice and save it again as .pptx"),
        ) from exc
    slides = tuple(_slide(number, slide) for number, slide in enumerate(prs.slides, start=1))
    try:
        title = prs.core_properties.title or None
    except Exception:  # noqa: BLE001 - damaged core properties must not stop the reading
        title = None
    return ReadDeck(slides, title, _sections(prs))


def _sections(prs) -> tuple[ReadSection, ...]:
    """Read PowerPoint's sections (`p14:sectionLst`); a slide id no slide has is left out."""
    element = prs.part._element
    numbers = {sld_id.get("id"): n for n, sld_id in enumerate(element.findall(f"{_P}sldIdLst/{_P}sldId"), start=1)}
    out = []
    for section in element.iter(f"{_P14}section"):
        slides = tuple(numbers[s.get("id")] for s in section.iter(f"{_P14}sldId") if s.get("id") in numbers)
        out.append(ReadSection(section.get("name") or "", slides))
    return tuple(out)


def _slide(number: int, slide) -> ReadSlide:
    c_sld = slide._element.find(f"{_P}cSld")
    name = c_sld.get("name") if c_sld is not None else None
    name = name or None
    title: str | None = None
    paragraphs: list[ReadParagraph] = []
    tables: list[ReadTable] = []
    diagram: list[ReadParagraph] = []
    images: list[ReadPicture] = []
    links: list[str] = []
    unread: list[str] = []
    rels = _Rels(slide.part)
    box = 0
    for order, shape in enumerate(_shapes(slide.shapes)):
        element = shape._element
        ph_type = _placeholder_type(shape)
        links += rels.shape_links(element)
        if element.tag == f"{_P}pic":
            images.append(_picture(element, rels, order))
            continue
        if element.tag == f"{_P}graphicFrame":
            table = element.find(f".//{_A}tbl")
            data = element.find(f".//{_A}graphicData")
            uri = data.get("uri", "") if data is not None else ""
            if table is not None:
                tables.append(ReadTable(_table_rows(table), order))
            elif uri.endswith("/diagram"):
                found = _diagram(element, slide.part, shape.name or "", order)
                diagram += found
                if not found:
                    unread.append("smartart")
            else:
                unread.append("chart" if uri.endswith("/chart") or "chart" in uri else "object")
            continue
        if ph_type in _FOOTER_TYPES or not getattr(shape, "has_text_frame", False):
            continue
        texts = [(_text(p), p.level, rels.run_links(p._p)) for p in shape.text_frame.paragraphs]
        texts = [(t, level, urls) for t, level, urls in texts if t.strip()]
        if ph_type in _TITLE_TYPES and title is None:
            title = "\n".join(t for t, _level, _urls in texts) or None
            continue
        if not texts:
            continue
        paragraphs += [ReadParagraph(t, level, shape.name or "", box, ph_type, urls, order)
                       for t, level, urls in texts]
        box += 1
    return ReadSlide(
        number=number,
        name=name,
        stable_id=name if name and name.startswith(ID_PREFIX) else None,
        layout=_layout_name(slide),
        title=title,
        paragraphs=tuple(paragraphs),
        notes=_notes(slide),
        pictures=len(slide._element.findall(f".//{_P}pic")),
        hidden=slide._element.get("show") in ("0", "false"),
        picture_boxes=_picture_boxes(slide),
        tables=tuple(tables),
        diagram=tuple(diagram),
        images=tuple(images),
        links=tuple(dict.fromkeys(links)),
        unread=tuple(unread),
    )


class _Rels:
    """The slide's relationships, read without ever raising: a broken link is no link."""

    def __init__(self, part) -> None:
        self.part = part

    def target(self, r_id: str | None, external: bool | None = None) -> str | None:
        if not r_id:
            return None
        try:
            rel = self.part.rels[r_id]
        except Exception:  # noqa: BLE001 - a missing or broken relationship is a dead link
            return None
        if external is not None and rel.is_external != external:
            return None
        return rel.target_ref if rel.is_external else None

    def run_links(self, p_element) -> tuple[str, ...]:
        urls = (self.target(h.get(f"{_R}id"), True) for h in p_element.iter(f"{_A}hlinkClick"))
        return tuple(dict.fromkeys(u for u in urls if u))

    def shape_links(self, element) -> list[str]:
        urls = (self.target(h.get(f"{_R}id"), True) for h in element.iter(f"{_A}hlinkClick"))
        return [u for u in urls if u]

    def blob(self, r_id: str | None) -> tuple[bytes | None, str | None]:
        if not r_id:
            return None, None
        try:
            rel = self.part.rels[r_id]
            if rel.is_external:
                return None, None
            return rel.target_part.blob, rel.target_part.content_type
        except Exception:  # noqa: BLE001 - a picture whose part is missing has no bytes
            return None, None


def _picture(element, rels: _Rels, order: int) -> ReadPicture:
    c_nv_pr = element.find(f"{_P}nvPicPr/{_P}cNvPr")
    c_nv_pr = c_nv_pr if c_nv_pr is not None else element.find(f".//{_P}cNvPr")
    name = c_nv_pr.get("name", "") if c_nv_pr is not None else ""
    descr = c_nv_pr.get("descr") if c_nv_pr is not None else None
    decorative = c_nv_pr is not None and any(
        d.get("val") in ("1", "true") for d in c_nv_pr.iter(f"{_ADEC}decorative"))
    click = c_nv_pr.find(f"{_A}hlinkClick") if c_nv_pr is not None else None
    blip = element.find(f".//{_A}blip")
    blob, content_type = rels.blob(blip.get(f"{_R}embed") if blip is not None else None)
    media = None
    for tag in ("videoFile", "audioFile"):
        linked = element.find(f".//{_A}{tag}")
        if linked is not None:
            media = rels.target(linked.get(f"{_R}link"), True)
    return ReadPicture(
        name=name, description=descr.replace("\u00a0", " ") if descr else None, decorative=decorative,
        content_type=content_type, blob=blob, link=rels.target(click.get(f"{_R}id"), True) if click is not None else None,
        media=media, order=order)


def _cell_text(cell) -> str:
    paragraphs = ("".join(t.text or "" for t in p.iter(f"{_A}t")) for p in cell.iter(f"{_A}p"))
    return "\n".join(p for p in paragraphs if p.strip())


def _table_rows(table) -> tuple[tuple[str, ...], ...]:
    rows = []
    for tr in table.iter(f"{_A}tr"):
        cells = tuple("" if tc.get("hMerge") in ("1", "true") or tc.get("vMerge") in ("1", "true") else _cell_text(tc)
                      for tc in tr.iter(f"{_A}tc"))
        rows.append(cells)
    return tuple(rows)


def _diagram(frame, part, name: str, order: int) -> list[ReadParagraph]:
    """Read the text of a SmartArt diagram from its data part, in the diagram's own order, with levels."""
    rel_ids = frame.find(f".//{_DGM}relIds")
    if rel_ids is None:
        return []
    try:
        data = part.rels[rel_ids.get(f"{_R}dm")].target_part
        from lxml import etree

        root = etree.fromstring(data.blob, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except Exception:  # noqa: BLE001 - a diagram we cannot open is skipped, as before
        return []
    texts: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for pt in root.iter(f"{_DGM}pt"):
        kinds[pt.get("modelId", "")] = pt.get("type", "node")
        body = pt.find(f"{_DGM}t")
        if body is not None:
            lines = ("".join(t.text or "" for t in p.iter(f"{_A}t")) for p in body.iter(f"{_A}p"))
            texts[pt.get("modelId", "")] = "\n".join(line for line in lines if line.strip())
    children: dict[str, list[tuple[int, str]]] = {}
    for cxn in root.iter(f"{_DGM}cxn"):
        if cxn.get("type", "parOf") != "parOf":
            continue
        try:
            rank = int(cxn.get("srcOrd", "0"))
        except ValueError:
            rank = 0
        children.setdefault(cxn.get("srcId", ""), []).append((rank, cxn.get("destId", "")))
    out: list[ReadParagraph] = []
    seen: set[str] = set()

    def walk(node: str, depth: int) -> None:
        for _rank, child in sorted(children.get(node, [])):
            if child in seen or kinds.get(child, "node") not in ("node", "asst"):
                continue
            seen.add(child)
            text = texts.get(child, "")
            if text.strip():
                out.append(ReadParagraph(text, max(depth, 0), name, 0, None, (), order))
            walk(child, depth + 1)

    for root_id, kind in kinds.items():
        if kind == "doc":
            walk(root_id, 0)
    return out


def _picture_boxes(slide) -> tuple[tuple[int, int, int, int], ...]:
    """Where each picture sits (its own offset and size; a picture in a group keeps the group's frame)."""
    boxes = []
    for pic in slide._element.iter(f"{_P}pic"):
        off = pic.find(f".//{_A}off")
        ext = pic.find(f".//{_A}ext")
        if off is None or ext is None:
            continue  # a picture placeholder filled from its layout: it sits where the layout says
        boxes.append((int(off.get("x", 0)), int(off.get("y", 0)), int(ext.get("cx", 0)), int(ext.get("cy", 0))))
    return tuple(boxes)


def _shapes(shapes) -> Iterator:
    """Yield the shapes in reading order, opening groups."""
    for shape in shapes:
        if shape._element.tag == f"{_P}grpSp":
            yield from _shapes(shape.shapes)
        else:
            yield shape


def _placeholder_type(shape) -> str | None:
    ph = shape._element.find(f".//{_P}nvPr/{_P}ph")
    if ph is None:
        return None
    return ph.get("type", "body")


def _text(paragraph) -> str:
    # python-pptx gives a line break inside a paragraph as a vertical tab.
    return paragraph.text.replace("\v", "\n")


def _layout_name(slide) -> str | None:
    try:
        return slide.slide_layout.name or None
    except Exception:  # noqa: BLE001 - a slide without a readable layout is still a slide
        return None


def _notes(slide) -> str | None:
    try:
        if not slide.has_notes_slide:
            return None
        frame = slide.notes_slide.notes_text_frame
    except Exception:  # noqa: BLE001 - notes pages LibreOffice wrote without a body are read as none
        return None
    if frame is None:
        return None
    texts = [_text(p).strip() for p in frame.paragraphs]
    text = "\n\n".join(t for t in texts if t)
    return text or None
