"""Mistakes people really make in YAML get a hint that fits the mistake, in plain Norwegian (and English).

Each hint is checked word for word in Norwegian, and by code and place in English. The PyYAML wording
(«mapping values are not allowed» …) must never reach the user, whatever the mistake.
"""

from __future__ import annotations

import datetime as dt

import pytest

from builder.load import load_text
from builder.pipeline import check
from support.language import english_words

TODAY = dt.date(2026, 11, 22)

TYPOGRAPHIC_NB = (
    "  tips: disse anførselstegnene er en del av teksten og ikke tegn rundt den; sett rette anførselstegn \"…\" "
    "rundt hele teksten (du kan beholde «» inni)")
BACKSLASH_NB = ("  tips: skriv stier med vanlig skråstrek, for eksempel 'images/bilde.jpg', eller sett teksten i "
                "enkle anførselstegn '…'")


def formatted(text: str) -> list[str]:
    return [d.format() for d in load_text(text, "x.yaml")[1]]


def where(text: str) -> list[tuple[str, str]]:
    return [(d.code, str(d.location)) for d in load_text(text, "x.yaml")[1]]


def typographic_nb(line: int, col: int, mark: str) -> str:
    return (f"x.yaml:{line}:{col}: feil[yaml-syntax]: teksten begynner med anførselstegnet {mark}, som her regnes "
            f"som en vanlig bokstav, så ': ' inne i teksten blir misforstått\n" + TYPOGRAPHIC_NB)


# --- a. typographic quote marks used as if they were YAML quotes -------------------------------

TYPOGRAPHIC = {
    'id: x\ntitle: “Hva er: erfaringskompetanse?”\nminutes: 3\n': (2, 8, "“"),
    "id: x\ntitle: «Gal»: et ord\n": (2, 8, "«"),
    "id: x\ntitle: ‘Hva: er’\n": (2, 8, "‘"),
    # No YAML error here: the item silently becomes a field named «“Hei» with the value «du”».
    "bullets:\n  - “Hei: du”\n  - b\n": (2, 5, "“"),
}


@pytest.mark.lang("nb")
@pytest.mark.parametrize("text", TYPOGRAPHIC)
def test_typographic_quotes_are_explained_in_norwegian(text):
    assert formatted(text) == [typographic_nb(*TYPOGRAPHIC[text])]


@pytest.mark.parametrize("text", TYPOGRAPHIC)
def test_typographic_quotes_are_explained_in_english(text):
    line, col, mark = TYPOGRAPHIC[text]
    assert where(text) == [("yaml-syntax", f"x.yaml:{line}:{col}")]
    assert load_text(text, "x.yaml")[1][0].message.startswith(f"the text begins with the quote mark {mark}")


def test_typographic_quotes_without_a_colon_are_just_text():
    doc, problems = load_text("title: “Hva er erfaringskompetanse?”\ntext: «Håp»\n", "x.yaml")
    assert problems == [] and doc.data["title"] == "“Hva er erfaringskompetanse?”"


@pytest.mark.lang("nb")
def test_typographic_quotes_in_a_library_give_one_diagnostic(make_library):
    diagnostics = check(make_library("mistake-typographic-quotes"), today=TODAY).diagnostics
    assert [d.format() for d in diagnostics] == [
        "quotes/topor.yaml:3:11: feil[yaml-syntax]: teksten begynner med anførselstegnet “, som her regnes som en "
        "vanlig bokstav, så ': ' inne i teksten blir misforstått\n" + TYPOGRAPHIC_NB]


# --- b. backslashes of a Windows path inside "…" -----------------------------------------------

@pytest.mark.lang("nb")
def test_an_unknown_backslash_sign_in_a_path_is_explained():
    assert formatted('    image: "images\\kari.jpg"\n') == [
        "x.yaml:1:19: feil[yaml-syntax]: inne i \"…\" begynner en omvendt skråstrek et spesialtegn, og '\\k' er "
        "ikke et slikt tegn\n" + BACKSLASH_NB]
    assert formatted('image: "C:\\Users\\kari\\bilde.jpg"\n')[0].startswith(
        "x.yaml:1:11: feil[yaml-syntax]: inne i \"…\" begynner en omvendt skråstrek et spesialtegn, og '\\U' er")


