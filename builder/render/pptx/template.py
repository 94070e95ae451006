"""Templates and their layout maps: which layout and placeholders each slide kind uses.

A template is a .pptx or .potx in assets/templates/ with a `<stem>.layouts.yaml` beside
it. `inspect_template` checks the map against the template's real layouts and returns
the placeholder geometry the text-fit stage needs; a missing layout or placeholder is an
error with the map's file and line, never a silent fallback.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Mapping

from pydantic import Field

from builder.diagnostics import Diagnostic, Location, did_you_mean, error
from builder.fit import Geometry, LevelStyle, RoleBox
from builder.load import load_file
from builder.model import Strict
from builder.validate import validate

DEFAULT_TEMPLATE = "erfaring-standard.pptx"
EMU_PER_PT = 12700

REQUIRED_ROLES: dict[str, tuple[str, ...]] = {
    "title": ("title", "subtitle"),
    "section": ("title",),
    "bullets": ("title", "body"),
    "agenda": ("title", "body"),
    "quote": ("title", "quote", "attribution"),
    "words": ("title", "body"),
    "facts": ("title", "value1", "caption1", "value2", "caption2", "value3", "caption3"),
    "image": ("title", "picture"),
    "two-column": ("title", "left", "right"),
    "link": ("title", "body", "picture"),
    "discussion": ("title", "body"),
    "sources": ("title", "body"),
    "closing": ("title", "body"),
}
OPTIONAL_ROLES: dict[str, tuple[str, ...]] = {
    "title": ("byline",),
    "section": ("body",),
    "image": ("caption",),
    "two-column": ("left_heading", "right_heading"),
}
_MAIN_TEMPLATE = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_MAIN_PRESENTATION = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


class KindMap(Strict):
    """The layout of one slide kind and the placeholder idx of each role."""

    layout: Annotated[str, Field(min_length=1)]
    placeholders: dict[str, int]


class Fonts(Strict):
    """The font the deck names, and the shipped metric-compatible font used to measure it."""

    latin: str = "Calibri"
    measure: str = "Carlito"


class LayoutMapFile(Strict):
    """`<template>.layouts.yaml`."""

    template: str
    slide_size: list[int] | None = None
    fonts: Fonts = Fonts()
    kinds: dict[str, KindMap]


@dataclass(frozen=True)
class Template:
    """A checked template: where it is, its map, and its placeholder geometry."""

    path: Path
    map_path: Path
    kinds: Mapping[str, KindMap]
    fonts: Fonts
    geometry: Geometry

    def blob(self) -> bytes:
        """Return the template as .pptx bytes (a .potx gets the presentation content type)."""
        return pptx_bytes(self.path)


def pptx_bytes(path: Path) -> bytes:
    """Read a .pptx/.potx; for .potx, rewrite the main content type so python-pptx opens it."""
    data = path.read_bytes()
    if path.suffix.lower() != ".potx":
        return data
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(_MAIN_TEMPLATE.encode(), _MAIN_PRESENTATION.encode())
            target.writestr(info, blob)
    return out.getvalue()


TOOL_ASSETS = Path(__file__).resolve().parents[3] / "assets"


def template_paths(root: Path, name: str | None) -> tuple[Path, Path]:
    """Return the template file and its layout map for a deck's `template:` value.

    The library's own assets/templates/ comes first; the templates that ship with the
    tool are the fallback, so a new library builds before it has templates of its own.
    """
    name = name or DEFAULT_TEMPLATE
    if Path(name).is_absolute():
        path = Path(name)
    else:
        path = root / "assets" / "templates" / name
        if not path.is_file() and (TOOL_ASSETS / "templates" / name).is_file():
            path = TOOL_ASSETS / "templates" / name
    return path, path.with_name(path.stem + ".layouts.yaml")


def font_dir(root: Path, family: str) -> Path:
    """Return the folder with the measuring font: the library's assets/fonts, else the tool's."""
    own = root / "assets" / "fonts"
    squashed = family.replace(" ", "").lower()
    if own.is_dir() and any(p.name.lower().startswith(squashed) for p in own.iterdir()):
        return own
    return TOOL_ASSETS / "fonts"


def rel(root: Path, path: Path) -> str:
    """Return `path` relative to `root` when inside it, for diagnostics."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class PlaceholderInfo:
    """One placeholder of a layout: idx, type, name, geometry and text styles."""

    idx: int
    type: str
    name: str
    left: int
    top: int
    box: RoleBox


