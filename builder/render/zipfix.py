"""Zip containers (DOCX, PPTX) with fixed entry dates, so the same input gives the same bytes.

Why: zipfile stamps every entry with the current time; a build that ran a minute later
would differ byte for byte although nothing changed. Same idea as
`render.pptx.deck.normalise_zip`, shared here so other zip renderers need not import the
PowerPoint renderer.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile


def normalise_zip(blob: bytes, when: dt.date) -> bytes:
    """Rewrite the zip `blob` with every entry dated `when` (midnight), deflated, mode 644."""
    source = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
