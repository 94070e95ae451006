"""Builds started from the studio: one at a time per deck, in the background, with progress to show.

A build runs `pipeline.build` for one deck in a thread (the same call as `erfaring build DECK`) and
then, when LibreOffice is there, turns the built deck into one picture per slide for the page. A
second click while a deck is building joins the running build instead of starting another.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

from builder.i18n import _
from builder.outputs import OUTPUT_FILES, output_path

PICTURES = ".erfaring/studio"


@dataclass
class Job:
    """One build of one deck, as the page shows it."""

    deck_id: str
    state: str = "running"  # running, done, failed
    step: str = ""
    done: int = 0
    total: int = 1
    lines: list[str] = field(default_factory=list)  # what `erfaring build` would print
    files: list[tuple[str, str]] = field(default_factory=list)  # (format, path relative to out/)
    pictures: int = 0

    @property
    def percent(self) -> int:
        """How far the build has come, 0–100."""
        return 100 if self.state != "running" else min(99, int(100 * self.done / max(self.total, 1)))


class Builds:
    """The builds of one studio: at most one running per deck."""

    def __init__(self, root: Path):
        self.root = root
        self.out = root / "out"
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()

    def start(self, deck_id: str) -> Job:
        """Start building `deck_id`, or return the build of it that is already running."""
        with self.lock:
            job = self.jobs.get(deck_id)
            if job is not None and job.state == "running":
                return job
            job = Job(deck_id, step=_("checking the library"))
            self.jobs[deck_id] = job
        threading.Thread(target=self._run, args=(job,), daemon=True, name=f"studio-build-{deck_id}").start()
        return job

    def get(self, deck_id: str) -> Job | None:
        """The latest build of `deck_id`, if any."""
        return self.jobs.get(deck_id)

    def _run(self, job: Job) -> None:
        from builder import pipeline
        from builder.diagnostics import human_lines
        from builder.errors import DiagnosticsError, UserError
        from builder.summary import build_report

        def progress(done: int, total: int, label: str) -> None:
            job.done, job.total, job.step = done, total, label

        try:
            built = pipeline.build(self.root, [job.deck_id], progress=progress)
            notes, tail = build_report(self.root, built)  # what `erfaring build` says, in the same words
            job.lines = notes + human_lines(built.diagnostics, verbose=False) + [line for _problem, line in tail]
            job.files = [(fmt, output_path(job.deck_id, fmt)) for fmt in OUTPUT_FILES
                         if (self.out / output_path(job.deck_id, fmt)).is_file()]
            if built.blocked:
                job.state = "failed"
                return
            job.step = _("making pictures of the slides")
            job.pictures = self._pictures(job.deck_id)
            job.state = "done"
        except DiagnosticsError as exc:
            job.lines = human_lines(exc.diagnostics, verbose=False)
            job.state = "failed"
        except UserError as exc:
            job.lines = [exc.message] + ([exc.hint] if exc.hint else [])
            job.state = "failed"
        except Exception as exc:  # noqa: BLE001 - the last line of defence, as in the CLI
            job.lines = pipeline.report_bug(exc, "erfaring studio", self.root)
            job.state = "failed"

    def _pictures(self, deck_id: str) -> int:
        """Render the built deck to one PNG per slide, unless the pictures of these very bytes exist."""
        from builder.preview import locate_soffice, render_pages

        pptx = self.out / output_path(deck_id, "pptx")
        if not pptx.is_file() or locate_soffice() is None:
            return 0
        folder = self.picture_folder(deck_id)
        digest = hashlib.sha256(pptx.read_bytes()).hexdigest()
        stamp = folder / "built-from.txt"
        if stamp.is_file() and stamp.read_text() == digest:
            return len(list(folder.glob("*.png")))
        import shutil
        import tempfile

        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="erfaring-studio-") as tmp:
            source = Path(tmp) / f"{deck_id}.pptx"
            shutil.copyfile(pptx, source)
            pages = render_pages(source, Path(tmp))
            for old in folder.glob("*.png"):
                old.unlink()
            for n, page in enumerate(pages, start=1):
                shutil.copyfile(page, folder / f"{n}.png")
        stamp.write_text(digest)
        return len(pages)

    def picture_folder(self, deck_id: str) -> Path:
        """Where the pictures of a deck's slides are kept."""
        return self.out / PICTURES / deck_id

    def picture(self, deck_id: str, number: int) -> Path | None:
        """The picture of slide `number` of `deck_id`, if it was made."""
        path = self.picture_folder(deck_id) / f"{number}.png"
        return path if path.is_file() else None
