"""Run the command line the way a user does, and make sure no traceback ever reaches them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run(root: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `erfaring --root ROOT ARGS…` (no --root when `root` is None) and return the finished process."""
    prefix = ["--root", str(root)] if root is not None else []
    result = subprocess.run(
        [sys.executable, "-m", "builder", *prefix, *args],
        capture_output=True, text=True, encoding="utf-8", timeout=120, cwd=cwd,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result
