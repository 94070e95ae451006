"""Bringing in an old deck by upload, and carrying PowerPoint edits back, through the studio."""

from __future__ import annotations

import io
import zipfile
from html import unescape
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from builder.pipeline import build, check
from builder.studio.app import create_app
from builder.studio.security import COOKIE, allowed_hosts, csrf_token

TOKEN = "i" * 43
CSRF = csrf_token(TOKEN)
CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "import"


@pytest.fixture
def library(make_library):
    return make_library()


def studio(root) -> TestClient:
    c = TestClient(create_app(root, TOKEN, allowed_hosts("127.0.0.1", 8765)), base_url="http://127.0.0.1:8765")
    c.cookies.set(COOKIE, TOKEN)
    return c


def upload(c, name: str, data: bytes):
    return c.post(f"/importer?csrf={CSRF}", files={"fil": (name, data, "application/octet-stream")})


def test_an_uploaded_deck_becomes_a_draft_module(library):
    response = upload(studio(library), "notater.pptx", (CORPUS / "pandoc-speaker-notes.pptx").read_bytes())
    assert response.status_code == 200, response.text
    assert "Tatt inn" in response.text and "/modul/" in response.text
    checked = check(library)
    assert checked.errors == []
    assert len(checked.library.modules) == 2


def test_a_file_that_is_not_a_presentation_is_refused(library):
    response = upload(studio(library), "brev.docx", b"PK\x03\x04 not really")
    assert response.status_code == 415
    assert "er ikke en PowerPoint-fil" in unescape(response.text)
    assert len(check(library).library.modules) == 1


def test_a_zip_bomb_upload_is_refused_before_it_is_unpacked(library):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p:presentation/>")
        archive.writestr("ppt/media/image1.png", b"\0" * (64 * 1024 * 1024))
    assert len(bomb.getvalue()) < 1024 * 1024
    response = upload(studio(library), "bombe.pptx", bomb.getvalue())
    assert response.status_code == 422
    assert "unpacks to far more than a presentation holds" in unescape(response.text)
    assert len(check(library).library.modules) == 1


def test_an_oversized_upload_is_refused_before_it_is_read(library):
    from builder.studio import security

    app = create_app(library, TOKEN, allowed_hosts("127.0.0.1", 8765))
    app.max_upload = 1024  # the guard's limit, small here so the test needs no 50 MB
    c = TestClient(app, base_url="http://127.0.0.1:8765")
    c.cookies.set(COOKIE, TOKEN)
    response = upload(c, "stor.pptx", b"x" * 4096)
    assert response.status_code == 413
    assert security.MAX_UPLOAD_BYTES == 50 << 20


def test_an_upload_without_the_csrf_token_is_refused(library):
    c = studio(library)
    response = c.post("/importer", files={"fil": ("x.pptx", (CORPUS / "pandoc-speaker-notes.pptx").read_bytes())})
    assert response.status_code == 403
    assert len(check(library).library.modules) == 1


def test_changes_made_in_powerpoint_are_shown_and_carried_back(library):
    from pptx import Presentation

    build(library, formats=["pptx"])
    deck = library / "out" / "forelesning" / "forelesning.pptx"
    pres = Presentation(deck)
    for slide in pres.slides:
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text == "Fakta om MB":
                shape.text_frame.paragraphs[0].runs[0].text = "Fakta om MB-programmet"
    pres.save(deck)
    c = studio(library)
    page = unescape(c.get("/presentasjon/forelesning/endringer").text)
    assert "Fakta om MB-programmet" in page
    response = c.post("/presentasjon/forelesning/endringer", data={"csrf": CSRF})
    assert response.status_code == 200
    assert "Ført tilbake" in response.text
    module = (library / "slides" / "modules" / "vendepunktet.yaml").read_text(encoding="utf-8")
    assert "title: Fakta om MB-programmet" in module


def test_changes_without_a_built_deck_say_so_plainly(library):
    page = unescape(studio(library).get("/presentasjon/forelesning/endringer").text)
    assert "failed" in page and "Traceback" not in page