@pytest.mark.lang("nb")
def test_a_backslash_that_silently_changes_a_path_is_an_error():
    # "\b" is a valid sign in "…" (backspace): without this check the path would change without a word.
    assert formatted('image: "images\\bilde.jpg"\n') == [
        "x.yaml:1:15: feil[yaml-escape]: '\\b' inne i \"…\" blir lest som et spesialtegn, ikke som en omvendt "
        "skråstrek og bokstaven 'b'\n" + BACKSLASH_NB]
    assert where('slides:\n  - image: "bilder\\nytt.png"\n') == [("yaml-escape", "x.yaml:2:19")]
    assert where('image: "C:\\temp\\foto.jpg"\n') == [("yaml-escape", "x.yaml:1:11")]


def test_backslash_mistakes_in_english():
    assert where('    image: "images\\kari.jpg"\n') == [("yaml-syntax", "x.yaml:1:19")]
    assert where('image: "images\\bilde.jpg"\n') == [("yaml-escape", "x.yaml:1:15")]
    assert load_text('image: "images\\bilde.jpg"\n', "x.yaml")[1][0].hint.startswith(
        "write paths with forward slashes")


def test_a_line_break_written_as_backslash_n_in_text_is_fine():
    doc, problems = load_text('text: "Linje 1\\nLinje 2"\nimage: \'images\\bilde.jpg\'\n', "x.yaml")
    assert problems == []
    assert doc.data == {"text": "Linje 1\nLinje 2", "image": "images\\bilde.jpg"}
    doc, problems = load_text('image: "C:\\\\temp\\\\bilde.jpg"\n', "x.yaml")  # backslashes written as \\
    assert problems == [] and doc.data == {"image": "C:\\temp\\bilde.jpg"}


@pytest.mark.lang("nb")
def test_a_windows_path_in_a_library_gives_one_diagnostic(make_library):
    diagnostics = check(make_library("mistake-windows-path"), today=TODAY).diagnostics
    assert [d.format() for d in diagnostics] == [
        "slides/modules/vendepunktet.yaml:15:19: feil[yaml-syntax]: inne i \"…\" begynner en omvendt skråstrek et "
        "spesialtegn, og '\\p' er ikke et slikt tegn\n" + BACKSLASH_NB]


# --- c. '-kind:' without a space after the dash ------------------------------------------------

DASH = {
    "slides:\n  - kind: bullets\n    title: A\n  -kind: quote\n    quote: b\n": (4, 3, "kind"),  # a YAML error
    "slides:\n  -kind: bullets\n    title: A\n": (2, 3, "kind"),  # a YAML error on line 3
    "slides:\n  -kind: bullets\n": (2, 3, "kind"),  # no YAML error: a field named '-kind'
    "modules:\n  -module: vendepunktet\n": (2, 3, "module"),
}


@pytest.mark.lang("nb")
@pytest.mark.parametrize("text", DASH)
def test_a_dash_without_a_space_is_explained_in_norwegian(text):
    line, col, word = DASH[text]
    assert formatted(text) == [
        f"x.yaml:{line}:{col}: feil[yaml-syntax]: '-{word}:' har ikke mellomrom etter bindestreken, så linjen blir "
        f"ikke lest som et punkt i listen\n  tips: sett et mellomrom etter bindestreken: '- {word}:'"]


@pytest.mark.parametrize("text", DASH)
def test_a_dash_without_a_space_is_explained_in_english(text):
    line, col, word = DASH[text]
    assert where(text) == [("yaml-syntax", f"x.yaml:{line}:{col}")]
    assert load_text(text, "x.yaml")[1][0].hint == f"put a space after the dash: '- {word}:'"


@pytest.mark.lang("nb")
def test_a_dash_without_a_space_in_a_library_gives_one_diagnostic(make_library):
    diagnostics = check(make_library("mistake-dash-without-space"), today=TODAY).diagnostics
    assert [d.format() for d in diagnostics] == [
        "slides/modules/vendepunktet.yaml:10:3: feil[yaml-syntax]: '-kind:' har ikke mellomrom etter bindestreken, "
        "så linjen blir ikke lest som et punkt i listen\n  tips: sett et mellomrom etter bindestreken: '- kind:'"]


# --- d. a non-breaking space after a colon (pasted from Word) ---------------------------------

