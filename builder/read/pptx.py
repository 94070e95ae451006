"""Read any .pptx into plain, typed values: slides in order, their titles, texts, notes and pictures.

Pure reading: nothing here knows about plans or libraries, so both `erfaring changes`
(what was edited in the built deck) and `erfaring import` (a deck someone else made) use
it. Files PowerPoint or LibreOffice wrote must never make it stop: what it does not
understand (tables, charts, SmartArt, a broken layout link) is skipped, not guessed at.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

from builder.errors import UserError
from builder.i18n import _

_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
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


@dataclass(frozen=True)
class ReadDeck:
    """Every slide of a presentation, in the order the file shows them."""

    slides: tuple[ReadSlide, ...]
    title: str | None = None


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
    return ReadDeck(slides, title)


def _slide(number: int, slide) -> ReadSlide:
    c_sld = slide._element.find(f"{_P}cSld")
    name = c_sld.get("name") if c_sld is not None else None
    name = name or None
    title: str | None = None
    paragraphs: list[ReadParagraph] = []
    box = 0
    for shape in _shapes(slide.shapes):
        ph_type = _placeholder_type(shape)
        if ph_type in _FOOTER_TYPES or not getattr(shape, "has_text_frame", False):
            continue
        texts = [(_text(p), p.level) for p in shape.text_frame.paragraphs]
        texts = [(t, level) for t, level in texts if t.strip()]
        if ph_type in _TITLE_TYPES and title is None:
            title = "\n".join(t for t, _level in texts) or None
            continue
        if not texts:
            continue
        paragraphs += [ReadParagraph(t, level, shape.name or "", box, ph_type) for t, level in texts]
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
    )


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
