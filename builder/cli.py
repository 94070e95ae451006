"""The command line: parses arguments, calls the library, turns user errors into exit codes.

The only module that imports click. Heavy modules are imported inside the commands so
that `erfaring --version` and a no-op build start fast. Every text is wrapped in `_()`:
help texts are translated when this module is imported, which is why the language is
chosen from the command line itself (`builder.i18n.choose`) before click parses it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from builder import __version__, i18n
from builder.errors import DiagnosticsError, UserError
from builder.i18n import _, ngettext
from builder.outputs import OUTPUT_FILES, output_path

LIST_KINDS = ("modules", "decks", "quotes", "facts", "sources", "audiences")


def _speak_through_click() -> None:
    """Send click's own words (Usage, Options, Missing argument …) through our catalogs."""
    import importlib

    for name in ("core", "decorators", "exceptions", "formatting", "parser", "shell_completion", "termui",
                 "types", "utils"):
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = i18n._
        if hasattr(module, "ngettext"):
            module.ngettext = i18n.ngettext


_speak_through_click()


def _root(ctx: click.Context) -> Path:
    from builder.root import find_root

    given = ctx.obj.get("root") if ctx.obj else None
    return find_root(Path(given) if given else Path.cwd())


def _echo_err(text: str) -> None:
    click.echo(text, err=True)


def print_diagnostics(diagnostics, as_json: bool, verbose: bool = True) -> None:
    """Print diagnostics: JSON lines on stdout, or the human form on stderr (see `human_lines`)."""
    if as_json:
        for diagnostic in diagnostics:
            click.echo(diagnostic.to_json())
        return
    from builder.diagnostics import human_lines

    for line in human_lines(diagnostics, verbose):
        _echo_err(line)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, options_metavar=_("[OPTIONS]"),
             subcommand_metavar=_("COMMAND [ARGS]..."), help=_("Erfaringsbanken: build presentations, handouts and manuscripts from teaching modules."))
@click.version_option(__version__, prog_name="erfaring")
@click.option("--root", type=click.Path(file_okay=False), envvar="ERFARING_ROOT",
              help=_("The library folder (default: the nearest folder with slides/ in it)."))
@click.option("--lang", metavar="nb|en", expose_value=False,
              help=_("Language of the messages: nb (Norwegian, the default) or en. Also ERFARING_LANG."))
@click.option("--debug", is_flag=True, expose_value=False,
              help=_("When the tool itself fails, show the technical details here instead of writing them to a "
                     "file. Also ERFARING_DEBUG=1."))
@click.pass_context
def cli(ctx: click.Context, root: str | None) -> None:
    """The group every command hangs on; it only remembers --root."""
    ctx.ensure_object(dict)
    ctx.obj["root"] = root


VERBOSE_HELP = _("Show every warning; without it, a kind of warning that occurs often is summed up in one line.")
JSON_HELP = _("Print the problems as JSON lines: code, message, file, line, column (for editors and CI).")


@cli.command(options_metavar=_("[OPTIONS]"), help=_("Check every file of the library and report all problems at once."))
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@click.option("--strict", is_flag=True, help=_("Fail on warnings too."))
@click.option("--verbose", is_flag=True, help=VERBOSE_HELP)
@click.option("--fact-age", type=click.IntRange(1, 100), default=5, show_default=True,
              help=_("Warn about facts older than this many years."))
@click.pass_context
def check(ctx: click.Context, as_json: bool, strict: bool, verbose: bool, fact_age: int) -> None:
    """`erfaring check`: every error on its own line; warnings too, or summed up when there are many."""
    from builder import pipeline

    checked = pipeline.check(_root(ctx), max_fact_age_years=fact_age)
    print_diagnostics(checked.diagnostics, as_json, verbose)
    errors, warnings = len(checked.errors), len(checked.warnings)
    if not as_json:
        from builder.summary import check_summary

        state, line = check_summary(checked)  # the same words the studio shows
        if state == "errors":
            _echo_err(line)
        else:
            click.echo(line)
    if errors or (strict and warnings):
        sys.exit(1)


