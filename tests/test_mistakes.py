"""More of the mistakes real users make, each answered with one plain diagnostic (found by testing as a user)."""

from __future__ import annotations

import datetime as dt
import os

from PIL import Image

from builder.load import load_text
from builder.pipeline import build, check
from builder.write import sweep_stale
from support.library import edit

TODAY = dt.date(2026, 11, 22)


def lines(root):
    return [d.format() for d in check(root, today=TODAY).diagnostics]


def test_a_module_without_consent_cannot_reach_an_audience_even_with_public_slides(make_library):
    root = make_library()
    module = root / "slides/modules/vendepunktet.yaml"
    edit(module, "consent: public\n", "")
    for slide_line in ("  - kind: quote\n", "  - kind: facts\n", "  - kind: image\n"):
        edit(module, slide_line, slide_line + "    consent: public\n")
    assert lines(root) == [
        "slides/modules/vendepunktet.yaml:1:5: error[consent-beyond-audience]: module 'vendepunktet' has consent "
        "'internal', but deck 'forelesning' (slides/decks/forelesning.yaml:7) for audience 'hoyskole' (cleared for "
        "'teaching')\n  hint: a module without 'consent:' counts as internal; set the consent its material allows"
    ]


def test_a_webp_picture_is_reported_before_the_build(make_library):
    root = make_library()
    Image.new("RGB", (40, 30), "white").save(root / "assets/images/foto.webp", "WEBP")
    edit(root / "slides/modules/vendepunktet.yaml", "images/prikk.png", "images/foto.webp")
    assert lines(root) == [
        "slides/modules/vendepunktet.yaml:15:12: error[asset-unreadable]: image 'images/foto.webp' is in the WEBP "
        "format, which PowerPoint cannot show\n  hint: save it as PNG or JPEG"
    ]


def test_a_giant_picture_is_reported_not_a_crash(make_library):
    root = make_library()
    Image.new("1", (9000, 9000)).save(root / "assets/images/plakat.png")
    edit(root / "slides/modules/vendepunktet.yaml", "images/prikk.png", "images/plakat.png")
    assert [d.code for d in check(root, today=TODAY).diagnostics] == ["asset-unreadable"]
    assert "too large (9000 × 9000 pixels)" in lines(root)[0]


def test_a_folder_is_not_a_picture_and_hints_keep_the_folder(make_library):
    root = make_library()
    (root / "assets/images/mappe.png").mkdir()
    edit(root / "slides/modules/vendepunktet.yaml", "images/prikk.png", "images/mappe.png")
    assert "'images/mappe.png' is a folder, not a picture file" in lines(root)[0]
    edit(root / "slides/modules/vendepunktet.yaml", "images/mappe.png", "images/PRIKK.png")
    assert lines(root)[0].endswith("hint: did you mean 'images/prikk.png'?")


def test_invisible_characters_are_found_where_they_are():
    cases = {
        "id: x\ncues: Rolig\x0bstart\n": "x.yaml:2:12: error[yaml-invisible]: an invisible control character (U+000B)",
        "id: x\n\u00a0 minutes: 3\n": "x.yaml:2:1: error[yaml-invisible]: a non-breaking space is used for indentation",
        "id: x\ncues: a\u2028b\n": "x.yaml:2:8: error[yaml-invisible]: an invisible line separator (U+2028)",
    }
    for text, expected in cases.items():
        _, problems = load_text(text, "x.yaml")
        assert problems[0].format().startswith(expected), problems[0].format()


def test_an_unclosed_quote_is_shown_where_it_opens():
    _, problems = load_text('id: x\ntitle: "Refleksjon: vendepunktet\nminutes: 3\nsummary: y\n', "x.yaml")
    assert problems[0].format().startswith("x.yaml:2:8: error[yaml-syntax]: a quote opened here is never closed")


def test_a_forgotten_dash_gets_a_hint_about_list_items():
    _, problems = load_text("slides:\n  - kind: bullets\n    title: A\n    kind: quote\n", "x.yaml")
    assert problems[0].hint == "did you forget '- ' at the start of a new list item?"


def test_check_finds_a_template_whose_layout_map_is_wrong(make_library):
    root = make_library()
    import shutil
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    own = root / "assets/templates"
    own.mkdir(parents=True)
    shutil.copy(repo / "tests/fixtures/template-organisasjon-4x3/organisasjon.pptx", own / "org.pptx")
    shutil.copy(repo / "tests/fixtures/template-organisasjon-4x3/broken.layouts.yaml", own / "org.layouts.yaml")
    edit(root / "slides/decks/forelesning.yaml", "minutes: 20\n", "minutes: 20\ntemplate: org.pptx\n")
    assert {d.code for d in check(root, today=TODAY).errors} == {"layout-missing", "placeholder-missing"}


def test_a_module_listed_twice_is_one_error_at_the_deck(make_library):
    root = make_library()
    edit(root / "slides/decks/forelesning.yaml", "  - vendepunktet\n", "  - vendepunktet\n  - vendepunktet\n")
    assert lines(root) == [
        "slides/decks/forelesning.yaml:8:5: error[duplicate-module]: module 'vendepunktet' is listed twice\n"
        "  hint: remove one of them; a module can only be used once in a deck"
    ]


def test_list_items_are_named_by_position_not_by_number(make_library):
    root = make_library()
    edit(root / "slides/modules/vendepunktet.yaml", "    facts: [mb-norge]\n", "    facts: [mb-norge, []]\n")
    assert "item 2 of 'facts' must be text" in lines(root)[0]


def test_an_empty_file_says_so_without_follow_up_errors(make_library):
    root = make_library()
    (root / "slides/modules/vendepunktet.yaml").write_text("# bare en kommentar\n", encoding="utf-8")
    assert lines(root) == [
        "slides/modules/vendepunktet.yaml:1:1: error[empty-file]: the file is empty\n"
        "  hint: write the modules in it (see docs/content-guide.md), or delete the file"
    ]


def test_an_id_with_norwegian_letters_gets_a_suggestion(make_library):
    root = make_library()
    edit(root / "slides/decks/forelesning.yaml", "audience: hoyskole", "audience: høyskole")
    assert "hint: did you mean 'hoyskole'?" in lines(root)[0]


def test_leftovers_of_a_killed_build_are_swept_away(make_library):
    root = make_library()
    build(root, today=TODAY, formats=["pptx"])
    folder = root / "out" / "forelesning"
    stale = folder / ".forelesning.pptx.ab12cd34.tmp"
    stale.write_bytes(b"half a deck")
    old = stale.stat().st_mtime - 3600  # left an hour ago: a build running now writes younger ones
    os.utime(stale, (old, old))
    keep = folder / "mine-notater.txt"
    keep.write_text("mine", encoding="utf-8")
    assert sweep_stale(folder) == [stale]
    assert keep.exists() and not stale.exists()


def test_a_typo_in_a_key_does_not_hide_a_dangling_quote_in_the_same_module(make_library):
    root = make_library("bad-dangling-quote")
    edit(root / "slides/modules/vendepunktet.yaml", "title: Vendepunktet\n", "titel: Vendepunktet\n")
    codes = [d.code for d in check(root, today=TODAY).diagnostics]
    assert codes == ["missing-field", "unknown-key", "unknown-quote"]
