"""Account for every text of a fitted plan in the PowerPoint file that was written from it.

The renderer checks its own output: each paragraph, speaker note and picture the plan
puts on a slide must be on that slide of the written file, inside the slide. Why read
the bytes back instead of trusting the renderer: on a template nobody has seen, a role
can land on a placeholder the layout does not have, or a card can be placed at negative
x, and nothing else would notice before the lecture. The check does not know which shape
holds which role: it gathers every paragraph on the slide (placeholders, text boxes,
groups, tables) and matches texts, so it holds whichever way the renderer draws them.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from typing import Iterator, NamedTuple

from lxml import etree

from builder.diagnostics import Diagnostic, error
from builder.fit import quiet_title, slide_texts
from builder import i18n
from builder.i18n import _, ngettext
from builder.plan import DeckPlan, ImageContent, LinkContent, PlannedSlide

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
_LEAVES = (f"{_P}sp", f"{_P}pic", f"{_P}graphicFrame", f"{_P}cxnSp")
_GROUP = f"{_P}grpSp"
_FOOTER_TYPES = ("dt", "ftr", "sldNum")
_MASTER_TYPE = {"title": "title", "ctrTitle": "title", "dt": "dt", "ftr": "ftr", "sldNum": "sldNum"}
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
# python-pptx's own parser settings, so that the trees read here are the ones it would have read.
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
TOLERANCE_EMU = 12700  # 1 pt: templates saved by other tools round positions
EMU_PER_CM = 360000
SHOWN_CHARS = 60


class Box(NamedTuple):
    """A shape's rectangle in slide coordinates (EMU)."""

    x: float
    y: float
    cx: float
    cy: float


class _Transform(NamedTuple):
    """How a group maps its children's coordinates onto the slide: x' = x·sx + tx."""

    sx: float = 1.0
    sy: float = 1.0
    tx: float = 0.0
    ty: float = 0.0

    def apply(self, box: Box) -> Box:
        return Box(box.x * self.sx + self.tx, box.y * self.sy + self.ty, box.cx * self.sx, box.cy * self.sy)

    def inside(self, outer: _Transform) -> _Transform:
        """Return this group's transform followed by the enclosing group's."""
        return _Transform(self.sx * outer.sx, self.sy * outer.sy,
                          self.tx * outer.sx + outer.tx, self.ty * outer.sy + outer.ty)


@dataclass(frozen=True, eq=False)  # identity, not value: two equal shapes are still two shapes
class _Shape:
    """One shape of a written slide: where it is and what it holds."""

    box: Box | None
    footer: bool
    paragraphs: tuple[str, ...]
    picture: tuple[str, bool] | None  # (alt text, decorative) when the shape is a picture


@dataclass(frozen=True)
class _Layout:
    """The boxes a slide placeholder without a position of its own inherits, read once per layout."""

    name: str
    by_key: dict[tuple[str, str], Box | None]  # (type, idx) → box
    by_idx: dict[str, Box | None]

    def inherited(self, ph_type: str, idx: str) -> Box | None:
        """Return the box of the layout placeholder with this idx (of the same type first), or None.

        Type and idx together come first: layouts saved by LibreOffice give several
        placeholders the same idx. A placeholder the layout lacks gets no box: what
        PowerPoint and LibreOffice then do differs (LibreOffice put one partly above the
        slide), so its text has no place anyone can count on.
        """
        if (ph_type, idx) in self.by_key:
            return self.by_key[(ph_type, idx)]
        return self.by_idx.get(idx)


class _Package:
    """The parts of a written .pptx that the check reads, parsed from the zip as they are needed.

    Why not python-pptx: opening a package with it loads and parses every part (pictures,
    themes, every layout and master); the check needs the slides, their notes, and the
    layouts and masters they use. Part names are zip member names (no leading slash).
    """

    def __init__(self, blob: bytes) -> None:
        self._zip = zipfile.ZipFile(io.BytesIO(blob))
        self._parsed: dict[str, etree._Element] = {}
        self._rels: dict[str, list[tuple[str, str, str]]] = {}

    def xml(self, name: str):
        """Return the root element of the part `name`, parsed once."""
        if name not in self._parsed:
            self._parsed[name] = etree.fromstring(self._zip.read(name), _PARSER)
        return self._parsed[name]

    def rels(self, name: str) -> list[tuple[str, str, str]]:
        """Return (id, type, target part name) of each internal relationship of the part `name` ("" is the package)."""
        if name not in self._rels:
            folder, base = posixpath.split(name)
            rels_name = posixpath.join(folder, "_rels", base + ".rels")
            found = []
            if rels_name in self._zip.NameToInfo:
                for rel in self.xml(rels_name).iter(_RELS):
                    if rel.get("TargetMode") == "External":
                        continue
                    target = rel.get("Target", "")
                    path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
                    found.append((rel.get("Id"), rel.get("Type"), posixpath.normpath(path)))
            self._rels[name] = found
        return self._rels[name]

    def by_id(self, name: str, rel_id: str) -> str:
        """Return the part name the relationship `rel_id` of `name` points to."""
        for found, _type, target in self.rels(name):
            if found == rel_id:
                return target
        raise KeyError(f"{name} has no relationship {rel_id}")

    def related(self, name: str, kind: str) -> str | None:
        """Return the part name of the relationship of type `kind` («slideLayout», «notesSlide», …) of `name`."""
        return next((target for _id, type_, target in self.rels(name) if type_ == _REL_TYPE + kind), None)


