"""The readable list of steps: load → resolve → plan → lint → (render → write).

Gathers every problem before anything is written: a library with errors builds nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from builder.diagnostics import Diagnostic, Report
from builder.errors import UserError
from builder.gate import gate
from builder.i18n import _
from builder.library import Library, load_library
from builder.lint import lint
from builder.outputs import OUTPUT_FILES, output_path
from builder.plan import DeckPlan, plan_deck
from builder.resolve import Use, check_consent, check_references, repeated_modules, uses

DEFAULT_FACT_AGE_YEARS = 5


@dataclass(frozen=True)
class Checked:
    """A loaded library, the plans of its decks, and every diagnostic found."""

    library: Library
    plans: tuple[DeckPlan, ...]
    diagnostics: tuple[Diagnostic, ...]
    templates: dict = field(default_factory=dict)  # template name (None = default) → Template or None
    # Every reference in the library (resolve.uses), found once: each deck's planning and files read them.
    uses: tuple[Use, ...] = ()

    @property
    def errors(self) -> list[Diagnostic]:
        """The diagnostics that stop a build."""
        return [d for d in self.diagnostics if d.severity.value == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The diagnostics that fail only with --strict."""
        return [d for d in self.diagnostics if d.severity.value == "warning"]

    def plan(self, deck_id: str) -> DeckPlan:
        """Return the plan of one deck."""
        for plan in self.plans:
            if plan.deck.id == deck_id:
                return plan
        raise KeyError(deck_id)


def check(root: Path, today: dt.date | None = None, max_fact_age_years: int = DEFAULT_FACT_AGE_YEARS,
          overrides: dict[str, str] | None = None) -> Checked:
    """Load, resolve, plan and lint the library at `root`; never raises for user mistakes.

    `overrides` (file → text) checks the library as if those files held that text (see `load_library`).
    """
    today = today or dt.date.today()
    report = Report()
    lib, problems = load_library(root, overrides)
    report.extend(problems)
    all_uses = tuple(uses(lib))
    report.extend(check_references(lib, all_uses))
    report.extend(check_consent(lib))
    targets = _targets_by_user(all_uses)
    plans = [plan_deck(lib, deck_id) for deck_id in sorted(lib.decks) if _plannable(lib, deck_id, targets)]
    report.extend(lint(lib, plans, today, max_fact_age_years))
    report.extend(gate(lib, plans))
    templates = _templates(root, lib, report)
    return Checked(lib, tuple(plans), tuple(report.sorted()), templates, all_uses)


def _templates(root: Path, lib: Library, report: Report) -> dict:
    """Load and check the template and layout map of every deck, once per template."""
    from builder.render.pptx.template import load_template

    templates: dict = {}
    for deck_id, deck in sorted(lib.decks.items()):
        if deck.template in templates:
            continue
        template, problems = load_template(root, deck.template)
        templates[deck.template] = template
        if deck.template is not None and problems and problems[0].code == "template-missing":
            continue  # check_references has said so at the deck's 'template:' line
        report.extend(problems)
    return templates


def _targets_by_user(all_uses: tuple[Use, ...]) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Index the library's references by who makes them."""
    targets: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for use in all_uses:
        targets.setdefault(use.user, []).append(use.target)
    return targets


def _plannable(lib: Library, deck_id: str, targets: dict[tuple[str, str], list[tuple[str, str]]]) -> bool:
    """Tell whether every id the deck depends on resolves, so planning cannot fail (`targets`: by user)."""
    deck = lib.decks[deck_id]
    if deck.audience not in lib.audiences or repeated_modules(lib, deck_id):
        return False
    needed = {("deck", deck_id)} | {("module", m.module) for m in deck.modules if m.module}
    for user in needed:
        for target in targets.get(user, ()):
            if target[0] in ("module", "quote", "fact", "audience"):
                if target[1] not in lib.of_kind(target[0]) or target in lib.broken:
                    return False
    return True


def fitted_plan(checked: Checked, root: Path, deck_id: str):
    """Return the plan of `deck_id` fitted to its template, as the renderer gets it, and the template.

    (None, None) when the deck cannot be planned or its template is unusable.
    """
    from builder.fit import fit_plan
    from builder.render.pptx.template import font_dir

    if blocking_errors(checked, deck_id):
        return None, None
    plan = checked.plan(deck_id)
    template = checked.templates.get(plan.deck.template)
    fitted, _problems = fit_plan(plan, template.geometry, font_dir(root, template.fonts.measure))
    return fitted, template


PARALLEL_SLIDES = 150  # below this, starting worker processes costs more than it saves


