"""Check that every reference in the library points at something real and allowed.

Quote, fact, source, module and audience ids must exist; asset paths must stay inside
`assets/` and name an image Pillow can open; a deck may only use material that its
audience's consent level allows. Also answers "who uses this?" for `erfaring where`.
"""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

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


# Longest file or folder name most file systems take (NTFS, ext4, APFS), in bytes of UTF-8.
MAX_NAME_BYTES = 255
_CONTROL = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")  # lone surrogates cannot name a file either


def asset_problem(root: Path, spelled: str) -> str | None:
    """Return why `spelled` is not a safe path inside assets/, or None if it is."""
    found = _spelling(spelled) or _through_links(spelled, root / "assets", root / "assets")
    return found[1] if found else None


def name_problem(spelled: str) -> str | None:
    """Return why `spelled` cannot name a file on any system (control signs, over-long names), or None."""
    text = spelled.strip()
    if _CONTROL.search(text):
        return _("the path holds an invisible control sign (often from a backslash in \"…\")")
    if any(len(part.encode("utf-8")) > MAX_NAME_BYTES for part in _parts(text)):
        return _("a name in the path is too long (at most {limit} letters, fewer with æ, ø and å)").format(
            limit=MAX_NAME_BYTES)
    return None


def _parts(text: str) -> tuple[str, ...]:
    return PurePosixPath(text.strip().replace("\\", "/")).parts


def _spelling(spelled: str) -> tuple[str, str] | None:
    """Return (code, why) when the path as written cannot be an asset: empty, absolute, '..', unusable name."""
    text = spelled.strip()
    if not text:
        return "asset-outside", _("the path is empty")
    if text.startswith(("/", "\\")) or _DRIVE.match(text):
        return "asset-outside", _("absolute paths are not allowed")
    if ".." in _parts(text):
        return "asset-outside", _("'..' would leave the assets/ folder")
    unusable = name_problem(text)
    return ("asset-path", unusable) if unusable else None


def _through_links(spelled: str, base: Path, inside: Path) -> tuple[str, str] | None:
    """Return (code, why) when `spelled` under `base`, links followed, is not inside `inside`."""
    try:
        allowed = inside.resolve()
        target = base.resolve().joinpath(*_parts(spelled)).resolve()
    except RuntimeError:  # Python before 3.13 says «Symlink loop» this way
        return "asset-path", _("the path goes round in a loop of links")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "asset-path", _("the path goes round in a loop of links")
        return "asset-path", _("the path cannot be looked up on this computer")
    if not target.is_relative_to(allowed):
        return "asset-outside", _("the path leads outside the assets/ folder (through a link)")
    return None


