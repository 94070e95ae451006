"""Watch latency with real file saves, and what a notes-only edit rewrites.

`watch_session` starts `erfaring watch` on a library copy, waits until its first build is
done, then saves a module file (a one-sentence notes edit, written in place as an editor
does) several times and, from this process, polls the deck's output files every 10 ms:

- *save → pptx*: until the pptx's (mtime, size) changes;
- *save → all outputs*: until the last output file that changes after the save has
  changed, judged once the watch's process tree has gone quiet (no output change for
  1.5 s, under 3 % of a core for a second, no process of it runnable).

It knows nothing of how watch finds changes (polling today, file events later) or how it
orders its writes: it only looks at the files, so it measures what the user sees.
Linux only for the quiet test (/proc); stdlib only.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from measure import progress

# builder/outputs.py OUTPUT_FILES, copied so the bench needs no import from the tool.
OUTPUT_FILES = {
    "pptx": "{deck}.pptx",
    "handout-html": "{deck}-handout.html",
    "handout-pdf": "{deck}-handout.pdf",
    "handout-docx": "{deck}-handout.docx",
    "manuscript-html": "{deck}-manus.html",
    "manuscript-pdf": "{deck}-manus.pdf",
}
POLL = 0.010  # how often the bench looks at the output files
# A save is finished when no output has changed for QUIET_FILES seconds, the watch's tree
# used under QUIET_CPU_SHARE of a core over the last QUIET_CPU_WINDOW seconds, and none of
# its processes is running or waiting on the disk. An idle polling watch uses about 0.2 %
# of a core; a busy one on a loaded 2-core machine still gets 20 % or more, and is runnable.
QUIET_FILES = 1.5
QUIET_CPU_WINDOW, QUIET_CPU_SHARE = 1.0, 0.03
SAVE_TIMEOUT = 180.0
CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
NOTES_LINE = re.compile(r"^(?P<indent>\s*)notes:\s*(?P<value>.*)$")


def output_paths(out: Path, deck: str) -> dict[str, Path]:
    """Return every output file a deck can have, by format name."""
    return {fmt: out / deck / name.format(deck=deck) for fmt, name in OUTPUT_FILES.items()}


def stamp(path: Path) -> tuple[int, int] | None:
    """Return (mtime_ns, size) of `path`, or None if it is not there."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def snapshot(paths: dict[str, Path]) -> dict[str, tuple[int, int] | None]:
    """Return the stamp of every output."""
    return {fmt: stamp(p) for fmt, p in paths.items()}


def thumb_files(out: Path) -> set[str]:
    """Return the files under out/.erfaring/thumbs (empty if the folder does not exist)."""
    folder = out / ".erfaring" / "thumbs"
    if not folder.is_dir():
        return set()
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def has_thumb_cache(out: Path) -> bool:
    """Tell whether the tool keeps slide pictures in out/.erfaring/thumbs."""
    return (out / ".erfaring" / "thumbs").is_dir()


def session_cpu(sid: int) -> float | None:
    """Return CPU seconds of every process in session `sid`, with their reaped children."""
    state = session_state(sid)
    return None if state is None else state[0]


def session_state(sid: int) -> tuple[float, bool] | None:
    """Return (CPU seconds, any member runnable or in disk sleep) of session `sid`; None if it is gone.

    utime + stime + cutime + cstime of each live member: a child that ends moves its time
    into its parent's cutime, so nothing is counted twice or lost while the leader lives.
    """
    total, found, busy = 0, False, False
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                rest = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(rest[3]) == sid:
            found = True
            busy = busy or _any_thread_busy(entry.name)
            total += sum(int(x) for x in rest[11:15])
    return (total / CLK_TCK, busy) if found else None


