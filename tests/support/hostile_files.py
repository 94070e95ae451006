"""Hostile files for the hardening tests of issue 12 (families 3, 4, 5 and 8): made in the test, never stored.

- `bomb_template`: the tool's own template plus parts that truly inflate to gigabytes (a zip bomb),
  written by hand so that making it costs a few megabytes and a second, not gigabytes.
- `many_parts_template`, `ratio_template`: packages beyond the other bounds.
- `linked_template`: a template whose master and layout show pictures linked from outside the file
  (`r:link`, TargetMode="External": a local path and a web address) and carry a hyperlink.
- `padded_png`: a 10 × 10 picture in a file of hundreds of megabytes (sparse, so the disk is spared),
  or with a big text chunk inside the PNG itself.
"""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
STANDARD = REPO / "assets" / "templates" / "erfaring-standard.pptx"
MIB = 1024 * 1024


def _members(template: Path = STANDARD) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(template) as source:
        return [(info.filename, source.read(info.filename)) for info in source.infolist()]


def _zeros_stream(mib: int) -> tuple[bytes, int]:
    """Return a raw deflate stream that inflates to `mib` MiB of zeros, and the CRC-32 of those zeros.

    One MiB is compressed once, ending in a full flush (so it decodes on its own), and repeated;
    a final empty block closes the stream.
    """
    chunk = b"\0" * MIB
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(chunk, crc)
    return block * mib + b"\x03\x00", crc


def write_zip(target: Path, entries: list[tuple[str, bytes, int, int]]) -> None:
    """Write a zip of (name, raw deflate data, crc, unpacked size) entries, by hand (no zip64: sizes < 4 GiB)."""
    out = io.BytesIO()
    central = []
    for name, data, crc, size in entries:
        encoded = name.encode("utf-8")
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, 8, 0, 0x21, crc, len(data), size,
                              len(encoded), 0))
        out.write(encoded)
        out.write(data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x800, 8, 0, 0x21, crc, len(data),
                                   size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    for record in central:
        out.write(record)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    target.write_bytes(out.getvalue())


def _deflated(name: str, blob: bytes) -> tuple[str, bytes, int, int]:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return name, compressor.compress(blob) + compressor.flush(), zlib.crc32(blob), len(blob)


def bomb_template(target: Path, parts: int = 2, mib: int = 1024) -> Path:
    """Write the standard template plus `parts` parts of `mib` MiB of zeros each (2 GiB by default)."""
    entries = [_deflated(name, blob) for name, blob in _members()]
    stream, crc = _zeros_stream(mib)
    for number in range(parts):
        entries.append((f"ppt/media/image{900 + number}.png", stream, crc, mib * MIB))
    target.parent.mkdir(parents=True, exist_ok=True)
    write_zip(target, entries)
    return target


def many_parts_template(target: Path, extra: int = 6000) -> Path:
    """Write the standard template plus `extra` tiny parts: beyond the number of parts a package may hold."""
    entries = [_deflated(name, blob) for name, blob in _members()]
    entries += [_deflated(f"customXml/item{n}.xml", b"<a/>") for n in range(extra)]
    target.parent.mkdir(parents=True, exist_ok=True)
    write_zip(target, entries)
    return target


def ratio_template(target: Path, mib: int = 8) -> Path:
    """Write the standard template plus one part of `mib` MiB of zeros: small, but a thousand times its stored size."""
    entries = [_deflated(name, blob) for name, blob in _members()]
    stream, crc = _zeros_stream(mib)
    entries.append(("ppt/media/image999.png", stream, crc, mib * MIB))
    target.parent.mkdir(parents=True, exist_ok=True)
    write_zip(target, entries)
    return target


_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PIC = ('<p:pic><p:nvPicPr><p:cNvPr id="{id}" name="Linked {id}"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
        '<p:blipFill><a:blip r:{attr}/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
        '<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>')
_LINK_SP = ('<p:sp><p:nvSpPr><p:cNvPr id="{id}" name="Link {id}"><a:hlinkClick r:id="{rid}"/></p:cNvPr>'
            '<p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="91440" cy="91440"/>'
            '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:sp>')
_IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_LINK_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def _add_rel(rels: bytes, rid: str, reltype: str, target: str) -> bytes:
    rel = f'<Relationship Id="{rid}" Type="{reltype}" Target="{target}" TargetMode="External"/>'
    return rels.replace(b"</Relationships>", rel.encode() + b"</Relationships>")


def _add_shapes(xml: bytes, shapes: str) -> bytes:
    head, tail = xml.rsplit(b"</p:spTree>", 1)
    return head + shapes.encode() + b"</p:spTree>" + tail


def linked_template(target: Path, local: Path, url: str) -> Path:
    """Write the standard template with pictures linked from `local` (master) and `url` (first layout).

    The master also gets a picture that is both embedded and linked (`r:embed` + `r:link`) and a
    hyperlink to `url`; the layout gets a linked picture too. Nothing of it is inside the package.
    """
    members = dict(_members())
    master = "ppt/slideMasters/slideMaster1.xml"
    master_rels = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
    layout = "ppt/slideLayouts/slideLayout1.xml"
    layout_rels = "ppt/slideLayouts/_rels/slideLayout1.xml.rels"
    members[master_rels] = _add_rel(members[master_rels], "rId901", _IMAGE_REL, local.as_uri())
    members[master_rels] = _add_rel(members[master_rels], "rId902", _LINK_REL, url)
    members["ppt/media/image901.png"] = small_png()
    members[master_rels] = members[master_rels].replace(b"</Relationships>", (
        f'<Relationship Id="rId904" Type="{_IMAGE_REL}" Target="../media/image901.png"/>').encode()
        + b"</Relationships>")
    if b'Extension="png"' not in members["[Content_Types].xml"]:
        members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
            b"<Default ", b'<Default Extension="png" ContentType="image/png"/><Default ', 1)
    members[master] = _add_shapes(members[master],
                                  _PIC.format(id=901, attr='link="rId901"') + _LINK_SP.format(id=902, rid="rId902")
                                  + _PIC.format(id=904, attr='embed="rId904" r:link="rId901"'))
    members[layout_rels] = _add_rel(members[layout_rels], "rId903", _IMAGE_REL, url + "/logo.png")
    members[layout] = _add_shapes(members[layout], _PIC.format(id=903, attr='link="rId903"'))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in members.items():
            archive.writestr(name, blob)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(out.getvalue())
    return target


