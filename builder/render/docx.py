"""The participant handout as a Word document that people can edit.

Same content as the HTML handout (`handout.handout_view`), but built from Word's own
styles so that it stays editable and accessible: Title and Subtitle, Heading 1 for the
programme, each module, the sources and the contact, Heading 2 for the parts of a module,
Intense Quote for quotes, List Bullet and List Number for lists (numbering restarts for
each list of questions), real tables with a repeating header row, ruled writing lines as
paragraphs with a bottom border, page numbers as fields in the footer. Language nb-NO.

Pages break where a reader expects: headings keep with what follows, every list keeps
together (keep-with-next on all its paragraphs but the last), a module's heading and
summary stay with its learning objectives, a reflection question stays with its writing
lines and the last two questions stay together, the key points take the block before
them along, quotes keep their lines and their attribution, and a table that fits on a
page is not split.

The text is the HTML handout's (`handout_view`): each point stated once, one attribution
per quote. Word hyphenates automatically in nb-NO but never more than two lines in a row,
and proper names (`HandoutView.names`) are runs marked not to be proofed and without a
language, which Word and LibreOffice do not hyphenate.

Text goes in through python-docx as text, never as markup, so `<script>` and `{{ 7*7 }}`
stay literal. The zip is rewritten with fixed dates: the same plan gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from builder.plan import DeckPlan
from builder.render import names as proper_names
from builder.render.handout import GENERATOR, HandoutView, ModuleView, Span, handout_view
from builder.render.zipfix import normalise_zip

PETROL = RGBColor(0x1F, 0x4F, 0x59)
TERRACOTTA = RGBColor(0xA6, 0x49, 0x2B)
MUTED = RGBColor(0x6A, 0x62, 0x5B)
INK = RGBColor(0x26, 0x23, 0x21)
RULE = "D8CCBD"
LINE = "B9AC9C"
TINT = "F4EEE5"
SOFT = "E6EEEF"
FONT = "Calibri"  # the decks' font; Carlito has the same metrics
LANG = "nb-NO"

# Child order of the elements we touch by hand (ECMA-376 sequences): Word refuses a file whose
# elements are out of order, so each is inserted before its first successor present.
PPR = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
       "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
       "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
       "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
       "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
RPR = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
       "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
       "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
       "em", "lang", "eastAsianLayout", "specVanish", "oMath")
TBLPR = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
         "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption",
         "tblDescription")
TCPR = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "textDirection",
        "tcFitText", "vAlign", "hideMark")
SETTINGS_AFTER_HYPHENATION = (
    "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope", "summaryLength",
    "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting",
    "bookFoldPrintingSheets", "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery", "doNotUseMarginsForDrawingGridOrigin",
    "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
    "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars", "noLineBreaksAfter",
    "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema", "saveInvalidXml", "ignoreMixedContent",
    "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml", "saveXmlDataOnly", "useXSLTWhenSaving",
    "saveThroughXslt", "showXMLTags", "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr",
    "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
    "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
    "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)


def _child(parent, name: str, order: tuple[str, ...]):
    """Return the child `w:name` of `parent`, inserting it at its place in `order` if missing."""
    found = parent.find(qn(f"w:{name}"))
    if found is not None:
        return found
    element = OxmlElement(f"w:{name}")
    successors = order[order.index(name) + 1:]
    parent.insert_element_before(element, *(f"w:{t}" for t in successors))
    return element


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --- text ------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    """Drop characters XML cannot hold (content is text; this only keeps Word able to open it)."""
    return _CONTROL.sub("", text)


def _add_text(paragraph, text: str, bold: bool | None = None, italic: bool | None = None,
              color: RGBColor | None = None, size: float | None = None):
    """Append `text` as one run; a soft hyphen (U+00AD) becomes Word's optional hyphen."""
    run = paragraph.add_run()
    for n, part in enumerate(_clean(text).split("\u00ad")):
        if n:
            run._r.append(OxmlElement("w:softHyphen"))
        if part:
            run._r.add_t(part)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if color is not None:
        run.font.color.rgb = color
    if size is not None:
        run.font.size = Pt(size)
    return run