@dataclass(frozen=True)
class Built:
    """What a build wrote, kept, and found on the way.

    `diagnostics` holds the errors that stopped a deck and the warnings about files the chosen
    decks read; `blocked` names the decks that were not built, with the errors in their files;
    `elsewhere` holds the problems in files none of the chosen decks reads, which stopped nothing.
    """

    written: tuple[Path, ...]
    kept: tuple[Path, ...]
    diagnostics: tuple[Diagnostic, ...]
    notices: tuple[str, ...] = ()
    blocked: tuple[tuple[str, tuple[Diagnostic, ...]], ...] = ()
    elsewhere: tuple[Diagnostic, ...] = ()


def deck_files(checked: Checked, deck_id: str) -> set[str]:
    """Return the library files (relative paths) whose content can reach the deck's outputs."""
    from builder.library import defined_in_broken_file
    from builder.render.pptx.template import rel, template_paths

    lib = checked.library
    all_uses = checked.uses or tuple(uses(lib))
    reached = {("deck", deck_id)}
    files: set[str] = set()
    grew = True
    while grew:
        grew = False
        for use in all_uses:
            if use.user in reached:
                files.add(use.location.path)
                if use.target not in reached:
                    reached.add(use.target)
                    grew = True
    for kind, item_id in reached:
        if kind != "asset" and item_id in lib.of_kind(kind):
            files.add(lib.origin(kind, item_id).doc.path)
    for path in {d.location.path for d in checked.errors} - files:
        if defined_in_broken_file(lib.root, path) & reached:
            files.add(path)  # a file that could not be read, which defines something the deck uses
    deck = lib.decks.get(deck_id)
    if deck is not None:
        files.update(rel(lib.root, p) for p in template_paths(lib.root, deck.template))
    return files


def blocking_errors(checked: Checked, deck_id: str) -> tuple[Diagnostic, ...]:
    """Return the errors that stop `deck_id` from being built (none: it can be built)."""
    files = deck_files(checked, deck_id)
    errors = tuple(d for d in checked.errors if d.location.path in files)
    plannable = any(p.deck.id == deck_id for p in checked.plans)
    template_ok = checked.templates.get(checked.library.decks[deck_id].template) is not None
    if errors or (plannable and template_ok):
        return errors
    return tuple(checked.errors)  # it cannot be planned and the cause is not in its files: show everything


@dataclass(frozen=True)
class Job:
    """Everything needed to fit, fingerprint and render the outputs of one deck, in any process."""

    deck_id: str
    plan: DeckPlan  # as planned: the worker fits it to the template
    template: object
    formats: tuple[str, ...]  # the outputs asked for, in the order they are made (see OUTPUT_ORDER)
    thumbnails: bool
    root: Path
    hashes: dict = field(default_factory=dict)  # path → SHA-256 of the files every deck reads, hashed once per build
    keep: dict = field(default_factory=dict)  # format → the fingerprint under which the file there now is kept
    thumbs: Path | None = None  # the folder of this deck's cached slide pictures


@dataclass(frozen=True)
class Fitted:
    """What a worker says before it renders: each output's fingerprint, which it renders, what fitting found."""

    fingerprints: dict
    todo: tuple[str, ...]
    problems: tuple[Diagnostic, ...]


# The order a deck's outputs are made and written in: the one people wait for first, then the quick ones.
OUTPUT_ORDER = ("pptx", "handout-html", "handout-docx", "manuscript-html", "handout-pdf", "manuscript-pdf")
THUMBS_DIR = ".erfaring/thumbs"


