"""Click-by-click reveals as native PowerPoint "Appear" entrance animations.

A slide's animations live in its `p:timing` element. This module writes the tree
PowerPoint itself saves for Animations > Appear with Effect Options > By paragraph:

    p:timing
      p:tnLst/p:par/p:cTn[tmRoot]/p:childTnLst
        p:seq[concurrent=1 nextAc=seek]
          p:cTn[mainSeq]/p:childTnLst
            p:par  (one per click: cTn fill=hold, start delay=indefinite)
              p:par  (cTn fill=hold, start delay=0)
                p:par  (cTn presetID=1 presetClass=entr nodeType=clickEffect)
                  p:set  style.visibility -> visible on p:spTgt [p:txEl/p:pRg]
          p:prevCondLst / p:nextCondLst  (onPrev / onNext on the slide)
      p:bldLst/p:bldP  (one per text shape: build="p", or animBg="1" for a whole shape)

Only lxml is used: the caller hands in the `p:sld` element (python-pptx's
`slide._element`), so this module never sees a python-pptx object.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import count

from lxml import etree

P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_NS = {"p": P_NS, "a": A_NS}
_SHAPE_TAGS = {f"{{{P_NS}}}{tag}" for tag in ("sp", "pic", "graphicFrame", "grpSp", "cxnSp")}
_APPEAR = "1"  # PowerPoint's preset id for the "Appear" entrance effect
# A compiled XPath, because python-pptx's elements override .xpath() without namespaces=.
_ENTRANCE_EFFECTS = etree.XPath(
    "./p:timing/p:tnLst/p:par/p:cTn/p:childTnLst/p:seq/p:cTn[@nodeType='mainSeq']"
    "//p:cTn[@presetClass='entr']",
    namespaces=_NS,
)


@dataclass(frozen=True)
class RevealStep:
    """One click: a paragraph of a shape appears, or the whole shape does."""

    shape_id: int
    """The `p:cNvPr/@id` of the shape on the slide."""
    paragraph: int | None
    """Index of the `a:p` inside the shape's `p:txBody`, or None for the whole shape."""

    def __post_init__(self) -> None:
        if not _is_int(self.shape_id) or self.shape_id < 1:
            raise ValueError(f"shape_id must be a positive int, got {self.shape_id!r}")
        if self.paragraph is not None and (not _is_int(self.paragraph) or self.paragraph < 0):
            raise ValueError(f"paragraph must be None or an int >= 0, got {self.paragraph!r}")


def add_click_reveal(slide_element: etree._Element, steps: Sequence[RevealStep]) -> None:
    """Give a slide one click per step, each making its paragraph or shape appear.

    Any `p:timing` already on the slide is replaced, so calling this twice keeps only
    the second reveal; with no steps the slide is left without animations. All steps
    are checked before the slide is touched; a step that names a missing shape or
    paragraph, an empty paragraph, a repeated target, or a shape revealed both whole
    and by paragraph raises ValueError that lists every problem.
    """
    if slide_element.tag != f"{{{P_NS}}}sld":
        raise ValueError(f"expected a p:sld element, got {slide_element.tag}")
    shapes = _shapes_by_id(slide_element)
    problems = _problems(steps, shapes)
    if problems:
        raise ValueError("cannot add click reveal: " + "; ".join(problems))
    old = slide_element.find("p:timing", _NS)
    if old is not None:
        slide_element.remove(old)
    if not steps:
        return
    timing = _timing(steps, shapes)
    # CT_Slide is cSld, clrMapOvr, transition, timing, extLst: only extLst may follow.
    ext_lst = slide_element.find("p:extLst", _NS)
    if ext_lst is not None:
        ext_lst.addprevious(timing)
    else:
        slide_element.append(timing)


