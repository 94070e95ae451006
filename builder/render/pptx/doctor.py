"""What `erfaring doctor` says about a template, and the layout map `--write-map` writes.

Both read a checked `Template`: the report says in Norwegian where every slide kind
goes and why a part is drawn instead of placed in a placeholder; the map writes the
same placement as an editable, commented `<stem>.layouts.yaml`.
"""

from __future__ import annotations

import json
import re

from builder.render.pptx.placement import ROLES, Placement
from builder.render.pptx.template import SCHEMA_URL, TYPE_NAMES, Template

KIND_NAMES = {
    "title": "tittellysbilde", "section": "deloverskrift", "bullets": "punkter", "agenda": "program",
    "quote": "sitat", "words": "ordvegg", "facts": "faktakort", "image": "bilde", "two-column": "to kolonner",
    "link": "lenke", "discussion": "diskusjon", "sources": "kilder", "closing": "avslutning",
}
ROLE_NAMES = {
    "title": "tittel", "subtitle": "undertittel", "byline": "foredragsholder", "body": "tekst", "quote": "sitat",
    "attribution": "opphav", "picture": "bilde", "caption": "bildetekst", "left": "venstre kolonne",
    "right": "høyre kolonne", "left_heading": "venstre overskrift", "right_heading": "høyre overskrift",
    **{f"value{n}": f"tall {n}" for n in (1, 2, 3)}, **{f"caption{n}": f"tekst {n}" for n in (1, 2, 3)},
}
def _type_label(ph_type: str) -> str:
    label = TYPE_NAMES.get(ph_type, ph_type).rstrip("-")
    return "innhold" if label == "innholds" else label


def _cm(emu: int) -> str:
    return f"{emu / 360000:.1f}".replace(".", ",")


def _ratio(width: int, height: int) -> str:
    for name, value in (("16:9", 16 / 9), ("4:3", 4 / 3), ("16:10", 16 / 10)):
        if abs(width / height - value) < 0.02:
            return name
    return f"{width / height:.2f}:1".replace(".", ",")


def _one_line(name: str) -> str:
    return " ".join(name.split())


def report(template: Template, shown: str, map_shown: str) -> list[str]:
    """Return the doctor's report: the template's layouts, then where every slide kind goes."""
    info = template.info
    lines = [f"{shown}: {_cm(info.slide_width)} × {_cm(info.slide_height)} cm ({_ratio(info.slide_width, info.slide_height)}), "
             f"{len(info.layouts)} oppsett, skrift {template.fonts.latin} (måles med {template.fonts.measure})"]
    lines.append("")
    lines.append("Oppsett og plassholdere (idx er nummeret et kart bruker):")
    for layout in info.layouts:
        lines.append(f"  «{_one_line(layout.name)}»" + ("  (loddrett tekst, brukes ikke)" if layout.vertical else ""))
        for ph in layout.placeholders:
            renumbered = f"  (var idx {ph.original_idx})" if ph.original_idx not in (None, ph.idx) else ""
            size = "" if ph.holds_picture else f", {ph.box.levels[0].size_pt:g} pt"
            lines.append(f"    idx {ph.idx:>3}  {_type_label(ph.type):<14} {_cm(ph.rect.width)} × "
                         f"{_cm(ph.rect.height)} cm{size}{renumbered}")
    lines.append("")
    if template.written:
        where = f"«kart» er valgt i {map_shown}, «valgt» har verktøyet valgt selv"
    else:
        where = "verktøyet har valgt alt selv; det finnes ikke noe kart"
    lines.append(f"Slik blir lysbildene ({where}):")
    for kind in ROLES:
        placement = template.placements[kind]
        source = "kart" if kind in template.written else "valgt"
        lines.append(f"  {KIND_NAMES[kind]:<15} «{_one_line(placement.layout)}» ({source}): {_parts(placement)}")
        for reason in placement.reasons:
            lines.append(f"  {'':<15} ↳ {reason}")
    for note in template.notes:
        lines.append(f"! {note}")
    return lines


def _parts(placement: Placement) -> str:
    parts = [f"{ROLE_NAMES.get(role, role)} → idx {idx}" for role, idx in placement.placeholders.items()]
    drawn = [ROLE_NAMES.get(role, role) for role in placement.drawn]
    if drawn:
        parts.append("tegnes: " + ", ".join(drawn))
    joined = [f"{ROLE_NAMES.get(role, role)} i {ROLE_NAMES.get(host, host)}" for role, host in placement.joined.items()]
    if joined:
        parts.append("står sammen: " + ", ".join(joined))
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
        f"# Plassering av lysbildetypene på malen {template.path.name}, skrevet av `erfaring doctor --write-map`.",
        "# Endre et oppsett (layout) eller et idx-nummer for å overstyre verktøyets valg; slett en linje under",
        "# 'kinds' for å la verktøyet velge selv. Typer der verktøyet tegner deler selv, står som kommentarer.",
        "# `erfaring doctor` viser oppsettene og plassholderne med idx-numrene sine.",
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
            out.append(f"  #   ({KIND_NAMES[kind]}: verktøyet tegner {', '.join(ROLE_NAMES.get(r, r) for r in placement.drawn)})")
        else:
            note = "; ".join(placement.reasons)
            out.append(f"  {entry}" + (f"   # {note}" if note else ""))
    return "\n".join(out) + "\n"
