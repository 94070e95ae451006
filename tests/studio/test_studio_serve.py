"""Starting the studio: the address with its token on the first line, this machine only, one build per deck."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from builder.studio import builds as builds_mod
from builder.studio.serve import free_port, is_loopback, opening_url


def test_the_first_line_is_the_opening_address_and_only_it_lets_you_in(make_library):
    root = make_library()
    port = free_port("127.0.0.1", None)
    env = {**os.environ, "ERFARING_LANG": "nb"}
    proc = subprocess.Popen([sys.executable, "-m", "builder", "--root", str(root), "studio", "--no-browser",
                             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    try:
        first = proc.stdout.readline().strip()
        assert re.fullmatch(rf"http://127\.0\.0\.1:{port}/\?token=[A-Za-z0-9_-]{{43}}", first), first
        assert "kjører for biblioteket" in proc.stdout.readline()
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            except urllib.error.HTTPError as refused:
                refused.close()
                assert refused.code == 403  # no token, no way in
                break
            except OSError:
                assert time.monotonic() < deadline, "the studio did not start"
                time.sleep(0.1)
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(first, timeout=10) as response:
            page = response.read().decode("utf-8")
        assert "Biblioteket" in page and "Vendepunktet" in page
    finally:
        proc.terminate()
        proc.communicate(timeout=10)  # also closes the pipes


def test_another_host_is_announced_with_a_warning(make_library, monkeypatch):
    from click.testing import CliRunner

    from builder import cli

    served = {}
    monkeypatch.setattr("builder.studio.serve.serve", lambda root, **kw: served.update(kw))
    result = CliRunner().invoke(cli.cli, ["--root", str(make_library()), "studio", "--host", "0.0.0.0",
                                          "--no-browser"])
    assert result.exit_code == 0, result.output
    assert "0.0.0.0" in result.output and "other machines on the network" in result.output
    assert served["host"] == "0.0.0.0" and served["browser"] is False


def test_loopback_addresses():
    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "[::1]"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "192.168.1.10", "studio.example"))
    assert opening_url("::1", 8765, "t") == "http://[::1]:8765/?token=t"


def test_a_port_in_use_is_a_plain_message():
    import socket

    from builder.errors import UserError

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(UserError, match="in use"):
            free_port("127.0.0.1", taken.getsockname()[1])


def test_a_second_build_of_the_same_deck_joins_the_running_one(make_library, monkeypatch):
    started, release = threading.Event(), threading.Event()
    calls = []

    def slow_build(root, decks, progress=None):
        from builder.pipeline import Built

        calls.append(decks)
        started.set()
        release.wait(10)
        return Built((), (), ())

    monkeypatch.setattr("builder.pipeline.build", slow_build)
    runs = builds_mod.Builds(make_library())
    first = runs.start("forelesning")
    assert started.wait(10)
    second = runs.start("forelesning")
    assert second is first and calls == [["forelesning"]]
    release.set()
    deadline = time.monotonic() + 10
    while first.state == "running" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert first.state == "done" and calls == [["forelesning"]]
