#!/usr/bin/env python3
"""Build the PowerPoint templates of Erfaringsbanken, byte for byte the same on every run.

    python assets/templates/build_templates.py            # writes both templates
    python assets/templates/build_templates.py --check    # builds in memory, prints contrast, writes nothing

Writes:
  assets/templates/erfaring-standard.pptx                           default template, 16:9, Calibri
  tests/fixtures/template-organisasjon-4x3/organisasjon.pptx        test template, 4:3, Arial

Both start from python-pptx's built-in default template (``pptx.Presentation()``). The
package is then edited part by part with lxml: slide size, theme (colours, fonts, flat
effects), slide master (text styles, placeholders, accent shapes) and layouts. Document
properties carry no author and fixed timestamps, the thumbnail and printer settings are
dropped, and the zip is written with fixed entry dates, so the same script gives the same
bytes. The layout maps (``*.layouts.yaml``) are kept by hand beside the templates; this
script checks that every layout and placeholder they name exists.

Why by hand and not with python-pptx's API: python-pptx cannot create or rename layouts,
set master text styles or the theme; those are plain XML parts.
"""
from __future__ import annotations

import argparse
import io
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree
from pptx import Presentation

ROOT = Path(__file__).resolve().parents[2]
STANDARD_OUT = ROOT / "assets" / "templates" / "erfaring-standard.pptx"
ORG_OUT = ROOT / "tests" / "fixtures" / "template-organisasjon-4x3" / "organisasjon.pptx"

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
NSDECL = f'xmlns:a="{NS["a"]}" xmlns:r="{NS["r"]}" xmlns:p="{NS["p"]}"'
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_LAYOUT = "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"
LANG = "nb-NO"
FIXED_TIME = "2026-01-01T00:00:00Z"
ZIP_DATE = (2026, 1, 1, 0, 0, 0)
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
EMU_PER_INCH = 914400


def emu(inches: float) -> int:
    """Return inches as whole EMU."""
    return int(round(inches * EMU_PER_INCH))


# --------------------------------------------------------------------------------------
# Colour and contrast
# --------------------------------------------------------------------------------------

