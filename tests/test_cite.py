"""The line under a quote: who said it and where the words were found, one rule for every output."""

from __future__ import annotations

from pathlib import Path

from builder import cite
from builder.model import Quote, Source

REPO = Path(__file__).resolve().parents[1]


def quote(by: str = "Alain Topor", role: str | None = "psykolog", page: str | None = None) -> Quote:
    return Quote(id="q", text="Vendepunktet.", by=by, role=role, source="s", page=page)


def source(authors: list[str], title: str = "Håp: Det lille ordet med den store betydningen", year: int | None = None,
           kind: str = "web") -> Source:
    return Source(id="s", type=kind, title=title, authors=authors, year=year)


def test_a_person_quoted_in_someone_elses_text_is_cited_as_quoted_there():
    assert cite.attribution(quote(), source(["Rob, S. B."])) == "— Alain Topor, psykolog (gjengitt i Rob, u.å.)"
    assert cite.attribution(quote(page="12"), source(["Rob, S. B."], year=2019)) == (
        "— Alain Topor, psykolog (gjengitt i Rob, 2019, s. 12)")


def test_a_secondary_source_names_its_authors_as_apa_does_in_the_text():
    assert cite.attribution(quote(role=None), source(["Rob, S. B.", "Berg, T."], year=2020)) == (
        "— Alain Topor (gjengitt i Rob & Berg, 2020)")
    assert cite.attribution(quote(role=None), source(["Rob, S. B.", "Berg, T.", "Dahl, K."])) == (
        "— Alain Topor (gjengitt i Rob et al., u.å.)")
    assert cite.attribution(quote(role=None), source(["Helsedirektoratet"], year=2021)) == (
        "— Alain Topor (gjengitt i Helsedirektoratet, 2021)")


def test_a_person_who_wrote_the_source_keeps_its_title_and_year():
    book = source(["Topor, A."], title="Fra patient til person", year=2003, kind="book")
    assert cite.attribution(quote(), book) == "— Alain Topor, psykolog (Fra patient til person, 2003)"
    assert cite.quote_source(quote(), book) == (cite.Run("Fra patient til person", italic=True), cite.Run(", 2003"))
    review = source(["Grung, R. M."], title="Denne boken bør alle lese", year=2020)
    assert cite.attribution(quote("Rolf Magnus Grung", "vernepleier.no"), review) == (
        "— Rolf Magnus Grung, vernepleier.no (Denne boken bør alle lese, 2020)")


def test_a_source_without_authors_keeps_its_title():
    magazine = source([], title="Psykisk helsemagasin", kind="magazine")
    assert cite.attribution(quote(role=None), magazine) == "— Alain Topor (Psykisk helsemagasin)"
    assert cite.attribution(quote("Psykisk helsemagasin", None), magazine) == "— Psykisk helsemagasin"


def test_who_counts_as_an_author():
    assert cite.quoted_is_author("Alain Topor", ["Topor, A."])
    assert cite.quoted_is_author("Dr. Alain Topor", ["Topor, A."])
    assert cite.quoted_is_author("Målfrid J Frahm Jensen", ["Frahm Jensen, M. J.", "Johansen, K. J."])
    assert cite.quoted_is_author("Psykisk helsemagasin", ["Psykisk  Helsemagasin"])
    assert cite.quoted_is_author("Alain Topor", ["Topor"])  # a surname alone
    assert not cite.quoted_is_author("Alain Topor", ["Rob, S. B."])
    assert not cite.quoted_is_author("Karl Jensen", ["Jensen, M."])  # the same surname, another person
    assert not cite.quoted_is_author("Kari Frahm", ["Frahm Jensen, M. J."])
    assert not cite.quoted_is_author("Alain Topor", ["Helsedirektoratet"])


def test_a_long_title_is_shortened_on_the_slide_and_whole_elsewhere():
    long = source(["Topor, A."], title="En svært lang tittel " * 5, kind="book")
    assert cite.attribution(quote(), long).endswith("…)")
    assert cite.plain(cite.quote_source(quote(), long)) == long.title


def test_the_real_topor_quote_is_cited_as_quoted_in_robs_article():
    from builder.library import load_library

    lib, _problems = load_library(REPO)
    topor = lib.quotes["topor-vendepunktet"]
    assert cite.attribution(topor, lib.sources[topor.source]) == "— Alain Topor, psykolog (gjengitt i Rob, u.å.)"


def test_a_source_titled_with_the_quote_itself_is_named_by_where_it_appeared():
    review = source(["Grung, R. M."], title="Denne boken bør alle som er opptatt av ytringsfrihet lese", year=2020,
                    kind="web")
    review = review.model_copy(update={"container": "vernepleier.no"})
    quote = Quote(id="q", text="Denne boken bør alle som er opptatt av ytringsfrihet lese.", by="Rolf Magnus Grung")
    assert "".join(r.text for r in cite.quote_source(quote, review)) == "vernepleier.no, 2020"
