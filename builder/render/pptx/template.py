"""Templates: where each slide kind goes on a real template, inferred or from a written layout map.

A template is a .pptx or .potx (in assets/templates/ or given by path). Its placement
of every slide kind is inferred from its layouts (`infer.py`); a `<stem>.layouts.yaml`
beside it overrides the kinds it names. A written map that would lose content (text on
a footer, two parts in one placeholder, a picture in a text placeholder, a layout or
idx that does not exist, a measuring font that is not shipped, a wrong slide size) is
refused with the map's file and line.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from builder.diagnostics import Diagnostic, Location, closest, error
from builder.fit import Geometry
from builder.load import load_file
from builder.model import Fonts, KindMap, LayoutMapFile
from builder.render.pptx.infer import NoTitleLayout, infer
from builder.render.pptx.layouts import LayoutInfo, TemplateInfo, read_template
from builder.render.pptx.placement import JOINABLE, ROLES, Placement, boxes, forced_colour
from builder.validate import validate

DEFAULT_TEMPLATE = "erfaring-standard.pptx"
SCHEMA_URL = "../../docs/schema/layouts.schema.json"
_MAIN_TEMPLATE = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_MAIN_PRESENTATION = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
# Theme fonts and the shipped font with the same widths, used to measure text.
METRIC_TWINS = {"calibri": "Carlito", "calibri light": "Carlito", "carlito": "Carlito",
                "arial": "Liberation Sans", "helvetica": "Liberation Sans", "liberation sans": "Liberation Sans",
                "arimo": "Liberation Sans"}
FALLBACK_MEASURE = "Liberation Sans"
COLOUR_NAMES = {"FFFFFF": "hvitt", "000000": "svart"}
TYPE_NAMES = {"title": "tittel", "ctrTitle": "tittel", "subTitle": "undertittel", "body": "tekst", "obj": "innholds",
              "pic": "bilde", "dt": "dato", "ftr": "bunntekst", "sldNum": "lysbildenummer", "hdr": "topptekst",
              "tbl": "tabell", "chart": "diagram", "media": "medie", "clipArt": "utklipps", "dgm": "SmartArt-"}
TOOL_ASSETS = Path(__file__).resolve().parents[3] / "assets"


@dataclass(frozen=True)
class Template:
    """A checked template: where it is, where every slide kind goes, and the geometry to fit text."""

    path: Path
    map_path: Path
    info: TemplateInfo
    placements: Mapping[str, Placement]
    fonts: Fonts
    geometry: Geometry
    written: frozenset[str] = frozenset()  # kinds the layout map names; the others are inferred
    notes: tuple[str, ...] = field(default=())  # what doctor should say besides the placements

    def blob(self) -> bytes:
        """Return the template as .pptx bytes (a .potx gets the presentation content type)."""
        return pptx_bytes(self.path)


def pptx_bytes(path: Path) -> bytes:
    """Read a .pptx/.potx; for .potx, rewrite the main content type so python-pptx opens it."""
    data = path.read_bytes()
    if _MAIN_TEMPLATE.encode() not in _content_types(data):
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


def _content_types(data: bytes) -> bytes:
    try:
        return zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError):
        return b""


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
    if own.is_dir() and _has_font(own, family):
        return own
    return TOOL_ASSETS / "fonts"


def _has_font(folder: Path, family: str) -> bool:
    squashed = family.replace(" ", "").lower()
    return folder.is_dir() and any(p.name.lower().replace(" ", "").startswith(squashed + "-regular")
                                   for p in folder.iterdir())


def rel(root: Path, path: Path) -> str:
    """Return `path` relative to `root` when inside it, for diagnostics."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def load_template(root: Path, name: str | None) -> tuple[Template | None, list[Diagnostic]]:
    """Read a template, infer every slide kind's placement, and apply and check its layout map."""
    path, map_path = template_paths(root, name)
    shown = rel(root, path)
    if not path.is_file():
        return None, [error("template-missing", f"malen '{shown}' finnes ikke", Location(shown))]
    try:
        info = read_template(pptx_bytes(path))
    except Exception:  # python-pptx and zipfile raise many kinds on a broken file, worded for programmers
        return None, [error("template-unreadable", f"malen '{shown}' er ikke en PowerPoint-fil som kan åpnes",
                            Location(shown), "lagre den fra PowerPoint som .pptx eller .potx og prøv igjen")]
    try:
        placements = infer(info)
    except NoTitleLayout:
        return None, [error("template-no-title", f"malen '{shown}' har ikke noe oppsett med en tittelplassholder",
                            Location(shown), "legg til et oppsett «Tittel og innhold» i lysbildemalen i PowerPoint")]
    notes: list[str] = []
    fonts = _theme_fonts(info, notes)
    written: frozenset[str] = frozenset()
    if map_path.is_file():
        mapping, problems, doc = _read_map(root, map_path)
        if mapping is None:
            return None, problems
        problems += _check_map(root, mapping, doc, info, shown)
        if problems:
            return None, problems
        for kind, entry in mapping.kinds.entries().items():
            placements[kind] = _from_map(kind, entry)
        written = frozenset(mapping.kinds.entries())
        if mapping.fonts is not None:
            fonts = mapping.fonts
    notes += _contrast_notes(info, placements)
    geometry = _geometry(info, placements, fonts.measure)
    return Template(path, map_path, info, placements, fonts, geometry, written, tuple(notes)), []


