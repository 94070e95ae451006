"""`erfaring new`: write a valid, commented starting file for a module, deck or quote."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from builder.errors import UserError
from builder.i18n import _
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
        raise UserError(_("the name '{name}' has no letters or digits to make an id from").format(name=name),
                        _("use letters or digits in the name"))
    return text[:80]


# The fill-in texts of a new file. Content is always Norwegian, whatever language the tool speaks;
# a lint rule warns when one of them is left in material that is built.
PLACEHOLDERS = {
    "summary": "Skriv to-tre setninger om hva modulen handler om. Teksten vises i handouten.",
    "objective": "Skriv et læringsmål her.",
    "bullet": "Første punkt",
    "bullet2": "Andre punkt",
    "sub": "Et underpunkt",
    "sub2": "Et underpunkt til",
    "notes": "Det du vil si til dette lysbildet (havner i notatfeltet i PowerPoint).",
    "cues": "Private stikkord; vises bare i manuset ditt.",
    "by": "Navn Navnesen",
    "role": "yrke eller rolle",
}


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def scaffold(root: Path, kind: str, name: str) -> Path:
    """Create the file for a new `kind` called `name`; refuse to overwrite anything."""
    item_id = slug(name)
    lib, _problems = load_library(root)
    if item_id in lib.of_kind(kind):
        where = lib.origin(kind, item_id).where()
        raise UserError(_("'{id}' is already used ({path}:{line})").format(id=item_id, path=where.path, line=where.line),
                        _("choose another name, or edit the existing file"))
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
        raise UserError(_("{path} already exists").format(path=path.relative_to(root).as_posix()),
                        _("choose another name"))
    write_text(path, text)
    return path.relative_to(root)


def _comments() -> list[str]:
    """The comments of new files, in the language the tool speaks."""
    return [
        _("A module is a reusable piece of teaching, 5-20 minutes. See docs/content-guide.md."),
        _("same as the file name"),
        _("consent: who may see the slides. public, teaching or internal (none means internal)."),
        _("A deck is one occasion: which modules, for which audience. See docs/content-guide.md."),
        _("your name        (shown on the title slide and in the handout)"),
        _("where the session is held"),
        _("one of the ids in slides/audiences.yaml"),
        _("length of the session in minutes"),
        _("Quotes in the shared bank. Refer to a quote from a slide with 'kind: quote' and 'quote: <id>'."),
        _("id in quotes/sources.yaml"),
        _("public, teaching or internal. None means internal (the safe choice)."),
    ]


def _module(item_id: str, name: str) -> str:
    p, c = PLACEHOLDERS, _comments()
    return f"""{modeline("module", 2)}
# {c[0]}
id: {item_id}                 # {c[1]}
title: {_quoted(name)}
summary: >-
  {p["summary"]}
minutes: 10
objectives:
  - {p["objective"]}
# {c[2]}
consent: internal
slides:
  - kind: bullets
    title: {_quoted(name)}
    bullets:
      - {p["bullet"]}
      - {p["bullet2"]}
      - [{p["sub"]}, {p["sub2"]}]
    notes: {p["notes"]}
    cues: {p["cues"]}
"""


def _deck(root: Path, item_id: str, name: str) -> str:
    lib, _problems = load_library(root)
    audience = sorted(lib.audiences)[0] if lib.audiences else "hoyskole"
    cleared = lib.audiences[audience].consent if lib.audiences else Consent.PUBLIC
    fitting = [m for m in sorted(lib.modules) if cleared.allows(lib.modules[m].consent or Consent.INTERNAL)]
    module = (fitting or sorted(lib.modules) or ["min-modul"])[0]
    today, c = dt.date.today().isoformat(), _comments()
    return f"""{modeline("deck", 2)}
# {c[3]}
id: {item_id}
title: {_quoted(name)}
# presenter: {c[4]}
# place: {c[5]}
date: {today}
start: "09:00"
audience: {audience}           # {c[6]}
minutes: 45                    # {c[7]}
modules:
  - {module}
  # - pause: 15
"""


def _quote(item_id: str, name: str) -> str:
    p, c = PLACEHOLDERS, _comments()
    return f"""{modeline("quotes", 1)}
# {c[8]}
quotes:
  - id: {item_id}
    text: {_quoted(name)}
    by: {p["by"]}
    role: {p["role"]}
    # source: {c[9]}
    # page: "12"
    # consent: {c[10]}
    consent: internal
"""