def account(plan: DeckPlan, pptx: bytes) -> list[Diagnostic]:
    """Return an error for every text of `plan` that is missing from `pptx` or lies off its slide."""
    package = _Package(pptx)
    main = package.related("", "officeDocument") or "ppt/presentation.xml"
    presentation = package.xml(main)
    slides = [package.by_id(main, sld_id.get(f"{_R}id"))
              for sld_id in presentation.iterfind(f"{_P}sldIdLst/{_P}sldId")]
    if len(slides) != len(plan.slides):
        # Slides no longer pair up one to one; a list of every text would only bury this.
        return [error("slide-count",
                      ngettext("the PowerPoint file has {count} slide, but the plan has {planned}",
                               "the PowerPoint file has {count} slides, but the plan has {planned}",
                               len(slides)).format(count=len(slides), planned=len(plan.slides)), plan.origin,
                      _("this is a bug in the tool, not in your material; please report it"))]
    size_element = presentation.find(f"{_P}sldSz")
    size = (None, None) if size_element is None else (int(size_element.get("cx")), int(size_element.get("cy")))
    layouts: dict[str, _Layout] = {}
    problems: list[Diagnostic] = []
    for planned, slide in zip(plan.slides, slides):
        layout = _layout(package, package.related(slide, "slideLayout"), layouts)
        shapes = list(_shapes(_tree(package.xml(slide)), layout))
        problems.extend(_account_slide(planned, shapes, _notes_text(package, slide, planned), size, layout.name))
    return problems


def _account_slide(planned: PlannedSlide, shapes: list[_Shape], notes: str | None,
                   size: tuple[int, int], layout: str) -> list[Diagnostic]:
    """Match the plan's texts, notes and picture against one written slide."""
    problems: list[Diagnostic] = []
    holders: dict[str, list[_Shape]] = {}
    # Footers last: they repeat the deck's title and date, so a text also found there is
    # matched to, and checked on, the shape the renderer wrote it into.
    for shape in sorted(shapes, key=lambda s: s.footer):
        for text in shape.paragraphs:
            holders.setdefault(text, []).append(shape)
    placed: dict[_Shape, str | None] = {}  # what each shape holds, for a message: a text's when None
    # A quote's title that only repeats the attribution sits above the slide on purpose
    # (fit.quiet_title): it must be there, but not on the slide.
    hidden = _normal(planned.title) if quiet_title(planned) else None
    texts: dict[_Shape, str] = {}  # the first text placed in each shape: named in a message only when needed
    for text in _expected(planned):
        found = holders.get(text)
        if found and text == hidden:
            hidden = None
            found.pop(0)
        elif found:
            shape = found.pop(0)
            if shape not in placed:
                placed[shape] = None
                texts[shape] = text
        else:
            problems.append(_lost(planned, _("the text «{text}»").format(text=_shown(text)), lost_hint()))
    picture = _picture(planned, shapes)
    if picture is not None:
        what, found_picture = picture
        if found_picture is None:
            problems.append(_lost(planned, what, lost_hint()))
        else:
            placed.setdefault(found_picture, what)
    expected_notes = _normal(planned.notes or "")
    if expected_notes and f" {expected_notes} " not in f" {notes or ''} ":
        problems.append(_lost(planned, _("the notes «{text}»").format(text=_shown(expected_notes)),
                              _("the template's notes page probably lacks the placeholder for notes; "
                                "run `erfaring doctor` on the template")))
    for shape, what in placed.items():
        outside = _outside(shape.box, size)
        if outside is not None:
            message, values = outside
            if what is None:
                what = _("the text «{text}»").format(text=_shown(texts[shape]))
            problems.append(error("content-off-slide",
                                  message.format(slide=_slide_name(planned), what=what, **values), planned.origin,
                                  _("check where the layout «{layout}» puts it in the template (View → Slide "
                                    "Master in PowerPoint); run `erfaring doctor` on the template")
                                  .format(layout=layout)))
    return problems


