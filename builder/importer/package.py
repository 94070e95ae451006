"""Open a presentation from elsewhere safely: any of PowerPoint's file kinds, never a bomb or a traceback.

Why a layer of its own: the file comes from anywhere (an e-mail, an old USB stick). Before
python-pptx parses anything we check what the file really is, refuse what cannot be read
with a plain message (a password-protected deck, a half-downloaded file, the old binary
.ppt), bound the work (total unpacked size, packing ratio, slide count) and hand on the
bytes of an ordinary .pptx: templates, slide shows and macro decks get the ordinary
presentation content type, and macros are dropped, never run or copied.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from builder.errors import UserError
from builder.i18n import _

READABLE = (".pptx", ".ppsx", ".potx", ".pptm", ".potm", ".ppsm")
CONVERTIBLE = (".ppt", ".pps", ".pot", ".odp")
MAX_FILE_BYTES = 300 * 1024 * 1024
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200  # a member that unpacks to more than this many times its packed size is a bomb
MAX_SLIDES = 2000
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE container: the old .ppt, or an encrypted .pptx
_MAIN = re.compile(rb"application/vnd\.ms-powerpoint\.(?:template|slideshow|presentation)\.macroEnabled\.main\+xml"
                   rb"|application/vnd\.openxmlformats-officedocument\.presentationml\.(?:template|slideshow)\.main\+xml")
_PRESENTATION = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


def open_presentation(path: Path) -> bytes:
    """Return the bytes of an ordinary .pptx holding the presentation at `path`, or raise a plain UserError."""
    path = Path(path)
    if not path.is_file():
        raise UserError(_("the file {path} does not exist").format(path=path),
                        _("check the name; put it in quotes if it has spaces: erfaring import \"Mitt foredrag.pptx\""))
    suffix = path.suffix.lower()
    if path.stat().st_size > MAX_FILE_BYTES:
        raise UserError(_("{name} is larger than {limit} MB and is not read").format(
            name=path.name, limit=MAX_FILE_BYTES // (1024 * 1024)),
            _("save a copy with smaller pictures (in PowerPoint: File → Compress Pictures)"))
    with path.open("rb") as handle:
        start = handle.read(8)
    if suffix in CONVERTIBLE:
        made = _converted(path)
        try:
            return open_presentation(made)
        finally:
            shutil.rmtree(made.parent, ignore_errors=True)
    if start == _OLE:
        raise UserError(_("{name} is protected with a password (or is an old .ppt file under another name)").format(
            name=path.name),
            _("open it in PowerPoint, remove the password (File → Info → Protect Presentation), "
              "save a copy as .pptx and import that"))
    if not start.startswith(b"PK"):
        raise UserError(_("{name} is not a PowerPoint file").format(name=path.name),
                        _("import a .pptx file (PowerPoint: File → Save As → PowerPoint Presentation)"))
    return _checked(path)


def _checked(path: Path) -> bytes:
    """Read the zip with bounds, make sure it is a presentation, and give it the ordinary content type."""
    damaged = UserError(_("{name} is damaged or was not downloaded completely").format(name=path.name),
                        _("download or copy it again, or open it in PowerPoint and save a new copy"))
    try:
        archive = zipfile.ZipFile(path)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise damaged from None
    unpacked = 0
    for member in members:
        unpacked += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if unpacked > MAX_UNPACKED_BYTES or (member.file_size > 10 * 1024 * 1024 and ratio > MAX_RATIO):
            raise UserError(_("{name} unpacks to far more than a presentation holds, and is not read").format(
                name=path.name), _("if it is a real presentation, save a copy from PowerPoint and import that"))
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or "ppt/presentation.xml" not in names:
        raise UserError(_("{name} is not a PowerPoint presentation").format(name=path.name),
                        _("import a .pptx file (PowerPoint: File → Save As → PowerPoint Presentation)"))
    try:
        presentation = archive.read("ppt/presentation.xml")
        slides = presentation.count(b"<p:sldId ")
        if slides > MAX_SLIDES:
            raise UserError(_("{name} has {count} slides; at most {limit} are imported at a time").format(
                name=path.name, count=slides, limit=MAX_SLIDES),
                _("split it into smaller presentations in PowerPoint and import them one by one"))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for member in members:
                if member.filename.lower().endswith("vbaproject.bin") or member.filename.endswith("/"):
                    continue  # macros are never run and never copied
                blob = archive.read(member.filename)
                if member.filename == "[Content_Types].xml":
                    blob = _MAIN.sub(_PRESENTATION, blob)
                target.writestr(member.filename, blob)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError, RuntimeError):
        # RuntimeError: an encrypted zip member; zlib errors arrive as zipfile.BadZipFile or ValueError
        raise damaged from None
    return out.getvalue()


def _converted(path: Path) -> Path:
    """Convert an old .ppt or an .odp to .pptx with LibreOffice, or say how to do it by hand."""
    from builder.preview import locate_soffice

    soffice = locate_soffice()
    if soffice is None:
        raise UserError(_("{name} is an old PowerPoint file or a LibreOffice file, which cannot be read as it is").format(
            name=path.name),
            _("open it in PowerPoint or LibreOffice and save it as .pptx (File → Save As), then import that file"))
    folder = Path(tempfile.mkdtemp(prefix="erfaring-import-"))
    try:
        subprocess.run([str(soffice), "--headless", "--convert-to", "pptx", "--outdir", str(folder), str(path)],
                       capture_output=True, timeout=300, check=False)
    except (OSError, subprocess.SubprocessError):
        pass
    made = folder / f"{path.stem}.pptx"
    if not made.is_file():
        shutil.rmtree(folder, ignore_errors=True)
        raise UserError(_("LibreOffice could not convert {name} to .pptx").format(name=path.name),
                        _("open it in PowerPoint or LibreOffice and save it as .pptx yourself, then import that"))
    return made