def build(root: Path, deck_ids: list[str] | None = None, today: dt.date | None = None,
          out_dir: Path | None = None, formats: list[str] | None = None, force: bool = False,
          thumbnails: bool | None = None, progress=None, on_written=None) -> Built:
    """Check the library, then render what changed and write each output as soon as it is ready.

    Nothing is written when the library has errors in the files the chosen decks read. Each
    output is written atomically as it is rendered, the pptx first, so a failure half way leaves
    every file whole (new or as it was) and the cache vouching for exactly what was written.
    `formats` limits the outputs (default: what each deck's `outputs:` asks for, or all);
    `thumbnails` puts slide pictures in the manuscript (default: when LibreOffice is there);
    `progress(done, total, label)` is called as decks finish; `on_written(path)` as each file lands.
    """
    from builder import cache as cache_mod
    from builder.errors import DiagnosticsError

    out = out_dir or root / "out"
    stamp = cache_mod.stamp_key(root, cache_mod.build_options(deck_ids, formats, thumbnails))
    cache = cache_mod.Cache.load(out)
    notices = [cache.notice] if cache.notice else []
    checked = check(root, today)
    report = Report(list(checked.diagnostics))
    wanted = deck_ids or sorted(checked.library.decks)
    unknown = [d for d in wanted if d not in checked.library.decks]
    unreadable = [d for d in unknown if ("deck", d) in checked.library.broken]
    if unreadable:
        raise DiagnosticsError(report.sorted())  # the deck's own file has errors: they say why
    if unknown:
        from builder.diagnostics import did_you_mean

        raise UserError(_("there is no deck with the id '{id}'").format(id=unknown[0]),
                        did_you_mean(unknown[0], checked.library.decks) or _("`erfaring list decks` shows them"))
    bad = [f for f in formats or [] if f not in OUTPUT_FILES]
    if bad:
        raise UserError(_("unknown output format '{format}'").format(format=bad[0]),
                        _("choose among: {formats}").format(formats=", ".join(OUTPUT_FILES)))
    blocked = {d: errors for d in wanted if (errors := blocking_errors(checked, d))}
    if not deck_ids:  # a deck whose own file cannot be read is named too, with the errors in that file
        for kind, deck_id in sorted(checked.library.broken):
            errors = tuple(e for e in checked.errors if kind == "deck" and Path(e.location.path).stem == deck_id
                           and e.location.path.startswith("slides/decks/"))
            if errors and deck_id not in blocked:
                blocked[deck_id] = errors
                wanted = [*wanted, deck_id]
    buildable = [d for d in wanted if d not in blocked]
    if wanted and not buildable:
        raise DiagnosticsError(report.sorted())
    stopping = {e for errors in blocked.values() for e in errors}
    needed = set().union(*(deck_files(checked, d) for d in wanted))
    shown = [d for d in report.items if d in stopping or (d.severity.value == "warning" and d.location.path in needed)]
    elsewhere = tuple(d for d in report.sorted() if d not in shown)
    report = Report(shown)
    if thumbnails is None:  # only the manuscript shows slide pictures: a pptx-only build never looks for LibreOffice
        thumbnails = _manuscript_wanted(checked, buildable, formats) and _can_draw_pictures()
    pdf_missing = _pdf_problem(formats, checked, buildable)
    if pdf_missing is not None:
        from builder.diagnostics import Location, warning

        report.add(warning("pdf-unavailable", pdf_missing.message, Location(_pdf_place(checked, buildable)),
                           pdf_missing.hint))
    templates = {d: checked.templates.get(checked.plan(d).deck.template) for d in buildable}
    hashes = _shared_hashes(root, [t for t in templates.values() if t is not None])
    jobs: list[Job] = []
    skipped: list[str] = []
    produced: dict[str, list[str]] = {}
    for deck_id in buildable:
        with blame(checked, deck_id):
            plan = checked.plan(deck_id)
            if templates[deck_id] is None:
                continue
            chosen = [f.value for f in plan.deck.outputs] if plan.deck.outputs else list(OUTPUT_FILES)
            produced[deck_id] = list(chosen)
            if formats:
                chosen = [f for f in chosen if f in formats]
            if pdf_missing is not None:
                skipped += [output_path(deck_id, f) for f in chosen if f.endswith("-pdf")]
                chosen = [f for f in chosen if not f.endswith("-pdf")]
            keep = {} if force else {f: fp for f in chosen if (fp := _keepable(cache, output_path(deck_id, f)))}
            jobs.append(Job(deck_id, plan, templates[deck_id], tuple(f for f in OUTPUT_ORDER if f in chosen),
                            thumbnails, root, hashes, keep, out / THUMBS_DIR / deck_id))
    if any(e not in stopping for e in report.errors):
        raise DiagnosticsError(report.sorted())
    from builder.write import sweep_stale, write_text

    for job in jobs:
        sweep_stale(out / job.deck_id)
    written: list[Path] = []
    kept: list[Path] = []
    fingerprints: dict[str, str] = {}
    unsettled = False  # something the next build must look at again: no shortcut by file stamps
    try:
        for deck_id, chosen in produced.items():
            with blame(checked, deck_id):
                unsettled |= _retire(root, out, cache, deck_id, chosen, notices)
        for job, event in _run_jobs(jobs, progress, checked):
            with blame(checked, job.deck_id):
                if isinstance(event, Fitted):
                    report.extend(event.problems)
                    for fmt, value in event.fingerprints.items():
                        rel = output_path(job.deck_id, fmt)
                        fingerprints[rel] = value
                        if fmt not in event.todo:
                            kept.append(out / rel)
                            if cache.state(rel) == "edited":  # edited by hand, and nothing it is built from changed
                                notices.append(_left_alone_notice(root, out / rel, job.deck_id, fmt))
                    continue
                fmt, blob = event
                path = _deliver(root, out, cache, job.deck_id, fmt, fingerprints[output_path(job.deck_id, fmt)],
                                blob, notices)
                written.append(path)
            if on_written is not None:
                on_written(path)
    except BaseException:
        # Stopped half way (Ctrl-C, a locked file, a bug): record what was written, and promise nothing more.
        try:
            write_text(cache.path, cache.to_text("", cache.last))
        except Exception:  # noqa: BLE001 - the promises already saved keep the cache honest
            pass
        raise
    for rel in skipped:
        # An output that was not made now would hold old text: it goes, and never counts as fresh.
        if cache.forget(rel) or (out / rel).exists():
            try:
                (out / rel).unlink(missing_ok=True)
            except OSError:  # open in a viewer on Windows: the cache no longer vouches for it either way
                pass
            notices.append(_("{path} was removed: it could not be made now and would show old text").format(
                path=_shown(root, out / rel)))
    if deck_ids is None:
        left_behind = _left_behind(root, out, checked.library)
        notices += left_behind
        unsettled |= bool(left_behind)  # said again at every build until the folder is gone
    complete = not blocked and not skipped and not unsettled
    write_text(cache.path, cache.to_text(stamp if complete else "", list(fingerprints)))
    return Built(tuple(written), tuple(kept), tuple(report.sorted()), tuple(notices),
                 tuple((d, blocked[d]) for d in wanted if d in blocked), elsewhere)


