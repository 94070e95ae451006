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
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # noqa: E402  (bench/ is not a package)
import watchprobe  # noqa: E402
from measure import (BenchError, Sample, Spread, cpu, output_of, paired_ratio, paired_rounds,  # noqa: E402
                     progress, timed, timed_with_others, wall)

REPO = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
DEFAULT_BASELINE = "71bbfbd"  # the head before issue 13's work
LIBRARY_PARTS = ("slides", "quotes", "assets")
WATCH_DECK = "hoyskole-erfaringskompetanse"  # 29 slides
COLD_SIZE = 30
MULTI_DECKS, MULTI_SLIDES = 50, 40  # 50 decks of 4 modules of 10 slides: 200 modules
# `python -c` puts the current folder first on sys.path; drop it so that PYTHONPATH decides
# which builder/ runs (the tools also run from the work folder, never from the repository).
BOOT = "import sys; sys.path[:] = [p for p in sys.path if p]; from builder.cli import main; sys.exit(main())"

# The targets of issue 13.
WATCH_PPTX_GOAL = 0.5
WATCH_ALL_GOAL = 3.0
NOTES_ONLY_GOAL = ("pptx", "manuscript-html", "manuscript-pdf")
LIBRARY_GOAL = 0.45
COLD_GOAL = 1.3
CHECK_GOAL = 3.0
PARALLEL_GOAL = 1.7


@dataclass(frozen=True)
class Plan:
    """How much to measure: quick (about 3 minutes) or full (about 15)."""

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


@dataclass(frozen=True)
class Tool:
    """One way to start erfaring: the command prefix and its environment."""

    name: str
    cmd: tuple[str, ...]
    env: dict[str, str]
    cwd: Path

    def __call__(self, *args: str) -> list[str]:
        return [*self.cmd, *args]

    def timed(self, *args: str) -> Sample:
        """Run the tool with `args` from its folder; return CPU and wall time."""
        return timed(self(*args), cwd=self.cwd, env=self.env)

    def where(self, python: str) -> str:
        """Return the builder/ package this tool imports (a check that PYTHONPATH wins)."""
        probe = "import sys; sys.path[:] = [p for p in sys.path if p]; import builder; print(builder.__file__)"
        done = subprocess.run([python, "-c", probe], cwd=self.cwd, env=self.env, stdout=subprocess.PIPE, text=True)
        return str(Path(done.stdout.strip()).parent) if done.returncode == 0 else "?"

    def output(self, *args: str) -> str:
        """Return what the tool prints with `args` (stdout and stderr)."""
        return output_of(self(*args), self.env, self.cwd)


@dataclass
class Setup:
    """The programs under test."""

    python: str
    ours: Tool
    today: Tool | None
    today_rev: str | None
    today_library: Path | None  # the library at the baseline revision (row 3's input for both)
    pandoc: str | None
    soffice: str | None
    watch_has_format: bool


@dataclass
class Row:
    """One line of the final table, with what it was computed from."""

    target: str
    now: str
    goal: str
    met: str  # "yes", "no", "info" or "–" (not measured)
    detail: dict = field(default_factory=dict)


# --- setup ------------------------------------------------------------------------------


def venv_program(name: str) -> Path:
    """Return the path of `name` in the repository's .venv."""
    return REPO / ".venv" / ("Scripts" if os.name == "nt" else "bin") / name


USER_CACHE = "user-cache"  # ERFARING_CACHE_DIR of every tool run, inside the work folder


def clean_env(workdir: Path | None = None) -> dict[str, str]:
    """Return this environment without PYTHONPATH and with the bench's own user cache folder.

    The tool keeps results it can reuse between runs (template geometry, …) in a user cache.
    The bench gives it an empty folder of its own, filled by the untimed warm-up runs, so
    the numbers do not depend on what earlier runs on this machine left in ~/.cache.
    """
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if workdir is not None:
        env["ERFARING_CACHE_DIR"] = str(workdir / USER_CACHE)
    return env


