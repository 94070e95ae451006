"""The studio's guard: only the person who started it, only from this machine, only on purpose.

One ASGI layer in front of every page and file, so that no route can forget a rule:

- the Host header must name this server (a web page elsewhere cannot reach it by pointing a
  domain name at 127.0.0.1: DNS rebinding);
- the first visit brings the random token printed by `erfaring studio`; it is swapped for a
  cookie (HttpOnly, SameSite=Strict) and the address without it, so the token does not stay in
  the address bar or the history;
- every request that changes something carries the CSRF token of the session (a header sent by
  htmx, or the `csrf` field of a plain form) and, when the browser says where it comes from,
  comes from this server;
- request bodies are size-limited before anything reads them;
- every response forbids inline script, outside origins, framing and content sniffing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from http import HTTPStatus
from urllib.parse import parse_qsl, urlencode

from builder.i18n import _

COOKIE = "erfaring_studio"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_FORM_BYTES = 1 << 20
MAX_UPLOAD_BYTES = 50 << 20

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # no-referrer would make the browser send «Origin: null» on form posts
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


def new_token() -> str:
    """A random token for the opening address (URL-safe, 256 bits)."""
    return secrets.token_urlsafe(32)


def csrf_token(token: str) -> str:
    """The CSRF token of a session: derived from its token, so it needs no server-side store."""
    return hmac.new(token.encode(), b"erfaring-studio-csrf", hashlib.sha256).hexdigest()


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host header values this server answers to."""
    names = {host, "127.0.0.1", "localhost"} if host in ("127.0.0.1", "localhost") else {host}
    if host in ("::1", "[::1]"):
        names = {"[::1]", "localhost"}
    return frozenset(f"{name}:{port}" for name in names) | (frozenset(names) if port == 80 else frozenset())


class Guard:
    """ASGI middleware that applies the rules in this module's docstring to every request."""

    def __init__(self, app, token: str, hosts: frozenset[str], max_upload: int = MAX_UPLOAD_BYTES):
        self.app = app
        self.token = token
        self.csrf = csrf_token(token)
        self.hosts = hosts
        self.max_upload = max_upload

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send)
        headers = _headers(scope)
        if headers.get("host", "").lower() not in self.hosts:
            await _refuse(send, HTTPStatus.MISDIRECTED_REQUEST,
                          _("The studio only answers at the address it printed itself."))
            return
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if not hmac.compare_digest(_cookie(headers.get("cookie", ""), COOKIE), self.token):
            if scope["method"] == "GET" and hmac.compare_digest(query.get("token", ""), self.token):
                await _enter(send, scope, query, self.token)
                return
            await _refuse(send, HTTPStatus.FORBIDDEN,
                          _("Open the studio with the link that `erfaring studio` printed (it is valid only while "
                            "this studio runs)."))
            return
        if scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        origin = headers.get("origin")
        if origin is not None and origin.split("://", 1)[-1].lower() not in self.hosts:
            await _refuse(send, HTTPStatus.FORBIDDEN, _("Changes can only be sent from the studio's own pages."))
            return
        limit = self.max_upload if "multipart/form-data" in headers.get("content-type", "") else MAX_FORM_BYTES
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _refuse(send, HTTPStatus.REQUEST_ENTITY_TOO_LARGE, _too_large(limit))
            return
        body = await _read_body(receive, limit)
        if body is None:
            await _refuse(send, HTTPStatus.REQUEST_ENTITY_TOO_LARGE, _too_large(limit))
            return
        sent = headers.get(CSRF_HEADER) or query.get(CSRF_FIELD) or _form_field(headers, body, CSRF_FIELD)
        if not sent or not hmac.compare_digest(sent, self.csrf):
            await _refuse(send, HTTPStatus.FORBIDDEN,
                          _("The change lacked the studio's check key. Load the page again and try once more."))
            return
        await self.app(scope, _replay(body), send)


def _too_large(limit: int) -> str:
    return _("What was sent is too large (over {size} MB).").format(size=limit // (1 << 20))


def _headers(scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _cookie(header: str, name: str) -> str:
    for part in header.split(";"):
        key, _sep, value = part.strip().partition("=")
        if key == name:
            return value
    return ""


def _form_field(headers: dict[str, str], body: bytes, name: str) -> str | None:
    if not headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return None
    return dict(parse_qsl(body.decode("utf-8", "replace"))).get(name)


async def _read_body(receive, limit: int) -> bytes | None:
    """The whole request body, or None when it grows beyond `limit` (a body without a length)."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def _replay(body: bytes):
    sent = False

    async def receive():
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _with_headers(send):
    async def sending(message):
        if message["type"] == "http.response.start":
            present = {k.lower() for k, _v in message.get("headers", [])}
            message = dict(message)
            message["headers"] = list(message.get("headers", [])) + [h for h in HEADERS if h[0] not in present]
        await send(message)

    return sending


async def _enter(send, scope, query: dict[str, str], token: str) -> None:
    """Swap the token in the address for a cookie, and go to the address without it."""
    rest = {k: v for k, v in query.items() if k != "token"}
    location = scope.get("path", "/") + ("?" + urlencode(rest) if rest else "")
    cookie = f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
    await send({"type": "http.response.start", "status": HTTPStatus.SEE_OTHER,
                "headers": [(b"location", location.encode("utf-8")), (b"set-cookie", cookie.encode()),
                            (b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})


async def _refuse(send, status: HTTPStatus, message: str) -> None:
    from html import escape

    body = ("<!doctype html><html lang=\"nb\"><meta charset=\"utf-8\"><title>Erfaringsbanken studio</title>"
            "<main><h1>" + escape(_("Not allowed")) + "</h1><p>" + escape(message) + "</p></main></html>").encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/html; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