def _manuscript_wanted(checked: Checked, deck_ids: list[str], formats: list[str] | None) -> bool:
    """Tell whether any of the decks will have a manuscript output made (`formats` limiting what each asks for)."""
    for deck_id in deck_ids:
        deck = checked.plan(deck_id).deck
        chosen = [f.value for f in deck.outputs] if deck.outputs else list(OUTPUT_FILES)
        if any(f.startswith("manuscript") and (not formats or f in formats) for f in chosen):
            return True
    return False


def _can_draw_pictures() -> bool:
    """Tell whether LibreOffice and pdftoppm are there to draw the manuscript's slide pictures."""
    import shutil

    from builder.preview import locate_soffice

    return locate_soffice() is not None and shutil.which("pdftoppm") is not None


def keep_if_edited(cache, out: Path, rel: str, blob: bytes | None) -> Path | None:
    """Move a hand-edited output out of the way before it is replaced; return where it went, or None.

    A file the cache has no record of counts as edited unless it holds exactly the new bytes
    (fail safe: a lost or damaged cache must not cost anyone their edits); `blob` is None when
    nothing replaces the file.
    """
    from builder.write import keep_aside

    path = out / rel
    state = cache.state(rel)
    if state in ("missing", "ours"):
        return None
    if state == "unknown" and path.read_bytes() == blob:
        return None
    saved = keep_aside(path)
    base = built_copy(out, rel)
    if base.is_file():  # the build the user edited goes with their copy, so the two can be compared later
        base.replace(built_copy(out, saved.relative_to(out).as_posix()))
    return saved


def _keepable(cache, rel: str) -> str | None:
    """Return the fingerprint under which the file at `rel` stays as it is when nothing it shows changed.

    That is the file as the last build wrote it, or a file someone edited by hand (left alone, with a
    notice, as long as nothing it is built from has changed); None means it is made again in any case.
    """
    value = cache.built_from(rel)
    if not value:
        return None
    return value if cache.fresh(rel, value) or cache.state(rel) == "edited" else None


def _deliver(root: Path, out: Path, cache, deck_id: str, fmt: str, fingerprint: str, blob: bytes,
             notices: list[str]) -> Path:
    """Write one rendered output in place, keeping a hand-edited file aside first; return its path."""
    from builder.write import write_bytes, write_text

    rel = output_path(deck_id, fmt)
    saved = keep_if_edited(cache, out, rel, blob)
    if saved is not None:
        notices.append(_kept_aside_notice(root, out / rel, saved, deck_id, fmt))
    # The promise is saved before the rename: a build killed in between leaves a cache that knows
    # exactly which bytes it may vouch for (see builder/cache.py).
    cache.promise(rel, fingerprint, blob)
    write_text(cache.path, cache.to_text("", cache.last))
    write_bytes(out / rel, blob)
    cache.record(rel, fingerprint, out / rel, blob)
    if fmt == "pptx":
        write_bytes(built_copy(out, rel), blob)  # what `erfaring changes` compares an edited deck with
    return out / rel