@dataclass(frozen=True)
class LayoutInfo:
    """One layout of a template, for `erfaring doctor` and the text-fit stage."""

    name: str
    placeholders: tuple[PlaceholderInfo, ...]


_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_MASTER_TYPE = {"ctrTitle": "title", "title": "title", "subTitle": "body", "obj": "body", "body": "body",
                "pic": "body", "tbl": "body", "chart": "body", "media": "body", None: "body"}


def _ph_type(sp) -> str | None:
    ph = sp.find(f"{_P}nvSpPr/{_P}nvPr/{_P}ph")
    return ph.get("type") if ph is not None else None


def _master_sp(master, ph_type: str | None):
    wanted = _MASTER_TYPE.get(ph_type, ph_type)
    for sp in master.iter(f"{_P}sp"):
        if (_ph_type(sp) or "body") == wanted or (wanted == "title" and _ph_type(sp) == "ctrTitle"):
            return sp
    return None


def _txstyle(master, ph_type: str | None):
    styles = master.find(f"{_P}txStyles")
    if styles is None:
        return None
    name = "titleStyle" if ph_type in ("title", "ctrTitle") else (
        "bodyStyle" if _MASTER_TYPE.get(ph_type) == "body" and ph_type not in ("dt", "ftr", "sldNum") else "otherStyle")
    return styles.find(f"{_P}{name}")


def _chain(sp, master_sp, txstyle, level: int) -> list:
    tag = f"{_A}lvl{level + 1}pPr"
    found = []
    for holder in (sp, master_sp):
        if holder is None:
            continue
        lst = holder.find(f"{_P}txBody/{_A}lstStyle")
        if lst is not None and lst.find(tag) is not None:
            found.append(lst.find(tag))
    if txstyle is not None and txstyle.find(tag) is not None:
        found.append(txstyle.find(tag))
    return found


def _first(chain: list, path: str, attr: str) -> str | None:
    for ppr in chain:
        node = ppr if not path else ppr.find(path)
        if node is not None and node.get(attr) is not None:
            return node.get(attr)
    return None


def _level_style(chain: list) -> LevelStyle:
    size = _first(chain, f"{_A}defRPr", "sz")
    bold = _first(chain, f"{_A}defRPr", "b")
    italic = _first(chain, f"{_A}defRPr", "i")
    indent = _first(chain, "", "marL")
    before = _first(chain, f"{_A}spcBef/{_A}spcPts", "val")
    spacing = _first(chain, f"{_A}lnSpc/{_A}spcPct", "val")
    return LevelStyle(
        size_pt=int(size) / 100 if size else 18.0,
        indent_emu=int(indent) if indent else 0,
        space_before_pt=int(before) / 100 if before else 0.0,
        line_spacing=int(spacing) / 100000 if spacing else 1.0,
        bold=bold in ("1", "true"),
        italic=italic in ("1", "true"),
    )


def _insets(sp, master_sp) -> tuple[int, int, int, int]:
    defaults = {"lIns": 91440, "tIns": 45720, "rIns": 91440, "bIns": 45720}
    out = []
    for attr in ("lIns", "tIns", "rIns", "bIns"):
        value = None
        for holder in (sp, master_sp):
            body = holder.find(f"{_P}txBody/{_A}bodyPr") if holder is not None else None
            if body is not None and body.get(attr) is not None:
                value = int(body.get(attr))
                break
        out.append(defaults[attr] if value is None else value)
    return out[0], out[1], out[2], out[3]


def _geometry(sp, master_sp) -> tuple[int, int, int, int]:
    for holder in (sp, master_sp):
        if holder is None:
            continue
        off = holder.find(f"{_P}spPr/{_A}xfrm/{_A}off")
        ext = holder.find(f"{_P}spPr/{_A}xfrm/{_A}ext")
        if off is not None and ext is not None:
            return int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy"))
    return 0, 0, 0, 0


