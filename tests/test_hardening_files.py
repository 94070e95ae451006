"""Issue 12, families 3, 4, 5 and 8: sizes, file-system surprises, reading outside the library, fonts.

Every test makes its hostile input here (with `support.hostile_files`) and would have failed before
the change: a read of the whole file, a traceback, a file opened outside the library, a file deleted
outside `out/`, or a build that `check` passed and that then stopped at a font.
"""

from __future__ import annotations

import builtins
import datetime as dt
import io
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import threading
import time
import tracemalloc
import urllib.request
import zipfile
from pathlib import Path

import pytest

from builder.errors import DiagnosticsError, OutputError
from builder.pipeline import build, check
from builder.render.pptx import template as template_mod
from builder.render.pptx.template import load_template
from support import library
from support.cli import run
from support.hostile_files import (STANDARD, bomb_template, external_references, linked_template, many_parts_template,
                                   padded_png, ratio_template)

TODAY = dt.date(2026, 11, 22)
DECK = "slides/decks/forelesning.yaml"
MODULE = "slides/modules/vendepunktet.yaml"
REPO = Path(__file__).resolve().parents[1]


def edit(path: Path, old: str, new: str) -> None:
    library.edit(path, old, new, count=1)


def use_template(root: Path, name: str) -> None:
    edit(root / DECK, "minutes: 20\n", f"minutes: 20\ntemplate: {name}\n")


def use_image(root: Path, spelled: str) -> None:
    edit(root / MODULE, "image: images/prikk.png", f"image: {spelled}")


def errors(checked) -> list[str]:
    return [d.format() for d in checked.diagnostics if d.severity.value == "error"]


def codes(checked) -> list[str]:
    return [d.code for d in checked.diagnostics if d.severity.value == "error"]