def _retire(root: Path, out: Path, cache, deck_id: str, chosen: list[str], notices: list[str]) -> bool:
    """Remove the outputs the deck's `outputs:` no longer asks for; return True when one had to stay.

    Why: a deck first built for an internal audience and then narrowed to a public one must not keep
    the old handout and manuscript (with internal material) beside the new deck. A file as we built it
    goes; a file someone changed is moved aside under a new name, with a notice; nothing goes silently.
    """
    from builder.errors import OutputError

    left = False
    for fmt in OUTPUT_FILES:
        rel = output_path(deck_id, fmt)
        path = out / rel
        if fmt in chosen:
            continue
        if not path.is_file() or path.is_symlink():
            cache.forget(rel)
            continue
        try:
            saved = keep_if_edited(cache, out, rel, None)
            if saved is None:
                path.unlink()
                built_copy(out, rel).unlink(missing_ok=True)
        except (OutputError, OSError):
            left = True
            notices.append(_("{path} is no longer made for the deck '{deck}', and it could not be removed or moved "
                             "aside; close it in the program that has it open and build again").format(
                path=_shown(root, path), deck=deck_id))
            continue
        cache.forget(rel)
        if saved is None:
            notices.append(_("{path} was removed: the deck '{deck}' no longer asks for it in 'outputs:'").format(
                path=_shown(root, path), deck=deck_id))
        else:
            notices.append(_("{path} is no longer made for the deck '{deck}' (its 'outputs:' does not ask for it); "
                             "it was changed after it was built, so it is kept as «{kept}» – delete that file if "
                             "no one needs it").format(path=_shown(root, path), deck=deck_id, kept=saved.name))
    return left


def _left_behind(root: Path, out: Path, lib: Library) -> list[str]:
    """Say which folders in `out` hold outputs of decks that are no longer in the library.

    A notice, not a removal: a deck disappears for reasons that are not a decision to delete it (its
    file renamed or moved, its id changed, a folder given with --out that holds other things), and its
    folder may hold the only copy of a deck someone edited and presented. Deleting a whole folder because
    something is absent is a bigger step than removing a file the deck itself stopped asking for. The
    notice comes with every full build until the folder is gone, so the files are never left silently.
    """
    found = []
    try:
        folders = sorted(out.iterdir()) if out.is_dir() else []
    except OSError:
        return found
    for folder in folders:
        name = folder.name
        if name.startswith(".") or name in lib.decks or ("deck", name) in lib.broken:
            continue
        if folder.is_symlink() or not folder.is_dir():
            continue
        if any((folder / pattern.format(deck=name)).is_file() for pattern in OUTPUT_FILES.values()):
            found.append(_("{folder} holds files built from the deck '{deck}', which is no longer in the library; "
                           "they are left as they are – delete the folder if no one needs them").format(
                folder=_shown(root, folder) + "/", deck=name))
    return found


def blame(checked: Checked | None, deck_id: str):
    """Mark an unexpected exception raised inside the block with the deck (and its file) it happened for.

    The exception itself goes on unchanged, traceback and all; the front ends name the deck when they
    report it as a bug (see `report_bug`).
    """
    from contextlib import contextmanager

    @contextmanager
    def marking():
        try:
            yield
        except UserError:
            raise
        except Exception as exc:
            if getattr(exc, "erfaring_deck", None) is None:
                where = None
                try:
                    if checked is not None:
                        where = checked.library.origin("deck", deck_id).doc.path
                except Exception:  # noqa: BLE001 - naming the file is a courtesy
                    pass
                try:
                    exc.erfaring_deck = (deck_id, where)
                except (AttributeError, TypeError):
                    pass
            raise

    return marking()


def debugging() -> bool:
    """Tell whether bugs are to be shown with their traceback (`--debug`, or ERFARING_DEBUG=1)."""
    import os

    return os.environ.get("ERFARING_DEBUG", "").strip().lower() in ("1", "true", "yes", "ja", "on")


def report_bug(exc: BaseException, command: str, root: Path | None = None) -> list[str]:
    """The last line of defence: write the details of a bug to a file and return plain lines that say so.

    Every front end (the command line, watch, later the studio) calls this for an exception that is
    not a user mistake, instead of showing a traceback. The outputs are never half written (see
    builder/write.py), so the files built before are still whole.
    """
    deck, where = getattr(exc, "erfaring_deck", None) or (None, None)
    if deck and where:
        first = _("`{command}` stopped because of a bug in the tool (not a mistake in your files) while building "
                  "the deck '{deck}' ({file})").format(command=command, deck=deck, file=where)
    elif deck:
        first = _("`{command}` stopped because of a bug in the tool (not a mistake in your files) while building "
                  "the deck '{deck}'").format(command=command, deck=deck)
    else:
        first = _("`{command}` stopped because of a bug in the tool (not a mistake in your files)").format(
            command=command)
    log = _write_bug_log(exc, command, root, deck, where)
    lines = [_("error: {message}").format(message=first),
             "  " + _("the files that were built before are kept as they were")]
    if log is not None:
        lines.append("  " + _("please report it to whoever looks after the tool, and send along {path}, where "
                              "the details are written").format(path=_shown(root, log) if root else str(log)))
    else:
        lines.append("  " + _("please report it to whoever looks after the tool; `{command} --debug` shows the "
                              "details").format(command=command))
    return lines


