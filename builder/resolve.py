"""Check that every reference in the library points at something real and allowed.

Quote, fact, source, module and audience ids must exist; asset paths must stay inside
`assets/` and name an image Pillow can open; a deck may only use material that its
audience's consent level allows. Also answers "who uses this?" for `erfaring where`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Iterator

from builder.diagnostics import Diagnostic, Location, closest, did_you_mean, error
from builder.i18n import _
from builder.library import Library, Origin
from builder.model import Consent, Deck, FactsSlide, ImageSlide, LinkSlide, Module, QuoteSlide

_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class Use:
    """One reference: `user` (kind, id) refers to `target` (kind, id) at `location`."""

    user: tuple[str, str]
    target: tuple[str, str]
    location: Location


def effective_consent(module: Module, slide_consent: Consent | None) -> Consent:
    """Return the consent of a slide: its own, else its module's, else internal."""
    return slide_consent or module.consent or Consent.INTERNAL


def quote_consent(consent: Consent | None) -> Consent:
    """Return a quote's consent, failing closed to internal."""
    return consent or Consent.INTERNAL


def asset_problem(root: Path, spelled: str) -> str | None:
    """Return why `spelled` is not a safe path inside assets/, or None if it is."""
    text = spelled.strip()
    if not text:
        return _("the path is empty")
    if text.startswith(("/", "\\")) or _DRIVE.match(text):
        return _("absolute paths are not allowed")
    parts = PurePosixPath(text.replace("\\", "/")).parts
    if ".." in parts:
        return _("'..' would leave the assets/ folder")
    assets = (root / "assets").resolve()
    target = (assets / Path(*parts)).resolve()
    if not target.is_relative_to(assets):
        return _("the path leads outside the assets/ folder (through a link)")
    return None


def asset_path(root: Path, spelled: str) -> Path:
    """Return the real path of an asset already checked by `asset_problem`."""
    parts = PurePosixPath(spelled.strip().replace("\\", "/")).parts
    return (root / "assets").joinpath(*parts)


# What PowerPoint (and python-pptx) can embed; WebP, HEIC and AVIF are not among them.
PICTURE_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF", "BMP": "BMP", "TIFF": "TIFF"}
MAX_PIXELS = 60_000_000


@lru_cache(maxsize=256)
def _image_error(path: Path, mtime_ns: int) -> tuple | None:
    """Return why a picture cannot be used, as (reason, details…), or None if it can.

    Why a reason and not a sentence: the answer is cached, and the sentence must be in
    the language of the run that shows it.
    """
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                kind, size = img.format, img.size
                if kind not in PICTURE_FORMATS:
                    return ("format", kind)
                if size[0] * size[1] > MAX_PIXELS:
                    return ("size", size[0], size[1])
                img.verify()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return ("bomb",)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return ("unreadable",)
    return None


def _image_message(spelled: str, why: tuple) -> tuple[str, str]:
    """Return the message and hint for a picture `_image_error` refused."""
    reason = why[0]
    if reason == "format":
        return (_("image '{path}' is in the {format} format, which PowerPoint cannot show").format(
            path=spelled, format=why[1]), _("save it as PNG or JPEG"))
    if reason == "size":
        return (_("image '{path}' is too large ({width} × {height} pixels)").format(
            path=spelled, width=why[1], height=why[2]), _("scale it down to a few thousand pixels across"))
    if reason == "bomb":
        return (_("image '{path}' is too large to open safely").format(path=spelled),
                _("scale it down to a few thousand pixels across"))
    return (_("image '{path}' is not a picture file that can be opened").format(path=spelled),
            _("save it as PNG or JPEG"))


