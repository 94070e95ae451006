"""Benchmark `erfaring` against the targets of issue 13, as ratios measured in one run.

    python bench/run.py [--quick] [--json FILE] [--baseline-git REV | --no-baseline] [--keep]

Every number comes from subprocesses of this one process on this one machine. The main
figure is the CPU time of the whole process tree (`os.wait4`: the command and every
child it waited for, workers and LibreOffice included), with wall time beside it;
contestants run in paired rounds (one of each, in turn, round after round) and ratios
are taken per round, so the load of seven other jobs hits both sides alike. Rows:

1. `watch`: a real module save → new pptx, and → every output updated (bench/watchprobe.py);
2. what a notes-only edit rewrites (outputs and new slide pictures);
3. the whole real library with `--force`, ours against today's tool (`--baseline-git`);
4. a cold 30-slide pptx against the python-pptx floor (bench/floor.py), naive python-pptx,
   Pandoc and a plain XML-string writer (bench/xmlpptx.py), the practical limit;
5. `erfaring check` against `erfaring --version`;
6. 200 modules / 50 decks, pptx only, `--force`: CPU-seconds per wall-second.

Prints the details, then the table «target | now | goal | met?». Reports only: it exits
1 only if something could not run at all. Stdlib only; the tools run with the venv.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import BenchError, progress  # noqa: E402  (bench/ is not a package)
from programs import REPO, copy_library, find_setup, machine_info  # noqa: E402
from rows import (Row, check_row, cold_row, final_table, library_row, multi_row, notes_row,  # noqa: E402
                  watch_rows)

DEFAULT_BASELINE = "71bbfbd"  # the head before issue 13's work
COLD_SIZE = 30


@dataclass(frozen=True)
class Plan:
    """How much to measure: quick (about 3 minutes) or full (about 8–12)."""

    cold_rounds: int
    check_rounds: int
    library_rounds: int
    multi_rounds: int
    saves: int
    sizes: tuple[int, ...]
    multi_today: bool  # also time today's tool on the 200-module library (context, not a target)


QUICK = Plan(cold_rounds=3, check_rounds=5, library_rounds=1, multi_rounds=1, saves=3, sizes=(COLD_SIZE,),
             multi_today=False)
FULL = Plan(cold_rounds=7, check_rounds=11, library_rounds=3, multi_rounds=3, saves=7, sizes=(COLD_SIZE, 300),
            multi_today=True)


# --- main -------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description="Benchmark erfaring against issue 13's targets "
                                                 "(see bench/README.md).")
    parser.add_argument("--quick", action="store_true", help="fewer rounds and saves (about 3 minutes)")
    parser.add_argument("--json", type=Path, help="also write every sample, the rows and the machine to FILE")
    parser.add_argument("--baseline-git", default=DEFAULT_BASELINE, metavar="REV",
                        help=f"git revision of «today's» tool for the whole-library row (default {DEFAULT_BASELINE})")
    parser.add_argument("--no-baseline", action="store_true", help="do not measure today's tool")
    parser.add_argument("--saves", type=int, help="saves per watch session (default 3 quick, 7 full)")
    parser.add_argument("--rounds", type=int, help="paired rounds for every row (overrides the plan)")
    parser.add_argument("--sizes", help="deck sizes of the cold comparison, e.g. 30,300 (30 is the target row)")
    parser.add_argument("--only", help="comma-separated rows to run: watch,notes,library,cold,check,multi")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated text (default 1)")
    parser.add_argument("--workdir", type=Path, help="work here instead of a temporary folder (kept)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print where it is")
    parser.add_argument("--no-pandoc", action="store_true", help="leave Pandoc out even if it is installed")
    parser.add_argument("--python", help="python for floor.py and xmlpptx.py (default: .venv's)")
    parser.add_argument("--erfaring", help="the erfaring program to measure as «ours» (implies --live)")
    parser.add_argument("--live", action="store_true",
                        help="run .venv/bin/erfaring itself, not a copy of builder/ taken at the start")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    if args.rounds:
        plan = replace(plan, cold_rounds=args.rounds, check_rounds=args.rounds, library_rounds=args.rounds,
                       multi_rounds=args.rounds)
    if args.saves:
        plan = replace(plan, saves=args.saves)
    if args.sizes:
        plan = replace(plan, sizes=tuple(sorted({int(s) for s in args.sizes.split(",")} | {COLD_SIZE})))
    args.plan = plan
    rows = {"watch", "notes", "library", "cold", "check", "multi"}
    args.only = set(args.only.split(",")) if args.only else rows
    if args.only - rows:
        parser.error(f"unknown rows: {', '.join(sorted(args.only - rows))}")
    return args


def benchmark(args: argparse.Namespace, workdir: Path) -> dict:
    """Measure every row; print the details and the final table; return everything as data."""
    started = time.perf_counter()
    setup = find_setup(args, workdir)
    machine = machine_info(setup)
    plan: Plan = args.plan
    data: dict = {"machine": machine, "plan": asdict(plan), "quick": args.quick}
    real = copy_library(REPO, workdir / "real" / "library")
    progress(f"ours runs {machine['ours runs']}")
    said = setup.ours.output("--root", str(real), "check").splitlines()
    progress(f"`erfaring check` of the real library: {said[-1] if said else '(nothing)'}")
    rows: list[Row] = []
    # Order: the watch first (its library copy is fresh), then the notes-only rebuild on the
    # same copy, then the heavy paired rows.
    if "watch" in args.only or "notes" in args.only:
        watch_lib = copy_library(REPO, workdir / "watch" / "library")
        watch, run_session, sessions = watch_rows(setup, watch_lib, plan.saves, data)
        if "watch" in args.only:
            run_session(*sessions[0])
        if "notes" in args.only:
            notes = notes_row(setup, watch_lib, data)
        if "watch" in args.only and len(sessions) > 1:
            run_session(*sessions[1])
        rows += watch
        if "notes" in args.only:
            rows.insert(min(2, len(rows)), notes)
    if "library" in args.only:
        rows += library_row(setup, workdir, plan.library_rounds, data)
    if "cold" in args.only:
        cold = [cold_row(setup, workdir, size, plan.cold_rounds, args.seed, data) for size in plan.sizes]
        rows.append(cold[plan.sizes.index(COLD_SIZE)])
    if "check" in args.only:
        rows.append(check_row(setup, real, plan.check_rounds, data))
    if "multi" in args.only:
        rows.append(multi_row(setup, workdir, plan.multi_rounds, args.seed, data, plan.multi_today))
    machine["load average at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    machine["benchmark took"] = f"{time.perf_counter() - started:.0f} s ({'--quick' if args.quick else 'full'})"
    print("\nmachine:")
    for key, value in machine.items():
        print(f"  {key}: {value}")
    print("\nCPU = user + system seconds of the whole process tree; ratios are medians of per-round ratios "
          "(min–max in brackets).\n")
    print(final_table(rows))
    data["rows"] = [asdict(r) for r in rows]
    return data


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
            progress(f"files kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        progress(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
