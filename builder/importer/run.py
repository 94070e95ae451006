"""`erfaring import`: read a deck made elsewhere, choose ids, write the draft files, and report.

Everything is prepared before anything is written: the module and quote files are made
and checked in memory (`builder.edit.yaml_new` refuses a file that would not read back
exactly), ids are chosen so that no existing file or id is touched, and only then are the
pictures, the quote file and the modules written. Consent is `internal` on everything
imported until the lecturer changes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from builder.errors import UserError
from builder.i18n import _, ngettext


@dataclass(frozen=True)
class Imported:
    """What an import wrote (paths relative to the library root) and its report for the lecturer."""

    written: tuple[str, ...]
    report: tuple[str, ...]
    modules: tuple[str, ...]  # the ids of the new modules


def import_deck(root: Path, source: Path, *, split_sections: bool = False, today: dt.date | None = None) -> Imported:
    """Import the presentation at `source` into the library at `root` as draft module(s)."""
    from builder.importer.draft import draft
    from builder.importer.package import open_presentation
    from builder.read.pptx import read_pptx

    source = Path(source)
    data = open_presentation(source)
    made = draft(read_pptx(data), split_sections=split_sections, name=source.name)
    if not made.modules:
        raise UserError(_("{name} has no slides that can be imported").format(name=source.name),
                        _("hidden slides and slides without text or pictures are left out"))
    plan = _plan(root, made, source, today or dt.date.today())
    from builder.write import write_bytes, write_text

    for rel, content in plan:  # pictures first, then quotes, then the modules that refer to them
        if (root / rel).exists():  # someone made it meanwhile: never write over a file
            raise UserError(_("{path} appeared while importing; nothing more was written").format(path=rel),
                            _("run the import again"))
        if isinstance(content, bytes):
            write_bytes(root / rel, content)
        else:
            write_text(root / rel, content)
    module_ids = tuple(Path(rel).stem for rel, _content in plan if rel.startswith("slides/modules/"))
    return Imported(tuple(rel for rel, _content in plan), tuple(_report(made, source, plan, module_ids)), module_ids)


def _plan(root: Path, made, source: Path, today: dt.date) -> list[tuple[str, bytes | str]]:
    """Choose ids and make every file's content; nothing is written here."""
    from builder.edit.yaml_new import module_yaml, quotes_yaml
    from builder.library import load_library

    lib, _problems = load_library(root)
    taken_modules = set(lib.modules) | {p.stem for p in (root / "slides" / "modules").glob("*.yaml")}
    taken_quotes = set(lib.quotes)
    header = [
        _("Imported from «{file}» on {date} with `erfaring import`.").format(file=source.name, date=today.isoformat()),
        _("Read every slide through, set consent, and run `erfaring check`."),
    ]
    files: list[tuple[str, bytes | str]] = []
    module_ids = []
    for module in made.modules:
        module_id = _unique(_slug(module.title), lambda i: i in taken_modules
                            or (root / "assets" / "images" / i).exists()
                            or (root / "slides" / "modules" / f"{i}.yaml").exists())
        taken_modules.add(module_id)
        module_ids.append(module_id)
    quote_ids: dict[str, str] = {}
    for quote in made.quotes:
        quote_ids[quote.key] = _unique(quote.key, lambda i: i in taken_quotes)
        taken_quotes.add(quote_ids[quote.key])
    for module, module_id in zip(made.modules, module_ids):
        for image in module.images:
            if image.data is not None:
                files.append((f"assets/images/{module_id}/{image.name}", image.data))
    if made.quotes:
        stem = _unique(module_ids[0], lambda i: (root / "quotes" / f"{i}.yaml").exists())
        entries = [q.data(quote_ids[q.key]) for q in made.quotes]
        todo = {(0, "consent"): _consent_todo()}
        files.append((f"quotes/{stem}.yaml", quotes_yaml(entries, header=header, todo=todo,
                                                         rel=f"quotes/{stem}.yaml")))
    for module, module_id in zip(made.modules, module_ids):
        rel = f"slides/modules/{module_id}.yaml"
        data = module.data(module_id, quote_ids)
        todo = {("summary",): _("TODO: write two or three sentences about the module (shown in the handout)"),
                ("consent",): _consent_todo()}
        for index, slide in enumerate(module.slides):
            for field, text in slide.comments:
                key = ("slides", index, field) if field and field in data["slides"][index] else ("slides", index)
                todo[key] = text if key not in todo else f"{todo[key]}; {text}"
        files.append((rel, module_yaml(data, header=header, todo=todo, rel=rel)))
    return files


def _consent_todo() -> str:
    return _("TODO: everything imported is internal until you change it: public, teaching or internal")


def _slug(title: str) -> str:
    from builder.scaffold import slug

    try:
        return slug(title)[:60].rstrip("-")
    except UserError:  # a title without letters or digits
        return "importert"


def _unique(base: str, taken) -> str:
    """Return `base`, or `base-2`, `base-3` … : the first that `taken` says is free."""
    if not taken(base):
        return base
    number = 2
    while taken(f"{base}-{number}"):
        number += 1
    return f"{base}-{number}"


def _report(made, source: Path, plan: list[tuple[str, bytes | str]], module_ids: tuple[str, ...]) -> list[str]:
    """The lecturer's report: what was written, slide by slide what was carried and what was not, the next step."""
    slides = len(made.records)
    lines = [ngettext("Imported «{file}» ({n} slide):", "Imported «{file}» ({n} slides):", slides).format(
        file=source.name, n=slides)]
    pictures = [rel for rel, _content in plan if rel.startswith("assets/")]
    sizes = {module_id: len(module.slides) for module, module_id in zip(made.modules, module_ids)}
    for rel, _content in plan:
        if rel.startswith("slides/modules/"):
            count = sizes[Path(rel).stem]
            lines.append("  " + ngettext("wrote {path} ({n} slide)", "wrote {path} ({n} slides)", count).format(
                path=rel, n=count))
        elif rel.startswith("quotes/"):
            lines.append("  " + ngettext("wrote {path} ({n} quote)", "wrote {path} ({n} quotes)",
                                         len(made.quotes)).format(path=rel, n=len(made.quotes)))
    if pictures:
        lines.append("  " + ngettext("wrote {n} picture in {folder}", "wrote {n} pictures in {folder}",
                                     len(pictures)).format(n=len(pictures), folder=str(Path(pictures[0]).parent) + "/"))
    lines.append(_("Slide by slide:"))
    for record in made.records:
        title = f" «{record.title}»" if record.title else ""
        if record.skipped:
            lines.append("  " + _("{n}{title}: left out – {why}").format(
                n=record.number, title=title, why="; ".join(record.lost) or record.skipped))
            continue
        lines.append("  " + _("{n}{title} → {kind}").format(n=record.number, title=title, kind=record.kind))
        for lost in record.lost:
            lines.append("      " + _("not carried over: {what}").format(what=lost))
    lines.append(_("Next step: read the draft through, set consent (now internal), then run `erfaring check`."))
    return lines
