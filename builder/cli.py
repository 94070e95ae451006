"""The command line: parses arguments, calls the library, turns user errors into exit codes.

The only module that imports click. Heavy modules are imported inside the commands so
that `erfaring --version` and a no-op build start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from builder import __version__
from builder.errors import DiagnosticsError, UserError
from builder.outputs import OUTPUT_FILES, output_path

LIST_KINDS = ("modules", "decks", "quotes", "facts", "sources", "audiences")


def _root(ctx: click.Context) -> Path:
    from builder.root import find_root

    given = ctx.obj.get("root") if ctx.obj else None
    return find_root(Path(given) if given else Path.cwd())


def _echo_err(text: str) -> None:
    click.echo(text, err=True)


def print_diagnostics(diagnostics, as_json: bool) -> None:
    """Print diagnostics: JSON lines on stdout, or the human form on stderr."""
    for diagnostic in diagnostics:
        if as_json:
            click.echo(diagnostic.to_json())
        else:
            _echo_err(diagnostic.format())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="erfaring")
@click.option("--root", type=click.Path(file_okay=False), envvar="ERFARING_ROOT",
              help="The library folder (default: the nearest folder with slides/ in it).")
@click.pass_context
def cli(ctx: click.Context, root: str | None) -> None:
    """Erfaringsbanken: build decks, handouts and manuscripts from teaching modules."""
    ctx.ensure_object(dict)
    ctx.obj["root"] = root


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print diagnostics as JSON lines (for editors and CI).")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--fact-age", type=click.IntRange(1, 100), default=5, show_default=True,
              help="Warn about facts older than this many years.")
@click.pass_context
def check(ctx: click.Context, as_json: bool, strict: bool, fact_age: int) -> None:
    """Check every file of the library and report all problems at once."""
    from builder import pipeline

    checked = pipeline.check(_root(ctx), max_fact_age_years=fact_age)
    print_diagnostics(checked.diagnostics, as_json)
    lib = checked.library
    errors, warnings = len(checked.errors), len(checked.warnings)
    if not as_json:
        counts = (f"{len(lib.modules)} modules, {len(lib.decks)} decks, {len(lib.quotes)} quotes, "
                  f"{len(lib.facts)} facts, {len(lib.sources)} sources, {len(lib.audiences)} audiences")
        if errors:
            _echo_err(f"✗ {errors} error(s), {warnings} warning(s) in {len(lib.files)} files ({counts})")
        else:
            status = "✓ library is fine" if not warnings else f"✓ library is usable, with {warnings} warning(s)"
            click.echo(f"{status}: {counts}")
    if errors or (strict and warnings):
        sys.exit(1)


@cli.command(name="list")
@click.argument("kind", type=click.Choice(LIST_KINDS), default="modules")
@click.pass_context
def list_(ctx: click.Context, kind: str) -> None:
    """List the modules, decks, quotes, facts, sources or audiences with their titles."""
    from builder.library import load_library
    from builder.commands import describe

    lib, _ = load_library(_root(ctx))
    for line in describe(lib, kind[:-1]):
        click.echo(line)


@cli.command()
@click.argument("item_id", metavar="ID")
@click.pass_context
def where(ctx: click.Context, item_id: str) -> None:
    """Show which decks and modules use a quote, fact, source, asset or module."""
    from builder.commands import where_used
    from builder.library import load_library

    lib, _ = load_library(_root(ctx))
    for line in where_used(lib, item_id):
        click.echo(line)


@cli.command()
@click.argument("kind", type=click.Choice(["module", "deck", "quote"]))
@click.argument("name")
@click.pass_context
def new(ctx: click.Context, kind: str, name: str) -> None:
    """Create a new, valid, commented module, deck or quote file to fill in."""
    from builder.scaffold import scaffold

    path = scaffold(_root(ctx), kind, name)
    click.echo(f"created {path}")


@cli.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Folder for the schema files (default: docs/schema in the library).")
@click.pass_context
def schema(ctx: click.Context, out_dir: str | None) -> None:
    """Write the JSON Schema files that editors use for completion and red squiggles."""
    from builder.schema import write_schemas

    root = _root(ctx)
    for path in write_schemas(Path(out_dir) if out_dir else root / "docs" / "schema"):
        click.echo(f"wrote {path}")


FORMATS = tuple(OUTPUT_FILES)


def _formats(value: str | None) -> list[str] | None:
    if not value:
        return None
    chosen = [v.strip() for v in value.split(",") if v.strip()]
    for item in chosen:
        if item not in FORMATS:
            raise click.BadParameter(f"'{item}' is not one of {', '.join(FORMATS)}", param_hint="--format")
    return chosen


@cli.command()
@click.argument("decks", nargs=-1)
@click.option("--format", "formats", metavar="LIST", help="Comma-separated outputs, e.g. pptx,handout-pdf "
              f"(default: what each deck asks for, else all: {', '.join(FORMATS)}).")
@click.option("--force", is_flag=True, help="Rebuild even what has not changed.")
@click.option("--thumbnails/--no-thumbnails", default=None,
              help="Slide pictures in the manuscript (default: when LibreOffice is installed).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Output folder (default: out/ in the library).")
@click.pass_context
def build(ctx: click.Context, decks: tuple[str, ...], formats: str | None, force: bool,
          thumbnails: bool | None, out_dir: str | None) -> None:
    """Build decks (all of them when none is named) into out/<deck>/."""
    from builder.cache import no_op

    root = _root(ctx)
    chosen = _formats(formats)
    out = Path(out_dir) if out_dir else None
    if not force and no_op(root, list(decks) or None, chosen, thumbnails, out):
        click.echo("nothing to rebuild: every output is up to date")
        return
    from builder import pipeline

    built = pipeline.build(root, list(decks) or None, out_dir=out, formats=chosen, force=force,
                           thumbnails=thumbnails, progress=_progress())
    for notice in built.notices:
        _echo_err(f"note: {notice}")
    print_diagnostics(built.diagnostics, as_json=False)
    for path in built.written:
        click.echo(f"wrote {_shown(root, path)}")
    if not built.written and not built.kept:
        click.echo("no decks to build yet: create one with `erfaring new deck \"Navn\"`")
    if built.kept and not built.written:
        click.echo(f"nothing to rebuild: {len(built.kept)} output(s) up to date")
    elif built.kept:
        click.echo(f"kept {len(built.kept)} unchanged output(s)")


def _shown(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _progress():
    """Return a progress callback that writes to a terminal, or None when not on one."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, label: str) -> None:
        end = "\n" if done == total else ""
        sys.stderr.write(f"\r  built {done}/{total}: {label:<40}{end}")
        sys.stderr.flush()

    return show