def relative_luminance(hex_colour: str) -> float:
    """Return the WCAG 2.1 relative luminance of an RRGGBB colour."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(fg: str, bg: str) -> float:
    """Return the WCAG contrast ratio of two RRGGBB colours (1 to 21)."""
    hi, lo = sorted((relative_luminance(fg), relative_luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@dataclass(frozen=True)
class Palette:
    """Theme colours (RRGGBB) in the order of a:clrScheme."""

    name: str
    dk1: str
    lt1: str
    dk2: str
    lt2: str
    accent1: str
    accent2: str
    accent3: str
    accent4: str
    accent5: str
    accent6: str
    hlink: str
    folHlink: str

    def slots(self) -> list[tuple[str, str]]:
        order = ["dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4",
                 "accent5", "accent6", "hlink", "folHlink"]
        return [(slot, getattr(self, slot)) for slot in order]


# Warm and calm: a paper-like off-white, dark warm ink, a deep petrol for titles and dark
# slides, terracotta for the one warm accent (bullets, big numbers, rules), warm sand for
# cards and section slides, a warm grey for footers and source lines. Ochre (accent4) is
# decorative on light backgrounds and is used for text only on petrol.
STANDARD = Palette(
    name="Erfaringsbanken",
    dk1="2B2A28",      # text: warm near-black
    lt1="FBF7F1",      # background: warm off-white
    dk2="1F4F59",      # titles, dark slides: deep petrol
    lt2="F1E8DC",      # cards, section slides: warm sand
    accent1="1D6670",  # teal
    accent2="A6492B",  # terracotta
    accent3="4F6E4C",  # sage
    accent4="E0B36E",  # ochre (decorative on light backgrounds)
    accent5="6E4F72",  # plum
    accent6="5F574E",  # warm grey: footers, captions, source lines
    hlink="245E8F",    # muted blue, underlined
    folHlink="6E4F72",
)

# Every text colour used by the standard template on every background it appears on.
# (what, foreground slot, background slot, size class). AA: 4.5:1 for normal text, 3:1 for
# large text (>= 18 pt, or >= 14 pt bold). All pairs here are held to 4.5:1 anyway.
STANDARD_TEXT_PAIRS = [
    ("brødtekst på lys bakgrunn", "dk1", "lt1"),
    ("titler på lys bakgrunn", "dk2", "lt1"),
    ("kulepunkt/nummer (terrakotta) på lys bakgrunn", "accent2", "lt1"),
    ("bunntekst, dato, sidetall, bildetekst-kilde", "accent6", "lt1"),
    ("lenke (URL) på lys bakgrunn", "hlink", "lt1"),
    ("URL-linje (teal) på lys bakgrunn", "accent1", "lt1"),
    ("Fakta: tall (terrakotta) på sandkort", "accent2", "lt2"),
    ("Fakta: tekst på sandkort", "dk1", "lt2"),
    ("Fakta: «per … · Kilde» på sandkort", "accent6", "lt2"),
    ("Seksjon: tittel (petrol) på sand", "dk2", "lt2"),
    ("Seksjon: undertittel på sand", "dk1", "lt2"),
    ("Seksjon: bunntekst på sand", "accent6", "lt2"),
    ("Tittel/Avslutning: tittel (off-white) på petrol", "lt1", "dk2"),
    ("Tittel/Avslutning: undertittel, byline, bunntekst (sand) på petrol", "lt2", "dk2"),
    ("Ordvegg: andre gruppe (terrakotta) på lys bakgrunn", "accent2", "lt1"),
]


def contrast_report(palette: Palette, pairs: list[tuple[str, str, str]], minimum: float = 4.5) -> list[str]:
    """Return one line per colour pair; raise if any pair is below ``minimum``."""
    lines, failures = [], []
    for what, fg, bg in pairs:
        fg_hex, bg_hex = getattr(palette, fg), getattr(palette, bg)
        ratio = contrast_ratio(fg_hex, bg_hex)
        lines.append(f"  {ratio:5.2f}:1  #{fg_hex} ({fg}) på #{bg_hex} ({bg})  {what}")
        if ratio < minimum:
            failures.append(what)
    if failures:
        raise SystemExit("contrast below %.1f:1: %s" % (minimum, ", ".join(failures)))
    return lines


# --------------------------------------------------------------------------------------
# XML snippets (DrawingML / PresentationML), element order as in the ECMA-376 schemas
# --------------------------------------------------------------------------------------

def colour(scheme: str | None = None, srgb: str | None = None, mods: str = "") -> str:
    if srgb:
        return f'<a:srgbClr val="{srgb}">{mods}</a:srgbClr>' if mods else f'<a:srgbClr val="{srgb}"/>'
    return f'<a:schemeClr val="{scheme}">{mods}</a:schemeClr>' if mods else f'<a:schemeClr val="{scheme}"/>'


def def_rpr(sz: int | None = None, b: bool | None = None, i: bool | None = None, fill: str | None = None,
            font: str | None = None, tag: str = "a:defRPr", kern: bool = False, lang: str | None = LANG,
            spc: int | None = None) -> str:
    """Return run properties; ``fill`` is a colour snippet, ``font`` '+mj' or '+mn'."""
    attrs = []
    if lang:
        attrs.append(f'lang="{lang}"')
    if sz is not None:
        attrs.append(f'sz="{sz}"')
    if b is not None:
        attrs.append(f'b="{1 if b else 0}"')
    if i is not None:
        attrs.append(f'i="{1 if i else 0}"')
    if kern:
        attrs.append('kern="1200"')
    if spc is not None:
        attrs.append(f'spc="{spc}"')
    inner = ""
    if fill:
        inner += f"<a:solidFill>{fill}</a:solidFill>"
    if font:
        inner += f'<a:latin typeface="{font}-lt"/><a:ea typeface="{font}-ea"/><a:cs typeface="{font}-cs"/>'
    attr = (" " + " ".join(attrs)) if attrs else ""
    return f"<{tag}{attr}>{inner}</{tag}>" if inner else f"<{tag}{attr}/>"


def lvl(n: int, *, sz: int | None = None, b: bool | None = None, i: bool | None = None,
        fill: str | None = None, font: str | None = None, algn: str | None = None,
        marL: int | None = None, indent: int | None = None, ln_pct: int | None = None,
        bef_pt: float | None = None, aft_pt: float | None = None, bullet: str | None = None,
        bu_fill: str | None = None, bu_font: str | None = None, bu_auto: str | None = None,
        tabs: list[tuple[int, str]] | None = None, kern: bool = True, tag: str | None = None,
        extra_attrs: str = "") -> str:
    """Return a:lvlNpPr. ``bullet``: a character, or 'none' for a:buNone."""
    tag = tag or f"a:lvl{n}pPr"
    attrs = []
    if marL is not None:
        attrs.append(f'marL="{marL}"')
    if indent is not None:
        attrs.append(f'indent="{indent}"')
    if algn:
        attrs.append(f'algn="{algn}"')
    if extra_attrs:
        attrs.append(extra_attrs)
    inner = ""
    if ln_pct is not None:
        inner += f'<a:lnSpc><a:spcPct val="{ln_pct * 1000}"/></a:lnSpc>'
    if bef_pt is not None:
        inner += f'<a:spcBef><a:spcPts val="{int(bef_pt * 100)}"/></a:spcBef>'
    if aft_pt is not None:
        inner += f'<a:spcAft><a:spcPts val="{int(aft_pt * 100)}"/></a:spcAft>'
    if bullet == "none":
        inner += "<a:buNone/>"
    elif bullet or bu_auto:
        if bu_fill:
            inner += f"<a:buClr>{bu_fill}</a:buClr>"
        if bu_font:
            inner += f'<a:buFont typeface="{bu_font}"/>'
        inner += f'<a:buAutoNum type="{bu_auto}"/>' if bu_auto else f'<a:buChar char="{escape(bullet)}"/>'
    if tabs:
        inner += "<a:tabLst>" + "".join(f'<a:tab pos="{pos}" algn="{al}"/>' for pos, al in tabs) + "</a:tabLst>"
    inner += def_rpr(sz=sz, b=b, i=i, fill=fill, font=font, kern=kern)
    attr = (" " + " ".join(attrs)) if attrs else ""
    return f"<{tag}{attr}>{inner}</{tag}>"


def body_pr(anchor: str = "t", ins: tuple[int, int, int, int] = (0, 0, 0, 0), autofit: str = "norm",
            extra: str = "") -> str:
    l, t, r, b = ins
    fit = {"norm": "<a:normAutofit/>", "none": "<a:noAutofit/>", "shape": "<a:spAutoFit/>"}[autofit]
    return (f'<a:bodyPr vert="horz" wrap="square" lIns="{l}" tIns="{t}" rIns="{r}" bIns="{b}" '
            f'rtlCol="0" anchor="{anchor}"{extra}>{fit}</a:bodyPr>')


def para(text: str, lvl_: int = 0, end: bool = True, field: str | None = None, field_id: str = "") -> str:
    ppr = f'<a:pPr lvl="{lvl_}"/>' if lvl_ else ""
    if field:
        run = (f'<a:fld id="{field_id}" type="{field}">{def_rpr(tag="a:rPr")}'
               f"<a:t>{escape(text)}</a:t></a:fld>")
    elif text:
        run = f"<a:r>{def_rpr(tag='a:rPr')}<a:t>{escape(text)}</a:t></a:r>"
    else:
        run = ""
    endp = def_rpr(tag="a:endParaRPr") if end else ""
    return f"<a:p>{ppr}{run}{endp}</a:p>"


def xfrm(x: int, y: int, cx: int, cy: int) -> str:
    return f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'


@dataclass
class Box:
    x: int
    y: int
    cx: int
    cy: int

    def xml(self) -> str:
        return xfrm(self.x, self.y, self.cx, self.cy)


def placeholder(sid: int, name: str, ph: str, box: Box | None, *, lst: str = "", bpr: str = "<a:bodyPr/>",
                paras: str | None = None, custom_prompt: bool = True, prst: bool = True, fill: str = "") -> str:
    """Return a p:sp placeholder. ``ph`` is the attribute text of p:ph (type, idx, ...)."""
    if custom_prompt and "hasCustomPrompt" not in ph:
        ph += ' hasCustomPrompt="1"'
    geom = '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>' if prst and box else ""
    sppr = f"<p:spPr>{box.xml()}{geom}{fill}</p:spPr>" if box else "<p:spPr/>"
    body = paras if paras is not None else para("")
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="{escape(name)}"/><p:cNvSpPr><a:spLocks noGrp="1"/>'
            f"</p:cNvSpPr><p:nvPr><p:ph {ph}/></p:nvPr></p:nvSpPr>{sppr}"
            f"<p:txBody>{bpr}<a:lstStyle>{lst}</a:lstStyle>{body}</p:txBody></p:sp>")


def decorative_nvpr(sid: int, name: str, txbox: bool = False) -> str:
    ext = (f'<a:extLst><a:ext uri="{DECORATIVE_URI}"><adec:decorative xmlns:adec="{DECORATIVE_NS}" val="1"/>'
           f"</a:ext></a:extLst>")
    csp = '<p:cNvSpPr txBox="1"/>' if txbox else "<p:cNvSpPr/>"
    return f'<p:nvSpPr><p:cNvPr id="{sid}" name="{escape(name)}">{ext}</p:cNvPr>{csp}<p:nvPr userDrawn="1"/></p:nvSpPr>'


def shape(sid: int, name: str, box: Box, fill: str, prst: str = "rect", adj: str = "") -> str:
    """Return a decorative filled shape without text and without outline."""
    av = f"<a:avLst>{adj}</a:avLst>" if adj else "<a:avLst/>"
    return (f"<p:sp>{decorative_nvpr(sid, name)}<p:spPr>{box.xml()}<a:prstGeom prst=\"{prst}\">{av}</a:prstGeom>"
            f"<a:solidFill>{fill}</a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>")


def glyph(sid: int, name: str, box: Box, text: str, sz: int, fill: str, algn: str = "l", b: bool = True) -> str:
    """Return a decorative text box holding one large glyph (e.g. a quotation mark)."""
    return (f"<p:sp>{decorative_nvpr(sid, name, txbox=True)}<p:spPr>{box.xml()}"
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
            f'<p:txBody>{body_pr("t", autofit="none")}<a:lstStyle/>'
            f'<a:p><a:pPr algn="{algn}"><a:lnSpc><a:spcPct val="100000"/></a:lnSpc><a:buNone/></a:pPr>'
            f'<a:r>{def_rpr(sz=sz, b=b, fill=fill, font="+mj", tag="a:rPr")}<a:t>{escape(text)}</a:t></a:r>'
            f"</a:p></p:txBody></p:sp>")


def sp_tree(shapes: list[str]) -> str:
    return ('<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
            '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
            '<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>' + "".join(shapes) + "</p:spTree>")


def layout_xml(name: str, shapes: list[str], *, ltype: str | None = None, bg: str | None = None,
               show_master: bool = True) -> bytes:
    attrs = [NSDECL, 'preserve="1"']
    if ltype:
        attrs.append(f'type="{ltype}"')
    if not show_master:
        attrs.append('showMasterSp="0"')
    bg_xml = f"<p:bg><p:bgPr><a:solidFill>{bg}</a:solidFill><a:effectLst/></p:bgPr></p:bg>" if bg else ""
    xml = (f'<p:sldLayout {" ".join(attrs)}><p:cSld name="{escape(name)}">{bg_xml}{sp_tree(shapes)}</p:cSld>'
           "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>")
    return serialize(etree.fromstring(xml.encode()))


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(remove_blank_text=True, resolve_entities=False))


# --------------------------------------------------------------------------------------
# Package plumbing shared by both templates
# --------------------------------------------------------------------------------------

def default_parts() -> dict[str, bytes]:
    """Return the parts of python-pptx's built-in default template, by zip name.

    The notes master is created here (python-pptx makes one on first use) so that it can be
    given the template's language and fonts; otherwise every deck with speaker notes would
    get python-pptx's en-US notes master.
    """
    prs = Presentation()
    prs.notes_master  # noqa: B018 - creates the notes master part and its theme
    buf = io.BytesIO()
    prs.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        return {name: z.read(name) for name in z.namelist()}


def notes_theme_part(parts: dict[str, bytes]) -> str:
    """Return the zip name of the notes master's theme."""
    rels = parse(parts["ppt/notesMasters/_rels/notesMaster1.xml.rels"])
    target = next(r.get("Target") for r in rels if r.get("Type").endswith("/theme"))
    return "ppt/theme/" + target.rsplit("/", 1)[1]


