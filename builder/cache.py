"""The build cache: skip outputs whose inputs have not changed.

Two levels. The *stamp* is the size and modification time of every file a build can read
(the library, its assets, the tool's own code and assets) plus the options; when it is
unchanged and every output is still there, `erfaring build` is done before it has parsed
a single YAML file, so this module imports only the standard library. When the stamp
differs, each output's *fingerprint* (a hash of exactly what goes into it: the part of the
deck's plan that output shows (see `NOT_SHOWN`: the handout never reads speaker notes), the
quotes, facts and sources it shows, the template, the fonts, the tool, the options) is
compared with the one recorded for it, and only outputs whose fingerprint changed are
rebuilt; the others are not written at all. A cache file that cannot be read is ignored, never fatal.

The cache must never vouch for a file it did not see written. Before an output is renamed
into place, the build records a *promise* beside its entry (the fingerprint and SHA-256 of
the bytes about to land) and saves the cache; a build killed between the rename and the final
save leaves that promise, and the next load settles it by hashing the file: the new bytes
make the promise the entry, anything else drops it. So freshness rests on content hashes
written before the outputs, never on a size and a time that happen to match.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

CACHE_NAME = ".erfaring-cache.json"
FORMAT = 2  # 2: outputs carry the time and SHA-256 they were written with; 1 is still read
READABLE = (1, 2)
TOOL_DIR = Path(__file__).resolve().parent
TOOL_ASSETS = TOOL_DIR.parent / "assets"
_WATCHED = ("slides", "quotes", "assets")


def file_stamps(root: Path) -> dict[str, list[int]]:
    """Return size and mtime of every file a build may read, keyed by a stable name."""
    stamps: dict[str, list[int]] = {}
    for base, label in [(root / name, name) for name in _WATCHED] + [(TOOL_DIR, "<tool>"), (TOOL_ASSETS, "<tool-assets>")]:
        if not base.is_dir():
            continue
        for folder, dirs, files in os.walk(base):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
            for name in sorted(files):
                if name.startswith(".") or name.endswith(".pyc"):
                    continue
                path = os.path.join(folder, name)
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                stamps[f"{label}/{os.path.relpath(path, base)}"] = [info.st_size, info.st_mtime_ns]
    return stamps


def stamp_key(root: Path, options: dict) -> str:
    """Return one hash of every file stamp and the build options."""
    digest = hashlib.sha256()
    digest.update(json.dumps(options, sort_keys=True).encode())
    digest.update(json.dumps(file_stamps(root), sort_keys=True).encode())
    return digest.hexdigest()


def file_hash(path: Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Cache:
    """What the last build wrote: output path → fingerprint and size, and the stamp it saw."""

    path: Path
    stamp: str = ""
    outputs: dict[str, dict] = field(default_factory=dict)
    last: list[str] = field(default_factory=list)
    notice: str | None = None

    @classmethod
    def load(cls, out_dir: Path) -> "Cache":
        """Read the cache in `out_dir`; a missing, corrupt or foreign file gives an empty cache."""
        path = out_dir / CACHE_NAME
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") not in READABLE:
                raise ValueError("not ours")
            outputs = data["outputs"]
            if not isinstance(outputs, dict) or not all(isinstance(v, dict) for v in outputs.values()):
                raise ValueError("bad outputs")
            last = data.get("last", [])
            if not isinstance(last, list):
                raise ValueError("bad last")
            cache = cls(path, str(data.get("stamp", "")), outputs, [str(x) for x in last])
            cache._settle()
            return cache
        except (OSError, ValueError, KeyError, TypeError):
            from builder.i18n import _

            return cls(path, notice=_("the build cache {name} could not be read; everything is rebuilt").format(
                name=path.name))

    def _settle(self) -> None:
        """Resolve the promises an interrupted build left: the file holds the promised bytes, or it does not."""
        for rel in [r for r, entry in self.outputs.items() if "pending" in entry]:
            entry = self.outputs[rel]
            promise = entry.pop("pending")
            if not isinstance(promise, dict):
                continue
            target = self.path.parent / rel
            try:
                info = os.stat(target)
                landed = file_hash(target) == promise.get("sha256")
            except OSError:
                landed = False
            if landed:
                self.outputs[rel] = {"fingerprint": promise.get("fingerprint"), "size": info.st_size,
                                     "mtime_ns": info.st_mtime_ns, "sha256": promise.get("sha256")}
                self.stamp = ""  # the last build did not finish: look at every output again
            elif "fingerprint" not in entry:
                del self.outputs[rel]  # a first build of this output that never got as far as the rename

    def promise(self, rel: str, fingerprint: str, blob: bytes) -> None:
        """Note that `rel` is about to hold `blob`, the output of `fingerprint` (save the cache before writing)."""
        self.outputs.setdefault(rel, {})["pending"] = {"fingerprint": fingerprint,
                                                       "sha256": hashlib.sha256(blob).hexdigest()}

    def up_to_date(self, stamp: str) -> bool:
        """Tell whether nothing can have changed: same stamp, and every output of that build still there."""
        if not stamp or stamp != self.stamp or not self.last:
            return False
        for rel in self.last:
            entry = self.outputs.get(rel)
            if entry is None or "pending" in entry or not self._unchanged(rel, entry):
                return False
        return True

    def fresh(self, rel: str, fingerprint: str) -> bool:
        """Tell whether the output at `rel` was built from `fingerprint` and is still the file written then."""
        entry = self.outputs.get(rel)
        if not entry or "pending" in entry or entry.get("fingerprint") != fingerprint:
            return False
        return self._unchanged(rel, entry)

    def _unchanged(self, rel: str, entry: dict) -> bool:
        """Tell whether the file at `rel` has the size and time the cache wrote it with."""
        try:
            info = os.stat(self.path.parent / rel)
        except OSError:
            return False
        return info.st_size == entry.get("size") and info.st_mtime_ns == entry.get("mtime_ns")

    def record(self, rel: str, fingerprint: str, written: Path, blob: bytes) -> None:
        """Remember that `rel` now holds `blob`, the output of `fingerprint`, as the file `written` is now."""
        info = written.stat()
        self.outputs[rel] = {"fingerprint": fingerprint, "size": info.st_size, "mtime_ns": info.st_mtime_ns,
                             "sha256": hashlib.sha256(blob).hexdigest()}

    def built_from(self, rel: str) -> str | None:
        """Return the fingerprint the output at `rel` was last built from, if the cache knows it."""
        entry = self.outputs.get(rel)
        return entry.get("fingerprint") if entry else None

    def state(self, rel: str) -> str:
        """Tell what the file at `rel` is now: 'missing', 'ours' (as built), 'edited', or 'unknown' (no record).

        Why: people edit the built deck in PowerPoint (and annotate PDFs); such a file must never be
        replaced without a word. A size or time that differs is checked against the SHA-256 written.
        """
        path = self.path.parent / rel
        try:
            info = os.stat(path)
        except OSError:
            return "missing"
        entry = self.outputs.get(rel)
        if not entry:
            return "unknown"
        if info.st_size != entry.get("size"):
            return "edited"
        if "sha256" not in entry:  # written by an older version: the size is all we know
            return "ours"
        if info.st_mtime_ns == entry.get("mtime_ns"):
            return "ours"
        return "ours" if file_hash(path) == entry["sha256"] else "edited"

    def forget(self, rel: str) -> bool:
        """Stop vouching for the output at `rel`; return whether the cache knew it."""
        return self.outputs.pop(rel, None) is not None

    def to_text(self, stamp: str, last: list[str]) -> str:
        """Return the cache file's content after a build that produced (or kept) `last`."""
        return json.dumps({"format": FORMAT, "stamp": stamp, "outputs": self.outputs, "last": sorted(last)},
                          indent=1, sort_keys=True)