class Opened:
    """Record every file the process opens; refuse every network connection."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        real_open, real_os_open = builtins.open, os.open

        def watched_open(file, *args, **kwargs):
            if isinstance(file, (str, bytes, os.PathLike)):
                self.paths.append(os.fsdecode(file))
            return real_open(file, *args, **kwargs)

        def watched_os_open(path, *args, **kwargs):
            self.paths.append(os.fsdecode(path))
            return real_os_open(path, *args, **kwargs)

        def no_network(*args, **kwargs):
            raise AssertionError(f"network access: {args!r}")

        monkeypatch.setattr(builtins, "open", watched_open)
        monkeypatch.setattr(io, "open", watched_open)
        monkeypatch.setattr(os, "open", watched_os_open)
        monkeypatch.setattr(urllib.request, "urlopen", no_network)
        monkeypatch.setattr(socket, "create_connection", no_network)
        monkeypatch.setattr(socket.socket, "connect", no_network)

    def under(self, folder: Path) -> list[str]:
        real = os.path.realpath(folder)
        return [p for p in self.paths if os.path.realpath(p).startswith(real + os.sep) or p.startswith(str(folder))]


# --- family 3: sizes and memory -----------------------------------------------------------------


def test_a_huge_yaml_file_is_refused_without_being_read(make_library):
    root = make_library()
    huge = root / "quotes" / "enorm.yaml"
    huge.write_bytes(b"quotes:\n  - id: stor\n")
    os.truncate(huge, 64 * 1024 * 1024)  # sparse: 64 MiB that cost no disk
    tracemalloc.start()
    try:
        checked = check(root, TODAY)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert errors(checked) == ["quotes/enorm.yaml:1:1: error[yaml-too-large]: the file is 65536 KiB; the limit is 1024 KiB"
                               "\n  hint: split the material into several modules"]
    assert peak < 16 * 1024 * 1024, f"{peak / 2**20:.0f} MiB held while checking"


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """A 2 MB template whose parts inflate to 2 GiB."""
    return bomb_template(tmp_path_factory.mktemp("bomb") / "bombe.pptx")


def test_a_zip_bomb_template_is_refused_by_check_quickly_and_in_little_memory(make_library, bomb):
    root = make_library()
    (root / "assets" / "templates").mkdir(parents=True, exist_ok=True)
    shutil.copy(bomb, root / "assets" / "templates" / "bombe.pptx")
    use_template(root, "bombe.pptx")
    started = time.monotonic()
    tracemalloc.start()
    try:
        checked = check(root, TODAY)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert errors(checked) == [
        "assets/templates/bombe.pptx:1:1: error[template-too-large]: the part 'ppt/media/image900.png' of the template "
        "'assets/templates/bombe.pptx' unpacks to 1024 MB; the limit is 100 MB\n"
        "  hint: remove large pictures or videos from the template in PowerPoint, and save it again"]
    assert peak < 64 * 1024 * 1024, f"{peak / 2**20:.0f} MiB held while checking"
    assert time.monotonic() - started < 20
    with pytest.raises(DiagnosticsError):
        build(root, today=TODAY, formats=["pptx"], thumbnails=False)


def _limited_memory():  # pragma: no cover - runs in the child process
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))


@pytest.mark.skipif(sys.platform == "win32", reason="address-space limit is POSIX only")
def test_doctor_refuses_a_zip_bomb_under_a_memory_limit(make_library, bomb):
    root = make_library()
    target = root / "assets" / "templates" / "bombe.pptx"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(bomb, target)
    result = subprocess.run([sys.executable, "-m", "builder", "--root", str(root), "doctor", str(target)],
                            capture_output=True, text=True, encoding="utf-8", timeout=120,
                            preexec_fn=_limited_memory)
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr, result.stderr
    assert result.returncode == 1
    assert "error[template-too-large]" in result.stderr or "feil[template-too-large]" in result.stderr


@pytest.mark.parametrize("make, expected", [
    (many_parts_template, "the template 'assets/templates/x.pptx' holds 6041 parts; the limit is 5000"),
    (ratio_template, "the part 'ppt/media/image999.png' of the template 'assets/templates/x.pptx' unpacks to "
                     "1010 times its stored size, which only damaged or harmful files do"),
])
def test_a_template_beyond_the_other_bounds_is_refused(make_library, make, expected):
    root = make_library()
    make(root / "assets" / "templates" / "x.pptx")
    template, problems = load_template(root, "x.pptx")
    assert template is None
    assert [(p.code, p.message) for p in problems] == [("template-too-large", expected)]


def test_a_template_file_over_the_size_limit_is_not_read(make_library, monkeypatch):
    root = make_library()
    big = root / "assets" / "templates" / "stor.pptx"
    big.parent.mkdir(parents=True, exist_ok=True)
    big.write_bytes(STANDARD.read_bytes())
    os.truncate(big, 101 * 1024 * 1024)
    opened = Opened(monkeypatch)
    tracemalloc.start()
    try:
        template, problems = load_template(root, "stor.pptx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [p.message for p in problems] == ["the template 'assets/templates/stor.pptx' is a file of 101 MB; "
                                             "the limit is 100 MB"]
    assert peak < 8 * 1024 * 1024
    assert opened.under(big.parent)  # opened to look at its size, and no more read than that


@pytest.mark.parametrize("inside", [False, True], ids=["padded-after-the-picture", "padded-in-a-text-chunk"])
def test_a_small_picture_in_a_huge_file_is_refused_by_its_size(make_library, inside):
    root = make_library()
    padded_png(root / "assets" / "images" / "prikk.png", (200 if not inside else 60) * 1024 * 1024, inside=inside)
    checked = check(root, TODAY)
    size = 200 if not inside else 60
    assert errors(checked) == [
        f"{MODULE}:15:12: error[asset-unreadable]: image 'images/prikk.png' is a file of {size} MB; the limit is 50 MB"
        "\n  hint: save it as JPEG, or scale it down to a few thousand pixels across"]
    with pytest.raises(DiagnosticsError):
        build(root, today=TODAY, formats=["pptx"], thumbnails=False)


@pytest.mark.lang("nb")
def test_the_size_limits_speak_norwegian(make_library, bomb):
    root = make_library()
    padded_png(root / "assets" / "images" / "prikk.png", 200 * 1024 * 1024)
    target = root / "assets" / "templates" / "bombe.pptx"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(bomb, target)
    use_template(root, "bombe.pptx")
    assert errors(check(root, TODAY)) == [
        "assets/templates/bombe.pptx:1:1: feil[template-too-large]: delen 'ppt/media/image900.png' av malen "
        "'assets/templates/bombe.pptx' blir 1024 MB når den pakkes ut; grensen er 100 MB\n"
        "  tips: fjern store bilder eller videoer fra malen i PowerPoint, og lagre den på nytt",
        f"{MODULE}:15:12: feil[asset-unreadable]: bildet 'images/prikk.png' er en fil på 200 MB; grensen er 50 MB\n"
        "  tips: lagre det som JPEG, eller gjør det mindre, til noen tusen piksler i bredden"]


# --- family 4: file-system surprises --------------------------------------------------------------


def _refuse_listing(monkeypatch, name: str) -> None:
    """Make listing the folder called `name` fail as chmod 000 would (the tests run as root, where chmod does not)."""
    real = pathlib.Path.iterdir

    def iterdir(self):
        if self.name == name:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(pathlib.Path, "iterdir", iterdir)


@pytest.mark.parametrize("folder", ["modules", "quotes", "images"])
def test_an_unreadable_folder_is_a_located_error_not_a_traceback(make_library, monkeypatch, folder):
    root = make_library()
    if folder == "images":
        use_image(root, "images/finnes-ikke.png")  # the suggestion for a missing picture lists its folder
    _refuse_listing(monkeypatch, folder)
    checked = check(root, TODAY)
    if folder == "images":
        assert codes(checked) == ["asset-missing"]
        return
    shown = {"modules": "slides/modules", "quotes": "quotes"}[folder]
    unreadable = [d.format() for d in checked.diagnostics if d.code == "folder-unreadable"]
    assert unreadable == [f"{shown}:1:1: error[folder-unreadable]: cannot read the folder '{shown}': you do not have "
                          "permission to open it; nothing in it was checked\n"
                          "  hint: check who owns the folder, or copy the library to a folder of your own"]
    with pytest.raises(DiagnosticsError):  # the deck uses what the folder holds
        build(root, today=TODAY, formats=["pptx"], thumbnails=False)


@pytest.mark.lang("nb")
def test_an_unreadable_folder_speaks_norwegian(make_library, monkeypatch):
    root = make_library()
    _refuse_listing(monkeypatch, "modules")
    found = [d.format() for d in check(root, TODAY).diagnostics if d.code == "folder-unreadable"]
    assert found == ["slides/modules:1:1: feil[folder-unreadable]: kan ikke lese mappen 'slides/modules': du har ikke "
                     "tilgang til å åpne den; ingenting i den er sjekket\n"
                     "  tips: sjekk hvem som eier mappen, eller kopier biblioteket til en egen mappe"]


CONTROL = "the path holds an invisible control sign (often from a backslash in \"…\")"
TOO_LONG = "a name in the path is too long (at most 255 letters, fewer with æ, ø and å)"


@pytest.mark.parametrize("spelled, shown, why", [
    ('"images/bilde\\x00"', "images/bilde\\x00", CONTROL),
    ('"images/bilde\\tny"', "images/bilde\\x09ny", CONTROL),
    ('"images/' + "a" * 300 + '.png"', "images/" + "a" * 93 + "…" + "a" * 15 + ".png", TOO_LONG),
    ('"images/' + "ø" * 200 + '.png"', "images/" + "ø" * 93 + "…" + "ø" * 15 + ".png", TOO_LONG),
], ids=["nul", "control", "300-letters", "200-ø-is-400-bytes"])
def test_an_image_path_no_file_can_have_is_a_located_error(make_library, spelled, shown, why):
    root = make_library()
    use_image(root, spelled)
    checked = check(root, TODAY)
    # A control sign is also one the pre-render gate refuses in any text (`text-unusable-character`).
    assert [e for e in errors(checked) if "text-unusable-character" not in e] == [
        f"{MODULE}:15:12: error[asset-path]: image path '{shown}': {why}\n"
        "  hint: put the image in assets/images/ and write e.g. 'images/bilde.png'"]
    with pytest.raises(DiagnosticsError):
        build(root, today=TODAY, formats=["pptx"], thumbnails=False)


@pytest.mark.parametrize("spelled, why", [
    ('"mal\\x00"', CONTROL),
    ('"' + "m" * 300 + '.pptx"', TOO_LONG),
], ids=["nul", "300-letters"])
def test_a_template_name_no_file_can_have_is_a_located_error(make_library, spelled, why):
    root = make_library()
    use_template(root, spelled)
    checked = check(root, TODAY)
    assert [c for c in codes(checked) if c != "text-unusable-character"] == ["asset-path"]
    (found,) = [e for e in errors(checked) if "error[asset-path]" in e]
    assert found.startswith(f"{DECK}:6:11: error[asset-path]: template '") and why in found
    with pytest.raises(DiagnosticsError):
        build(root, today=TODAY, formats=["pptx"], thumbnails=False)


def test_a_symlink_loop_under_assets_images_is_a_located_error(make_library):
    root = make_library()
    images = root / "assets" / "images"
    (images / "sløyfe").symlink_to("sløyfe")
    (images / "a").symlink_to("b")
    (images / "b").symlink_to("a")
    use_image(root, "images/sløyfe/bilde.png")
    checked = check(root, TODAY)
    assert errors(checked) == [f"{MODULE}:15:12: error[asset-path]: image path 'images/sløyfe/bilde.png': the path "
                               "goes round in a loop of links\n"
                               "  hint: put the image in assets/images/ and write e.g. 'images/bilde.png'"]
    edit(root / MODULE, "images/sløyfe/bilde.png", "images/a")
    assert codes(check(root, TODAY)) == ["asset-path"]


def test_a_symlink_loop_nobody_uses_does_not_stop_a_build(make_library):
    root = make_library()
    (root / "assets" / "images" / "sløyfe").symlink_to("sløyfe")
    (root / "assets" / "fonts").mkdir()
    (root / "assets" / "fonts" / "sløyfe").symlink_to("sløyfe")
    built = build(root, today=TODAY, formats=["pptx"], thumbnails=False)
    assert [p.name for p in built.written] == ["forelesning.pptx"]


@pytest.mark.parametrize("where", ["outside", "loop"])
def test_an_output_folder_that_is_a_link_out_is_refused_and_nothing_outside_is_touched(make_library, tmp_path, where):
    root = make_library()
    outside = tmp_path / "andres-mappe"
    outside.mkdir()
    theirs = outside / ".forelesning.pptx.ab12cd34.tmp"  # looks like a leftover of ours, and is old
    theirs.write_bytes(b"someone else's")
    old = time.time() - 24 * 3600
    os.utime(theirs, (old, old))
    (outside / "forelesning.pptx").write_bytes(b"someone else's deck")
    (root / "out").mkdir()
    (root / "out" / "forelesning").symlink_to(outside if where == "outside" else root / "out" / "forelesning")
    with pytest.raises(OutputError) as raised:
        build(root, today=TODAY, formats=["pptx"], thumbnails=False)
    assert raised.value.message.startswith(f"{root / 'out' / 'forelesning'} is a link to ")
    assert "outside the output folder; the tool does not write through it" in raised.value.message
    assert theirs.read_bytes() == b"someone else's"
    assert (outside / "forelesning.pptx").read_bytes() == b"someone else's deck"
    assert sorted(p.name for p in outside.iterdir()) == [".forelesning.pptx.ab12cd34.tmp", "forelesning.pptx"]


def test_a_command_line_build_through_a_linked_output_folder_is_a_plain_message(make_library, tmp_path):
    root = make_library()
    outside = tmp_path / "andres-mappe"
    outside.mkdir()
    (root / "out").mkdir()
    (root / "out" / "forelesning").symlink_to(outside)
    result = run(root, "--lang", "nb", "build", "--format", "pptx", "--no-thumbnails")
    assert result.returncode == 1
    assert "er en snarvei til" in result.stderr and "verktøyet skriver ikke gjennom den" in result.stderr
    assert list(outside.iterdir()) == []


def test_a_temporary_file_of_a_build_running_now_is_not_swept_away(make_library):
    root = make_library()
    build(root, today=TODAY, formats=["pptx"], thumbnails=False)
    folder = root / "out" / "forelesning"
    theirs = folder / ".forelesning.pptx.zz99yy88.tmp"  # another build is writing this very moment
    theirs.write_bytes(b"half written")
    build(root, today=TODAY, formats=["pptx"], force=True, thumbnails=False)
    assert theirs.read_bytes() == b"half written"


def test_two_builds_of_one_library_at_once_both_succeed(make_library):
    root = make_library()
    failures: list[BaseException] = []

    def one() -> None:
        try:
            for _ in range(3):
                build(root, today=TODAY, formats=["pptx", "handout-html"], force=True, thumbnails=False)
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert failures == []
    assert not [p.name for p in (root / "out" / "forelesning").iterdir() if p.name.endswith(".tmp")]


def test_two_command_line_builds_at_once_both_succeed(make_library):
    root = make_library()
    command = [sys.executable, "-m", "builder", "--root", str(root), "build", "--force", "--format", "pptx,handout-html",
               "--no-thumbnails"]
    for _ in range(2):
        runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
                for _ in range(2)]
        results = [(p.wait(timeout=120), p.stderr.read()) for p in runs]
        for p in runs:
            p.stdout.close()
            p.stderr.close()
        assert [code for code, _err in results] == [0, 0], results


# --- family 5: nothing outside the library is read -----------------------------------------------


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder outside the library with a template and a layout map whose field names must never be echoed."""
    folder = tmp_path / "utenfor"
    folder.mkdir()
    shutil.copy(STANDARD, folder / "hemmelig.pptx")
    (folder / "hemmelig.layouts.yaml").write_text("template: hemmelig.pptx\nhemmelig_feltnavn: 1\n", encoding="utf-8")
    (folder / "hemmelig.png").write_bytes(b"not to be read")
    return folder


@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlinked-file", "symlinked-folder"])
def test_a_deck_template_outside_the_library_is_refused_unopened(make_library, monkeypatch, outside, how):
    root = make_library()
    templates = root / "assets" / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    if how == "absolute":
        spelled = str(outside / "hemmelig.pptx")
    elif how == "dotdot":
        spelled = os.path.relpath(outside / "hemmelig.pptx", templates)
    elif how == "symlinked-file":
        (templates / "lenke.pptx").symlink_to(outside / "hemmelig.pptx")
        spelled = "lenke.pptx"
    else:
        (templates / "delt").symlink_to(outside)
        spelled = "delt/hemmelig.pptx"
    use_template(root, spelled)
    opened = Opened(monkeypatch)
    checked = check(root, TODAY)
    assert opened.under(outside) == []
    assert codes(checked) == ["asset-outside"]
    assert errors(checked)[0].startswith(f"{DECK}:6:11: error[asset-outside]: template '{spelled}': ")
    assert not any("hemmelig_feltnavn" in d.format() for d in checked.diagnostics)
    with pytest.raises(DiagnosticsError):
        build(root, today=TODAY, formats=["pptx"], thumbnails=False)
    assert opened.under(outside) == []


def test_load_template_never_opens_a_deck_template_outside(make_library, monkeypatch, outside):
    root = make_library()
    opened = Opened(monkeypatch)
    template, problems = load_template(root, str(outside / "hemmelig.pptx"))
    assert template is None and [p.code for p in problems] == ["template-missing"]
    assert opened.under(outside) == []


