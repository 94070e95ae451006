"""Read-only views of a library for `erfaring list` and `erfaring where`."""

from __future__ import annotations

from typing import Iterator

from builder.diagnostics import closest
from builder.errors import UserError
from builder.i18n import _, ngettext
from builder.library import KINDS, Library
from builder.resolve import uses


def describe(lib: Library, kind: str) -> Iterator[str]:
    """Yield one line per item of `kind`: id, then what a person recognises it by.

    Modules show their length, slide count and consent, the three things needed to pick
    modules for an audience.
    """
    items = lib.of_kind(kind)
    width = max((len(i) for i in items), default=0)
    for item_id in sorted(items):
        item = items[item_id]
        origin = lib.origin(kind, item_id).where()
        if kind == "module":
            consent = (item.consent.value if item.consent else _("internal (not set)"))
            text = _("{title} ({minutes} min, {slides}, consent: {consent})").format(
                title=item.title, minutes=item.minutes, consent=consent,
                slides=ngettext("{n} slide", "{n} slides", len(item.slides)).format(n=len(item.slides)))
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
            text = _("{name} (consent up to {consent})").format(name=item.name, consent=item.consent.value)
        yield f"{item_id.ljust(width)}  {text}  [{origin.path}:{origin.line}]"


def spelled_as_asset(item_id: str) -> str:
    """Return a picture path as the library writes it: forward slashes, without a leading assets/."""
    path = item_id.strip().replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path.removeprefix("assets/")


def where_used(lib: Library, item_id: str) -> Iterator[str]:
    """Yield where `item_id` (a quote, fact, source, module, audience or asset path) is used.

    Raises UserError when it is nothing the library knows, with the closest id as a hint.
    """
    found_kinds = [k for k in KINDS if item_id in lib.of_kind(k)]
    all_uses = list(uses(lib))
    asset = spelled_as_asset(item_id)
    targets = [(k, item_id) for k in found_kinds] + [("asset", asset)]
    direct = [u for u in all_uses if u.target in targets]
    if not found_kinds and not direct:
        known = [i for k in KINDS for i in lib.of_kind(k)] + sorted({u.target[1] for u in all_uses
                                                                      if u.target[0] == "asset"})
        match = closest(asset, known)
        raise UserError(_("'{id}' is not an id or a picture in the library").format(id=item_id),
                        _("did you mean '{match}'?").format(match=match) if match
                        else _("`erfaring list modules` (or quotes, facts, sources) shows the ids"))
    for kind in found_kinds:
        loc = lib.origin(kind, item_id).where()
        yield _defined(kind).format(id=item_id, place=f"{loc.path}:{loc.line}")
    if not direct:
        yield "  " + _("not used anywhere")
    modules = set()
    for use in direct:
        yield "  " + _used_by(use.user[0]).format(id=use.user[1], place=str(use.location))
        if use.user[0] == "module":
            modules.add(use.user[1])
    decks = sorted({u.user[1] for u in all_uses if u.user[0] == "deck" and u.target[0] == "module"
                    and u.target[1] in modules})
    for deck in decks:
        yield "  " + _("shown in the deck '{deck}'").format(deck=deck)


def _defined(kind: str) -> str:
    return {
        "module": _("module '{id}' is defined in {place}"),
        "deck": _("deck '{id}' is defined in {place}"),
        "quote": _("quote '{id}' is defined in {place}"),
        "fact": _("fact '{id}' is defined in {place}"),
        "source": _("source '{id}' is defined in {place}"),
        "audience": _("audience '{id}' is defined in {place}"),
    }[kind]


def _used_by(kind: str) -> str:
    return {
        "module": _("used by the module '{id}' at {place}"),
        "deck": _("used by the deck '{id}' at {place}"),
        "quote": _("used by the quote '{id}' at {place}"),
        "fact": _("used by the fact '{id}' at {place}"),
    }.get(kind) or _("used by '{id}' at {place}")
