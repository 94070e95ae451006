"""The studio's pages: a thin web front end over the same library API as the command line.

Every page reads the library through `pipeline.check()` (again only when a file changed on disk),
shows problems with `Diagnostic.format()` and the check verdict with `summary.check_summary()`, so
the studio and `erfaring check` can never disagree. Items are found by kind and id in the checked
library, never by a path taken from the request.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from builder.outputs import OUTPUT_FILES, output_path
from builder.studio.builds import Builds
from builder.studio.catalog import KINDS, Catalog, catalog
from builder.studio.search import search
from builder.studio.security import MAX_UPLOAD_BYTES as MAX_UPLOAD
from builder.studio.security import Guard, csrf_token

HERE = Path(__file__).resolve().parent
KIND_NAMES = {"module": "Moduler", "deck": "Presentasjoner", "quote": "Sitater", "fact": "Fakta", "source": "Kilder"}
KIND_NAME = {"module": "Modul", "deck": "Presentasjon", "quote": "Sitat", "fact": "Faktum", "source": "Kilde"}
# The address of each kind's pages, in Norwegian as the user sees it in the address bar.
HANDOUT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data: 'self'; font-src data: 'self'; " \
              "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
FORMAT_NAMES = {"pptx": "Lysbildene (PowerPoint)", "handout-html": "Deltakerheftet (nettside)",
                "handout-pdf": "Deltakerheftet (PDF)", "handout-docx": "Deltakerheftet (Word)",
                "manuscript-html": "Manuset (nettside)", "manuscript-pdf": "Manuset (PDF)"}
# The file of an item that has one of its own (the others share a file of their kind).
FILES_OF = {"module": "slides/modules/{id}.yaml", "deck": "slides/decks/{id}.yaml"}
KIND_PATHS = {"module": "modul", "deck": "presentasjon", "quote": "sitat", "fact": "faktum", "source": "kilde"}


@dataclass
class _Seen:
    stamps: dict
    checked: object
    catalog: Catalog


class Library:
    """The library behind the studio, checked again only when a file under it has changed."""

    def __init__(self, root: Path):
        self.root = root
        self._seen: _Seen | None = None
        self._lock = threading.Lock()

    def current(self) -> _Seen:
        """The checked library and its catalog, as the files are now."""
        from builder import pipeline
        from builder.cache import file_stamps

        with self._lock:
            stamps = file_stamps(self.root)
            if self._seen is None or self._seen.stamps != stamps:
                checked = pipeline.check(self.root)
                self._seen = _Seen(stamps, checked, catalog(checked))
            return self._seen


def create_app(root: Path, token: str, hosts: frozenset[str]) -> Starlette:
    """The studio for the library at `root`, answering only to `hosts` and the holder of `token`."""
    library = Library(root)
    builds = Builds(root)
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    from builder.studio.compose import item_json

    env.globals.update(kind_names=KIND_NAMES, kind_name=KIND_NAME, kind_paths=KIND_PATHS,
                       csrf=csrf_token(token), item_json=item_json, shown_lines=shown_lines)

    def page(name: str, status: int = 200, **context) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context), status_code=status)

    def absent(kind: str | None, item_id: str) -> HTMLResponse:
        """The page for an id the library does not hold: its file's mistakes when it is there but broken."""
        checked = library.current().checked
        if kind is None or (kind, item_id) not in checked.library.broken:
            return page("missing.html", status=404, what=item_id)
        own = FILES_OF.get(kind, "").format(id=item_id)
        problems = [d for d in checked.errors if d.location.path == own] or list(checked.errors)
        return page("broken.html", status=422, what=item_id, kind=kind, problems=problems)

    async def home(request: Request) -> Response:
        from builder.summary import check_summary

        seen = library.current()
        state, verdict = check_summary(seen.checked)
        groups = [(kind, seen.catalog.of_kind(kind)) for kind in KINDS]
        return page("library.html", groups=groups, state=state, verdict=verdict, loose=seen.catalog.loose,
                    root=str(root), query="")

    async def find(request: Request) -> Response:
        query = request.query_params.get("q", "")[:200]
        found = search(library.current().catalog, query) if query.strip() else []
        name = "results.html" if request.headers.get("hx-request") else "search.html"
        return page(name, found=found, query=query)

    async def item(request: Request) -> Response:
        kind = {v: k for k, v in KIND_PATHS.items()}.get(request.path_params["kind"])
        item_id = request.path_params["item"]
        seen = library.current()
        entry = seen.catalog.find(kind, item_id) if kind else None
        if entry is None:
            return absent(kind, item_id)
        slides = []
        if kind == "module":
            module = seen.checked.library.modules[item_id]
            slides = [(n, s.kind, getattr(s, "title", None) or "") for n, s in enumerate(module.slides, start=1)]
        deck = _deck_panel(seen.checked, item_id, builds) if kind == "deck" else None
        return page("item.html", entry=entry, slides=slides, deck=deck)

    async def build(request: Request) -> Response:
        deck_id = request.path_params["deck"]
        if deck_id not in library.current().checked.library.decks:
            return absent("deck", deck_id)
        if request.method == "POST":
            builds.start(deck_id)
        job = builds.get(deck_id)
        if job is None:
            return page("missing.html", status=404, what=deck_id)
        context = {"deck": _deck_panel(library.current().checked, deck_id, builds)}
        if request.headers.get("hx-request"):
            return page("build.html", **context)
        return RedirectResponse(f"/presentasjon/{deck_id}", status_code=303)

    async def download(request: Request) -> Response:
        deck_id, fmt = request.path_params["deck"], request.path_params["fmt"]
        if fmt not in OUTPUT_FILES or deck_id not in library.current().checked.library.decks:
            return page("missing.html", status=404, what=f"{deck_id}/{fmt}")
        path = root / "out" / output_path(deck_id, fmt)
        if not path.is_file():
            return page("missing.html", status=404, what=path.name)
        return FileResponse(path, filename=path.name, content_disposition_type="attachment")

    async def picture(request: Request) -> Response:
        deck_id, number = request.path_params["deck"], request.path_params["number"]
        found = builds.picture(deck_id, number) if deck_id in library.current().checked.library.decks else None
        if found is None:
            return page("missing.html", status=404, what=f"{deck_id} {number}")
        return FileResponse(found, media_type="image/png")

    async def handout(request: Request) -> Response:
        deck_id = request.path_params["deck"]
        path = root / "out" / output_path(deck_id, "handout-html")
        if deck_id not in library.current().checked.library.decks or not path.is_file():
            return page("missing.html", status=404, what=deck_id)
        # The handout is our own escaped HTML with its print CSS inline: styles may be inline, scripts never.
        return HTMLResponse(path.read_text(encoding="utf-8"), headers={"content-security-policy": HANDOUT_CSP})

    async def compose_deck(request: Request) -> Response:
        from builder.studio import compose

        deck_id = request.path_params["item"]
        if deck_id not in library.current().checked.library.decks:
            return absent("deck", deck_id)
        return page("compose.html", review=compose.review(root, compose.open_deck(root, deck_id)))

    async def new_deck(request: Request) -> Response:
        import datetime as dt

        from builder.studio import compose

        audiences = sorted(library.current().checked.library.audiences)
        draft = compose.new_deck(audiences[0] if audiences else "", dt.date.today().isoformat())
        return page("compose.html", review=compose.review(root, draft))

    async def composed(request: Request) -> Response:
        from builder.errors import UserError
        from builder.studio import compose

        form = await request.form()
        draft = compose.from_form(form)
        action = str(form.get("action", "check"))
        partial = bool(request.headers.get("hx-request"))
        name = "composer.html" if partial else "compose.html"
        if action == "save":
            try:
                compose.save(root, draft)
            except compose.Conflict as conflict:
                text = ("Det finnes alt en presentasjon med denne id-en." if draft.new
                        else "Fila ble endret et annet sted etter at du åpnet den her.")
                return page(name, status=409, review=compose.review(root, draft), conflict=conflict, conflict_text=text)
            except UserError as exc:
                return page(name, status=422, review=compose.review(root, draft), error=exc.message)
            saved = compose.open_deck(root, draft.deck_id)
            return page(name, review=compose.review(root, saved), saved=True)
        draft = compose.apply(draft, action, form)
        verb, _sep, where = action.partition(":")
        focus = ""
        if verb in ("up", "down") and where.isdigit():
            moved = int(where) + (-1 if verb == "up" else 1)
            focus = f"{'opp' if verb == 'up' else 'ned'}-{max(moved, 0)}"
        return page(name, review=compose.review(root, draft), focus=focus)

    async def edit(request: Request) -> Response:
        from builder.errors import UserError
        from builder.studio import texts

        kind = {v: k for k, v in KIND_PATHS.items()}.get(request.path_params["kind"])
        item_id = request.path_params["item"]
        seen = library.current()
        if kind not in texts.EDITABLE_KINDS or item_id not in seen.checked.library.of_kind(kind):
            return absent(kind, item_id)
        if request.method == "GET":
            return page("edit.html", editing=texts.open_item(root, seen.checked, kind, item_id), changed=None)
        form = await request.form()
        opened = texts.open_item(root, seen.checked, kind, item_id)
        opened = texts.Editing(kind, item_id, opened.rel, str(form.get("base", ""))[:64], opened.fields)
        changes = texts.changes_from_form(opened, form)
        name = "editor.html" if request.headers.get("hx-request") else "edit.html"
        try:
            shown, _text = texts.review(root, opened, changes)
        except UserError as exc:
            return page(name, status=422, editing=opened, changed=None, refused=exc.message)
        if form.get("action") != "save" or not changes:
            return page(name, editing=shown, changed=None)
        if any(d.severity.value == "error" for f in shown.fields for d in f.problems) or \
                any(d.severity.value == "error" for d in shown.other):
            return page(name, status=422, editing=shown, changed=None,
                        refused="Ikke lagret: rett feilene som er merket under først.")
        try:
            texts.save(root, opened, changes)
        except texts.Changed as conflict:
            return page(name, status=409, editing=shown, changed=conflict.current)
        except UserError as exc:
            return page(name, status=422, editing=shown, changed=None, refused=exc.message)
        fresh = texts.open_item(root, library.current().checked, kind, item_id)
        return page(name, editing=fresh, changed=None, saved=True)

    async def bring_in(request: Request) -> Response:
        if request.method == "GET":
            return page("import.html")
        try:
            form = await request.form(max_files=1, max_fields=10, max_part_size=MAX_UPLOAD)
        except Exception:  # noqa: BLE001 - a broken or oversized form: say so, whatever the parser's reason
            return page("import.html", status=400, failed="Fila kom ikke fram helt. Prøv igjen med én .pptx-fil.")
        try:
            return await _take_in(form.get("fil"))
        finally:
            await form.close()

    async def _take_in(upload) -> Response:
        import re
        import tempfile

        from builder.errors import DiagnosticsError, UserError
        from builder.importer.run import import_deck

        if upload is None or not hasattr(upload, "read") or not upload.filename:
            return page("import.html", status=400, failed="Velg en PowerPoint-fil (.pptx) først.")
        name = re.sub(r"[^\w .()-]", "_", Path(upload.filename.replace("\\", "/")).name)[:120] or "presentasjon.pptx"
        if not name.lower().endswith((".pptx", ".potx", ".pptm")):
            return page("import.html", status=415,
                        failed=f"«{name}» er ikke en PowerPoint-fil (.pptx). Lagre den som .pptx i PowerPoint først.")
        with tempfile.TemporaryDirectory(prefix="erfaring-studio-import-") as tmp:
            source = Path(tmp) / name
            source.write_bytes(await upload.read())
            try:
                imported = import_deck(root, source)
            except DiagnosticsError as exc:
                return page("import.html", status=422, failed="Fila kunne ikke tas inn.", problems=exc.diagnostics)
            except UserError as exc:
                return page("import.html", status=422, failed=exc.message, hint=exc.hint)
        return page("import.html", report=imported.report, modules=imported.modules)

    async def edited(request: Request) -> Response:
        from builder import carry
        from builder.errors import DiagnosticsError, UserError

        deck_id = request.path_params["deck"]
        if deck_id not in library.current().checked.library.decks:
            return absent("deck", deck_id)
        try:
            found = carry.review(root, deck_id)
        except DiagnosticsError as exc:
            return page("changes.html", deck_id=deck_id, failed="Presentasjonen har feil som må rettes først.",
                        problems=exc.diagnostics)
        except UserError as exc:
            return page("changes.html", deck_id=deck_id, failed=exc.message, hint=exc.hint)
        applied = None
        if request.method == "POST" and found.carried:
            try:
                applied = carry.apply(root, found)
            except (UserError, DiagnosticsError) as exc:
                return page("changes.html", deck_id=deck_id, lines=carry.describe(root, found),
                            failed=getattr(exc, "message", "Endringene kunne ikke skrives tilbake."))
            found = carry.review(root, deck_id)
        return page("changes.html", deck_id=deck_id, lines=carry.describe(root, found), carried=len(found.carried),
                    applied=applied)

    async def not_found(request: Request, exc) -> Response:
        return page("missing.html", status=404, what=request.url.path)

    routes = [
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        Route("/", home),
        Route("/sok", find),
        Route("/ny-presentasjon", new_deck),
        Route("/sett-sammen", composed, methods=["POST"]),
        Route("/presentasjon/{item}/sett-sammen", compose_deck),
        Route("/rediger/{kind}/{item}", edit, methods=["GET", "POST"]),
        Route("/bygg/{deck}", build, methods=["GET", "POST"]),
        Route("/importer", bring_in, methods=["GET", "POST"]),
        Route("/presentasjon/{deck}/endringer", edited, methods=["GET", "POST"]),
        Route("/last-ned/{deck}/{fmt}", download),
        Route("/lysbilde/{deck}/{number:int}.png", picture),
        Route("/hefte/{deck}", handout),
        Route("/{kind}/{item}", item),
    ]
    app = Starlette(routes=routes, exception_handlers={404: not_found})
    return Guard(app, token, hosts)


