"""The only module that writes files: atomically, so a crash never leaves half a file.

Why: a deck open in PowerPoint (Windows locks it) or a full disk must leave the old file
as it was; we write to a temporary file beside the target and rename it over.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from builder.errors import OutputError
from builder.i18n import _


def write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically; raise OutputError with a plain message on failure."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(_("cannot write in {folder}: {reason}").format(folder=path.parent, reason=exc.strerror),
                          _("check that you may save files in that folder")) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except PermissionError as exc:
        _discard(tmp)
        raise OutputError(
            _("cannot replace {file}: the file is open in another program or write-protected").format(file=path),
            _("close the file in PowerPoint, Word or the PDF viewer and build again; the old file is unchanged"),
        ) from exc
    except OSError as exc:
        _discard(tmp)
        raise OutputError(_("cannot write {file}: {reason}").format(file=path, reason=exc.strerror),
                          _("the old file is unchanged")) from exc
    except BaseException:
        _discard(tmp)
        raise


_STALE = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")


def sweep_stale(folder: Path) -> list[Path]:
    """Remove temporary files an interrupted build left in `folder`; return what was removed.

    Why: a build killed without warning (the machine turned off, the terminal closed on
    some systems) cannot clean up after itself; the next build does it instead.
    """
    removed = []
    if not folder.is_dir():
        return removed
    for path in folder.iterdir():
        if path.is_file() and _STALE.match(path.name):
            try:
                path.unlink()
                removed.append(path)
            except OSError:
                pass
    return removed


def keep_aside(path: Path) -> Path:
    """Rename a hand-edited output to «<name> (redigert 2026-11-29 14.05).pptx» beside it; return the new path.

    The time is when the file was last saved, so that several kept versions sort in order.
    Raises OutputError (and leaves the file where it is) when it cannot be renamed.
    """
    import datetime as dt

    when = dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H.%M")
    for number in range(1, 1000):
        stem = _("{name} (edited {when})").format(name=path.stem, when=when)
        target = path.with_name(f"{stem}{'' if number == 1 else f' {number}'}{path.suffix}")
        if not target.exists():
            break
    try:
        os.replace(path, target)
    except OSError as exc:
        raise OutputError(
            _("{path} was changed after the last build, and it cannot be moved aside: {reason}").format(
                path=path, reason=_reason(exc)),
            _("close the file in PowerPoint (or the program that has it open), then build again; "
              "nothing was changed")) from exc
    return target


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return _("another program has it open, or the folder is read-only")
    return _("the system refused")


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text to `path` atomically."""
    write_bytes(path, text.encode("utf-8"))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass
