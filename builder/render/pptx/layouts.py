"""Read a template package: slide size, theme colours and fonts, and every layout's placeholders.

The one reader of template packages (`read_template`), and the one repair we make to
them (`renumber_shared_idx`), used by the reader and the renderer alike so that both
see the same placeholder numbers.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from typing import Mapping

from builder.fit import LevelStyle, RoleBox

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
FOOTER_TYPES = ("dt", "ftr", "sldNum", "hdr")
TITLE_TYPES = ("title", "ctrTitle")
TEXT_TYPES = ("body", "obj", "subTitle")
_MASTER_TYPE = {"ctrTitle": "title", "title": "title", "subTitle": "body", "obj": "body", "body": "body",
                "pic": "body", "tbl": "body", "chart": "body", "media": "body", "clipArt": "body", "dgm": "body"}
_CLR_MAP_DEFAULT = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}

# Bounds on a template package, checked from the zip's directory before anything is
# inflated: python-pptx reads every part of a package into memory, so a small file whose
# parts inflate to gigabytes (a zip bomb) would otherwise cost that much in `check`.
MAX_TEMPLATE_BYTES = 100 * 1024 * 1024  # the file itself
MAX_PARTS = 5_000  # parts in the package
MAX_PART_BYTES = 100 * 1024 * 1024  # one part, unpacked
MAX_UNPACKED_BYTES = 250 * 1024 * 1024  # every part together, unpacked
MAX_RATIO = 200  # how many times larger than stored a part above RATIO_FLOOR may unpack
RATIO_FLOOR = 1024 * 1024


def package_problem(data: bytes) -> tuple | None:
    """Return why a template package is too large to open, as (reason, details…), or None.

    Only the zip's directory is read: the declared sizes bound what zipfile will inflate
    (it stops at the declared size and checks the CRC), so they can be trusted. A file
    that is not a zip at all is left for the reader to refuse as unreadable.
    """
    import zipfile

    if len(data) > MAX_TEMPLATE_BYTES:
        return ("file", len(data))
    handle = io.BytesIO(data)
    try:
        end = zipfile._EndRecData(handle)  # the end record: how many entries, how large a directory
    except (OSError, zipfile.BadZipFile, struct.error):
        return None
    if end is None:
        return None
    if end[zipfile._ECD_ENTRIES_TOTAL] > MAX_PARTS:
        return ("parts", end[zipfile._ECD_ENTRIES_TOTAL])
    try:
        infos = zipfile.ZipFile(handle).infolist()
    except (OSError, zipfile.BadZipFile, ValueError, struct.error):
        return None
    if len(infos) > MAX_PARTS:
        return ("parts", len(infos))
    total = 0
    for info in infos:
        if info.file_size > MAX_PART_BYTES:
            return ("part", info.filename, info.file_size)
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            return ("ratio", info.filename, info.file_size // max(info.compress_size, 1))
        total += info.file_size
        if total > MAX_UNPACKED_BYTES:
            return ("unpacked", total)
    return None


@dataclass(frozen=True)
class Rect:
    """A rectangle on the slide, in EMU."""

    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


@dataclass(frozen=True)
class PlaceholderInfo:
    """One placeholder of a layout: idx (unique after repair), type, name, position and text styles."""

    idx: int
    type: str
    name: str
    rect: Rect
    box: RoleBox
    shared: bool = False  # the template gave this placeholder's idx to others of the layout too
    original_idx: int | None = None  # the idx the template wrote, when the repair changed it
    vertical: bool = False  # text runs top to bottom (East Asian or rotated layouts)
    colour: str | None = None  # RRGGBB the text inherits, when the template sets one
    prompt_colour: str | None = None  # RRGGBB of the template's sample text («Click to edit …»)
    unsized: bool = False  # no text size is inherited; the sizes come from the sample text and are written out

    @property
    def left(self) -> int:
        return self.rect.left

    @property
    def top(self) -> int:
        return self.rect.top

    @property
    def is_footer(self) -> bool:
        return self.type in FOOTER_TYPES

    @property
    def is_title(self) -> bool:
        return self.type in TITLE_TYPES

    @property
    def holds_text(self) -> bool:
        return self.type in TITLE_TYPES + TEXT_TYPES

    @property
    def holds_picture(self) -> bool:
        return self.type == "pic"


@dataclass(frozen=True)
class LayoutInfo:
    """One layout of a template, with its placeholders in document order."""

    name: str
    placeholders: tuple[PlaceholderInfo, ...]
    backgrounds: tuple[str, ...]  # RRGGBB of what the slide shows behind text (every stop of a gradient)

    @property
    def vertical(self) -> bool:
        """True when any placeholder sets its text vertically: no slide kind of ours reads well there."""
        return any(p.vertical for p in self.placeholders)

    @property
    def title(self) -> PlaceholderInfo | None:
        return next((p for p in self.placeholders if p.is_title), None)

    @property
    def texts(self) -> tuple[PlaceholderInfo, ...]:
        """The non-title text placeholders, top to bottom, left to right."""
        return tuple(sorted((p for p in self.placeholders if p.type in TEXT_TYPES),
                            key=lambda p: (p.rect.top, p.rect.left)))

    @property
    def pictures(self) -> tuple[PlaceholderInfo, ...]:
        return tuple(p for p in self.placeholders if p.holds_picture)

    def by_idx(self, idx: int) -> PlaceholderInfo | None:
        """Return the placeholder with `idx`, if any."""
        return next((p for p in self.placeholders if p.idx == idx), None)


@dataclass(frozen=True)
class Theme:
    """The template's theme fonts and colours (RRGGBB), with the master's colour map applied."""

    major_font: str
    minor_font: str
    colours: Mapping[str, str]  # dk1, lt1, dk2, lt2, accent1..6, plus tx1, bg1, tx2, bg2 mapped


@dataclass(frozen=True)
class TemplateInfo:
    """Everything the tool reads from a template package."""

    slide_width: int
    slide_height: int
    theme: Theme
    layouts: tuple[LayoutInfo, ...]
    footer_top: int  # where the master's footer placeholders begin (content stays above)
    external_links: int = 0  # links to files or web pages outside the package; never followed nor copied

    def layout(self, name: str) -> LayoutInfo | None:
        """Return the layout called `name`, if any."""
        return next((layout for layout in self.layouts if layout.name == name), None)


def renumber_shared_idx(layout_element) -> dict[int, int]:
    """Give every placeholder of a layout its own idx; return new idx → the shared idx it had.

    Why: LibreOffice writes `idx="0"` (or none, which means 0) on the title, the
    subtitle and every content placeholder of a layout. A slide placeholder finds its
    layout placeholder by idx, so such slides lose their titles or their text. Of the
    placeholders sharing one idx, a title (else the first) keeps it; the others get free
    numbers in document order, the same on every run.
    """
    phs = list(layout_element.iter(f"{_P}ph"))
    counts: dict[int, int] = {}
    for ph in phs:
        idx = int(ph.get("idx", "0"))
        counts[idx] = counts.get(idx, 0) + 1
    shared = {idx for idx, count in counts.items() if count > 1}
    if not shared:
        return {}
    keeper = {}
    for idx in shared:
        group = [ph for ph in phs if int(ph.get("idx", "0")) == idx]
        keeper[idx] = next((ph for ph in group if ph.get("type") in TITLE_TYPES), group[0])
    used = set(counts)
    touched = {idx: idx for idx in shared}
    free = max(used) + 1
    for ph in phs:
        idx = int(ph.get("idx", "0"))
        if idx in shared and ph is not keeper[idx]:
            while free in used:
                free += 1
            ph.set("idx", str(free))
            used.add(free)
            touched[free] = idx
    return touched


def all_layouts(prs) -> list:
    """Return the layouts of every slide master, the first of each name only.

    Why: `prs.slide_layouts` holds only the first master's layouts; templates made in
    LibreOffice often have one master per layout.
    """
    seen: dict[str, object] = {}
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            seen.setdefault(layout.name, layout)
    return list(seen.values())


def _repair_bullet_sizes(element) -> None:
    """Replace bullet sizes the schema refuses (LibreOffice writes `buSzPct val="45000"`) by text-sized bullets.

    Why: ECMA-376 wants a percentage such as "45%" there; a strict reader rejects the
    whole slide master over it, and bullets the size of the text are always valid.
    """
    from lxml import etree

    for node in list(element.iter(f"{_A}buSzPct")):
        if not node.get("val", "").endswith("%"):
            node.addprevious(etree.Element(f"{_A}buSzTx"))
            node.getparent().remove(node)


def open_template(blob: bytes):
    """Open template bytes with python-pptx and repair shared placeholder numbers.

    Returns the Presentation and, per layout part name, the idx values that were shared.
    """
    from pptx import Presentation

    prs = Presentation(io.BytesIO(blob))
    for master in prs.slide_masters:
        for element in (master._element, *(layout._element for layout in master.slide_layouts)):
            _repair_bullet_sizes(element)
    shared = {str(layout.part.partname): renumber_shared_idx(layout._element)
              for master in prs.slide_masters for layout in master.slide_layouts}
    return prs, shared


def read_template(blob: bytes) -> TemplateInfo:
    """Read slide size, theme and every layout's placeholders (with inherited geometry and styles)."""
    prs, shared = open_template(blob)
    master = prs.slide_masters[0]._element
    colours = _colours(prs.slide_masters[0])
    major, minor = _theme_fonts(prs.slide_masters[0])
    layouts = []
    for layout in all_layouts(prs):
        shared_here = shared[str(layout.part.partname)]
        lmaster = layout.slide_master._element
        own = _colours(layout.slide_master)
        rows = []
        for sp in layout.shapes._spTree.iter(f"{_P}sp", f"{_P}pic", f"{_P}graphicFrame"):
            ph = sp.find(f".//{_P}nvPr/{_P}ph")
            if ph is None:
                continue
            kind = ph.get("type") or "obj"
            master_sp = _master_sp(lmaster, kind)
            txstyle = _txstyle(lmaster, kind)
            rect = _geometry(sp, master_sp)
            chains = [_chain(sp, master_sp, txstyle, n) for n in range(3)]
            sample = _prompt_size((sp, master_sp))
            levels = tuple(_level_style(chain, sample) for chain in chains)
            unsized = _first(chains[0], f"{_A}defRPr", "sz") is None and sample is not None
            box = RoleBox(rect.width, rect.height, _insets(sp, master_sp), levels)
            name = sp.find(f".//{_P}cNvPr").get("name", "")
            rows.append(PlaceholderInfo(int(ph.get("idx", "0")), kind, name, rect, box,
                                        shared=int(ph.get("idx", "0")) in shared_here,
                                        original_idx=shared_here.get(int(ph.get("idx", "0"))),
                                        vertical=_vertical(sp, master_sp),
                                        colour=_inherited_colour(_chain(sp, master_sp, txstyle, 0), own),
                                        prompt_colour=_prompt_colour((sp, master_sp), own),
                                        unsized=unsized))
        size = info_size(prs)
        backgrounds = (_background(layout._element, own) or _backdrop(layout._element, size, own)
                       or _background(lmaster, own) or _backdrop(lmaster, size, own) or (own["bg1"],))
        layouts.append(LayoutInfo(layout.name, tuple(rows), backgrounds))
    return TemplateInfo(prs.slide_width or 9144000, prs.slide_height or 6858000, Theme(major, minor, colours),
                        tuple(layouts), _footer_top(master, prs.slide_height or 6858000), external_links(prs))