def _expected(planned: PlannedSlide) -> list[str]:
    """Return the normalised paragraphs the plan puts on the slide, in order, without empty ones."""
    texts = (_normal(item.text) for items in slide_texts(planned).values() for item in items)
    return [text for text in texts if text]


def _picture(planned: PlannedSlide, shapes: list[_Shape]) -> tuple[str, _Shape | None] | None:
    """Return what picture the slide needs, and the shape that is it (None when missing)."""
    content = planned.content
    pictures = [s for s in shapes if s.picture is not None]
    if isinstance(content, ImageContent):
        if content.decorative:
            return (_("the decorative picture «{path}»").format(path=content.path),
                    next((s for s in pictures if s.picture[1]), None))
        alt = _normal(content.alt or "")
        match = next((s for s in pictures if s.picture[0] == alt), None)
        return _("the picture «{path}» with the alt text «{alt}»").format(path=content.path, alt=_shown(alt)), match
    if isinstance(content, LinkContent):
        return _("the QR code for «{url}»").format(url=_shown(content.url)), next(iter(pictures), None)
    return None


def _lost(planned: PlannedSlide, what: str, hint: str) -> Diagnostic:
    return error("content-lost",
                 _("{slide}: {what} did not make it into the PowerPoint file").format(slide=_slide_name(planned),
                                                                                       what=what),
                 planned.origin, hint)


def lost_hint() -> str:
    """Return the hint for content missing from the written file."""
    return _("the template probably lacks a placeholder for this; run `erfaring doctor` on the template")


def _slide_name(planned: PlannedSlide) -> str:
    return _("slide {number} «{title}»").format(number=planned.number, title=_shown(_normal(planned.title)))


def _outside(box: Box | None, size: tuple[int, int]) -> tuple[str, dict[str, str]] | None:
    """Say how a shape lies outside the slide (a message with {slide} and {what}, and its other values), or None."""
    if box is None:
        return _("{slide}: {what} has no safe place on the slide (the shape has no position of its own and "
                 "inherits none from the layout)"), {}
    width, height = size
    if box.x < -TOLERANCE_EMU:
        return _("{slide}: {what} ends up outside the slide (x = {x} cm)"), {"x": _cm(box.x)}
    if box.y < -TOLERANCE_EMU:
        return _("{slide}: {what} ends up outside the slide (y = {y} cm)"), {"y": _cm(box.y)}
    if box.x + box.cx > width + TOLERANCE_EMU:
        return (_("{slide}: {what} ends up outside the slide (right edge at {edge} cm, the slide is {width} cm "
                  "wide)"), {"edge": _cm(box.x + box.cx), "width": _cm(width)})
    if box.y + box.cy > height + TOLERANCE_EMU:
        return (_("{slide}: {what} ends up outside the slide (bottom edge at {edge} cm, the slide is {height} cm "
                  "high)"), {"edge": _cm(box.y + box.cy), "height": _cm(height)})
    return None


def _cm(emu: float) -> str:
    """Return centimetres with one decimal, with the decimal comma in Norwegian."""
    shown = f"{emu / EMU_PER_CM:.1f}"
    return shown.replace(".", ",") if i18n.language() == "nb" else shown


def _normal(text: str) -> str:
    """Collapse every run of white space (tabs and no-break spaces too) to one space; drop soft hyphens.

    Why drop them: a renderer may add soft hyphens where a long word may break; the
    words are still all there.
    """
    return " ".join(text.replace("\u00ad", "").split())


