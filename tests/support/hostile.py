"""Hostile libraries for the build fuzz test (issue 12): one value made nasty, then check and build.

The base is `tests/fixtures/library-minimal`, read with `builder.load` and filled out so that every
file kind has every kind of field a lecturer can write (bullets with sub-points, a link and a video,
a word wall, two columns, questions, a section, captions, the deck's subtitle, presenter, closing
and help lines, a web source with its address and date, a fact's review date …). A `Case` replaces
values in it (one or a few), and the whole library is written back as YAML in which every character
that is not a plain letter, digit, punctuation mark or symbol is written as a `"\\xNN"`, `"\\uNNNN"` or
`"\\UNNNNNNNN"` escape: the raw bytes stay clean, so the loader's filter for invisible characters in
the file is passed and the value itself reaches the model, the planner and the renderers.

`run_case` then asks what the issue promises: `check` never raises; when `check` finds no error in
the files the deck reads, `build` of that deck (named, as in `erfaring build forelesning`) succeeds
and its files are sound (every XML part parses, no `_xHHHH_` escape ends up in the text, the HTML
holds no character HTML forbids); when it does find one, `build` refuses the deck (DiagnosticsError,
or the deck named in `Built.blocked`). Anything else is a failure, returned as text that names the
exception and where it came from.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import shutil
import traceback
import unicodedata
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "library-minimal"
TODAY = dt.date(2026, 11, 22)
DECK = "forelesning"
FORMATS = ["pptx", "handout-html", "handout-docx", "manuscript-html"]

FILES = {
    "module": "slides/modules/vendepunktet.yaml",
    "deck": "slides/decks/forelesning.yaml",
    "quotes": "quotes/topor.yaml",
    "sources": "quotes/sources.yaml",
    "facts": "slides/facts.yaml",
    "audiences": "slides/audiences.yaml",
}

# --- the base library -------------------------------------------------------------------------

# Slides added after the fixture's three (quote, facts, image), so their places are fixed:
EXTRA_SLIDES: list[dict[str, Any]] = [
    {"kind": "bullets", "title": "Hva er et vendepunkt", "notes": "Si litt om hvert punkt.",
     "cues": "Pust.", "handout": "Les mer i heftet.",
     "bullets": ["Et øyeblikk", ["som varer", "eller går over"], "En periode"]},
    {"kind": "link", "title": "Se filmen", "url": "https://example.org/film", "text": "Fem minutter om håp.",
     "source": "topor-tekst"},
    {"kind": "video", "title": "Et intervju", "url": "https://example.org/video?id=42"},
    {"kind": "words", "title": "Ord som bærer", "words": ["håp", "tid", "mot"], "then": ["vendepunkt"]},
    {"kind": "two-column", "title": "Før og etter",
     "left": {"heading": "Før", "bullets": ["uro"]}, "right": {"heading": "Etter", "bullets": ["ro"]}},
    {"kind": "discussion", "title": "Refleksjon", "questions": ["Hva var ditt vendepunkt?"]},
    {"kind": "section", "title": "Del to", "subtitle": "Veien videre"},
]
SLIDE = {"quote": 0, "facts": 1, "image": 2, "bullets": 3, "link": 4, "video": 5, "words": 6, "two-column": 7,
         "discussion": 8, "section": 9}


def _read(rel: str) -> Any:
    from builder.load import load_file

    doc, problems = load_file(FIXTURE / rel, rel)
    assert doc is not None and not [p for p in problems if p.severity.value == "error"], problems
    return doc.data


def base_data() -> dict[str, Any]:
    """Return the filled-out fixture library as plain data: file kind → what its YAML holds."""
    data = {kind: _read(rel) for kind, rel in FILES.items()}
    module = data["module"]
    module.update(objectives=["Forstå vendepunktet"], key_points=["Det tar tid"], tags=["håp"])
    module["slides"][SLIDE["image"]]["caption"] = "Foto: privat"
    module["slides"].extend(copy.deepcopy(EXTRA_SLIDES))
    data["deck"].update(subtitle="En innføring", presenter="Kari Nordmann", place="Bergen", start="09:15",
                        contact="kari@example.org", help=["Ring 116 123"],
                        closing={"title": "Takk", "lines": ["Spørsmål?"]})
    data["sources"]["sources"].append(
        {"id": "nett", "type": "web", "title": "En nettside", "authors": ["Org"], "year": "2020",
         "publisher": "Forlaget", "container": "Nettstedet", "url": "https://example.org/side",
         "accessed": "2026-01-02", "note": "Lest i januar."})
    data["module"]["sources"] = ["nett"]
    data["quotes"]["quotes"][0].update(role="forfatter", page="12", note="Fra boka.", tags=["håp"])
    data["facts"]["facts"][0].update(as_of_text="våren 2026", review_after="2027-01-01", note="Tall fra MB.")
    data["audiences"]["audiences"][0]["description"] = "Studenter i sosialt arbeid"
    return data


# --- writing YAML with escapes ------------------------------------------------------------------

_RAW_OK = ("L", "N", "P", "S")  # letters, digits, punctuation and symbols are written as they are


def quoted(text: str) -> str:
    """Write `text` as a YAML double-quoted scalar; anything else than a visible sign becomes an escape."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= code < 0x7F or (code > 0x7F and unicodedata.category(ch)[0] in _RAW_OK
                                      and not 0xD800 <= code <= 0xDFFF):
            out.append(ch)
        elif code < 0x100:
            out.append(f"\\x{code:02X}")
        elif code < 0x10000:
            out.append(f"\\u{code:04X}")
        else:
            out.append(f"\\U{code:08X}")
    out.append('"')
    return "".join(out)