# Template geometry, cached by the template's hash -------------------------------------------
# Reading a template means importing python-pptx and lxml and walking every layout (about
# 65 ms of CPU for the tool's template, on every `check` and `build`; a cached entry takes
# 3 ms, and `check` then never imports python-pptx); the result depends only on the
# template's bytes and this code. So it is kept in memory (a long-lived `watch` reads each
# template once) and in the user's cache folder (`builder.usercache`), as JSON whose
# dataclasses are rebuilt from a fixed list. The key hashes the template's bytes, this file,
# fit.py (RoleBox, LevelStyle), python-pptx's version and the tool's version, so an entry
# is never stale; one that cannot be read or rebuilt is ignored and the template is read.

CACHE_KIND = "template-geometry"
_MEMO: dict[str, TemplateInfo] = {}
_MEMO_SIZE = 16  # templates kept in memory; a long-lived process sees few
_CODE_KEY: list[str] = []


def template_info(blob: bytes) -> TemplateInfo:
    """Return `read_template(blob)`, from memory or the user's cache when this template was read before."""
    import hashlib

    key = hashlib.sha256(blob).hexdigest()[:40] + "-" + _code_key()
    found = _MEMO.get(key)
    if found is not None:
        return found
    found = _from_cache(key)
    if found is None:
        found = read_template(blob)
        from builder.usercache import write_json

        write_json(CACHE_KIND, key, _encode(found))
        _drop_older(key)
    if len(_MEMO) >= _MEMO_SIZE:
        _MEMO.pop(next(iter(_MEMO)))
    _MEMO[key] = found
    return found