HARD_SPACE = {
    "id: x\ntitle:\u00a0Tekst\nminutes: 3\n": (2, 7, "kolonet"),  # a confusing YAML error without the check
    "id: x\ntitle:\u00a0Tekst: mer\n": (2, 7, "kolonet"),  # no YAML error: one text «title: Tekst» as a field
    "slides:\n  - kind: quote\n    quote:\u00a0topor\n": (3, 11, "kolonet"),
    "slides:\n  -\u00a0kind: quote\n": (2, 4, "bindestreken"),
}


@pytest.mark.lang("nb")
@pytest.mark.parametrize("text", HARD_SPACE)
def test_a_hard_space_after_a_colon_is_found_in_norwegian(text):
    line, col, sign = HARD_SPACE[text]
    assert formatted(text) == [
        f"x.yaml:{line}:{col}: feil[yaml-invisible]: etter {sign} på linje {line} står et hardt mellomrom "
        f"(fra Word eller nettsider)\n  tips: bytt det med et vanlig mellomrom"]


@pytest.mark.parametrize("text", HARD_SPACE)
def test_a_hard_space_after_a_colon_is_found_in_english(text):
    line, col, _sign = HARD_SPACE[text]
    assert where(text) == [("yaml-invisible", f"x.yaml:{line}:{col}")]


def test_a_hard_space_inside_text_is_fine():
    doc, problems = load_text("summary: Merk:\u00a0dette gjelder kl.\u00a010\n", "x.yaml")
    assert problems == [] and doc.data["summary"] == "Merk:\u00a0dette gjelder kl.\u00a010"
    doc, problems = load_text("notes: |\n  Merk:\u00a0dette\n  -\u00a0et punkt\n", "x.yaml")
    assert problems == [] and doc.data["notes"] == "Merk:\u00a0dette\n-\u00a0et punkt\n"


# --- no PyYAML wording reaches a Norwegian reader ----------------------------------------------

BROKEN = [
    "a:\n  b: 1\n c: 2\n",  # did not find expected key
    "a:\n  - b\n  c: 1\n",  # did not find expected '-' indicator
    "- a\nb: c\n",
    "text: Vendepunktet: en periode\n",  # mapping values are not allowed
    "a: @x\n", "a: `x`\n",  # found character that cannot start any token
    "a: * viktig\n", "a: & viktig\n",  # alias/anchor without a name
    "a: [1, 2\nb: 3\n", "a: {b: 1\nc: 2\n",
    "a: | tekst\n",
    'a: "x\n', "a: 'x\n",
    "a: b\n%YAML 1.1\n",
    "a\nb: c\n",  # could not find expected ':'
    "a: b\n...\nc: d\n",
    "? a\n? b\n- c\n",
    "a: \ufffe\n",
    "a: !<tag:x> b\n",
    "a: [b, c]]\n",
    "a: b: c: d\n",
    "\"a\" b: c\n",
]

PYYAML_WORDS = ("mapping", "scalar", "token", "indicator", "stream", "expected", "block end", "while ")


@pytest.mark.lang("nb")
@pytest.mark.parametrize("text", BROKEN)
def test_yaml_errors_are_plain_norwegian(text):
    problems = load_text(text, "x.yaml")[1]
    assert problems, text
    for problem in problems:
        for part in (problem.message, problem.hint or ""):
            assert not english_words(part), f"{english_words(part)} in «{part}»"
            assert not any(w in part.lower() for w in PYYAML_WORDS), part


@pytest.mark.parametrize("text", BROKEN)
def test_yaml_errors_are_plain_english_too(text):
    for problem in load_text(text, "x.yaml")[1]:
        assert not any(w in problem.message.lower() for w in PYYAML_WORDS), problem.message


@pytest.mark.lang("nb")
def test_the_common_syntax_errors_read_plainly():
    assert formatted("a:\n  b: 1\n c: 2\n") == [
        "x.yaml:3:2: feil[yaml-syntax]: innrykket på denne linjen passer ikke med linjene over\n"
        "  tips: felt som hører sammen, må begynne rett under hverandre"]
    assert formatted("text: Vendepunktet: en periode\n") == [
        "x.yaml:1:19: feil[yaml-syntax]: et kolon der det ikke passer\n"
        "  tips: inneholder teksten ': ', så sett hele teksten i rette anførselstegn \"…\"; ellers sjekk innrykket "
        "på denne linjen"]
    assert formatted("a: @x\n") == [
        "x.yaml:1:4: feil[yaml-syntax]: tegnet '@' kan ikke stå først i en verdi\n"
        "  tips: sett hele teksten i rette anførselstegn \"…\""]
    assert formatted("a: [1, 2\nb: 3\n") == [
        "x.yaml:1:4: feil[yaml-syntax]: en '[' blir åpnet, men aldri lukket\n"
        "  tips: lukk den på samme linje, eller skriv listen som linjer som begynner med '- '"]


