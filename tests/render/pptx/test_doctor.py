"""`erfaring doctor`: a report of where every slide kind goes (Norwegian by default), and a map to edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.render.pptx.doctor import report
from builder.render.pptx.template import load_template
from support.cli import run

pytestmark = pytest.mark.lang("nb")  # the report is asserted in Norwegian, the default language

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "templates"


def test_it_reports_every_kind_with_what_is_drawn_and_why(make_library):
    result = run(make_library(), "doctor", str(CORPUS / "python-pptx-default.pptx"))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith(f"{CORPUS / 'python-pptx-default.pptx'}: 25,4 × 19,1 cm (4:3), 11 oppsett")
    assert "  sitat           «Title Only» (valgt): tittel → idx 0; tegnes: sitat, opphav" in out
    assert "↳ malen har ikke noe sitatoppsett; sitat og opphav tegnes som tekstbokser" in out
    assert out.rstrip().endswith("kan brukes: alle lysbildetyper har en plass")


def test_write_map_writes_a_map_that_reads_back_to_the_same_placement(make_library, tmp_path):
    template = tmp_path / "Mal-2026.pptx"
    shutil.copy(CORPUS / "pandoc-reference.pptx", template)
    root = make_library()
    before, _ = load_template(root, str(template), given=True)
    result = run(root, "doctor", str(template), "--write-map")
    assert result.returncode == 0, result.stderr
    written = (tmp_path / "Mal-2026.layouts.yaml").read_text(encoding="utf-8")
    assert written.startswith("# yaml-language-server: $schema=")
    after, problems = load_template(root, str(template), given=True)
    assert problems == []
    def where(template):
        return {kind: (p.layout, dict(p.placeholders), dict(p.drawn), dict(p.joined))
                for kind, p in template.placements.items()}

    assert after.written and where(after) == where(before)


def test_write_map_never_overwrites_a_map_that_is_there(make_library, tmp_path):
    template = tmp_path / "Mal-2026.pptx"
    shutil.copy(CORPUS / "pandoc-reference.pptx", template)
    own = tmp_path / "Mal-2026.layouts.yaml"
    own.write_text("# mitt eget kart\ntemplate: Mal-2026.pptx\n", encoding="utf-8")
    result = run(make_library(), "doctor", str(template), "--write-map")
    assert result.returncode == 1
    assert "finnes allerede, og verktøyet skriver ikke over det" in result.stderr
    assert own.read_text(encoding="utf-8") == "# mitt eget kart\ntemplate: Mal-2026.pptx\n"


def test_a_template_can_be_checked_outside_any_library(tmp_path):
    shutil.copy(CORPUS / "libreoffice-lights.pptx", tmp_path / "lys.pptx")
    result = run(None, "doctor", "lys.pptx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "! teksten i oppsettet «Title, Content» ville blitt vanskelig å lese mot bakgrunnen; " \
           "verktøyet skriver den i hvitt" in result.stdout


def test_a_misspelled_template_name_gets_a_suggestion(make_library):
    result = run(make_library(), "doctor", "erfaring-standrd.pptx")
    assert result.returncode == 1
    assert "erfaring-standrd.pptx" in result.stderr.splitlines()[0]  # that message is the command line's
    assert result.stderr.splitlines()[1:] == ["  tips: mente du 'erfaring-standard.pptx'?"]


def test_a_file_that_is_not_powerpoint_is_a_plain_error(make_library, tmp_path):
    broken = tmp_path / "ødelagt.pptx"
    broken.write_bytes(b"dette er ikke en PowerPoint-fil")
    result = run(make_library(), "doctor", str(broken))
    assert result.returncode == 1
    assert f"feil[template-unreadable]: malen '{broken}' er ikke en PowerPoint-fil som kan åpnes" in result.stderr


@pytest.mark.lang("en")
def test_the_report_speaks_english_on_request(make_library):
    root = make_library()
    template, problems = load_template(root, str(CORPUS / "python-pptx-default.pptx"), given=True)
    assert problems == []
    lines = report(template, "default.pptx", "default.layouts.yaml")
    assert lines[0] == "default.pptx: 25.4 × 19.1 cm (4:3), 11 layouts, font Calibri (measured with Carlito)"
    assert "  quote           «Title Only» (chosen): title → idx 0; drawn: quote, attribution" in lines
    assert "                  ↳ the template has no quote layout; quote and attribution are drawn as text boxes" in lines
