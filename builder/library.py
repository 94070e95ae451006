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

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping, NamedTuple

from pydantic import BaseModel

from builder.diagnostics import Diagnostic, Location, error, warning
from builder.i18n import _, language
from builder.load import MAX_FILE_BYTES, Document, Key, load_bytes, load_file
from builder.model import Audience, Deck, Fact, Module, Quote, Source

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


class _FileResult(NamedTuple):
    """What one file adds to a library, in the order it was found: the same for the same bytes."""

    problems: tuple[Diagnostic, ...]
    adds: tuple[tuple[int, str, BaseModel, Document, Key], ...]  # (problems found before it, kind, item, doc, key)
    broken: frozenset[tuple[str, str]]
    unvalidated: tuple[Document, ...]


class _Record:
    """The part of a library one file makes; `_read` and its helpers write into it.

    A plain class, not a dataclass: each dataclass costs about a millisecond at import.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Diagnostic] = []
        self.adds: list[tuple[int, str, BaseModel, Document, Key]] = []
        self.broken: set[tuple[str, str]] = set()
        self.unvalidated: list[Document] = []

    def add(self, kind: str, item: BaseModel, doc: Document, key: Key) -> None:
        self.adds.append((len(self.problems), kind, item, doc, key))

    def result(self) -> _FileResult:
        return _FileResult(tuple(self.problems), tuple(self.adds), frozenset(self.broken), tuple(self.unvalidated))


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

    def take(self, part: _FileResult) -> None:
        """Add what one file holds; a duplicate id is found here, across files, in file order."""
        done = 0
        for before, kind, item, doc, key in part.adds:
            self.problems.extend(part.problems[done:before])
            done = before
            self.add(kind, item, doc, key)
        self.problems.extend(part.problems[done:])
        self.broken.update(part.broken)
        self.unvalidated.extend(part.unvalidated)


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


# (root, file, language) -> (SHA-256 of the file's bytes, what the file added); see `load_library`.
_MEMO: dict[tuple[str, str, str], tuple[bytes, _FileResult]] = {}


def load_library(root: Path, overrides: Mapping[str, str] | None = None) -> tuple[Library, list[Diagnostic]]:
    """Load every file under `root`; return the valid items and every problem found.

    `overrides` maps library files (e.g. 'slides/decks/x.yaml') to text that is read instead of the
    file, or as a new file: the studio checks a change as if it were saved, before saving it.

    Each file is parsed and validated once per content: what a file adds (items, problems,
    broken ids) is kept in memory by (root, file, language) with the SHA-256 of its bytes, and
    reused while the bytes are the same. So a long-lived process (`erfaring watch`) re-reads
    every file's bytes but re-validates only the changed ones; a file that cannot be read, or
    is too large, is never kept. Duplicate ids are found across files on every call, and the
    result (items, diagnostics with their file and line, their order) is the same as without
    the memo. Files that left the library are dropped from it. Between processes the memo is
    kept in the user's cache folder (`_restore`, `_save`), so a new `check` of an unchanged
    library validates nothing; files given in `overrides` are never kept.
    """
    collect = _Collect(root)
    seen = set()
    lang = language()
    if (str(root), lang) not in _RESTORED:
        _restore(root, lang)
    parsed = False
    overrides = dict(overrides or {})
    paths = library_files(root, collect.problems)
    listed = {p.relative_to(root).as_posix() for p in paths}
    paths += [root / rel for rel in sorted(overrides) if rel not in listed]
    for path in paths:
        rel = path.relative_to(root).as_posix()
        collect.files.append(rel)
        seen.add(rel)
        if rel in overrides:
            collect.take(_parse(path, root, rel, overrides[rel].encode("utf-8")))
        else:
            part, fresh = _file_part(path, root, rel)
            parsed |= fresh
            collect.take(part)
    gone = [k for k in _MEMO if k[0] == str(root) and k[1] not in seen]
    for key in gone:
        del _MEMO[key]
    if parsed or gone:
        _save(root, lang)
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


def _file_part(path: Path, root: Path, rel: str) -> tuple[_FileResult, bool]:
    """Return what the file at `path` adds to the library, and whether it was parsed now (not kept)."""
    raw = small_file_bytes(path)
    if raw is None:  # unreadable, too large or growing: load_file says why, and nothing is kept
        return _parse(path, root, rel, None), False
    key = (str(root), rel, language())
    digest = hashlib.sha256(raw).digest()
    kept = _MEMO.get(key)
    if kept is not None and kept[0] == digest:
        return kept[1], False
    part = _parse(path, root, rel, raw)
    _MEMO[key] = (digest, part)
    return part, True


# Between processes: the memo of one library in the user's cache folder (`builder.usercache`),
# as a pickle, keyed by the library's folder, the language, and the code and catalogs that make
# its items and messages. Why: the model's schemas are built only when something is validated
# (`defer_build` in model.py), so a `check` or `build` of a library whose files are unchanged
# skips building them, parsing the YAML and validating. Pickle, not JSON: the items are pydantic
# models; the folder is the user's own, and an entry that cannot be read is ignored.
_DISK_KIND = "library"
_RESTORED: set[tuple[str, str]] = set()  # (root, language) whose entry this process has read


_DISK_KEYS: dict[tuple[str, str], str] = {}


def _disk_key(root: Path, lang: str) -> str:
    """Return the entry's key, computed once per process: it describes the code this process runs."""
    if (str(root), lang) not in _DISK_KEYS:
        _DISK_KEYS[(str(root), lang)] = _new_disk_key(root, lang)
    return _DISK_KEYS[(str(root), lang)]