def _drop_older(key: str) -> None:
    """Remove this template's entries made by other versions of the code: one entry per template."""
    from builder.usercache import cache_dir

    template = key.split("-", 1)[0]
    try:
        for old in (cache_dir() / CACHE_KIND).glob(f"{template}-*.json"):
            if old.name != f"{key}.json":
                old.unlink(missing_ok=True)
    except OSError:
        return


def _code_key() -> str:
    """Hash this file, fit.py and python-pptx's version file (found without importing python-pptx)."""
    if not _CODE_KEY:
        import importlib.util
        from pathlib import Path

        from builder import fit
        from builder.usercache import code_key

        sources = [Path(__file__), Path(fit.__file__)]
        spec = importlib.util.find_spec("pptx")
        if spec is not None and spec.origin:
            sources.append(Path(spec.origin))  # holds __version__
        _CODE_KEY.append(code_key(*sources))
    return _CODE_KEY[0]


def _from_cache(key: str) -> TemplateInfo | None:
    from builder.usercache import read_json

    data = read_json(CACHE_KIND, key)
    if data is None:
        return None
    try:
        info = _decode(data)
    except (TypeError, ValueError, KeyError, AttributeError, RecursionError):
        return None
    return info if isinstance(info, TemplateInfo) else None


def _cached_classes() -> dict[str, type]:
    return {cls.__name__: cls for cls in (TemplateInfo, Theme, LayoutInfo, PlaceholderInfo, Rect, RoleBox,
                                          LevelStyle)}


