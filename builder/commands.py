"""Read-only views of a library for `erfaring list` and `erfaring where`."""

from __future__ import annotations

from typing import Iterator

from builder.diagnostics import closest
from builder.library import KINDS, Library
from builder.resolve import uses


def describe(lib: Library, kind: str) -> Iterator[str]:
    """Yield one line per item of `kind`: id, then what a person recognises it by."""
    items = lib.of_kind(kind)
    width = max((len(i) for i in items), default=0)
    for item_id in sorted(items):
        item = items[item_id]
        origin = lib.origin(kind, item_id).where()
        if kind == "module":
            text = f"{item.title} ({item.minutes} min, {len(item.slides)} slides)"
        elif kind == "deck":
            text = f"{item.title} · {item.audience} · {item.date.isoformat()} · {item.minutes} min"
        elif kind == "quote":
            start = item.text if len(item.text) <= 50 else item.text[:49] + "…"
            text = f"{item.by}: «{start}»"
        elif kind == "fact":
            text = f"{item.value}: {item.text}"
        elif kind == "source":
            text = f"{item.title} ({item.year or 'u.å.'})"
        else:
            text = f"{item.name} (consent up to {item.consent.value})"
        yield f"{item_id.ljust(width)}  {text}  [{origin.path}:{origin.line}]"


def where_used(lib: Library, item_id: str) -> Iterator[str]:
    """Yield where `item_id` (a quote, fact, source, module, audience or asset path) is used."""
    found_kinds = [k for k in KINDS if item_id in lib.of_kind(k)]
    all_uses = list(uses(lib))
    targets = [(k, item_id) for k in found_kinds] + [("asset", item_id)]
    direct = [u for u in all_uses if u.target in targets]
    if not found_kinds and not direct:
        known = [i for k in KINDS for i in lib.of_kind(k)]
        hint = closest(item_id, known)
        yield f"'{item_id}' is not an id in the library" + (f"; did you mean '{hint}'?" if hint else "")
        return
    for kind in found_kinds:
        loc = lib.origin(kind, item_id).where()
        yield f"{kind} '{item_id}' is defined in {loc.path}:{loc.line}"
    if not direct:
        yield "  not used anywhere"
    modules = set()
    for use in direct:
        yield f"  used by {use.user[0]} '{use.user[1]}' at {use.location}"
        if use.user[0] == "module":
            modules.add(use.user[1])
    decks = sorted({u.user[1] for u in all_uses if u.user[0] == "deck" and u.target[0] == "module"
                    and u.target[1] in modules})
    for deck in decks:
        yield f"  shown in deck '{deck}'"
