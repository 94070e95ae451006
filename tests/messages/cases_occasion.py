"""Cases for the codes about the occasion: links a deck shows (link-search-url)."""

from __future__ import annotations

import datetime as dt

from builder.pipeline import check

TODAY = dt.date(2026, 11, 22)
MODULE = "slides/modules/vendepunktet.yaml"
SEARCH_FILM = ("  - kind: video\n    title: Når pasienterfaringer blir jobb\n"
               "    url: https://www.youtube.com/results?search_query=N%C3%A5r+pasienterfaringer+blir+jobb\n")


def _search_link(make_library, monkeypatch, tmp_path):
    root = make_library()
    module = root / MODULE
    module.write_text(module.read_text(encoding="utf-8") + SEARCH_FILM, encoding="utf-8")
    return list(check(root, today=TODAY).diagnostics)


CASES = {
    "link-search-url": _search_link,
}
