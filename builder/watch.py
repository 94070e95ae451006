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
from builder.errors import DiagnosticsError, UserError


def changed_files(before: dict[str, list[int]], after: dict[str, list[int]]) -> list[str]:
    """Return the names of files added, removed or changed between two stamp sets."""
    names = set(before) | set(after)
    return sorted(n for n in names if before.get(n) != after.get(n))


def watch(root: Path, rebuild: Callable[[], None], report: Callable[[str], None],
          interval: float = 0.5, rounds: int | None = None) -> None:
    """Call `rebuild` now and after every change under `root`; `report` shows what happened.

    A user mistake is reported and watching goes on; `rounds` bounds the loop for tests.
    """
    stamps = file_stamps(root)
    _attempt(rebuild, report)
    report("watching for changes (Ctrl-C stops)")
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
        report(f"changed: {shown}{' …' if len(changed) > 3 else ''}")
        _attempt(rebuild, report)


def _attempt(rebuild: Callable[[], None], report: Callable[[str], None]) -> None:
    try:
        rebuild()
    except DiagnosticsError as exc:
        for diagnostic in exc.diagnostics:
            report(diagnostic.format())
        report(f"✗ {len(exc.diagnostics)} problem(s); the old outputs are kept. Fix and save to try again.")
    except UserError as exc:
        report(f"error: {exc.message}" + (f"\n  hint: {exc.hint}" if exc.hint else ""))