def _theme_fonts(info: TemplateInfo, notes: list[str]) -> Fonts:
    font = info.theme.minor_font.strip("'\" ")
    twin = METRIC_TWINS.get(font.casefold())
    if twin is None:
        notes.append(f"malens skrift «{font}» følger ikke med verktøyet; teksten måles med {FALLBACK_MEASURE}, "
                     "så sjekk lysbildene med mye tekst i PowerPoint")
        twin = FALLBACK_MEASURE
    return Fonts(latin=font, measure=twin)


def _contrast_notes(info: TemplateInfo, placements: Mapping[str, Placement]) -> list[str]:
    out = []
    for name in dict.fromkeys(p.layout for p in placements.values()):
        layout = info.layout(name)
        fixed = {forced_colour(info, layout, ph) for ph in layout.placeholders if ph.holds_text} - {None}
        if fixed:
            shown = ", ".join(COLOUR_NAMES.get(c, f"#{c}") for c in sorted(fixed))
            out.append(f"teksten i oppsettet «{' '.join(name.split())}» ville blitt vanskelig å lese mot bakgrunnen; "
                       f"verktøyet skriver den i {shown}")
    return out


def _read_map(root: Path, map_path: Path):
    doc, problems = load_file(map_path, rel(root, map_path))
    if doc is None or problems:
        return None, problems, doc
    mapping, problems = validate(doc, LayoutMapFile)
    return mapping, problems, doc


def _from_map(kind: str, entry: KindMap) -> Placement:
    joined = {role: host for (k, role), host in JOINABLE.items() if k == kind and role not in entry.placeholders}
    return Placement(entry.layout, dict(entry.placeholders), joined=joined)


def _geometry(info: TemplateInfo, placements: Mapping[str, Placement], measure: str) -> Geometry:
    all_boxes = {}
    joins = {}
    for kind, placement in placements.items():
        layout = info.layout(placement.layout)
        for role, box in boxes(kind, placement, layout).items():
            all_boxes[(kind, role)] = box
        for role, host in placement.joined.items():
            joins[(kind, role)] = host
    return Geometry(all_boxes, measure, joins)


def _check_map(root: Path, mapping: LayoutMapFile, doc, info: TemplateInfo, shown: str) -> list[Diagnostic]:
    """Refuse every map entry that would lose content, each at its line in the map."""
    problems: list[Diagnostic] = []
    size = [info.slide_width, info.slide_height]
    if mapping.slide_size is not None and list(mapping.slide_size) != size:
        problems.append(error(
            "layout-map-slide-size",
            f"kartet sier lysbildestørrelse {mapping.slide_size[0]} × {mapping.slide_size[-1]}, men malen '{shown}' "
            f"har {size[0]} × {size[1]}",
            doc.where(("slide_size",)), f"skriv slide_size: [{size[0]}, {size[1]}], eller fjern linjen"))
    if mapping.fonts is not None and not _has_font(font_dir(root, mapping.fonts.measure), mapping.fonts.measure):
        problems.append(error(
            "layout-map-font",
            f"skriften '{mapping.fonts.measure}' som teksten skal måles med, finnes ikke i assets/fonts",
            doc.where(("fonts", "measure")),
            "bruk Carlito (for Calibri) eller Liberation Sans (for Arial), eller legg skriftfilene i assets/fonts"))
    for kind, entry in mapping.kinds.entries().items():
        problems += _check_kind(kind, entry, doc, info, shown)
    return problems


