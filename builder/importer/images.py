"""The pictures of an imported deck as files: one per content, in a format PowerPoint and Pillow both read.

PNG, JPEG and GIF are kept byte for byte. TIFF, BMP and WebP become PNG with Pillow;
EMF and WMF (drawings from old Office versions) become PNG with LibreOffice when it is
installed, and are otherwise reported, not written. A picture over the pixel limit the
build uses (`builder.resolve.MAX_PIXELS`) is refused before it is decoded: a tiny file can
claim billions of pixels.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from builder.i18n import _
from builder.resolve import MAX_PIXELS

KEPT = {"PNG": "png", "JPEG": "jpg", "GIF": "gif"}
VECTOR = ("emf", "wmf")
CONVERT_TIMEOUT = 120  # seconds for LibreOffice to turn every drawing of one deck into PNG
PREFIX = "bilde"


@dataclass(frozen=True)
class Picture:
    """A picture as the deck holds it."""

    blob: bytes = field(repr=False)
    content_type: str | None
    slide: int


@dataclass(frozen=True)
class ImageFile:
    """One file to write (or, with `problem`, one that cannot be written)."""

    hash: str  # sha256 of the bytes in the deck
    slides: tuple[int, ...]  # the slides that show it
    name: str | None  # 'bilde-01.png'; None when it is not written
    data: bytes | None = field(default=None, repr=False)  # the bytes to write
    converted_from: str | None = None  # 'emf', 'tiff' … when the file was converted to PNG
    problem: str | None = None  # translated: why it is not written

    @property
    def suffix(self) -> str | None:
        """Return the file's suffix without the dot ('png'), or None when it is not written."""
        return self.name.rsplit(".", 1)[1] if self.name else None


def content_hash(blob: bytes) -> str:
    """Return the hash a picture is known by: the sha256 of its bytes."""
    return hashlib.sha256(blob).hexdigest()


def extract(pictures: Iterable[Picture]) -> list[ImageFile]:
    """Return one file per distinct picture, named ``bilde-01.png``, ``bilde-02.jpg`` … in slide order."""
    first: dict[str, Picture] = {}
    slides: dict[str, list[int]] = {}
    for picture in sorted(pictures, key=lambda p: p.slide):
        digest = content_hash(picture.blob)
        first.setdefault(digest, picture)
        if picture.slide not in slides.setdefault(digest, []):
            slides[digest].append(picture.slide)
    made = {digest: _prepare(picture) for digest, picture in first.items()}
    vectors = {d: first[d].blob for d, (_data, kind, problem) in made.items() if kind in VECTOR and problem is None}
    if vectors:
        for digest, (data, problem) in _convert_vectors(vectors, {d: made[d][1] for d in vectors}).items():
            made[digest] = (data, made[digest][1], problem)
    out: list[ImageFile] = []
    number = 0
    for digest, (data, kind, problem) in made.items():
        used = tuple(slides[digest])
        if data is None:
            out.append(ImageFile(digest, used, None, None, kind if kind not in KEPT.values() else None,
                                 problem or _("the picture could not be opened")))
            continue
        number += 1
        suffix = kind if kind in KEPT.values() else "png"
        converted = None if kind in KEPT.values() else kind
        out.append(ImageFile(digest, used, f"{PREFIX}-{number:02d}.{suffix}", data, converted))
    return out


def _prepare(picture: Picture) -> tuple[bytes | None, str | None, str | None]:
    """Return (bytes to write or None, the format's short name, problem) for one picture."""
    vector = _vector_kind(picture.blob, picture.content_type)
    if vector:
        return None, vector, None
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(picture.blob)) as img:
                kind, size = img.format or "", img.size
                if size[0] * size[1] > MAX_PIXELS:
                    return None, kind.lower(), _too_large(size)
                if kind in KEPT:
                    img.verify()
                    return picture.blob, KEPT[kind], None
                img.load()
                return _png(img), kind.lower() or "bild", None
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return None, None, _("the picture is too large to open safely")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None, None, _("the picture is not in a format that can be read")


def _png(img) -> bytes:
    out = io.BytesIO()
    if img.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        img = img.convert("RGBA")
    img.save(out, format="PNG")
    return out.getvalue()


def _too_large(size: tuple[int, int]) -> str:
    return _("the picture is too large ({width} × {height} pixels)").format(width=size[0], height=size[1])


def _vector_kind(blob: bytes, content_type: str | None) -> str | None:
    """Return 'emf' or 'wmf' for Windows drawings (by their first bytes, whatever the file claims)."""
    if len(blob) >= 44 and blob[:4] == b"\x01\x00\x00\x00" and blob[40:44] == b" EMF":
        return "emf"
    if blob[:4] == b"\xd7\xcd\xc6\x9a" or blob[:4] in (b"\x01\x00\x09\x00", b"\x02\x00\x09\x00"):
        return "wmf"
    if content_type and content_type.split("/")[-1].replace("x-", "") in VECTOR:
        return content_type.split("/")[-1].replace("x-", "")
    return None


def _convert_vectors(blobs: dict[str, bytes], kinds: dict[str, str | None]) -> dict[str, tuple[bytes | None, str | None]]:
    """Convert EMF/WMF drawings to PNG with LibreOffice, all in one run; report what could not be done."""
    from builder.preview import locate_soffice

    soffice = locate_soffice()
    if soffice is None:
        return {d: (None, _("the picture is a drawing in the {format} format; install LibreOffice to convert it to PNG").format(
            format=(kinds[d] or "").upper())) for d in blobs}
    out: dict[str, tuple[bytes | None, str | None]] = {}
    work = Path(tempfile.mkdtemp(prefix="erfaring-import-"))
    try:
        names = {}
        for n, (digest, blob) in enumerate(blobs.items()):
            path = work / f"p{n}.{kinds[digest]}"
            path.write_bytes(blob)
            names[digest] = path
        profile = work / "profile"
        try:
            subprocess.run([soffice, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "png",
                            "--outdir", str(work / "png"), *(str(p) for p in names.values())],
                           capture_output=True, timeout=CONVERT_TIMEOUT, check=False)
        except (OSError, subprocess.SubprocessError):
            pass
        for digest, path in names.items():
            made = work / "png" / (path.stem + ".png")
            if not made.is_file():
                out[digest] = (None, _("LibreOffice could not convert the {format} drawing to PNG").format(
                    format=(kinds[digest] or "").upper()))
                continue
            data, _kind, problem = _prepare(Picture(made.read_bytes(), "image/png", 0))
            out[digest] = (data, problem)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out
