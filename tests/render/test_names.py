"""Proper names that the printed handout and manuscript never hyphenate."""

from __future__ import annotations

from builder.render.names import names_in, segments


def test_capitalised_words_inside_a_sentence_are_names_and_sentence_openers_are_not():
    names = names_in(["Filmprodusent Sofia Hauge deler erfaringer fra Bergen. Deretter snakker vi om håp."])
    assert {"Sofia", "Hauge", "Bergen"} <= names
    assert not {"Filmprodusent", "Deretter"} & names


def test_a_name_found_anywhere_is_protected_also_where_it_opens_a_sentence():
    names = names_in(["Mange jobber i Bergen.", "Bergen kommune har 40 ansatte."])
    assert segments("Bergen kommune har 40 ansatte.", names) == [("Bergen", True), (" kommune har 40 ansatte.", False)]


def test_the_people_of_quotes_and_double_names_are_names_also_where_they_open_a_sentence():
    names = names_in(["Alain Topor beskriver vendepunktet.", "Ann-Lill Grendah har Kreativ Frihet."], ["Alain Topor"])
    assert {"Alain", "Topor", "Ann-Lill"} <= names


def test_words_after_a_colon_question_mark_or_opening_quote_open_a_sentence():
    names = names_in(["Spørsmålet er: Hvem bestemmer? Normal er et ord.", "«Vendepunktet ser ut til å bestå»"])
    assert not {"Hvem", "Normal", "Vendepunktet"} & names


def test_segments_give_the_text_back_unchanged():
    text = "I magasinet deler Perka Skogseth veien til Lade behandlingssenter."
    names = names_in([text])
    assert "".join(piece for piece, _ in segments(text, names)) == text
    assert [piece for piece, is_name in segments(text, names) if is_name] == ["Perka", "Skogseth", "Lade"]


def test_a_camel_case_double_name_opening_a_sentence_after_an_abbreviation_is_a_name():
    # The magazine text of the MB deck: «AnnLill» opens a sentence and a bullet, and was hyphenated «Ann-/Lill».
    text = "Mads Bøhle er «magikeren» ved St. Olav. AnnLill Grendah har Kreativ Frihet på Second Life."
    names = names_in([text, "AnnLill Grendah har Kreativ Frihet på Second Life"])
    assert {"AnnLill", "Grendah", "Olav", "Bøhle"} <= names
    assert ("AnnLill", True) in segments(text, names)
    assert "YouTube" in names_in(["YouTube har filmen."])


def test_a_sentence_opener_followed_by_a_lower_case_word_stays_a_common_word():
    names = names_in(["Deretter snakker vi. Tallene viser noe."])
    assert not {"Deretter", "Tallene"} & names
