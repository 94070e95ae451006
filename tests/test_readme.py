"""The README's examples are what the tool prints: each marked block is run and compared.

A block after ``<!-- readme-test: NAME -->`` starts with the command (``> erfaring …``); its
other lines must appear in the command's output in that order (the README may leave lines out).
The scenario NAME says which mistake is made in a copy of the repository's library first.
Counts of warnings are compared as «N»: facts grow stale as the calendar moves on.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"<!-- readme-test: ([a-z-]+) -->\n\s*```\n(.*?)\n\s*```", re.S)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is no longer in {path.name}: update the README scenario"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


SCENARIOS = {
    "check": lambda root: None,
    "check-with-a-mistake": lambda root: _edit(root / "slides/modules/vendepunktet.yaml",
                                               "quote: topor-vendepunktet\n", "quote: topor-vendepunkt\n"),
    "build-one-deck-while-another-file-is-broken": lambda root: _edit(root / "slides/modules/stigmaord.yaml",
                                                                      "\nminutes: 10\n", "\nminutes: ti\n"),
}


def readme_blocks() -> dict[str, list[str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return {name: [line.strip() for line in body.splitlines()] for name, body in BLOCK.findall(text)}


def test_every_block_has_a_scenario():
    assert sorted(readme_blocks()) == sorted(SCENARIOS)


def _masked(line: str) -> str:
    return re.sub(r"\d+ (advarsler|advarsel|fakta|faktum)\b", r"N \1", line)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_the_readme_shows_what_the_command_prints(name, tmp_path):
    block = readme_blocks()[name]
    assert block[0].startswith("> erfaring "), block[0]
    root = tmp_path / "bibliotek"
    for folder in ("slides", "quotes", "assets"):
        shutil.copytree(REPO / folder, root / folder)
    SCENARIOS[name](root)
    env = {k: v for k, v in os.environ.items() if k not in ("ERFARING_LANG", "LANG", "LC_ALL", "LC_MESSAGES")}
    args = shlex.split(block[0][2:])[1:]
    result = subprocess.run([sys.executable, "-m", "builder", *args], cwd=root, env=env, capture_output=True,
                            text=True, encoding="utf-8", timeout=600)
    assert "Traceback" not in result.stderr, result.stderr
    printed = [_masked(line.strip()) for line in (result.stdout + result.stderr).splitlines()]
    position = 0
    for wanted in block[1:]:
        assert _masked(wanted) in printed[position:], f"README line not printed (in this order): {wanted}\n" + "\n".join(printed)
        position = printed.index(_masked(wanted), position) + 1
