"""Pictures out of a deck: once per content, in formats PowerPoint reads, never a bomb."""

from __future__ import annotations

import io
import shutil
import struct
import zlib

import pytest
from PIL import Image

from builder.importer import images
from builder.importer.images import Picture, content_hash, extract


def picture(fmt: str, colour: str = "red", size=(6, 4)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=fmt)
    return out.getvalue()


def test_one_file_per_content_named_in_slide_order():
    png, jpeg, gif = picture("PNG"), picture("JPEG", "blue"), picture("GIF", "green")
    files = extract([Picture(jpeg, "image/jpeg", 4), Picture(png, "image/png", 2), Picture(png, "image/png", 7),
                     Picture(gif, "image/gif", 9)])
    assert [(f.name, f.slides, f.converted_from) for f in files] == [
        ("bilde-01.png", (2, 7), None), ("bilde-02.jpg", (4,), None), ("bilde-03.gif", (9,), None)]
    assert files[0].data == png and files[0].hash == content_hash(png)  # kept byte for byte


def test_tiff_becomes_png():
    [made] = extract([Picture(picture("TIFF"), "image/tiff", 1)])
    assert made.name == "bilde-01.png" and made.converted_from == "tiff"
    with Image.open(io.BytesIO(made.data)) as img:
        assert img.format == "PNG" and img.size == (6, 4)


def huge_png(width: int, height: int) -> bytes:
    """A tiny PNG file whose header claims `width` × `height` pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


def test_an_image_bomb_is_refused_not_decoded():
    [refused] = extract([Picture(huge_png(60_000, 60_000), "image/png", 3)])
    assert refused.name is None and refused.data is None
    assert "too large" in refused.problem


def test_bytes_that_are_no_picture_are_reported():
    [refused] = extract([Picture(b"not a picture", "image/png", 1)])
    assert refused.data is None and refused.problem == "the picture is not in a format that can be read"


EMF_HEADER = b"\x01\x00\x00\x00" + b"\x00" * 36 + b" EMF" + b"\x00" * 60


def test_a_windows_drawing_without_libreoffice_is_reported(monkeypatch):
    import builder.preview

    monkeypatch.setattr(builder.preview, "locate_soffice", lambda: None)
    [refused] = extract([Picture(EMF_HEADER, "image/x-emf", 2)])
    assert refused.data is None
    assert refused.problem == "the picture is a drawing in the EMF format; install LibreOffice to convert it to PNG"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_windows_drawing_becomes_png_with_libreoffice(tmp_path):
    import subprocess

    source = tmp_path / "prikk.png"
    source.write_bytes(picture("PNG", size=(40, 30)))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
                    "--convert-to", "emf", "--outdir", str(tmp_path), str(source)], capture_output=True, timeout=120)
    emf = tmp_path / "prikk.emf"
    if not emf.is_file():
        pytest.skip("this LibreOffice cannot write EMF to test with")
    assert images._vector_kind(emf.read_bytes(), None) == "emf"
    [made] = extract([Picture(emf.read_bytes(), "image/x-emf", 1)])
    assert made.name == "bilde-01.png" and made.converted_from == "emf"
    with Image.open(io.BytesIO(made.data)) as img:
        assert img.format == "PNG"
