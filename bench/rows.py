"""The rows of the benchmark: each measures one target of issue 13 and returns its table line(s).

Every row prints its details (min–median–max CPU and wall of each contestant) as it
goes and stores every sample in `data` for --json.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import synth
import watchprobe
from measure import (BenchError, Sample, Spread, cpu, paired_ratio, paired_rounds, progress, timed, timed_with_others,
                     wall)
from programs import Setup, Tool, copy_library

BENCH = Path(__file__).resolve().parent
WATCH_DECK = "hoyskole-erfaringskompetanse"  # 29 slides
MULTI_DECKS, MULTI_SLIDES = 50, 40  # 50 decks of 4 modules of 10 slides: 200 modules

# The targets of issue 13.
WATCH_PPTX_GOAL = 0.5
WATCH_ALL_GOAL = 3.0
NOTES_ONLY_GOAL = ("pptx", "manuscript-html", "manuscript-pdf")
LIBRARY_GOAL = 0.45
COLD_GOAL = 1.3
CHECK_GOAL = 3.0
PARALLEL_GOAL = 1.7


@dataclass
class Row:
    """One line of the final table, with what it was computed from."""

    target: str
    now: str
    goal: str
    met: str  # "yes", "no", "info" or "–" (not measured)
    detail: dict = field(default_factory=dict)


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