@cli.command(name="list", options_metavar=_("[OPTIONS]"), help=_("List the modules, decks, quotes, facts, sources or audiences with their titles."))
@click.argument("kind", type=click.Choice(LIST_KINDS), default="modules")
@click.pass_context
def list_(ctx: click.Context, kind: str) -> None:
    """`erfaring list KIND`."""
    from builder.commands import describe
    from builder.library import load_library

    lib, _problems = load_library(_root(ctx))
    for line in describe(lib, kind[:-1]):
        click.echo(line)


@cli.command(options_metavar=_("[OPTIONS]"), help=_("Show which decks and modules use a quote, fact, source, picture or module."))
@click.argument("item_id", metavar="ID")
@click.pass_context
def where(ctx: click.Context, item_id: str) -> None:
    """`erfaring where ID`; an id that is not in the library is a user error (exit 1)."""
    from builder.commands import where_used
    from builder.library import load_library

    lib, _problems = load_library(_root(ctx))
    for line in where_used(lib, item_id):
        click.echo(line)


@cli.command(options_metavar=_("[OPTIONS]"), help=_("Create a new, valid, commented module, deck or quote file to fill in."))
@click.argument("kind", type=click.Choice(["module", "deck", "quote"]))
@click.argument("name", metavar=_("NAME"))
@click.pass_context
def new(ctx: click.Context, kind: str, name: str) -> None:
    """`erfaring new KIND NAME`."""
    from builder.scaffold import scaffold

    path = scaffold(_root(ctx), kind, name)
    click.echo(_("created {path}").format(path=path.as_posix()))


@cli.command(options_metavar=_("[OPTIONS]"), help=_("Write the JSON Schema files that editors use for completion and red squiggles."))
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help=_("Folder for the schema files (default: docs/schema in the library)."))
@click.pass_context
def schema(ctx: click.Context, out_dir: str | None) -> None:
    """`erfaring schema`."""
    from builder.schema import write_schemas

    root = _root(ctx)
    for path in write_schemas(Path(out_dir) if out_dir else root / "docs" / "schema"):
        click.echo(_("wrote {path}").format(path=path))


FORMATS = tuple(OUTPUT_FILES)


def _formats(value: str | None) -> list[str] | None:
    if not value:
        return None
    chosen = [v.strip() for v in value.split(",") if v.strip()]
    for item in chosen:
        if item not in FORMATS:
            raise click.BadParameter(_("'{item}' is not one of {formats}").format(item=item, formats=", ".join(FORMATS)),
                                     param_hint="--format")
    return chosen


@cli.command(options_metavar=_("[OPTIONS]"), help=_("Build decks (all of them when none is named) into out/<deck>/. A deck is built when the "
                    "files it uses have no errors, even if other files have."))
@click.argument("decks", nargs=-1, metavar=_("[DECK]..."))
@click.option("--format", "formats", metavar=_("LIST"),
              help=_("Comma-separated outputs, e.g. pptx,handout-pdf (default: what each deck asks for, else all: "
                     "{formats}).").format(formats=", ".join(FORMATS)))
@click.option("--force", is_flag=True, help=_("Rebuild even what has not changed."))
@click.option("--thumbnails/--no-thumbnails", default=None,
              help=_("Slide pictures in the manuscript (default: when LibreOffice is installed)."))
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help=_("Output folder (default: out/ in the library)."))
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@click.option("--verbose", is_flag=True, help=VERBOSE_HELP)
@click.pass_context
def build(ctx: click.Context, decks: tuple[str, ...], formats: str | None, force: bool,
          thumbnails: bool | None, out_dir: str | None, as_json: bool, verbose: bool) -> None:
    """`erfaring build [DECK…]`: exit 1 when a deck asked for could not be built."""
    from builder.cache import no_op

    root = _root(ctx)
    chosen = _formats(formats)
    out = Path(out_dir) if out_dir else None
    say = _echo_err if as_json else click.echo
    if not force and no_op(root, list(decks) or None, chosen, thumbnails, out):
        say(_("nothing to rebuild: every file is up to date"))
        return
    from builder import pipeline

    try:
        built = pipeline.build(root, list(decks) or None, out_dir=out, formats=chosen, force=force,
                               thumbnails=thumbnails, progress=_progress())
    except DiagnosticsError as exc:
        print_diagnostics(exc.diagnostics, as_json, verbose)
        if not as_json:
            _echo_err(_nothing_built(len(exc.errors)))
        sys.exit(1)
    if not _report_build(root, built, say, as_json, verbose):
        sys.exit(1)


