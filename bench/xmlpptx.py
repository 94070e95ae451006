"""The practical limit: the benchmark's slides written as XML strings into a zip, nothing else.

    python bench/xmlpptx.py SLIDES.json OUT.pptx

Reads the same slide records as bench/floor.py (title, body paragraphs, notes) and writes
a minimal but valid PresentationML package with the standard library only: one theme,
one slide master with a «Title and Content» layout, a notes master, and per record a
slide (title and body placeholders) and a notes page. No object model, no template to
parse, no lxml: string formatting and `zipfile`. What any real tool costs beyond this is
the price of its object model, its checks and its start-up; this is how fast the same
bytes can be made in Python at all. `python3 /work/shared/tools/pptx_check.py` passes it.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_PML = "application/vnd.openxmlformats-officedocument.presentationml"
LANG = "nb-NO"
SLIDE_W, SLIDE_H = 12192000, 6858000
NOTES_W, NOTES_H = 6858000, 9144000
CLR_MAP = ('bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" '
           'accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"')
GROUP = ('<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
         '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
         '<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>')


def _solid(scheme: str) -> str:
    return f'<a:solidFill><a:schemeClr val="{scheme}"/></a:solidFill>'


THEME = (DECL + '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Bench">'
         '<a:themeElements><a:clrScheme name="Bench">'
         '<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
         '<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>'
         + "".join(f'<a:{n}><a:srgbClr val="{v}"/></a:{n}>' for n, v in (
             ("dk2", "1F3864"), ("lt2", "E7E6E6"), ("accent1", "4472C4"), ("accent2", "ED7D31"),
             ("accent3", "A5A5A5"), ("accent4", "FFC000"), ("accent5", "5B9BD5"), ("accent6", "70AD47"),
             ("hlink", "0563C1"), ("folHlink", "954F72")))
         + '</a:clrScheme><a:fontScheme name="Bench">'
         '<a:majorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont>'
         '<a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont>'
         '</a:fontScheme><a:fmtScheme name="Bench"><a:fillStyleLst>'
         + _solid("phClr") * 3 + '</a:fillStyleLst><a:lnStyleLst>'
         + f'<a:ln w="6350">{_solid("phClr")}</a:ln>' * 3 + '</a:lnStyleLst><a:effectStyleLst>'
         + '<a:effectStyle><a:effectLst/></a:effectStyle>' * 3 + '</a:effectStyleLst><a:bgFillStyleLst>'
         + _solid("phClr") * 3 + '</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>')


def _sp(shape_id: int, name: str, ph: str, paragraphs: list[str], xfrm: str = "") -> str:
    """Return a placeholder shape holding `paragraphs` (one a:p each, at least one)."""
    body = "".join(f'<a:p><a:r><a:rPr lang="{LANG}" dirty="0"/><a:t>{escape(text)}</a:t></a:r></a:p>'
                   for text in paragraphs) or f'<a:p><a:endParaRPr lang="{LANG}"/></a:p>'
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr><a:spLocks noGrp="1"/>'
            f'</p:cNvSpPr><p:nvPr>{ph}</p:nvPr></p:nvSpPr><p:spPr>{xfrm}</p:spPr>'
            f'<p:txBody><a:bodyPr/><a:lstStyle/>{body}</p:txBody></p:sp>')


def _xfrm(x: int, y: int, cx: int, cy: int) -> str:
    return f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'


TITLE_PH, BODY_PH = '<p:ph type="title"/>', '<p:ph idx="1"/>'
MASTER = (DECL + f'<p:sldMaster {NS}><p:cSld><p:spTree>{GROUP}'
          + _sp(2, "Title", TITLE_PH, [], _xfrm(838200, 365125, 10515600, 1325563))
          + _sp(3, "Body", '<p:ph type="body" idx="1"/>', [], _xfrm(838200, 1825625, 10515600, 4351338))
          + f'</p:spTree></p:cSld><p:clrMap {CLR_MAP}/>'
          '<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst></p:sldMaster>')
LAYOUT = (DECL + f'<p:sldLayout {NS} type="obj" preserve="1"><p:cSld name="Title and Content"><p:spTree>{GROUP}'
          + _sp(2, "Title 1", TITLE_PH, []) + _sp(3, "Content Placeholder 2", BODY_PH, [])
          + '</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>')
NOTES_MASTER = (DECL + f'<p:notesMaster {NS}><p:cSld><p:spTree>{GROUP}'
                + _sp(2, "Notes Placeholder 1", '<p:ph type="body" idx="1"/>', [],
                      _xfrm(685800, 4400550, 5486400, 3600450))
                + f'</p:spTree></p:cSld><p:clrMap {CLR_MAP}/></p:notesMaster>')


def slide_xml(record: dict) -> str:
    """Return the slide part of one record: a title and a body placeholder."""
    return (DECL + f'<p:sld {NS}><p:cSld><p:spTree>{GROUP}'
            + _sp(2, "Title 1", TITLE_PH, [record["title"]])
            + _sp(3, "Content Placeholder 2", BODY_PH, record["body"])
            + '</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>')


def notes_xml(text: str) -> str:
    """Return the notes page holding `text`, one paragraph per line."""
    return (DECL + f'<p:notes {NS}><p:cSld><p:spTree>{GROUP}'
            + _sp(2, "Notes Placeholder 1", '<p:ph type="body" idx="1"/>', text.split("\n"))
            + '</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>')


def rels(*targets: tuple[str, str]) -> str:
    """Return a relationships part: rId1… for each (type, target)."""
    return (DECL + f'<Relationships xmlns="{PKG_REL}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{kind}" Target="{target}"/>'
                      for i, (kind, target) in enumerate(targets, start=1))
            + "</Relationships>")


def content_types(n: int, with_notes: list[int]) -> str:
    """Return [Content_Types].xml for `n` slides and the notes pages in `with_notes`."""
    over = [("/ppt/presentation.xml", f"{CT_PML}.presentation.main+xml"),
            ("/ppt/slideMasters/slideMaster1.xml", f"{CT_PML}.slideMaster+xml"),
            ("/ppt/slideLayouts/slideLayout1.xml", f"{CT_PML}.slideLayout+xml"),
            ("/ppt/notesMasters/notesMaster1.xml", f"{CT_PML}.notesMaster+xml"),
            ("/ppt/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml"),
            ("/ppt/theme/theme2.xml", "application/vnd.openxmlformats-officedocument.theme+xml"),
            ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
            ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml")]
    over += [(f"/ppt/slides/slide{i}.xml", f"{CT_PML}.slide+xml") for i in range(1, n + 1)]
    over += [(f"/ppt/notesSlides/notesSlide{i}.xml", f"{CT_PML}.notesSlide+xml") for i in with_notes]
    return (DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in over) + "</Types>")


def presentation(n: int) -> str:
    """Return ppt/presentation.xml: master, notes master, `n` slides, sizes."""
    ids = "".join(f'<p:sldId id="{255 + i}" r:id="rId{i + 3}"/>' for i in range(1, n + 1))
    return (DECL + f'<p:presentation {NS} saveSubsetFonts="1">'
            '<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>'
            '<p:notesMasterIdLst><p:notesMasterId r:id="rId2"/></p:notesMasterIdLst>'
            f'<p:sldIdLst>{ids}</p:sldIdLst><p:sldSz cx="{SLIDE_W}" cy="{SLIDE_H}"/>'
            f'<p:notesSz cx="{NOTES_W}" cy="{NOTES_H}"/></p:presentation>')


def core(title: str) -> str:
    """Return docProps/core.xml with the deck's title and language."""
    return (DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f'<dc:title>{escape(title)}</dc:title><dc:language>{LANG}</dc:language></cp:coreProperties>')


