"""The user's cache folder: results that are costly to compute and cheap to check, kept between runs.

Stdlib only. An entry is stored under a key that hashes everything the result depends on
(the input's bytes, the code that computes it, the tool's version), so an entry is never
stale: a changed input or a changed tool looks for another key. Reading and writing never
fail: a missing, unreadable or damaged entry reads as None (the caller computes the result
again), and a folder that cannot be written is left alone. Template geometry is stored as
JSON; the validated library as a pickle (its items are pydantic models), which is why the
folder must be the user's own (its files are created readable by the user only).

The folder is ``ERFARING_CACHE_DIR`` when set, else the platform's user cache folder
(``$XDG_CACHE_HOME`` or ``~/.cache`` on Linux, ``~/Library/Caches`` on macOS,
``%LOCALAPPDATA%`` on Windows), with ``erfaring`` inside. Why outside the library: a cache
in the library's folder could be planted by whoever shares the library, and one entry per
template serves every library on the machine. Deleting the folder is always safe; entries
of old versions are not removed (a few tens of KiB each).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

from builder import __version__


def cache_dir() -> Path:
    """Return the folder the tool keeps its cache in (it may not exist yet)."""
    given = os.environ.get("ERFARING_CACHE_DIR")
    if given:
        return Path(given)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "erfaring" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "erfaring"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "erfaring"


def code_key(*sources: Path) -> str:
    """Return a hash of the tool's version and the bytes of the given source files.

    Why the bytes and not only the version: during development the version stays while the
    code that computes an entry changes; a file that cannot be read makes the key unique.
    """
    digest = hashlib.sha256(__version__.encode())
    for source in sources:
        try:
            digest.update(source.read_bytes())
        except OSError:
            digest.update(os.urandom(16))
    return digest.hexdigest()[:32]


def read_bytes(kind: str, key: str, suffix: str) -> bytes | None:
    """Return the bytes stored as `kind`/`key` + `suffix`, or None when there are none that can be read."""
    try:
        with open(cache_dir() / kind / f"{key}{suffix}", "rb") as handle:
            return handle.read()
    except OSError:
        return None


def write_bytes(kind: str, key: str, suffix: str, blob: bytes) -> None:
    """Store `blob` as `kind`/`key` + `suffix` atomically; do nothing when that fails."""
    folder = cache_dir() / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(blob)
            os.replace(temp, folder / f"{key}{suffix}")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
    except OSError:
        return


def read_json(kind: str, key: str):
    """Return the JSON value stored as `kind`/`key`, or None when there is none that can be read."""
    blob = read_bytes(kind, key, ".json")
    if blob is None:
        return None
    try:
        return json.loads(blob)
    except (ValueError, RecursionError):
        return None


def write_json(kind: str, key: str, value) -> None:
    """Store `value` as `kind`/`key` atomically (temporary file, then rename); do nothing when that fails."""
    try:
        blob = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except (ValueError, TypeError):
        return
    write_bytes(kind, key, ".json", blob)