def dump(value: Any) -> str:
    """Write plain data (dicts, lists, texts, None) as block YAML the strict loader reads back as it was."""
    return "\n".join(_lines(value, 0)) + "\n"


def _scalar(value: Any) -> str:
    if value is None:
        return "~"
    if isinstance(value, list) and not value:
        return "[]"
    if isinstance(value, dict) and not value:
        return "{}"
    return quoted(str(value))


def _is_block(value: Any) -> bool:
    return isinstance(value, (dict, list)) and bool(value)


def _lines(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if _is_block(item):
                lines.append(f"{pad}{key}:")
                lines += _lines(item, indent + 2)
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item:
                inner = _lines(item, indent + 2)
                lines.append(f"{pad}- {inner[0][indent + 2:]}")
                lines += inner[1:]
            elif _is_block(item):
                lines.append(f"{pad}-")
                lines += _lines(item, indent + 2)
            else:
                lines.append(f"{pad}- {_scalar(item)}")
    else:
        lines.append(pad + _scalar(value))
    return lines


# --- cases --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Many:
    """A list of `n` items in place of a value: texts numbered from 1, or copies of a group of fields."""

    n: int
    item: Any = "Punkt"

    def make(self) -> list[Any]:
        if isinstance(self.item, str):
            return [f"{self.item} {i}" for i in range(1, self.n + 1)]
        return [copy.deepcopy(self.item) for _ in range(self.n)]

    def __repr__(self) -> str:
        return f"Many({self.n}, {short(self.item)})"


@dataclass(frozen=True)
class Mutation:
    """Put `value` at `path` in the file of kind `file` (a key of FILES)."""

    file: str
    path: tuple[Any, ...]
    value: Any

    def __repr__(self) -> str:
        return f"{self.file}:{'.'.join(map(str, self.path))}={short(self.value)}"


@dataclass(frozen=True)
class Case:
    """One hostile library: the base with these values replaced, read with this YAML parser."""

    mutations: tuple[Mutation, ...]
    loader: str = "libyaml"  # or "python": PyYAML's own parser, the loader's fallback without libyaml
    label: str = field(default="", compare=False)

    def __repr__(self) -> str:
        muts = ", ".join(map(repr, self.mutations))
        return f"Case({self.label + ': ' if self.label else ''}{muts}, loader={self.loader})"


def one(file: str, path: tuple[Any, ...], value: Any, loader: str = "libyaml", label: str = "") -> Case:
    """Shorthand for a case with a single replaced value."""
    return Case((Mutation(file, path, value),), loader, label)


def short(value: Any, limit: int = 60) -> str:
    """Show a value for a report: escapes visible, long texts cut with their length given."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}…(len {len(value)})"
    return repr(value)


def apply(data: dict[str, Any], case: Case) -> dict[str, Any]:
    """Return a copy of `data` with the case's values put in."""
    data = copy.deepcopy(data)
    for mutation in case.mutations:
        node = data[mutation.file]
        for part in mutation.path[:-1]:
            node = node[part]
        value = mutation.value.make() if isinstance(mutation.value, Many) else mutation.value
        node[mutation.path[-1]] = value
    return data


def write_library(root: Path, data: dict[str, Any]) -> Path:
    """Make a library at `root`: the fixture's files (for the picture), then every YAML file from `data`."""
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    for kind, rel in FILES.items():
        (root / rel).write_text(dump(data[kind]), encoding="utf-8", newline="\n")
    return root


def scalar_paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Yield the path of every text (and every empty value) in plain data."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from scalar_paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from scalar_paths(item, path + (index,))
    else:
        yield path


def list_paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Yield the path of every list in plain data."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from list_paths(item, path + (key,))
    elif isinstance(value, list):
        yield path
        for index, item in enumerate(value):
            yield from list_paths(item, path + (index,))


def field_name(path: tuple[Any, ...]) -> str:
    """The name of the field a value belongs to (for a list item: the list's name)."""
    names = [part for part in path if isinstance(part, str)]
    return names[-1] if names else ""


DATE_FIELDS = {"date", "as_of", "accessed", "review_after"}
NUMBER_FIELDS = {"minutes", "year", "pause"}
URL_FIELDS = {"url"}
TIME_FIELDS = {"start"}


def field_class(path: tuple[Any, ...]) -> str:
    """Tell what a field holds: 'date', 'number', 'url', 'time' or 'text'."""
    name = field_name(path)
    for cls, names in (("date", DATE_FIELDS), ("number", NUMBER_FIELDS), ("url", URL_FIELDS),
                       ("time", TIME_FIELDS)):
        if name in names:
            return cls
    return "text"


# --- the hostile alphabet -------------------------------------------------------------------------

BAD_CHARS = [
    "\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x80", "\x85", "\x9f",
    "\u2028", "\u2029", "\ufffe", "\uffff", "\ufdd0", "\U0001fffe", "\U0010ffff",
    "\ud800", "\udfff",
    "\u200b", "\u200e", "\u200f", "\u202e", "\u2066", "\ufeff", "\u00ad", "\u0301", "\u3000", "\u00a0",
    "\ue000", "\t", "\r", "\n",
]
ODD_TEXTS = [
    "", " ", "   ", "\t", "\n\n", "\u3000", "\u00a0",
    "😀", "👨\u200d👩\u200d👧\u200d👦", "🇳🇴", "e" + "\u0301" * 200,
    "Z\u0337\u0322\u0349a\u0336l\u0335g\u0338o",
    "שלום עולם", "مرحبا بالعالم", "abc \u202edcba\u202c def", "\u200f\u200f\u200f",
    "<script>alert(1)</script>", "&amp; <b>fet</b> &#1;", "]]>", "{x} {0} %s ${x}", "_x0001_", "\\x01",
    "𝕳𝖊𝖎", "ﷺ" * 50, "\U0001f600" * 3000,
]
LONG_TEXTS = [
    "a" * 256, "T" * 300, "ord " * 2_500, "a" * 10_000, "ø" * 10_000, "a" * 100_000,
    "Langtekstutensmellomrom" * 4_000, "\u0301" * 10_000,
]
DATES = ["0001-01-01", "9999-12-31", "2206-01-01", "1900-01-01", "1970-01-01", "2000-02-29", "2100-12-31",
         "0000-01-01", "10000-01-01", "2026-02-30", "2026-13-01", "-0001-01-01", "2026-11-22T25:00",
         "1582-10-10", "1899-12-31", "2038-01-19"]
NUMBERS = ["0", "-1", "1", "120", "121", "240", "600", "601", "1e308", "1e-300", "0.0000001", "nan", "inf",
           "-inf", "99999999999999999999999999", "1_000", "0x10", "1.5", "+5", "٣", "１２", "119.99999999999"]
TIMES = ["00:00", "23:59", "24:00", "9:00", "09:00\x01", "23:59:59"]
URL = "https://example.org/"
URLS = ([URL + "a" * n for n in (300, 2_000, 2_953, 4_296, 5_000, 100_000)]
        + [URL + "x" + c + "y" for c in BAD_CHARS if not c.isspace()]
        + ["https://", "http://x", "https://例え.jp/パス", URL + "😀" * 1_000, URL + "?q=" + "%00" * 2_000])

GENERAL = BAD_CHARS + ODD_TEXTS + LONG_TEXTS


def framed(char: str) -> str:
    """A bad character inside ordinary text, so that only the character is wrong."""
    return f"Før {char} etter"


# --- running a case -------------------------------------------------------------------------------

@contextmanager
def yaml_parser(name: str) -> Iterator[None]:
    """Read YAML with libyaml (the default where installed) or PyYAML's own parser (the fallback)."""
    from builder import load

    if name == "libyaml":
        yield
        return
    saved = load._Loader
    load._Loader = yaml.SafeLoader
    try:
        yield
    finally:
        load._Loader = saved


def safe(text: str) -> str:
    """Make text printable anywhere: control characters, separators and surrogates as escapes."""
    return "".join(ch if ch.isprintable() or ch == " " else ascii(ch)[1:-1] for ch in text)


def _crash(stage: str, exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/builder/" in f.filename.replace("\\", "/")]
    where = ours[-1] if ours else (frames[-1] if frames else None)
    last = frames[-1] if frames else None
    at = f" at {Path(where.filename).name}:{where.lineno} ({where.name})" if where else ""
    deep = f", raised in {Path(last.filename).name}:{last.lineno}" if last and last is not where else ""
    return f"{stage} raised {type(exc).__name__}: {safe(str(exc)[:300])}{at}{deep}"


def _plain(exc: BaseException) -> str | None:
    """Return what is wrong with a UserError's wording, or None if it is a plain message."""
    from builder.errors import DiagnosticsError

    texts = [exc.message or "", getattr(exc, "hint", None) or ""]
    if isinstance(exc, DiagnosticsError):
        texts += [d.format() for d in exc.diagnostics]
    if not (exc.message or "").strip():
        return "an empty message"
    for text in texts:
        if "Traceback" in text or re.search(r"<[\w.]+ object at 0x", text) or re.search(r"\b\w+Error\(", text):
            return f"a message that is not plain: {safe(text[:200])}"
    return None


_HTML_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef"
    + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(17)) + "]")