def _any_thread_busy(pid: str) -> bool:
    """Tell whether a thread of process `pid` is runnable or in disk sleep (any thread, not only the main one)."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return False
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/stat", "rb") as handle:
                if handle.read().rsplit(b")", 1)[1].split()[0] in (b"R", b"D"):
                    return True
        except OSError:
            continue
    return False


# --- the edit --------------------------------------------------------------------------


def notes_edit(text: str, number: int) -> str:
    """Return `text` (a module's YAML) with a sentence added to its first slide's notes.

    Handles the three spellings the libraries use: a block scalar (`notes: >-` with the
    text on the next lines), a double-quoted scalar and a plain scalar.
    """
    lines = text.split("\n")
    sentence = f"Lagring nummer {number} av benchmarken."
    for i, line in enumerate(lines):
        match = NOTES_LINE.match(line)
        if not match:
            continue
        value = match["value"]
        if value[:1] in (">", "|"):
            lines[i + 1] = lines[i + 1].rstrip() + " " + sentence
        elif value.startswith('"') and value.rstrip().endswith('"'):
            end = line.rstrip()
            lines[i] = end[:-1] + " " + sentence + '"'
        elif value and value[:1] not in ("'", "[", "{"):
            lines[i] = line.rstrip() + " " + sentence
        else:
            continue
        return "\n".join(lines)
    raise ValueError("no notes to edit")


def first_module_with_notes(library: Path, deck: str) -> Path:
    """Return the file of the first module of `deck` that has notes the edit can change."""
    deck_file = library / "slides" / "decks" / f"{deck}.yaml"
    for line in deck_file.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\s*-\s+([a-z0-9][a-z0-9-]*)\s*$", line)
        if not match:
            continue
        path = library / "slides" / "modules" / f"{match[1]}.yaml"
        if path.is_file():
            try:
                notes_edit(path.read_text(encoding="utf-8"), 0)
            except ValueError:
                continue
            return path
    raise ValueError(f"no module of {deck} has notes to edit")


# --- the session -----------------------------------------------------------------------


@dataclass
class Save:
    """What one save led to (seconds from the save; None: did not happen in time)."""

    pptx: float | None
    all_outputs: float | None
    rewritten: list[str]
    new_thumbs: int
    tree_cpu: float | None  # CPU of the watch's process tree from the save until quiet
    errors: list[str] = field(default_factory=list)  # error lines the watch printed after this save


@dataclass
class WatchResult:
    """One `erfaring watch` session: its first build and every timed save."""

    formats: str
    first_build: float | None = None
    saves: list[Save] = field(default_factory=list)
    error: str | None = None


def _wait_quiet(paths: dict[str, Path], sid: int, start: float, before: dict, deadline: float,
                need_change: bool = True) -> tuple[dict[str, float], bool]:
    """Poll until the outputs and the watch's tree are quiet; return first-change times by format.

    With `need_change` the pptx must have changed first (a save); without, it must merely
    exist (the first build, which may find everything up to date).
    """
    changed: dict[str, float] = {}
    last = dict(before)
    last_change = time.perf_counter()
    cpu_marks: list[tuple[float, float]] = []
    next_cpu = 0.0
    while time.perf_counter() < deadline:
        now = time.perf_counter()
        for fmt, path in paths.items():
            current = stamp(path)
            if current != last[fmt]:
                last[fmt] = current
                last_change = now
                if current != before[fmt] and fmt not in changed:
                    changed[fmt] = now - start
        if now >= next_cpu:
            next_cpu = now + 0.1
            state = session_state(sid)
            if state is None:
                return changed, False  # the watch ended
            cpu, busy = state
            cpu_marks.append((now, cpu))
            window = [c for t, c in cpu_marks if t >= now - QUIET_CPU_WINDOW - 0.05]
            calm = (not busy and len(window) >= 8 and window[-1] - window[0] < QUIET_CPU_SHARE * QUIET_CPU_WINDOW)
            ready = changed.get("pptx") is not None if need_change else last["pptx"] is not None
            if calm and now - last_change >= QUIET_FILES and ready:
                return changed, True
        time.sleep(POLL)
    return changed, False


def _wait_first_build(paths: dict[str, Path], sid: int, timeout: float) -> float | None:
    """Wait until the pptx exists and the watch is quiet; return the seconds that took."""
    start = time.perf_counter()
    changed, quiet = _wait_quiet(paths, sid, start, snapshot(paths), start + timeout, need_change=False)
    if not quiet:
        return None
    return max(changed.values()) if changed else time.perf_counter() - start


def error_lines(text: str) -> list[str]:
    """Return the lines of watch output that report a failed build (Norwegian or English)."""
    return [line.strip() for line in text.splitlines()
            if line.lstrip().startswith(("feil:", "error:", "✗", "Traceback"))]


def watch_session(cmd: list[str], env: dict[str, str], cwd: Path, library: Path, deck: str, saves: int,
                  formats: str, log: Path) -> WatchResult:
    """Run `cmd` (an `erfaring watch`) and time `saves` notes-only saves of one module."""
    result = WatchResult(formats)
    out = library / "out"
    paths = output_paths(out, deck)
    module = first_module_with_notes(library, deck)
    original = module.read_text(encoding="utf-8")
    with log.open("wb") as sink:
        # Unbuffered, so that what the watch says about a save is in the log when the save is judged.
        proc = subprocess.Popen(cmd, env={**env, "PYTHONUNBUFFERED": "1"}, cwd=cwd, stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            progress(f"  watch ({formats}): waiting for the first build")
            result.first_build = _wait_first_build(paths, proc.pid, SAVE_TIMEOUT * 2)
            if result.first_build is None:
                result.error = f"the first build did not finish (log: {log})"
                return result
            for number in range(1, saves + 1):
                progress(f"  watch ({formats}): save {number}/{saves}")
                before = snapshot(paths)
                thumbs_before = thumb_files(out)
                cpu_before = session_cpu(proc.pid)
                log_before = log.stat().st_size
                start = time.perf_counter()
                module.write_text(notes_edit(original, number), encoding="utf-8")
                changed, quiet = _wait_quiet(paths, proc.pid, start, before, start + SAVE_TIMEOUT)
                cpu_after = session_cpu(proc.pid)
                with log.open("rb") as handle:
                    handle.seek(log_before)
                    said = handle.read().decode("utf-8", "replace")
                result.saves.append(Save(
                    pptx=changed.get("pptx"),
                    all_outputs=max(changed.values()) if quiet and changed else None,
                    rewritten=[fmt for fmt in OUTPUT_FILES if fmt in changed],
                    new_thumbs=len(thumb_files(out) - thumbs_before),
                    tree_cpu=None if cpu_before is None or cpu_after is None else cpu_after - cpu_before,
                    errors=error_lines(said)[:3]))
                if not quiet:
                    result.error = f"save {number}: the watch did not settle within {SAVE_TIMEOUT:.0f} s (log: {log})"
                    break
        finally:
            stop(proc)  # the last edit stays: the outputs match it, which the next measurement needs
    return result


def stop(proc: subprocess.Popen) -> None:
    """Stop the watch as Ctrl-C would, then harder; its session (our own child) with it."""
    for sig, wait in ((signal.SIGINT, 10), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        if proc.poll() is not None:
            break
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(wait)
        except subprocess.TimeoutExpired:
            continue