def baseline_tree(rev: str, workdir: Path, python: str) -> Path:
    """Unpack the tool at `rev` into a folder (no worktree) and compile its message catalogs."""
    folder = workdir / f"today-{rev}"
    folder.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    if archive.returncode != 0:
        raise BenchError(f"git archive {rev}: {archive.stderr.decode().strip()}")
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    catalogs = folder / "tools" / "catalogs.py"
    if catalogs.is_file():  # .mo files are not in git; without them today's tool would speak English
        subprocess.run([python, str(catalogs), "compile"], env={**clean_env(), "PYTHONPATH": str(folder)},
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return folder


def snapshot_tree(workdir: Path) -> Path:
    """Copy the working tree's builder/ (with its compiled catalogs) and assets/ into a folder.

    assets/ is the tool's own (shipped templates and fonts, found beside builder/).

    Other people edit the working tree while the benchmark runs; a copy keeps «ours» the
    same from the first round to the last, and keeps `watch` (which also watches the tool's
    own source) from rebuilding because someone saved a .py file.
    """
    folder = workdir / "ours"
    shutil.copytree(REPO / "builder", folder / "builder", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "assets", folder / "assets")
    return folder


def compile_tree(folder: Path, python: str) -> None:
    """Byte-compile a copied tool once, so that no timed run pays for it."""
    subprocess.run([python, "-m", "compileall", "-q", str(folder / "builder")], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def find_setup(args: argparse.Namespace, workdir: Path) -> Setup:
    """Locate the programs, copy ours and unpack today's tool unless --no-baseline."""
    python = args.python or (str(venv_program("python")) if venv_program("python").exists() else sys.executable)
    erfaring = args.erfaring or (str(venv_program("erfaring")) if venv_program("erfaring").exists()
                                 else shutil.which("erfaring"))
    if not erfaring:
        raise BenchError("erfaring not found: run `make build` first, or pass --erfaring PATH")
    if args.live or args.erfaring:
        ours = Tool("ours", (erfaring,), clean_env(workdir), workdir)
    else:
        progress("copying the working tree's builder/ (ours)")
        folder = snapshot_tree(workdir)
        compile_tree(folder, python)
        ours = Tool("ours", (python, "-c", BOOT), {**clean_env(workdir), "PYTHONPATH": str(folder)}, workdir)
    today = today_library = None
    rev = None if args.no_baseline else args.baseline_git
    if rev:
        progress(f"unpacking today's tool at {rev}")
        folder = baseline_tree(rev, workdir, python)
        compile_tree(folder, python)
        today = Tool(f"today ({rev})", (python, "-c", BOOT), {**clean_env(workdir), "PYTHONPATH": str(folder)},
                     workdir)
        today_library = folder
    watch_help = ours.output("watch", "--help")
    return Setup(python, ours, today, rev, today_library, None if args.no_pandoc else shutil.which("pandoc"),
                 shutil.which("soffice") or shutil.which("libreoffice"), "--format" in watch_help)


def copy_library(source: Path, dest: Path) -> Path:
    """Copy a library's slides/, quotes/ and assets/ to `dest` (no out/, no cache)."""
    for part in LIBRARY_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, dest / part)
    return dest


def machine_info(setup: Setup) -> dict[str, str]:
    """Return the machine and the versions the numbers come from."""
    cpu_model, memory = platform.processor() or "unknown", "unknown"
    for line in _read_lines("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu_model = line.split(":", 1)[1].strip()
            break
    for line in _read_lines("/proc/meminfo"):
        if line.startswith("MemTotal"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
            break
    versions = output_of([setup.python, "-c", "import sys, pptx; print(sys.version.split()[0], pptx.__version__)"])
    py_version, pptx_version = (versions.split() + ["?", "?"])[:2]
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": cpu_model,
        "cores": f"{usable} usable of {os.cpu_count()}",
        "memory": memory,
        "os": platform.platform(),
        "python": py_version,
        "python-pptx": pptx_version,
        "erfaring": setup.ours.output("--version"),
        "erfaring git": output_of(["git", "-C", str(REPO), "describe", "--always", "--dirty"]),
        "ours runs": setup.ours.where(setup.python),
        "today's tool": (f"{setup.today_rev}, runs {setup.today.where(setup.python)}" if setup.today
                         else "not measured (--no-baseline)"),
        "pandoc": output_of([setup.pandoc, "--version"]).splitlines()[0] if setup.pandoc else "not installed",
        "libreoffice": output_of([setup.soffice, "--version"]).splitlines()[0] if setup.soffice else "not installed",
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def _read_lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


# --- rows -------------------------------------------------------------------------------


def samples_json(samples: dict[str, list[Sample]]) -> dict[str, list[dict]]:
    """Return every sample as {cpu, wall} for --json."""
    return {name: [asdict(s) for s in values] for name, values in samples.items()}


def describe(title: str, samples: dict[str, list[Sample]], errors: dict[str, str]) -> None:
    """Print min–median–max CPU and wall of every contestant."""
    print(f"\n{title}")
    width = max([len(n) for n in samples] + [len(n) for n in errors] + [10])
    print(f"  {'':<{width}}  {'CPU s: median (min–max)':<26}  wall s: median (min–max)")
    for name, values in samples.items():
        print(f"  {name:<{width}}  {cpu(values).text(3):<26}  {wall(values).text(3)}")
    for name, error in errors.items():
        print(f"  {name:<{width}}  failed: {error.splitlines()[0]}")


def judge(value: float | None, goal: float, at_most: bool = True) -> str:
    """Return 'yes'/'no' for a measured value against its goal, '–' if not measured."""
    if value is None:
        return "–"
    return "yes" if (value <= goal if at_most else value >= goal) else "no"


def ratio_row(target: str, top: str, bottom: str, samples: dict[str, list[Sample]], goal: float,
              errors: dict[str, str]) -> Row:
    """Return a row judged by the median per-round CPU ratio top/bottom (wall ratio beside it)."""
    if top not in samples or bottom not in samples:
        why = errors.get(top) or errors.get(bottom) or "not measured"
        return Row(target, "–", f"≤ {goal}", "–", {"error": why.splitlines()[0]})
    by_cpu, by_wall = paired_ratio(samples[top], samples[bottom]), paired_ratio(samples[top], samples[bottom], "wall")
    now = f"{by_cpu.text(2)}; wall {by_wall.median:.2f}"
    return Row(target, now, f"≤ {goal}", judge(by_cpu.median, goal),
               {"cpu_ratio": asdict(by_cpu), "wall_ratio": asdict(by_wall)})


def cold_row(setup: Setup, workdir: Path, size: int, rounds: int, seed: int, data: dict) -> Row:
    """Row 4: a cold `size`-slide pptx against the floor, naive python-pptx, Pandoc, the XML limit."""
    deck = synth.make_deck(size, seed)
    folder = workdir / f"cold-{size:04d}"
    library, slides_json, markdown, out = folder / "library", folder / "slides.json", folder / "deck.md", folder / "out"
    synth.write_library(deck, library)
    synth.write_floor_json(deck, slides_json)
    synth.write_markdown(deck, markdown)
    out.mkdir(parents=True, exist_ok=True)
    ours, python = setup.ours, setup.python

    def build(tool: Tool, dest: str):
        return lambda: tool.timed("--root", str(library), "build", deck.id, "--out", str(out / dest), "--force")

    contestants = {"ours": build(ours, "ours"),
                   "floor": lambda: timed([python, str(BENCH / "floor.py"), str(slides_json), str(out / "floor.pptx")], cwd=folder),
                   "naive": lambda: timed([python, str(BENCH / "floor.py"), str(slides_json), str(out / "naive.pptx"),
                                           "--naive"], cwd=folder),
                   "xml": lambda: timed([python, str(BENCH / "xmlpptx.py"), str(slides_json), str(out / "xml.pptx")], cwd=folder)}
    if setup.pandoc:
        contestants["pandoc"] = lambda: timed([setup.pandoc, "-o", str(out / "pandoc.pptx"), str(markdown)],
                                              cwd=folder)
    if setup.today:
        contestants["today"] = build(setup.today, "today")
    samples, errors = paired_rounds(contestants, rounds, f"[cold {size}] ")
    describe(f"cold {size}-slide pptx (`build --force`, synthetic deck; {rounds} paired rounds)", samples, errors)
    for other in ("floor", "xml", "pandoc", "today"):
        if other in samples and "ours" in samples:
            r = paired_ratio(samples["ours"], samples[other])
            print(f"  ours/{other} (CPU, per round): {r.text(2)}")
    data[f"cold_{size}"] = {"samples": samples_json(samples), "errors": errors}
    return ratio_row(f"cold {size}-slide pptx / python-pptx floor (CPU)", "ours", "floor", samples, COLD_GOAL, errors)


def check_row(setup: Setup, library: Path, rounds: int, data: dict) -> Row:
    """Row 5: `erfaring check` of the real library against `erfaring --version`."""
    ours = setup.ours
    contestants = {"--version": lambda: ours.timed("--version"),
                   "check": lambda: ours.timed("--root", str(library), "check")}
    samples, errors = paired_rounds(contestants, rounds, "[check] ")
    describe(f"`erfaring check` (real library) and `erfaring --version`; {rounds} paired rounds", samples, errors)
    data["check"] = {"samples": samples_json(samples), "errors": errors}
    return ratio_row("`check` / `--version` (CPU)", "check", "--version", samples, CHECK_GOAL, errors)


def library_row(setup: Setup, workdir: Path, rounds: int, data: dict) -> list[Row]:
    """Row 3: the whole real library, every deck and output, `--force`: ours against today's tool.

    Two ways for ours: into the output folder its previous run left (a user's repeated
    `--force`; whatever the tool keeps there, such as slide pictures, may be reused), and
    into an emptied output folder (nothing but the user cache to lean on).
    """
    target = "whole library `--force`, ours / today's (CPU)"
    if not setup.today:
        return [Row(target, "–", f"≤ {LIBRARY_GOAL}", "–", {"error": "no baseline (--no-baseline)"})]
    # Both build the library as it was at the baseline revision: the same input, which
    # today's tool can read (the working tree's may use what only ours knows).
    library = copy_library(setup.today_library, workdir / "library-at-baseline")

    def build(tool: Tool, dest: str, empty: bool = False):
        def run() -> Sample:
            if empty:  # untimed
                shutil.rmtree(workdir / dest, ignore_errors=True)
            return tool.timed("--root", str(library), "build", "--force", "--out", str(workdir / dest))
        return run

    contestants = {"today": build(setup.today, "lib-out-today"), "ours": build(setup.ours, "lib-out-ours"),
                   "ours, empty out/": build(setup.ours, "lib-out-ours-empty", empty=True)}
    samples, errors = paired_rounds(contestants, rounds, "[library --force] ")
    describe(f"whole library `build --force`, all decks and outputs (library at {setup.today_rev}; "
             f"{rounds} paired rounds)", samples, errors)
    data["library_force"] = {"samples": samples_json(samples), "errors": errors, "library_rev": setup.today_rev}
    main = ratio_row(target, "ours", "today", samples, LIBRARY_GOAL, errors)
    empty = ratio_row("whole library `--force` into an empty out/, ours / today's (CPU)", "ours, empty out/", "today",
                      samples, LIBRARY_GOAL, errors)
    empty.met = "info" if empty.met != "–" else "–"
    return [main, empty]


def multi_row(setup: Setup, workdir: Path, rounds: int, seed: int, data: dict, today_too: bool) -> Row:
    """Row 6: 200 modules / 50 decks, pptx only, `--force`: CPU-seconds per wall-second."""
    library = workdir / "multi"
    synth.write_library_many(synth.make_decks(MULTI_DECKS, MULTI_SLIDES, seed), library)

    others: dict[str, list[float]] = {}

    def build(tool: Tool, dest: str):
        def run() -> Sample:
            sample, busy = timed_with_others(tool("--root", str(library), "build", "--format", "pptx", "--force",
                                                  "--out", str(workdir / dest)), tool.cwd, tool.env)
            if busy is not None:
                others.setdefault(tool.name, []).append(busy)
            return sample
        return run

    contestants = {"ours": build(setup.ours, "multi-out-ours")}
    if setup.today and today_too:
        contestants["today"] = build(setup.today, "multi-out-today")
    samples, errors = paired_rounds(contestants, rounds, "[200 modules / 50 decks] ", warm_up=False)
    describe(f"{MULTI_DECKS * MULTI_SLIDES // 10} modules / {MULTI_DECKS} decks, `build --format pptx --force` "
             f"({rounds} paired rounds)", samples, errors)
    use = {name: Spread.of([s.cpu / s.wall for s in values]) for name, values in samples.items()}
    for name, spread in use.items():
        print(f"  {name}: CPU-s per wall-s {spread.text(2)}")
    busy = {name: Spread.of(values) for name, values in others.items()}
    for name, spread in busy.items():
        print(f"  {name}: other processes kept {spread.text(2)} cores busy meanwhile")
    data["multi"] = {"samples": samples_json(samples), "errors": errors, "others_busy_cores": others}
    target = f"{MULTI_DECKS * MULTI_SLIDES // 10} modules / {MULTI_DECKS} decks: CPU-s per wall-s"
    if "ours" not in use:
        return Row(target, "–", f"≥ {PARALLEL_GOAL}", "–", {"error": errors.get("ours", "?").splitlines()[0]})
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    theirs = busy.get(setup.ours.name)
    load = f", others busy {theirs.median:.1f}" if theirs else ""
    return Row(target, f"{use['ours'].text(2)} on {cores} cores{load}", f"≥ {PARALLEL_GOAL}",
               judge(use["ours"].median, PARALLEL_GOAL, at_most=False), {"cpu_per_wall": asdict(use["ours"])})


def notes_row(setup: Setup, library: Path, data: dict) -> Row:
    """Row 2: which outputs a notes-only edit rewrites (and how many new slide pictures)."""
    ours, out = setup.ours, library / "out"
    target = "rebuild after a notes-only edit: files rewritten"
    build = ("--root", str(library), "build", WATCH_DECK, "--out", str(out))
    try:
        ours.timed(*build)  # bring every output up to date (a no-op after the watch)
        module = watchprobe.first_module_with_notes(library, WATCH_DECK)
        paths = watchprobe.output_paths(out, WATCH_DECK)
        before, thumbs = watchprobe.snapshot(paths), watchprobe.thumb_files(out)
        module.write_text(watchprobe.notes_edit(module.read_text(encoding="utf-8"), 99), encoding="utf-8")
        progress("notes-only edit: rebuilding")
        sample = ours.timed(*build)
    except (BenchError, ValueError, OSError) as exc:
        return Row(target, "–", "pptx, manuscript; 0 new pictures", "–", {"error": str(exc).splitlines()[0]})
    after = watchprobe.snapshot(paths)
    rewritten = [fmt for fmt in paths if after[fmt] != before[fmt]]
    cache = watchprobe.has_thumb_cache(out)
    new_thumbs = len(watchprobe.thumb_files(out) - thumbs)
    pictures = f"{new_thumbs} new pictures" if cache else "no thumbs cache"
    print(f"\nnotes-only edit of {module.name}, then `erfaring build {WATCH_DECK}`: "
          f"CPU {sample.cpu:.2f} s, wall {sample.wall:.2f} s")
    print(f"  rewritten: {', '.join(rewritten) or 'nothing'}; {pictures}")
    data["notes_only"] = {"rewritten": rewritten, "new_thumbs": new_thumbs, "thumb_cache": cache,
                          "sample": asdict(sample)}
    ok = set(rewritten) <= set(NOTES_ONLY_GOAL) and "pptx" in rewritten and new_thumbs == 0
    return Row(target, f"{len(rewritten)}: {', '.join(rewritten)}; {pictures}", "pptx, manuscript; 0 new pictures",
               "yes" if ok else "no", {"rewritten": rewritten, "new_thumbs": new_thumbs})


def watch_rows(setup: Setup, library: Path, saves: int, data: dict) -> tuple[list[Row], Callable, list]:
    """Row 1: save → pptx and save → all outputs, while `erfaring watch` runs (all outputs first)."""
    sessions = [("all outputs", [])]
    if setup.watch_has_format:
        sessions.append(("pptx only", ["--format", "pptx"]))
    results = {}
    rows = []

    def run(label: str, extra: list[str]) -> None:
        cmd = setup.ours("--root", str(library), "watch", WATCH_DECK, *extra)
        result = watchprobe.watch_session(cmd, setup.ours.env, setup.ours.cwd, library, WATCH_DECK, saves, label,
                                          library.parent / f"watch-{label.replace(' ', '-')}.log")
        results[label] = result
        pptx = Spread.of([s.pptx for s in result.saves if s.pptx is not None])
        every = Spread.of([s.all_outputs for s in result.saves if s.all_outputs is not None])
        tree = Spread.of([s.tree_cpu for s in result.saves if s.tree_cpu is not None])
        print(f"\n`erfaring watch {WATCH_DECK}` ({label}; {len(result.saves)} notes-only saves of a module)")
        print(f"  first build: {result.first_build:.2f} s" if result.first_build is not None else "  first build: –")
        print(f"  save → new pptx (s): {pptx.text(2) if pptx else '–'}")
        print(f"  save → every changed output written (s): {every.text(2) if every else '–'}")
        print(f"  CPU of the watch's process tree per save (s): {tree.text(2) if tree else '–'}")
        for number, save in enumerate(result.saves, start=1):
            print(f"    save {number}: pptx {_s(save.pptx)}, all {_s(save.all_outputs)}; "
                  f"rewritten {', '.join(save.rewritten) or 'nothing'}; new pictures {save.new_thumbs}")
            for line in save.errors:
                print(f"      the watch said: {line[:160]}")
        failed = sum(1 for save in result.saves if save.errors)
        if failed:
            result.error = (result.error + "; " if result.error else "") + \
                f"the watch reported an error after {failed} of {len(result.saves)} saves (see above)"
        if result.error:
            print(f"  error: {result.error}")
        data.setdefault("watch", {})[label] = asdict(result)
        detail = {"error": result.error} if result.error else {}
        flag = f" ({failed} saves failed)" if failed else ""

        def met(spread: Spread | None, goal: float) -> str:
            return "no" if failed else judge(spread.median if spread else None, goal)

        if label == "all outputs":
            rows.append(Row(f"watch: save → new pptx, {WATCH_DECK} (29 slides), all outputs",
                            f"{pptx.text(2)} s{flag}" if pptx else "–", f"≤ {WATCH_PPTX_GOAL} s",
                            met(pptx, WATCH_PPTX_GOAL), detail))
            rows.append(Row("watch: save → every output of the deck updated",
                            f"{every.text(2)} s{flag}" if every else "–", f"≤ {WATCH_ALL_GOAL} s",
                            met(every, WATCH_ALL_GOAL), detail))
        else:
            rows.append(Row("watch --format pptx: save → new pptx (for comparison)",
                            f"{pptx.text(2)} s{flag}" if pptx else "–", f"≤ {WATCH_PPTX_GOAL} s", "info", detail))

    return rows, run, sessions


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s"


# --- the report -------------------------------------------------------------------------


def final_table(rows: list[Row]) -> str:
    """Return «target | now | goal | met?» as a Markdown table."""
    head = ["target", "now", "goal", "met?"]
    cells = [[r.target, r.now, r.goal, r.met] for r in rows]
    widths = [max(len(c[i]) for c in [head] + cells) for i in range(4)]

    def line(row: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |"

    return "\n".join([line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [line(c) for c in cells])


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
    progress(f"checking the real library: {setup.ours.output('--root', str(real), 'check')[-200:]}")
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
