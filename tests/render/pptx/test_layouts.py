"""Reading templates made elsewhere: every master's layouts, repaired idx values, LibreOffice's styles."""

from __future__ import annotations

from pathlib import Path

from builder.render.pptx.layouts import open_template, read_template

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "templates"


def read(name: str):
    return read_template((CORPUS / name).read_bytes())


def test_it_reads_the_layouts_of_every_slide_master():
    names = [layout.name for layout in read("pptx-automizer-slide-masters.pptx").layouts]
    assert "Nur Titel" in names and "Titelfolie orange text" in names  # the second master's own layout
    assert len(names) == len(set(names))


def test_placeholders_sharing_an_idx_get_their_own_numbers_and_the_title_keeps_its():
    layout = next(lay for lay in read("libreoffice-lights.pptx").layouts if lay.name == "Title, 2 Content")
    content = [p for p in layout.placeholders if not p.is_footer]
    assert [(p.type, p.idx, p.original_idx) for p in content] == [("title", 0, 0), ("obj", 4, 0), ("obj", 5, 0)]
    assert len({p.idx for p in layout.placeholders}) == len(layout.placeholders)


def test_the_renderer_sees_the_same_numbers_as_the_reader():
    prs, _ = open_template((CORPUS / "libreoffice-lights.pptx").read_bytes())
    layout = next(lay for lay in prs.slide_masters[0].slide_layouts if lay.name == "Title, 2 Content")
    assert [ph.placeholder_format.idx for ph in layout.placeholders][:3] == [0, 4, 5]


def test_colour_and_size_kept_only_on_libreoffice_sample_text_are_found():
    layout = next(lay for lay in read("libreoffice-lights.pptx").layouts if lay.name == "Title, Content")
    title = layout.title
    assert (title.colour, title.prompt_colour, title.unsized) == (None, "FFFFFF", True)
    assert title.box.levels[0].size_pt == 33.0


def test_a_background_drawn_as_a_gradient_shape_gives_every_stop():
    layout = next(lay for lay in read("libreoffice-lights.pptx").layouts if lay.name == "Title, Content")
    assert layout.backgrounds == ("000032", "F60063")


def test_a_vertical_text_layout_is_marked():
    layouts = {lay.name: lay for lay in read("pptx-automizer-slide-masters.pptx").layouts}
    assert layouts["Titel und vertikaler Text"].vertical and not layouts["Nur Titel"].vertical


def test_bullet_sizes_the_schema_refuses_are_replaced():
    prs, _ = open_template((CORPUS / "libreoffice-lights.pptx").read_bytes())
    xml = prs.slide_masters[0]._element.xml
    assert "buSzPct" not in xml and "buSzTx" in xml
