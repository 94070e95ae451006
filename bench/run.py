"""Benchmark `erfaring build` against a python-pptx floor, naive python-pptx and Pandoc.

    python bench/run.py [--quick | --sizes 10,30,...] [--repeat N] [--json FILE] [--keep]

Generates one synthetic library per size (bench/synth.py) in a temporary folder, checks
it with `erfaring check`, and times, as subprocesses of this one process on this one
machine, with the runs of the tools interleaved round by round so that drift in the
machine's state hits all of them alike:

1. `erfaring build` cold (`--force` when the CLI has it, else with the output removed);
2. the floor, bench/floor.py: plain python-pptx, linear;
3. the same script with `--naive` (python-pptx's quadratic notes pages);
4. `pandoc -o out.pptx deck.md`, when Pandoc is installed;

then our no-op rebuild (`erfaring build` again, nothing changed, no `--force`) and
`erfaring --version` as its baseline. Prints the table, the per-slide cost, the targets
with PASS/MISS, and the machine. Reports only: nothing here fails on a slow number.
Stdlib only, so any Python 3.10+ can run it; the tools run with the project's venv.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # noqa: E402  (bench/ is not a package)

REPO = Path(__file__).resolve().parent.parent
FLOOR = Path(__file__).resolve().parent / "floor.py"
ALL_SIZES = (10, 30, 100, 300, 1000)
QUICK_SIZES = (10, 30, 100)
LARGE_SIZE = 300  # from this size on, fewer repeats by default
REPEAT_SMALL, REPEAT_LARGE = 5, 3
TOOLS = ("ours", "floor", "naive", "pandoc")

# Targets
COLD_OVER_FLOOR = 1.2
PER_SLIDE_GROWTH = 1.5
NOOP_OVER_VERSION = 1.5
PANDOC_FROM = 100


class BenchError(Exception):
    """A command the benchmark runs failed (this is about correctness, not speed)."""


@dataclass(frozen=True)
class Tools:
    """The programs under test and how to call them."""

    python: str
    erfaring: str
    pandoc: str | None
    has_force: bool


@dataclass
class SizeResult:
    """Median seconds of every measurement at one deck size (None: not measured or failed)."""

    size: int
    runs: int
    ours: float | None = None
    floor: float | None = None
    naive: float | None = None
    pandoc: float | None = None
    noop: float | None = None
    samples: dict[str, list[float]] = field(default_factory=dict)  # every timed run, for --json
    errors: dict[str, str] = field(default_factory=dict)


# --- running things -------------------------------------------------------------------


def run(cmd: list[str], cwd: Path | None = None) -> float:
    """Run `cmd` and return its wall-clock seconds; raise BenchError if it fails."""
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-8:])
        raise BenchError(f"exit {done.returncode}: {' '.join(cmd)}\n{tail}")
    return elapsed


def output_of(cmd: list[str]) -> str:
    """Return what `cmd` prints (stdout and stderr), or '' if it cannot run."""
    try:
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    except OSError:
        return ""
    return done.stdout.strip()


def median_of(cmd: list[str], repeat: int, cwd: Path | None = None) -> float:
    """Return the median wall-clock seconds of `repeat` runs of `cmd`."""
    return statistics.median(run(cmd, cwd) for _ in range(repeat))


def progress(text: str) -> None:
    """Say what is running now (on stderr, so stdout holds only the report)."""
    print(text, file=sys.stderr, flush=True)


# --- finding the tools ----------------------------------------------------------------


def venv_program(name: str) -> Path:
    """Return the path of `name` in the repository's .venv (bin/ or Scripts\\)."""
    folder = "Scripts" if os.name == "nt" else "bin"
    suffix = ".exe" if os.name == "nt" else ""
    return REPO / ".venv" / folder / f"{name}{suffix}"


def find_tools(args: argparse.Namespace) -> Tools:
    """Locate python, erfaring and pandoc, and ask erfaring whether `build` has --force."""
    python = args.python or (str(venv_program("python")) if venv_program("python").exists() else sys.executable)
    erfaring = args.erfaring or (str(venv_program("erfaring")) if venv_program("erfaring").exists()
                                 else shutil.which("erfaring"))
    if not erfaring:
        raise BenchError("erfaring not found: run `make build` first, or pass --erfaring PATH")
    pandoc = None if args.no_pandoc else shutil.which("pandoc")
    has_force = "--force" in output_of([erfaring, "build", "--help"])
    return Tools(python, erfaring, pandoc, has_force)