def app(n: int) -> str:
    """Return docProps/app.xml."""
    return (DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            f'<Application>bench/xmlpptx.py</Application><Slides>{n}</Slides></Properties>')


def write(records: list[dict], out: Path) -> None:
    """Write `records` as a .pptx to `out`."""
    n = len(records)
    with_notes = [i for i, r in enumerate(records, start=1) if r["notes"]]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        put = z.writestr
        put("[Content_Types].xml", content_types(n, with_notes))
        put("_rels/.rels", rels((f"{REL}/officeDocument", "ppt/presentation.xml"),
                                (f"{PKG_REL}/metadata/core-properties", "docProps/core.xml"),
                                (f"{REL}/extended-properties", "docProps/app.xml")))
        put("docProps/core.xml", core(records[0]["title"] if records else ""))
        put("docProps/app.xml", app(n))
        put("ppt/presentation.xml", presentation(n))
        put("ppt/_rels/presentation.xml.rels", rels(
            (f"{REL}/slideMaster", "slideMasters/slideMaster1.xml"),
            (f"{REL}/notesMaster", "notesMasters/notesMaster1.xml"),
            (f"{REL}/theme", "theme/theme1.xml"),
            *((f"{REL}/slide", f"slides/slide{i}.xml") for i in range(1, n + 1))))
        put("ppt/theme/theme1.xml", THEME)
        put("ppt/theme/theme2.xml", THEME)
        put("ppt/slideMasters/slideMaster1.xml", MASTER)
        put("ppt/slideMasters/_rels/slideMaster1.xml.rels", rels(
            (f"{REL}/slideLayout", "../slideLayouts/slideLayout1.xml"), (f"{REL}/theme", "../theme/theme1.xml")))
        put("ppt/slideLayouts/slideLayout1.xml", LAYOUT)
        put("ppt/slideLayouts/_rels/slideLayout1.xml.rels",
            rels((f"{REL}/slideMaster", "../slideMasters/slideMaster1.xml")))
        put("ppt/notesMasters/notesMaster1.xml", NOTES_MASTER)
        put("ppt/notesMasters/_rels/notesMaster1.xml.rels", rels((f"{REL}/theme", "../theme/theme2.xml")))
        for i, record in enumerate(records, start=1):
            put(f"ppt/slides/slide{i}.xml", slide_xml(record))
            slide_rels = [(f"{REL}/slideLayout", "../slideLayouts/slideLayout1.xml")]
            if record["notes"]:
                slide_rels.append((f"{REL}/notesSlide", f"../notesSlides/notesSlide{i}.xml"))
                put(f"ppt/notesSlides/notesSlide{i}.xml", notes_xml(record["notes"]))
                put(f"ppt/notesSlides/_rels/notesSlide{i}.xml.rels", rels(
                    (f"{REL}/notesMaster", "../notesMasters/notesMaster1.xml"),
                    (f"{REL}/slide", f"../slides/slide{i}.xml")))
            put(f"ppt/slides/_rels/slide{i}.xml.rels", rels(*slide_rels))


def main(argv: list[str] | None = None) -> int:
    """Read the slide records and write them."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    records = json.loads(Path(args[0]).read_text(encoding="utf-8"))["slides"]
    write(records, Path(args[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