def _new_disk_key(root: Path, lang: str) -> str:
    place = hashlib.sha256(f"{root.resolve()}\0{lang}".encode()).hexdigest()[:24]
    return f"{place}-{validated_code_key(lang, Path(__file__))}"


def validate(doc: Document, model: type[BaseModel], key: Key = ()) -> tuple[BaseModel | None, list[Diagnostic]]:
    """Validate the part of `doc` at `key` as `model` (`builder.validate.validate`).

    Imported on the first file that is validated: a build whose files all come from the
    user cache does not load the validator.
    """
    from builder.validate import validate as validate_part

    return validate_part(doc, model, key)


def validated_code_key(lang: str, *more: Path) -> str:
    """Return a hash of the code and catalogs that turn a YAML file into items and messages in `lang`.

    For caches of validated files (here, and the layout maps in render/pptx/template.py): the
    loader, the validator, the model, the diagnostics, the catalogs, pydantic's version and `more`.
    """
    import sys

    from builder import diagnostics, i18n, load, model
    from builder.usercache import code_key

    # validate.py by its place beside this file: importing it only to find its file would cost what a hit saves.
    validator = Path(__file__).with_name("validate.py")
    sources = [*more, *(Path(m.__file__) for m in (load,)), validator,
               *(Path(m.__file__) for m in (model, diagnostics, i18n))]
    sources += sorted((i18n.LOCALE_DIR / lang / "LC_MESSAGES").glob("*.[mp]o"))
    pydantic_version = sys.modules.get("pydantic.version")
    if pydantic_version is not None and getattr(pydantic_version, "__file__", None):
        sources.append(Path(pydantic_version.__file__))
    return code_key(*sources)


def _restore(root: Path, lang: str) -> None:
    """Fill the memo from the user's cache folder, for the files this process has not read yet."""
    import pickle

    from builder.usercache import read_bytes

    _RESTORED.add((str(root), lang))
    blob = read_bytes(_DISK_KIND, _disk_key(root, lang), ".pickle")
    if blob is None:
        return
    try:
        kept = pickle.loads(blob)
        entries = {(str(root), rel, lang): (digest, _FileResult(*part)) for rel, (digest, part) in kept.items()
                   if isinstance(rel, str) and isinstance(digest, bytes)}
    except Exception:  # noqa: BLE001 - a damaged or foreign entry: the files are read instead
        return
    for key, value in entries.items():
        _MEMO.setdefault(key, value)


def _save(root: Path, lang: str) -> None:
    """Write this library's memo to the user's cache folder; nothing happens when that fails."""
    import pickle

    from builder.usercache import write_bytes

    kept = {key[1]: (digest, tuple(part)) for key, (digest, part) in _MEMO.items()
            if key[0] == str(root) and key[2] == lang}
    try:
        blob = pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - something that cannot be pickled: no entry, only slower
        return
    key = _disk_key(root, lang)
    write_bytes(_DISK_KIND, key, ".pickle", blob)
    _drop_older(key)


def _drop_older(key: str) -> None:
    """Remove this library's entries made by other versions of the code: one entry per library and language."""
    from builder.usercache import cache_dir

    place = key.split("-", 1)[0]
    try:
        for old in (cache_dir() / _DISK_KIND).glob(f"{place}-*.pickle"):
            if old.name != f"{key}.pickle":
                old.unlink(missing_ok=True)
    except OSError:
        return


def small_file_bytes(path: Path) -> bytes | None:
    """Return the bytes of a file within the size limit, read as `load_file` reads them; else None."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                return None
            raw = handle.read(size + 1)
    except OSError:
        return None
    return raw if len(raw) <= size else None


def _parse(path: Path, root: Path, rel: str, raw: bytes | None) -> _FileResult:
    """Parse and validate one file (its `raw` bytes when given, else read by `load_file`)."""
    record = _Record(root)
    doc, problems = load_file(path, rel) if raw is None else load_bytes(raw, rel)
    record.problems.extend(problems)
    if doc is None or any(p.code.startswith("yaml-") or p.code == "duplicate-key" for p in problems):
        record.broken.update(_ids_in_broken_file(path, root))
    else:
        _read(record, doc, path, root)
    return record.result()


def _read(collect: _Record, doc: Document, path: Path, root: Path) -> None:
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


def _empty(collect: _Record, doc: Document, path: Path, kind: str) -> bool:
    if doc.data is not None:
        return False
    collect.problems.append(error("empty-file", _("the file is empty"), Location(doc.path), _empty_hint(kind)))
    collect.broken.update(_ids_in_broken_file(path, collect.root))
    return True


def _single(collect: _Record, doc: Document, path: Path, kind: str, model: type[BaseModel]) -> None:
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


def _listed(collect: _Record, doc: Document, top: str, kind: str, model: type[BaseModel]) -> None:
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
