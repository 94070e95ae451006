"""The studio's library pages: what a lecturer browses, in the same words as `erfaring check`."""

from __future__ import annotations

from html import unescape

import pytest
from starlette.testclient import TestClient

from builder.pipeline import check
from builder.studio.app import create_app
from builder.studio.catalog import catalog
from builder.studio.search import matches, search
from builder.studio.security import COOKIE, allowed_hosts
from builder.summary import check_summary

TOKEN = "s" * 43


def studio(root) -> TestClient:
    c = TestClient(create_app(root, TOKEN, allowed_hosts("127.0.0.1", 8765)), base_url="http://127.0.0.1:8765")
    c.cookies.set(COOKIE, TOKEN)
    return c


@pytest.fixture
def library(make_library):
    return make_library()


def test_the_library_page_lists_every_kind_with_what_a_lecturer_needs(library):
    text = studio(library).get("/").text
    for expected in ("Moduler", "Presentasjoner", "Sitater", "Fakta", "Kilder",
                     "Vendepunktet", "Om vendepunktet.", "Minutter", "public",  # module: title, summary, minutes, consent
                     "Alain Topor",  # quote with attribution
                     "MB startet i Norge", "Gjaldt",  # fact with its date
                     "Brukes i", "/presentasjon/forelesning"):
        assert expected in text, expected


def test_the_verdict_is_the_one_check_prints(library):
    text = studio(library).get("/").text
    _state, line = check_summary(check(library))
    assert line in text


@pytest.mark.lang("nb")
def test_an_old_fact_shows_the_same_warning_as_check(library):
    facts = library / "slides" / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("as_of: 2026-01-01", "as_of: 2012-01-01"),
                     encoding="utf-8")
    warnings = [d for d in check(library).warnings if d.location.path == "slides/facts.yaml"]
    assert warnings, "the fixture must make check warn"
    page = unescape(studio(library).get("/faktum/mb-norge").text)
    for warning in warnings:
        assert warning.format() in page


def test_a_mistake_appears_at_the_module_it_is_in_and_goes_away_when_fixed(library):
    module = library / "slides" / "modules" / "vendepunktet.yaml"
    original = module.read_text(encoding="utf-8")
    module.write_text(original.replace("minutes: 10", "minutes: ti"), encoding="utf-8")
    c = studio(library)
    problem = [d for d in check(library).errors if d.location.path.endswith("vendepunktet.yaml")][0]
    assert problem.format() in unescape(c.get("/").text)
    module.write_text(original, encoding="utf-8")
    assert problem.format() not in unescape(c.get("/").text)  # read again: the file changed


def test_an_unknown_item_is_a_plain_norwegian_404(library):
    response = studio(library).get("/modul/finnes-ikke")
    assert response.status_code == 404
    assert "Finnes ikke" in response.text and "finnes-ikke" in response.text


def test_a_module_page_lists_its_slides(library):
    text = studio(library).get("/modul/vendepunktet").text
    assert "Lysbilder" in text and "Fakta om MB" in text and "Et bilde" in text


@pytest.mark.parametrize("query, text", [
    ("håp", "Det handler om håpet"),
    ("erfaringskonsulent", "Erfaringskonsulentene forteller"),
    ("stigma", "Stigmaord i hverdagen"),
    ("Vendepunkt", "vendepunktet"),
])
def test_search_finds_norwegian_word_forms(query, text):
    assert matches(query, text)


def test_search_needs_every_word():
    assert not matches("håp bok", "Det handler om håpet")
    assert not matches("", "alt")


def test_search_through_the_page_finds_quotes_and_modules(library):
    found = search(catalog(check(library)), "periode")
    assert [(e.kind, e.id) for e in found] == [("quote", "topor-vendepunktet")]
    c = studio(library)
    partial = c.get("/sok?q=vendepunktet", headers={"hx-request": "true"}).text
    assert "treff på «vendepunktet»" in partial and "<html" not in partial
    full = c.get("/sok?q=vendepunktet").text
    assert "<html" in full and "Alain Topor" in full



@pytest.mark.lang("nb")
def test_a_deck_whose_file_has_mistakes_shows_them_instead_of_not_found(library):
    deck = library / "slides" / "decks" / "forelesning.yaml"
    deck.write_text(deck.read_text(encoding="utf-8") + "rolle: foreleser\n", encoding="utf-8")
    problems = [d for d in check(library).errors if d.location.path == "slides/decks/forelesning.yaml"]
    assert problems
    c = studio(library)
    for address in ("/presentasjon/forelesning", "/presentasjon/forelesning/sett-sammen",
                    "/presentasjon/forelesning/endringer"):
        response = c.get(address)
        assert response.status_code == 422
        page = unescape(response.text)
        assert "må rettes først" in page and "Finnes ikke" not in page
        assert all(d.format() in page for d in problems)