def uses(lib: Library) -> Iterator[Use]:
    """Yield every reference in the library, with where it is written."""
    for module_id, module in lib.modules.items():
        origin = lib.origin("module", module_id)
        user = ("module", module_id)
        for src in module.sources:
            yield Use(user, ("source", src), origin.where("sources"))
        for aud in module.audiences or []:
            yield Use(user, ("audience", aud), origin.where("audiences"))
        for index, slide in enumerate(module.slides):
            at = ("slides", index)
            for field_name in ("only", "except"):
                for aud in getattr(slide, "except_" if field_name == "except" else field_name):
                    yield Use(user, ("audience", aud), origin.where(*at, field_name))
            for src in slide.sources:
                yield Use(user, ("source", src), origin.where(*at, "sources"))
            if isinstance(slide, QuoteSlide):
                yield Use(user, ("quote", slide.quote), origin.where(*at, "quote"))
            elif isinstance(slide, FactsSlide):
                for n, fact in enumerate(slide.facts):
                    yield Use(user, ("fact", fact), origin.where(*at, "facts", n))
            elif isinstance(slide, LinkSlide) and slide.source:
                yield Use(user, ("source", slide.source), origin.where(*at, "source"))
            elif isinstance(slide, ImageSlide):
                yield Use(user, ("asset", slide.image), origin.where(*at, "image"))
    for quote_id, quote in lib.quotes.items():
        if quote.source:
            yield Use(("quote", quote_id), ("source", quote.source), lib.origin("quote", quote_id).where("source"))
    for fact_id, fact in lib.facts.items():
        yield Use(("fact", fact_id), ("source", fact.source), lib.origin("fact", fact_id).where("source"))
    for deck_id, deck in lib.decks.items():
        origin = lib.origin("deck", deck_id)
        yield Use(("deck", deck_id), ("audience", deck.audience), origin.where("audience"))
        for index, item in enumerate(deck.modules):
            if item.module:
                yield Use(("deck", deck_id), ("module", item.module), origin.where("modules", index))


def check_references(lib: Library) -> list[Diagnostic]:
    """Report every dangling id and every unsafe or broken asset path."""
    problems: list[Diagnostic] = []
    for use in uses(lib):
        kind, target = use.target
        if kind == "asset":
            problems.extend(_check_asset(lib.root, target, use.location))
            continue
        found = _dangling(lib, kind, target, use.location)
        if found and kind == "module" and target == "pause":
            found = [replace(found[0], hint=_("for a break, write '- pause: 15' (the minutes after the colon)"))]
        problems.extend(found)
    problems.extend(_check_templates(lib))
    problems.extend(_repeated_modules(lib))
    problems.extend(_unvalidated_references(lib))
    return problems


def _unvalidated_references(lib: Library) -> list[Diagnostic]:
    """Check the ids and pictures of modules that failed the schema, so all problems show at once.

    Why: a typo in one key would otherwise hide a dangling quote id in the same module
    until the typo is fixed; the raw data still says which ids the slides name.
    """
    problems: list[Diagnostic] = []
    for doc in lib.unvalidated:
        slides = doc.data.get("slides") if isinstance(doc.data, dict) else None
        for index, slide in enumerate(slides if isinstance(slides, list) else []):
            if not isinstance(slide, dict):
                continue
            at = ("slides", index)
            quote = slide.get("quote")
            if isinstance(quote, str):
                problems.extend(_dangling(lib, "quote", quote, doc.where(at + ("quote",))))
            facts = slide.get("facts")
            for n, fact in enumerate(facts if isinstance(facts, list) else []):
                if isinstance(fact, str):
                    problems.extend(_dangling(lib, "fact", fact, doc.where(at + ("facts", n))))
            image = slide.get("image")
            if isinstance(image, str):
                problems.extend(_check_asset(lib.root, image, doc.where(at + ("image",))))
    return problems


def _dangling(lib: Library, kind: str, target: str, where: Location) -> list[Diagnostic]:
    known = lib.of_kind(kind)
    if target in known or (kind, target) in lib.broken:
        return []
    hint = did_you_mean(target, known) or (
        _("see `erfaring list {kinds}`").format(kinds=kind + "s") if known else None)
    return [error(f"unknown-{kind}", _unknown_message(kind).format(id=target), where, hint)]