def set_notes_master(parts: dict[str, bytes], palette: Palette, font: str, slide_image: Box | None = None) -> None:
    """Give the notes master the template's language, colours and fonts (and a 16:9 slide image)."""
    notes = parse(parts["ppt/notesMasters/notesMaster1.xml"])
    strip_ext_lists(notes)
    if slide_image:
        sp = notes.xpath(".//p:sp[p:nvSpPr/p:nvPr/p:ph[@type='sldImg']]", namespaces=NS)[0]
        old = sp.find("p:spPr/a:xfrm", NS)
        old.getparent().replace(old, etree.fromstring(f'<root xmlns:a="{NS["a"]}">{slide_image.xml()}</root>')[0])
    set_lang_everywhere(notes)
    parts["ppt/notesMasters/notesMaster1.xml"] = serialize(notes)
    set_theme(parts, palette, font, flat=True, part=notes_theme_part(parts))


def write_package(parts: dict[str, bytes]) -> bytes:
    """Return the zip bytes: fixed order, fixed dates, fixed attributes."""
    order = ["[Content_Types].xml", "_rels/.rels"]
    names = order + sorted(n for n in parts if n not in order)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            z.writestr(info, parts[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buf.getvalue()


def clean_package(parts: dict[str, bytes], title: str, app_format: str, theme_name: str) -> None:
    """Drop thumbnail and printer settings; write anonymous, fixed-time document properties."""
    parts.pop("docProps/thumbnail.jpeg", None)
    parts.pop("ppt/printerSettings/printerSettings1.bin", None)

    rels = parse(parts["_rels/.rels"])
    for rel in list(rels):
        if rel.get("Target", "").lstrip("/") == "docProps/thumbnail.jpeg":
            rels.remove(rel)
    parts["_rels/.rels"] = serialize(rels)

    prels = parse(parts["ppt/_rels/presentation.xml.rels"])
    for rel in list(prels):
        if rel.get("Type").endswith("/printerSettings"):
            prels.remove(rel)
    parts["ppt/_rels/presentation.xml.rels"] = serialize(prels)

    ct = parse(parts["[Content_Types].xml"])
    for d in ct.findall("ct:Default", NS):
        if d.get("Extension") == "bin":
            ct.remove(d)
    parts["[Content_Types].xml"] = serialize(ct)

    parts["docProps/core.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator></dc:creator>"
        "<cp:lastModifiedBy></cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_TIME}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_TIME}</dcterms:modified>'
        f"<dc:language>{LANG}</dc:language></cp:coreProperties>"
    ).encode()
    parts["docProps/app.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        "<TotalTime>0</TotalTime><Words>0</Words><Application>Microsoft Office PowerPoint</Application>"
        f"<PresentationFormat>{escape(app_format)}</PresentationFormat><Paragraphs>0</Paragraphs>"
        "<Slides>0</Slides><Notes>0</Notes><HiddenSlides>0</HiddenSlides><MMClips>0</MMClips>"
        "<ScaleCrop>false</ScaleCrop><HeadingPairs><vt:vector size=\"2\" baseType=\"variant\">"
        "<vt:variant><vt:lpstr>Theme</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant>"
        "</vt:vector></HeadingPairs><TitlesOfParts><vt:vector size=\"1\" baseType=\"lpstr\">"
        f"<vt:lpstr>{escape(theme_name)}</vt:lpstr></vt:vector></TitlesOfParts>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion></Properties>"
    ).encode()


def set_presentation(parts: dict[str, bytes], cx: int, cy: int, sz_type: str | None) -> None:
    """Set the slide size and the default text language in presentation.xml."""
    pres = parse(parts["ppt/presentation.xml"])
    sld_sz = pres.find("p:sldSz", NS)
    sld_sz.set("cx", str(cx))
    sld_sz.set("cy", str(cy))
    if sz_type:
        sld_sz.set("type", sz_type)
    elif "type" in sld_sz.attrib:
        del sld_sz.attrib["type"]
    for el in pres.iter(f"{{{NS['a']}}}defRPr"):
        el.set("lang", LANG)
    for el in pres.find("p:defaultTextStyle", NS):
        if el.get("defTabSz"):
            el.set("defTabSz", "914400")  # same default tab as the master: 1 in
    parts["ppt/presentation.xml"] = serialize(pres)
    view = parse(parts["ppt/viewProps.xml"])
    for origin in view.iter(f"{{{NS['p']}}}origin"):
        origin.set("x", "0")
        origin.set("y", "0")
    for guide in view.iter(f"{{{NS['p']}}}guide"):
        # guide positions are in 1/8 pt: put them on the slide's centre lines
        guide.set("pos", str(cy * 8 // 12700 // 2 if guide.get("orient") == "horz" else cx * 8 // 12700 // 2))
    parts["ppt/viewProps.xml"] = serialize(view)


FLAT_FMT_SCHEME = (
    '<a:fmtScheme name="{name}"><a:fillStyleLst>'
    '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    '<a:solidFill><a:schemeClr val="phClr"><a:tint val="60000"/></a:schemeClr></a:solidFill>'
    '<a:solidFill><a:schemeClr val="phClr"><a:shade val="80000"/></a:schemeClr></a:solidFill>'
    '</a:fillStyleLst><a:lnStyleLst>'
    '<a:ln w="9525" cap="flat" cmpd="sng" algn="ctr"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    '<a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>'
    '<a:ln w="19050" cap="flat" cmpd="sng" algn="ctr"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    '<a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>'
    '<a:ln w="28575" cap="flat" cmpd="sng" algn="ctr"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    '<a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>'
    '</a:lnStyleLst><a:effectStyleLst>'
    '<a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle>'
    '<a:effectStyle><a:effectLst/></a:effectStyle>'
    '</a:effectStyleLst><a:bgFillStyleLst>'
    '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    '<a:solidFill><a:schemeClr val="phClr"><a:tint val="95000"/></a:schemeClr></a:solidFill>'
    '<a:solidFill><a:schemeClr val="phClr"><a:shade val="90000"/></a:schemeClr></a:solidFill>'
    "</a:bgFillStyleLst></a:fmtScheme>"
)


def set_theme(parts: dict[str, bytes], palette: Palette, font: str, flat: bool,
              part: str = "ppt/theme/theme1.xml") -> None:
    """Name the theme and set its colours and major/minor latin font."""
    theme = parse(parts[part])
    theme.set("name", palette.name)
    clr = theme.find("a:themeElements/a:clrScheme", NS)
    clr.set("name", palette.name)
    for slot, value in palette.slots():
        el = clr.find(f"a:{slot}", NS)
        for child in list(el):
            el.remove(child)
        etree.SubElement(el, f"{{{NS['a']}}}srgbClr", val=value)
    fonts = theme.find("a:themeElements/a:fontScheme", NS)
    fonts.set("name", palette.name)
    for which in ("majorFont", "minorFont"):
        fonts.find(f"a:{which}/a:latin", NS).set("typeface", font)
    if flat:
        old = theme.find("a:themeElements/a:fmtScheme", NS)
        new = etree.fromstring(f'<root xmlns:a="{NS["a"]}">' + FLAT_FMT_SCHEME.format(name=palette.name)
                               + "</root>")[0]
        old.getparent().replace(old, new)
    parts[part] = serialize(theme)


def replace_layouts(parts: dict[str, bytes], layouts: list[bytes]) -> None:
    """Drop every layout of the part set and install ``layouts`` (slideLayout1..N)."""
    for name in [n for n in parts if n.startswith("ppt/slideLayouts/")]:
        del parts[name]
    master_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{NS["rel"]}">'
    )
    for n, xml in enumerate(layouts, 1):
        parts[f"ppt/slideLayouts/slideLayout{n}.xml"] = xml
        parts[f"ppt/slideLayouts/_rels/slideLayout{n}.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{NS["rel"]}"><Relationship Id="rId1" Type="{RT}/slideMaster" '
            'Target="../slideMasters/slideMaster1.xml"/></Relationships>'
        ).encode()
        master_rels += f'<Relationship Id="rId{n}" Type="{RT}/slideLayout" Target="../slideLayouts/slideLayout{n}.xml"/>'
    master_rels += (f'<Relationship Id="rId{len(layouts) + 1}" Type="{RT}/theme" Target="../theme/theme1.xml"/>'
                    "</Relationships>")
    parts["ppt/slideMasters/_rels/slideMaster1.xml.rels"] = master_rels.encode()

    master = parse(parts["ppt/slideMasters/slideMaster1.xml"])
    lst = master.find("p:sldLayoutIdLst", NS)
    for child in list(lst):
        lst.remove(child)
    for n in range(1, len(layouts) + 1):
        el = etree.SubElement(lst, f"{{{NS['p']}}}sldLayoutId", id=str(2147483648 + n))
        el.set(f"{{{NS['r']}}}id", f"rId{n}")
    parts["ppt/slideMasters/slideMaster1.xml"] = serialize(master)

    ct = parse(parts["[Content_Types].xml"])
    for o in ct.findall("ct:Override", NS):
        if o.get("ContentType") == CT_LAYOUT:
            ct.remove(o)
    for n in range(1, len(layouts) + 1):
        etree.SubElement(ct, f"{{{NS['ct']}}}Override", PartName=f"/ppt/slideLayouts/slideLayout{n}.xml",
                         ContentType=CT_LAYOUT)
    parts["[Content_Types].xml"] = serialize(ct)


def strip_ext_lists(root: etree._Element) -> None:
    """Remove p14:creationId extensions (random ids from the source template)."""
    for ext_lst in root.findall(".//p:extLst", NS):
        ext_lst.getparent().remove(ext_lst)


def set_lang_everywhere(root: etree._Element) -> None:
    """Put lang="nb-NO" on every run, end-of-paragraph and default run property."""
    for tag in ("rPr", "endParaRPr", "defRPr"):
        for el in root.iter(f"{{{NS['a']}}}{tag}"):
            el.set("lang", LANG)


# --------------------------------------------------------------------------------------
# erfaring-standard.pptx: 16:9, Calibri, warm and calm
# --------------------------------------------------------------------------------------

SLIDE_W, SLIDE_H = 12192000, 6858000
M = emu(0.75)                       # left/right margin
CONTENT_W = SLIDE_W - 2 * M         # 10 820 400
TITLE = Box(M, emu(0.25), CONTENT_W, emu(1.20))        # anchored bottom; two lines of 36 pt fit
RULE = Box(M, emu(1.53), emu(0.75), emu(0.06))          # short terracotta rule under the title
BODY_TOP = emu(1.80)
BODY_BOTTOM = emu(6.70)
BODY = Box(M, BODY_TOP, CONTENT_W, BODY_BOTTOM - BODY_TOP)
FOOT_Y, FOOT_H = emu(6.93), emu(0.34)
FTR = Box(M, FOOT_Y, emu(6.60), FOOT_H)
DT = Box(emu(7.55), FOOT_Y, emu(2.90), FOOT_H)
SLDNUM = Box(SLIDE_W - M - emu(1.20), FOOT_Y, emu(1.20), FOOT_H)

TX1, TX2, BG1, BG2 = colour("tx1"), colour("tx2"), colour("bg1"), colour("bg2")
ACC1, ACC2, ACC4, ACC6 = colour("accent1"), colour("accent2"), colour("accent4"), colour("accent6")
HLINK = colour("hlink")

DT_FIELD_ID = "{6D1E3C2A-5B1F-4C0E-9A51-3F2B7A0C1E01}"
NUM_FIELD_ID = "{6D1E3C2A-5B1F-4C0E-9A51-3F2B7A0C1E02}"


def footer_shapes(first_id: int, light: bool = False, master: bool = False) -> list[str]:
    """Return date, footer and slide number placeholders (idx 10/11/12 on layouts)."""
    fill = BG2 if light else ACC6
    idx = (2, 3, 4) if master else (10, 11, 12)
    bpr = body_pr("ctr", autofit="none")
    common = dict(sz=1400, fill=fill, font="+mn", marL=0, indent=0, bullet="none")
    return [
        placeholder(first_id, "Dato", f'type="dt" sz="half" idx="{idx[0]}"', DT, bpr=bpr,
                    lst=lvl(1, algn="r", **common), custom_prompt=False,
                    paras=para("01.01.2026", field="datetimeFigureOut", field_id=DT_FIELD_ID)),
        placeholder(first_id + 1, "Bunntekst", f'type="ftr" sz="quarter" idx="{idx[1]}"', FTR, bpr=bpr,
                    lst=lvl(1, algn="l", **common), custom_prompt=False, paras=para("")),
        placeholder(first_id + 2, "Lysbildenummer", f'type="sldNum" sz="quarter" idx="{idx[2]}"', SLDNUM,
                    bpr=bpr, lst=lvl(1, algn="r", b=True, **common), custom_prompt=False,
                    paras=para("‹#›", field="slidenum", field_id=NUM_FIELD_ID)),
    ]


def title_ph(sid: int = 2, box: Box = TITLE, lst: str = "", anchor: str = "b", ph: str = 'type="title"',
             prompt: str = "Tittel") -> str:
    return placeholder(sid, "Tittel", ph, box, lst=lst, bpr=body_pr(anchor, autofit="norm"), paras=para(prompt))


def text_ph(sid: int, name: str, idx: int, box: Box, lst: str, prompt: str | list[tuple[str, int]],
            anchor: str = "t", ph_type: str = "body", extra_bpr: str = "") -> str:
    paras = para(prompt) if isinstance(prompt, str) else "".join(para(t, lv) for t, lv in prompt)
    return placeholder(sid, name, f'type="{ph_type}" idx="{idx}"', box, lst=lst,
                       bpr=body_pr(anchor, autofit="norm", extra=extra_bpr), paras=paras)


def no_bullet_levels(levels: dict[int, dict]) -> str:
    """Return lvl1..lvlN with no bullets and no indent; ``levels`` gives per-level options."""
    out = ""
    for n, opts in sorted(levels.items()):
        out += lvl(n, marL=opts.pop("marL", 0), indent=opts.pop("indent", 0), bullet="none", **opts)
    return out


def standard_master(parts: dict[str, bytes]) -> None:
    """Rebuild the slide master: placeholders, accent rule, text styles."""
    master = parse(parts["ppt/slideMasters/slideMaster1.xml"])
    strip_ext_lists(master)
    c_sld = master.find("p:cSld", NS)
    old_tree = c_sld.find("p:spTree", NS)
    body_prompts = "".join(para(t, lv) for t, lv in [
        ("Klikk for å redigere tekststiler i malen", 0), ("Andre nivå", 1), ("Tredje nivå", 2),
        ("Fjerde nivå", 3), ("Femte nivå", 4)])
    shapes = [
        title_ph(2, prompt="Klikk for å redigere tittelstil"),
        placeholder(3, "Tekst", 'type="body" idx="1"', BODY, bpr=body_pr("t", autofit="norm"),
                    paras=body_prompts, custom_prompt=False),
        *footer_shapes(4, master=True),
        shape(7, "Aksentstrek", RULE, ACC2),
    ]
    # p:ph on the master takes no hasCustomPrompt
    new_tree = etree.fromstring(f"<p:cSld {NSDECL}>{sp_tree(shapes)}</p:cSld>".encode())[0]
    for ph in new_tree.iter(f"{{{NS['p']}}}ph"):
        ph.attrib.pop("hasCustomPrompt", None)
    c_sld.replace(old_tree, new_tree)

    bullet = dict(bu_fill=ACC2)  # no buFont: the bullet uses the text font (Calibri)
    common = 'algn="l" defTabSz="914400" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1"'
    title_style = lvl(1, ln_pct=90, bef_pt=0, bullet="none", sz=3600, b=True, fill=TX2, font="+mj",
                      extra_attrs=common)
    body_style = (
        lvl(1, marL=emu(0.40), indent=-emu(0.40), ln_pct=100, bef_pt=12, bullet="•", sz=2800, fill=TX1,
            font="+mn", extra_attrs=common, **bullet)
        + lvl(2, marL=emu(0.80), indent=-emu(0.34), ln_pct=100, bef_pt=6, bullet="–", sz=2400, fill=TX1,
              font="+mn", extra_attrs=common, **bullet)
        + "".join(lvl(n, marL=emu(0.80 + 0.34 * (n - 2)), indent=-emu(0.30), ln_pct=100, bef_pt=4,
                      bullet="•" if n % 2 else "–", sz=2400, fill=TX1, font="+mn", extra_attrs=common, **bullet)
                  for n in range(3, 10))
    )
    other_style = f"<a:defPPr>{def_rpr()}</a:defPPr>" + "".join(
        lvl(n, marL=emu(0.5 * (n - 1)), sz=1800, fill=TX1, font="+mn", extra_attrs=common) for n in range(1, 10))
    tx_styles = etree.fromstring(
        f"<p:txStyles {NSDECL}><p:titleStyle>{title_style}</p:titleStyle><p:bodyStyle>{body_style}</p:bodyStyle>"
        f"<p:otherStyle>{other_style}</p:otherStyle></p:txStyles>".encode())
    master.replace(master.find("p:txStyles", NS), tx_styles)
    set_lang_everywhere(master)
    parts["ppt/slideMasters/slideMaster1.xml"] = serialize(master)


def standard_layouts() -> list[bytes]:
    """Return the 13 layouts of erfaring-standard, in the order PowerPoint shows them."""
    layouts = []
    mj = "+mj"

    # 1 Tittel: petrol page, ochre rule, large off-white title, sand subtitle and byline.
    t_box = Box(M, emu(0.90), emu(10.60), emu(2.70))
    t_rule = Box(M, emu(3.82), emu(1.00), emu(0.08))
    sub_box = Box(M, emu(4.12), emu(10.60), emu(1.30))
    by_box = Box(M, emu(5.95), emu(10.60), emu(0.55))
    layouts.append(layout_xml("Tittel", [
        shape(7, "Aksentstrek", t_rule, ACC4),
        title_ph(2, t_box, ph='type="ctrTitle"', prompt="Tittel på presentasjonen",
                 lst=lvl(1, sz=4800, fill=BG1, ln_pct=90)),
        text_ph(3, "Undertittel", 1, sub_box, ph_type="subTitle", prompt="Undertittel",
                lst=no_bullet_levels({1: dict(sz=2800, fill=BG2, bef_pt=0)})),
        text_ph(4, "Foredragsholder, sted og dato", 13, by_box, anchor="b",
                prompt="Foredragsholder · sted · dato",
                lst=no_bullet_levels({1: dict(sz=2400, fill=BG2, bef_pt=0)})),
        *footer_shapes(8, light=True),
    ], ltype="title", bg=TX2, show_master=False))

    # 2 Seksjon: sand page, big petrol title above a terracotta rule, subtitle below.
    s_title = Box(M, emu(1.30), emu(10.60), emu(2.40))
    s_rule = Box(M, emu(3.92), emu(1.00), emu(0.08))
    s_body = Box(M, emu(4.22), emu(10.60), emu(1.80))
    layouts.append(layout_xml("Seksjon", [
        shape(7, "Aksentstrek", s_rule, ACC2),
        title_ph(2, s_title, prompt="Seksjonstittel", lst=lvl(1, sz=4400, ln_pct=90)),
        text_ph(3, "Undertittel", 1, s_body, prompt="Kort om hva denne delen handler om",
                lst=no_bullet_levels({1: dict(sz=2800, fill=TX1, bef_pt=0)})),
        *footer_shapes(8),
    ], ltype="secHead", bg=BG2, show_master=False))

    # 3 Punkter: the master's title and bullets.
    layouts.append(layout_xml("Punkter", [
        title_ph(2),
        text_ph(3, "Punkter", 1, BODY, lst="", prompt=[("Første nivå", 0), ("Andre nivå", 1)]),
        *footer_shapes(8),
    ], ltype="obj"))

    # 4 Agenda: "10 min<TAB>Vendepunktet": minutes in a left column, item on a tab stop at 2 in.
    # Why 2 in: LibreOffice ignores tab stops in placeholders and uses the master's default
    # tab size (1 in), so a stop at 2 x 1 in lines up the same in PowerPoint and LibreOffice.
    ag_box = Box(M, BODY_TOP, emu(10.00), BODY.cy)
    ag_tab = 2 * 914400
    layouts.append(layout_xml("Agenda", [
        title_ph(2, prompt="Program"),
        text_ph(3, "Programpunkter", 1, ag_box, prompt=[("10 min\tPunkt", 0), ("Kort beskrivelse", 1)],
                lst=no_bullet_levels({
                    1: dict(sz=2800, fill=TX1, bef_pt=6, tabs=[(ag_tab, "l")]),
                    2: dict(sz=2400, fill=ACC6, bef_pt=2, marL=ag_tab),
                })),
        *footer_shapes(8),
    ]))

    # 5 Sitat: small title at the top, large quote with a terracotta quotation mark, attribution right.
    q_title = Box(M, emu(0.45), CONTENT_W, emu(0.55))
    q_mark = Box(M - emu(0.06), emu(1.20), emu(1.20), emu(1.60))
    q_left = M + emu(1.15)
    q_w = SLIDE_W - M - q_left - emu(0.35)
    q_box = Box(q_left, emu(1.45), q_w, emu(3.70))
    q_attr = Box(q_left, emu(5.35), q_w, emu(1.05))
    layouts.append(layout_xml("Sitat", [
        glyph(7, "Sitattegn", q_mark, "“", 16600, ACC2),
        title_ph(2, q_title, anchor="t", prompt="Tittel (kort)",
                 lst=lvl(1, sz=2400, b=True, fill=ACC6, ln_pct=100)),
        text_ph(3, "Sitat", 13, q_box, anchor="ctr", prompt="«Sitat»",
                lst=no_bullet_levels({1: dict(sz=3200, i=True, fill=TX1, ln_pct=110, bef_pt=0),
                                      2: dict(sz=3200, i=True, fill=TX1, ln_pct=110, bef_pt=12)})),
        text_ph(4, "Kilde for sitatet", 14, q_attr, anchor="t", prompt="— Navn, rolle",
                lst=no_bullet_levels({1: dict(sz=2400, b=True, fill=TX2, algn="r", bef_pt=0),
                                      2: dict(sz=2000, fill=ACC6, algn="r", bef_pt=0)})),
        *footer_shapes(8),
    ], show_master=False))

    # 6 Ordvegg: one word per paragraph, centred and large; level 2 = second group in terracotta.
    layouts.append(layout_xml("Ordvegg", [
        title_ph(2),
        text_ph(3, "Ord", 1, Box(M, emu(1.95), CONTENT_W, BODY_BOTTOM - emu(1.95)), anchor="ctr",
                prompt=[("Ord", 0), ("Ord?", 1)],
                lst=no_bullet_levels({1: dict(sz=4000, b=True, fill=TX1, algn="ctr", ln_pct=100, bef_pt=0),
                                      2: dict(sz=4000, b=True, i=True, fill=ACC2, algn="ctr", ln_pct=100,
                                              bef_pt=0)})),
        *footer_shapes(8),
    ]))

    # 7 Fakta: three sand cards; big terracotta number, short rule, caption, source line (level 2).
    gap = emu(0.35)
    card_w = (CONTENT_W - 2 * gap) // 3
    card_y, card_h = emu(1.85), emu(4.80)
    pad = emu(0.30)
    shapes = [title_ph(2)]
    sid = 3
    # The card is the caption placeholder itself (sand fill, text inset below the number), so a
    # slide with fewer than three facts loses the unused cards together with their placeholders.
    card_geom = ('<a:prstGeom prst="roundRect"><a:avLst><a:gd name="adj" fmla="val 4000"/></a:avLst>'
                 f'</a:prstGeom><a:solidFill>{BG2}</a:solidFill><a:ln><a:noFill/></a:ln>')
    for n in range(3):
        cx = M + n * (card_w + gap)
        shapes.append(placeholder(
            sid + 1, f"Forklaring {n + 1}", f'type="body" idx="{14 + 2 * n}"', Box(cx, card_y, card_w, card_h),
            lst=no_bullet_levels({1: dict(sz=2400, fill=TX1, ln_pct=100, bef_pt=0),
                                  2: dict(sz=1800, fill=ACC6, ln_pct=100, bef_pt=10)}),
            bpr=body_pr("t", ins=(pad, emu(1.72), pad, pad), autofit="norm"),
            paras="".join(para(t, lv) for t, lv in [("Hva tallet betyr", 0), ("per høst 2018 · Kilde: …", 1)]),
            prst=False, fill=card_geom))
        shapes.append(text_ph(sid, f"Tall {n + 1}", 13 + 2 * n, Box(cx + pad, card_y + emu(0.25), card_w - 2 * pad,
                                                                      emu(1.15)),
                              anchor="b", prompt="42",
                              lst=no_bullet_levels({1: dict(sz=6000, b=True, fill=ACC2, ln_pct=90, bef_pt=0,
                                                            font=mj)})))
        sid += 2
    layouts.append(layout_xml("Fakta", shapes + footer_shapes(40)))

    # 8 Bilde: 3:2 picture on the left, caption at its foot on the right.
    pic_w = emu(7.35)
    pic = Box(M, BODY_TOP, pic_w, BODY.cy)
    cap_x = M + pic_w + emu(0.40)
    cap = Box(cap_x, BODY_TOP, SLIDE_W - M - cap_x, BODY.cy)
    layouts.append(layout_xml("Bilde", [
        title_ph(2),
        placeholder(3, "Bilde", 'type="pic" idx="13"', pic, bpr=body_pr("ctr", autofit="none"),
                    lst=no_bullet_levels({1: dict(sz=2000, fill=ACC6, algn="ctr")}),
                    paras=para("Klikk på ikonet for å legge til et bilde"),
                    fill=f"<a:solidFill>{BG2}</a:solidFill>"),
        text_ph(4, "Bildetekst", 14, cap, anchor="b", prompt="Bildetekst",
                lst=no_bullet_levels({1: dict(sz=2400, fill=TX1, bef_pt=0),
                                      2: dict(sz=1800, fill=ACC6, bef_pt=8)})),
        *footer_shapes(8),
    ], ltype="picTx"))

    # 9 To kolonner: heading + hairline + bullets, twice.
    col_gap = emu(0.50)
    col_w = (CONTENT_W - col_gap) // 2
    head_h = emu(0.62)
    line_y = BODY_TOP + head_h + emu(0.08)
    col_body_y = line_y + emu(0.16)
    shapes = [title_ph(2)]
    for n, (hid, bid, side) in enumerate([(13, 14, "venstre"), (15, 16, "høyre")]):
        x = M + n * (col_w + col_gap)
        shapes.append(shape(20 + n, f"Linje {side}", Box(x, line_y, col_w, emu(0.015)), ACC6))
        shapes.append(text_ph(3 + 2 * n, f"Overskrift {side}", hid, Box(x, BODY_TOP, col_w, head_h), anchor="b",
                              prompt="Overskrift",
                              lst=no_bullet_levels({1: dict(sz=2800, b=True, fill=TX2, bef_pt=0)})))
        shapes.append(text_ph(4 + 2 * n, f"Tekst {side}", bid, Box(x, col_body_y, col_w, BODY_BOTTOM - col_body_y),
                              prompt=[("Punkt", 0), ("Underpunkt", 1)],
                              lst=lvl(1, sz=2400, bef_pt=8) + lvl(2, sz=2400, bef_pt=4)))
    layouts.append(layout_xml("To kolonner", shapes + footer_shapes(8), ltype="twoTxTwoObj"))

    # 10 Lenke: description and URL left (60 %), QR code on a white square right.
    text_w = int(CONTENT_W * 0.60)
    qr_card = emu(4.10)
    qr_x = SLIDE_W - M - qr_card
    qr_y = BODY_TOP + (BODY.cy - qr_card) // 2
    qr_pad = emu(0.20)
    layouts.append(layout_xml("Lenke", [
        title_ph(2),
        shape(20, "QR-bakgrunn", Box(qr_x, qr_y, qr_card, qr_card), colour(srgb="FFFFFF"),
              prst="roundRect", adj='<a:gd name="adj" fmla="val 4000"/>'),
        text_ph(3, "Beskrivelse og lenke", 13, Box(M, BODY_TOP, text_w, BODY.cy), anchor="ctr",
                prompt=[("Hva lenken viser", 0), ("https://eksempel.no", 1)],
                lst=no_bullet_levels({1: dict(sz=2800, fill=TX1, bef_pt=12),
                                      2: dict(sz=2400, fill=HLINK, bef_pt=18)})),
        placeholder(4, "QR-kode", 'type="pic" idx="14"',
                    Box(qr_x + qr_pad, qr_y + qr_pad, qr_card - 2 * qr_pad, qr_card - 2 * qr_pad),
                    bpr=body_pr("ctr", autofit="none"),
                    lst=no_bullet_levels({1: dict(sz=1800, fill=ACC6, algn="ctr")}), paras=para("QR-kode")),
        *footer_shapes(8),
    ]))

    # 11 Diskusjon: numbered questions; a large sand question mark at the right.
    d_box = Box(M, BODY_TOP, emu(9.30), BODY.cy)
    layouts.append(layout_xml("Diskusjon", [
        glyph(20, "Spørsmålstegn", Box(SLIDE_W - M - emu(2.30), emu(1.55), emu(2.30), emu(4.80)), "?", 36000,
              BG2, algn="r"),
        title_ph(2, prompt="Til refleksjon"),
        text_ph(3, "Spørsmål", 1, d_box, prompt=[("Spørsmål", 0), ("Hjelpespørsmål", 1)],
                lst=lvl(1, marL=emu(0.55), indent=-emu(0.55), sz=2800, bef_pt=18, bu_auto="arabicPeriod",
                        bu_fill=ACC2)
                + lvl(2, marL=emu(0.95), indent=-emu(0.34), sz=2400, bef_pt=6, bullet="–", bu_fill=ACC2)),
        *footer_shapes(8),
    ]))

    # 12 Kilder: reference list, 18 pt, hanging indent, no bullets.
    layouts.append(layout_xml("Kilder", [
        title_ph(2, prompt="Kilder"),
        text_ph(3, "Kildeliste", 1, BODY, prompt=[("Etternavn, F. (år). Tittel. Forlag.", 0)],
                lst=no_bullet_levels({1: dict(sz=2400, fill=TX1, marL=emu(0.45), indent=-emu(0.45), bef_pt=8,
                                              ln_pct=100),
                                      2: dict(sz=2000, fill=ACC6, marL=emu(0.45), indent=0, bef_pt=2,
                                              ln_pct=100)})),
        *footer_shapes(8),
    ]))

    # 13 Avslutning: petrol page like Tittel.
    a_title = Box(M, emu(0.90), emu(10.60), emu(2.70))
    a_body = Box(M, emu(4.12), emu(10.60), emu(2.30))
    layouts.append(layout_xml("Avslutning", [
        shape(7, "Aksentstrek", t_rule, ACC4),
        title_ph(2, a_title, prompt="Takk!", lst=lvl(1, sz=4800, fill=BG1, ln_pct=90)),
        text_ph(3, "Avslutning", 1, a_body, prompt=[("Kontakt, neste steg, lenker", 0)],
                lst=no_bullet_levels({1: dict(sz=2800, fill=BG2, bef_pt=6), 2: dict(sz=2400, fill=BG2, bef_pt=4)})),
        *footer_shapes(8, light=True),
    ], bg=TX2, show_master=False))

    out = []
    for xml in layouts:
        root = parse(xml)
        set_lang_everywhere(root)
        out.append(serialize(root))
    return out


def build_standard() -> bytes:
    """Return the bytes of erfaring-standard.pptx."""
    parts = default_parts()
    clean_package(parts, "Erfaringsbanken standardmal", "Widescreen", STANDARD.name)
    set_presentation(parts, SLIDE_W, SLIDE_H, None)
    set_theme(parts, STANDARD, "Calibri", flat=True)
    set_notes_master(parts, STANDARD, "Calibri", slide_image=Box(381000, 685800, 6096000, 3429000))
    standard_master(parts)
    replace_layouts(parts, standard_layouts())
    return write_package(parts)


# --------------------------------------------------------------------------------------
# organisasjon.pptx: a different-looking 4:3 test template (Arial, English layout names,
# other placeholder idx values). Built the other way round: python-pptx's own layouts are
# kept, renamed and renumbered; two layouts are added.
# --------------------------------------------------------------------------------------

ORG = Palette(
    name="Organisasjon",
    dk1="1A1A1A", lt1="FFFFFF", dk2="1F3864", lt2="E7EEF7",
    accent1="2F5597", accent2="2E7D32", accent3="7F6000", accent4="C55A11",
    accent5="5B2C6F", accent6="595959", hlink="0563C1", folHlink="7030A0",
)
ORG_TEXT_PAIRS = [
    ("body on white", "dk1", "lt1"),
    ("titles on white", "dk2", "lt1"),
    ("fact values (green) on white", "accent2", "lt1"),
    ("footer grey on white", "accent6", "lt1"),
]
# source layout name in python-pptx's default -> (new name, {old idx: new idx})
ORG_KEEP = {
    "Title Slide": ("Org Title", {1: 20}),
    "Title and Content": ("Org Content", {1: 30}),
    "Comparison": ("Org Comparison", {1: 41, 2: 42, 3: 43, 4: 44}),
    "Picture with Caption": ("Org Picture", {1: 51, 2: 52}),
}


def _org_renumber(xml: bytes, new_name: str, idx_map: dict[int, int]) -> etree._Element:
    root = parse(xml)
    strip_ext_lists(root)
    root.find("p:cSld", NS).set("name", new_name)
    for ph in root.iter(f"{{{NS['p']}}}ph"):
        idx = int(ph.get("idx", "0"))
        if idx in idx_map:
            ph.set("idx", str(idx_map[idx]))
    return root


def _org_extra_layouts() -> list[bytes]:
    """Return 'Org Quote' and 'Org Facts', built from scratch on the 4:3 grid."""
    w = 9144000
    m = emu(0.5)
    cw = w - 2 * m
    footer = [
        placeholder(10, "Date Placeholder", 'type="dt" sz="half" idx="10"', None, custom_prompt=False,
                    paras=para("01.01.2026", field="datetimeFigureOut", field_id=DT_FIELD_ID)),
        placeholder(11, "Footer Placeholder", 'type="ftr" sz="quarter" idx="11"', None, custom_prompt=False),
        placeholder(12, "Slide Number Placeholder", 'type="sldNum" sz="quarter" idx="12"', None,
                    custom_prompt=False, paras=para("‹#›", field="slidenum", field_id=NUM_FIELD_ID)),
    ]
    quote = layout_xml("Org Quote", [
        placeholder(2, "Title 1", 'type="title"', None, custom_prompt=False, paras=para("Click to edit title")),
        placeholder(3, "Quote", 'type="body" idx="61"', Box(m + emu(0.5), emu(1.8), cw - emu(1.0), emu(3.0)),
                    bpr=body_pr("ctr", ins=(91440, 45720, 91440, 45720)),
                    lst=lvl(1, marL=0, indent=0, bullet="none", sz=2800, i=True, algn="ctr"),
                    paras=para("Quote")),
        placeholder(4, "Attribution", 'type="body" idx="62"', Box(m + emu(0.5), emu(4.9), cw - emu(1.0), emu(0.8)),
                    bpr=body_pr("t", ins=(91440, 45720, 91440, 45720)),
                    lst=lvl(1, marL=0, indent=0, bullet="none", sz=2000, algn="r", fill=colour("accent6"))
                    + lvl(2, marL=0, indent=0, bullet="none", sz=1800, algn="r", fill=colour("accent6")),
                    paras=para("Name, role")),
        *footer,
    ])
    col = (cw - 2 * emu(0.25)) // 3
    shapes = [placeholder(2, "Title 1", 'type="title"', None, custom_prompt=False,
                          paras=para("Click to edit title"))]
    for n in range(3):
        x = m + n * (col + emu(0.25))
        shapes.append(placeholder(3 + n, f"Value {n + 1}", f'type="body" idx="{71 + n}"',
                                  Box(x, emu(1.7), col, emu(1.2)), bpr=body_pr("b", ins=(91440, 45720, 91440, 45720)),
                                  lst=lvl(1, marL=0, indent=0, bullet="none", sz=4800, b=True, algn="ctr",
                                          fill=colour("accent2")),
                                  paras=para("0")))
        shapes.append(placeholder(6 + n, f"Caption {n + 1}", f'type="body" idx="{74 + n}"',
                                  Box(x, emu(3.0), col, emu(3.0)), bpr=body_pr("t", ins=(91440, 45720, 91440, 45720)),
                                  lst=lvl(1, marL=0, indent=0, bullet="none", sz=2000, algn="ctr")
                                  + lvl(2, marL=0, indent=0, bullet="none", sz=1600, algn="ctr",
                                        fill=colour("accent6")),
                                  paras=para("Caption")))
    facts = layout_xml("Org Facts", shapes + footer)
    return [quote, facts]


def build_organisasjon() -> bytes:
    """Return the bytes of the 4:3 test template organisasjon.pptx."""
    parts = default_parts()
    clean_package(parts, "Organisasjon testmal", "On-screen Show (4:3)", ORG.name)
    set_presentation(parts, 9144000, 6858000, "screen4x3")
    set_theme(parts, ORG, "Arial", flat=False)
    set_notes_master(parts, ORG, "Arial")

    master = parse(parts["ppt/slideMasters/slideMaster1.xml"])
    strip_ext_lists(master)
    title_rpr = master.find("p:txStyles/p:titleStyle/a:lvl1pPr/a:defRPr", NS)
    title_rpr.set("sz", "3600")
    title_rpr.set("b", "1")
    title_rpr.find("a:solidFill/a:schemeClr", NS).set("val", "tx2")
    master.find("p:txStyles/p:titleStyle/a:lvl1pPr", NS).set("algn", "l")
    for n, size in enumerate([2800, 2400, 2400, 2000, 2000, 2000, 2000, 2000, 2000], 1):
        master.find(f"p:txStyles/p:bodyStyle/a:lvl{n}pPr/a:defRPr", NS).set("sz", str(size))
    # footers: theme font, readable grey (the source template tints tx1 to 75 %)
    for sp in master.find("p:cSld/p:spTree", NS).findall("p:sp", NS):
        ph = sp.find("p:nvSpPr/p:nvPr/p:ph", NS)
        if ph is not None and ph.get("type") in ("dt", "ftr", "sldNum"):
            rpr = sp.find("p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr", NS)
            fill = rpr.find("a:solidFill", NS)
            fill.getparent().replace(fill, etree.fromstring(f'<a:solidFill xmlns:a="{NS["a"]}">'
                                                            + colour("accent6") + "</a:solidFill>"))
            etree.SubElement(rpr, f"{{{NS['a']}}}latin", typeface="+mn-lt")
    # a green band along the bottom edge, behind the footer
    band = etree.fromstring(
        f"<p:spTree {NSDECL}>" + shape(20, "Band", Box(0, 6858000 - emu(0.12), 9144000, emu(0.12)),
                                       colour("accent2")) + "</p:spTree>")[0]
    master.find("p:cSld/p:spTree", NS).append(band)
    set_lang_everywhere(master)
    parts["ppt/slideMasters/slideMaster1.xml"] = serialize(master)

    rels = parse(parts["ppt/slideMasters/_rels/slideMaster1.xml.rels"])
    layouts = []
    for rel in sorted(rels, key=lambda r: int(r.get("Id")[3:])):
        if not rel.get("Type").endswith("/slideLayout"):
            continue
        xml = parts["ppt/slideLayouts/" + rel.get("Target").rsplit("/", 1)[1]]
        name = parse(xml).find("p:cSld", NS).get("name")
        if name in ORG_KEEP:
            new_name, idx_map = ORG_KEEP[name]
            root = _org_renumber(xml, new_name, idx_map)
            for ph in root.iter(f"{{{NS['p']}}}ph"):
                if ph.get("type") in ("dt", "ftr", "sldNum"):
                    # name the theme font on the layout too: LibreOffice does not inherit it for footers
                    lst = ph.getparent().getparent().getparent().find("p:txBody/a:lstStyle", NS)
                    lst.append(etree.fromstring(f'<a:lvl1pPr xmlns:a="{NS["a"]}"><a:defRPr lang="{LANG}">'
                                                '<a:latin typeface="+mn-lt"/></a:defRPr></a:lvl1pPr>'))
            for clr in root.iter(f"{{{NS['a']}}}schemeClr"):
                if clr.find("a:tint", NS) is not None:  # tinted grey text: too little contrast
                    clr.set("val", "accent6")
                    clr.remove(clr.find("a:tint", NS))
            if new_name == "Org Title":
                # add a byline body placeholder (idx 21) under the subtitle
                byline = etree.fromstring(f"<p:spTree {NSDECL}>" + placeholder(
                    7, "Byline", 'type="body" idx="21"', Box(emu(1.0), emu(5.2), emu(8.0), emu(0.6)),
                    bpr=body_pr("t", ins=(91440, 45720, 91440, 45720)),
                    lst=lvl(1, marL=0, indent=0, bullet="none", sz=2000, algn="ctr", fill=colour("accent6")),
                    paras=para("Presenter · place · date")) + "</p:spTree>")[0]
                root.find("p:cSld/p:spTree", NS).append(byline)
            set_lang_everywhere(root)
            layouts.append(serialize(root))
    for xml in _org_extra_layouts():
        root = parse(xml)
        set_lang_everywhere(root)
        layouts.append(serialize(root))
    replace_layouts(parts, layouts)
    return write_package(parts)


# --------------------------------------------------------------------------------------
# Checks against the layout maps
# --------------------------------------------------------------------------------------

def check_map(pptx_bytes: bytes, map_path: Path) -> list[str]:
    """Return problems: layouts or placeholder idx named in the map but missing in the template."""
    import yaml  # only needed for this check

    spec = yaml.safe_load(map_path.read_text(encoding="utf-8"))
    prs = Presentation(io.BytesIO(pptx_bytes))
    by_name = {layout.name: layout for layout in prs.slide_layouts}
    problems = []
    if [prs.slide_width, prs.slide_height] != spec["slide_size"]:
        problems.append(f"slide_size {spec['slide_size']} != {[prs.slide_width, prs.slide_height]}")
    for kind, entry in spec["kinds"].items():
        layout = by_name.get(entry["layout"])
        if layout is None:
            problems.append(f"{kind}: no layout {entry['layout']!r}")
            continue
        have = {ph.placeholder_format.idx for ph in layout.placeholders}
        for role, idx in entry["placeholders"].items():
            if idx not in have:
                problems.append(f"{kind}.{role}: layout {entry['layout']!r} has no placeholder idx {idx}")
    return problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="build in memory and check; write nothing")
    args = parser.parse_args(argv)

    print("Contrast, erfaring-standard (WCAG 2.1 AA needs 4.5:1 for normal text):")
    print("\n".join(contrast_report(STANDARD, STANDARD_TEXT_PAIRS)))
    print("Contrast, organisasjon:")
    print("\n".join(contrast_report(ORG, ORG_TEXT_PAIRS)))

    outputs = [(STANDARD_OUT, build_standard()), (ORG_OUT, build_organisasjon())]
    status = 0
    for out, data in outputs:
        map_path = out.with_suffix("").with_suffix(".layouts.yaml")
        if map_path.exists():
            problems = check_map(data, map_path)
            for p in problems:
                print(f"{map_path.name}: {p}", file=sys.stderr)
            status |= bool(problems)
        if not args.check:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
            print(f"wrote {out.relative_to(ROOT)} ({len(data)} bytes)")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
