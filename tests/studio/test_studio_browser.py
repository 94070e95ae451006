"""The studio in a real browser: headless Chromium driven by Playwright, on a copy of the real library.

End to end as a lecturer would go: open with the token, browse, put a deck together from three
modules and a pause, see a consent error appear and go away, save, build, download the deck and
open it with python-pptx, edit a quote and see it in every deck that uses it. Each page is checked
with axe-core against WCAG 2.1 AA, and screenshots go to docs/studio/ when STUDIO_SCREENSHOTS is set.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "tests" / "fixtures" / "vendor" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = REPO / "docs" / "studio"
TOKEN = "b" * 43
pytestmark = [pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)"),
              pytest.mark.lang("nb")]


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("studio") / "bibliotek"
    for folder in ("slides", "quotes", "assets"):
        shutil.copytree(REPO / folder, root / folder)
    return root


@pytest.fixture(scope="module")
def server(library):
    import uvicorn

    from builder.studio.app import create_app
    from builder.studio.security import allowed_hosts

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(library, TOKEN, allowed_hosts("127.0.0.1", port))
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--lang=nb-NO"],
                                  env={**os.environ, "LANG": "nb_NO.UTF-8", "LANGUAGE": "nb"})
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900}, accept_downloads=True,
                                  locale="nb-NO")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.goto(f"/?token={TOKEN}")
    yield tab
    context.close()
    assert errors == [], errors  # no script errors, no CSP violations


def axe_violations(page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return r.violations.map(v => v.id + ': ' + v.help + ' (' + v.nodes.length + ')');
    }""")
    return result


def shoot(page, name: str, full: bool = True) -> None:
    if os.environ.get("STUDIO_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name), full_page=full, caret="initial")


def test_the_library_page_opens_with_the_token_and_is_accessible(page):
    assert page.url.endswith("/")  # the token is gone from the address
    assert page.get_by_role("heading", name="Biblioteket").is_visible()
    assert page.get_by_role("heading", name="Moduler").is_visible()
    assert page.locator("text=Alain Topor").first.is_visible()
    assert axe_violations(page) == []
    shoot(page, "bibliotek.png", full=False)


def test_search_shows_results_as_you_type(page):
    page.get_by_label("Søk i biblioteket").fill("håp")
    page.wait_for_selector(".results h2")
    assert "treff på «håp»" in page.locator(".results h2").inner_text()
    assert axe_violations(page) == []


def test_compose_a_deck_with_a_live_consent_error_then_save_and_build(page, library):
    from pptx import Presentation

    page.goto("/ny-presentasjon")
    page.get_by_label("Id (blir filnavnet)").fill("studio-proeve")
    page.get_by_label("Tittel", exact=True).fill("Prøveforelesning fra studioet")
    page.get_by_label("Målgruppe").select_option("publikum")
    for module in ("stigmaord", "vendepunktet", "hvorfor-ansette"):
        page.get_by_label("Modul", exact=True).select_option(module)
        page.get_by_role("button", name="Legg til modul").click()
        page.wait_for_selector(f"#programme li:has-text('{_title(library, module)}')")
    page.get_by_role("button", name="Legg til pause").click()
    page.wait_for_selector("#programme li.pause")
    # A module cleared only for staff (internal) in a deck for the open public: the error appears at once.
    page.get_by_label("Modul", exact=True).select_option("allmenn-dognavdeling")
    page.get_by_role("button", name="Legg til modul").click()
    page.wait_for_selector(".problems li.error")
    assert "consent" in page.locator(".problems").inner_text() or "samtykke" in page.locator(".problems").inner_text()
    assert axe_violations(page) == []
    shoot(page, "sett-sammen.png")
    page.get_by_role("button", name=f"Ta ut «{_title(library, 'allmenn-dognavdeling')}» av programmet").click()
    expect(page.locator(".problems li.error")).to_have_count(0)
    # Keyboard reordering: move the pause up with its button.
    rows = page.locator("#programme li")
    assert rows.count() == 4
    page.get_by_role("button", name="Flytt «Pause» opp").click()
    expect(page.locator("#programme li").nth(2)).to_have_class("pause")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_selector(".saved")
    saved = library / "slides" / "decks" / "studio-proeve.yaml"
    text = saved.read_text(encoding="utf-8")
    assert "modules:\n  - stigmaord\n  - vendepunktet\n  - pause: 15\n  - hvorfor-ansette\n" in text
    page.goto("/presentasjon/studio-proeve")
    page.get_by_role("button", name="Bygg presentasjonen").click()
    page.wait_for_selector("text=Ferdig", timeout=180_000)
    with page.expect_download() as download:
        page.get_by_role("link", name="Lysbildene (PowerPoint)").click()
    deck = Presentation(download.value.path())
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
    assert "Prøveforelesning fra studioet" in titles
    assert axe_violations(page) == []
    shoot(page, "lysbilder.png")


def test_edit_a_quote_and_see_it_in_every_deck_that_uses_it(page, library):
    from builder.pipeline import check

    checked = check(library)
    quote_id = "topor-vendepunktet" if "topor-vendepunktet" in checked.library.quotes else sorted(checked.library.quotes)[0]
    page.goto(f"/rediger/sitat/{quote_id}")
    field = page.get_by_label("Tekst", exact=True)
    new = field.input_value() + " (redigert i studioet)"
    field.fill(new)
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_selector(".saved")
    assert axe_violations(page) == []
    again = check(library)
    assert again.library.quotes[quote_id].text == new
    users = [p.deck.id for p in again.plans if any(getattr(s.content, "quote", None) is not None
                                                   and s.content.quote.id == quote_id for s in p.slides)]
    assert users, "the quote is shown in at least one deck"
    for plan in again.plans:
        if plan.deck.id in users:
            assert any(getattr(s.content, "quote", None) is not None and s.content.quote.text == new for s in plan.slides)


def _title(library: Path, module_id: str) -> str:
    from builder.pipeline import check

    return check(library).library.modules[module_id].title


def test_import_an_old_deck_by_upload(page, library):
    from builder.pipeline import check

    before = set(check(library).library.modules)
    page.goto("/importer")
    assert axe_violations(page) == []
    page.set_input_files("#fil", str(REPO / "tests" / "fixtures" / "import" / "pandoc-speaker-notes.pptx"))
    page.get_by_role("button", name="Ta inn").click()
    page.wait_for_selector("text=Tatt inn")
    new = set(check(library).library.modules) - before
    assert len(new) == 1
    page.get_by_role("link", name=next(iter(new))).click()
    page.wait_for_selector("h1")
    assert next(iter(new)) in page.content()
    assert axe_violations(page) == []