def reveal_targets(slide_element: etree._Element) -> list[tuple[int, int | None]]:
    """List what the slide's clicks reveal, in order, as (shape id, paragraph or None)."""
    targets: list[tuple[int, int | None]] = []
    for effect in _ENTRANCE_EFFECTS(slide_element):
        sp_tgt = effect.find(".//p:spTgt", _NS)
        if sp_tgt is None:
            continue
        p_rg = sp_tgt.find("p:txEl/p:pRg", _NS)
        targets.append((int(sp_tgt.get("spid")), None if p_rg is None else int(p_rg.get("st"))))
    return targets


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _p(tag: str) -> str:
    return f"{{{P_NS}}}{tag}"


def _shapes_by_id(slide: etree._Element) -> dict[int, etree._Element]:
    shapes: dict[int, etree._Element] = {}
    for c_nv_pr in slide.iterfind("p:cSld/p:spTree//p:cNvPr", _NS):
        shape = c_nv_pr.getparent().getparent()
        if shape.tag in _SHAPE_TAGS and (c_nv_pr.get("id") or "").isdigit():
            shapes[int(c_nv_pr.get("id"))] = shape
    return shapes


def _paragraphs(shape: etree._Element) -> list[etree._Element]:
    return shape.findall("p:txBody/a:p", _NS)


def _has_text(element: etree._Element) -> bool:
    return any((t.text or "").strip() for t in element.iter(f"{{{A_NS}}}t"))


def _problems(steps: Sequence[RevealStep], shapes: dict[int, etree._Element]) -> list[str]:
    problems: list[str] = []
    seen: set[tuple[int, int | None]] = set()
    whole: set[int] = set()
    by_paragraph: set[int] = set()
    for number, step in enumerate(steps, 1):
        where = f"step {number}"
        shape = shapes.get(step.shape_id)
        if shape is None:
            problems.append(f"{where}: no shape with id {step.shape_id} on the slide")
            continue
        if (step.shape_id, step.paragraph) in seen:
            problems.append(f"{where}: {_describe(step)} is already revealed by an earlier step")
        seen.add((step.shape_id, step.paragraph))
        if step.paragraph is None:
            whole.add(step.shape_id)
            continue
        by_paragraph.add(step.shape_id)
        paragraphs = _paragraphs(shape) if shape.tag == _p("sp") else []
        if not paragraphs:
            problems.append(f"{where}: shape {step.shape_id} has no text to reveal by paragraph")
        elif step.paragraph >= len(paragraphs):
            problems.append(
                f"{where}: shape {step.shape_id} has {len(paragraphs)} paragraphs, "
                f"so there is no paragraph {step.paragraph}"
            )
        elif not _has_text(paragraphs[step.paragraph]):
            # An empty paragraph would make a click that shows nothing.
            problems.append(f"{where}: {_describe(step)} has no text")
    for shape_id in sorted(whole & by_paragraph):
        problems.append(f"shape {shape_id} is revealed both as a whole and by paragraph")
    return problems


def _describe(step: RevealStep) -> str:
    if step.paragraph is None:
        return f"shape {step.shape_id}"
    return f"paragraph {step.paragraph} of shape {step.shape_id}"


# The p:timing tree is written as one string and parsed once: building it an element at a time
# (about 30 per click) was most of what a reveal cost. Every value in it is a number or one of
# the fixed words below, so nothing needs escaping.
_COND = '<p:stCondLst><p:cond delay="{delay}"/></p:stCondLst>'
_SLIDE_CONDITION = '<p:{tag}><p:cond evt="{event}" delay="0"><p:tgtEl><p:sldTgt/></p:tgtEl></p:cond></p:{tag}>'