def _write_bug_log(exc: BaseException, command: str, root: Path | None, deck: str | None,
                   where: str | None) -> Path | None:
    """Write the traceback to out/.erfaring/ in the library (else the system's temporary folder)."""
    import platform
    import sys
    import tempfile
    import traceback

    from builder import __version__

    now = dt.datetime.now()
    text = "\n".join([
        f"erfaring {__version__}, Python {platform.python_version()}, {platform.platform()}",
        f"time: {now.isoformat(timespec='seconds')}",
        f"command: {command}",
        f"arguments: {sys.argv[1:]}",
        f"deck: {deck} ({where})" if deck else "deck: -",
        "",
        "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
    ])
    name = _("crash-{time}.txt").format(time=now.strftime("%Y%m%d-%H%M%S"))
    folders = ([root / "out" / ".erfaring"] if root is not None else []) + [Path(tempfile.gettempdir())]
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / name
            for number in range(2, 100):
                if not target.exists():
                    break
                target = folder / f"{Path(name).stem}-{number}.txt"
            with open(target, "x", encoding="utf-8", errors="backslashreplace") as handle:
                handle.write(text)
            return target
        except OSError:
            continue
    return None


BUILT_DIR = ".erfaring/built"


def built_copy(out: Path, rel: str) -> Path:
    """Where the tool keeps the deck exactly as it built it, for the output at `rel` (or a kept copy of it)."""
    return out / BUILT_DIR / rel


def _left_alone_notice(root: Path, path: Path, deck_id: str, fmt: str) -> str:
    if fmt == "pptx":
        return _("{path} was changed after the last build, and nothing it is built from has changed, so it is "
                 "left as it is; `erfaring changes {deck}` shows what was changed").format(
            path=_shown(root, path), deck=deck_id)
    return _("{path} was changed after the last build, and nothing it is built from has changed, so it is left "
             "as it is; `erfaring build --force` makes a new one and keeps yours beside it").format(
        path=_shown(root, path))


def _kept_aside_notice(root: Path, path: Path, saved: Path, deck_id: str, fmt: str) -> str:
    if fmt == "pptx":
        return _("{path} was changed after the last build; your version is kept as «{kept}» beside the new one, "
                 "and `erfaring changes {deck}` shows what you changed").format(
            path=_shown(root, path), kept=saved.name, deck=deck_id)
    return _("{path} was changed after the last build; your version is kept as «{kept}» beside the new one").format(
        path=_shown(root, path), kept=saved.name)


