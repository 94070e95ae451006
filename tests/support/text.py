"""Read rendered outputs as a person would: visible text, with soft hyphens and extra space gone."""

from __future__ import annotations

import html
import re


def text_of(markup: str) -> str:
    """Return the visible text of HTML: tags dropped, entities decoded, soft hyphens and runs of space gone."""
    body = markup.split("<body", 1)[1].split(">", 1)[1] if "<body" in markup else markup
    body = re.sub(r"</?(?:span|i|b|strong|a|em)\b[^>]*>", "", body)
    body = re.sub(r"<[^>]+>", " ", body)
    return same(html.unescape(body))


def same(text: str) -> str:
    """Return `text` with soft hyphens removed and white space folded, for comparing."""
    return " ".join(text.replace("\u00ad", "").split())
