"""Asset paths stay inside assets/ however they are spelled; consent fails closed."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from builder.model import Consent
from builder.pipeline import check
from builder.resolve import asset_problem, effective_consent, quote_consent


@pytest.mark.parametrize(
    "spelled",
    ["/etc/passwd", "\\\\server\\share\\bilde.png", "C:\\bilder\\bilde.png", "c:/bilder/bilde.png",
     "../slides/x.png", "images/../../x.png", "images\\..\\..\\x.png", ""],
)
def test_it_refuses_paths_that_leave_assets(tmp_path, spelled):
    (tmp_path / "assets" / "images").mkdir(parents=True)
    assert asset_problem(tmp_path, spelled) is not None


def test_it_refuses_a_symlink_that_points_out_of_assets(tmp_path):
    (tmp_path / "assets" / "images").mkdir(parents=True)
    (tmp_path / "secret.png").write_bytes(b"x")
    os.symlink(tmp_path / "secret.png", tmp_path / "assets" / "images" / "link.png")
    assert "outside" in asset_problem(tmp_path, "images/link.png")


def test_it_accepts_a_plain_path_inside_assets(tmp_path):
    (tmp_path / "assets" / "images").mkdir(parents=True)
    assert asset_problem(tmp_path, "images/bilde.png") is None
    assert asset_problem(tmp_path, "images\\bilde.png") is None


def test_a_file_that_is_not_an_image_is_reported(make_library):
    root = make_library()
    (root / "assets" / "images" / "prikk.png").write_text("not a picture")
    checked = check(root, today=dt.date(2026, 11, 22))
    assert [d.code for d in checked.diagnostics] == ["asset-unreadable"]


def test_consent_fails_closed_to_internal():
    class M:
        consent = None

    assert effective_consent(M(), None) is Consent.INTERNAL
    assert quote_consent(None) is Consent.INTERNAL
    assert Consent.TEACHING.allows(Consent.PUBLIC)
    assert not Consent.PUBLIC.allows(Consent.TEACHING)


def test_a_slide_hidden_from_the_audience_does_not_count_against_consent(make_library):
    root = make_library("bad-consent-beyond-audience")
    module = root / "slides" / "modules" / "vendepunktet.yaml"
    module.write_text(module.read_text().replace("    notes: Les sitatet langsomt.\n",
                                                  "    except: [hoyskole]\n"), encoding="utf-8")
    checked = check(root, today=dt.date(2026, 11, 22))
    assert [d.code for d in checked.diagnostics] == []