def test_a_layout_map_that_links_outside_is_refused_unread(make_library, monkeypatch, outside):
    root = make_library()
    templates = root / "assets" / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    shutil.copy(STANDARD, templates / "org.pptx")
    (templates / "org.layouts.yaml").symlink_to(outside / "hemmelig.layouts.yaml")
    use_template(root, "org.pptx")
    opened = Opened(monkeypatch)
    checked = check(root, TODAY)
    assert opened.under(outside) == []
    assert errors(checked) == [
        "assets/templates/org.layouts.yaml:1:1: error[asset-outside]: the layout map 'assets/templates/org.layouts.yaml': "
        "the path leads outside the assets/ folder (through a link)\n"
        "  hint: put the map itself beside the template, not a link to it"]
    with pytest.raises(DiagnosticsError):
        build(root, today=TODAY, formats=["pptx"], thumbnails=False)


def test_a_template_with_external_links_builds_a_deck_without_them_and_follows_none(make_library, monkeypatch,
                                                                                     outside):
    root = make_library()
    linked_template(root / "assets" / "templates" / "lenket.pptx", outside / "hemmelig.png", "http://127.0.0.1:9")
    use_template(root, "lenket.pptx")
    opened = Opened(monkeypatch)
    checked = check(root, TODAY)
    assert errors(checked) == []
    built = build(root, today=TODAY, formats=["pptx"], thumbnails=False)
    assert opened.under(outside) == []
    pptx = built.written[0].read_bytes()
    assert external_references(pptx) == []
    with zipfile.ZipFile(io.BytesIO(pptx)) as archive:
        master = archive.read("ppt/slideMasters/slideMaster1.xml").decode("utf-8")
    assert 'r:embed="' in master  # the picture that was embedded as well as linked keeps its embedded copy
    assert "Linked 904" in master and "127.0.0.1" not in master
    template, _problems = load_template(root, "lenket.pptx")
    assert "the template has 3 links to pictures, files or web pages outside itself; the tool leaves them out of " \
           "what it builds" in template.notes


