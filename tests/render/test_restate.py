"""One statement of each point: which texts only say again what is already on the page."""

from __future__ import annotations

from builder.render.handout import one_statement_each
from builder.render.restate import coverage, restates, same_word, words

SEVEN = ("Sju grunner til å ansette personer med egenerfaring: erfaring, kunnskap, rollemodeller, håp, "
         "utvidet perspektiv, å viske ut skillet mellom «dem» og «oss», og god kontakt.")


def test_words_ignore_case_punctuation_short_words_and_function_words_but_keep_numbers():
    assert words("Vi, og ALLE andre: 2018 – 50 % av 7 «Bergen»!") == {"2018", "50", "bergen"}


def test_inflected_forms_are_the_same_word_but_compounds_that_begin_alike_are_not():
    assert same_word("problemer", "problemene")
    assert same_word("ordvegg", "ordveggen")
    assert same_word("normal", "normalt")
    assert not same_word("erfaring", "erfaringskompetanse")
    assert not same_word("2001", "2006")


def test_a_paraphrase_restates_and_a_new_point_does_not():
    prose = "Vendepunktet er en periode eller et øyeblikk der personen får tilbake håpet om et annet liv."
    assert restates("Personen får tilbake håpet om et annet liv.", [prose])
    assert not restates("Hjelpere kan støtte et vendepunkt ved å lytte.", [prose])
    assert coverage("Ingen ord her", []) == 0.0


def test_a_text_identical_to_the_summary_is_shown_once():
    said = one_statement_each(SEVEN, [SEVEN], [], [], [])
    assert [said.summary, *said.prose].count(SEVEN) == 1


def test_key_points_the_prose_already_lists_are_left_out_and_new_ones_stay():
    prose = "Tilbud som ble nevnt: Fontenehuset, Psykiatrialliansen og Erfaringskafe."
    said = one_statement_each("Hvor du finner tilbud.", [prose], [], [],
                              ["Fontenehuset", "Psykiatrialliansen", "Spør fastlegen om et tilbud der du bor."])
    assert said.key_points == ("Spør fastlegen om et tilbud der du bor.",)


def test_a_key_point_that_repeats_a_quote_and_its_speaker_is_left_out():
    quote = "Denne boken bør alle som er opptatt av ytringsfrihet, varsling og varslervern lese. — Rolf Magnus Grung"
    said = one_statement_each("Et lesetips.", [], [quote], [], [
        "Rolf Magnus Grung anbefaler boka for alle som er opptatt av ytringsfrihet og varsling.",
        "«Det er ting vi ikke vet før vi har erfart dem.»",
    ])
    assert said.key_points == ("«Det er ting vi ikke vet før vi har erfart dem.»",)


def test_prose_that_only_narrates_the_facts_table_is_left_out_and_prose_with_more_stays():
    facts = ["2001 MB-programmet startet i Danmark", "2006 MB-programmet startet i Norge"]
    narrated = "MB-programmet startet i Danmark i 2001 og i Norge i 2006."
    more = "Programmet drives av tiltaksbedriften ALF AS, med NAV og Helse Bergen som samarbeidspartnere."
    said = one_statement_each("Om MB-programmet.", [narrated, more], [], facts, [])
    assert said.prose == (more,)


def test_a_summary_the_prose_says_at_more_length_gives_way_to_the_prose():
    summary = "Erfaringskonsulenten skal styrke brukerperspektivet og gi pasientene håp."
    prose = ("Erfaringskonsulenten skal styrke brukerperspektivet og brukermedvirkningen i tjenestene, "
             "gi pasientene håp og passe på at pasientens mål blir ivaretatt.")
    said = one_statement_each(summary, [prose], [], [], [])
    assert said.summary is None and said.prose == (prose,)


def test_prose_that_repeats_the_help_list_is_left_out():
    help_list = ["Legevakt: 116 117", "Kirkens SOS, døgnåpen: 22 40 00 40"]
    said = one_statement_each("Hvor du får hjelp.", ["Legevakt: 116 117. Kirkens SOS er døgnåpen: 22 40 00 40."],
                              [], [], [], help_list)
    assert said.prose == ()


def test_no_text_opens_by_repeating_the_module_heading():
    title = "Hvorfor ansette personer med egenerfaring?"
    said = one_statement_each(f"{title} Sju grunner, og en samtale om dem.", [], [], [],
                              ["Hvorfor ansette personer med egenerfaring", "Egen erfaring gir håp."], title=title)
    assert said.summary == "Sju grunner, og en samtale om dem."
    assert said.key_points == ("Egen erfaring gir håp.",)