def read_layouts(blob: bytes) -> list[LayoutInfo]:
    """List the layouts of a template with their placeholders, geometry and inherited text styles."""
    from pptx import Presentation

    prs = Presentation(io.BytesIO(blob))
    out = []
    for layout in prs.slide_layouts:
        master = layout.slide_master._element
        rows = []
        for ph in layout.placeholders:
            sp = ph._element
            fmt = ph.placeholder_format
            kind = _ph_type(sp)
            master_sp = _master_sp(master, kind)
            txstyle = _txstyle(master, kind)
            left, top, width, height = _geometry(sp, master_sp)
            levels = tuple(_level_style(_chain(sp, master_sp, txstyle, n)) for n in range(3))
            box = RoleBox(width, height, _insets(sp, master_sp), levels)
            rows.append(PlaceholderInfo(fmt.idx, kind or "body", ph.name, left, top, box))
        out.append(LayoutInfo(layout.name, tuple(rows)))
    return out


def load_template(root: Path, name: str | None) -> tuple[Template | None, list[Diagnostic]]:
    """Load a template and its layout map and check them against each other."""
    path, map_path = template_paths(root, name)
    shown = rel(root, path)
    if not path.is_file():
        return None, [error("template-missing", f"template '{shown}' does not exist", Location(shown))]
    if not map_path.is_file():
        return None, [error("layout-map-missing", f"template '{shown}' has no layout map '{map_path.name}' beside it",
                            Location(shown), "run `erfaring doctor` on the template and write the map it asks for")]
    doc, problems = load_file(map_path, rel(root, map_path))
    if doc is None or problems:
        return None, problems
    mapping, problems = validate(doc, LayoutMapFile)
    if mapping is None:
        return None, problems
    try:
        blob = pptx_bytes(path)
        layouts = {info.name: info for info in read_layouts(blob)}
    except Exception:  # python-pptx raises many kinds on a broken file, worded for programmers
        return None, [error("template-unreadable", f"template '{shown}' is not a PowerPoint file that can be opened",
                            Location(shown), "save it from PowerPoint as .pptx or .potx and try again")]
    problems = []
    boxes: dict[tuple[str, str], RoleBox] = {}
    for kind, required in REQUIRED_ROLES.items():
        entry = mapping.kinds.get(kind)
        if entry is None:
            problems.append(error("layout-map-kind", f"the layout map says nothing about slide kind '{kind}'",
                                  doc.where(("kinds",)), f"add '{kind}: {{layout: …, placeholders: {{…}}}}'"))
            continue
        layout = layouts.get(entry.layout)
        if layout is None:
            problems.append(error("layout-missing", f"template '{shown}' has no layout named '{entry.layout}'",
                                  doc.where(("kinds", kind, "layout")),
                                  did_you_mean(entry.layout, layouts) or f"layouts: {', '.join(layouts)}"))
            continue
        by_idx = {row.idx: row for row in layout.placeholders}
        for role in required:
            if role not in entry.placeholders:
                problems.append(error("layout-map-role", f"kind '{kind}' needs a placeholder for '{role}'",
                                      doc.where(("kinds", kind, "placeholders")),
                                      f"add '{role}: <idx>'; `erfaring doctor` lists the idx values"))
        for role, idx in entry.placeholders.items():
            if role not in required and role not in OPTIONAL_ROLES.get(kind, ()):
                problems.append(error("layout-map-role", f"kind '{kind}' has no role '{role}'",
                                      doc.where(("kinds", kind, "placeholders", role), of_key=True),
                                      did_you_mean(role, required + OPTIONAL_ROLES.get(kind, ()))))
                continue
            row = by_idx.get(idx)
            if row is None:
                problems.append(error("placeholder-missing",
                                      f"layout '{entry.layout}' has no placeholder with idx {idx} (for '{role}')",
                                      doc.where(("kinds", kind, "placeholders", role)),
                                      "placeholders there: " + ", ".join(f"{r.idx} ({r.name})" for r in layout.placeholders)))
                continue
            boxes[(kind, role)] = row.box
    if problems:
        return None, problems
    template = Template(path, map_path, mapping.kinds, mapping.fonts, Geometry(boxes, mapping.fonts.measure))
    return template, []
