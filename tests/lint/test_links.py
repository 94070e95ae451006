"""Rule link-search-url: a link slide or source whose address is a page of search results."""

from __future__ import annotations

import datetime as dt

import pytest

from builder.lint.links import is_search_url
from builder.pipeline import check

TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize("url", [
    "https://www.youtube.com/results?search_query=N%C3%A5r+pasienterfaringer+blir+jobb",
    "https://www.google.com/search?q=erfaringskonsulent",
    "https://www.google.no/search?q=erfaringskonsulent&hl=no",
    "https://www.bing.com/search?q=erfaringskonsulent",
    "https://duckduckgo.com/?q=erfaringskonsulent",
    "https://tv.nrk.no/sok?q=erfaring",
    "https://vimeo.com/search?q=erfaring",
])
def test_a_page_of_search_results_is_recognised(url):
    assert is_search_url(url)


@pytest.mark.parametrize("url", [
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://youtu.be/dQw4w9WgXcQ",
    "https://www.google.com/maps/place/Bergen",
    "https://www.fontenehusetbergen.no/om-fontenehuset",
    "https://example.org/search",  # a page called search, but no search in it
    "not a url",
])
def test_the_work_itself_is_not_a_search(url):
    assert not is_search_url(url)


def test_a_link_slide_and_a_source_with_a_search_address_warn_where_the_address_is(make_library):
    root = make_library()
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8") + (
        "  - kind: video\n    title: Filmen\n    url: https://www.youtube.com/results?search_query=film\n"
        "  - kind: link\n    title: Siden\n    url: https://www.youtube.com/watch?v=abc\n"), encoding="utf-8")
    sources = root / "quotes/sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8") + (
        "  - id: sokt\n    type: web\n    title: Et søk\n    url: https://www.google.com/search?q=film\n"),
        encoding="utf-8")
    found = sorted((d for d in check(root, today=TODAY).diagnostics if d.code == "link-search-url"),
                   key=lambda d: d.location.path, reverse=True)
    assert [(d.severity.value, d.location.path) for d in found] == [
        ("warning", "slides/modules/vendepunktet.yaml"), ("warning", "quotes/sources.yaml")]
    module_lines = module.read_text(encoding="utf-8").splitlines()
    assert "search_query=film" in module_lines[found[0].location.line - 1]
    assert "«Filmen»" in found[0].message and "search_query=film" in found[0].message
    assert "'sokt'" in found[1].message
