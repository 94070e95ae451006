"""Run the shared strict package checker (ECMA-376 schemas, package integrity, accessibility) on a deck."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CHECKER = Path(__file__).resolve().parents[2].parent / "shared" / "tools" / "pptx_check.py"


def pptx_check(path: Path, *canaries: str) -> str:
    """Return the checker's report on `path`; each canary is a text that must not occur in the package."""
    if not CHECKER.is_file():
        pytest.skip(f"the checker is not at {CHECKER}")
    args = [sys.executable, str(CHECKER), str(path)]
    for canary in canaries:
        args += ["--canary", canary]
    result = subprocess.run(args, capture_output=True, text=True)
    return result.stdout + result.stderr