def _shown(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _pdf_place(checked: Checked, deck_ids: list[str]) -> str:
    """Where a missing PDF maker is reported: the file of the deck asking for PDF, when there is one."""
    for deck_id in deck_ids:
        outputs = checked.library.decks[deck_id].outputs
        if outputs and any(f.value.endswith("-pdf") for f in outputs):
            return checked.library.origin("deck", deck_id).doc.path
    return checked.library.origin("deck", deck_ids[0]).doc.path if deck_ids else "erfaring build"


def _pdf_problem(formats: list[str] | None, checked: Checked, wanted: list[str]):
    """Return why PDFs cannot be made, if any requested output is a PDF; else None."""
    asked = set(formats or [])
    if not formats:
        for deck_id in wanted:
            outputs = checked.library.decks[deck_id].outputs
            asked |= {f.value for f in outputs} if outputs else set(OUTPUT_FILES)
    if not any(f.endswith("-pdf") for f in asked):
        return None
    from builder.render.pdf import unavailable

    return unavailable()


_HASHES: dict[str, tuple[int, int, str]] = {}  # path → (size, mtime, SHA-256), for as long as the process lives


def _hash(path: Path) -> str:
    """Return the SHA-256 of a file, read again only when its size or time changed (watch keeps this)."""
    from builder.cache import file_hash

    info = path.stat()
    known = _HASHES.get(str(path))
    if known is None or known[:2] != (info.st_size, info.st_mtime_ns):
        known = _HASHES[str(path)] = (info.st_size, info.st_mtime_ns, file_hash(path))
    return known[2]


def _tool_files() -> list[Path]:
    from builder.cache import TOOL_DIR

    return sorted(p for pattern in ("*.py", "*.j2", "*.css") for p in TOOL_DIR.rglob(pattern))


def _template_files(root: Path, template) -> list[Path]:
    """The template, its layout map and its measuring fonts: what every deck on the template reads."""
    from builder.render.pptx.template import font_dir

    files = [template.path, template.map_path, *sorted(font_dir(root, template.fonts.measure).glob("*.ttf"))]
    return [p for p in files if p is not None and p.is_file()]


def _shared_hashes(root: Path, templates: list) -> dict[str, str]:
    """Hash the files many decks read (the tool, templates, maps, fonts) once per build, for every worker."""
    from builder.cache import fingerprint

    hashes = {"<tool>": fingerprint([(p.name, _hash(p)) for p in _tool_files()])}
    for template in templates:
        for path in _template_files(root, template):
            hashes[str(path)] = _hash(path)
    return hashes


def _file_hashes(job: Job, files: list[Path]) -> list[tuple[str, str]]:
    return [(p.name, job.hashes.get(str(p)) or _hash(p)) for p in files if p.is_file()]


def _inputs_hash(job: Job, plan: DeckPlan) -> str:
    """Hash what a deck's outputs read besides its plan: template, map, fonts, images, the tool."""
    from builder.cache import fingerprint
    from builder.plan import ImageContent

    images = sorted({Path(s.content.file) for s in plan.slides if isinstance(s.content, ImageContent)})
    tool = job.hashes.get("<tool>") or fingerprint([(p.name, _hash(p)) for p in _tool_files()])
    return fingerprint(tool, _file_hashes(job, _template_files(job.root, job.template) + images))


def picture_keys(job: Job, plan: DeckPlan) -> list[str]:
    """Return, per slide of the fitted `plan`, a key of what its picture shows (see cache.NOT_SHOWN['picture']).

    The slide as the deck shows it, the deck's footer values, its picture file, the template and map,
    the tool and the programs that draw it; never its notes, cues or handout prose.
    """
    from builder.cache import fingerprint, shown
    from builder.plan import ImageContent
    from builder.preview import renderer_identity

    tool = job.hashes.get("<tool>") or fingerprint([(p.name, _hash(p)) for p in _tool_files()])
    template = [(p.name, job.hashes.get(str(p)) or _hash(p)) for p in (job.template.path, job.template.map_path)
                if p is not None and p.is_file()]
    base = fingerprint(tool, template, renderer_identity(), shown(plan.deck, "picture"))
    keys = []
    for slide in plan.slides:
        image = _file_hashes(job, [Path(slide.content.file)]) if isinstance(slide.content, ImageContent) else []
        keys.append(fingerprint(base, shown(slide, "picture"), image))
    return keys


def _run_jobs(jobs: list[Job], progress, checked: Checked | None = None):
    """Run every job, yielding (job, event) as events come: a `Fitted`, then (format, bytes) per output.

    A library with many slides is fitted and rendered in worker processes, a deck to a task (its
    events come when it is done). Otherwise the decks are fitted here, the quick outputs (the pptx
    first) are made here, and the slow ones (PDFs, slide pictures) go to workers when more than one
    deck has them; a single deck is made entirely here, its pptx written before its PDFs are begun.
    """
    import os

    workers = min(os.cpu_count() or 1, len(jobs))
    if workers > 1 and sum(len(j.plan.slides) for j in jobs) >= PARALLEL_SLIDES:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(run_job_whole, job): job for job in jobs}
            for done, future in enumerate(as_completed(futures), start=1):
                job = futures[future]
                with blame(checked, job.deck_id):
                    events = future.result()
                for event in events:
                    yield job, event
                if progress:
                    progress(done, len(jobs), job.deck_id)
        return
    fitted = []
    for job in jobs:
        with blame(checked, job.deck_id):
            plan, said = fit_job(job)
        yield job, said
        fitted.append((job, plan, said.todo))
    slow = {job.deck_id: tuple(f for f in todo if _slow(job, f)) for job, plan, todo in fitted}
    share = workers > 1 and sum(1 for formats in slow.values() if formats) > 1
    later = []
    done = 0
    for job, plan, todo in fitted:
        now = tuple(f for f in todo if f not in slow[job.deck_id]) if share else todo
        made: dict[str, object] = {}
        yield from _each(job, checked, _render(job, plan, now, made))
        if share and slow[job.deck_id]:
            later.append((job, plan, slow[job.deck_id], {k: v for k, v in made.items() if k in ("pptx", "handout")}))
        else:
            done += 1
            if progress:
                progress(done, len(jobs), job.deck_id)
    if not later:
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(max_workers=min(workers, len(later))) as pool:
        futures = {pool.submit(render_whole, *task): task[0] for task in later}
        for future in as_completed(futures):
            job = futures[future]
            with blame(checked, job.deck_id):
                events = future.result()
            for event in events:
                yield job, event
            done += 1
            if progress:
                progress(done, len(jobs), job.deck_id)


def _slow(job: Job, fmt: str) -> bool:
    """Tell whether an output takes seconds rather than a fraction of one: a PDF, or slide pictures to draw."""
    return fmt.endswith("-pdf") or (job.thumbnails and fmt.startswith("manuscript"))


