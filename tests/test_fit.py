"""Text that does not fit is predicted from real font metrics; `split: auto` continues it."""

from __future__ import annotations

import datetime as dt

from pptx import Presentation

from builder.pipeline import build, check

TODAY = dt.date(2026, 11, 22)
LONG = [f"Punkt nummer {n}: erfaringskonsulenten bidrar med håp, kunnskap og et utvidet perspektiv" for n in range(14)]


def with_long_bullets(make_library, split: bool):
    root = make_library()
    module = root / "slides/modules/vendepunktet.yaml"
    bullets = "".join(f"      - \"{text}\"\n" for text in LONG)
    extra = "    split: auto\n" if split else ""
    module.write_text(module.read_text(encoding="utf-8") + f"  - kind: bullets\n    title: Mange punkter\n{extra}"
                      f"    notes: Bare på første side.\n    bullets:\n{bullets}", encoding="utf-8")
    return root


def test_text_that_does_not_fit_warns_with_file_and_line(make_library):
    root = with_long_bullets(make_library, split=False)
    built = build(root, today=TODAY, formats=["pptx"])
    overflow = [d for d in built.diagnostics if d.code == "text-overflow"]
    assert len(overflow) == 1
    assert str(overflow[0].location) == "slides/modules/vendepunktet.yaml:17:5"
    assert "«Mange punkter»: the body text does not fit its box" in overflow[0].message
    assert "split: auto" in overflow[0].hint


def test_split_auto_continues_bullets_on_forts_slides(make_library):
    root = with_long_bullets(make_library, split=True)
    built = build(root, today=TODAY, formats=["pptx"])
    assert [d.code for d in built.diagnostics if d.code.startswith("text-")] == []
    titles = [s.shapes.title.text_frame.text for s in Presentation(built.written[0]).slides]
    assert "Mange punkter" in titles and "Mange punkter (forts.)" in titles
    slides = Presentation(built.written[0]).slides
    texts = [p.text for s in slides if s.shapes.title.text_frame.text.startswith("Mange punkter")
             for p in s.placeholders[1].text_frame.paragraphs]
    assert [t.replace("\u00a0", " ") for t in texts] == LONG  # nothing lost, nothing repeated, order kept
    notes = [s.notes_slide.notes_text_frame.text for s in slides if s.has_notes_slide]
    assert notes.count("Bare på første side.") == 1


def test_a_long_compound_word_in_a_narrow_box_is_reported(make_library):
    root = make_library()
    facts = root / "slides/facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace(
        "text: MB startet i Norge", "text: Brukermedvirkningsprosessene erfaringskonsulentstillingene"),
        encoding="utf-8")
    built = build(root, today=TODAY, formats=["pptx"])
    assert "text-word-break" in {d.code for d in built.diagnostics}


def test_big_numbers_shrink_together_to_stay_on_one_line(make_library):
    from builder.fit import fit_plan
    from builder.render.pptx.template import font_dir, load_template

    root = make_library()
    facts = root / "slides/facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace('value: "2006"', 'value: "ca. 10–12 %"'),
                     encoding="utf-8")
    plan = check(root, today=TODAY).plan("forelesning")
    template, _ = load_template(root, None)
    fitted, problems = fit_plan(plan, template.geometry, font_dir(root, "Carlito"))
    sizes = dict(next(s for s in fitted.slides if s.kind == "facts").sizes)
    assert 30 <= sizes["value1"] < 60
    assert not [p for p in problems if "value1" in p.message]


def test_a_slightly_too_long_list_steps_down_a_size_instead_of_overflowing(make_library):
    root = make_library()
    module = root / "slides/modules/vendepunktet.yaml"
    bullets = "".join(f"      - \"{text}\"\n" for text in LONG[:6])
    module.write_text(module.read_text(encoding="utf-8") + "  - kind: bullets\n    title: Noen punkter\n"
                      f"    bullets:\n{bullets}", encoding="utf-8")
    built = build(root, today=TODAY, formats=["pptx"])
    assert [d.code for d in built.diagnostics if d.code.startswith("text-")] == []
    slide = next(s for s in Presentation(built.written[0]).slides if s.shapes.title.text == "Noen punkter")
    body = next(s for s in slide.placeholders if s.placeholder_format.idx != 0)
    sizes = {run.font.size.pt for p in body.text_frame.paragraphs for run in p.runs}
    assert len(sizes) == 1 and 18 <= sizes.pop() < 28  # the standard template's body is 28 pt


def _fitted(root, title: str):
    from builder.fit import fit_plan
    from builder.render.pptx.template import font_dir, load_template

    plan = check(root, today=TODAY).plan("forelesning")
    template, _ = load_template(root, None)
    fitted, problems = fit_plan(plan, template.geometry, font_dir(root, "Carlito"))
    return [s for s in fitted.slides if s.title.startswith(title)], problems


