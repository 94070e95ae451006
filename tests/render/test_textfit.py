"""Tests for builder.render.textfit: does text fit its PowerPoint box?"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.render.textfit import (
    EMU_PER_PT,
    POWERPOINT_LINE_HEIGHT_EM,
    Box,
    FontBook,
    Para,
    measure,
    split_to_fit,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
FONT_DIRS = (REPO_ROOT / "assets" / "fonts", Path("/usr/share/fonts"))
INCH = 914400

# Wrapped by LibreOffice 7/24.x from a python-pptx deck (10 x 3 in text box,
# Calibri 24 pt, word wrap on, no autofit); every line ends at least 1.7 %
# short of the point where the next word would have fitted.
CALIBRATION_TEXT = (
    "Erfaringskompetanse er kunnskap som springer ut av egne erfaringer med psykiske "
    "helseutfordringer, rusbruk eller å være pårørende.",
    "Brukermedvirkningsprosessene i kommunen skal sikre at erfaringskonsulentstillingene "
    "får en tydelig plass i tjenesten.",
    "«Det var først da noen lyttet at jeg begynte å håpe» – sa en deltaker på samlingen i Tromsø.",
    "Kontakt oss på e-post eller telefon, så finner vi en løsning sammen med deg og dine nærmeste.",
    "Øvelse: Skriv ned tre ting som hjalp deg, og del dem med gruppen etter pausen.",
)
LIBREOFFICE_LINES = (
    ("Erfaringskompetanse er kunnskap som springer ut av egne erfaringer",
     "med psykiske helseutfordringer, rusbruk eller å være pårørende."),
    ("Brukermedvirkningsprosessene i kommunen skal sikre at",
     "erfaringskonsulentstillingene får en tydelig plass i tjenesten."),
    ("«Det var først da noen lyttet at jeg begynte å håpe» – sa en deltaker på",
     "samlingen i Tromsø."),
    ("Kontakt oss på e-post eller telefon, så finner vi en løsning sammen med",
     "deg og dine nærmeste."),
    ("Øvelse: Skriv ned tre ting som hjalp deg, og del dem med gruppen etter",
     "pausen."),
)


def _font_book(family: str) -> FontBook:
    for font_dir in FONT_DIRS:
        if font_dir.is_dir():
            try:
                return FontBook(font_dir, family)
            except FileNotFoundError:
                continue
    searched = ", ".join(str(d) for d in FONT_DIRS)
    pytest.skip(
        f"no {family} font files (e.g. {family.replace(' ', '')}-Regular.ttf) in {searched}; "
        "copy them into assets/fonts or install fonts-crosextra-carlito / fonts-liberation"
    )


@pytest.fixture(scope="module")
def carlito() -> FontBook:
    return _font_book("Carlito")


@pytest.fixture(scope="module")
def liberation_sans() -> FontBook:
    return _font_book("Liberation Sans")


def box(width_in: float = 10.0, height_in: float = 3.0, **kwargs: object) -> Box:
    return Box(width_emu=round(width_in * INCH), height_emu=round(height_in * INCH), **kwargs)  # type: ignore[arg-type]


def width(fonts: FontBook, text: str, size: float = 24.0, bold: bool = False) -> float:
    return fonts.text_width_emu(text, size, bold=bold)


def line_width(fonts: FontBook, text: str) -> int:
    """Return a box width whose line holds ``text`` at 24 pt and not much more."""
    return math.ceil(width(fonts, text) + 2 * 91440)


# --- fitting --------------------------------------------------------------


def test_short_text_fits(carlito: FontBook) -> None:
    result = measure([Para("Hva er erfaringskompetanse?", 24)], box(), carlito)
    assert result.fits
    assert result.lines == 1
    assert result.overflow_emu == 0
    assert result.broken_words == ()


def test_long_text_overflows_with_a_positive_overflow(carlito: FontBook) -> None:
    result = measure([Para(text, 24) for text in CALIBRATION_TEXT], box(), carlito)
    assert not result.fits
    assert result.overflow_emu > 0
    assert result.height_emu == box().text_height_emu + result.overflow_emu


def test_text_that_exactly_fills_the_box_still_fits(carlito: FontBook) -> None:
    lines = 5
    line = POWERPOINT_LINE_HEIGHT_EM * 24 * EMU_PER_PT
    exact = box(height_in=(lines * line + 2 * 45720) / INCH)
    paras = [Para("Linje", 24)] * lines
    assert measure(paras, exact, carlito).fits
    assert not measure(paras + [Para("En for mye", 24)], exact, carlito).fits


def test_an_empty_list_of_paragraphs_fits_in_no_height(carlito: FontBook) -> None:
    result = measure([], box(), carlito)
    assert result == measure([], box(), carlito)
    assert (result.fits, result.lines, result.height_emu, result.wrapped) == (True, 0, 0, ())


# --- widths ---------------------------------------------------------------


def test_norwegian_letters_are_wider_than_the_plain_letters_they_resemble(carlito: FontBook) -> None:
    assert width(carlito, "Håpløs") > width(carlito, "Hap")
    assert width(carlito, "æ") > width(carlito, "a")
    assert width(carlito, "Æ") > width(carlito, "A")


def test_norwegian_letters_and_punctuation_have_real_glyphs(carlito: FontBook) -> None:
    missing_glyph = width(carlito, "\ue000")  # a private-use code point Carlito lacks
    for ch in "æøåÆØÅ«»–":
        assert width(carlito, ch) > 0
        assert width(carlito, ch) != pytest.approx(missing_glyph), ch


def test_bold_text_is_wider_than_regular_text(carlito: FontBook) -> None:
    text = "Erfaringsbanken"
    assert width(carlito, text, bold=True) > width(carlito, text)


def test_width_scales_with_the_font_size(carlito: FontBook) -> None:
    assert width(carlito, "Mestring", 48) == pytest.approx(2 * width(carlito, "Mestring", 24), rel=1e-3)


def test_calibri_metrics_are_narrower_than_arial_metrics(
    carlito: FontBook, liberation_sans: FontBook
) -> None:
    # Calibri (Carlito) is a narrower face than Arial (Liberation Sans).
    text = "Brukermedvirkning i kommunale tjenester"
    assert width(carlito, text) < width(liberation_sans, text)


# --- wrapping -------------------------------------------------------------


def test_it_wraps_like_libreoffice_did_in_calibration(carlito: FontBook) -> None:
    result = measure([Para(text, 24) for text in CALIBRATION_TEXT], box(), carlito)
    assert result.wrapped == LIBREOFFICE_LINES
    assert result.lines == 10


def test_a_narrower_box_wraps_into_more_lines(carlito: FontBook) -> None:
    paras = [Para(text, 24) for text in CALIBRATION_TEXT]
    counts = [measure(paras, box(width_in=w), carlito).lines for w in (10, 7, 5, 3)]
    assert counts == sorted(counts)
    assert counts[0] < counts[-1]


def test_it_breaks_a_long_compound_word_that_is_wider_than_the_line(carlito: FontBook) -> None:
    word = "erfaringskonsulentstillingene"
    result = measure([Para(f"Om {word} i dag", 32)], box(width_in=3.0), carlito)
    (lines,) = result.wrapped
    assert result.broken_words == (word,)
    assert lines[0] == "Om"  # the long word starts on a fresh line
    assert "".join(lines[1:]).startswith(word)
    assert lines[1] != word


def test_a_word_that_fits_on_its_own_line_is_not_broken(carlito: FontBook) -> None:
    result = measure([Para("brukermedvirkningsprosessene", 24)], box(width_in=10), carlito)
    assert result.wrapped == (("brukermedvirkningsprosessene",),)
    assert result.broken_words == ()


def test_it_breaks_after_a_hyphen_inside_a_word(carlito: FontBook) -> None:
    narrow = Box(width_emu=line_width(carlito, "Les e-"), height_emu=INCH)
    assert measure([Para("Les e-post", 24)], narrow, carlito).wrapped == (("Les e-", "post"),)


def test_it_does_not_break_between_a_hyphen_and_a_digit(carlito: FontBook) -> None:
    narrow = Box(width_emu=line_width(carlito, "1990-"), height_emu=INCH)
    result = measure([Para("1990-2000", 24)], narrow, carlito)
    assert result.broken_words == ("1990-2000",)


def test_it_breaks_after_a_slash_between_words_but_not_between_digits(carlito: FontBook) -> None:
    narrow = Box(width_emu=line_width(carlito, "pårørendesamtaler"), height_emu=INCH)
    words = measure([Para("Pasientsamtaler/pårørendesamtaler", 24)], narrow, carlito)
    assert words.wrapped == (("Pasientsamtaler/", "pårørendesamtaler"),) and words.broken_words == ()
    digits = Box(width_emu=line_width(carlito, "24/"), height_emu=INCH)
    assert measure([Para("24/7", 24)], digits, carlito).broken_words == ("24/7",)


def test_a_non_breaking_space_keeps_words_together(carlito: FontBook) -> None:
    narrow = Box(width_emu=line_width(carlito, "ta med 200"), height_emu=INCH)
    plain = measure([Para("ta med 200 kr", 24)], narrow, carlito)
    glued = measure([Para("ta med 200\u00a0kr", 24)], narrow, carlito)
    assert plain.wrapped == (("ta med 200", "kr"),)
    assert glued.wrapped == (("ta med", "200\u00a0kr"),)


def test_an_explicit_line_break_starts_a_new_line(carlito: FontBook) -> None:
    result = measure([Para("Første linje\nAndre linje", 24)], box(), carlito)
    assert result.wrapped == (("Første linje", "Andre linje"),)
    assert result.lines == 2


def test_a_trailing_line_break_adds_an_empty_line(carlito: FontBook) -> None:
    assert measure([Para("Tekst\n", 24)], box(), carlito).wrapped == (("Tekst", ""),)


def test_an_empty_paragraph_still_takes_a_line(carlito: FontBook) -> None:
    result = measure([Para("", 24)], box(), carlito)
    assert result.lines == 1
    assert result.height_emu == round(POWERPOINT_LINE_HEIGHT_EM * 24 * EMU_PER_PT)


def test_trailing_spaces_do_not_push_a_line_over_the_edge(carlito: FontBook) -> None:
    exact = Box(width_emu=line_width(carlito, "Håp"), height_emu=INCH)
    assert measure([Para("Håp    ", 24)], exact, carlito).wrapped == (("Håp",),)


def test_a_soft_hyphen_is_invisible_unless_the_line_breaks_there(carlito: FontBook) -> None:
    text = "erfarings\u00adråd"
    wide = measure([Para(text, 24)], box(), carlito)
    narrow = Box(width_emu=line_width(carlito, "erfarings-"), height_emu=INCH)
    assert wide.wrapped == (("erfaringsråd",),)
    assert measure([Para(text, 24)], narrow, carlito).wrapped == (("erfarings-", "råd"),)


def test_deeper_levels_have_less_room(carlito: FontBook) -> None:
    indented = box(width_in=5, indent_emu_per_level=(0, INCH, 2 * INCH))
    text = CALIBRATION_TEXT[0]
    lines = [measure([Para(text, 24, level=level)], indented, carlito).lines for level in (0, 1, 2, 5)]
    assert lines[0] < lines[1] < lines[2] == lines[3]  # levels past the table reuse the last indent


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøåÆØÅ  -–\u00a0", max_size=120),
    width_in=st.floats(min_value=0.5, max_value=10),
)
def test_every_line_fits_and_no_text_is_lost(carlito: FontBook, text: str, width_in: float) -> None:
    narrow = box(width_in=width_in)
    (lines,) = measure([Para(text, 20)], narrow, carlito).wrapped
    for line in lines:
        assert len(line) <= 1 or carlito.text_width_emu(line, 20) <= narrow.text_width_emu(0)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


# --- heights --------------------------------------------------------------


def test_a_single_line_is_one_point_two_times_the_font_size(carlito: FontBook) -> None:
    result = measure([Para("Én linje", 24)], box(), carlito)
    assert result.height_emu == round(1.2 * 24 * EMU_PER_PT)


def test_font_metric_line_heights_come_from_the_font_tables(
    carlito: FontBook, liberation_sans: FontBook
) -> None:
    assert carlito.font_line_height_em() == pytest.approx(2500 / 2048)
    assert liberation_sans.font_line_height_em() == pytest.approx(2355 / 2048)
    by_metrics = FontBook(carlito.font_dir, "Carlito", line_height_em=None)
    assert by_metrics.line_height_emu(24) == pytest.approx(24 * EMU_PER_PT * 2500 / 2048)


def test_line_spacing_scales_the_height(carlito: FontBook) -> None:
    paras = [Para("En", 24), Para("To", 24)]
    single = measure(paras, box(), carlito).height_emu
    assert measure(paras, box(line_spacing=1.5), carlito).height_emu == pytest.approx(1.5 * single, abs=1)


def test_space_before_applies_to_every_paragraph_but_the_first(carlito: FontBook) -> None:
    paras = [Para("En", 24), Para("To", 24), Para("Tre", 24)]
    plain = measure(paras, box(), carlito).height_emu
    spaced = measure(paras, box(space_before_pt=6), carlito).height_emu
    assert spaced - plain == 2 * 6 * EMU_PER_PT


def test_space_after_applies_to_every_paragraph(carlito: FontBook) -> None:
    paras = [Para("En", 24), Para("To", 24), Para("Tre", 24)]
    plain = measure(paras, box(), carlito).height_emu
    spaced = measure(paras, box(space_after_pt=4), carlito).height_emu
    assert spaced - plain == 3 * 4 * EMU_PER_PT


# --- splitting ------------------------------------------------------------


def test_split_to_fit_returns_chunks_that_each_fit(carlito: FontBook) -> None:
    paras = [Para(text, 24) for text in CALIBRATION_TEXT * 3]
    chunks = split_to_fit(paras, box(), carlito)
    assert len(chunks) > 1
    assert all(measure(chunk, box(), carlito).fits for chunk in chunks)
    assert [p for chunk in chunks for p in chunk] == paras


def test_split_to_fit_keeps_text_that_fits_in_one_chunk(carlito: FontBook) -> None:
    paras = [Para("Kort", 24), Para("Også kort", 24)]
    assert split_to_fit(paras, box(), carlito) == [paras]


def test_split_to_fit_of_nothing_is_no_chunks(carlito: FontBook) -> None:
    assert split_to_fit([], box(), carlito) == []


def test_split_to_fit_gives_an_oversized_paragraph_its_own_chunk(carlito: FontBook) -> None:
    huge = Para(" ".join(CALIBRATION_TEXT), 24)
    paras = [Para("Innledning", 24), huge, Para("Avslutning", 24)]
    assert split_to_fit(paras, box(), carlito) == [[paras[0]], [huge], [paras[2]]]


def test_split_to_fit_keeps_a_child_with_its_parent(carlito: FontBook) -> None:
    four_lines = box(height_in=(4 * 1.2 * 24 * EMU_PER_PT + 2 * 45720) / INCH)
    paras = [
        Para("Første punkt", 24),
        Para("Andre punkt", 24),
        Para("Tredje punkt", 24),
        Para("Fjerde punkt", 24),
        Para("Underpunkt", 24, level=1),
    ]
    chunks = split_to_fit(paras, four_lines, carlito)
    assert chunks == [paras[:3], paras[3:]]


def test_split_to_fit_keeps_a_parent_with_its_first_child_in_a_long_family(carlito: FontBook) -> None:
    two_lines = box(height_in=(2 * 1.2 * 24 * EMU_PER_PT + 2 * 45720) / INCH)
    paras = [Para("Innledning", 24), Para("Overskrift", 24)] + [
        Para(f"Underpunkt {i}", 24, level=1) for i in range(4)
    ]
    chunks = split_to_fit(paras, two_lines, carlito)
    assert chunks == [[paras[0]], paras[1:3], paras[3:5], paras[5:]]


# --- determinism and validation ------------------------------------------


def test_results_are_deterministic(carlito: FontBook) -> None:
    paras = [Para(text, 24) for text in CALIBRATION_TEXT]
    fresh = FontBook(carlito.font_dir, "Carlito")
    assert measure(paras, box(width_in=4), carlito) == measure(paras, box(width_in=4), fresh)
    assert split_to_fit(paras, box(width_in=4), carlito) == split_to_fit(paras, box(width_in=4), fresh)


def test_font_book_rejects_a_directory_without_the_family(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="Carlito"):
        FontBook(tmp_path, "Carlito")


def test_font_book_rejects_a_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        FontBook(tmp_path / "finnes-ikke", "Carlito")


def test_a_box_without_room_for_text_is_an_error(carlito: FontBook) -> None:
    with pytest.raises(ValueError, match="level 0"):
        measure([Para("Tekst", 24)], Box(width_emu=100000, height_emu=INCH), carlito)


def test_a_paragraph_needs_a_positive_font_size() -> None:
    with pytest.raises(ValueError):
        Para("Tekst", 0)


# --- widths remembered between runs -----------------------------


def _remembering_book(name: str) -> FontBook:
    fonts = FontBook(REPO_ROOT / "assets" / "fonts", "Carlito")
    fonts.remember(name)
    return fonts


def test_widths_kept_by_one_run_are_read_back_exactly_without_measuring(monkeypatch: pytest.MonkeyPatch) -> None:
    paras = [Para(text, 24.0) for text in CALIBRATION_TEXT] + [Para("Fet overskrift", 28.0, bold=True)]
    first = _remembering_book("deck-a")
    measured = measure(paras, box(), first)
    first.keep()

    again = _remembering_book("deck-a")
    monkeypatch.setattr(FontBook, "font", lambda *args, **kwargs: pytest.fail("measured again"))
    assert measure(paras, box(), again) == measured
    assert again.text_width_emu("Fet overskrift", 28.0, bold=True) == first.text_width_emu(
        "Fet overskrift", 28.0, bold=True)


def test_widths_are_kept_per_name_and_a_damaged_entry_is_measured_again(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from builder import usercache
    from builder.render.textfit import WIDTHS_KIND

    first = _remembering_book("deck-a")
    expected = first.text_width_emu("Erfaringskompetanse", 24.0)
    first.keep()
    [entry] = (usercache.cache_dir() / WIDTHS_KIND).iterdir()
    measured: list[str] = []
    real = FontBook._width_emu

    def counting(self: FontBook, text: str, *args: object) -> float:
        measured.append(text)
        return real(self, text, *args)

    monkeypatch.setattr(FontBook, "_width_emu", counting)
    assert _remembering_book("deck-b").text_width_emu("Erfaringskompetanse", 24.0) == expected
    assert measured == ["Erfaringskompetanse"]  # another deck's widths are not this one's
    for damaged in (b"{not json", b'{"texts": ["x"], "sizes": [24.0], "widths": ["wide"]}'):
        entry.write_bytes(damaged)
        os.utime(entry)
        assert _remembering_book("deck-a").text_width_emu("Erfaringskompetanse", 24.0) == expected
    assert measured == ["Erfaringskompetanse"] * 3


def test_a_book_that_does_not_remember_writes_nothing() -> None:
    from builder import usercache
    from builder.render.textfit import WIDTHS_KIND

    fonts = FontBook(REPO_ROOT / "assets" / "fonts", "Carlito")
    measure([Para("Kort tekst", 24.0)], box(), fonts)
    fonts.keep()
    assert not (usercache.cache_dir() / WIDTHS_KIND).exists()
