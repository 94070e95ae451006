"""`erfaring import` as a whole: real decks made elsewhere, the library's own decks, and files never overwritten."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from importer.corpus import corpus_files, coverage, source_words, words

from builder.errors import UserError
from builder.importer.run import import_deck
from builder.load import load_text
from builder.pipeline import build, check

REPO = Path(__file__).resolve().parents[2]


def _strings(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return []


def _draft_words(root: Path, written) -> list[str]:
    found = []
    for rel in written:
        if rel.endswith(".yaml"):
            doc, _problems = load_text((root / rel).read_text(encoding="utf-8"), rel)
            found += [w for s in _strings(doc.data) for w in words(s)]
    return found


@pytest.mark.parametrize("deck", corpus_files(), ids=lambda p: p.name)
def test_a_deck_made_elsewhere_imports_with_its_words_and_passes_check(deck, make_library):
    root = make_library()
    wanted = source_words(deck)
    if not wanted:
        with pytest.raises(UserError, match="has no slides that can be imported"):
            import_deck(root, deck)
        print(f"\n{deck.name}: no words to import")
        return
    imported = import_deck(root, deck)
    share = coverage(wanted, _draft_words(root, imported.written))
    print(f"\n{deck.name}: {share:.1%} of {len(wanted)} words")
    assert share >= 0.95
    errors = [d for d in check(root).errors]
    # Pictures without a description are left with alt: "" and a TODO on purpose: check must ask for them.
    assert [d.code for d in errors if d.code != "image-alt"] == [], [d.format() for d in errors]


def _module_texts(data: dict, quotes: dict[str, str]) -> list[tuple]:
    """Title, bullets, questions, notes and quote text of each slide, as the round trip must keep them.

    A fact slide's cards come back as bullets (the numbers are facts in slides/facts.yaml, not
    module text), so only its title and notes are compared.
    """
    out = []
    for slide in data["slides"]:
        facts = slide.get("kind") == "facts"
        out.append((slide.get("title") if slide.get("kind") != "quote" else None,
                    None if facts else slide.get("bullets"), slide.get("questions"),
                    (slide.get("notes") or "").strip() or None,
                    quotes.get(slide.get("quote")) if slide.get("kind") == "quote" else None))
    return out


def _quote_texts(root: Path) -> dict[str, str]:
    found = {}
    for path in (root / "quotes").glob("*.yaml"):
        if path.name != "sources.yaml":
            doc, _problems = load_text(path.read_text(encoding="utf-8"), path.name)
            found.update({q["id"]: " ".join(q["text"].split()) for q in doc.data.get("quotes") or []})
    return found


@pytest.mark.parametrize("deck_id", ["ansatte-allmenn-dognavdeling", "hoyskole-erfaringskompetanse",
                                     "mb-kurs-erfaringskonsulent"])
def test_the_librarys_own_decks_import_to_their_modules(deck_id, tmp_path):
    library = tmp_path / "bibliotek"
    for folder in ("slides", "quotes", "assets"):
        shutil.copytree(REPO / folder, library / folder)
    build(library, [deck_id], formats=["pptx"])
    target = tmp_path / "tom"
    (target / "slides" / "modules").mkdir(parents=True)
    imported = import_deck(target, library / "out" / deck_id / f"{deck_id}.pptx", split_sections=True)
    plan = check(library).plan(deck_id)
    sources = [m.module for m in plan.deck.modules if m.module]
    assert len(imported.modules) == len(sources)
    for module_id, new_id in zip(sources, imported.modules):
        original, _problems = load_text((library / f"slides/modules/{module_id}.yaml").read_text("utf-8"), module_id)
        draft, _problems = load_text((target / f"slides/modules/{new_id}.yaml").read_text("utf-8"), new_id)
        shown = [s for s in plan.slides if s.module == module_id]
        kept = {s.source[1] for s in shown if s.source}
        want = [t for i, t in enumerate(_module_texts(original.data, _quote_texts(library))) if i in kept]
        got = _module_texts(draft.data, _quote_texts(target))
        facts = [i for i, slide in enumerate(s for j, s in enumerate(original.data["slides"]) if j in kept)
                 if slide["kind"] == "facts"]
        got = [(t[0], None, *t[2:]) if i in facts else t for i, t in enumerate(got)]
        assert got == want, module_id


def test_an_import_never_overwrites_and_says_which_id_it_chose(make_library):
    root = make_library()
    deck = corpus_files()[0].parent / "pandoc-speaker-notes.pptx"
    first = import_deck(root, deck)
    before = {rel: (root / rel).read_bytes() for rel in first.written}
    second = import_deck(root, deck)
    assert second.modules == tuple(f"{m}-2" for m in first.modules)
    assert all((root / rel).read_bytes() == blob for rel, blob in before.items())
    assert any(f"{second.modules[0]}.yaml" in line for line in second.report)


@pytest.mark.lang("nb")
def test_a_bad_file_writes_nothing(make_library, tmp_path):
    from support.cli import run

    root = make_library()
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    bad = tmp_path / "ødelagt.pptx"
    bad.write_bytes(b"PK\x03\x04 ikke en hel fil")
    result = run(root, "import", str(bad))
    assert result.returncode == 1
    assert result.stderr == ("feil: ødelagt.pptx er skadet eller ble ikke lastet ned helt\n"
                             "  tips: last den ned eller kopier den på nytt, eller åpne den i PowerPoint og lagre en ny kopi\n")
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    """One file for each kind of bad input, made the way it arrives from elsewhere."""
    import zipfile

    from pptx import Presentation

    made = {}
    made["missing"] = tmp_path / "borte.pptx"
    made["text"] = tmp_path / "notat.pptx"
    made["text"].write_text("bare tekst", encoding="utf-8")
    made["password"] = tmp_path / "passord.pptx"
    made["password"].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    whole = tmp_path / "hel.pptx"
    Presentation().save(str(whole))
    made["truncated"] = tmp_path / "halv.pptx"
    made["truncated"].write_bytes(whole.read_bytes()[:2000])
    made["bomb"] = tmp_path / "bombe.pptx"
    with zipfile.ZipFile(made["bomb"], "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p:presentation/>")
        archive.writestr("ppt/media/image1.png", b"\0" * (64 * 1024 * 1024))
    made["thousands"] = tmp_path / "stor.pptx"
    ids = "".join(f'<p:sldId id="{256 + n}" r:id="rId{n + 2}"/>' for n in range(5000))
    with zipfile.ZipFile(made["thousands"], "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", f"<p:presentation><p:sldIdLst>{ids}</p:sldIdLst></p:presentation>")
    made["old-ppt"] = tmp_path / "gammel.ppt"
    made["old-ppt"].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    made["empty-deck"] = whole
    return made


@pytest.mark.lang("nb")
@pytest.mark.parametrize("kind, message", [
    ("missing", "filen {path} finnes ikke"),
    ("text", "notat.pptx er ikke en PowerPoint-fil"),
    ("password", "passord.pptx er beskyttet med passord (eller er en gammel .ppt-fil med et annet navn)"),
    ("truncated", "halv.pptx er skadet eller ble ikke lastet ned helt"),
    ("bomb", "bombe.pptx pakker seg ut til langt mer enn en presentasjon inneholder, og blir ikke lest"),
    ("thousands", "stor.pptx har 5000 lysbilder; høyst 2000 kan tas inn om gangen"),
    ("old-ppt", "gammel.ppt er en gammel PowerPoint-fil eller en LibreOffice-fil, som ikke kan leses som den er"),
    ("empty-deck", "hel.pptx har ingen lysbilder som kan tas inn"),
])
def test_every_kind_of_bad_file_gets_its_message_and_nothing_is_written(kind, message, make_library, tmp_path,
                                                                        monkeypatch):
    import builder.preview as preview

    monkeypatch.setattr(preview, "locate_soffice", lambda: None)  # the .ppt case: as on a machine without it
    root = make_library()
    before = sorted((p.relative_to(root), p.stat().st_size) for p in root.rglob("*") if p.is_file())
    path = _bad_files(tmp_path)[kind]
    with pytest.raises(UserError) as caught:
        import_deck(root, path)
    assert caught.value.message == message.format(path=path)
    assert sorted((p.relative_to(root), p.stat().st_size) for p in root.rglob("*") if p.is_file()) == before


def test_smartart_text_becomes_bullets_in_reading_order(make_library):
    root = make_library()
    deck = corpus_files()[0].parent / "pandoc-reader-basic.pptx"
    imported = import_deck(root, deck)
    doc, _problems = load_text((root / f"slides/modules/{imported.modules[0]}.yaml").read_text("utf-8"), "m")
    texts = [w for slide in doc.data["slides"] for w in _strings(slide.get("bullets") or [])]
    found = [t for t in ("First", "subtitle", "another", "Second", "yet more", "and yet again") if t in texts]
    assert found == ["First", "subtitle", "another", "Second", "yet more", "and yet again"]