def _unknown_message(kind: str) -> str:
    """Return the message for an id of `kind` that names nothing, with an {id} placeholder."""
    if kind == "module":
        return _("no module with id '{id}'")
    if kind == "quote":
        return _("no quote with id '{id}'")
    if kind == "fact":
        return _("no fact with id '{id}'")
    if kind == "source":
        return _("no source with id '{id}'")
    return _("no audience with id '{id}'")


def repeated_modules(lib: Library, deck_id: str) -> list[int]:
    """Return the positions in a deck's programme that repeat a module listed before."""
    seen: set[str] = set()
    repeats = []
    for index, item in enumerate(lib.decks[deck_id].modules):
        if item.module in seen:
            repeats.append(index)
        if item.module:
            seen.add(item.module)
    return repeats


def _repeated_modules(lib: Library) -> list[Diagnostic]:
    problems = []
    for deck_id, deck in lib.decks.items():
        for index in repeated_modules(lib, deck_id):
            problems.append(error("duplicate-module",
                                  _("module '{module}' is listed twice").format(module=deck.modules[index].module),
                                  lib.origin("deck", deck_id).where("modules", index),
                                  _("remove one of them; a module can only be used once in a deck")))
    return problems


def _check_asset(root: Path, spelled: str, where: Location) -> list[Diagnostic]:
    why = asset_problem(root, spelled)
    if why:
        return [error("asset-outside", _("image path '{path}': {why}").format(path=spelled, why=why), where,
                      _("put the image in assets/images/ and write e.g. 'images/bilde.png'"))]
    path = asset_path(root, spelled)
    if path.is_dir():
        return [error("asset-missing", _("'{path}' is a folder, not a picture file").format(path=spelled), where,
                      _("name a file inside it, e.g. 'images/bilde.png'"))]
    if not path.is_file():
        return [error("asset-missing", _("image '{path}' does not exist in assets/").format(path=spelled), where,
                      _similar_path(root, spelled, path))]
    why = _image_error(path, path.stat().st_mtime_ns)
    if why:
        message, hint = _image_message(spelled, why)
        return [error("asset-unreadable", message, where, hint)]
    return []


def _similar_path(root: Path, spelled: str, path: Path) -> str:
    """Suggest an existing file with a similar name, spelled from assets/ like the user wrote it."""
    folder = path.parent
    names = [p.name for p in folder.iterdir() if p.is_file()] if folder.is_dir() else []
    same_but_case = [n for n in names if n.casefold() == path.name.casefold()]
    match = same_but_case[0] if same_but_case else closest(path.name, names)
    if match is None:
        return _("check the spelling; paths are relative to the assets/ folder")
    written = spelled.strip().replace("\\", "/")
    prefix = written.rsplit("/", 1)[0] + "/" if "/" in written else ""
    return _("did you mean '{match}'?").format(match=prefix + match)


def _check_templates(lib: Library) -> list[Diagnostic]:
    problems = []
    for deck_id, deck in lib.decks.items():
        if deck.template is None:
            continue
        where = lib.origin("deck", deck_id).where("template")
        spelled = f"templates/{deck.template}"
        why = asset_problem(lib.root, spelled)
        if why:
            problems.append(error("asset-outside", _("template '{template}': {why}").format(
                template=deck.template, why=why), where))
        elif not asset_path(lib.root, spelled).is_file():
            names = [p.name for p in (lib.root / "assets" / "templates").glob("*.p*tx")]
            problems.append(error("template-missing", _("template '{template}' is not in assets/templates/").format(
                template=deck.template), where, did_you_mean(deck.template, names)))
    return problems