_XML_ESCAPE = re.compile(rb"_x[0-9A-Fa-f]{4}_")


def output_problems(out: Path, case: Case) -> list[str]:
    """Check the files a build wrote: all there, XML parts parse, no `_xHHHH_`, no character HTML forbids."""
    from lxml import etree

    from builder.outputs import output_path

    typed_escape = any("_x" in str(m.value) for m in case.mutations)
    problems = []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    for fmt in FORMATS:
        path = out / output_path(DECK, fmt)
        if not path.is_file():
            problems.append(f"{fmt}: not written")
            continue
        blob = path.read_bytes()
        if fmt in ("pptx", "handout-docx"):
            try:
                with zipfile.ZipFile(io.BytesIO(blob)) as archive:
                    for name in archive.namelist():
                        if not name.endswith((".xml", ".rels")):
                            continue
                        part = archive.read(name)
                        try:
                            etree.fromstring(part, parser)
                        except etree.XMLSyntaxError as exc:
                            problems.append(f"{fmt}: {name} is not well-formed XML ({safe(str(exc))})")
                        found = _XML_ESCAPE.search(part)
                        if found and not typed_escape:
                            problems.append(f"{fmt}: {name} holds the escape {found.group().decode()} "
                                            "(the character is written as text)")
            except zipfile.BadZipFile as exc:
                problems.append(f"{fmt}: not a zip file ({exc})")
        else:
            try:
                text = blob.decode("utf-8")
            except UnicodeDecodeError as exc:
                problems.append(f"{fmt}: not UTF-8 ({exc})")
                continue
            found = _HTML_FORBIDDEN.search(text)
            if found:
                problems.append(f"{fmt}: holds U+{ord(found.group()):04X}, which HTML forbids")
    return problems


