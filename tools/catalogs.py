"""Keep the message catalogs in step with the source: extract, compile, check.

    python tools/catalogs.py extract [DOMAIN…]  # after changing messages: update builder/locale/nb/*.po
    python tools/catalogs.py compile   # write the .mo files the tool reads (make does this)
    python tools/catalogs.py check     # list messages that lack a translation (a test runs this)

Each domain of `builder.i18n.DOMAINS` is extracted from its own source files with Babel; the
`click` domain from the installed click package, so that its «Usage», «Options» and error
words are Norwegian too.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from builder import i18n  # noqa: E402

KEYWORDS = {"_": None, "ngettext": (1, 2)}
TRANSLATED = ("nb",)


def sources(domain: str) -> list[Path]:
    """Return the source files whose messages belong to `domain`."""
    if domain == i18n.CLICK_DOMAIN:
        import click

        base = Path(click.__file__).parent
        return sorted(p for p in base.glob("*.py") if p.name != "__init__.py")
    base = ROOT / "builder"
    found: set[Path] = set()
    for pattern in i18n.DOMAINS[domain]:
        found.update(base.glob(pattern))
    return sorted(found)


def template(domain: str) -> Catalog:
    """Extract every wrapped message of `domain` into a fresh catalog."""
    catalog = Catalog(project="erfaringsbanken", domain=domain, fuzzy=False)
    for path in sources(domain):
        shown = path.relative_to(path.parents[1] if domain == i18n.CLICK_DOMAIN else ROOT).as_posix()
        keywords = {"_": None, "ngettext": (1, 2), "gettext": None} if domain == i18n.CLICK_DOMAIN else KEYWORDS
        for line, message, comments, context in extract_from_file("python", str(path), keywords=keywords,
                                                                   comment_tags=("Translators:",)):
            catalog.add(message, None, [(shown, line)], auto_comments=comments, context=context)
    return catalog


def read(language: str, domain: str) -> Catalog:
    """Read the catalog of `domain` in `language`, or an empty one."""
    path = i18n.catalog_path(language, domain)
    if not path.is_file():
        return Catalog(locale=language, domain=domain, project="erfaringsbanken", fuzzy=False)
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=domain)


def extract(domains: list[str] | None = None) -> None:
    """Update the .po of `domains` (default: all) from the source: new messages added empty, removed ones dropped."""
    for domain in domains or (*i18n.DOMAINS, i18n.CLICK_DOMAIN):
        fresh = template(domain)
        for language in TRANSLATED:
            catalog = read(language, domain)
            catalog.update(fresh, no_fuzzy_matching=True)
            catalog.plural_forms  # noqa: B018 - Babel fills the header from the locale
            path = i18n.catalog_path(language, domain)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as handle:
                write_po(handle, catalog, width=100, ignore_obsolete=True, sort_by_file=True)
            print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {len(missing(language, domain))} untranslated")


def compile_all() -> None:
    """Write the .mo next to every .po."""
    for domain in (*i18n.DOMAINS, i18n.CLICK_DOMAIN):
        for language in TRANSLATED:
            po = i18n.catalog_path(language, domain)
            if po.is_file():
                with po.open("rb") as handle:
                    catalog = read_po(handle, locale=language, domain=domain)
                with i18n.catalog_path(language, domain, ".mo").open("wb") as handle:
                    write_mo(handle, catalog)


def missing(language: str, domain: str) -> list[str]:
    """Return the messages of `domain` without a usable translation (absent, empty or fuzzy)."""
    catalog = read(language, domain)
    out = []
    for message in template(domain):
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        strings = found.string if found else None
        if isinstance(strings, (list, tuple)):
            empty = not all(strings)
        else:
            empty = not strings
        if found is None or empty or found.fuzzy:
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


def check() -> int:
    """Print the untranslated messages of our own domains; return how many there are."""
    count = 0
    for domain in i18n.DOMAINS:
        for language in TRANSLATED:
            for message_id in missing(language, domain):
                print(f"{domain} [{language}]: {message_id!r}")
                count += 1
    return count


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "extract":
        extract(sys.argv[2:])
    elif command == "compile":
        compile_all()
    elif command == "check":
        sys.exit(1 if check() else 0)
    else:
        sys.exit(__doc__)
