"""What `erfaring doctor` says about a template, and the layout map `--write-map` writes.

Both read a checked `Template`: the report says in the user's language where every slide kind
goes and why a part is drawn instead of placed in a placeholder; the map writes the
same placement as an editable, commented `<stem>.layouts.yaml`.
"""

from __future__ import annotations

import json
import re

from builder import i18n
from builder.i18n import _
from builder.render.pptx.placement import ROLES, Placement
from builder.render.pptx.template import SCHEMA_URL, Template, type_label, word


def kind_name(kind: str) -> str:
    """Return a slide kind as the user knows it («bullets», «fact cards» …)."""
    names = {
        "title": _("slide kind|title slide"), "section": _("slide kind|section heading"),
        "bullets": _("slide kind|bullets"), "agenda": _("slide kind|agenda"), "quote": _("slide kind|quote"),
        "words": _("slide kind|word wall"), "facts": _("slide kind|fact cards"), "image": _("slide kind|picture"),
        "two-column": _("slide kind|two columns"), "link": _("slide kind|link"),
        "discussion": _("slide kind|discussion"), "sources": _("slide kind|sources"),
        "closing": _("slide kind|closing"),
    }
    return word(names[kind]) if kind in names else kind


def role_name(role: str) -> str:
    """Return a part of a slide kind as the user knows it («speaker», «left column» …)."""
    names = {
        "title": _("slide part|title"), "subtitle": _("slide part|subtitle"), "byline": _("slide part|speaker"),
        "body": _("slide part|text"), "quote": _("slide part|quote"), "attribution": _("slide part|attribution"),
        "picture": _("slide part|picture"), "caption": _("slide part|caption"),
        "left": _("slide part|left column"), "right": _("slide part|right column"),
        "left_heading": _("slide part|left heading"), "right_heading": _("slide part|right heading"),
    }
    for n in (1, 2, 3):
        names[f"value{n}"] = _("slide part|number {n}").format(n=n)
        names[f"caption{n}"] = _("slide part|text {n}").format(n=n)
    return word(names[role]) if role in names else role


def _decimal(value: float, digits: str) -> str:
    shown = format(value, digits)
    return shown.replace(".", ",") if i18n.language() == "nb" else shown


def _cm(emu: int) -> str:
    return _decimal(emu / 360000, ".1f")


def _ratio(width: int, height: int) -> str:
    for name, value in (("16:9", 16 / 9), ("4:3", 4 / 3), ("16:10", 16 / 10)):
        if abs(width / height - value) < 0.02:
            return name
    return _decimal(width / height, ".2f") + ":1"


def _one_line(name: str) -> str:
    return " ".join(name.split())


def report(template: Template, shown: str, map_shown: str) -> list[str]:
    """Return the doctor's report: the template's layouts, then where every slide kind goes."""
    info = template.info
    lines = [_("{template}: {width} × {height} cm ({ratio}), {layouts} layouts, font {font} (measured with {measure})")
             .format(template=shown, width=_cm(info.slide_width), height=_cm(info.slide_height),
                     ratio=_ratio(info.slide_width, info.slide_height), layouts=len(info.layouts),
                     font=template.fonts.latin, measure=template.fonts.measure)]
    lines.append("")
    lines.append(_("Layouts and placeholders (idx is the number a map uses):"))
    for layout in info.layouts:
        if layout.vertical:
            lines.append("  " + _("«{layout}»  (vertical text, not used)").format(layout=_one_line(layout.name)))
        else:
            lines.append(f"  «{_one_line(layout.name)}»")
        for ph in layout.placeholders:
            renumbered = ("  " + _("(was idx {idx})").format(idx=ph.original_idx)
                          if ph.original_idx not in (None, ph.idx) else "")
            size = "" if ph.holds_picture else f", {_decimal(ph.box.levels[0].size_pt, 'g')} pt"
            lines.append(f"    idx {ph.idx:>3}  {type_label(ph.type):<14} {_cm(ph.rect.width)} × "
                         f"{_cm(ph.rect.height)} cm{size}{renumbered}")
    lines.append("")
    mapped, chosen = word(_("placed by|map")), word(_("placed by|chosen"))
    if template.written:
        lines.append(_("How the slides turn out («{mapped}» is set in {map}, «{chosen}» the tool chose itself):")
                     .format(mapped=mapped, map=map_shown, chosen=chosen))
    else:
        lines.append(_("How the slides turn out (the tool chose everything itself; there is no map):"))
    for kind in ROLES:
        placement = template.placements[kind]
        source = mapped if kind in template.written else chosen
        lines.append(f"  {kind_name(kind):<15} «{_one_line(placement.layout)}» ({source}): {_parts(placement)}")
        for reason in placement.reasons:
            lines.append(f"  {'':<15} ↳ {reason}")
    for note in template.notes:
        lines.append(f"! {note}")
    return lines


def _parts(placement: Placement) -> str:
    parts = [f"{role_name(role)} → idx {idx}" for role, idx in placement.placeholders.items()]
    drawn = [role_name(role) for role in placement.drawn]
    if drawn:
        parts.append(_("drawn: {parts}").format(parts=", ".join(drawn)))
    joined = [_("{part} in {host}").format(part=role_name(role), host=role_name(host))
              for role, host in placement.joined.items()]
    if joined:
        parts.append(_("together: {parts}").format(parts=", ".join(joined)))
    return "; ".join(parts)


def _scalar(text: str) -> str:
    """Return `text` as a YAML scalar: plain when safe, else double-quoted (JSON is valid YAML there)."""
    if re.fullmatch(r"[A-Za-zÆØÅæøåÀ-ÿ0-9][\w æøåÆØÅÀ-ÿ.()&+-]*", text) and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def map_yaml(template: Template) -> str:
    """Return the placement of every slide kind as a commented layout map to edit."""
    info = template.info
    out = [
        f"# yaml-language-server: $schema={SCHEMA_URL}",
        "# " + _("Where the slide kinds go on the template {template}, written by `erfaring doctor --write-map`.")
        .format(template=template.path.name),
        *("# " + line for line in _(
            "Change a layout or an idx number to override the tool's choice; delete a line under\n"
            "'kinds' to let the tool choose itself. Kinds where the tool draws parts itself are comments.\n"
            "`erfaring doctor` shows the layouts and the placeholders with their idx numbers.").splitlines()),
        f"template: {_scalar(template.path.name)}",
        f"slide_size: [{info.slide_width}, {info.slide_height}]",
        f"fonts: {{latin: {_scalar(template.fonts.latin)}, measure: {_scalar(template.fonts.measure)}}}",
        "kinds:",
    ]
    for kind in ROLES:
        placement = template.placements[kind]
        name = _scalar(kind)
        entry = (f"{name}: {{layout: {_scalar(placement.layout)}, placeholders: {{"
                 + ", ".join(f"{role}: {idx}" for role, idx in placement.placeholders.items()) + "}}")
        if placement.drawn or placement.moved:
            out.append(f"  # {entry}")
            drawn = ", ".join(role_name(r) for r in placement.drawn)
            out.append("  #   (" + _("{kind}: the tool draws {parts}").format(kind=kind_name(kind), parts=drawn) + ")")
        else:
            note = "; ".join(placement.reasons)
            out.append(f"  {entry}" + (f"   # {note}" if note else ""))
    return "\n".join(out) + "\n"