def _shown(text: str) -> str:
    """Return `text` short enough for a message, without the guillemets a quote already has."""
    if len(text) > 2 and text.startswith("«") and text.endswith("»"):
        text = text[1:-1]
    if len(text) <= SHOWN_CHARS:
        return text
    cut = text[:SHOWN_CHARS - 1]
    if " " in cut[SHOWN_CHARS // 2:]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:") + "…"


def _tree(element):
    return element.find(f"{_P}cSld/{_P}spTree")


def _notes_text(package: _Package, slide: str, planned: PlannedSlide) -> str | None:
    """Return the normalised text of the slide's notes page, when the plan has notes to look for."""
    notes = package.related(slide, "notesSlide") if planned.notes else None
    if notes is None:
        return None
    shapes = _shapes(_tree(package.xml(notes)), None)
    return _normal(" ".join(text for shape in shapes for text in shape.paragraphs))


def _shapes(tree, layout: _Layout | None, transform: _Transform = _Transform()) -> Iterator[_Shape]:
    """Yield every shape of a shape tree, groups opened, with its box on the slide."""
    for element in tree:
        if element.tag == _GROUP:
            yield from _shapes(element, layout, _group_transform(element).inside(transform))
        elif element.tag in _LEAVES:
            yield _shape(element, layout, transform)


def _shape(element, layout: _Layout | None, transform: _Transform) -> _Shape:
    ph = element.find(f"*/{_P}nvPr/{_P}ph")
    box = _own_box(element)
    if box is None and ph is not None and layout is not None:
        box = layout.inherited(ph.get("type", "obj"), ph.get("idx", "0"))
    picture = None
    if element.tag == f"{_P}pic":
        c_nv_pr = element.find(f"{_P}nvPicPr/{_P}cNvPr")
        decorative = any(node.get("val") in ("1", "true") for node in c_nv_pr.iter(_DECORATIVE))
        picture = (_normal(c_nv_pr.get("descr", "")), decorative)
    return _Shape(
        box=transform.apply(box) if box is not None else None,
        footer=ph is not None and ph.get("type") in _FOOTER_TYPES,
        paragraphs=tuple(text for text in map(_paragraph_text, element.iter(f"{_A}p")) if text),
        picture=picture,
    )


def _paragraph_text(paragraph) -> str:
    """Return a paragraph's normalised text: its runs and fields, a line break read as a space."""
    pieces = []
    for child in paragraph:
        if child.tag in (f"{_A}r", f"{_A}fld"):
            pieces.append(child.findtext(f"{_A}t") or "")
        elif child.tag == f"{_A}br":
            pieces.append(" ")
    return _normal("".join(pieces))


def _own_box(element) -> Box | None:
    xfrm = element.find(f"{_P}spPr/{_A}xfrm")
    if xfrm is None:
        xfrm = element.find(f"{_P}xfrm")  # a graphic frame (table, chart) keeps it here
    return _xfrm_box(xfrm)


def _xfrm_box(xfrm, off: str = "off", ext: str = "ext") -> Box | None:
    if xfrm is None:
        return None
    at, extent = xfrm.find(f"{_A}{off}"), xfrm.find(f"{_A}{ext}")
    if at is None or extent is None:
        return None
    return Box(int(at.get("x", 0)), int(at.get("y", 0)), int(extent.get("cx", 0)), int(extent.get("cy", 0)))


def _group_transform(group) -> _Transform:
    xfrm = group.find(f"{_P}grpSpPr/{_A}xfrm")
    outer, inner = _xfrm_box(xfrm), _xfrm_box(xfrm, "chOff", "chExt")
    if outer is None or inner is None:
        return _Transform()
    sx = outer.cx / inner.cx if inner.cx else 1.0
    sy = outer.cy / inner.cy if inner.cy else 1.0
    return _Transform(sx, sy, outer.x - inner.x * sx, outer.y - inner.y * sy)


def _layout(package: _Package, key: str, cache: dict[str, _Layout]) -> _Layout:
    """Return the placeholder boxes of the layout part `key`, each completed from its master, reading each once."""
    if key not in cache:
        layout = package.xml(key)
        master: dict[str, Box] = {}
        for ph_type, _idx, box in _placeholders(_tree(package.xml(package.related(key, "slideMaster")))):
            if box is not None:
                master.setdefault(_master_type(ph_type), box)
        by_key: dict[tuple[str, str], Box | None] = {}
        by_idx: dict[str, Box | None] = {}
        for ph_type, idx, box in _placeholders(_tree(layout)):
            box = box or master.get(_master_type(ph_type))
            by_key.setdefault((ph_type, idx), box)
            by_idx.setdefault(idx, box)
        cache[key] = _Layout(layout.find(f"{_P}cSld").get("name", ""), by_key, by_idx)
    return cache[key]


def _placeholders(tree) -> Iterator[tuple[str, str, Box | None]]:
    """Yield type, idx and own box of each placeholder at the top of a layout or master."""
    for element in tree:
        ph = element.find(f"*/{_P}nvPr/{_P}ph")
        if ph is not None:
            yield ph.get("type", "obj"), ph.get("idx", "0"), _own_box(element)


def _master_type(ph_type: str) -> str:
    return _MASTER_TYPE.get(ph_type, "body")
