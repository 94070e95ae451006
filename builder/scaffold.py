"""`erfaring new`: write a valid, commented starting file for a module, deck or quote."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from builder.errors import UserError
from builder.library import load_library
from builder.model import Consent
from builder.schema import modeline
from builder.write import write_text

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})


def slug(name: str) -> str:
    """Turn a name like «Håp og mestring» into an id like 'hap-og-mestring'."""
    text = unicodedata.normalize("NFKD", name.translate(_FOLD)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if not text:
        raise UserError(f"'{name}' gives an empty id", "use letters or digits in the name")
    return text[:80]


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def scaffold(root: Path, kind: str, name: str) -> Path:
    """Create the file for a new `kind` called `name`; refuse to overwrite anything."""
    item_id = slug(name)
    lib, _ = load_library(root)
    if item_id in lib.of_kind(kind):
        where = lib.origin(kind, item_id).where()
        raise UserError(f"a {kind} with id '{item_id}' already exists ({where.path}:{where.line})",
                        "choose another name, or edit the existing one")
    if kind == "module":
        path = root / "slides" / "modules" / f"{item_id}.yaml"
        text = _module(item_id, name)
    elif kind == "deck":
        path = root / "slides" / "decks" / f"{item_id}.yaml"
        text = _deck(root, item_id, name)
    else:
        path = root / "quotes" / f"{item_id}.yaml"
        text = _quote(item_id, name)
    if path.exists():
        raise UserError(f"{path.relative_to(root).as_posix()} already exists", "choose another name")
    write_text(path, text)
    return path.relative_to(root)


def _module(item_id: str, name: str) -> str:
    return f"""{modeline("module", 2)}
# A module is a reusable piece of teaching, 5-20 minutes. See docs/content-guide.md.
id: {item_id}                 # same as the file name
title: {_quoted(name)}
summary: >-
  Skriv to-tre setninger om hva modulen handler om. Teksten vises i handouten.
minutes: 10
objectives:
  - Skriv et læringsmål her.
# consent: who may see the slides. public, teaching or internal (missing means internal).
consent: internal
slides:
  - kind: bullets
    title: {_quoted(name)}
    bullets:
      - Første punkt
      - Andre punkt
      - [Et underpunkt, Et underpunkt til]
    notes: Det du vil si til dette lysbildet (havner i notatfeltet i PowerPoint).
    cues: Private stikkord; vises bare i manuset ditt.
"""


def _deck(root: Path, item_id: str, name: str) -> str:
    lib, _ = load_library(root)
    audience = sorted(lib.audiences)[0] if lib.audiences else "hoyskole"
    cleared = lib.audiences[audience].consent if lib.audiences else Consent.PUBLIC
    fitting = [m for m in sorted(lib.modules) if cleared.allows(lib.modules[m].consent or Consent.INTERNAL)]
    module = (fitting or sorted(lib.modules) or ["min-modul"])[0]
    today = dt.date.today().isoformat()
    return f"""{modeline("deck", 2)}
# A deck is one occasion: which modules, for which audience. See docs/content-guide.md.
id: {item_id}
title: {_quoted(name)}
# presenter: ditt navn        (vises på tittellysbildet og i heftet)
# place: sted for samlingen
date: {today}
start: "09:00"
audience: {audience}           # one of the ids in slides/audiences.yaml
minutes: 45                    # length of the slot
modules:
  - {module}
  # - pause: 15
"""


def _quote(item_id: str, name: str) -> str:
    return f"""{modeline("quotes", 1)}
# Quotes in the shared bank. Refer to a quote from a slide with 'kind: quote' and 'quote: <id>'.
quotes:
  - id: {item_id}
    text: {_quoted(name)}
    by: Navn Navnesen
    role: yrke eller rolle
    # source: id in quotes/sources.yaml
    # page: "12"
    # consent: public, teaching or internal. Missing means internal (the safe choice).
    consent: internal
"""
