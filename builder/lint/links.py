"""Rule link-search-url: a link slide or source that points to a page of search results, not to the work."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from builder.diagnostics import Diagnostic, warning
from builder.i18n import _
from builder.library import Library
from builder.model import LinkSlide

# Search engines: any page of theirs with a query is a search, whatever its path.
_ENGINES = ("google.", "bing.com", "duckduckgo.com", "search.yahoo.", "yandex.", "ecosia.org", "startpage.com",
            "kvasir.no", "baidu.com", "search.brave.com")
_ENGINE_KEYS = ("q", "p", "text", "query", "wd")
# Elsewhere (YouTube, Vimeo, NRK TV, a library catalogue …): a search path with a search term.
_SEARCH_PATHS = ("results", "search", "sok", "søk", "find", "query")
_SEARCH_KEYS = ("search_query", "q", "query", "search", "s", "k", "term", "keyword", "keywords")


def is_search_url(url: str) -> bool:
    """Tell whether `url` shows search results (YouTube `results?search_query=`, Google `search?q=` …)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    query = {key.lower() for key, values in parse_qs(parts.query).items() if any(v.strip() for v in values)}
    if any(host.startswith(e) or f".{e}" in host or host == e.rstrip(".") for e in _ENGINES):
        return bool(query & set(_ENGINE_KEYS)) or "/search" in parts.path.lower()
    segments = [s for s in unquote(parts.path).lower().split("/") if s]
    last = segments[-1] if segments else ""
    return last in _SEARCH_PATHS and bool(query & set(_SEARCH_KEYS))


def search_urls(lib: Library) -> list[Diagnostic]:
    """Warn about link and video slides, and sources, whose address is a page of search results.

    Why: the slide prints the address and a QR code for it; a search shows the audience a
    list that changes from day to day instead of the film or page the slide is about.
    """
    out = []
    for module_id, module in sorted(lib.modules.items()):
        origin = lib.origin("module", module_id)
        for index, slide in enumerate(module.slides):
            if isinstance(slide, LinkSlide) and is_search_url(slide.url):
                out.append(warning(
                    "link-search-url",
                    _("the address of the link slide «{title}» is a page of search results, not the film or page "
                      "itself: {url}").format(title=slide.title, url=slide.url),
                    origin.where("slides", index, "url"), _hint()))
    for source_id, source in sorted(lib.sources.items()):
        if source.url and is_search_url(source.url):
            out.append(warning(
                "link-search-url",
                _("the address of source '{source}' is a page of search results, not the work itself: {url}")
                .format(source=source_id, url=source.url),
                lib.origin("source", source_id).where("url"), _hint()))
    return out


def _hint() -> str:
    return _("give the address of the film or page itself (on YouTube: https://www.youtube.com/watch?v=…); if you "
             "cannot find it, use a slide without a link that gives the title and where to find the work")