@pytest.mark.lang("nb")
def test_the_external_link_note_speaks_norwegian(make_library, outside):
    root = make_library()
    linked_template(root / "assets" / "templates" / "lenket.pptx", outside / "hemmelig.png", "http://127.0.0.1:9")
    template, _problems = load_template(root, "lenket.pptx")
    assert "malen har 3 lenker til bilder, filer eller nettsider utenfor seg selv; verktøyet tar dem ikke med i " \
           "det som bygges" in template.notes


def test_doctor_on_a_path_typed_by_the_user_still_reads_it(make_library, outside):
    root = make_library()
    template, problems = load_template(root, str(outside / "hemmelig.pptx"), given=True)
    assert template is None  # it was read: its map's unknown field is reported
    assert [p.code for p in problems] == ["unknown-key"]


# --- family 8: fonts ------------------------------------------------------------------------------


def _tool_without(tmp_path: Path, monkeypatch, missing: str) -> None:
    """Point the tool's assets at a copy without the font file `missing`, as a broken install would have."""
    assets = tmp_path / "verktøy-assets"
    shutil.copytree(REPO / "assets" / "fonts", assets / "fonts")
    shutil.copytree(REPO / "assets" / "templates", assets / "templates")
    (assets / "fonts" / missing).unlink()
    monkeypatch.setattr(template_mod, "TOOL_ASSETS", assets)


