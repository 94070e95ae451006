"""The only module that writes files: atomically, so a crash never leaves half a file.

Why: a deck open in PowerPoint (Windows locks it) or a full disk must leave the old file
as it was; we write to a temporary file beside the target and rename it over.
"""

from __future__ import annotations

import os
import re
import stat
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
# A temporary file younger than this may be another build's, being written right now
# (two terminals, or `watch` beside a `build`): only older ones are left over by a crash.
STALE_AFTER_SECONDS = 15 * 60


def sweep_stale(folder: Path, now: float | None = None) -> list[Path]:
    """Remove temporary files an interrupted build left in `folder`; return what was removed.

    Why: a build killed without warning (the machine turned off, the terminal closed on
    some systems) cannot clean up after itself; the next build does it instead. Only files
    older than `STALE_AFTER_SECONDS` go, so a build running at the same time keeps its own;
    links are never followed, and a `folder` that is a link out of its output folder is
    refused (OutputError) before anything in it is touched.
    """
    import time

    removed: list[Path] = []
    refuse_link(folder)
    if not folder.is_dir():
        return removed
    limit = (time.time() if now is None else now) - STALE_AFTER_SECONDS
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for path in entries:
        if not _STALE.match(path.name):
            continue
        try:
            info = path.lstat()
            if not stat.S_ISREG(info.st_mode) or info.st_mtime > limit:
                continue
            path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed


def refuse_link(folder: Path) -> None:
    """Raise OutputError when the deck folder `folder` is a link that leads out of the folder it is in.

    Why: `out/<deck>` pointing elsewhere (to a synced folder, or to a folder of someone
    else's) would make a build write, and the sweep delete, files outside the output folder.
    """
    if not folder.is_symlink():
        return
    try:
        target = folder.resolve()
        inside = target.is_relative_to(folder.parent.resolve())
    except (OSError, RuntimeError):
        target, inside = Path(os.readlink(folder)) if _readable_link(folder) else folder, False
    if not inside:
        raise OutputError(
            _("{folder} is a link to {target}, outside the output folder; the tool does not write through it")
            .format(folder=folder, target=target),
            _("delete the link {folder} (the folder is made anew on the next build), or build with --out to the "
              "folder you want").format(folder=folder))


def _readable_link(path: Path) -> bool:
    try:
        os.readlink(path)
        return True
    except OSError:
        return False


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
