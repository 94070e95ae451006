"""Templates: where each slide kind goes on a real template, inferred or from a written layout map.

A template is a .pptx or .potx (in assets/templates/ or given by path). Its placement
of every slide kind is inferred from its layouts (`infer.py`); a `<stem>.layouts.yaml`
beside it overrides the kinds it names. A written map that would lose content (text on
a footer, two parts in one placeholder, a picture in a text placeholder, a layout or
idx that does not exist, a measuring font that is not shipped, a wrong slide size) is
refused with the map's file and line.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from builder.diagnostics import Diagnostic, Location, did_you_mean, error
from builder.fit import Geometry
from builder.i18n import _, language, ngettext
from builder.library import small_file_bytes, validated_code_key
from builder.load import load_bytes, load_file
from builder.model import Fonts, KindMap, LayoutMapFile
from builder.render.pptx.infer import NoTitleLayout, infer
from builder.render.pptx.layouts import (MAX_PART_BYTES, MAX_PARTS, MAX_TEMPLATE_BYTES, MAX_UNPACKED_BYTES,
                                         LayoutInfo, TemplateInfo, package_problem, template_info)
from builder.render.pptx.placement import JOINABLE, ROLES, Placement, boxes, forced_colour
from builder.render.textfit import font_problem, has_regular
from builder.resolve import DEFAULT_TEMPLATE, map_source, template_source
from builder.validate import validate

SCHEMA_URL = "../../docs/schema/layouts.schema.json"
_MAIN_TEMPLATE = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_MAIN_PRESENTATION = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
# Theme fonts and the shipped font with the same widths, used to measure text.
METRIC_TWINS = {"calibri": "Carlito", "calibri light": "Carlito", "carlito": "Carlito",
                "arial": "Liberation Sans", "helvetica": "Liberation Sans", "liberation sans": "Liberation Sans",
                "arimo": "Liberation Sans"}
FALLBACK_MEASURE = "Liberation Sans"
TOOL_ASSETS = Path(__file__).resolve().parents[3] / "assets"


def word(translated: str) -> str:
    """Return a short word translated as 'context|word' (GLib's Q_ convention), without its context.

    Why: gettext keeps one translation per message, and every catalog is searched, so a bare
    'title' here would take the translation another layer chose for its own 'title'.
    """
    return translated.rsplit("|", 1)[-1]


def colour_name(colour: str) -> str:
    """Return how a message names a text colour the tool forces: white, black, else its hex code."""
    names = {"FFFFFF": word(_("text colour|white")), "000000": word(_("text colour|black"))}
    return names.get(colour, f"#{colour}")


def type_label(ph_type: str) -> str:
    """Return a placeholder type (`pic`, `dt` …) as a word the user knows, for `erfaring doctor`."""
    labels = {"title": _("placeholder type|title"), "ctrTitle": _("placeholder type|title"),
              "subTitle": _("placeholder type|subtitle"), "body": _("placeholder type|text"),
              "obj": _("placeholder type|content"), "pic": _("placeholder type|picture"),
              "dt": _("placeholder type|date"), "ftr": _("placeholder type|footer"),
              "sldNum": _("placeholder type|slide number"), "hdr": _("placeholder type|header"),
              "tbl": _("placeholder type|table"), "chart": _("placeholder type|chart"),
              "media": _("placeholder type|media"), "clipArt": _("placeholder type|clip art"),
              "dgm": _("placeholder type|SmartArt")}
    return word(labels[ph_type]) if ph_type in labels else ph_type


def placeholder_noun(ph_type: str) -> str:
    """Return «a picture placeholder» and the like, for messages about a placeholder of this type."""
    nouns = {"title": _("title placeholder"), "ctrTitle": _("title placeholder"),
             "subTitle": _("subtitle placeholder"), "body": _("text placeholder"), "obj": _("content placeholder"),
             "pic": _("picture placeholder"), "dt": _("date placeholder"), "ftr": _("footer placeholder"),
             "sldNum": _("slide number placeholder"), "hdr": _("header placeholder"),
             "tbl": _("table placeholder"), "chart": _("chart placeholder"), "media": _("media placeholder"),
             "clipArt": _("clip art placeholder"), "dgm": _("SmartArt placeholder")}
    return nouns.get(ph_type) or _("placeholder of type '{type}'").format(type=ph_type)


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


class TemplateTooLarge(Exception):
    """The template file, or what it unpacks to, is beyond the bounds in `layouts.py`."""

    def __init__(self, why: tuple) -> None:
        super().__init__(why)
        self.why = why


def pptx_bytes(path: Path) -> bytes:
    """Read a .pptx/.potx; for .potx, rewrite the main content type so python-pptx opens it.

    Raises TemplateTooLarge before reading a file over the size limit, and before inflating
    a package whose parts would unpack beyond the limits.
    """
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_TEMPLATE_BYTES:
            raise TemplateTooLarge(("file", size))
        data = handle.read(size + 1)  # not the limit: read(n) sets aside n bytes before it reads
    why = package_problem(data)
    if why is not None:
        raise TemplateTooLarge(why)
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
    """Return the template file and its layout map for a deck's `template:` value (or a path given to doctor).

    The library's own assets/templates/ comes first; the templates that ship with the
    tool are the fallback, so a new library builds before it has templates of its own.
    Only a name; nothing is opened. For a name a deck may not use (see
    `resolve.template_source`) the place it would have had is returned.
    """
    name = name or DEFAULT_TEMPLATE
    if Path(name).is_absolute():
        path = Path(name)
    else:
        found, _refused = template_source(root, name)
        path = found or root / "assets" / "templates" / name
    try:
        return path, path.with_name(path.stem + ".layouts.yaml")
    except ValueError:  # a path with no file name, such as '/'
        return path, path / ".layouts.yaml"


def font_dir(root: Path, family: str) -> Path:
    """Return the folder with the measuring font: the library's assets/fonts, else the tool's."""
    own = root / "assets" / "fonts"
    if has_regular(own, family):
        return own
    return TOOL_ASSETS / "fonts"


def rel(root: Path, path: Path) -> str:
    """Return `path` relative to `root` when inside it, for diagnostics (never opens it)."""
    try:  # the folder resolved, the name as it is: a link is shown where it is, not where it leads
        return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):  # outside, or a name or link loop the system refuses
        return str(path)


def _place(root: Path, name: str | None, given: bool) -> tuple[Path | None, Path | None, list[Diagnostic]]:
    """Return the template file and its map (None if it has none) that may be read for `name`, or why not.

    A deck's name is read only from the library's assets/templates/ or the tool's templates
    (`resolve.template_source`); `given` is a path typed on the command line (doctor),
    which is read where it is.
    """
    if name and given and Path(name).is_absolute():
        path = Path(name)
        if not _is_file(path):
            return None, None, [_missing(str(path))]
        map_path = path.with_name(path.stem + ".layouts.yaml")
        return path, (map_path if _is_file(map_path) else None), []
    if name and Path(name).is_absolute():
        inside = _absolute_inside(root, Path(name))  # doctor names the library's templates by their full path
        if inside is not None:
            name = inside
    path, refused = template_source(root, name)
    if refused is not None:
        # Not even looked at: a deck's 'template:' says so at its line (`resolve.check_references`).
        return None, None, [error("template-missing",
                                  _("the template '{template}' is outside assets/templates/ and is not read").format(
                                      template=_plain(name or "")), Location(_plain(name or "")),
                                  _("put the template in assets/templates/ and write only its name in the deck's "
                                    "'template' field"))]
    if path is None:
        return None, None, [_missing(rel(root, template_paths(root, name)[0]))]
    map_path, why = map_source(root, path)
    if why is not None:
        shown = rel(root, path.with_name(path.stem + ".layouts.yaml"))
        return None, None, [error("asset-outside", _("the layout map '{map}': {why}").format(map=shown, why=why),
                                  Location(shown), _("put the map itself beside the template, not a link to it"))]
    return path, map_path, []


def _absolute_inside(root: Path, path: Path) -> str | None:
    """Return `path` as a name relative to assets/templates/ (the library's or the tool's), if it is in one."""
    for base in (root / "assets" / "templates", TOOL_ASSETS / "templates"):
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):
            continue
    return None


def _missing(shown: str) -> Diagnostic:
    return error("template-missing", _("the template '{template}' does not exist").format(template=shown),
                 Location(shown), _("check the name in the deck's 'template' field, or put the file in assets/templates"))


def _plain(name: str) -> str:
    """Return a name as a message may show it: no control signs, at most 120 characters."""
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in name)
    return text if len(text) <= 120 else text[:100] + "…" + text[-19:]


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def load_template(root: Path, name: str | None, *, given: bool = False) -> tuple[Template | None, list[Diagnostic]]:
    """Read a template, infer every slide kind's placement, and apply and check its layout map.

    `given` is True for a path the user typed on the command line (`erfaring doctor PATH`):
    such a file is read wherever it is. A deck's `template:` never leaves the library's
    assets/templates/ and the tool's templates; nothing elsewhere is opened.
    """
    path, map_path, refused = _place(root, name, given)
    if path is None:
        return None, refused
    shown = rel(root, path)
    map_path = map_path or path.with_name(path.stem + ".layouts.yaml")
    try:
        info = template_info(pptx_bytes(path))  # read once per template: cached by its hash
    except TemplateTooLarge as exc:
        return None, [_too_large(exc.why, shown)]
    except Exception:  # python-pptx and zipfile raise many kinds on a broken file, worded for programmers
        return None, [error("template-unreadable",
                            _("the template '{template}' is not a PowerPoint file that can be opened")
                            .format(template=shown), Location(shown),
                            _("save it from PowerPoint as .pptx or .potx and try again"))]
    try:
        placements = infer(info)
    except NoTitleLayout:
        return None, [error("template-no-title",
                            _("the template '{template}' has no layout with a title placeholder").format(template=shown),
                            Location(shown),
                            _("add a «Title and Content» layout to the slide master in PowerPoint"))]
    notes: list[str] = []
    fonts = _theme_fonts(info, notes)
    written: frozenset[str] = frozenset()
    if _is_file(map_path):
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
    else:
        missing = _measuring_font(root, fonts.measure, shown)
        if missing is not None:
            return None, [missing]
    if info.external_links:
        notes.append(ngettext(
            "the template has {n} link to a picture, file or web page outside itself; the tool leaves it out of "
            "what it builds",
            "the template has {n} links to pictures, files or web pages outside itself; the tool leaves them out "
            "of what it builds", info.external_links).format(n=info.external_links))
    notes += _contrast_notes(info, placements)
    geometry = _geometry(info, placements, fonts.measure)
    return Template(path, map_path, info, placements, fonts, geometry, written, tuple(notes)), []


def _too_large(why: tuple, shown: str) -> Diagnostic:
    """Say which bound a template is beyond, from `layouts.package_problem` (or the file size)."""
    mb = 1024 * 1024
    reason = why[0]
    if reason == "file":
        message = _("the template '{template}' is a file of {size} MB; the limit is {limit} MB").format(
            template=shown, size=-(-why[1] // mb), limit=MAX_TEMPLATE_BYTES // mb)
        hint = _("remove large pictures or videos from the template in PowerPoint, and save it again")
    elif reason == "parts":
        message = _("the template '{template}' holds {count} parts; the limit is {limit}").format(
            template=shown, count=why[1], limit=MAX_PARTS)
        hint = _("it is probably not a template saved by PowerPoint; save the template again from PowerPoint")
    elif reason == "part":
        message = _("the part '{part}' of the template '{template}' unpacks to {size} MB; the limit is {limit} MB"
                    ).format(part=_plain(why[1]), template=shown, size=-(-why[2] // mb), limit=MAX_PART_BYTES // mb)
        hint = _("remove large pictures or videos from the template in PowerPoint, and save it again")
    elif reason == "ratio":
        message = _("the part '{part}' of the template '{template}' unpacks to {ratio} times its stored size, "
                    "which only damaged or harmful files do").format(part=_plain(why[1]), template=shown,
                                                                     ratio=why[2])
        hint = _("do not use this file; save the template again from PowerPoint")
    else:
        message = _("the template '{template}' unpacks to more than {limit} MB").format(
            template=shown, limit=MAX_UNPACKED_BYTES // mb)
        hint = _("remove large pictures or videos from the template in PowerPoint, and save it again")
    return error("template-too-large", message, Location(shown), hint)


def _measuring_font(root: Path, family: str, shown: str) -> Diagnostic | None:
    """Return an error when the font the template's text is measured with cannot be loaded, else None."""
    folder = font_dir(root, family)
    problem = font_problem(folder, family)
    if problem is None:
        return None
    if problem[0] == "missing":
        return error("font-missing",
                     _("the font file '{file}' is missing, both in assets/fonts and among the tool's fonts; the "
                       "template '{template}' needs it to measure text").format(file=problem[1], template=shown),
                     Location(shown),
                     _("put {file} in the library's assets/fonts, or install the tool again").format(file=problem[1]))
    # Located at the template, like every problem that stops it: that is a file the deck reads.
    return error("font-missing",
                 _("the font file '{file}' cannot be read as a font; the template '{template}' needs it to measure "
                   "text").format(file=rel(root, Path(problem[1])), template=shown),
                 Location(shown),
                 _("replace it with a working copy of the font, or delete it so that the tool's own is used"))


def _theme_fonts(info: TemplateInfo, notes: list[str]) -> Fonts:
    font = info.theme.minor_font.strip("'\" ")
    twin = METRIC_TWINS.get(font.casefold())
    if twin is None:
        notes.append(_("the template's font «{font}» does not come with the tool; text is measured with {measure}, "
                       "so check the slides with much text in PowerPoint").format(font=font, measure=FALLBACK_MEASURE))
        twin = FALLBACK_MEASURE
    return Fonts.model_construct(latin=font, measure=twin)  # our own values: nothing to validate


def _theme_twin(info: TemplateInfo) -> str:
    return METRIC_TWINS.get(info.theme.minor_font.strip("'\" ").casefold(), FALLBACK_MEASURE)


def _contrast_notes(info: TemplateInfo, placements: Mapping[str, Placement]) -> list[str]:
    out = []
    for name in dict.fromkeys(p.layout for p in placements.values()):
        layout = info.layout(name)
        fixed = {forced_colour(info, layout, ph) for ph in layout.placeholders if ph.holds_text} - {None}
        if fixed:
            shown = ", ".join(colour_name(c) for c in sorted(fixed))
            out.append(_("the text in the layout «{layout}» would be hard to read against the background; "
                         "the tool writes it in {colour}").format(layout=" ".join(name.split()), colour=shown))
    return out


# A layout map, read and validated once per content (as library files are, see library.py):
# in memory by (map, language), and in the user's cache folder, keyed by the map's bytes, where it
# is shown, the language and the code. Why: validating it is the only validation a `check` of an
# unchanged library would do, and the first validation in a process costs about 15 ms
# (pydantic builds its validators then).
_MAPS: dict[tuple[str, str, str], tuple[bytes, tuple]] = {}
_MAP_KIND = "layout-map"


def _read_map(root: Path, map_path: Path):
    """Return the map's model (None when it has errors), its problems (a new list each time) and its document."""
    mapping, problems, doc = _kept_map(root, map_path)
    return mapping, list(problems), doc


def _kept_map(root: Path, map_path: Path):
    shown = rel(root, map_path)
    raw = small_file_bytes(map_path)
    if raw is None:  # unreadable or too large: load_file says why, and nothing is kept
        return _parse_map(map_path, shown)
    lang = language()
    digest = hashlib.sha256(raw).digest()
    kept = _MAPS.get((str(map_path), shown, lang))
    if kept is not None and kept[0] == digest:
        return kept[1]
    key = "-".join((digest.hex()[:40], hashlib.sha256(f"{shown}\0{lang}".encode()).hexdigest()[:16],
                    validated_code_key(lang, Path(__file__))))
    read = _map_from_cache(key)
    if read is None:
        read = _parse_map(map_path, shown, raw)
        _map_to_cache(key, read)
    _MAPS[(str(map_path), shown, lang)] = (digest, read)
    return read


def _parse_map(map_path: Path, shown: str, raw: bytes | None = None):
    doc, problems = load_file(map_path, shown) if raw is None else load_bytes(raw, shown)
    if doc is None or problems:
        return None, tuple(problems), doc
    mapping, problems = validate(doc, LayoutMapFile)
    return mapping, tuple(problems), doc


def _map_from_cache(key: str):
    import pickle

    from builder.usercache import read_bytes

    blob = read_bytes(_MAP_KIND, key, ".pickle")
    if blob is None:
        return None
    try:
        mapping, problems, doc = pickle.loads(blob)
    except Exception:  # noqa: BLE001 - a damaged or foreign entry: the map is read instead
        return None
    if not (mapping is None or isinstance(mapping, LayoutMapFile)) or not isinstance(problems, tuple):
        return None
    return mapping, problems, doc


def _map_to_cache(key: str, read) -> None:
    import pickle

    from builder.usercache import write_bytes

    try:
        blob = pickle.dumps(read, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - cannot be kept: only slower
        return
    write_bytes(_MAP_KIND, key, ".pickle", blob)


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
            _("the map says the slide size is {width} × {height}, but the template '{template}' has "
              "{real_width} × {real_height}").format(width=mapping.slide_size[0], height=mapping.slide_size[-1],
                                                      template=shown, real_width=size[0], real_height=size[1]),
            doc.where(("slide_size",)),
            _("write 'slide_size: [{width}, {height}]', or remove the line").format(width=size[0], height=size[1])))
    measure = mapping.fonts.measure if mapping.fonts is not None else None
    problem = font_problem(font_dir(root, measure), measure) if measure else None
    if problem is not None and problem[0] == "missing":
        problems.append(error(
            "layout-map-font",
            _("the font '{font}' to measure text with is not in assets/fonts").format(font=measure),
            doc.where(("fonts", "measure")),
            _("use 'Carlito' (for Calibri) or 'Liberation Sans' (for Arial), or put the font files in assets/fonts")))
    elif problem is not None:
        problems.append(error(
            "layout-map-font",
            _("the font file '{file}' for '{font}' cannot be read as a font").format(
                file=rel(root, Path(problem[1])), font=measure),
            doc.where(("fonts", "measure")),
            _("replace it with a working copy of the font, or delete it so that the tool's own is used")))
    elif mapping.fonts is None:
        missing = _measuring_font(root, _theme_twin(info), shown)
        if missing is not None:
            problems.append(missing)
    for kind, entry in mapping.kinds.entries().items():
        problems += _check_kind(kind, entry, doc, info, shown)
    return problems


