"""Find, load and validate every file of a content library into one typed `Library`.

The layout (paths relative to the library root):

    slides/modules/<id>.yaml   one module each
    slides/decks/<id>.yaml     one deck each
    slides/facts.yaml          the fact bank
    slides/audiences.yaml      the audiences
    quotes/sources.yaml        books, articles, films, web pages
    quotes/<any>.yaml          the quote bank, split into files as you like
    assets/                    images, templates, fonts
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from pydantic import BaseModel

from builder.diagnostics import Diagnostic, Location, error, warning
from builder.i18n import _
from builder.load import MAX_FILE_BYTES, Document, Key, load_file
from builder.model import Audience, Deck, Fact, Module, Quote, Source
from builder.validate import validate

KINDS = ("module", "deck", "quote", "fact", "source", "audience")


@dataclass(frozen=True)
class Origin:
    """Where an item was defined: its document and the key of the item inside it."""

    doc: Document
    key: Key

    def where(self, *sub: Any, of_key: bool = False) -> Location:
        """Return the location of the item, or of a part of it."""
        return self.doc.where(self.key + tuple(sub), of_key=of_key)


@dataclass(frozen=True)
class Library:
    """Every item of a library, by kind and id, with where it was defined."""

    root: Path
    modules: Mapping[str, Module]
    decks: Mapping[str, Deck]
    quotes: Mapping[str, Quote]
    facts: Mapping[str, Fact]
    sources: Mapping[str, Source]
    audiences: Mapping[str, Audience]
    origins: Mapping[tuple[str, str], Origin] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    broken: frozenset[tuple[str, str]] = frozenset()
    unvalidated: tuple[Document, ...] = ()  # module files that failed the schema, for reference checks

    def origin(self, kind: str, item_id: str) -> Origin:
        """Return where the item of `kind` with `item_id` was defined."""
        return self.origins[(kind, item_id)]

    def of_kind(self, kind: str) -> Mapping[str, BaseModel]:
        """Return the items of one kind ('module', 'quote', …) by id."""
        return getattr(self, kind + "s")


@dataclass
class _Collect:
    root: Path
    items: dict[str, dict[str, BaseModel]] = field(default_factory=lambda: {k: {} for k in KINDS})
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    broken: set[tuple[str, str]] = field(default_factory=set)
    unvalidated: list[Document] = field(default_factory=list)

    def add(self, kind: str, item: BaseModel, doc: Document, key: Key) -> None:
        item_id = getattr(item, "id")
        previous = self.origins.get((kind, item_id))
        if previous is not None:
            first = previous.where("id")
            self.problems.append(
                error(
                    "duplicate-id",
                    _duplicate_id(kind).format(id=item_id, place=f"{first.path}:{first.line}"),
                    doc.where(key + ("id",)),
                    _("give one of them another id"),
                )
            )
            self.broken.add((kind, item_id))  # ambiguous: decks that use it are not planned
            return
        self.items[kind][item_id] = item
        self.origins[(kind, item_id)] = Origin(doc, key)


def yaml_files(folder: Path, problems: list[Diagnostic] | None = None, root: Path | None = None) -> list[Path]:
    """List the YAML files directly in `folder`, sorted, ignoring hidden files.

    A folder that cannot be read is reported in `problems` (when given) instead of
    raising; an entry whose kind cannot be told is listed, so that reading it says why.
    """
    try:
        if not folder.is_dir():
            return []
        entries = list(folder.iterdir())
    except OSError as exc:
        if problems is not None:
            problems.append(_unreadable_folder(exc, folder, root))
        return []
    found = []
    for path in entries:
        if path.suffix not in (".yaml", ".yml") or path.name.startswith("."):
            continue
        try:
            is_file = path.is_file()
        except OSError:  # no permission to look at it: reading it will say so
            is_file = True
        if is_file:
            found.append(path)
    return sorted(found)


def _unreadable_folder(exc: OSError, folder: Path, root: Path | None) -> Diagnostic:
    """Say that a folder of the library cannot be read, and that nothing in it was checked."""
    try:
        shown = folder.relative_to(root).as_posix() if root is not None else folder.as_posix()
    except ValueError:
        shown = folder.as_posix()
    if isinstance(exc, PermissionError):
        message = _("cannot read the folder '{folder}': you do not have permission to open it; "
                    "nothing in it was checked").format(folder=shown)
        hint = _("check who owns the folder, or copy the library to a folder of your own")
    else:
        message = _("cannot read the folder '{folder}'; nothing in it was checked").format(folder=shown)
        hint = _("check that the folder is not a broken link and that no other program has it locked")
    return error("folder-unreadable", message, Location(shown), hint)


def library_files(root: Path, problems: list[Diagnostic] | None = None) -> list[Path]:
    """List every YAML file that belongs to the library at `root`; unreadable folders go to `problems`."""
    slides = root / "slides"
    quotes = root / "quotes"
    return (
        yaml_files(slides, problems, root)
        + yaml_files(slides / "modules", problems, root)
        + yaml_files(slides / "decks", problems, root)
        + yaml_files(quotes, problems, root)
    )


def load_library(root: Path) -> tuple[Library, list[Diagnostic]]:
    """Load every file under `root`; return the valid items and every problem found."""
    collect = _Collect(root)
    for path in library_files(root, collect.problems):
        rel = path.relative_to(root).as_posix()
        collect.files.append(rel)
        doc, problems = load_file(path, rel)
        collect.problems.extend(problems)
        if doc is None or any(p.code.startswith("yaml-") or p.code == "duplicate-key" for p in problems):
            collect.broken.update(_ids_in_broken_file(path, root))
            continue
        _read(collect, doc, path, root)
    lib = Library(
        root=root,
        modules=MappingProxyType(collect.items["module"]),
        decks=MappingProxyType(collect.items["deck"]),
        quotes=MappingProxyType(collect.items["quote"]),
        facts=MappingProxyType(collect.items["fact"]),
        sources=MappingProxyType(collect.items["source"]),
        audiences=MappingProxyType(collect.items["audience"]),
        origins=MappingProxyType(collect.origins),
        files=tuple(collect.files),
        broken=frozenset(collect.broken),
        unvalidated=tuple(collect.unvalidated),
    )
    return lib, collect.problems


def _read(collect: _Collect, doc: Document, path: Path, root: Path) -> None:
    parent = path.parent.relative_to(root).as_posix()
    if parent == "slides/modules":
        _single(collect, doc, path, "module", Module)
    elif parent == "slides/decks":
        _single(collect, doc, path, "deck", Deck)
    elif parent == "slides" and path.stem == "facts":
        _listed(collect, doc, "facts", "fact", Fact)
    elif parent == "slides" and path.stem == "audiences":
        _listed(collect, doc, "audiences", "audience", Audience)
    elif parent == "quotes" and path.stem == "sources":
        _listed(collect, doc, "sources", "source", Source)
    elif parent == "quotes":
        _listed(collect, doc, "quotes", "quote", Quote)
    else:
        collect.problems.append(
            warning(
                "unknown-file",
                _("'{name}' is not a file the library knows; it is ignored").format(name=path.name),
                Location(doc.path),
                _("modules go in slides/modules/, decks in slides/decks/, quotes in quotes/"),
            )
        )


def _empty(collect: _Collect, doc: Document, path: Path, kind: str) -> bool:
    if doc.data is not None:
        return False
    collect.problems.append(error("empty-file", _("the file is empty"), Location(doc.path), _empty_hint(kind)))
    collect.broken.update(_ids_in_broken_file(path, collect.root))
    return True


def _single(collect: _Collect, doc: Document, path: Path, kind: str, model: type[BaseModel]) -> None:
    if _empty(collect, doc, path, kind):
        return
    if not isinstance(doc.data, dict):
        collect.problems.append(
            error("wrong-type", _not_fields(kind), doc.where(()))
        )
        return
    item, problems = validate(doc, model)
    collect.problems.extend(problems)
    if item is None:
        collect.broken.add((kind, path.stem))
        if kind == "module":
            collect.unvalidated.append(doc)
        return
    if item.id != path.stem:
        collect.problems.append(
            error(
                "id-mismatch",
                _id_mismatch(kind).format(id=item.id, name=path.name),
                doc.where(("id",)),
                _("rename the file to '{id}.yaml' or write 'id: {stem}'").format(id=item.id, stem=path.stem),
            )
        )
    collect.add(kind, item, doc, ())


def _listed(collect: _Collect, doc: Document, top: str, kind: str, model: type[BaseModel]) -> None:
    data = doc.data
    if _empty(collect, doc, Path(collect.root) / doc.path, kind):
        return
    if not isinstance(data, dict) or top not in data:
        collect.problems.append(
            error(
                "missing-field",
                _("the field '{name}' is missing in the file").format(name=top),
                doc.where(()),
                _("this file starts with '{name}:' followed by a list (lines starting with '- ')").format(name=top),
            )
        )
        return
    for extra in sorted(k for k in data if k != top):
        collect.problems.append(
            error("unknown-key", _("unknown field '{name}'").format(name=extra), doc.where((extra,), of_key=True),
                  _("only '{name}:' belongs here").format(name=top))
        )
    items = data[top]
    if items is None:
        return
    if not isinstance(items, list):
        collect.problems.append(
            error("wrong-type", _("'{name}' must be a list (lines starting with '- ')").format(name=top),
                  doc.where((top,)))
        )
        return
    for index, raw in enumerate(items):
        if not isinstance(raw, dict):
            collect.problems.append(
                error("wrong-type",
                      _("item {number} of '{name}' must have fields with 'name: value' on each line").format(
                          number=index + 1, name=top),
                      doc.where((top, index)))
            )
            continue
        item, problems = validate(doc, model, (top, index))
        collect.problems.extend(problems)
        if item is None and isinstance(raw.get("id"), str):
            collect.broken.add((kind, raw["id"]))
        if item is not None:
            collect.add(kind, item, doc, (top, index))


def _duplicate_id(kind: str) -> str:
    return {
        "module": lambda: _("module id '{id}' is already used in {place}"),
        "deck": lambda: _("deck id '{id}' is already used in {place}"),
        "quote": lambda: _("quote id '{id}' is already used in {place}"),
        "fact": lambda: _("fact id '{id}' is already used in {place}"),
        "source": lambda: _("source id '{id}' is already used in {place}"),
        "audience": lambda: _("audience id '{id}' is already used in {place}"),
    }[kind]()


def _id_mismatch(kind: str) -> str:
    if kind == "deck":
        return _("deck id '{id}' differs from the file name '{name}'")
    return _("module id '{id}' differs from the file name '{name}'")


def _not_fields(kind: str) -> str:
    if kind == "deck":
        return _("a deck file must hold fields with 'name: value' on each line")
    return _("a module file must hold fields with 'name: value' on each line")


def _empty_hint(kind: str) -> str:
    return {
        "module": lambda: _("write the modules in it (see docs/content-guide.md), or delete the file"),
        "deck": lambda: _("write the decks in it (see docs/content-guide.md), or delete the file"),
        "quote": lambda: _("write the quotes in it (see docs/content-guide.md), or delete the file"),
        "fact": lambda: _("write the facts in it (see docs/content-guide.md), or delete the file"),
        "source": lambda: _("write the sources in it (see docs/content-guide.md), or delete the file"),
        "audience": lambda: _("write the audiences in it (see docs/content-guide.md), or delete the file"),
    }[kind]()


_ID_LINE = re.compile(r"^[ -]*id:\s*['\"]?([a-z0-9][a-z0-9-]*)", re.M)


def defined_in_broken_file(root: Path, rel: str) -> set[tuple[str, str]]:
    """Return the (kind, id) pairs the library file `rel` seems to define, even when it cannot be read."""
    try:
        return _ids_in_broken_file(root / rel, root) if (root / rel).is_file() else set()
    except (OSError, ValueError):  # a name the system refuses, or a folder that cannot be read
        return set()


def _ids_in_broken_file(path: Path, root: Path) -> set[tuple[str, str]]:
    """Guess which ids a file that could not be parsed defines, to avoid follow-up errors.

    Why: when quotes/topor.yaml has a syntax error, every slide that uses one of its
    quotes would otherwise also get an 'unknown quote' error that is not the real problem.
    """
    parent = path.parent.relative_to(root).as_posix()
    kind = {
        "slides/modules": "module",
        "slides/decks": "deck",
    }.get(parent)
    if kind:
        return {(kind, path.stem)}
    kind = {"facts": "fact", "audiences": "audience"}.get(path.stem) if parent == "slides" else (
        ("source" if path.stem == "sources" else "quote") if parent == "quotes" else None
    )
    if kind is None:
        return set()
    try:
        with open(path, "rb") as handle:  # at most as much as a readable file may hold
            text = handle.read(MAX_FILE_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return set()
    return {(kind, found) for found in _ID_LINE.findall(text)}