def _para(doc_or_cell, text: str = "", style: str | None = None, names: frozenset[str] = frozenset(), **fmt):
    paragraph = doc_or_cell.add_paragraph(style=style)
    if text:
        _add_named(paragraph, text, names, **fmt)
    return paragraph


def _add_named(paragraph, text: str, names: frozenset[str], **fmt) -> None:
    """Append `text`, each proper name in `names` as a run that is never hyphenated."""
    for piece, is_name in proper_names.segments(text, names):
        run = _add_text(paragraph, piece, **fmt)
        if is_name:
            _no_hyphens(run)


def _no_hyphens(run) -> None:
    """Mark a run as not proofed and of no language: Word and LibreOffice then never hyphenate it."""
    rpr = run._r.get_or_add_rPr()
    _child(rpr, "noProof", RPR)
    lang = _child(rpr, "lang", RPR)
    lang.set(qn("w:val"), "zxx")


def _spans(paragraph, spans: tuple[Span, ...]) -> None:
    for span in spans:
        _add_text(paragraph, span.text, italic=True if span.italic else None)


def _kept(paragraphs: list) -> list:
    """Keep a list on one page: keep-with-next on every paragraph but the last (Word's way)."""
    for n, paragraph in enumerate(paragraphs):
        paragraph.paragraph_format.keep_with_next = True if n < len(paragraphs) - 1 else None
    return paragraphs


def _keep_last_with_next(doc) -> None:
    """Keep the last block of the body (a paragraph, or a table's last row) with what comes next."""
    last = doc.element.body[-1]
    if last.tag == qn("w:sectPr"):
        last = last.getprevious()
    if last is None:
        return
    rows = last.findall(qn("w:tr")) if last.tag == qn("w:tbl") else []
    paragraphs = rows[-1].iter(qn("w:p")) if rows else [last] if last.tag == qn("w:p") else []
    for p in paragraphs:
        Paragraph(p, doc.part).paragraph_format.keep_with_next = True


def _bullets(doc, items, names: frozenset[str] = frozenset()) -> list:
    """Add `items` as one bulleted list that keeps together."""
    return _kept([_para(doc, text, "List Bullet", names) for text in items])


# --- styles ----------------------------------------------------------------------------------


