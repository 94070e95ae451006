"""The floor: the least a Python program must do to build the benchmark's slides.

    python bench/floor.py SLIDES.json OUT.pptx [--naive]

Reads the slide records that bench/synth.py wrote (title, body paragraphs, notes) and
builds them with python-pptx on its default template: a title slide, then one
«Title and Content» slide per record with the body as paragraphs and the notes on the
notes page. No validation, no layout map, no text fitting, no reveals: what is left is
python-pptx itself, which is what `erfaring build` is compared against.

Why there are two variants
--------------------------
The obvious code (`--naive`: `prs.slides.add_slide(layout)`, then
`slide.notes_slide.notes_text_frame.text = …`) gets slower per slide as the deck
grows, because several python-pptx calls scan everything built so far:

1. `slide.notes_slide` creates the notes page through `NotesSlidePart.new()`, which
   names the part with `Package.next_partname("/ppt/notesSlides/notesSlide%d.xml")`
   (pptx/opc/package.py). That calls `Package.iter_parts()`, a depth-first walk of the
   whole relationship graph, i.e. every slide, layout, notes page and image part in the
   package, just to collect the partnames that start with the prefix. One walk per
   notes page makes notes O(n²): this is the big one.
2. `NotesSlidePart.new()` also looks up the notes master with
   `presentation_part.notes_master_part` → `part_related_by()` →
   `_Relationships._rels_by_reltype`, a property that rebuilds a {reltype: [rels]}
   dict from *all* relationships of the presentation part (one per slide) on each call.
3. `Slides.add_slide()` relates the new slide to the presentation part with
   `relate_to()` → `_Relationships.get_or_add()` → `_get_matching()`, which rebuilds
   the same dict again, and then `CT_SlideIdList._next_id` reads every `p:sldId` with
   XPath to find the largest id. Both are O(slides) per slide.

The linear variant (the default) does the same work, but names the parts itself from
the slide number (`slide{n}.xml`, `notesSlide{n}.xml`, which is what python-pptx would
pick in a fresh deck anyway), looks the notes master up once, adds the presentation's
relationship to each slide without the duplicate search (a new part cannot already be
related), and numbers the `p:sldId` entries itself. Those are private python-pptx
calls (`_add_relationship`, `_add_sldId`, the part constructors); acceptable in a
benchmark, which must show the real floor and not python-pptx's accidental O(n²).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pptx import Presentation
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.slide import CT_NotesSlide
from pptx.parts.slide import NotesSlidePart, SlidePart

FIRST_SLIDE_ID = 256  # the lowest valid p:sldId/@id
TITLE_LAYOUT, CONTENT_LAYOUT = 0, 1  # in python-pptx's default template


def fill(slide, record: dict) -> None:
    """Put the title and the body paragraphs into the slide's placeholders."""
    slide.shapes.title.text = record["title"]
    if record["body"] and len(slide.placeholders) > 1:
        slide.placeholders[1].text_frame.text = "\n".join(record["body"])


def build_naive(records: list[dict], out: Path) -> None:
    """Build the deck the way python-pptx's documentation shows (O(n²) in the notes)."""
    prs = Presentation()
    for number, record in enumerate(records, start=1):
        layout = prs.slide_layouts[TITLE_LAYOUT if number == 1 else CONTENT_LAYOUT]
        slide = prs.slides.add_slide(layout)
        fill(slide, record)
        if record["notes"]:
            slide.notes_slide.notes_text_frame.text = record["notes"]
    prs.save(out)


class LinearDeck:
    """A python-pptx presentation that adds slides and notes pages in constant time each."""

    def __init__(self) -> None:
        self.prs = Presentation()
        self.package = self.prs.part.package
        self.notes_master_part = self.prs.part.notes_master_part  # created once, here
        self.count = 0

    def add_slide(self, layout):
        """Add a slide on `layout` as slide{n}.xml, without scanning the other slides."""
        self.count += 1
        part = SlidePart.new(PackURI(f"/ppt/slides/slide{self.count}.xml"), self.package, layout.part)
        r_id = self.prs.part.rels._add_relationship(RT.SLIDE, part)  # new part: nothing to match
        slide = part.slide
        slide.shapes.clone_layout_placeholders(layout)
        self.prs.slides._sldIdLst._add_sldId(id=FIRST_SLIDE_ID + self.count - 1, rId=r_id)
        return slide

    def add_notes(self, slide, text: str) -> None:
        """Give `slide` a notes page notesSlide{n}.xml holding `text`.

        The same steps as NotesSlidePart.new(), minus the package-wide partname search.
        """
        part = NotesSlidePart(PackURI(f"/ppt/notesSlides/notesSlide{self.count}.xml"), CT.PML_NOTES_SLIDE,
                              self.package, CT_NotesSlide.new())
        part.relate_to(self.notes_master_part, RT.NOTES_MASTER)
        part.relate_to(slide.part, RT.SLIDE)
        part.notes_slide.clone_master_placeholders(self.notes_master_part.notes_master)
        slide.part.relate_to(part, RT.NOTES_SLIDE)
        part.notes_slide.notes_text_frame.text = text

    def save(self, out: Path) -> None:
        """Write the .pptx file."""
        self.prs.save(out)


def build_linear(records: list[dict], out: Path) -> None:
    """Build the deck with the same calls as build_naive, but in O(n)."""
    deck = LinearDeck()
    layouts = deck.prs.slide_layouts
    for number, record in enumerate(records, start=1):
        slide = deck.add_slide(layouts[TITLE_LAYOUT if number == 1 else CONTENT_LAYOUT])
        fill(slide, record)
        if record["notes"]:
            deck.add_notes(slide, record["notes"])
    deck.save(out)


def main(argv: list[str] | None = None) -> None:
    """Read the slide records and build them, naively or linearly."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slides", type=Path, help="JSON file written by bench/synth.py")
    parser.add_argument("out", type=Path, help="the .pptx file to write")
    parser.add_argument("--naive", action="store_true", help="plain python-pptx calls (quadratic notes pages)")
    args = parser.parse_args(argv)
    records = json.loads(args.slides.read_text(encoding="utf-8"))["slides"]
    (build_naive if args.naive else build_linear)(records, args.out)


if __name__ == "__main__":
    main()
