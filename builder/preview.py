"""`erfaring preview`: PNG thumbnails and one contact sheet of a built deck, through LibreOffice."""

from __future__ import annotations

import glob
import os
import platform
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Callable

from builder.errors import OutputError, UserError
from builder.i18n import _
from builder.write import write_bytes

THUMB_DPI = 50
SOFFICE_ENV = "ERFARING_SOFFICE"
WINDOWS_EXAMPLE = r"set ERFARING_SOFFICE=C:\Program Files\LibreOffice\program\soffice.exe"
UNIX_EXAMPLE = "export ERFARING_SOFFICE=/Applications/LibreOffice.app/Contents/MacOS/soffice"


def well_known(system: str | None = None, environ: dict[str, str] | None = None) -> list[str]:
    """Return where LibreOffice is usually installed on this kind of machine (glob patterns), best first.

    Why: the installers for Windows and macOS do not put `soffice` on PATH, so a lecturer who
    has LibreOffice would otherwise be told it is missing.
    """
    system = system or platform.system()
    environ = os.environ if environ is None else environ
    if system == "Windows":
        folders = [environ.get("ProgramFiles") or r"C:\Program Files",
                   environ.get("ProgramFiles(x86)") or r"C:\Program Files (x86)", r"C:\Program Files"]
        places = [folder.rstrip("\\") + r"\LibreOffice\program\soffice.exe" for folder in folders]
        if environ.get("LOCALAPPDATA"):
            places.append(environ["LOCALAPPDATA"].rstrip("\\") + r"\Programs\LibreOffice\program\soffice.exe")
        return list(dict.fromkeys(places))
    home = environ.get("HOME") or str(Path.home())
    if system == "Darwin":
        return ["/Applications/LibreOffice.app/Contents/MacOS/soffice",
                f"{home}/Applications/LibreOffice.app/Contents/MacOS/soffice"]
    return ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice",
            "/usr/lib/libreoffice/program/soffice", "/usr/lib64/libreoffice/program/soffice",
            "/opt/libreoffice*/program/soffice", "/snap/bin/libreoffice",
            "/var/lib/flatpak/exports/bin/org.libreoffice.LibreOffice",
            f"{home}/.local/share/flatpak/exports/bin/org.libreoffice.LibreOffice"]


def _runnable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def locate_soffice() -> str | None:
    """Return the LibreOffice command, or None: PATH first, then ERFARING_SOFFICE, then `well_known` places.

    Every check for LibreOffice goes through here (preview, thumbnails in a build).
    """
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    given = os.environ.get(SOFFICE_ENV, "").strip().strip('"')
    if given:
        if _runnable(given):
            return given
        folder = Path(given)
        for name in ("soffice", "soffice.exe", "soffice.com"):  # the folder itself was given
            if _runnable(str(folder / name)):
                return str(folder / name)
    for pattern in well_known():
        for path in sorted(glob.glob(pattern), reverse=True):  # /opt/libreoffice25.8 before /opt/libreoffice7.6
            if _runnable(path):
                return path
    return None


def find_soffice() -> str:
    """Return the LibreOffice command, or raise a plain error saying where it looked and what to do."""
    found = locate_soffice()
    if found:
        return found
    places = ", ".join(well_known())
    given = os.environ.get(SOFFICE_ENV, "").strip().strip('"')
    if given:
        raise UserError(
            _("preview needs LibreOffice, but {variable} is set to '{path}', and there is no LibreOffice there")
            .format(variable=SOFFICE_ENV, path=given),
            _("set {variable} to the full path of soffice (Windows: `{windows}`; macOS and Linux: `{unix}`), "
              "and run the command again").format(variable=SOFFICE_ENV, windows=WINDOWS_EXAMPLE, unix=UNIX_EXAMPLE),
        )
    raise UserError(
        _("preview needs LibreOffice, which was not found on this machine"),
        _("looked for soffice on PATH, in {variable} and in {places}. If LibreOffice is installed somewhere else, "
          "set {variable} to the full path of soffice (Windows: `{windows}`; macOS and Linux: `{unix}`). "
          "Otherwise install it from libreoffice.org (Debian/Ubuntu: apt-get install libreoffice-impress-nogui "
          "poppler-utils) and run the command again")
        .format(variable=SOFFICE_ENV, places=places, windows=WINDOWS_EXAMPLE, unix=UNIX_EXAMPLE),
    )


