"""Rules image-alt and duplicate-title: accessibility (universell utforming) at build time."""

from __future__ import annotations

import re

from builder.diagnostics import Diagnostic, error
from builder.i18n import _
from builder.library import Library
from builder.model import ImageSlide
from builder.plan import DeckPlan

_FILE_NAME = re.compile(r"^\S+\.(png|jpe?g|gif|svg|bmp|webp|tiff?)$", re.I)


def image_alt_text(lib: Library) -> list[Diagnostic]:
    """Report images with no alt text (unless decorative) or a file name as alt text."""
    out = []
    for module_id, module in lib.modules.items():
        origin = lib.origin("module", module_id)
        for index, slide in enumerate(module.slides):
            if not isinstance(slide, ImageSlide) or slide.decorative:
                continue
            alt = (slide.alt or "").strip()
            if not alt:
                out.append(error("image-alt", _("image '{image}' has no alt text").format(image=slide.image),
                                 origin.where("slides", index),
                                 _("add 'alt: <what the picture shows>', or 'decorative: true' if it carries no "
                                   "meaning")))
            elif _FILE_NAME.match(alt):
                out.append(error("image-alt", _("alt text '{alt}' is a file name").format(alt=alt),
                                 origin.where("slides", index, "alt"), _("describe what the picture shows")))
    return out


def unique_titles(plans: list[DeckPlan]) -> list[Diagnostic]:
    """Report slide titles used twice in one deck (screen readers navigate by title)."""
    out = []
    for plan in plans:
        seen: dict[str, int] = {}
        for slide in plan.slides:
            key = slide.title.strip().casefold()
            if key in seen:
                out.append(error(
                    "duplicate-title",
                    _("deck '{deck}': slide {number} has the same title as slide {first}: '{title}'").format(
                        deck=plan.deck.id, number=slide.number, first=seen[key], title=slide.title),
                    slide.origin,
                    _("give the slide its own 'title:'"),
                ))
            else:
                seen[key] = slide.number
    return out
