"""Files from elsewhere are opened safely: every bad kind gets a plain message, and nothing is parsed unbounded."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pytest
from pptx import Presentation

from builder.errors import UserError
from builder.importer import package
from builder.importer.package import open_presentation


def _deck(path, slides: int = 2):
    prs = Presentation()
    for n in range(slides):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = f"Lysbilde {n + 1}"
    prs.save(str(path))
    return path


def _message(path) -> str:
    with pytest.raises(UserError) as caught:
        open_presentation(path)
    return caught.value.message


@pytest.mark.lang("nb")
def test_each_kind_of_bad_file_gets_a_plain_norwegian_message(tmp_path):
    assert _message(tmp_path / "borte.pptx") == f"filen {tmp_path / 'borte.pptx'} finnes ikke"
    text = tmp_path / "notat.pptx"
    text.write_text("Dette er et notat, ikke en presentasjon.", encoding="utf-8")
    assert _message(text) == "notat.pptx er ikke en PowerPoint-fil"
    locked = tmp_path / "passord.pptx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    assert _message(locked) == "passord.pptx er beskyttet med passord (eller er en gammel .ppt-fil med et annet navn)"
    whole = _deck(tmp_path / "hel.pptx").read_bytes()
    half = tmp_path / "halv.pptx"
    half.write_bytes(whole[: len(whole) // 2])
    assert _message(half) == "halv.pptx er skadet eller ble ikke lastet ned helt"
    word = tmp_path / "brev.pptx"
    with zipfile.ZipFile(word, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert _message(word) == "brev.pptx er ikke en PowerPoint-presentasjon"


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    bomb = tmp_path / "bombe.pptx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p:presentation/>")
        archive.writestr("ppt/media/image1.png", b"\0" * (64 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    assert "unpacks to far more than a presentation holds" in _message(bomb)


def test_a_deck_of_thousands_of_slides_is_refused_plainly(tmp_path):
    huge = tmp_path / "stor.pptx"
    ids = "".join(f'<p:sldId id="{256 + n}" r:id="rId{n + 2}"/>' for n in range(5000))
    with zipfile.ZipFile(huge, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", f"<p:presentation><p:sldIdLst>{ids}</p:sldIdLst></p:presentation>")
    assert _message(huge) == "stor.pptx has 5000 slides; at most 2000 are imported at a time"


@pytest.mark.parametrize("suffix, content_type", [
    (".potx", "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"),
    (".ppsx", "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml"),
    (".pptm", "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"),
])
def test_templates_slide_shows_and_macro_decks_are_read_and_macros_dropped(tmp_path, suffix, content_type):
    plain = _deck(tmp_path / "vanlig.pptx")
    other = tmp_path / f"annen{suffix}"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(other, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
                                    content_type.encode())
            target.writestr(info, blob)
        target.writestr("ppt/vbaProject.bin", b"Sub AutoOpen()")
    data = open_presentation(other)
    assert [s.shapes.title.text for s in Presentation(io.BytesIO(data)).slides] == ["Lysbilde 1", "Lysbilde 2"]
    assert "ppt/vbaProject.bin" not in zipfile.ZipFile(io.BytesIO(data)).namelist()


@pytest.mark.lang("nb")
def test_an_old_ppt_without_libreoffice_says_how_to_save_it(tmp_path, monkeypatch):
    import builder.preview as preview

    monkeypatch.setattr(preview, "locate_soffice", lambda: None)
    old = tmp_path / "gammel.ppt"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(UserError) as caught:
        open_presentation(old)
    assert caught.value.message == "gammel.ppt er en gammel PowerPoint-fil eller en LibreOffice-fil, som ikke kan leses som den er"
    assert caught.value.hint == ("åpne den i PowerPoint eller LibreOffice og lagre den som .pptx (Fil → Lagre som), "
                                 "og ta inn den filen")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_an_odp_is_converted_with_libreoffice_when_it_is_there(tmp_path):
    source = _deck(tmp_path / "kilde.pptx")
    subprocess.run(["soffice", "--headless", "--convert-to", "odp", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    data = open_presentation(tmp_path / "kilde.odp")
    assert [s.shapes.title.text for s in Presentation(io.BytesIO(data)).slides] == ["Lysbilde 1", "Lysbilde 2"]
    assert not list(tmp_path.glob("erfaring-import-*"))
    assert package.MAX_SLIDES == 2000