# What each output does not show, by field name wherever the field occurs in the fitted plan (a
# slide, the slides of a programme entry's module, the module itself): one rule, in one place, read
# by `fingerprint` for outputs and by the slide pictures' keys. An edit to a field an output does not
# show cannot make that output stale, so a notes edit rebuilds only the pptx and the manuscript.
# Listed as what is left out, not what is read, so that a field added later counts for every output
# until someone decides it is not shown.
HANDOUT_ONLY = frozenset({"handout", "summary", "objectives", "key_points"})
NOT_SHOWN: dict[str, frozenset[str]] = {
    "pptx": frozenset({"cues"}) | HANDOUT_ONLY,
    "handout": frozenset({"notes", "cues"}),
    "manuscript": HANDOUT_ONLY,
    # A slide's picture (the manuscript's thumbnails): what the slide itself shows, not the deck's
    # list of modules or the other slides.
    "picture": frozenset({"notes", "cues", "modules", "outputs"}) | HANDOUT_ONLY,
}


def not_shown(output: str) -> frozenset[str]:
    """Return the plan fields the output format `output` ('pptx', 'handout-pdf', 'picture' …) does not show."""
    return NOT_SHOWN[output.split("-", 1)[0]]


def canonical(value: object, hidden: frozenset[str] = frozenset()) -> object:
    """Turn a plan (dataclasses, pydantic models, dates, tuples) into JSON-able data, without `hidden` fields.

    Source locations are left out: moving a slide down a line in its file must not
    rebuild a deck whose content is the same.
    """
    fields = _dataclass_fields(type(value))
    if fields is not None:
        return {name: canonical(getattr(value, name), hidden) for name in fields if name not in hidden}
    if isinstance(getattr(type(value), "model_fields", None), dict):
        return _model_json(value, hidden)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [canonical(v, hidden) for v in value]
    if isinstance(value, dict):
        return {str(k): canonical(v, hidden) for k, v in value.items() if k not in hidden}
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    return repr(value)