def external_references(pptx: bytes) -> list[str]:
    """Return every relationship of the package that points outside it, and every `r:link` left in its XML."""
    found = []
    with zipfile.ZipFile(io.BytesIO(pptx)) as archive:
        for name in archive.namelist():
            blob = archive.read(name)
            if name.endswith(".rels") and b'TargetMode="External"' in blob:
                found.append(name)
            if name.endswith(".xml") and re.search(rb"\s[A-Za-z0-9]+:link=\"", blob):
                found.append(name + " (r:link)")
    return found


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def small_png() -> bytes:
    """Return a valid 10 × 10 PNG."""
    raw = b"".join(b"\0" + b"\xff\x80\x00" * 10 for _ in range(10))
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 10, 10, 8, 2, 0, 0, 0))
            + _png_chunk(b"IDAT", zlib.compress(raw)) + _png_chunk(b"IEND", b""))


def padded_png(target: Path, total: int, inside: bool = False) -> Path:
    """Write a 10 × 10 PNG in a file of `total` bytes.

    `inside=False` pads after the picture's end (sparse: no disk is used); `inside=True` puts the
    padding in a text chunk before the pixels, where a PNG reader has to step over it.
    """
    png = small_png()
    if inside:
        header_end = 8 + 25
        filler = total - len(png) - 12 - len(b"Comment\0")
        chunk = _png_chunk(b"tEXt", b"Comment\0" + b"x" * max(filler, 0))
        target.write_bytes(png[:header_end] + chunk + png[header_end:])
    else:
        target.write_bytes(png)
        os.truncate(target, total)
    return target
