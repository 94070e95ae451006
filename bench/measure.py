"""Timing primitives: CPU time of a whole process tree, wall time, paired rounds, spreads.

`timed(cmd)` starts `cmd` and reaps it with `os.wait4`, whose resource usage is that of
the child *and of every descendant it waited for* (worker processes, LibreOffice run with
`subprocess.run`), so CPU time here is what the command cost the machine, not only its
main process. Wall time is taken beside it. Stdlib only.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping


class BenchError(Exception):
    """A command the benchmark runs failed (this is about correctness, not speed)."""


@dataclass(frozen=True)
class Sample:
    """One timed run: CPU seconds (user + system, whole waited-for tree) and wall seconds."""

    cpu: float
    wall: float


def timed(cmd: list[str], cwd: Path | None = None, env: Mapping[str, str] | None = None) -> Sample:
    """Run `cmd` to the end; return its process-tree CPU and wall time; raise BenchError if it fails."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=None if env is None else dict(env),
                                stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait
        if proc.returncode != 0:
            err.seek(0)
            out.seek(0)
            text = (err.read() or out.read()).decode("utf-8", "replace").strip()
            tail = "\n".join(text.splitlines()[-8:])
            raise BenchError(f"exit {proc.returncode}: {' '.join(map(str, cmd))}\n{tail}")
    return Sample(usage.ru_utime + usage.ru_stime, wall)


def system_busy() -> float | None:
    """Return CPU seconds the whole machine has been busy since boot (all cores), from /proc/stat."""
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = [int(x) for x in handle.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def timed_with_others(cmd: list[str], cwd: Path | None = None,
                      env: Mapping[str, str] | None = None) -> tuple[Sample, float | None]:
    """Like `timed`, and also return how many cores *other* processes kept busy meanwhile.

    A CPU-per-wall figure cannot exceed the cores that were free; this says how many were.
    """
    before = system_busy()
    sample = timed(cmd, cwd, env)
    after = system_busy()
    if before is None or after is None or sample.wall <= 0:
        return sample, None
    return sample, max(0.0, (after - before - sample.cpu) / sample.wall)


def output_of(cmd: list[str], env: Mapping[str, str] | None = None, cwd: Path | None = None) -> str:
    """Return what `cmd` prints (stdout and stderr), or '' if it cannot run."""
    try:
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=cwd,
                              env=None if env is None else dict(env))
    except OSError:
        return ""
    return done.stdout.strip()


def progress(text: str) -> None:
    """Say what is running now (on stderr, so stdout holds only the report)."""
    print(text, file=sys.stderr, flush=True)


def paired_rounds(contestants: Mapping[str, Callable[[], Sample]], rounds: int, label: str = "",
                  warm_up: bool = True) -> tuple[dict[str, list[Sample]], dict[str, str]]:
    """Run every contestant once per round, in turn, for `rounds` rounds.

    Interleaving means a change in the machine's load (seven other jobs on two cores)
    hits every contestant alike, so the ratios of one run hold even when the absolute
    numbers drift. Returns the samples and, per contestant that failed, its error (it is
    left out of the later rounds). With `warm_up`, every contestant first runs once
    untimed, so that every timed round starts from the same state (disk cache, .pyc files,
    the tool's caches and output folder as a previous run left them).
    """
    samples: dict[str, list[Sample]] = {name: [] for name in contestants}
    errors: dict[str, str] = {}
    if warm_up:
        for name, run in contestants.items():
            progress(f"  {label}warm-up: {name}")
            try:
                run()
            except BenchError as exc:
                errors[name] = str(exc)
                progress(f"    failed: {exc}")
    for round_ in range(1, rounds + 1):
        for name, run in contestants.items():
            if name in errors:
                continue
            progress(f"  {label}round {round_}/{rounds}: {name}")
            try:
                samples[name].append(run())
            except BenchError as exc:
                errors[name] = str(exc)
                progress(f"    failed: {exc}")
    return {n: s for n, s in samples.items() if s and n not in errors}, errors


@dataclass(frozen=True)
class Spread:
    """Minimum, median and maximum of some samples."""

    low: float
    median: float
    high: float
    n: int

    @classmethod
    def of(cls, values: list[float]) -> "Spread | None":
        """Return the spread of `values`, or None if there are none."""
        return cls(min(values), statistics.median(values), max(values), len(values)) if values else None

    def text(self, digits: int = 2) -> str:
        """Return 'median (min–max)'."""
        if self.n == 1:
            return f"{self.median:.{digits}f}"
        return f"{self.median:.{digits}f} ({self.low:.{digits}f}–{self.high:.{digits}f})"


def cpu(samples: list[Sample]) -> Spread | None:
    """Return the spread of the CPU seconds."""
    return Spread.of([s.cpu for s in samples])


def wall(samples: list[Sample]) -> Spread | None:
    """Return the spread of the wall seconds."""
    return Spread.of([s.wall for s in samples])


def paired_ratio(top: list[Sample], bottom: list[Sample], key: str = "cpu") -> Spread | None:
    """Return the spread of per-round ratios top/bottom (round i against round i).

    Taking the ratio inside each round, then its median, cancels the load of that round;
    that is the figure the targets are judged by.
    """
    pairs = [(getattr(a, key), getattr(b, key)) for a, b in zip(top, bottom)]
    return Spread.of([a / b for a, b in pairs if b > 0])
