"""The handout laid out for paper: no last page with only a few lines on it.

Page breaks in the print CSS keep headings with their text, boxes and quotes whole, and a
question with its writing lines; they never force a page per module. What CSS cannot do
is look at the end result: a handout that runs a few lines over a page ends on a page that
is nearly empty (typically the help list alone).

The rule, measured on the laid-out pages: when the last page of a handout of two or more
pages is less than `SHORT_LAST_PAGE` (a third) full, the handout is laid out again with
two writing lines per reflection question instead of three (`compact`), and that layout is
used when it has fewer pages. Everything else stays the same, and the same plan always
gives the same choice.
"""

from __future__ import annotations

from builder.plan import DeckPlan
from builder.render.handout import handout_html

SHORT_LAST_PAGE = 1 / 3


def page_fill(document) -> list[float]:
    """Return how full each laid-out page is (0–1): the bottom of its lowest line over the page's content height.

    `document` is what `pdf.layout` returns; page margins (page numbers, footer) do not count.
    """
    from weasyprint.formatting_structure import boxes  # noqa: PLC0415 - only with the PDF engine

    out = []
    for page in document.pages:
        box = page._page_box
        top = bottom = box.content_box_y()
        stack = list(box.children[:1])  # the root element's box; margin boxes come after it
        while stack:
            current = stack.pop()
            children = getattr(current, "children", None) or []
            if isinstance(current, (boxes.LineBox, boxes.ReplacedBox)) or not children:
                if current.height:
                    bottom = max(bottom, current.position_y + current.margin_height())
            else:
                stack.extend(children)
        out.append((bottom - top) / box.height)
    return out


def print_html(plan: DeckPlan) -> str:
    """Return the handout HTML to print as PDF: the compact layout when it saves a nearly empty last page."""
    return print_layout(plan)[0]


def print_layout(plan: DeckPlan):
    """Return (html, laid-out document) of the handout to print: the compact layout when it saves a page.

    The document is the one the PDF is written from, so the usual case lays the handout out once.
    """
    from builder.render.pdf import layout  # noqa: PLC0415 - imports the PDF engine

    html = handout_html(plan)
    document = layout(html)
    fill = page_fill(document)
    if len(fill) < 2 or fill[-1] >= SHORT_LAST_PAGE:
        return html, document
    compact = handout_html(plan, compact=True)
    tighter = layout(compact)
    return (compact, tighter) if len(tighter.pages) < len(fill) else (html, document)