def _timing(steps: Sequence[RevealStep], shapes: dict[int, etree._Element]) -> etree._Element:
    ids: Iterator[int] = count(1)  # PowerPoint numbers cTn ids in document order
    builds = _builds(steps, shapes)
    root_id, main_id = next(ids), next(ids)
    clicks = "".join(_click(step, ids, grouped=step.shape_id in builds) for step in steps)
    build_list = ""
    if builds:
        build_list = "<p:bldLst>" + "".join(
            f'<p:bldP spid="{shape_id}" grpId="0"' + "".join(f' {name}="{value}"' for name, value in attrs.items())
            + "/>" for shape_id, attrs in builds.items()) + "</p:bldLst>"
    xml = (
        f'<p:timing xmlns:p="{P_NS}"><p:tnLst><p:par>'
        f'<p:cTn id="{root_id}" dur="indefinite" restart="never" nodeType="tmRoot"><p:childTnLst>'
        f'<p:seq concurrent="1" nextAc="seek">'
        f'<p:cTn id="{main_id}" dur="indefinite" nodeType="mainSeq"><p:childTnLst>{clicks}</p:childTnLst></p:cTn>'
        + _SLIDE_CONDITION.format(tag="prevCondLst", event="onPrev")
        + _SLIDE_CONDITION.format(tag="nextCondLst", event="onNext")
        + f"</p:seq></p:childTnLst></p:cTn></p:par></p:tnLst>{build_list}</p:timing>"
    )
    return etree.fromstring(xml)


def _click(step: RevealStep, ids: Iterator[int], grouped: bool) -> str:
    """One click of the main sequence: it waits for the click, then makes its target visible."""
    outer, inner, effect, behaviour = next(ids), next(ids), next(ids), next(ids)
    # grpId ties the effect to its p:bldP entry; shapes without text have none.
    group = ' grpId="0"' if grouped else ""
    paragraph = ""
    if step.paragraph is not None:
        paragraph = f'<p:txEl><p:pRg st="{step.paragraph}" end="{step.paragraph}"/></p:txEl>'
    return (
        # the outer node waits for the next click in the main sequence
        f'<p:par><p:cTn id="{outer}" fill="hold">{_COND.format(delay="indefinite")}<p:childTnLst>'
        f'<p:par><p:cTn id="{inner}" fill="hold">{_COND.format(delay="0")}<p:childTnLst>'
        f'<p:par><p:cTn id="{effect}" presetID="{_APPEAR}" presetClass="entr" presetSubtype="0" fill="hold"'
        f'{group} nodeType="clickEffect">{_COND.format(delay="0")}<p:childTnLst>'
        f'<p:set><p:cBhvr><p:cTn id="{behaviour}" dur="1" fill="hold">{_COND.format(delay="0")}</p:cTn>'
        f'<p:tgtEl><p:spTgt spid="{step.shape_id}">{paragraph}</p:spTgt></p:tgtEl>'
        f"<p:attrNameLst><p:attrName>style.visibility</p:attrName></p:attrNameLst></p:cBhvr>"
        f'<p:to><p:strVal val="visible"/></p:to></p:set>'
        f"</p:childTnLst></p:cTn></p:par></p:childTnLst></p:cTn></p:par></p:childTnLst></p:cTn></p:par>"
    )


def _builds(steps: Sequence[RevealStep], shapes: dict[int, etree._Element]) -> dict[int, dict[str, str]]:
    """Map each revealed text shape, in first-click order, to its p:bldP attributes."""
    builds: dict[int, dict[str, str]] = {}
    for step in steps:
        shape = shapes[step.shape_id]
        # PowerPoint requires a bldP's shape to be a p:sp with text (MS-OI29500, bldP).
        if step.shape_id in builds or shape.tag != _p("sp") or not _has_text(shape):
            continue
        if step.paragraph is None:
            # animBg lets the shape's fill and line appear together with its text; PowerPoint
            # writes it for shapes that have one, and it changes nothing on those that don't.
            builds[step.shape_id] = {"animBg": "1"}
            continue
        paragraphs = _paragraphs(shape)
        revealed = [
            paragraphs[s.paragraph] for s in steps if s.shape_id == step.shape_id and s.paragraph is not None
        ]
        level = max(_level(paragraph) for paragraph in revealed) + 1
        builds[step.shape_id] = {"build": "p", **({"bldLvl": str(level)} if level > 1 else {})}
    return builds


def _level(paragraph: etree._Element) -> int:
    p_pr = paragraph.find("a:pPr", _NS)
    return 0 if p_pr is None else int(p_pr.get("lvl", "0"))