def check_consent(lib: Library) -> list[Diagnostic]:
    """Report material that a deck's audience may not see, naming item, file, line and audience."""
    problems: list[Diagnostic] = []
    for deck_id, deck in lib.decks.items():
        audience = lib.audiences.get(deck.audience)
        if audience is None:
            continue
        for item_index, item in enumerate(deck.modules):
            module = lib.modules.get(item.module or "")
            if module is None:
                continue
            problems.extend(_module_consent(lib, deck, item_index, module, audience.id, audience.consent))
    return problems


def _module_consent(
    lib: Library, deck: Deck, item_index: int, module: Module, audience_id: str, cleared: Consent
) -> list[Diagnostic]:
    problems = []
    origin = lib.origin("module", module.id)
    deck_at = lib.origin("deck", deck.id).where("modules", item_index)
    # Named fields shared by every message below; each message is one whole sentence to translate.
    about = {"deck": deck.id, "path": deck_at.path, "line": deck_at.line, "audience": audience_id,
             "cleared": cleared.value, "module": module.id}
    if module.audiences is not None and audience_id not in module.audiences:
        problems.append(error(
            "audience-not-allowed",
            _("module '{module}' is limited to audiences {audiences}; deck '{deck}' ({path}:{line}) for audience "
              "'{audience}' (cleared for '{cleared}') uses it").format(audiences=", ".join(module.audiences), **about),
            origin.where("audiences"), _("remove the module from the deck or widen 'audiences'"),
        ))
    own = module.consent or Consent.INTERNAL
    if not cleared.allows(own):
        # The module's own text (title, summary, objectives, key points) reaches the
        # programme and the handout whatever its slides say.
        problems.append(error(
            "consent-beyond-audience",
            _("module '{module}' has consent '{consent}', but deck '{deck}' ({path}:{line}) for audience "
              "'{audience}' (cleared for '{cleared}')").format(consent=own.value, **about),
            origin.where("consent") if module.consent else origin.where("id"),
            _("a module without 'consent:' counts as internal; set the consent its material allows")
            if module.consent is None else _("ask for wider consent, or leave the module out of this deck"),
        ))
        return problems
    for index, slide in enumerate(module.slides):
        if not visible_to(slide.only, slide.except_, audience_id):
            continue
        consent = effective_consent(module, slide.consent)
        if not cleared.allows(consent):
            if slide.title:
                message = _("slide '{title}' of module '{module}' has consent '{consent}', but deck '{deck}' "
                            "({path}:{line}) for audience '{audience}' (cleared for '{cleared}')")
            else:
                message = _("slide number {number} of module '{module}' has consent '{consent}', but deck "
                            "'{deck}' ({path}:{line}) for audience '{audience}' (cleared for '{cleared}')")
            place = origin.where("slides", index, "consent") if slide.consent else (
                origin.where("consent") if module.consent else origin.where("slides", index))
            problems.append(error(
                "consent-beyond-audience",
                message.format(title=slide.title, number=index + 1, consent=consent.value, **about),
                place,
                _("ask for wider consent, hide the slide with 'except: [{audience}]', or pick another audience").format(
                    audience=audience_id),
            ))
        if isinstance(slide, QuoteSlide) and slide.quote in lib.quotes:
            quote = lib.quotes[slide.quote]
            consent = quote_consent(quote.consent)
            if not cleared.allows(consent):
                q_origin: Origin = lib.origin("quote", quote.id)
                problems.append(error(
                    "consent-beyond-audience",
                    _("quote '{quote}' has consent '{consent}', but deck '{deck}' ({path}:{line}) for audience "
                      "'{audience}' (cleared for '{cleared}') shows it (module '{module}')").format(
                        quote=quote.id, consent=consent.value, **about),
                    q_origin.where("consent") if quote.consent else q_origin.where("id"),
                    _("a quote without 'consent:' counts as internal; set the consent the person gave")
                    if quote.consent is None else _("use another quote here, or ask for wider consent"),
                ))
    return problems


def visible_to(only: list[str], except_: list[str], audience: str) -> bool:
    """Tell whether a slide with these filters is shown to `audience`."""
    if only and audience not in only:
        return False
    return audience not in except_