def test_a_list_of_words_too_wide_for_a_column_continues_instead_of_going_to_two_columns(make_library):
    from builder.fit import arrangement

    root = make_library()
    word = "Brukermedvirkningsprosesserfaringskonsulentstillingsutlysningene"
    items = [f"{word} {n}" for n in range(13)]
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8") + "  - kind: bullets\n    title: Lange ord\n    split: auto\n"
                      "    bullets:\n" + "".join(f"      - {item}\n" for item in items), encoding="utf-8")
    slides, _problems = _fitted(root, "Lange ord")
    assert len(slides) >= 2 and all(arrangement(s, "body").columns == 1 for s in slides)


def test_two_columns_put_the_taller_half_first_and_never_start_with_a_sub_point(make_library):
    from builder.fit import arrangement

    root = make_library()
    lines = "".join(f"      - Oppgave {n}\n" + ("      - [Detalj]\n" if n == 6 else "") for n in range(13))
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8") + "  - kind: bullets\n    title: Oppgaver\n    split: auto\n"
                      f"    bullets:\n{lines}", encoding="utf-8")
    [slide], problems = _fitted(root, "Oppgaver")
    arranged = arrangement(slide, "body")
    items = slide.content.items
    assert arranged.columns == 2 and items[arranged.column_break].level == 0
    assert arranged.column_break >= len(items) / 2
    assert not [p for p in problems if "Oppgaver" in p.message]


def test_a_reference_list_is_measured_with_its_hanging_indent():
    """Lines after a reference's first start half an inch in, as the renderer writes them, so they hold less."""
    from pathlib import Path

    from builder.fit import HANGING_EMU
    from builder.render import textfit

    fonts = textfit.FontBook(Path(__file__).resolve().parents[1] / "assets" / "fonts", "Carlito")
    reference = textfit.Para("Grung, R. M. (2020). Denne boken bør alle som er opptatt av ytringsfrihet, varsling og "
                             "varslervern lese. vernepleier.no. https://vernepleier.no/2020/06/denne-boken-bor-alle-"
                             "som-er-opptatt-av-ytringsfrihet-varsling-og-varslervern-lese/", 24.0)
    flush = textfit.Box(width_emu=10820400, height_emu=4480560)
    hanging = textfit.Box(width_emu=10820400, height_emu=4480560, hanging_emu=HANGING_EMU)
    [plain] = textfit.measure([reference], flush, fonts).wrapped
    [indented] = textfit.measure([reference], hanging, fonts).wrapped
    assert indented[0] == plain[0]  # the first line is as wide as before
    rest = hanging.text_width_emu(0) - HANGING_EMU
    assert all(fonts.text_width_emu(line, 24.0) <= rest for line in indented[1:])
    assert any(fonts.text_width_emu(line, 24.0) > rest for line in plain[1:])


def test_a_deck_fitted_again_with_its_remembered_widths_comes_out_the_same_without_measuring(make_library,
                                                                                               monkeypatch):
    """The widths the first fit measured are kept in the user cache; the second fit reads them back exactly."""
    import pytest

    from builder.fit import fit_plan
    from builder.pipeline import fitted_plan
    from builder.render import textfit
    from builder.render.pptx.template import font_dir

    root = with_long_bullets(make_library, split=True)
    checked = check(root, today=TODAY)
    first, template = fitted_plan(checked, root, "forelesning")
    assert any(slide.continued for slide in first.slides) and any(slide.sizes for slide in first.slides)

    monkeypatch.setattr(textfit.FontBook, "font", lambda *args, **kwargs: pytest.fail("measured again"))
    again, _problems = fit_plan(checked.plan("forelesning"), template.geometry,
                                font_dir(root, template.fonts.measure))
    assert again == first


def test_a_long_programme_shrinks_to_stay_on_one_slide(make_library):
    from pathlib import Path

    from builder.pipeline import fitted_plan

    root = make_library()
    deck = root / "slides" / "decks" / "forelesning.yaml"
    pauses = "".join(f"  - pause: 5\n    title: Pause {n}\n" for n in range(8))
    deck.write_text(deck.read_text(encoding="utf-8").replace("minutes: 20", "minutes: 90") + pauses, encoding="utf-8")
    plan, _template = fitted_plan(check(Path(root)), root, "forelesning")
    agenda = [s for s in plan.slides if s.kind == "agenda"]
    assert len(agenda) == 1 and len(agenda[0].content.rows) == 11  # module, 8 pauses, closing, end
    size = dict(agenda[0].sizes).get("body")
    assert size is not None and 18 <= size < 28
