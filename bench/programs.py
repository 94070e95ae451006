"""The programs under test: ours (a snapshot of the working tree), today's (a git revision), the rest.

`find_setup` copies the working tree's builder/ and assets/ into the work folder (ours),
unpacks the baseline revision with `git archive` (today's), byte-compiles both, and runs
both with the project's venv python and PYTHONPATH on the copy, from the work folder and
with a user cache folder of the bench's own. Also: library copies and the machine's facts.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from measure import BenchError, Sample, output_of, progress, timed

REPO = Path(__file__).resolve().parent.parent
LIBRARY_PARTS = ("slides", "quotes", "assets")
# `python -c` puts the current folder first on sys.path; drop it so that PYTHONPATH decides
# which builder/ runs (the tools also run from the work folder, never from the repository).
BOOT = "import sys; sys.path[:] = [p for p in sys.path if p]; from builder.cli import main; sys.exit(main())"


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
