"""Content accounting: every text of the plan is in the written deck, on its slide, inside the slide."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from builder.pipeline import check
from builder.render.pptx.accounting import account
from support.deck_xml import NS, paragraph, rendered, rewrite, shape_of, xpath

pytestmark = pytest.mark.lang("nb")  # the messages are asserted in Norwegian, the default language

TODAY = dt.date(2026, 11, 22)
REPO = Path(__file__).resolve().parents[3]
ORG = REPO / "tests" / "fixtures" / "template-organisasjon-4x3"
LOST_HINT = "malen mangler trolig en plassholder for dette; kjør `erfaring doctor` på malen"
BULLETS = "  - kind: bullets\n    title: Håp\n    bullets: [Håp, Tid, Håp]\n"


def remove(element: etree._Element) -> None:
    element.getparent().remove(element)


def place(shape: etree._Element, x: int, y: int, cx: int, cy: int) -> None:
    """Give a shape its own position, replacing whatever it had or inherited."""
    sp_pr = xpath(shape, "p:spPr")[0]
    for old in xpath(sp_pr, "a:xfrm"):
        remove(old)
    xfrm = etree.Element(f"{{{NS['a']}}}xfrm")
    etree.SubElement(xfrm, f"{{{NS['a']}}}off", x=str(x), y=str(y))
    etree.SubElement(xfrm, f"{{{NS['a']}}}ext", cx=str(cx), cy=str(cy))
    sp_pr.insert(0, xfrm)


def layout_part(pptx: bytes, slide: int) -> str:
    rels = etree.fromstring(zipfile.ZipFile(io.BytesIO(pptx)).read(f"ppt/slides/_rels/slide{slide}.xml.rels"))
    target = [r.get("Target") for r in rels if r.get("Type").endswith("/slideLayout")][0]
    return "ppt/" + target.removeprefix("../")


def deck_ids(root: Path) -> list[str]:
    ids = sorted(p.stem for p in (root / "slides" / "decks").glob("*.yaml"))
    assert ids
    return ids


def with_bullets(make_library) -> Path:
    root = make_library()
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8") + BULLETS, encoding="utf-8")
    return root


def on_organisation_template(root: Path) -> Path:
    target = root / "assets" / "templates"
    target.mkdir(parents=True, exist_ok=True)
    for name in ("organisasjon.pptx", "organisasjon.layouts.yaml"):
        shutil.copy(ORG / name, target / name)
    for deck in (root / "slides" / "decks").glob("*.yaml"):
        lines = [line for line in deck.read_text(encoding="utf-8").splitlines() if not line.startswith("template:")]
        deck.write_text("\n".join(lines) + "\ntemplate: organisasjon.pptx\n", encoding="utf-8")
    return root


def test_a_clean_render_of_the_minimal_library_loses_nothing(make_library):
    plan, pptx = rendered(with_bullets(make_library))
    assert account(plan, pptx) == []


def test_a_clean_render_on_the_organisation_template_loses_nothing(make_library):
    plan, pptx = rendered(on_organisation_template(with_bullets(make_library)))
    assert account(plan, pptx) == []


def test_every_deck_of_the_real_library_loses_nothing():
    for deck in deck_ids(REPO):
        plan, pptx = rendered(REPO, deck)
        start = time.perf_counter()
        problems = account(plan, pptx)
        print(f"account({deck}, {len(plan.slides)} slides): {(time.perf_counter() - start) * 1000:.1f} ms")
        assert problems == [], [p.format() for p in problems]


def test_the_real_library_on_the_organisation_template_loses_nothing(tmp_path):
    root = tmp_path / "bibliotek"
    for folder in ("slides", "quotes", "assets"):
        shutil.copytree(REPO / folder, root / folder)
    on_organisation_template(root)
    for deck in deck_ids(root):
        plan, pptx = rendered(root, deck)
        assert account(plan, pptx) == [], deck


def test_a_removed_bullet_is_lost_even_when_the_same_words_are_on_the_slide_twice_more(make_library):
    plan, pptx = rendered(with_bullets(make_library))
    tampered = rewrite(pptx, "ppt/slides/slide6.xml", lambda root: remove(xpath(root, "//a:p[.//a:t='Håp']")[-1]))
    [problem] = account(plan, tampered)
    assert problem.code == "content-lost"
    assert problem.message == "lysbilde 6 «Håp»: teksten «Håp» kom ikke med i PowerPoint-filen"
    assert str(problem.location) == "slides/modules/vendepunktet.yaml:17:5"
    assert problem.hint == LOST_HINT


def test_an_emptied_fact_caption_is_reported_with_the_slide_and_its_yaml_line(make_library):
    plan, pptx = rendered(make_library())

    def empty(root):
        xpath(paragraph(root, "MB startet i Norge"), ".//a:t")[0].text = ""

    [problem] = account(plan, rewrite(pptx, "ppt/slides/slide4.xml", empty))
    assert problem.format() == (
        "slides/modules/vendepunktet.yaml:10:5: feil[content-lost]: lysbilde 4 «Fakta om MB»: teksten "
        "«MB startet i Norge» kom ikke med i PowerPoint-filen\n  tips: " + LOST_HINT)


def test_a_removed_quote_attribution_is_reported_as_lost(make_library):
    plan, pptx = rendered(make_library())
    attribution = plan.slides[2].content.attribution  # «— Alain Topor (…)», as cite.py writes it
    tampered = rewrite(pptx, "ppt/slides/slide3.xml", lambda root: remove(shape_of(root, attribution)))
    assert [p.message for p in account(plan, tampered)] == [
        f"lysbilde 3 «Sitat: Alain Topor»: teksten «{attribution}» kom ikke med i PowerPoint-filen"]


def test_a_long_lost_text_is_shortened_in_the_message(make_library):
    plan, pptx = rendered(make_library())
    quote = "«Vendepunktet ser ut til å bestå av en periode eller et øyeblikk i\u00a0livet.»"
    [problem] = account(plan, rewrite(pptx, "ppt/slides/slide3.xml", lambda root: remove(paragraph(root, quote))))
    assert problem.message == ("lysbilde 3 «Sitat: Alain Topor»: teksten «Vendepunktet ser ut til å bestå av en "
                               "periode eller et…» kom ikke med i PowerPoint-filen")


def test_text_moved_into_another_placeholder_or_a_plain_text_box_still_counts(make_library):
    plan, pptx = rendered(make_library())
    text = plan.slides[2].content.attribution

    def redraw(root):
        attribution = shape_of(root, text)
        quote = shape_of(root, "«Vendepunktet ser ut til å bestå av en periode eller et øyeblikk i\u00a0livet.»")
        xpath(quote, "p:txBody")[0].append(paragraph(root, text))
        remove(attribution)
        title = shape_of(root, "Sitat: Alain Topor")
        remove(xpath(title, "p:nvSpPr/p:nvPr/p:ph")[0])
        place(title, 0, 0, 914400, 914400)

    assert account(plan, rewrite(pptx, "ppt/slides/slide3.xml", redraw)) == []


def test_text_in_a_table_counts(make_library):
    plan, pptx = rendered(make_library())
    lines = ["09:00\tVendepunktet (10 min)", "09:10\tAvslutning og spørsmål (10 min)", "09:20\tSlutt"]

    def as_table(root):
        body = shape_of(root, lines[0])
        rows = "".join(f'<a:tr h="370840"><a:tc><a:txBody><a:bodyPr/><a:p><a:r><a:t>{line}</a:t></a:r></a:p>'
                       '</a:txBody></a:tc></a:tr>' for line in lines)
        body.addnext(etree.fromstring(
            f'<p:graphicFrame xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}"><p:nvGraphicFramePr><p:cNvPr id="90" '
            'name="Program"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="685800" '
            'y="1600200"/><a:ext cx="6096000" cy="741680"/></p:xfrm><a:graphic><a:graphicData '
            'uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblGrid><a:gridCol w="6096000"/>'
            f'</a:tblGrid>{rows}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>'))
        remove(body)

    assert account(plan, rewrite(pptx, "ppt/slides/slide2.xml", as_table)) == []


def test_line_breaks_and_soft_hyphens_added_by_the_renderer_still_count(make_library):
    plan, pptx = rendered(make_library())

    def rebreak(root):
        para = paragraph(root, "MB startet i Norge")
        run = xpath(para, "a:r")[0]
        xpath(run, "a:t")[0].text = "MB startet"
        second = etree.fromstring(etree.tostring(run))
        xpath(second, "a:t")[0].text = "i Nor\u00adge"
        run.addnext(second)
        run.addnext(etree.Element(f"{{{NS['a']}}}br"))

    assert account(plan, rewrite(pptx, "ppt/slides/slide4.xml", rebreak)) == []


def test_a_placeholder_its_layout_does_not_have_is_reported_as_having_no_place(make_library):
    plan, pptx = rendered(make_library())

    def orphan(root):
        shape = shape_of(root, "MB startet i Norge")
        xpath(shape, ".//p:ph")[0].set("idx", "99")
        remove(xpath(shape, "p:spPr/a:xfrm")[0])

    [problem] = account(plan, rewrite(pptx, "ppt/slides/slide4.xml", orphan))
    assert problem.code == "content-off-slide"
    assert problem.message == ("lysbilde 4 «Fakta om MB»: teksten «MB startet i Norge» har ingen sikker plass på "
                               "lysbildet (formen har ingen egen plassering og arver ingen fra oppsettet)")


def test_a_footer_repeating_the_title_is_not_taken_for_the_title(make_library):
    plan, pptx = rendered(make_library())

    def footer_first(root):
        footer = xpath(root, "//p:sp[.//p:ph/@type='ftr']")[0]
        xpath(footer, ".//a:t")[0].text = "Fakta om MB"
        place(footer, -1000000, 6300000, 6000000, 300000)
        xpath(root, "//p:spTree/p:grpSpPr")[0].addnext(footer)

    assert account(plan, rewrite(pptx, "ppt/slides/slide4.xml", footer_first)) == []


def test_a_shape_moved_left_of_the_slide_is_reported_off_slide(make_library):
    plan, pptx = rendered(make_library())
    tampered = rewrite(pptx, "ppt/slides/slide4.xml",
                       lambda root: place(shape_of(root, "2006"), -431800, 1920240, 2844800, 1051560))
    [problem] = account(plan, tampered)
    assert problem.code == "content-off-slide"
    assert problem.message == "lysbilde 4 «Fakta om MB»: teksten «2006» havner utenfor lysbildet (x = -1,2 cm)"
    assert str(problem.location) == "slides/modules/vendepunktet.yaml:10:5"
    assert "«Fakta»" in problem.hint


def test_a_shape_past_the_right_edge_is_reported_once_with_the_edge_and_the_slide_width(make_library):
    plan, pptx = rendered(make_library())
    tampered = rewrite(pptx, "ppt/slides/slide4.xml",
                       lambda root: place(shape_of(root, "MB startet i Norge"), 10800000, 1691640, 3393440, 4389120))
    assert [p.message for p in account(plan, tampered)] == [
        "lysbilde 4 «Fakta om MB»: teksten «MB startet i Norge» havner utenfor lysbildet "
        "(høyre kant ved 39,4 cm, lysbildet er 33,9 cm bredt)"]


def test_a_placeholder_without_a_place_of_its_own_is_checked_where_its_layout_puts_it(make_library):
    plan, pptx = rendered(make_library())
    layout = layout_part(pptx, 4)
    tampered = rewrite(pptx, layout, lambda root: xpath(root, "//p:sp[.//p:ph/@type='title']//a:off")[0].set(
        "y", "-720000"))
    assert [p.message for p in account(plan, tampered)] == [
        "lysbilde 4 «Fakta om MB»: teksten «Fakta om MB» havner utenfor lysbildet (y = -2,0 cm)"]


def test_a_layout_placeholder_without_a_place_falls_back_to_the_master(make_library):
    plan, pptx = rendered(make_library())
    tampered = rewrite(pptx, layout_part(pptx, 4),
                       lambda root: remove(xpath(root, "//p:sp[.//p:ph/@type='title']/p:spPr/a:xfrm")[0]))
    tampered = rewrite(tampered, "ppt/slideMasters/slideMaster1.xml",
                       lambda root: xpath(root, "//p:sp[.//p:ph/@type='title']//a:off")[0].set("x", "-360000"))
    assert [p.message for p in account(plan, tampered)] == [
        "lysbilde 4 «Fakta om MB»: teksten «Fakta om MB» havner utenfor lysbildet (x = -1,0 cm)"]


def test_text_inside_a_group_is_found_and_placed_through_the_group(make_library):
    plan, pptx = rendered(make_library())

    def group(root):
        shape = shape_of(root, "2006")
        place(shape, 4673600, 1920240, 2844800, 1051560)
        tree = shape.getparent()
        grp = etree.SubElement(tree, f"{{{NS['p']}}}grpSp")
        grp.append(etree.fromstring(
            f'<p:nvGrpSpPr xmlns:p="{NS["p"]}"><p:cNvPr id="99" name="Kort"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'))
        grp.append(etree.fromstring(
            f'<p:grpSpPr xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}"><a:xfrm><a:off x="-360000" y="0"/>'
            '<a:ext cx="1422400" cy="6858000"/><a:chOff x="4673600" y="0"/><a:chExt cx="2844800" cy="6858000"/>'
            '</a:xfrm></p:grpSpPr>'))
        grp.append(shape)

    [problem] = account(plan, rewrite(pptx, "ppt/slides/slide4.xml", group))
    assert problem.message == "lysbilde 4 «Fakta om MB»: teksten «2006» havner utenfor lysbildet (x = -1,0 cm)"


def test_a_missing_picture_is_reported_as_lost(make_library):
    plan, pptx = rendered(make_library())
    tampered = rewrite(pptx, "ppt/slides/slide5.xml", lambda root: remove(xpath(root, "//p:pic")[0]))
    [problem] = account(plan, tampered)
    assert problem.code == "content-lost"
    assert problem.message == ("lysbilde 5 «Et bilde»: bildet «images/prikk.png» med bildeteksten for skjermlesere «En oransje "
                               "prikk på hvit bakgrunn» kom ikke med i PowerPoint-filen")
    assert str(problem.location) == "slides/modules/vendepunktet.yaml:13:5"


def test_a_picture_without_its_alt_text_does_not_count(make_library):
    plan, pptx = rendered(make_library())
    tampered = rewrite(pptx, "ppt/slides/slide5.xml", lambda root: xpath(root, "//p:pic//p:cNvPr")[0].set("descr", ""))
    assert [p.code for p in account(plan, tampered)] == ["content-lost"]


def test_a_decorative_picture_needs_its_mark_instead_of_alt_text(make_library):
    root = make_library()
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "    alt: En oransje prikk på hvit bakgrunn\n", "    decorative: true\n"), encoding="utf-8")
    plan, pptx = rendered(root)
    assert account(plan, pptx) == []
    unmarked = rewrite(pptx, "ppt/slides/slide5.xml", lambda root: remove(xpath(root, "//p:pic//a:extLst")[0]))
    assert [p.message for p in account(plan, unmarked)] == [
        "lysbilde 5 «Et bilde»: det dekorative bildet «images/prikk.png» kom ikke med i PowerPoint-filen"]


def test_missing_notes_are_reported_as_lost(make_library):
    plan, pptx = rendered(make_library())
    tampered = rewrite(pptx, "ppt/notesSlides/notesSlide3.xml",
                       lambda root: remove(paragraph(root, "Les sitatet langsomt.")))
    [problem] = account(plan, tampered)
    assert problem.code == "content-lost"
    # The plan may open the notes with a transition into the module; the message names the notes as planned.
    assert problem.message.startswith("lysbilde 3 «Sitat: Alain Topor»: notatene «")
    assert "Les sitatet langsomt." in problem.message and problem.message.endswith(" kom ikke med i PowerPoint-filen")


def test_notes_in_paragraphs_count_and_cues_and_handout_text_are_not_looked_for(make_library):
    root = make_library()
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "    notes: Les sitatet langsomt.\n",
        "    notes: |\n      Les sitatet\n      langsomt.\n\n      Vent   litt.\n"
        "    cues: BARE-I-MANUS\n    handout: BARE-I-HANDOUT\n"), encoding="utf-8")
    plan, pptx = rendered(root)
    assert plan.slides[2].cues == "BARE-I-MANUS"
    assert account(plan, pptx) == []


def test_a_missing_slide_is_reported_as_a_wrong_slide_count(make_library):
    plan, pptx = rendered(make_library())
    tampered = rewrite(pptx, "ppt/presentation.xml", lambda root: remove(xpath(root, "//p:sldId")[-1]))
    [problem] = account(plan, tampered)
    assert problem.code == "slide-count"
    assert problem.message == "PowerPoint-filen har 6 lysbilder, men planen har 7"
    assert problem.location == plan.origin


@pytest.mark.lang("en")
def test_the_messages_speak_english_on_request(make_library):
    plan, pptx = rendered(make_library())
    fewer = rewrite(pptx, "ppt/presentation.xml", lambda root: remove(xpath(root, "//p:sldId")[-1]))
    assert [p.message for p in account(plan, fewer)] == ["the PowerPoint file has 6 slides, but the plan has 7"]
    [problem] = account(plan, rewrite(pptx, "ppt/slides/slide4.xml", lambda root: place(shape_of(root, "2006"), -431800, 1920240, 2844800, 1051560)))
    assert problem.message == "slide 4 «Fakta om MB»: the text «2006» ends up outside the slide (x = -1.2 cm)"
    assert problem.hint == ("check where the layout «Fakta» puts it in the template (View → Slide Master in "
                            "PowerPoint); run `erfaring doctor` on the template")
