"""Mistakes met by the build as a whole (builder/pipeline.py)."""

from __future__ import annotations

import sys


def pdf_unavailable(make_library, monkeypatch, tmp_path):
    from builder.pipeline import build

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it were not installed
    built = build(make_library(), formats=["pptx", "handout-pdf"], out_dir=tmp_path / "out")
    return list(built.diagnostics)


CASES = {"pdf-unavailable": pdf_unavailable}