def _own_template_without_map(root: Path) -> str:
    """Give the library the standard template under its own name and without a map: its theme font decides."""
    templates = root / "assets" / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    shutil.copy(STANDARD, templates / "egen.pptx")
    use_template(root, "egen.pptx")
    return "assets/templates/egen.pptx"


TOOL_MAP = str(STANDARD.with_name("erfaring-standard.layouts.yaml"))


def test_a_missing_carlito_regular_in_the_tools_fonts_is_a_check_error(make_library, tmp_path, monkeypatch):
    root = make_library()
    _tool_without(tmp_path, monkeypatch, "Carlito-Regular.ttf")
    checked = check(root, TODAY)
    assert errors(checked) == [
        f"{TOOL_MAP}:5:34: error[layout-map-font]: the font 'Carlito' to measure text with is not in assets/fonts\n"
        "  hint: use 'Carlito' (for Calibri) or 'Liberation Sans' (for Arial), or put the font files in assets/fonts"]
    with pytest.raises(DiagnosticsError):
        build(root, today=TODAY, formats=["pptx"], thumbnails=False)


def test_a_missing_carlito_regular_for_a_template_without_map_is_a_check_error(make_library, tmp_path, monkeypatch):
    root = make_library()
    shown = _own_template_without_map(root)
    _tool_without(tmp_path, monkeypatch, "Carlito-Regular.ttf")
    checked = check(root, TODAY)
    assert errors(checked) == [
        f"{shown}:1:1: error[font-missing]: the font file 'Carlito-Regular.ttf' is missing, both in assets/fonts and "
        f"among the tool's fonts; the template '{shown}' needs it to measure text\n"
        "  hint: put Carlito-Regular.ttf in the library's assets/fonts, or install the tool again"]
    with pytest.raises(DiagnosticsError):
        build(root, today=TODAY, formats=["pptx"], thumbnails=False)