def machine_info(tools: Tools) -> dict[str, str]:
    """Return what the README needs to say about the machine the numbers come from."""
    cpu = platform.processor() or "unknown"
    memory = "unknown"
    for line in _read_lines("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    for line in _read_lines("/proc/meminfo"):
        if line.startswith("MemTotal"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
            break
    versions = output_of([tools.python, "-c", "import sys, pptx; print(sys.version.split()[0], pptx.__version__)"])
    py_version, pptx_version = (versions.split() + ["?", "?"])[:2]
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "nproc": str(usable),
        "cpu": cpu,
        "memory": memory,
        "os": platform.platform(),
        "python": py_version,
        "python-pptx": pptx_version,
        "erfaring": output_of([tools.erfaring, "--version"]),
        "erfaring build --force": "yes" if tools.has_force else "no (cold = output folder removed first)",
        "pandoc": output_of([tools.pandoc, "--version"]).splitlines()[0] if tools.pandoc else "not installed",
    }


def _read_lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


# --- one size -------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """The generated files of one size and where each tool writes its output."""

    size: int
    deck_id: str
    library: Path
    slides_json: Path
    markdown: Path
    out: Path


def prepare(size: int, workdir: Path, seed: int) -> Case:
    """Generate the library, floor data and Markdown for a deck of `size` slides."""
    deck = synth.make_deck(size, seed)
    folder = workdir / f"size-{size:04d}"
    library = folder / "library"
    synth.write_library(deck, library)
    synth.write_floor_json(deck, folder / "slides.json")
    synth.write_markdown(deck, folder / "deck.md")
    (folder / "out").mkdir(parents=True, exist_ok=True)
    return Case(size, deck.id, library, folder / "slides.json", folder / "deck.md", folder / "out")


def check_library(tools: Tools, case: Case) -> str:
    """Run `erfaring check` on the generated library; return its summary line."""
    cmd = [tools.erfaring, "--root", str(case.library), "check"]
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise BenchError(f"the generated library does not pass `erfaring check`:\n{done.stderr.strip()}")
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "(no summary)"


def ours_out(case: Case) -> Path:
    """Return the folder `erfaring build --out` writes to for this case."""
    return case.out / "ours"


def cold_build(tools: Tools, case: Case) -> float:
    """Time one cold build of the deck: --force, or with the output folder (and its cache) removed."""
    cmd = [tools.erfaring, "--root", str(case.library), "build", case.deck_id, "--out", str(ours_out(case))]
    if tools.has_force:
        return run(cmd + ["--force"])
    shutil.rmtree(ours_out(case), ignore_errors=True)
    return run(cmd)


def noop_command(tools: Tools, case: Case) -> list[str]:
    """Return the rebuild of the whole library (every deck), without --force."""
    return [tools.erfaring, "--root", str(case.library), "build", "--out", str(ours_out(case))]


def timers(tools: Tools, case: Case) -> dict[str, Callable[[], float]]:
    """Return, for each tool that is available, a function that times one build."""
    floor = [tools.python, str(FLOOR), str(case.slides_json)]
    out = {
        "ours": lambda: cold_build(tools, case),
        "floor": lambda: run(floor + [str(case.out / "floor.pptx")]),
        "naive": lambda: run(floor + [str(case.out / "naive.pptx"), "--naive"]),
    }
    if tools.pandoc:
        out["pandoc"] = lambda: run([tools.pandoc, "-o", str(case.out / "pandoc.pptx"), str(case.markdown)],
                                    cwd=case.markdown.parent)
    return out


def measure(tools: Tools, case: Case, repeat: int) -> SizeResult:
    """Time every tool `repeat` times, interleaved round by round, then the no-op rebuild."""
    result = SizeResult(case.size, repeat)
    samples = result.samples
    for round_ in range(1, repeat + 1):
        for name, timer in timers(tools, case).items():
            if name in result.errors:
                continue
            progress(f"  [{case.size:>4} slides] round {round_}/{repeat}: {name}")
            try:
                samples.setdefault(name, []).append(timer())
            except BenchError as exc:
                result.errors[name] = str(exc)
                progress(f"    failed: {exc}")
    for name, values in samples.items():
        if name not in result.errors:
            setattr(result, name, statistics.median(values))
    if "ours" not in result.errors:
        result.noop = measure_noop(tools, case, repeat, result)
    return result


def measure_noop(tools: Tools, case: Case, repeat: int, result: SizeResult) -> float | None:
    """Build once untimed (so any cache is filled), then time `repeat` unchanged rebuilds."""
    cmd = noop_command(tools, case)
    progress(f"  [{case.size:>4} slides] no-op rebuild x{repeat}")
    try:
        run(cmd)
        result.samples["noop"] = [run(cmd) for _ in range(repeat)]
        return statistics.median(result.samples["noop"])
    except BenchError as exc:
        result.errors["noop"] = str(exc)
        progress(f"    failed: {exc}")
        return None


# --- the report -----------------------------------------------------------------------


def ratio(a: float | None, b: float | None) -> float | None:
    """Return a / b, or None when either is missing."""
    return a / b if a is not None and b else None


def fmt(value: float | None, digits: int = 2, suffix: str = "") -> str:
    """Format a number for the table; '–' when it is missing."""
    return "–" if value is None else f"{value:.{digits}f}{suffix}"


def table(results: list[SizeResult], version: float) -> str:
    """Return the results as a Markdown table (readable as text, pastes into the README)."""
    head = ["size", "ours cold (s)", "floor (s)", "naive python-pptx (s)", "pandoc (s)", "ours/floor",
            "ours/pandoc", "no-op (s)", "no-op/--version"]
    rows = [[str(r.size), fmt(r.ours), fmt(r.floor), fmt(r.naive), fmt(r.pandoc), fmt(ratio(r.ours, r.floor)),
             fmt(ratio(r.ours, r.pandoc)), fmt(r.noop, 3), fmt(ratio(r.noop, version))] for r in results]
    widths = [max(len(row[i]) for row in [head] + rows) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.rjust(w) for c, w in zip(cells, widths)) + " |"

    rule = "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|"
    return "\n".join([line(head), rule] + [line(row) for row in rows])


def per_slide(results: list[SizeResult]) -> dict[int, dict[str, float]]:
    """Return ms/slide of our cold build at each size: the mean and the marginal cost.

    The mean (time / slides) carries the fixed start-up cost, so it always falls with
    size. The marginal cost, (t(n) − t(m)) / (n − m) against the next smaller measured
    size m, is the price of one more slide around n; comparing it at 30 and at 1000 shows
    whether the build grows faster than linearly.
    """
    measured = [r for r in sorted(results, key=lambda r: r.size) if r.ours is not None]
    out = {}
    for i, r in enumerate(measured):
        mean = 1000 * r.ours / r.size
        marginal = mean if i == 0 else 1000 * (r.ours - measured[i - 1].ours) / (r.size - measured[i - 1].size)
        out[r.size] = {"mean_ms": mean, "marginal_ms": marginal,
                       "from": r.size if i == 0 else measured[i - 1].size}
    return out


def targets(results: list[SizeResult], costs: dict[int, dict[str, float]],
            version: float) -> list[tuple[str, str, str]]:
    """Return (target, PASS/MISS/SKIP, detail) for each of the four targets."""
    out = []
    cold = [(r.size, ratio(r.ours, r.floor)) for r in results if ratio(r.ours, r.floor) is not None]
    out.append(_worst(f"cold build <= {COLD_OVER_FLOOR}x floor at every size", "ours/floor", cold, COLD_OVER_FLOOR))
    name = f"per-slide cost at 1000 <= {PER_SLIDE_GROWTH}x per-slide at 30 (marginal ms/slide)"
    if 30 in costs and 1000 in costs:
        growth = costs[1000]["marginal_ms"] / costs[30]["marginal_ms"]
        out.append((name, "PASS" if growth <= PER_SLIDE_GROWTH else "MISS", f"{growth:.2f}x"))
    else:
        out.append((name, "SKIP", "needs sizes 30 and 1000"))
    noop = [(r.size, ratio(r.noop, version)) for r in results if r.noop is not None]
    out.append(_worst(f"no-op rebuild <= {NOOP_OVER_VERSION}x `erfaring --version`", "no-op/--version", noop,
                      NOOP_OVER_VERSION))
    pandoc = [(r.size, ratio(r.ours, r.pandoc)) for r in results
              if r.size >= PANDOC_FROM and ratio(r.ours, r.pandoc) is not None]
    out.append(_worst(f"faster than Pandoc from {PANDOC_FROM} slides up", "ours/pandoc", pandoc, 1.0, strict=True,
                      missing="pandoc not installed or no size >= 100"))
    return out


def _worst(name: str, label: str, ratios: list[tuple[int, float]], limit: float, strict: bool = False,
           missing: str = "nothing measured") -> tuple[str, str, str]:
    """Judge a target that must hold at every size, by its worst ratio."""
    if not ratios:
        return name, "SKIP", missing
    size, worst = max(ratios, key=lambda item: item[1])
    ok = worst < limit if strict else worst <= limit
    detail = f"{label} worst {worst:.2f}x at {size} slides (" + ", ".join(f"{s}: {v:.2f}x" for s, v in ratios) + ")"
    return name, "PASS" if ok else "MISS", detail


def report(results: list[SizeResult], version: float, machine: dict[str, str], tools: Tools) -> dict:
    """Print the table, per-slide cost, targets and machine; return the same as data."""
    costs = per_slide(results)
    judged = targets(results, costs, version)
    print(table(results, version))
    print(f"\n`erfaring --version`: {version:.3f} s (median)")
    if not tools.pandoc:
        print("pandoc: not installed")
    print("\nper-slide cost of ours (ms/slide; marginal = against the next smaller size):")
    for size in (30, 1000):
        if size in costs:
            c = costs[size]
            print(f"  {size:>4} slides: mean {c['mean_ms']:.1f}, marginal {c['marginal_ms']:.1f} (from {c['from']})")
        else:
            print(f"  {size:>4} slides: not measured")
    if 30 in costs and 1000 in costs:
        print(f"  ratio 1000/30 (marginal): {costs[1000]['marginal_ms'] / costs[30]['marginal_ms']:.2f}")
    print("\ntargets:")
    for name, status, detail in judged:
        print(f"  {status:<4}  {name}: {detail}")
    for r in results:
        for name, error in r.errors.items():
            print(f"\nerror at {r.size} slides ({name}):\n{error}")
    print("\nmachine:")
    for key, value in machine.items():
        print(f"  {key}: {value}")
    return {"machine": machine, "version_s": version, "sizes": [asdict(r) for r in results],
            "per_slide": {str(k): v for k, v in costs.items()},
            "targets": [{"target": n, "status": s, "detail": d} for n, s, d in judged]}


# --- main -----------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description="Benchmark erfaring build (see bench/README.md).")
    parser.add_argument("--sizes", help="comma-separated deck sizes in slides (default: 10,30,100,300,1000)")
    parser.add_argument("--quick", action="store_true", help="only 10, 30 and 100 slides")
    parser.add_argument("--repeat", type=int, help=f"runs per measurement (default: {REPEAT_SMALL}, "
                        f"{REPEAT_LARGE} from {LARGE_SIZE} slides)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated text (default: 1)")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--workdir", type=Path, help="generate here instead of a temporary folder (kept)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print where it is")
    parser.add_argument("--no-pandoc", action="store_true", help="skip Pandoc even if it is installed")
    parser.add_argument("--python", help="python for bench/floor.py (default: .venv's)")
    parser.add_argument("--erfaring", help="the erfaring program (default: .venv's)")
    args = parser.parse_args(argv)
    args.sizes = (QUICK_SIZES if args.quick else
                  tuple(sorted({int(s) for s in args.sizes.split(",")})) if args.sizes else ALL_SIZES)
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if any(s < 1 for s in args.sizes):
        parser.error("sizes must be at least 1")
    return args


def repeats(size: int, args: argparse.Namespace) -> int:
    """Return how many runs to take the median of at `size`."""
    return args.repeat or (REPEAT_LARGE if size >= LARGE_SIZE else REPEAT_SMALL)


def warm_up(tools: Tools, case: Case) -> None:
    """Run each tool once untimed so that the first timed run does not pay for cold disk caches."""
    progress("warming up")
    for timer in timers(tools, case).values():
        try:
            timer()
        except BenchError:
            pass  # measured, and reported, later


def benchmark(args: argparse.Namespace, workdir: Path) -> dict:
    """Generate, check and time every size; print the report and return it as data."""
    tools = find_tools(args)
    machine = machine_info(tools)
    cases = []
    for size in args.sizes:
        case = prepare(size, workdir, args.seed)
        progress(f"generated {size} slides in {case.library}: {check_library(tools, case)}")
        cases.append(case)
    warm_up(tools, cases[0])
    progress("timing `erfaring --version`")
    version = median_of([tools.erfaring, "--version"], max(repeats(s, args) for s in args.sizes))
    results = [measure(tools, case, repeats(case.size, args)) for case in cases]
    print()
    return report(results, version, machine, tools)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 1 only if something could not run at all."""
    args = parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="erfaring-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        data = benchmark(args, workdir)
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.workdir or args.keep:
            progress(f"generated files kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        progress(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