@cli.command()
@click.argument("template", required=False)
@click.option("--write-map", is_flag=True, help="Skriv plasseringen som et kart (<mal>.layouts.yaml) ved siden av malen.")
@click.pass_context
def doctor(ctx: click.Context, template: str | None, write_map: bool) -> None:
    """Vis hvordan hver lysbildetype plasseres på en mal, og sjekk kartet.

    TEMPLATE er en .pptx/.potx-fil, eller et navn i assets/templates/ (standard: malen som
    følger med). Et kart <mal>.layouts.yaml ved siden av malen overstyrer verktøyets valg.
    """
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
        raise UserError(f"finner ingen mal som heter {template}",
                        f"mente du '{match}'?" if match else "oppgi stien til en .pptx- eller .potx-fil")
    loaded, problems = load_template(root, name)
    if loaded is None:
        print_diagnostics(problems, as_json=False)
        _echo_err(f"✗ {len(problems)} problem(er) med malen {rel(root, path)}")
        sys.exit(1)
    for line in report(loaded, rel(root, path), rel(root, map_path)):
        click.echo(line)
    if write_map:
        if map_path.exists():
            raise UserError(f"kartet {rel(root, map_path)} finnes allerede, og verktøyet skriver ikke over det",
                            "gi det gamle kartet et annet navn eller slett det, og kjør kommandoen igjen")
        from builder.write import write_text

        write_text(map_path, map_yaml(loaded))
        click.echo(f"skrev {rel(root, map_path)}")
    click.echo(f"✓ malen {rel(root, path)} kan brukes: alle lysbildetyper har en plass")


@cli.command()
@click.argument("deck")
@click.pass_context
def preview(ctx: click.Context, deck: str) -> None:
    """Build DECK and render it to PNG thumbnails and a contact sheet (needs LibreOffice)."""
    from builder import pipeline
    from builder.preview import find_soffice
    from builder.preview import preview as make_preview

    root = _root(ctx)
    find_soffice()
    built = pipeline.build(root, [deck], formats=["pptx"])
    print_diagnostics(built.diagnostics, as_json=False)
    pptx = root / "out" / output_path(deck, "pptx")
    pages, sheet = make_preview(pptx, pptx.parent / "preview")
    click.echo(f"wrote {len(pages)} thumbnails and {sheet.relative_to(root)}")


@cli.command()
@click.argument("decks", nargs=-1)
@click.option("--format", "formats", metavar="LIST", help="Comma-separated outputs (as for build).")
@click.pass_context
def watch(ctx: click.Context, decks: tuple[str, ...], formats: str | None) -> None:
    """Rebuild DECKS (default: all) whenever a file of the library is saved. Ctrl-C stops."""
    from builder import pipeline
    from builder.watch import watch as run_watch

    root = _root(ctx)
    chosen = _formats(formats)

    def rebuild() -> None:
        built = pipeline.build(root, list(decks) or None, formats=chosen)
        print_diagnostics(built.diagnostics, as_json=False)
        for path in built.written:
            click.echo(f"wrote {_shown(root, path)}")
        if not built.written:
            click.echo("nothing to rebuild")

    try:
        run_watch(root, rebuild, click.echo)
    except KeyboardInterrupt:
        click.echo("stopped watching")


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


def main() -> None:
    """Run the CLI; user mistakes become plain messages and exit code 1."""
    _interrupt_on_signals()
    try:
        cli.main(standalone_mode=False, prog_name="erfaring")
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        _echo_err("stopped")
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except DiagnosticsError as exc:
        print_diagnostics(exc.diagnostics, as_json=False)
        _echo_err(f"✗ {len(exc.diagnostics)} problem(s); nothing was written")
        sys.exit(1)
    except UserError as exc:
        _echo_err(f"error: {exc.message}")
        if exc.hint:
            _echo_err(f"  hint: {exc.hint}")
        sys.exit(1)
    except KeyboardInterrupt:
        _echo_err("stopped")
        sys.exit(130)