def _set_language(doc) -> None:
    """Set nb-NO as the language of every run by default (spelling, hyphenation, screen readers)."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = _child(rpr, "lang", RPR)
    for key in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(key), LANG)
    settings = doc.settings.element
    _child(settings, "autoHyphenation", ("autoHyphenation",) + SETTINGS_AFTER_HYPHENATION)
    # No more than two hyphenated lines in a row, and no hyphens in words in capitals (acronyms).
    _child(settings, "consecutiveHyphenLimit", SETTINGS_AFTER_HYPHENATION).set(qn("w:val"), "2")
    _child(settings, "doNotHyphenateCaps", SETTINGS_AFTER_HYPHENATION)


def _font(style, size: float | None = None, bold: bool | None = None, italic: bool | None = None,
          color: RGBColor | None = None) -> None:
    style.font.name = FONT
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(key), FONT)
    for key in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        if fonts.get(qn(key)) is not None:
            del fonts.attrib[qn(key)]
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    if color is not None:
        style.font.color.rgb = color


def _border(ppr, side: str, color: str, size: int = 4, space: int = 1) -> None:
    """Add a paragraph border edge (call in schema order: top, left, bottom, right, between)."""
    box = _child(ppr, "pBdr", PPR)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size))
    edge.set(qn("w:space"), str(space))
    edge.set(qn("w:color"), color)
    box.append(edge)


def _shade(tcpr, fill: str) -> None:
    shd = _child(tcpr, "shd", TCPR)
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def _paragraph_style(doc, name: str, base: str = "Normal"):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles[base]
    style.quick_style = True
    return style


def _styles(doc) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    _font(normal, 11, color=INK)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    _font(styles["Title"], 30, bold=True, color=PETROL)
    title_ppr = styles["Title"].element.get_or_add_pPr()
    for old in title_ppr.findall(qn("w:pBdr")):
        title_ppr.remove(old)
    styles["Title"].paragraph_format.space_after = Pt(4)
    _font(styles["Subtitle"], 14, italic=False, color=MUTED)
    for name, size, color, before, after in (
        ("Heading 1", 18, PETROL, 20, 4),
        ("Heading 2", 10.5, TERRACOTTA, 12, 3),
        ("Heading 3", 11, PETROL, 10, 2),
    ):
        style = styles[name]
        _font(style, size, bold=True, italic=False, color=color)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True
    styles["Heading 2"].font.all_caps = True
    _spacing(styles["Heading 2"], 20)
    for name in ("List Bullet", "List Number"):
        _font(styles[name], 11)
        styles[name].paragraph_format.space_after = Pt(3)
        styles[name].paragraph_format.keep_together = True
    quote = styles["Intense Quote"]
    _font(quote, 13.5, bold=False, italic=True, color=PETROL)
    fmt = quote.paragraph_format
    fmt.left_indent, fmt.right_indent = Mm(6), Mm(6)
    fmt.space_before, fmt.space_after = Pt(12), Pt(2)
    fmt.keep_with_next = True
    fmt.keep_together = True
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    ppr = quote.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:pBdr")) + ppr.findall(qn("w:shd")):
        ppr.remove(old)
    _border(ppr, "left", "A6492B", size=24, space=8)
    _font(styles["Quote"], 9.5, italic=False, color=MUTED)
    attribution = styles["Quote"].paragraph_format
    attribution.left_indent, attribution.right_indent = Mm(6), Mm(6)
    attribution.space_after = Pt(12)
    attribution.keep_together = True
    attribution.alignment = WD_ALIGN_PARAGRAPH.LEFT
    qppr = styles["Quote"].element.get_or_add_pPr()
    for old in qppr.findall(qn("w:pBdr")):
        qppr.remove(old)
    _border(qppr, "left", "A6492B", size=24, space=8)

    meta = _paragraph_style(doc, "Handout Meta")
    _font(meta, 9, color=MUTED)
    meta.paragraph_format.space_after = Pt(2)
    meta.paragraph_format.keep_with_next = True
    kicker = _paragraph_style(doc, "Handout Kicker")
    _font(kicker, 9.5, bold=True, color=TERRACOTTA)
    kicker.font.all_caps = True
    _spacing(kicker, 28)
    kicker.paragraph_format.space_after = Pt(2)
    summary = _paragraph_style(doc, "Module Summary")
    _font(summary, 12, color=INK)
    summary.paragraph_format.space_after = Pt(8)
    line = _paragraph_style(doc, "Writing Line")
    _font(line, 11)
    fmt = line.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    fmt.line_spacing = Pt(21)  # 7.4 mm, as the HTML handout's writing lines
    fmt.left_indent = Mm(6)
    fmt.keep_together = True
    # Word draws one border around a group of paragraphs with the same border: `between`
    # rules each line of the group, `bottom` the last one.
    _border(line.element.get_or_add_pPr(), "bottom", LINE, size=4, space=1)
    _border(line.element.get_or_add_pPr(), "between", LINE, size=4, space=1)
    ref = _paragraph_style(doc, "Reference")
    _font(ref, 10)
    ref.paragraph_format.left_indent = Mm(8)
    ref.paragraph_format.first_line_indent = Mm(-8)
    ref.paragraph_format.space_after = Pt(5)
    ref.paragraph_format.keep_together = True
    table_text = _paragraph_style(doc, "Table Text")
    _font(table_text, 9.5)
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.line_spacing = 1.0
    note = _paragraph_style(doc, "Small Note")
    _font(note, 9, color=MUTED)
    _font(styles["Footer"], 8.5, color=MUTED)


def _spacing(style, twentieths: int) -> None:
    """Letter-spacing for small caps headings (in 1/20 pt)."""
    _child(style.element.get_or_add_rPr(), "spacing", RPR).set(qn("w:val"), str(twentieths))


# --- numbering ---------------------------------------------------------------------------------


def _restarted_list_number(doc) -> int:
    """Return a new numbering id for 'List Number' that starts again at 1."""
    style = doc.styles["List Number"]
    num_id = style.element.pPr.numPr.numId.val
    numbering = doc.part.numbering_part.element
    abstract = None
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) == str(num_id):
            abstract = int(num.find(qn("w:abstractNumId")).get(qn("w:val")))
    if abstract is None:  # pragma: no cover - the default template has it
        return num_id
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return num.numId


def _numbered(paragraph, num_id: int) -> None:
    numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = 0
    numpr.get_or_add_numId().val = num_id


# --- tables -------------------------------------------------------------------------------------


def _table(doc, header: list[str], rows: list[list[tuple[str, dict]]], widths: list[float], shaded=(),
           keep_with_next: bool = False):
    """Add a table with a repeating header row; rows never split, and the table keeps to one page.

    Word keeps a table together when every row but the last keeps with the next; the last
    row keeps with the paragraph after it only when `keep_with_next` (a note under the table).
    """
    table = doc.add_table(rows=1, cols=len(header))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    tblpr = table._tbl.tblPr
    borders = _child(tblpr, "tblBorders", TBLPR)
    for side, color, size in (("top", "1F4F59", 8), ("bottom", RULE, 4), ("insideH", RULE, 4)):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(size))
        edge.set(qn("w:space"), "0")
        edge.set(qn("w:color"), color)
        borders.append(edge)
    _child(tblpr, "tblLayout", TBLPR).set(qn("w:type"), "fixed")
    margins = _child(tblpr, "tblCellMar", TBLPR)
    for side, twips in (("top", 50), ("left", 0), ("bottom", 50), ("right", 115)):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(twips))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    table_width = _child(tblpr, "tblW", TBLPR)
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(sum(round(Mm(w).twips) for w in widths)))
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(round(Mm(width).twips)))
    head = table.rows[0]
    trpr = head._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    trpr.append(repeat)
    for cell, text, width in zip(head.cells, header, widths):
        cell.width = Mm(width)
        paragraph = cell.paragraphs[0]
        paragraph.style = doc.styles["Table Text"]
        _add_text(paragraph, text.upper(), bold=True, color=MUTED, size=8)
    for n, values in enumerate(rows):
        row = table.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, (text, fmt), width in zip(row.cells, values, widths):
            cell.width = Mm(width)
            paragraph = cell.paragraphs[0]
            paragraph.style = doc.styles["Table Text"]
            _add_text(paragraph, text, **fmt)
            if n in shaded:
                _shade(cell._tc.get_or_add_tcPr(), TINT)
    for n, row in enumerate(table.rows):
        keep = n < len(table.rows) - 1 or keep_with_next
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True if keep else None
    return table


# --- document ------------------------------------------------------------------------------------


def _page(doc, view: HandoutView) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(22)
    section.left_margin, section.right_margin = Mm(23), Mm(21)
    section.footer_distance = Mm(10)
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer_style = doc.styles["Footer"].paragraph_format.tab_stops
    footer_style.clear_all()  # the default Footer style has centre and right tabs for Letter paper
    footer_style.add_tab_stop(Mm(166), WD_TAB_ALIGNMENT.RIGHT)
    _add_text(footer, view.title)
    footer.add_run("\t")
    for n, instr in enumerate(("PAGE", "NUMPAGES")):
        if n:
            _add_text(footer, " / ")
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), f" {instr} ")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        footer._p.append(field)


def _properties(doc, view: HandoutView, day: dt.date) -> None:
    props = doc.core_properties
    when = dt.datetime(day.year, day.month, day.day)
    props.title = _clean(view.document_title)
    props.subject = _clean(view.subtitle or "")
    props.author = _clean(view.presenter or "")
    props.last_modified_by = GENERATOR
    props.comments = ""
    props.keywords = "deltakerhefte"
    props.category = ""
    props.language = LANG
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1


def _cover(doc, view: HandoutView) -> None:
    _para(doc, "Deltakerhefte", "Handout Kicker")
    _para(doc, view.title, "Title")
    if view.subtitle:
        _para(doc, view.subtitle, "Subtitle")
    meta = [("Dato", view.date), ("Tid", f"kl. {view.start}–{view.end}")]
    if view.presenter_line:
        meta.append(("Foreleser", view.presenter_line))
    if view.place:
        meta.append(("Sted", view.place))
    meta.append(("For", view.audience))
    paragraph = _para(doc, style="Normal")
    paragraph.paragraph_format.space_before = Pt(6)
    _border(paragraph._p.get_or_add_pPr(), "top", RULE, size=4, space=6)
    for n, (label, value) in enumerate(meta):
        if n:
            _add_text(paragraph, "   ·   ", color=MUTED)
        _add_text(paragraph, f"{label}: ", bold=True, color=MUTED, size=9)
        _add_named(paragraph, value, view.names, size=10.5)


def _programme(doc, view: HandoutView) -> None:
    doc.add_heading("Program", level=1)
    rows = []
    shaded = []
    for n, row in enumerate(view.programme):
        fmt = {"italic": True, "color": MUTED} if row.is_pause else {}
        rows.append([(f"{row.start}–{row.end}", fmt), (row.title, fmt), (str(row.minutes), fmt)])
        if row.is_pause:
            shaded.append(n)
    table = _table(doc, ["Tid", "Tema", "Min."], rows, [30, 122, 14], shaded=shaded)
    for row in table.rows:
        row.cells[2].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _para(doc, view.how_to,
          "Small Note").paragraph_format.space_before = Pt(6)


def _module(doc, m: ModuleView, names: frozenset[str]) -> None:
    meta = _para(doc, style="Handout Meta")
    _add_text(meta, f"Modul {m.number}".upper(), bold=True, color=TERRACOTTA)
    _add_text(meta, f" · kl. {m.start}–{m.end} · {m.minutes} min")
    meta.paragraph_format.space_before = Pt(18)
    doc.add_heading(_clean(m.title), level=1).paragraph_format.space_before = Pt(0)
    if m.summary:
        summary = _para(doc, m.summary, "Module Summary", names)
        if m.objectives:
            summary.paragraph_format.keep_with_next = True  # the module's head stays with its objectives
    if m.objectives:
        doc.add_heading("Læringsmål", level=2)
        _bullets(doc, m.objectives, names)
    for n, text in enumerate(m.prose):
        prose = _para(doc, text, names=names)
        if n == 0:
            prose.paragraph_format.space_before = Pt(6)
    for q in m.quotes:
        _para(doc, f"«{q.text}»", "Intense Quote", names)
        credit = _para(doc, style="Quote")
        _add_text(credit, "— ")
        _no_hyphens(_add_text(credit, q.by, bold=True, color=INK))
        if q.role:
            _add_named(credit, f", {q.role}", names)
        if q.where:
            credit.add_run().add_break()
            _spans(credit, q.where)
    if m.facts:
        doc.add_heading("Tall og fakta", level=2)
        common_date, common_source = m.facts_dated, m.facts_source
        header = ["Tall", "Hva det gjelder"]
        widths = [28.0, 138.0]
        if m.dated_column:
            header.append("Tidspunkt")
            widths.append(24.0)
        if m.source_column:
            header.append("Kilde")
            widths.append(38.0)
        widths[1] = 166.0 - sum(w for i, w in enumerate(widths) if i != 1)
        rows = []
        for f in m.facts:
            row = [(f.value, {"bold": True, "color": TERRACOTTA, "size": 12}), (f.text, {})]
            if m.dated_column:
                row.append((f.dated, {"color": MUTED}))
            if m.source_column:
                row.append((f.source or "–", {"color": MUTED}))
            rows.append(row)
        _table(doc, header, rows, widths, keep_with_next=bool(common_date or common_source))
        if common_date or common_source:
            note = _para(doc, style="Small Note")
            note.paragraph_format.space_before = Pt(3)
            if common_date:
                _add_text(note, "Alle tallene gjelder ")
                _add_text(note, common_date, bold=True)
                _add_text(note, ". ")
            if common_source:
                _add_text(note, f"Kilde: {common_source}.")
    if m.key_points:
        _keep_last_with_next(doc)  # key points never open a page cut off from their module
        doc.add_heading("Hovedpunkter", level=2)
        _bullets(doc, m.key_points, names)
    if m.links:
        doc.add_heading("Film og lenker" if any(link.video for link in m.links) else "Lenker", level=2)
        items = []
        for link in m.links:
            paragraph = _para(doc, style="List Bullet")
            _add_named(paragraph, link.title, names, bold=True)
            if link.text:
                _add_named(paragraph, f" – {link.text}", names)
            if not link.search:
                paragraph.add_run().add_break()
                _add_text(paragraph, link.shown, color=PETROL, size=9.5)
            items.append(paragraph)
        _kept(items)
    if m.questions:
        doc.add_heading("Refleksjon", level=2)
        num_id = _restarted_list_number(doc)
        for n, question in enumerate(m.questions):
            paragraph = _para(doc, question, "List Number", names, bold=True)
            paragraph.paragraph_format.keep_with_next = True  # a question keeps with its lines
            paragraph.paragraph_format.space_before = Pt(6)
            _numbered(paragraph, num_id)
            lines = _kept([_para(doc, style="Writing Line") for _ in range(3)])
            if n == len(m.questions) - 2:  # the last question never opens a page alone
                lines[-1].paragraph_format.keep_with_next = True


def _references(doc, view: HandoutView) -> None:
    if not view.references:
        return
    doc.add_heading("Kilder", level=1)
    for ref in view.references:
        _spans(_para(doc, style="Reference"), ref)


def _contact(doc, view: HandoutView) -> None:
    """Add the last section: the contact, the handout's address and where to get help, with details."""
    if not view.contact_heading:
        return
    doc.add_heading(view.contact_heading, level=1)
    if view.contact_line:
        _para(doc, view.contact_line, names=view.names)
    if view.handout_url:
        link = _para(doc, "Heftet på nett: ")
        _add_text(link, view.handout_url, color=PETROL)
    if view.help:
        _para(doc, "Her kan du finne hjelp og tilbud:").paragraph_format.keep_with_next = True
        items = []
        for name, details in view.help_items:
            item = _para(doc, style="List Bullet")
            _add_named(item, name, view.names, bold=True)
            if details:
                _add_text(item, ": ")
                _add_named(item, details, view.names)
            items.append(item)
        _kept(items)


def handout_docx(plan: DeckPlan) -> bytes:
    """Render the participant handout of `plan` as an editable Word document (bytes)."""
    view = handout_view(plan)
    doc = docx.Document()
    _styles(doc)
    _set_language(doc)
    _page(doc, view)
    _properties(doc, view, plan.deck.date)
    package_rels = doc.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):  # the template's blank preview picture
            package_rels.pop(rel_id)
    body = doc.element.body
    for child in list(body):
        if child.tag == qn("w:p"):
            body.remove(child)
    _cover(doc, view)
    _programme(doc, view)
    for module in view.modules:
        _module(doc, module, view.names)
    _references(doc, view)
    _contact(doc, view)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_zip(buffer.getvalue(), plan.deck.date)