def _model_json(value: object, hidden: frozenset[str]) -> object:
    """Return what `model_dump(mode="json")` gives for a value inside a pydantic model, without `hidden` keys.

    Read field by field, because `model_dump` first builds the model's serializer: a build
    whose library came from the cache has built no pydantic schema, and would pay for
    several on every run just to hash its plan.
    """
    model_fields = getattr(type(value), "model_fields", None)
    if isinstance(model_fields, dict):
        return {name: _model_json(getattr(value, name), hidden) for name in model_fields if name not in hidden}
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_model_json(v, hidden) for v in value]
    if isinstance(value, dict):
        return {str(k): _model_json(v, hidden) for k, v in value.items() if k not in hidden}
    return canonical(value, hidden)  # dates; a field type added later gets at least a stable form


_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _dataclass_fields(cls: type) -> tuple[str, ...] | None:
    """Return the field names `canonical` reads of a dataclass type (None for any other type), once per type."""
    try:
        return _FIELDS[cls]
    except KeyError:
        pass
    names = None
    if dataclasses.is_dataclass(cls):
        names = tuple(f.name for f in dataclasses.fields(cls) if f.name not in ("origin", "warnings"))
    _FIELDS[cls] = names
    return names


def shown(plan: object, output: str) -> object:
    """Return the canonical data of `plan` as the output format `output` shows it (see NOT_SHOWN)."""
    return canonical(plan, not_shown(output))


def fingerprint(*parts: object) -> str:
    """Return the SHA-256 of the canonical JSON of `parts`."""
    text = json.dumps([canonical(p) for p in parts], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_options(deck_ids: list[str] | None, formats: list[str] | None, thumbnails: bool | None) -> dict:
    """Return the options that change what a build produces (part of the stamp)."""
    from builder import __version__

    return {"decks": sorted(deck_ids or []), "formats": sorted(formats or []), "thumbnails": thumbnails,
            "version": __version__}


def no_op(root: Path, deck_ids: list[str] | None, formats: list[str] | None, thumbnails: bool | None,
          out_dir: Path | None = None) -> bool:
    """Tell, from file stamps alone, that the last build with these options is still current."""
    cache = Cache.load(out_dir or root / "out")
    return cache.up_to_date(stamp_key(root, build_options(deck_ids, formats, thumbnails)))