def _encode(value):
    """Return `value` (the dataclasses above, tuples, dicts of text, plain values) as JSON data."""
    from dataclasses import fields, is_dataclass

    if is_dataclass(value):
        return {"@": type(value).__name__, **{f.name: _encode(getattr(value, f.name)) for f in fields(value)}}
    if isinstance(value, (tuple, list)):
        return [_encode(item) for item in value]
    if isinstance(value, Mapping):
        return {str(k): _encode(v) for k, v in value.items()}
    return value


def _decode(data, classes: dict[str, type] | None = None):
    """Rebuild what `_encode` wrote: lists become tuples, {"@": name} one of the cached classes only."""
    classes = classes or _cached_classes()
    if isinstance(data, list):
        return tuple(_decode(item, classes) for item in data)
    if isinstance(data, dict):
        if "@" in data:
            fields = {k: _decode(v, classes) for k, v in data.items() if k != "@"}
            return classes[data["@"]](**fields)
        return {k: _decode(v, classes) for k, v in data.items()}
    return data


def external_links(prs) -> int:
    """Count the template's relationships that point outside the package (pictures, media, links).

    python-pptx never follows them; the renderer drops them (`package.py`), and doctor says so.
    """
    package = prs.part.package
    count = sum(1 for rel in package._rels.values() if rel.is_external)
    for part in package.iter_parts():
        count += sum(1 for rel in part.rels.values() if rel.is_external)
    return count