def _check_kind(kind: str, entry: KindMap, doc, info: TemplateInfo, shown: str) -> list[Diagnostic]:
    layout = info.layout(entry.layout)
    if layout is None:
        names = [lay.name for lay in info.layouts]
        return [error("layout-missing",
                      _("the template '{template}' has no layout named '{layout}'").format(template=shown,
                                                                                            layout=entry.layout),
                      doc.where(("kinds", kind, "layout")),
                      did_you_mean(entry.layout, names)
                      or _("the layouts are: {names}").format(names=_names(names)))]
    problems = []
    roles = ROLES[kind]
    for role in roles:
        if role not in entry.placeholders and (kind, role) not in JOINABLE:
            problems.append(error("layout-map-role",
                                  _("the slide kind '{kind}' needs a placeholder for '{role}'").format(kind=kind,
                                                                                                        role=role),
                                  doc.where(("kinds", kind, "placeholders")),
                                  _("add '{role}: <idx>', or remove '{kind}' from the map and the tool chooses "
                                    "itself").format(role=role, kind=kind)))
    seen: dict[int, str] = {}
    for role, idx in entry.placeholders.items():
        where = doc.where(("kinds", kind, "placeholders", role))
        if role not in roles:
            problems.append(error("layout-map-role",
                                  _("the slide kind '{kind}' has no part named '{role}'").format(kind=kind, role=role),
                                  doc.where(("kinds", kind, "placeholders", role), of_key=True),
                                  did_you_mean(role, roles)
                                  or _("the parts are: {names}").format(names=_names(roles))))
            continue
        problem = _check_placeholder(kind, role, idx, entry.layout, layout, seen, where)
        if problem is not None:
            problems.append(problem)
        seen.setdefault(idx, role)
    return problems