def _check_kind(kind: str, entry: KindMap, doc, info: TemplateInfo, shown: str) -> list[Diagnostic]:
    layout = info.layout(entry.layout)
    if layout is None:
        names = [lay.name for lay in info.layouts]
        return [error("layout-missing", f"malen '{shown}' har ikke noe oppsett som heter '{entry.layout}'",
                      doc.where(("kinds", kind, "layout")),
                      _maybe(entry.layout, names) or "oppsettene er: " + ", ".join(names))]
    problems = []
    roles = ROLES[kind]
    for role in roles:
        if role not in entry.placeholders and (kind, role) not in JOINABLE:
            problems.append(error("layout-map-role", f"lysbildetypen '{kind}' trenger en plassholder for '{role}'",
                                  doc.where(("kinds", kind, "placeholders")),
                                  f"legg til '{role}: <idx>', eller fjern '{kind}' fra kartet så velger verktøyet selv"))
    seen: dict[int, str] = {}
    for role, idx in entry.placeholders.items():
        where = doc.where(("kinds", kind, "placeholders", role))
        if role not in roles:
            problems.append(error("layout-map-role", f"lysbildetypen '{kind}' har ingen del som heter '{role}'",
                                  doc.where(("kinds", kind, "placeholders", role), of_key=True),
                                  _maybe(role, roles) or "delene er: " + ", ".join(roles)))
            continue
        problem = _check_placeholder(kind, role, idx, entry.layout, layout, seen, where)
        if problem is not None:
            problems.append(problem)
        seen.setdefault(idx, role)
    return problems


def _check_placeholder(kind: str, role: str, idx: int, name: str, layout: LayoutInfo, seen: dict[int, str],
                       where: Location) -> Diagnostic | None:
    ph = layout.by_idx(idx)
    listing = ", ".join(f"{p.idx} ({p.name})" for p in layout.placeholders if not p.is_footer)
    texts = ", ".join(f"{p.idx} ({p.name})" for p in layout.placeholders if p.holds_text)
    content = ", ".join(f"{p.idx} ({p.name})" for p in layout.placeholders
                        if not p.is_footer and not p.is_title) or "oppsettet har ingen"
    what = "bildet" if role == "picture" else f"teksten for '{role}'"
    sharers = [p for p in layout.placeholders if p.original_idx == idx]
    if len(sharers) > 1 and not (ph is not None and ph.is_title and role == "title"):
        return error("layout-map-shared-idx",
                     f"i oppsettet '{name}' har {len(sharers)} plassholdere med idx {idx}, så '{role}' kan havne i feil "
                     "plassholder", where,
                     "verktøyet nummererer dem på nytt; bruk numrene `erfaring doctor` viser: " + listing)
    if ph is None:
        return error("placeholder-missing", f"oppsettet '{name}' har ingen plassholder med idx {idx} (for '{role}')",
                     where, "plassholderne der: " + (listing or "ingen"))
    if ph.is_footer:
        return error("layout-map-footer",
                     f"idx {idx} i oppsettet '{name}' er en bunntekst-plassholder (dato, bunntekst eller "
                     f"lysbildenummer); {what} ville forsvinne der", where,
                     "velg en innholdsplassholder: " + content)
    if idx in seen:
        return error("layout-map-shared-placeholder",
                     f"'{seen[idx]}' og '{role}' i lysbildetypen '{kind}' bruker samme plassholder (idx {idx}); bare én av dem "
                     "ville vises", where, "gi hver del sin egen plassholder, eller fjern '{kind}' fra kartet "
                     "så velger verktøyet selv".replace("{kind}", kind))
    if role == "picture" and ph.type not in ("pic", "obj"):
        return error("layout-map-picture",
                     f"idx {idx} i oppsettet '{name}' er en tekstplassholder og kan ikke holde et bilde", where,
                     f"velg en bildeplassholder, eller fjern '{kind}' fra kartet så tegner verktøyet bildet selv")
    if role != "picture" and not ph.holds_text:
        return error("layout-map-text",
                     f"idx {idx} i oppsettet '{name}' er en {TYPE_NAMES.get(ph.type, ph.type)}plassholder og kan ikke "
                     f"holde teksten for '{role}'", where, "velg en tekstplassholder: " + (texts or "oppsettet har ingen"))
    return None


def _maybe(word: str, candidates) -> str | None:
    match = closest(word, list(candidates))
    return f"mente du '{match}'?" if match else None