def _footer_top(master, height: int) -> int:
    tops = []
    for sp in master.iter(f"{_P}sp"):
        ph = sp.find(f".//{_P}nvPr/{_P}ph")
        if ph is not None and ph.get("type") in FOOTER_TYPES:
            rect = _geometry(sp, None)
            if rect.top > height // 2:
                tops.append(rect.top)
    return min(tops) if tops else int(height * 0.92)


def _theme_part(master):
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        return master.part.part_related_by(RT.THEME)
    except KeyError:
        return None


def _theme_xml(master):
    from lxml import etree

    part = _theme_part(master)
    if part is None:
        return None
    # No entities, no DTD, no network: a theme is data from the template, never a way to read other files.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(part.blob, parser)


def _theme_fonts(master) -> tuple[str, str]:
    theme = _theme_xml(master)
    if theme is None:
        return "Calibri", "Calibri"
    major = theme.find(f".//{_A}majorFont/{_A}latin")
    minor = theme.find(f".//{_A}minorFont/{_A}latin")
    return (major.get("typeface") if major is not None else "Calibri") or "Calibri", (
        minor.get("typeface") if minor is not None else "Calibri") or "Calibri"


def _colours(master) -> dict[str, str]:
    colours = {"dk1": "000000", "lt1": "FFFFFF", "dk2": "44546A", "lt2": "E7E6E6", "accent1": "4472C4",
               "accent2": "ED7D31", "accent3": "A5A5A5", "accent4": "FFC000", "accent5": "5B9BD5",
               "accent6": "70AD47"}
    theme = _theme_xml(master)
    scheme = theme.find(f".//{_A}clrScheme") if theme is not None else None
    if scheme is not None:
        for child in scheme:
            name = child.tag.split("}")[1]
            value = _colour_value(child)
            if value:
                colours[name] = value
    clr_map = master._element.find(f"{_P}clrMap")
    for alias, default in _CLR_MAP_DEFAULT.items():
        target = clr_map.get(alias, default) if clr_map is not None else default
        colours[alias] = colours.get(target, colours[default])
    return colours


def _colour_value(holder) -> str | None:
    srgb = holder.find(f"{_A}srgbClr")
    if srgb is not None:
        return srgb.get("val", "").upper() or None
    sys_clr = holder.find(f"{_A}sysClr")
    if sys_clr is not None:
        return (sys_clr.get("lastClr") or ("FFFFFF" if sys_clr.get("val") == "window" else "000000")).upper()
    return None


def _background(element, colours: Mapping[str, str]) -> tuple[str, ...]:
    """Return the colours of a master's or layout's own background (every stop of a gradient), if set."""
    bg = element.find(f"{_P}cSld/{_P}bg")
    return _fill_colours(bg, colours) if bg is not None else ()


def _master_sp(master, ph_type: str):
    wanted = _MASTER_TYPE.get(ph_type, ph_type)
    for sp in master.iter(f"{_P}sp"):
        ph = sp.find(f"{_P}nvSpPr/{_P}nvPr/{_P}ph")
        if ph is None:
            continue
        kind = ph.get("type") or "body"
        if _MASTER_TYPE.get(kind, kind) == wanted:
            return sp
    return None


def _txstyle(master, ph_type: str):
    styles = master.find(f"{_P}txStyles")
    if styles is None:
        return None
    if ph_type in TITLE_TYPES:
        name = "titleStyle"
    elif ph_type in FOOTER_TYPES:
        name = "otherStyle"
    else:
        name = "bodyStyle"
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


def _level_style(chain: list, sample_pt: float | None = None) -> LevelStyle:
    """Return one level's style; with no size in the chain, the sample text's size (else 18 pt)."""
    size = _first(chain, f"{_A}defRPr", "sz")
    bold = _first(chain, f"{_A}defRPr", "b")
    italic = _first(chain, f"{_A}defRPr", "i")
    indent = _first(chain, "", "marL")
    before = _first(chain, f"{_A}spcBef/{_A}spcPts", "val")
    spacing = _first(chain, f"{_A}lnSpc/{_A}spcPct", "val")
    return LevelStyle(
        size_pt=int(size) / 100 if size else (sample_pt or 18.0),
        indent_emu=int(indent) if indent else 0,
        space_before_pt=int(before) / 100 if before else 0.0,
        line_spacing=int(spacing) / 100000 if spacing else 1.0,
        bold=bold in ("1", "true"),
        italic=italic in ("1", "true"),
    )