def _check_placeholder(kind: str, role: str, idx: int, name: str, layout: LayoutInfo, seen: dict[int, str],
                       where: Location) -> Diagnostic | None:
    ph = layout.by_idx(idx)
    listing = _listing(p for p in layout.placeholders if not p.is_footer)
    texts = _listing(p for p in layout.placeholders if p.holds_text)
    content = _listing(p for p in layout.placeholders if not p.is_footer and not p.is_title)
    sharers = [p for p in layout.placeholders if p.original_idx == idx]
    if len(sharers) > 1 and not (ph is not None and ph.is_title and role == "title"):
        return error("layout-map-shared-idx",
                     _("the layout '{layout}' has {count} placeholders with idx {idx}, so '{role}' can end up in the "
                       "wrong one").format(layout=name, count=len(sharers), idx=idx, role=role), where,
                     _("the tool numbers them anew; use the numbers `erfaring doctor` shows: {placeholders}")
                     .format(placeholders=listing))
    if ph is None:
        return error("placeholder-missing",
                     _("the layout '{layout}' has no placeholder with idx {idx} (for '{role}')")
                     .format(layout=name, idx=idx, role=role), where,
                     _("the placeholders there: {placeholders}").format(placeholders=listing) if listing
                     else _("the layout has no placeholders"))
    if ph.is_footer:
        if role == "picture":
            message = _("idx {idx} in the layout '{layout}' is a footer placeholder (date, footer or slide number); "
                        "the picture would disappear there")
        else:
            message = _("idx {idx} in the layout '{layout}' is a footer placeholder (date, footer or slide number); "
                        "the text for '{role}' would disappear there")
        return error("layout-map-footer", message.format(idx=idx, layout=name, role=role), where,
                     _("choose a content placeholder: {placeholders}").format(placeholders=content) if content
                     else _("the layout has no content placeholder"))
    if idx in seen:
        return error("layout-map-shared-placeholder",
                     _("'{first}' and '{role}' in the slide kind '{kind}' use the same placeholder (idx {idx}); only "
                       "one of them would show").format(first=seen[idx], role=role, kind=kind, idx=idx), where,
                     _("give each part its own placeholder, or remove '{kind}' from the map and the tool chooses "
                       "itself").format(kind=kind))
    if role == "picture" and ph.type not in ("pic", "obj"):
        return error("layout-map-picture",
                     _("idx {idx} in the layout '{layout}' is a {placeholder} and cannot hold a picture")
                     .format(idx=idx, layout=name, placeholder=placeholder_noun(ph.type)), where,
                     _("choose a picture placeholder, or remove '{kind}' from the map and the tool draws the picture "
                       "itself").format(kind=kind))
    if role != "picture" and not ph.holds_text:
        return error("layout-map-text",
                     _("idx {idx} in the layout '{layout}' is a {placeholder} and cannot hold the text for '{role}'")
                     .format(idx=idx, layout=name, placeholder=placeholder_noun(ph.type), role=role), where,
                     _("choose a text placeholder: {placeholders}").format(placeholders=texts) if texts
                     else _("the layout has no text placeholder"))
    return None


def _listing(placeholders) -> str:
    """Return placeholders as «0 ('Title 1'), 30 ('Content Placeholder 2')» for a hint."""
    return ", ".join(f"{p.idx} ('{p.name}')" for p in placeholders)


def _names(names) -> str:
    """Return names as «'A', 'B'» for a hint."""
    return ", ".join(f"'{name}'" for name in names)
