"""Every rule of the studio's guard, tried from outside: each attempt is refused."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from builder.studio.app import create_app
from builder.studio.security import COOKIE, CSP, allowed_hosts, csrf_token

TOKEN = "t" * 43
BASE = "http://127.0.0.1:8765"


@pytest.fixture
def library(make_library):
    return make_library()


def client(root, **kwargs) -> TestClient:
    return TestClient(create_app(root, TOKEN, allowed_hosts("127.0.0.1", 8765)), base_url=BASE,
                      follow_redirects=False, **kwargs)


def entered(root) -> TestClient:
    c = client(root)
    c.cookies.set(COOKIE, TOKEN)
    return c


def test_the_opening_address_swaps_the_token_for_a_cookie(library):
    c = client(library)
    response = c.get("/?token=" + TOKEN)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert f"{COOKIE}={TOKEN}" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert c.get("/").status_code == 200


@pytest.mark.parametrize("address", ["/", "/?token=wrong", "/modul/vendepunktet", "/static/studio.css", "/sok?q=x"])
def test_without_the_token_nothing_is_shown(library, address):
    response = client(library).get(address)
    assert response.status_code == 403
    assert "Vendepunktet" not in response.text
    assert "erfaring studio" in response.text


def test_a_wrong_cookie_is_refused(library):
    c = client(library)
    c.cookies.set(COOKIE, "x" * 43)
    assert c.get("/").status_code == 403


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "127.0.0.1:9999", "localhost.evil.example:8765", ""])
def test_a_foreign_host_header_is_refused(library, host):
    response = entered(library).get("/", headers={"host": host})
    assert response.status_code == 421
    assert "Vendepunktet" not in response.text


def test_the_hosts_of_this_machine_are_answered(library):
    c = entered(library)
    for host in ("127.0.0.1:8765", "localhost:8765"):
        assert c.get("/", headers={"host": host}).status_code == 200


def test_a_change_without_the_csrf_token_is_refused(library):
    c = entered(library)
    assert c.post("/", data={"a": "b"}).status_code == 403
    assert c.post("/", data={"csrf": "wrong"}).status_code == 403
    assert c.post("/", headers={"x-csrf-token": "wrong"}).status_code == 403


def test_a_change_with_the_csrf_token_passes_the_guard(library):
    c = entered(library)
    # The guard lets it through; there is no such page to post to, so the app answers 404 or 405.
    assert c.post("/", headers={"x-csrf-token": csrf_token(TOKEN)}).status_code in (404, 405)
    assert c.post("/", data={"csrf": csrf_token(TOKEN)}).status_code in (404, 405)


def test_a_change_from_another_origin_is_refused(library):
    c = entered(library)
    response = c.post("/", headers={"x-csrf-token": csrf_token(TOKEN), "origin": "http://evil.example"})
    assert response.status_code == 403


def test_an_oversized_body_is_refused_before_it_is_read(library):
    c = entered(library)
    response = c.post("/", content=b"x" * ((1 << 20) + 1),
                      headers={"x-csrf-token": csrf_token(TOKEN), "content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413


@pytest.mark.parametrize("address", [
    "/modul/..%2F..%2F..%2Fetc%2Fpasswd",
    "/modul/../../etc/passwd",
    "/..%2Fslides%2Fmodules%2Fvendepunktet.yaml/x",
    "/static/..%2F..%2F..%2Fslides%2Fmodules%2Fvendepunktet.yaml",
    "/static/../app.py",
    "/sitat/%2e%2e%2f%2e%2e%2fquotes%2ftopor.yaml",
])
def test_a_path_in_any_parameter_reaches_no_file(library, address):
    response = entered(library).get(address)
    assert response.status_code == 404
    assert "id: vendepunktet" not in response.text and "import " not in response.text


def test_every_response_carries_a_strict_content_security_policy(library):
    c = entered(library)
    for address in ("/", "/modul/vendepunktet", "/finnes-ikke/x", "/static/studio.css"):
        response = c.get(address)
        policy = response.headers["content-security-policy"]
        assert policy == CSP
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "http" not in policy
        assert response.headers["x-frame-options"] == "DENY"
    assert client(library).get("/").headers["content-security-policy"] == CSP  # refusals too


def test_script_in_a_module_title_is_shown_as_text(library):
    module = library / "slides" / "modules" / "vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "title: Vendepunktet", 'title: "<script>alert(1)</script> Vendepunktet"'), encoding="utf-8")
    c = entered(library)
    for address in ("/", "/modul/vendepunktet", "/sok?q=vendepunktet"):
        text = c.get(address).text
        assert "<script>alert(1)</script>" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Vendepunktet" in text


def test_no_page_has_inline_script(library):
    import re

    text = entered(library).get("/").text
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", text, re.S)
    assert scripts and all(s.strip() == "" for s in scripts)
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", text)
