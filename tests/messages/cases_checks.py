"""Cases for the codes of the checks layer: references, consent, lint rules and text fitting."""

from __future__ import annotations

import datetime as dt

from builder.pipeline import check
from support.library import append, edit

TODAY = dt.date(2026, 11, 22)
MODULE = "slides/modules/vendepunktet.yaml"
DECK = "slides/decks/forelesning.yaml"



def _checked(root, **kwargs):
    return list(check(root, today=kwargs.pop("today", TODAY), **kwargs).diagnostics)


def _scenario(name):
    def trigger(make_library, monkeypatch, tmp_path):
        return _checked(make_library(name))
    return trigger


def _edited(path, old, new, **kwargs):
    def trigger(make_library, monkeypatch, tmp_path):
        root = make_library()
        edit(root / path, old, new)
        return _checked(root, **kwargs)
    return trigger


def _appended(path, text):
    def trigger(make_library, monkeypatch, tmp_path):
        root = make_library()
        append(root / path, text)
        return _checked(root)
    return trigger


def _fitted(old, new, appended=""):
    def trigger(make_library, monkeypatch, tmp_path):
        from builder.fit import fit_plan
        from builder.render.pptx.template import font_dir, load_template

        root = make_library()
        if old:
            edit(root / "slides/facts.yaml", old, new)
        if appended:
            module = root / MODULE
            module.write_text(module.read_text(encoding="utf-8") + appended, encoding="utf-8")
        plan = check(root, today=TODAY).plan("forelesning")
        template, _problems = load_template(root, None)
        _fitted_plan, problems = fit_plan(plan, template.geometry, font_dir(root, "Carlito"))
        return problems
    return trigger


def _unreadable(make_library, monkeypatch, tmp_path):
    root = make_library()
    (root / "assets/images/prikk.png").write_text("ikke et bilde", encoding="utf-8")
    return _checked(root)


LONG = "".join(f"      - \"Punkt nummer {n}: erfaringskonsulenten bidrar med håp, kunnskap og et utvidet "
               "perspektiv\"\n" for n in range(14))

CASES = {
    "text-overflow": _fitted(None, None, f"  - kind: bullets\n    title: Mange punkter\n    bullets:\n{LONG}"),
    "text-word-break": _fitted("text: MB startet i Norge",
                               "text: Brukermedvirkningsprosessene erfaringskonsulentstillingene"),
    "duplicate-title": _edited(MODULE, "    title: Et bilde\n", "    title: Fakta om MB\n"),
    "image-alt": _edited(MODULE, "    alt: En oransje prikk på hvit bakgrunn\n", ""),
    "fact-stale": _edited("slides/facts.yaml", "    source: mb-lysark\n",
                          "    source: mb-lysark\n    review_after: 2026-06-01\n"),
    "quote-unsourced": _edited("quotes/topor.yaml", "    source: topor-tekst\n", ""),
    "source-incomplete": _edited("quotes/sources.yaml", "    title: Tekst om vendepunktet\n",
                                 "    title: \"[Tekst om vendepunktet, tittel ukjent]\"\n"),
    "deck-overrun": _edited(DECK, "  - vendepunktet\n", "  - vendepunktet\n  - pause: 15\n"),
    "module-overrun": _edited(MODULE, "    notes: Les sitatet langsomt.\n",
                              "    notes: Les sitatet langsomt.\n    minutes: 12\n"),
    "asset-missing": _scenario("bad-missing-image"),
    "asset-outside": _scenario("bad-asset-outside"),
    "asset-unreadable": _unreadable,
    "audience-not-allowed": _edited(MODULE, "consent: public\n", "consent: public\naudiences: [publikum]\n"),
    "consent-beyond-audience": _scenario("bad-consent-beyond-audience"),
    "duplicate-module": _edited(DECK, "  - vendepunktet\n", "  - vendepunktet\n  - vendepunktet\n"),
    "unknown-module": _scenario("bad-dangling-module"),
    "unknown-quote": _scenario("bad-dangling-quote"),
    "unknown-fact": _scenario("bad-dangling-fact"),
    "unknown-source": _edited("quotes/topor.yaml", "    source: topor-tekst\n", "    source: topor-teksten\n"),
    "unknown-audience": _edited(DECK, "audience: hoyskole", "audience: hoyskolen"),
    "bullet-merged": _appended(MODULE, "  - kind: bullets\n    title: Punkter\n    bullets:\n"
                                       "      - Punkt en\n       - Punkt to\n"),
    "sub-bullets-as-text": _appended(MODULE, "  - kind: bullets\n    title: Punkter\n    bullets:\n"
                                             "      - Punkt en\n        - et underpunkt\n"),
    "quote-double-marks": _edited("quotes/topor.yaml", "    text: Vendepunktet ser ut til å bestå av en periode "
                                  "eller et øyeblikk i livet.\n", "    text: «Vendepunktet er et øyeblikk.»\n"),
    "placeholder-text": _appended(MODULE, "  - kind: bullets\n    title: Punkter\n    bullets:\n"
                                          "      - Første punkt\n"),
}
