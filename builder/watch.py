"""`erfaring watch`: rebuild what changed whenever a file is saved, and keep going after errors.

Polls file sizes and modification times (the same stamps the build cache uses) twice a
second: no extra dependency, and it works the same on Windows, macOS, Linux and network
drives, where file-system events are unreliable. The build cache makes each rebuild
touch only the decks whose inputs changed.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from builder.cache import file_stamps
from builder.diagnostics import human_lines
from builder.errors import DiagnosticsError, UserError
from builder.i18n import _, ngettext


def changed_files(before: dict[str, list[int]], after: dict[str, list[int]]) -> list[str]:
    """Return the names of files added, removed or changed between two stamp sets."""
    names = set(before) | set(after)
    return sorted(n for n in names if before.get(n) != after.get(n))


def watch(root: Path, rebuild: Callable[[], None], report: Callable[[str], None],
          interval: float = 0.5, rounds: int | None = None, verbose: bool = False) -> None:
    """Call `rebuild` now and after every change under `root`; `report` shows what happened.

    A user mistake is reported and watching goes on; so is a bug in the tool (the last line of
    defence: a plain message, the details in a file, the old outputs kept). `rounds` bounds the
    loop for tests.
    """
    stamps = file_stamps(root)
    _attempt(rebuild, report, verbose, root)
    report(_("watching for changes (Ctrl-C stops)"))
    done = 0
    while rounds is None or done < rounds:
        time.sleep(interval)
        done += 1
        now = file_stamps(root)
        changed = changed_files(stamps, now)
        if not changed:
            continue
        # Editors often save in two steps; wait until the files hold still.
        time.sleep(interval / 2)
        now = file_stamps(root)
        stamps = now
        shown = ", ".join(c.split("/", 1)[-1] if c.startswith("<") else c for c in changed[:3])
        report(_("changed: {files}").format(files=shown + (" …" if len(changed) > 3 else "")))
        _attempt(rebuild, report, verbose, root)


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
