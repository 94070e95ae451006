"""The deck composer and the text editor, through the studio's pages (no browser needed)."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from starlette.testclient import TestClient

from builder.pipeline import check
from builder.studio.app import create_app
from builder.studio.security import COOKIE, allowed_hosts, csrf_token

TOKEN = "c" * 43
CSRF = csrf_token(TOKEN)


@pytest.fixture
def library(make_library):
    root = make_library()
    # A second module, cleared only for staff, for the consent check.
    (root / "slides" / "modules" / "internt.yaml").write_text(
        "id: internt\ntitle: Bare for ansatte\nsummary: Internt stoff.\nminutes: 5\nconsent: internal\n"
        "slides:\n  - kind: bullets\n    title: Internt\n    bullets: [Et punkt]\n", encoding="utf-8")
    return root


def studio(root) -> TestClient:
    c = TestClient(create_app(root, TOKEN, allowed_hosts("127.0.0.1", 8765)), base_url="http://127.0.0.1:8765")
    c.cookies.set(COOKIE, TOKEN)
    return c


def form_of(html: str) -> list[tuple[str, str]]:
    """The fields a browser would send from the composer form (inputs, selected options)."""
    fields = []
    for tag in re.findall(r"<input\b[^>]*>", html):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            fields.append((unescape(name.group(1)), unescape(value.group(1)) if value else ""))
    for select in re.findall(r'<select[^>]*name="([^"]*)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', select[1]) or re.search(r'<option value="([^"]*)"', select[1])
        fields.append((select[0], unescape(chosen.group(1)) if chosen else ""))
    return fields


def post(c, fields, **extra):
    from urllib.parse import urlencode

    data = [f for f in fields if f[0] not in extra] + list(extra.items())
    return c.post("/sett-sammen", content=urlencode(data),
                  headers={"hx-request": "true", "content-type": "application/x-www-form-urlencoded"})


def test_composing_a_new_deck_shows_the_programme_and_a_consent_error_that_goes_away(library):
    c = studio(library)
    fields = form_of(c.get("/ny-presentasjon").text)
    fields = [f for f in fields if f[0] not in ("deck_id", "title", "audience")] + [
        ("deck_id", "apen-kveld"), ("title", "Åpen kveld"), ("audience", "hoyskole")]
    page = post(c, fields, action="add", add_module="vendepunktet").text
    assert "Vendepunktet" in page
    page = post(c, form_of(page), action="pause", pause_minutes="10").text
    page = post(c, form_of(page), action="add", add_module="internt").text
    errors = [d for d in check(library, overrides={"slides/decks/apen-kveld.yaml": _saved_text(library, page)}).errors]
    assert errors and all(d.format() in unescape(page) for d in errors)  # the CLI's words, word for word
    assert "consent-beyond-audience" in page
    page = post(c, form_of(page), action="remove:2").text
    assert "consent-beyond-audience" not in page
    assert re.search(r"Programmet varer \d+ av 90 minutter og slutter kl\. \d\d:\d\d", unescape(page))
    page = post(c, form_of(page), action="save").text
    assert "Lagret i" in page
    saved = (library / "slides" / "decks" / "apen-kveld.yaml").read_text(encoding="utf-8")
    assert "modules:\n  - vendepunktet\n  - pause: 10\n" in saved
    assert check(library).errors == []


def test_moving_a_module_in_an_existing_deck_keeps_the_files_comments(library):
    deck = library / "slides" / "decks" / "forelesning.yaml"
    deck.write_text("# Min kommentar\n" + deck.read_text(encoding="utf-8").replace(
        "  - vendepunktet\n", "  - vendepunktet  # først\n  - internt\n"), encoding="utf-8")
    c = studio(library)
    page = c.get("/presentasjon/forelesning/sett-sammen").text
    page = post(c, form_of(page), action="up:1").text
    assert 'autofocus' in page  # the moved line's button keeps the keyboard focus
    page = post(c, form_of(page), action="save").text
    text = deck.read_text(encoding="utf-8")
    assert text.startswith("# Min kommentar\n")
    assert "  - internt\n  - vendepunktet  # først\n" in text


def test_a_deck_changed_on_disk_is_not_overwritten_and_both_versions_are_shown(library):
    deck = library / "slides" / "decks" / "forelesning.yaml"
    c = studio(library)
    page = c.get("/presentasjon/forelesning/sett-sammen").text
    elsewhere = deck.read_text(encoding="utf-8").replace("minutes: 20", "minutes: 25")
    deck.write_text(elsewhere, encoding="utf-8")
    response = post(c, form_of(page), action="save", title="Endret i studioet")
    assert response.status_code == 409
    assert deck.read_text(encoding="utf-8") == elsewhere
    text = unescape(response.text)
    assert "Fila ble endret et annet sted" in text and "minutes: 25" in text and "Endret i studioet" in text


def test_two_tabs_saving_the_same_deck_the_second_is_refused(library):
    deck = library / "slides" / "decks" / "forelesning.yaml"
    first, second = studio(library), studio(library)
    page_one = first.get("/presentasjon/forelesning/sett-sammen").text
    page_two = second.get("/presentasjon/forelesning/sett-sammen").text
    assert post(first, form_of(page_one), action="save", title="Fra fane én").status_code == 200
    after_first = deck.read_text(encoding="utf-8")
    assert post(second, form_of(page_two), action="save", title="Fra fane to").status_code == 409
    assert deck.read_text(encoding="utf-8") == after_first


def test_a_new_deck_cannot_take_an_existing_id(library):
    c = studio(library)
    fields = [f for f in form_of(c.get("/ny-presentasjon").text) if f[0] not in ("deck_id", "title")]
    fields += [("deck_id", "forelesning"), ("title", "Ny")]
    page = post(c, fields, action="add", add_module="vendepunktet")
    response = post(c, form_of(page.text), action="save")
    assert response.status_code == 409
    assert "Det finnes alt en presentasjon med denne id-en" in unescape(response.text)


def test_editing_a_quote_saves_only_that_value_and_keeps_the_file(library):
    quotes = library / "quotes" / "topor.yaml"
    quotes.write_text("# Sitater fra Topor\n" + quotes.read_text(encoding="utf-8"), encoding="utf-8")
    c = studio(library)
    page = c.get("/rediger/sitat/topor-vendepunktet").text
    name = json.dumps(["quotes", 0, "text"])
    assert unescape(name) in unescape(page)
    base = re.search(r'name="base" value="([^"]*)"', page).group(1)
    response = c.post("/rediger/sitat/topor-vendepunktet",
                      data={"csrf": CSRF, "base": base, "action": "save", name: "Et nytt sitat."})
    assert response.status_code == 200 and "Lagret i" in response.text
    text = quotes.read_text(encoding="utf-8")
    assert text.startswith("# Sitater fra Topor\n") and "text: Et nytt sitat.\n" in text
    assert check(library).library.quotes["topor-vendepunktet"].text == "Et nytt sitat."


def test_an_edit_that_breaks_the_file_is_shown_next_to_the_field_and_not_saved(library):
    module = library / "slides" / "modules" / "vendepunktet.yaml"
    before = module.read_text(encoding="utf-8")
    c = studio(library)
    page = c.get("/rediger/modul/vendepunktet").text
    base = re.search(r'name="base" value="([^"]*)"', page).group(1)
    name = json.dumps(["title"])
    response = c.post("/rediger/modul/vendepunktet", data={"csrf": CSRF, "base": base, "action": "save", name: ""})
    assert response.status_code == 422
    assert module.read_text(encoding="utf-8") == before
    assert 'aria-invalid="true"' in response.text


def test_a_text_edit_on_a_file_changed_elsewhere_is_refused(library):
    quotes = library / "quotes" / "topor.yaml"
    c = studio(library)
    page = c.get("/rediger/sitat/topor-vendepunktet").text
    base = re.search(r'name="base" value="([^"]*)"', page).group(1)
    quotes.write_text(quotes.read_text(encoding="utf-8") + "\n# lagt til i et annet program\n", encoding="utf-8")
    changed = quotes.read_text(encoding="utf-8")
    response = c.post("/rediger/sitat/topor-vendepunktet", data={
        "csrf": CSRF, "base": base, "action": "save", json.dumps(["quotes", 0, "text"]): "Mitt nye sitat."})
    assert response.status_code == 409
    assert quotes.read_text(encoding="utf-8") == changed
    assert "Mitt nye sitat." in unescape(response.text)  # the user's text is still in the form


def _saved_text(root, page: str) -> str:
    """The text the composer would save for the form in `page` (through the same code as the page)."""
    from builder.studio import compose

    class Form(dict):
        def getlist(self, key):
            return [v for k, v in fields if k == key]

    fields = form_of(page)
    text, _why = compose.candidate(root, compose.from_form(Form(fields)))
    return text
