"""A library whose handout tests the paper rules: one statement of each point, one attribution, names, help."""

from __future__ import annotations

from pathlib import Path


def write(root: Path, relative: str, text: str) -> None:
    (root / relative).write_text(text, encoding="utf-8")


SEVEN = ("Sju grunner til å ansette personer med egenerfaring: erfaring, kunnskap, rollemodeller, håp, "
         "utvidet perspektiv, å viske ut skillet mellom «dem» og «oss», og god kontakt.")


def magazine_library(make_library) -> Path:
    """Return library-minimal with a module whose summary, prose and key points repeat each other,
    a quote credited to the magazine it comes from, names of people and places, and a help list."""
    root = make_library()
    write(root, "slides/decks/forelesning.yaml", """\
id: forelesning
title: Erfaringskompetanse
presenter: Åse Øberg
role: erfaringskonsulent
institution: Helse Bergen
date: 2026-11-22
audience: hoyskole
minutes: 20
contact: ase.oberg@example.no
help:
  - "Legevakt: ring 116 117"
  - Fontenehuset
modules:
  - vendepunktet
""")
    write(root, "slides/modules/vendepunktet.yaml", f"""\
id: vendepunktet
title: Sju grunner
summary: '{SEVEN}'
minutes: 10
consent: public
key_points:
  - Erfaring og kunnskap
  - God kontakt
  - I Bergen forteller Sofia Hauge om paneldebattene.
slides:
  - kind: quote
    quote: magasinet-erfart
    handout: '{SEVEN}'
""")
    write(root, "quotes/magasin.yaml", """\
quotes:
  - id: magasinet-erfart
    text: Det er ting vi ikke vet før vi har erfart dem.
    by: Psykisk helsemagasin
    source: magasinet
    consent: public
""")
    sources = (root / "quotes/sources.yaml").read_text(encoding="utf-8")
    write(root, "quotes/sources.yaml", sources + """\
  - id: magasinet
    type: magazine
    title: Psykisk helsemagasin
""")
    return root
