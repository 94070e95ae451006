"""`erfaring preview`: PNG thumbnails and one contact sheet of a built deck, through LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from builder.errors import UserError
from builder.write import write_bytes

THUMB_DPI = 50


def find_soffice() -> str:
    """Return the LibreOffice command, or raise a plain error saying how to get it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise UserError(
        "preview needs LibreOffice, which is not installed",
        "install it (Debian/Ubuntu: apt-get install libreoffice-impress-nogui poppler-utils; "
        "Windows/Mac: libreoffice.org) and run the command again",
    )


def render_pages(pptx: Path, work: Path) -> list[Path]:
    """Convert a deck to PDF and then to one PNG per slide inside `work`; return the PNGs."""
    soffice = find_soffice()
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise UserError("preview needs pdftoppm (poppler-utils), which is not installed",
                        "Debian/Ubuntu: apt-get install poppler-utils")
    profile = work / "profile"
    result = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
         "--outdir", str(work), str(pptx)],
        capture_output=True, text=True, timeout=600,
    )
    pdf = work / (pptx.stem + ".pdf")
    if result.returncode != 0 or not pdf.is_file():
        raise UserError(f"LibreOffice could not convert {pptx.name}: {result.stderr.strip()[:200]}")
    subprocess.run([pdftoppm, "-png", "-r", str(THUMB_DPI), str(pdf), str(work / "slide")], check=True,
                   capture_output=True, timeout=600)
    return sorted(work.glob("slide-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


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
        raise UserError(f"{pptx} does not exist", "build the deck first: erfaring build DECK")
    with tempfile.TemporaryDirectory(prefix="erfaring-preview-") as tmp:
        pages = render_pages(pptx, Path(tmp))
        if not pages:
            raise UserError(f"LibreOffice made no pages from {pptx.name}")
        written = []
        for n, page in enumerate(pages, start=1):
            path = target / f"slide-{n:02d}.png"
            write_bytes(path, page.read_bytes())
            written.append(path)
        sheet = target / "oversikt.png"
        write_bytes(sheet, contact_sheet(pages))
    return written, sheet
