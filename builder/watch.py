"""`erfaring watch`: rebuild what changed whenever a file is saved, and keep going after errors.

Wakes on file-system events (`watchfiles`, a Rust-backed watcher kept by the pydantic
people) so that a save is seen within a tenth of a second; a burst of events (editors
write a temporary file, then rename it) comes as one. What changed is decided by the same
stamps the build cache uses (size and modification time of every file a build reads),
never by the events themselves, so an event for a file that did not change rebuilds
nothing and an event that was missed is caught by a slower check of the stamps. Without
`watchfiles`, or with `poll=True` (network drives, where events are unreliable), the
stamps are polled twice a second. The process stays alive between rebuilds, so what a
build keeps in memory (the validated library, the template) is reused.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, Iterator

from builder.cache import TOOL_ASSETS, TOOL_DIR, _WATCHED, file_stamps
from builder.diagnostics import human_lines
from builder.errors import DiagnosticsError, UserError
from builder.i18n import _, ngettext

# How long the events of one save may take to stop coming before the rebuild starts (watchfiles' step).
SETTLE_MS = 60
# With events, the stamps are also checked every `interval * CHECK_EVERY` seconds, for anything missed.
CHECK_EVERY = 4


def changed_files(before: dict[str, list[int]], after: dict[str, list[int]]) -> list[str]:
    """Return the names of files added, removed or changed between two stamp sets."""
    names = set(before) | set(after)
    return sorted(n for n in names if before.get(n) != after.get(n))


def watch(root: Path, rebuild: Callable[[], None], report: Callable[[str], None],
          interval: float = 0.5, rounds: int | None = None, verbose: bool = False, poll: bool = False) -> None:
    """Call `rebuild` now and after every change under `root`; `report` shows what happened.

    A user mistake is reported and watching goes on; so is a bug in the tool (the last line of
    defence: a plain message, the details in a file, the old outputs kept). `poll` checks the
    stamps every `interval` seconds instead of waiting for file events. `rounds` bounds the
    loop for tests (each wake-up, by an event or by the clock, is a round).
    """
    events = None if poll else _events(root)
    try:
        stamps = file_stamps(root)
        _attempt(rebuild, report, verbose, root)
        report(_("watching for changes (Ctrl-C stops)"))
        done = 0
        for by_event in _wakeups(events, interval, rounds):
            done += 1
            now = file_stamps(root)
            changed = changed_files(stamps, now)
            if not changed:
                continue
            if not by_event:
                # Editors often save in two steps; wait until the files hold still.
                time.sleep(interval / 2)
                now = file_stamps(root)
            stamps = now
            shown = ", ".join(c.split("/", 1)[-1] if c.startswith("<") else c for c in changed[:3])
            report(_("changed: {files}").format(files=shown + (" …" if len(changed) > 3 else "")))
            _attempt(rebuild, report, verbose, root)
    finally:
        if events is not None:
            events.stop()


def _wakeups(events, interval: float, rounds: int | None) -> Iterator[bool]:
    """Yield True when file events came (a burst counts once), False when the clock says check anyway."""
    done = 0
    while rounds is None or done < rounds:
        done += 1
        if events is None:
            time.sleep(interval)
            yield False
        else:
            yield events.wait(interval * CHECK_EVERY)


class _Events:
    """File events from watchfiles, gathered in a thread so that none is lost while a rebuild runs."""

    def __init__(self, folders: list[Path]):
        import queue
        import threading

        self._queue: queue.Queue = queue.Queue()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(folders,), name="erfaring-watch", daemon=True)
        self._thread.start()
        self._ready.wait(2)  # the watcher is in place before the first stamps are taken

    def _run(self, folders: list[Path]) -> None:
        import watchfiles

        try:
            self._ready.set()
            for batch in watchfiles.watch(*folders, step=SETTLE_MS, stop_event=self._stop, raise_interrupt=False,
                                          rust_timeout=1000, yield_on_timeout=False, ignore_permission_denied=True):
                self._queue.put(batch)
        except Exception:  # noqa: BLE001 - the clock keeps checking the stamps; watching goes on
            self._queue.put(None)

    def wait(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for events; return whether any came (taking every batch waiting)."""
        import queue

        try:
            self._queue.get(timeout=timeout)
        except queue.Empty:
            return False
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return True

    def stop(self) -> None:
        """Stop the watcher thread (it notices within watchfiles' step)."""
        self._stop.set()


def _events(root: Path) -> _Events | None:
    """Start watching the folders a build reads; None when watchfiles is not installed or nothing is there."""
    try:
        import watchfiles  # noqa: F401
    except ImportError:
        return None
    folders = [root / name for name in _WATCHED] + [TOOL_DIR, TOOL_ASSETS]
    folders = list(dict.fromkeys(f.resolve() for f in folders if f.is_dir()))
    return _Events(folders) if folders else None


def _attempt(rebuild: Callable[[], None], report: Callable[[str], None], verbose: bool,
             root: Path | None = None) -> None:
    try:
        rebuild()
    except DiagnosticsError as exc:
        for line in human_lines(exc.diagnostics, verbose):
            report(line)
        count = len(exc.errors)
        report(ngettext("✗ {n} error; the old files are kept. Fix it and save to try again.",
                        "✗ {n} errors; the old files are kept. Fix them and save to try again.", count).format(n=count))
    except UserError as exc:
        report(_("error: {message}").format(message=exc.message)
               + ("\n  " + _("hint: {hint}").format(hint=exc.hint) if exc.hint else ""))
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a bug must not end the watch
        from builder.pipeline import debugging, report_bug

        if debugging():
            import traceback

            report("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)).rstrip("\n"))
        else:
            for line in report_bug(exc, "erfaring watch", root):
                report(line)
        report("  " + _("still watching: the next save tries again"))