def info_size(prs) -> tuple[int, int]:
    """Return the slide size of `prs` in EMU (4:3 when the package does not say)."""
    return prs.slide_width or 9144000, prs.slide_height or 6858000


def _fill_colour(holder, colours: Mapping[str, str]) -> str | None:
    """Return the first solid colour (or first gradient stop) in `holder`."""
    found = _fill_colours(holder, colours, first=True)
    return found[0] if found else None


def _fill_colours(holder, colours: Mapping[str, str], first: bool = False) -> tuple[str, ...]:
    """Return the colours of the solid fills, gradient stops and background references in `holder`."""
    out = []
    for fill in holder.iter(f"{_A}solidFill", f"{_A}gs", f"{_P}bgRef"):
        srgb = fill.find(f"{_A}srgbClr")
        scheme = fill.find(f"{_A}schemeClr")
        value = (srgb.get("val", "").upper() or None) if srgb is not None else (
            colours.get(scheme.get("val", "")) if scheme is not None else None)
        if value:
            out.append(value)
            if first:
                break
    return tuple(out)


def _backdrop(element, size: tuple[int, int], colours: Mapping[str, str]) -> tuple[str, ...]:
    """Return the fill colours of a shape that covers the whole slide (how LibreOffice draws backgrounds)."""
    for sp in element.iter(f"{_P}sp"):
        if sp.find(f".//{_P}nvPr/{_P}ph") is not None:
            continue
        rect = _geometry(sp, None)
        sp_pr = sp.find(f"{_P}spPr")
        if sp_pr is None or rect.width < size[0] * 0.9 or rect.height < size[1] * 0.9:
            continue
        for tag in ("solidFill", "gradFill"):
            fill = sp_pr.find(f"{_A}{tag}")
            if fill is not None:
                return _fill_colours(fill, colours)
    return ()


def _inherited_colour(chain: list, colours: Mapping[str, str]) -> str | None:
    for ppr in chain:
        rpr = ppr.find(f"{_A}defRPr")
        if rpr is not None and rpr.find(f"{_A}solidFill") is not None:
            return _fill_colour(rpr, colours)
    return None


def _prompt_colour(holders, colours: Mapping[str, str]) -> str | None:
    for holder in holders:
        if holder is None:
            continue
        rpr = holder.find(f"{_P}txBody/{_A}p/{_A}r/{_A}rPr")
        if rpr is not None and rpr.find(f"{_A}solidFill") is not None:
            return _fill_colour(rpr, colours)
    return None


def _prompt_size(holders) -> float | None:
    """Return the size of a placeholder's sample text, where LibreOffice keeps a layout's text size."""
    for holder in holders:
        if holder is None:
            continue
        rpr = holder.find(f"{_P}txBody/{_A}p/{_A}r/{_A}rPr")
        if rpr is not None and rpr.get("sz"):
            return int(rpr.get("sz")) / 100
    return None


def _vertical(sp, master_sp) -> bool:
    for holder in (sp, master_sp):
        body = holder.find(f"{_P}txBody/{_A}bodyPr") if holder is not None else None
        if body is not None and body.get("vert") is not None:
            return body.get("vert") not in ("horz",)
    return False


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


def _geometry(sp, master_sp) -> Rect:
    for holder in (sp, master_sp):
        if holder is None:
            continue
        xfrm = holder.find(f"{_P}spPr/{_A}xfrm")
        if xfrm is None:
            xfrm = holder.find(f"{_P}xfrm")
        off = xfrm.find(f"{_A}off") if xfrm is not None else None
        ext = xfrm.find(f"{_A}ext") if xfrm is not None else None
        if off is not None and ext is not None:
            return Rect(int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy")))
    return Rect(0, 0, 0, 0)