# --- schema messages name the place in plain words --------------------------------------------

@pytest.mark.lang("nb")
def test_a_missing_field_says_what_it_is_missing_from(make_library):
    root = make_library()
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("summary: Om vendepunktet.\n", ""), encoding="utf-8")
    deck = root / "slides/decks/forelesning.yaml"
    deck.write_text(deck.read_text(encoding="utf-8").replace("date: 2026-11-22\n", ""), encoding="utf-8")
    assert [d.format() for d in check(root, today=TODAY).errors] == [
        "slides/decks/forelesning.yaml:1:1: feil[missing-field]: feltet 'date' mangler i presentasjonen\n"
        "  tips: legg til en linje med 'date: …'",
        "slides/modules/vendepunktet.yaml:1:1: feil[missing-field]: feltet 'summary' mangler i modulen\n"
        "  tips: legg til en linje med 'summary: …'",
    ]


@pytest.mark.lang("nb")
def test_list_items_are_named_in_norwegian(make_library):
    root = make_library()
    module = root / "slides/modules/vendepunktet.yaml"
    text = module.read_text(encoding="utf-8")
    text = text.replace("    facts: [mb-norge]\n", "    facts: [mb-norge, []]\n").replace("minutes: 10\n", "minutes: ti\n")
    module.write_text(text, encoding="utf-8")
    assert [d.format() for d in check(root, today=TODAY).errors] == [
        "slides/modules/vendepunktet.yaml:4:10: feil[wrong-type]: 'minutes' må være et heltall, men er 'ti'",
        "slides/modules/vendepunktet.yaml:12:23: feil[wrong-type]: punkt 2 i 'facts' må være tekst, men er en liste",
    ]


@pytest.mark.lang("nb")
def test_model_checks_speak_norwegian(make_library):
    root = make_library()
    deck = root / "slides/decks/forelesning.yaml"
    deck.write_text(deck.read_text(encoding="utf-8").replace("minutes: 20\n", "minutes: 20\nstart: 9.15\nreveal: ja\n")
                    + "  - title: Pause\n", encoding="utf-8")
    assert [d.format() for d in check(root, today=TODAY).errors] == [
        "slides/decks/forelesning.yaml:6:8: feil[invalid-value]: 'start' må være et klokkeslett som 09:15, men er "
        "'9.15'",
        "slides/decks/forelesning.yaml:7:9: feil[wrong-type]: 'reveal' må være 'true' eller 'false', men er 'ja'\n"
        "  tips: skriv 'true' eller 'false' ('yes', 'no', 'on' og 'off' godtas ikke)",
        "slides/decks/forelesning.yaml:10:5: feil[invalid-value]: punkt 2 i 'modules' trenger enten 'module: <id>' "
        "eller 'pause: <minutes>'",
    ]


@pytest.mark.lang("nb")
def test_a_list_file_with_the_wrong_top_field_says_so(make_library):
    root = make_library()
    (root / "slides/facts.yaml").write_text("fakta:\n  - id: x\n", encoding="utf-8")
    (root / "slides/audiences.yaml").write_text("audiences:\n  - hoyskole\n", encoding="utf-8")
    lines = [d.format() for d in check(root, today=TODAY).diagnostics
             if d.location.path in ("slides/facts.yaml", "slides/audiences.yaml")]
    assert lines == [
        "slides/audiences.yaml:2:5: feil[wrong-type]: punkt 1 i 'audiences' må ha felt med 'navn: verdi' på hver "
        "linje",
        "slides/facts.yaml:1:1: feil[missing-field]: feltet 'facts' mangler i filen\n"
        "  tips: denne filen begynner med 'facts:' og deretter en liste (linjer som begynner med '- ')",
    ]
