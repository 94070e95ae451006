"""Dump a .pptx as normalised text: the golden-file view of a deck.

Titles, texts, notes, alt text, layout names and animation targets, one block per
slide, and the design decisions a text carries («set: 2 columns, 24 pt, above the
slide»), so a change to a deck shows up as a readable diff.
"""

from __future__ import annotations

import io

from pptx import Presentation

from builder.render.pptx.timing import reveal_targets

_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def dump(blob: bytes) -> str:
    """Return the normalised text of a deck."""
    prs = Presentation(io.BytesIO(blob))
    props = prs.core_properties
    lines = [f"title: {props.title}", f"author: {props.author}", f"subject: {props.subject}",
             f"size: {prs.slide_width}x{prs.slide_height}", ""]
    for number, slide in enumerate(prs.slides, start=1):
        lines.append(f"--- slide {number} [{slide.slide_layout.name}]")
        footer: list[str] = []
        for shape in slide.shapes:
            name = f"{shape.shape_id}"
            ph = shape._element.find(f"{_P}nvSpPr/{_P}nvPr/{_P}ph")
            if ph is not None and ph.get("type") in ("dt", "ftr", "sldNum"):
                footer.append(shape.text_frame.text)
                continue
            if shape.is_placeholder:
                name += f" ph{shape.placeholder_format.idx}"
            if shape.shape_type is not None and shape._element.tag == f"{_P}pic":
                c_nv_pr = shape._element.find(f"{_P}nvPicPr/{_P}cNvPr")
                decorative = "decorative" in "".join(c_nv_pr.itertext()) or c_nv_pr.find(".//*") is not None
                lines.append(f"  {name} picture alt={c_nv_pr.get('descr')!r}{' decorative' if decorative else ''}")
                continue
            if not shape.has_text_frame:
                continue
            for para in shape.text_frame.paragraphs:
                text = para.text
                if text.strip():
                    lines.append(f"  {name} L{para.level}: {text}")
            marks = _set_by_renderer(shape)
            if marks:
                lines.append(f"  {name} set: {', '.join(marks)}")
        if footer:
            lines.append("  footer: " + " | ".join(footer))
        targets = reveal_targets(slide._element)
        if targets:
            lines.append("  reveal: " + ", ".join(f"{spid}" + (f"/{p}" if p is not None else "") for spid, p in targets))
        if slide.has_notes_slide:
            notes = slide.notes_slide.notes_text_frame.text.strip()
            if notes:
                lines.append("  notes: " + " ⏎ ".join(notes.splitlines()))
    return "\n".join(lines) + "\n"


def _set_by_renderer(shape) -> list[str]:
    """Return the design decisions a text shape carries: columns, one font size for all its text, off the slide."""
    marks = []
    body_pr = shape._element.find(f"{_P}txBody/{_A}bodyPr")
    if body_pr is not None and body_pr.get("numCol", "1") != "1":
        marks.append(f"{body_pr.get('numCol')} columns")
    sizes = {r.get("sz") for r in shape._element.iter(f"{_A}rPr")}
    if len(sizes) == 1 and None not in sizes:
        marks.append(f"{int(sizes.pop()) / 100:g} pt")
    xfrm = shape._element.find(f"{_P}spPr/{_A}xfrm/{_A}off")
    if xfrm is not None and int(xfrm.get("y", "0")) < 0:
        marks.append("above the slide")
    return marks