def _is_file(path: Path) -> bool:
    """Tell whether `path` is a file, treating a path the system cannot look up as no file."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def asset_path(root: Path, spelled: str) -> Path:
    """Return the real path of an asset already checked by `asset_problem`."""
    parts = PurePosixPath(spelled.strip().replace("\\", "/")).parts
    return (root / "assets").joinpath(*parts)


TOOL_TEMPLATES = Path(__file__).resolve().parent.parent / "assets" / "templates"
DEFAULT_TEMPLATE = "erfaring-standard.pptx"


def template_source(root: Path, name: str | None) -> tuple[Path | None, tuple[str, str] | None]:
    """Return the template file a deck's `template:` names, or (code, why) it may not be read.

    The library's assets/templates/ comes first, the tool's own templates second. Nothing
    else is ever a deck's template: not an absolute path, not '..', not a link that leads
    out of the library's assets/ or out of the tool's templates. (None, None) means the
    name is allowed but names no file in either place.
    """
    name = name or DEFAULT_TEMPLATE
    refused = _spelling(name) or _through_links(name, root / "assets" / "templates", root / "assets")
    if refused:
        return None, refused
    own = (root / "assets" / "templates").joinpath(*_parts(name))
    if _is_file(own):
        return own, None
    if _through_links(name, TOOL_TEMPLATES, TOOL_TEMPLATES) is None:
        shipped = TOOL_TEMPLATES.joinpath(*_parts(name))
        if _is_file(shipped):
            return shipped, None
    return None, None


def map_source(root: Path, template: Path) -> tuple[Path | None, str | None]:
    """Return the layout map beside `template` if there is one, or why it may not be read.

    The map must stay where the template may be: in the library's assets/ or the tool's templates.
    """
    map_path = template.with_name(template.stem + ".layouts.yaml")
    if not _is_file(map_path):
        return None, None
    try:
        real = map_path.resolve()
        allowed = [(root / "assets").resolve(), TOOL_TEMPLATES]
    except (OSError, RuntimeError):
        return None, _("the path goes round in a loop of links")
    if not any(real.is_relative_to(base) for base in allowed):
        return None, _("the path leads outside the assets/ folder (through a link)")
    return map_path, None


# What PowerPoint (and python-pptx) can embed; WebP, HEIC and AVIF are not among them.
PICTURE_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF", "BMP": "BMP", "TIFF": "TIFF"}
MAX_PIXELS = 60_000_000
# A picture file larger than this is refused whatever its pixel size: it is read whole
# into every output, and a small picture padded with data is no picture anyone meant.
MAX_IMAGE_BYTES = 50 * 1024 * 1024


@lru_cache(maxsize=256)
def _image_error(path: Path, mtime_ns: int, size: int = 0) -> tuple | None:
    """Return why a picture cannot be used, as (reason, details…), or None if it can.

    Why a reason and not a sentence: the answer is cached, and the sentence must be in
    the language of the run that shows it.
    """
    import warnings

    from PIL import Image, UnidentifiedImageError

    if size > MAX_IMAGE_BYTES:
        return ("bytes", size)
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
    if reason == "bytes":
        return (_("image '{path}' is a file of {size} MB; the limit is {limit} MB").format(
            path=spelled, size=-(-why[1] // (1024 * 1024)), limit=MAX_IMAGE_BYTES // (1024 * 1024)),
            _("save it as JPEG, or scale it down to a few thousand pixels across"))
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


def check_references(lib: Library, all_uses: Iterable[Use] | None = None) -> list[Diagnostic]:
    """Report every dangling id and every unsafe or broken asset path (`all_uses`: `uses(lib)`, if known)."""
    problems: list[Diagnostic] = []
    for use in uses(lib) if all_uses is None else all_uses:
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
    refused = _spelling(spelled) or _through_links(spelled, root / "assets", root / "assets")
    if refused:
        code, why = refused
        message = _("image path '{path}': {why}").format(path=_shown(spelled), why=why)
        hint = _("put the image in assets/images/ and write e.g. 'images/bilde.png'")
        if code == "asset-path":
            return [error("asset-path", message, where, hint)]
        return [error("asset-outside", message, where, hint)]
    path = asset_path(root, spelled)
    if _is_dir(path):
        return [error("asset-missing", _("'{path}' is a folder, not a picture file").format(path=spelled), where,
                      _("name a file inside it, e.g. 'images/bilde.png'"))]
    try:
        stat = path.stat() if path.is_file() else None
    except PermissionError:
        return [error("asset-unreadable", _("image '{path}' cannot be read: you do not have permission to open it")
                      .format(path=spelled), where, _("check who owns the file, or copy it to a folder of your own"))]
    except (OSError, ValueError):
        stat = None
    if stat is None:
        return [error("asset-missing", _("image '{path}' does not exist in assets/").format(path=spelled), where,
                      _similar_path(root, spelled, path))]
    why = _image_error(path, stat.st_mtime_ns, stat.st_size)
    if why:
        message, hint = _image_message(spelled, why)
        return [error("asset-unreadable", message, where, hint)]
    return []


def _shown(spelled: str) -> str:
    """Return a path as a message may show it: control signs as \\xNN, and at most 120 characters."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", spelled)
    return text if len(text) <= 120 else text[:100] + "…" + text[-19:]


def _similar_path(root: Path, spelled: str, path: Path) -> str:
    """Suggest an existing file with a similar name, spelled from assets/ like the user wrote it."""
    folder = path.parent
    try:
        names = [p.name for p in folder.iterdir() if _is_file(p)] if folder.is_dir() else []
    except OSError:  # a folder that cannot be read: no suggestion, but no crash either
        names = []
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
        path, refused = template_source(lib.root, deck.template)
        if refused:
            code, why = refused
            message = _("template '{template}': {why}").format(template=_shown(deck.template), why=why)
            hint = _("put the template in assets/templates/ and write only its name, e.g. 'organisasjon.pptx'")
            if code == "asset-path":
                problems.append(error("asset-path", message, where, hint))
            else:
                problems.append(error("asset-outside", message, where, hint))
        elif path is None:
            try:
                names = [p.name for p in (lib.root / "assets" / "templates").glob("*.p*tx")]
            except OSError:
                names = []
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
