"""Messages in the user's language: Norwegian bokmål by default, English on request.

Source strings are English and wrapped in `_()` / `ngettext()`; the Norwegian text lives in
gettext catalogs, one per layer of the tool (`DOMAINS`), at
``builder/locale/nb/LC_MESSAGES/<domain>.po``. Babel extracts and compiles them
(`tools/catalogs.py`, run by `make`). Why gettext with Babel rather than a dict of strings:
plural forms, a catalog translators and editors (Poedit, Weblate) know, and extraction that
finds every wrapped string so that a test can prove none lacks a translation.

The language is chosen once per process, in this order: ``--lang`` on the command line,
``ERFARING_LANG``, an English ``LC_ALL``/``LC_MESSAGES``/``LANG``, else Norwegian. Worker
processes inherit ``ERFARING_LANG``, which the command line sets.
"""

from __future__ import annotations

import gettext as _gettext
import io
import os
import sys
from pathlib import Path

LANGUAGES = ("nb", "en")
DEFAULT = "nb"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

# Which source files each catalog holds, relative to builder/. Every module is in exactly one.
DOMAINS: dict[str, tuple[str, ...]] = {
    "input": ("load.py", "validate.py", "library.py", "schema.py", "model.py"),
    "checks": ("resolve.py", "plan.py", "spoken.py", "fit.py", "cite.py", "lint/*.py", "gate.py"),
    "render": ("render/**/*.py", "preview.py", "write.py"),
    "read": ("read/*.py", "changes.py"),
    "edit": ("edit/*.py",),
    "import": ("importer/draft.py", "importer/kinds.py", "importer/images.py"),
    "cli": ("cli.py", "pipeline.py", "commands.py", "scaffold.py", "cache.py", "usercache.py", "root.py",
            "errors.py", "watch.py", "diagnostics.py", "outputs.py", "i18n.py", "carry.py", "summary.py",
            "__init__.py", "__main__.py", "importer/__init__.py", "importer/run.py", "importer/package.py",
            "studio/*.py"),
}
# Click's own words (Usage, Options, "Missing argument" …), extracted from click itself.
CLICK_DOMAIN = "click"

_ALIASES = {"no": "nb", "nob": "nb", "nn": "nb", "norsk": "nb", "bokmål": "nb", "bokmal": "nb",
            "eng": "en", "english": "en", "engelsk": "en"}

_current: str | None = None
_translation: _gettext.NullTranslations | None = None


def normalise(value: str | None) -> str | None:
    """Map a language the user typed (nb, no, en, en_GB.UTF-8, norsk …) to one of `LANGUAGES`."""
    if not value:
        return None
    word = value.strip().lower().replace("-", "_").split(".")[0].split("@")[0]
    word = _ALIASES.get(word, word)
    base = word.split("_")[0]
    base = _ALIASES.get(base, base)
    return base if base in LANGUAGES else None


def choose(argv: list[str] | None = None, environ: dict[str, str] | None = None) -> str:
    """Return the language to speak: ``--lang``, then ``ERFARING_LANG``, then an English locale, else nb."""
    argv = sys.argv[1:] if argv is None else argv
    environ = os.environ if environ is None else environ
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            chosen = normalise(argv[index + 1])
            if chosen:
                return chosen
        elif arg.startswith("--lang="):
            chosen = normalise(arg.split("=", 1)[1])
            if chosen:
                return chosen
    chosen = normalise(environ.get("ERFARING_LANG"))
    if chosen:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return "en" if normalise(value) == "en" else DEFAULT
    return DEFAULT


def use(language: str) -> None:
    """Speak `language` (one of `LANGUAGES`) from now on in this process."""
    global _current, _translation
    chosen = normalise(language)
    if chosen is None:
        raise ValueError(f"unsupported language {language!r}")
    _current, _translation = chosen, _load(chosen)


def language() -> str:
    """Return the language messages are written in now."""
    if _current is None:
        use(choose())
    assert _current is not None
    return _current


def _(message: str) -> str:
    """Translate one message (the English text is the message id)."""
    if _translation is None:
        use(choose())
    assert _translation is not None
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose wording depends on a count, e.g. «1 lysbilde» / «3 lysbilder»."""
    if _translation is None:
        use(choose())
    assert _translation is not None
    return _translation.ngettext(singular, plural, n)


def catalog_path(language: str, domain: str, suffix: str = ".po") -> Path:
    """Return where the catalog of `domain` in `language` lives."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}{suffix}"


def _load(language: str) -> _gettext.NullTranslations:
    """Chain the catalogs of every domain for `language`; English is the source text itself."""
    if language == "en":
        return _gettext.NullTranslations()
    chained: _gettext.NullTranslations | None = None
    for domain in (*DOMAINS, CLICK_DOMAIN):
        catalog = _open(language, domain)
        if catalog is None:
            continue
        if chained is None:
            chained = catalog
        else:
            chained.add_fallback(catalog)
    return chained or _gettext.NullTranslations()


def _open(language: str, domain: str) -> _gettext.GNUTranslations | None:
    """Open the compiled catalog, compiling it in memory when it is missing or older than its .po."""
    po, mo = catalog_path(language, domain), catalog_path(language, domain, ".mo")
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime_ns >= po.stat().st_mtime_ns):
        with mo.open("rb") as handle:
            return _gettext.GNUTranslations(handle)
    if not po.is_file():
        return None
    return _gettext.GNUTranslations(io.BytesIO(compile_po(po)))


def compile_po(po: Path) -> bytes:
    """Compile a .po catalog to .mo bytes with Babel (fuzzy entries are left out, as msgfmt does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()