def _each(job: Job, checked: Checked | None, events):
    """Yield (job, event) for each event, marking an unexpected exception with the deck (see `blame`)."""
    while True:
        with blame(checked, job.deck_id):
            event = next(events, None)
        if event is None:
            return
        yield job, event


def run_job_whole(job: Job) -> list:
    """Fit and render one deck to the end and return its events (what a worker process sends back)."""
    plan, said = fit_job(job)
    return [said, *_render(job, plan, said.todo, {})]


def render_whole(job: Job, plan: DeckPlan, todo: tuple[str, ...], made: dict) -> list:
    """Render the outputs `todo` of a fitted deck and return them (a worker's share of a build).

    `made` holds what this process already made for the deck (its pptx, its handout page), so that
    the worker does not make it again.
    """
    return list(_render(job, plan, todo, made))


def fit_job(job: Job) -> tuple[DeckPlan, Fitted]:
    """Fit one deck and fingerprint each of its outputs; say which must be rendered.

    An output whose fingerprint is the one in `job.keep` is not rendered: what it shows has not changed.
    """
    from builder.cache import fingerprint, shown
    from builder.fit import fit_plan
    from builder.render.pptx.template import font_dir

    fitted, problems = fit_plan(job.plan, job.template.geometry, font_dir(job.root, job.template.fonts.measure))
    base = _inputs_hash(job, fitted)
    views: dict[str, object] = {}
    fingerprints = {}
    for fmt in job.formats:
        kind = fmt.split("-", 1)[0]
        if kind not in views:
            views[kind] = shown(fitted, fmt)
        fingerprints[fmt] = fingerprint(base, fmt, views[kind], job.thumbnails if kind == "manuscript" else None)
    todo = tuple(f for f in job.formats if fingerprints[f] != job.keep.get(f))
    return fitted, Fitted(fingerprints, todo, tuple(problems))


def _render(job: Job, plan: DeckPlan, todo: tuple[str, ...], made: dict):
    """Yield (format, bytes) for each output in `todo`; shared parts are made once, and kept in `made`.

    Slide pictures that must be drawn are drawn by LibreOffice (another process, so the other core)
    while the handout is made here, and the manuscript then comes after the handout's PDF.
    """

    def deck() -> bytes:
        if "pptx" not in made:
            from builder.render.pptx.deck import render_deck

            made["pptx"] = render_deck(plan, job.template)
        return made["pptx"]

    def handout() -> str:
        if "handout" not in made:
            from builder.render.handout import handout_html

            made["handout"] = handout_html(plan)
        return made["handout"]

    pictures = None
    if job.thumbnails and any(f.startswith("manuscript") for f in todo):
        if "pptx" in todo:
            yield "pptx", deck()
            todo = tuple(f for f in todo if f != "pptx")
        pictures, drawn = _thumbnails(job, plan, deck)
        if drawn:
            todo = tuple(sorted(todo, key=lambda f: (f.startswith("manuscript"), OUTPUT_ORDER.index(f))))

    def manuscript() -> str:
        if "manuscript" not in made:
            from builder.render.manuscript import manuscript_html

            made["manuscript"] = manuscript_html(plan, pictures.result() if pictures is not None else None)
        return made["manuscript"]

    for fmt in todo:
        if fmt == "pptx":
            yield fmt, deck()
        elif fmt == "handout-html":
            yield fmt, handout().encode("utf-8")
        elif fmt == "handout-docx":
            from builder.render.docx import handout_docx

            yield fmt, handout_docx(plan)
        elif fmt == "manuscript-html":
            yield fmt, manuscript().encode("utf-8")
        elif fmt == "handout-pdf":
            from builder.render.paper import print_layout
            from builder.render.pdf import document_to_pdf

            yield fmt, document_to_pdf(print_layout(plan)[1], plan)  # the compact layout when it saves a page
        elif fmt == "manuscript-pdf":
            from builder.render.pdf import html_to_pdf

            yield fmt, html_to_pdf(manuscript(), plan)


def _thumbnails(job: Job, plan: DeckPlan, deck):
    """Start getting a small PNG per slide for the manuscript; return (a future of them, whether any is drawn).

    Cached by what each slide shows (see preview.slide_pictures); when some must be drawn, LibreOffice
    runs in a thread that mostly waits for it, so this process goes on with the other outputs.
    """
    from concurrent.futures import Future, ThreadPoolExecutor

    from builder.preview import cached_pictures, slide_pictures

    keys = picture_keys(job, plan)
    cached = cached_pictures(keys, job.thumbs)
    if cached is not None:
        done: Future = Future()
        done.set_result(cached)
        return done, False
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="erfaring-thumbs")
    future = pool.submit(slide_pictures, keys, job.thumbs, deck, job.deck_id)
    pool.shutdown(wait=False)
    return future, True