def run_case(root: Path, case: Case, today: dt.date = TODAY) -> list[str]:
    """Build the hostile library at `root` (already written) and return what went wrong (empty: all well)."""
    from builder import pipeline
    from builder.errors import DiagnosticsError, UserError

    failures: list[str] = []
    with yaml_parser(case.loader):
        try:
            checked = pipeline.check(root, today=today)
        except Exception as exc:  # noqa: BLE001 - this is what we are looking for
            return [_crash("check", exc)]
        try:
            if DECK in checked.library.decks:
                blocking = pipeline.blocking_errors(checked, DECK)
            else:
                blocking = tuple(checked.errors)
        except Exception as exc:  # noqa: BLE001
            failures.append(_crash("blocking_errors", exc))
            blocking = tuple(checked.errors)
        try:
            built = pipeline.build(root, [DECK], today=today, formats=FORMATS, thumbnails=False)
        except UserError as exc:
            wording = _plain(exc)
            if wording:
                failures.append(f"build raised {type(exc).__name__} with {wording}")
            if not blocking:
                shown = "; ".join(d.format().replace("\n", " ") for d in getattr(exc, "diagnostics", []))
                failures.append(f"check found no error in the deck's files, but build raised "
                                f"{type(exc).__name__}: {safe(exc.message[:200])}"
                                f"{' — ' + safe(shown[:400]) if shown else ''}")
            return failures
        except Exception as exc:  # noqa: BLE001
            failures.append(_crash("build", exc))
            return failures
        if blocking:
            if DECK not in dict(built.blocked):
                first = blocking[0].format().replace("\n", " ")
                failures.append(f"check found errors in the deck's files ({safe(first[:200])}), but build built it")
            return failures
        failures += output_problems(root / "out", case)
    return failures


MEMORY_BUDGET = 2 * 1024**3  # what one hostile build may add to the process's address space


def _address_space() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 1024**3  # not Linux: assume the test process already holds about 1 GiB


@contextmanager
def memory_limit(budget: int = MEMORY_BUDGET) -> Iterator[None]:
    """Let the code inside use at most `budget` more bytes of address space (MemoryError beyond).

    Only the soft limit is lowered, and it is put back afterwards; where there is no `resource`
    module (Windows) nothing is limited.
    """
    try:
        import resource
    except ImportError:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = _address_space() + budget
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft != resource.RLIM_INFINITY:
        wanted = min(wanted, soft)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