def test_a_missing_font_of_the_map_is_a_check_error_when_the_tool_lacks_it(make_library, tmp_path, monkeypatch):
    root = make_library()
    templates = root / "assets" / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    shutil.copy(STANDARD, templates / "org.pptx")
    (templates / "org.layouts.yaml").write_text("template: org.pptx\nfonts: {measure: Liberation Sans}\n",
                                                encoding="utf-8")
    use_template(root, "org.pptx")
    _tool_without(tmp_path, monkeypatch, "LiberationSans-Regular.ttf")
    checked = check(root, TODAY)
    assert codes(checked) == ["layout-map-font"]
    assert errors(checked)[0].startswith("assets/templates/org.layouts.yaml:2:18: error[layout-map-font]: the font "
                                         "'Liberation Sans' to measure text with is not in assets/fonts")
    with pytest.raises(DiagnosticsError):
        build(root, today=TODAY, formats=["pptx"], thumbnails=False)


@pytest.mark.parametrize("with_map", [True, False], ids=["tool-template-with-map", "own-template-without-map"])
def test_a_broken_font_file_in_the_library_is_a_check_error(make_library, with_map):
    root = make_library()
    (root / "assets" / "fonts").mkdir()
    (root / "assets" / "fonts" / "Carlito-Regular.ttf").write_bytes(b"not a font")
    if with_map:
        expected = (f"{TOOL_MAP}:5:34: error[layout-map-font]: the font file 'assets/fonts/Carlito-Regular.ttf' for "
                    "'Carlito' cannot be read as a font")
    else:
        shown = _own_template_without_map(root)
        expected = (f"{shown}:1:1: error[font-missing]: the font file 'assets/fonts/Carlito-Regular.ttf' cannot be "
                    f"read as a font; the template '{shown}' needs it to measure text")
    checked = check(root, TODAY)
    assert errors(checked) == [expected + "\n  hint: replace it with a working copy of the font, or delete it so that "
                                          "the tool's own is used"]
    with pytest.raises(DiagnosticsError):
        build(root, today=TODAY, formats=["pptx"], thumbnails=False)


@pytest.mark.parametrize("files", [["Carlito-Regular.woff2"], ["Carlito-Regular.ttf"]],
                         ids=["not-a-ttf", "regular-only"])
def test_a_library_font_folder_with_too_little_still_builds(make_library, files):
    root = make_library()
    fonts = root / "assets" / "fonts"
    fonts.mkdir()
    for name in files:
        source = REPO / "assets" / "fonts" / "Carlito-Regular.ttf"
        (fonts / name).write_bytes(source.read_bytes())
    checked = check(root, TODAY)
    assert errors(checked) == []
    built = build(root, today=TODAY, formats=["pptx"], thumbnails=False)  # the template's titles are bold
    assert [p.name for p in built.written] == ["forelesning.pptx"]


@pytest.mark.lang("nb")
def test_a_missing_font_speaks_norwegian(make_library, tmp_path, monkeypatch):
    root = make_library()
    shown = _own_template_without_map(root)
    _tool_without(tmp_path, monkeypatch, "Carlito-Regular.ttf")
    assert errors(check(root, TODAY)) == [
        f"{shown}:1:1: feil[font-missing]: skriftfilen 'Carlito-Regular.ttf' mangler, både i assets/fonts og blant "
        f"verktøyets egne skrifter; malen '{shown}' trenger den for å måle teksten\n"
        "  tips: legg Carlito-Regular.ttf i assets/fonts i biblioteket, eller installer verktøyet på nytt"]


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
                    reason="the thumbnail step needs LibreOffice and pdftoppm")
def test_the_thumbnail_step_fetches_nothing_a_template_links_to(make_library, outside):
    import http.server

    asked: list[str] = []

    class Count(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            asked.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Count)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        root = make_library()
        url = f"http://127.0.0.1:{server.server_address[1]}"
        linked_template(root / "assets" / "templates" / "lenket.pptx", outside / "hemmelig.png", url)
        use_template(root, "lenket.pptx")
        built = build(root, today=TODAY, formats=["manuscript-html"], thumbnails=True)
    finally:
        server.shutdown()
        server.server_close()
    assert built.written  # the manuscript, with slide pictures LibreOffice drew from the built deck
    assert asked == []  # before: LibreOffice fetched the layout's linked logo while drawing them