def _nothing_built(errors: int) -> str:
    return ngettext("✗ {n} error; nothing was written", "✗ {n} errors; nothing was written", errors).format(n=errors)


def _report_build(root: Path, built, say, as_json: bool = False, verbose: bool = False) -> bool:
    """Print what a build did and found; return False when a deck asked for was not built."""
    from builder.summary import build_report

    notes, tail = build_report(root, built, as_json)
    for note in notes:
        _echo_err(note)
    print_diagnostics(list(built.diagnostics) + (list(built.elsewhere) if as_json else []), as_json, verbose)
    for problem, line in tail:
        (_echo_err if problem else say)(line)
    return not built.blocked


def _progress():
    """Return a progress callback that writes to a terminal, or None when not on one."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, label: str) -> None:
        end = "\n" if done == total else ""
        line = _("built {done}/{total}: {deck}").format(done=done, total=total, deck=label)
        sys.stderr.write(f"\r  {line:<60}{end}")
        sys.stderr.flush()

    return show


@cli.command(options_metavar=_("[OPTIONS]"), help=_("Show where every kind of slide goes on a template, and check its layout map.\n\n"
                    "TEMPLATE is a .pptx/.potx file, or a name in assets/templates/ (default: the template that "
                    "comes with the tool). A map <template>.layouts.yaml beside the template overrides the tool's "
                    "choices."))
@click.argument("template", required=False, metavar=_("[TEMPLATE]"))
@click.option("--write-map", is_flag=True,
              help=_("Write the placement as a map (<template>.layouts.yaml) beside the template."))
@click.pass_context
def doctor(ctx: click.Context, template: str | None, write_map: bool) -> None:
    """`erfaring doctor [TEMPLATE]`: works outside a library too, on a template given by path."""
    from builder.render.pptx.doctor import map_yaml, report
    from builder.render.pptx.template import load_template, rel, template_paths

    try:
        root = _root(ctx)
    except UserError:
        if not (template and Path(template).is_file()):
            raise
        root = Path.cwd()  # a template checked on its own, outside any library
    name = template
    if template and not Path(template).is_absolute():
        for base in (Path.cwd(), root):
            if (base / template).is_file():
                name = str((base / template).resolve())
                break
    path, map_path = template_paths(root, name)
    if not path.is_file():
        from builder.diagnostics import closest
        from builder.render.pptx.template import TOOL_ASSETS

        folders = (Path.cwd(), root / "assets" / "templates", TOOL_ASSETS / "templates")
        near = [p.name for folder in folders if folder.is_dir()
                for p in folder.iterdir() if p.suffix.lower() in (".pptx", ".potx")]
        match = closest(Path(template or "").name, near)
        raise UserError(_("there is no template called {template}").format(template=template),
                        _("did you mean '{match}'?").format(match=match) if match
                        else _("give the path to a .pptx or .potx file"))
    loaded, problems = load_template(root, name, given=True)
    if loaded is None:
        print_diagnostics(problems, as_json=False)
        _echo_err(ngettext("✗ {n} problem with the template {template}", "✗ {n} problems with the template {template}",
                           len(problems)).format(n=len(problems), template=rel(root, path)))
        sys.exit(1)
    for line in report(loaded, rel(root, path), rel(root, map_path)):
        click.echo(line)
    if write_map:
        if map_path.exists():
            raise UserError(_("the map {map} already exists, and the tool does not write over it").format(
                map=rel(root, map_path)), _("rename or delete the old map, and run the command again"))
        from builder.write import write_text

        write_text(map_path, map_yaml(loaded))
        click.echo(_("wrote {path}").format(path=rel(root, map_path)))
    click.echo(_("✓ the template {template} can be used: every kind of slide has a place").format(
        template=rel(root, path)))


@cli.command(options_metavar=_("[OPTIONS]"), help=_("Build DECK and render it to PNG thumbnails and a contact sheet (needs LibreOffice)."))
@click.argument("deck", metavar=_("DECK"))
@click.pass_context
def preview(ctx: click.Context, deck: str) -> None:
    """`erfaring preview DECK`."""
    from builder import pipeline
    from builder.preview import find_soffice
    from builder.preview import preview as make_preview

    root = _root(ctx)
    find_soffice()
    try:
        built = pipeline.build(root, [deck], formats=["pptx"])
    except DiagnosticsError as exc:
        print_diagnostics(exc.diagnostics, as_json=False, verbose=False)
        _echo_err(_nothing_built(len(exc.errors)))
        sys.exit(1)
    print_diagnostics(built.diagnostics, as_json=False, verbose=False)
    pptx = root / "out" / output_path(deck, "pptx")
    pages, sheet = make_preview(pptx, pptx.parent / "preview")
    click.echo(ngettext("wrote {n} thumbnail and {sheet}", "wrote {n} thumbnails and {sheet}", len(pages)).format(
        n=len(pages), sheet=sheet.relative_to(root).as_posix()))


@cli.command(options_metavar=_("[OPTIONS]"), help=_("Rebuild DECKS (default: all) whenever a file of the library is saved. Ctrl-C stops."))
@click.argument("decks", nargs=-1, metavar=_("[DECK]..."))
@click.option("--format", "formats", metavar=_("LIST"), help=_("Comma-separated outputs (as for build)."))
@click.option("--verbose", is_flag=True, help=VERBOSE_HELP)
@click.option("--poll", is_flag=True,
              help=_("Look for changes twice a second instead of waiting for the system to report them "
                     "(for network drives and shared folders)."))
@click.pass_context
def watch(ctx: click.Context, decks: tuple[str, ...], formats: str | None, verbose: bool, poll: bool) -> None:
    """`erfaring watch [DECK…]`: each file is announced as it lands, the pptx first."""
    import time

    from builder import pipeline
    from builder.watch import watch as run_watch

    root = _root(ctx)
    chosen = _formats(formats)

    from builder.summary import shown

    def rebuild() -> None:
        started = time.perf_counter()
        announced: set[str] = set()

        def landed(path: Path) -> None:
            seconds = f"{time.perf_counter() - started:.1f}"
            if i18n.language() == "nb":
                seconds = seconds.replace(".", ",")
            click.echo(_("wrote {path} ({seconds} s)").format(path=shown(root, path), seconds=seconds))
            announced.add(_("wrote {path}").format(path=shown(root, path)))

        built = pipeline.build(root, list(decks) or None, formats=chosen, on_written=landed)
        _report_build(root, built, lambda line: None if line in announced else click.echo(line), verbose=verbose)
        if not built.written:
            click.echo(_("nothing to rebuild"))

    try:
        run_watch(root, rebuild, click.echo, verbose=verbose, poll=poll)
    except KeyboardInterrupt:
        click.echo(_("stopped watching"))


@cli.command(options_metavar=_("[OPTIONS]"),
             help=_("Show what was changed in PowerPoint in a built deck, slide by slide, with the file and line "
                    "each text came from; --apply writes the simple text changes back into the YAML files."))
@click.argument("deck", metavar=_("DECK"))
@click.argument("file", required=False, type=click.Path(dir_okay=False), metavar=_("[FILE]"))
@click.option("--apply", "apply_", is_flag=True,
              help=_("Write titles, bullet points, notes, quotes, questions and fact texts back into the YAML files; "
                     "only the edited values change."))
@click.option("--quote", "shared_quotes", is_flag=True,
              help=_("Also carry back a change to a quote that other decks show too (they change as well)."))
@click.pass_context
def changes(ctx: click.Context, deck: str, file: str | None, apply_: bool, shared_quotes: bool) -> None:
    """`erfaring changes DECK [FILE] [--apply] [--quote]`."""
    from builder import carry

    root = _root(ctx)
    try:
        found = carry.review(root, deck, Path(file) if file else None, shared_quotes)
    except DiagnosticsError as exc:
        print_diagnostics(exc.diagnostics, as_json=False, verbose=False)
        _echo_err(_nothing_built(len(exc.errors)))
        sys.exit(1)
    for line in carry.describe(root, found):
        click.echo(line)
    if apply_:
        if not found.carried:
            click.echo(_("nothing to carry back"))
            return
        for rel, count in carry.apply(root, found).items():
            click.echo(ngettext("changed {n} value in {path}", "changed {n} values in {path}", count).format(
                n=count, path=rel))
        click.echo(_("✓ done: build again with `erfaring build {deck}`; your edited file is kept").format(deck=deck))


@cli.command(name="import", options_metavar=_("[OPTIONS]"),
             help=_("Turn a PowerPoint presentation into a draft module (slides, notes, quotes, pictures) to read "
                    "through and use in a deck. Everything imported has consent 'internal' until you change it."))
@click.argument("file", type=click.Path(dir_okay=False), metavar=_("FILE"))
@click.option("--split", type=click.Choice(["sections"]), default=None,
              help=_("sections: one module for each section of the presentation."))
@click.pass_context
def import_(ctx: click.Context, file: str, split: str | None) -> None:
    """`erfaring import FILE [--split sections]`."""
    from builder.importer.run import import_deck

    imported = import_deck(_root(ctx), Path(file), split_sections=split == "sections")
    for line in imported.report:
        click.echo(line)


@cli.command(options_metavar=_("[OPTIONS]"),
             help=_("Open Erfaringsbanken studio in the browser: browse the library, put decks together, edit texts "
                    "and build, without a terminal. The first line printed is the address to open."))
@click.option("--port", type=click.IntRange(1, 65535), default=None, metavar="N", help=_("Port to listen on (default: a free one from 8765)."))
@click.option("--host", default="127.0.0.1", show_default=True, metavar=_("ADDRESS"),
              help=_("Address to listen on. Anything but this machine lets others on the network in."))
@click.option("--no-browser", is_flag=True, help=_("Do not open the browser (print the address only)."))
@click.pass_context
def studio(ctx: click.Context, port: int | None, host: str, no_browser: bool) -> None:
    """`erfaring studio [--port N] [--host H] [--no-browser]`."""
    from builder.studio.serve import is_loopback, serve

    root = _root(ctx)
    if not is_loopback(host):
        _echo_err(_("warning: the studio listens on {host}, so other machines on the network can reach it; only "
                    "the link with its token lets them in").format(host=host))
    serve(root, host=host, port=port, browser=not no_browser, say=lambda line: click.echo(line))


def _interrupt_on_signals() -> None:
    """Treat 'terminate' and 'hang up' like Ctrl-C, so half-written temporary files are removed."""
    import signal

    def stop(signum, frame):  # noqa: ARG001
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            try:
                signal.signal(getattr(signal, name), stop)
            except (ValueError, OSError):  # not the main thread, or not allowed here
                pass


def _take_language(args: list[str]) -> tuple[str | None, list[str]]:
    """Remove ``--lang X`` from anywhere in `args` (it may follow the command); return it and the rest."""
    chosen, rest, index = None, [], 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            rest += args[index:]
            break
        if arg == "--lang" and index + 1 < len(args):
            value, index = args[index + 1], index + 2
        elif arg.startswith("--lang="):
            value, index = arg.split("=", 1)[1], index + 1
        else:
            rest.append(arg)
            index += 1
            continue
        chosen = i18n.normalise(value)
        if chosen is None:
            raise UserError(_("unknown language '{value}'").format(value=value),
                            _("choose nb (Norwegian bokmål) or en (English)"))
    return chosen, rest


def _take_debug(args: list[str]) -> tuple[bool, list[str]]:
    """Remove ``--debug`` from anywhere in `args` before a ``--``; return whether it was there, and the rest."""
    end = args.index("--") if "--" in args else len(args)
    found = "--debug" in args[:end]
    return found, [a for a in args[:end] if a != "--debug"] + args[end:]


# What a console that cannot show a character gets instead (Windows with output sent to a file: cp1252).
_PLAIN = {"✓": "OK", "✗": "X", "«": '"', "»": '"', "–": "-", "—": "-", "…": "...", "→": "->", "·": "-",
          "æ": "ae", "ø": "o", "å": "aa", "Æ": "AE", "Ø": "O", "Å": "AA"}


def _plain_characters(error: UnicodeEncodeError) -> tuple[str, int]:
    text = error.object[error.start:error.end]
    return "".join(_PLAIN.get(c, "?") for c in text), error.end


def _speak_any_console() -> None:
    """Make stdout and stderr write what their encoding cannot hold as plain stand-ins, never fail.

    Why: on Windows, output sent to a file or a pipe is cp1252, which has no ✓ or ✗; printing the
    last line of a good build must not end in a UnicodeEncodeError.
    """
    import codecs

    try:
        codecs.lookup_error("erfaring-plain")
    except LookupError:
        codecs.register_error("erfaring-plain", _plain_characters)
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if not encoding or not hasattr(stream, "reconfigure"):
            continue
        try:
            "✓✗«»–…→·æøåÆØÅ".encode(encoding)
        except (UnicodeEncodeError, LookupError):
            try:
                stream.reconfigure(errors="erfaring-plain")
            except (ValueError, OSError, AttributeError):
                pass


def _command_of(args: list[str]) -> str:
    """Name the command the user ran, as `erfaring build`, for the bug report."""
    for arg in args:
        if arg in cli.commands:
            return f"erfaring {arg}"
    return "erfaring"


def _library_of(args: list[str]) -> Path | None:
    """Find the library the command ran on, for where to write the details of a bug; None if there is none."""
    import os

    try:
        given = None
        for index, arg in enumerate(args):
            if arg == "--root" and index + 1 < len(args):
                given = args[index + 1]
            elif arg.startswith("--root="):
                given = arg.split("=", 1)[1]
        given = given or os.environ.get("ERFARING_ROOT")
        from builder.root import find_root

        return find_root(Path(given) if given else Path.cwd())
    except Exception:  # noqa: BLE001 - no library: the details go to the temporary folder
        return None


def report_bug(exc: BaseException, command: str, root: Path | None) -> None:
    """Tell the user plainly that the tool failed, where the details are, and that it is worth reporting."""
    try:
        from builder.pipeline import report_bug as lines_for

        lines = lines_for(exc, command, root)
    except Exception:  # noqa: BLE001 - the tool is too broken to explain: show what happened
        import traceback

        lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
    for line in lines:
        _echo_err(line.rstrip("\n"))


BUG_EXIT = 70  # EX_SOFTWARE: a bug in the tool, not a mistake in the library (that is 1)


def main() -> None:
    """Run the CLI; user mistakes become plain messages and exit code 1, bugs a plain report and exit 70.

    The last line of defence: an exception that is not a user mistake is a bug in the tool. Without
    --debug (or ERFARING_DEBUG=1) the user gets a plain message naming the command and the deck, the
    traceback goes to a file they can send along, and the old outputs are whole (writes are atomic).
    """
    import os

    _speak_any_console()
    _interrupt_on_signals()
    args = sys.argv[1:]
    try:
        debug, args = _take_debug(args)
        if debug:
            os.environ["ERFARING_DEBUG"] = "1"  # watch and worker processes see it too
        chosen, args = _take_language(args)
        if chosen:
            os.environ["ERFARING_LANG"] = chosen  # worker processes speak it too
            i18n.use(chosen)
        cli.main(args=args, standalone_mode=False, prog_name="erfaring")
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        _echo_err(_("stopped"))
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except DiagnosticsError as exc:
        print_diagnostics(exc.diagnostics, as_json=False, verbose=False)
        _echo_err(_nothing_built(len(exc.errors)))
        sys.exit(1)
    except UserError as exc:
        _echo_err(_("error: {message}").format(message=exc.message))
        if exc.hint:
            _echo_err("  " + _("hint: {hint}").format(hint=exc.hint))
        sys.exit(1)
    except KeyboardInterrupt:
        _echo_err(_("stopped"))
        sys.exit(130)
    except BrokenPipeError:  # the reader went away (`erfaring list | head`): nothing is wrong
        sys.stderr = sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes them at exit
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        try:
            from builder.pipeline import debugging

            debug = debugging()
        except Exception:  # noqa: BLE001 - too broken to tell: show everything
            debug = True
        if debug:
            raise
        report_bug(exc, _command_of(args), _library_of(args))
        sys.exit(BUG_EXIT)