def render_pages(pptx: Path, work: Path) -> list[Path]:
    """Convert a deck to PDF and then to one PNG per slide inside `work`; return the PNGs."""
    soffice = find_soffice()
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise UserError(_("preview needs pdftoppm (from poppler-utils), which is not installed"),
                        _("Debian/Ubuntu: apt-get install poppler-utils; macOS: brew install poppler"))
    profile = work / "profile"
    result = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
         "--outdir", str(work), str(pptx)],
        capture_output=True, text=True, timeout=600,
    )
    pdf = work / (pptx.stem + ".pdf")
    if result.returncode != 0 or not pdf.is_file():
        raise UserError(_("LibreOffice could not convert {file}: {reason}")
                        .format(file=pptx.name, reason=result.stderr.strip()[:200]))
    subprocess.run([pdftoppm, "-png", "-r", str(THUMB_DPI), str(pdf), str(work / "slide")], check=True,
                   capture_output=True, timeout=600)
    return sorted(work.glob("slide-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def renderer_identity() -> str:
    """Name the programs that draw slide pictures, and their installed versions (path, size, time), cheaply.

    Part of each cached picture's key: a new LibreOffice may draw a slide differently. Starting
    LibreOffice to ask its version would cost what the cache saves.
    """
    parts = [f"dpi={THUMB_DPI}"]
    for program in (locate_soffice(), shutil.which("pdftoppm")):
        try:
            real = os.path.realpath(program) if program else ""
            info = os.stat(real) if real else None
            parts.append(f"{real}:{info.st_size}:{info.st_mtime_ns}" if info else "-")
        except OSError:
            parts.append(str(program))
    return ";".join(parts)


def cached_pictures(keys: list[str], folder: Path) -> dict[int, bytes] | None:
    """Return the cached picture of every slide, numbered from 1, or None when one is missing.

    `keys[n - 1]` names what slide n shows (its text and pictures, the template, the tool; not its
    notes), so a cached picture under that key looks as the slide does. Pictures no key names any
    more are removed.
    """
    paths = [folder / f"{key}.png" for key in keys]
    try:
        if not paths or not all(p.is_file() for p in paths):
            return None
        pictures = {n: p.read_bytes() for n, p in enumerate(paths, start=1)}
    except OSError:
        return None  # a picture that cannot be read is drawn again
    _prune(folder, paths)
    return pictures


def slide_pictures(keys: list[str], folder: Path, make_pptx: Callable[[], bytes], name: str) -> dict[int, bytes]:
    """Return a PNG per slide, numbered from 1: from the cache when every slide's is there, else via LibreOffice.

    LibreOffice is not started at all when every key is cached (see `cached_pictures`); otherwise
    the deck (`make_pptx()`) is drawn once and every picture is stored under its key in `folder`.
    """
    cached = cached_pictures(keys, folder)
    if cached is not None:
        return cached
    paths = [folder / f"{key}.png" for key in keys]
    with tempfile.TemporaryDirectory(prefix="erfaring-thumbs-") as tmp:
        source = Path(tmp) / f"{name}.pptx"
        source.write_bytes(make_pptx())
        pictures = {n: page.read_bytes() for n, page in enumerate(render_pages(source, Path(tmp)), start=1)}
    if len(pictures) == len(keys):  # otherwise the pages do not match the slides: use them, keep none
        try:
            for path, blob in zip(paths, pictures.values()):
                write_bytes(path, blob)
            _prune(folder, paths)
        except (OutputError, OSError):
            pass  # a cache that cannot be written costs time on the next build, never pictures
    return pictures


def _prune(folder: Path, keep: list[Path]) -> None:
    """Remove the cached pictures in `folder` that are not in `keep`."""
    wanted = {p.name for p in keep}
    try:
        for path in folder.glob("*.png"):
            if path.name not in wanted:
                path.unlink(missing_ok=True)
    except OSError:
        pass


def contact_sheet(pages: list[Path], columns: int = 4) -> bytes:
    """Return one PNG with all pages in a grid, numbered, on a neutral background."""
    import io

    from PIL import Image, ImageDraw

    images = [Image.open(p).convert("RGB") for p in pages]
    width, height = images[0].size
    pad = 12
    rows = (len(images) + columns - 1) // columns
    sheet = Image.new("RGB", (columns * (width + pad) + pad, rows * (height + pad) + pad), (90, 88, 84))
    draw = ImageDraw.Draw(sheet)
    for n, image in enumerate(images):
        x = pad + (n % columns) * (width + pad)
        y = pad + (n // columns) * (height + pad)
        sheet.paste(image, (x, y))
        draw.rectangle((x, y, x + 22, y + 14), fill=(43, 42, 40))
        draw.text((x + 4, y + 2), str(n + 1), fill=(251, 247, 241))
    out = io.BytesIO()
    sheet.save(out, format="PNG", optimize=True)
    return out.getvalue()


def preview(pptx: Path, target: Path) -> tuple[list[Path], Path]:
    """Write slide-NN.png thumbnails and oversikt.png for `pptx` into `target`."""
    if not pptx.is_file():
        raise UserError(_("{file} does not exist").format(file=pptx),
                        _("build the deck first: `erfaring build DECK`"))
    with tempfile.TemporaryDirectory(prefix="erfaring-preview-") as tmp:
        pages = render_pages(pptx, Path(tmp))
        if not pages:
            raise UserError(_("LibreOffice made no pages from {file}").format(file=pptx.name))
        written = []
        for n, page in enumerate(pages, start=1):
            path = target / f"slide-{n:02d}.png"
            write_bytes(path, page.read_bytes())
            written.append(path)
        sheet = target / "oversikt.png"
        write_bytes(sheet, contact_sheet(pages))
    return written, sheet