@dataclass(frozen=True)
class DeckPanel:
    """What a deck's page shows about building it: the latest build, the files and the slides."""

    deck_id: str
    job: object
    files: tuple[tuple[str, str, str], ...]  # (format, name shown, file name)
    pictures: tuple[int, ...]
    cards: tuple[tuple[int, str, str], ...]  # (number, title, text) when there are no pictures


def _deck_panel(checked, deck_id: str, builds: Builds) -> DeckPanel:
    """Gather the build state, the downloadable files and the slides (pictures, else text cards)."""
    out = checked.library.root / "out"
    files = tuple((fmt, FORMAT_NAMES[fmt], Path(output_path(deck_id, fmt)).name) for fmt in OUTPUT_FILES
                  if (out / output_path(deck_id, fmt)).is_file())
    folder = builds.picture_folder(deck_id)
    pictures = tuple(sorted(int(p.stem) for p in folder.glob("*.png") if p.stem.isdigit())) if folder.is_dir() else ()
    cards: tuple[tuple[int, str, str], ...] = ()
    if not pictures:
        try:
            plan = checked.plan(deck_id)
        except KeyError:
            plan = None
        if plan is not None:
            cards = tuple((n, s.title, " · ".join(_texts(s.content))[:400]) for n, s in enumerate(plan.slides, start=1))
    return DeckPanel(deck_id, builds.get(deck_id), files, pictures, cards)


def _texts(value) -> list[str]:
    """Every text inside a slide's planned content, in order (for a slide shown as a text card)."""
    import dataclasses

    if isinstance(value, str):
        return [value] if value.strip() else []
    if dataclasses.is_dataclass(value):
        return [t for f in dataclasses.fields(value) for t in _texts(getattr(value, f.name))]
    if isinstance(value, (tuple, list)):
        return [t for v in value for t in _texts(v)]
    if hasattr(value, "text") and isinstance(getattr(value, "text"), str):
        return [value.text]
    return []


def shown_lines(problems) -> list[tuple[str, str]]:
    """Problems as `erfaring check` prints them: every error, and warnings summed up when many are alike."""
    from builder.diagnostics import human_lines

    errors = [d for d in problems if d.severity.value == "error"]
    warnings = [d for d in problems if d.severity.value != "error"]
    return [("error", d.format()) for d in errors] + [("warning", line) for line in human_lines(warnings, verbose=False)]
