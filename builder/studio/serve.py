"""Start the studio: pick a port, print the opening address, open the browser, serve until Ctrl-C."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Callable

from builder.errors import UserError
from builder.i18n import _

LOOPBACK = ("127.0.0.1", "localhost", "::1")
DEFAULT_PORT = 8765


def is_loopback(host: str) -> bool:
    """Tell whether `host` only accepts connections from this machine."""
    return host.strip("[]") in LOOPBACK


def free_port(host: str, wanted: int | None) -> int:
    """The port to listen on: `wanted` if given (an error if it is taken), else the first free one from 8765."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    candidates = [wanted] if wanted else [*range(DEFAULT_PORT, DEFAULT_PORT + 50), 0]
    for port in candidates:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host.strip("[]"), port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise UserError(_("port {port} is in use by another program").format(port=wanted),
                    _("choose another with `--port`, or leave it out and the studio finds a free one"))


def opening_url(host: str, port: int, token: str) -> str:
    """The address printed on the first line and opened in the browser."""
    shown = f"[{host.strip('[]')}]" if ":" in host.strip("[]") else host
    return f"http://{shown}:{port}/?token={token}"


def serve(root: Path, host: str = "127.0.0.1", port: int | None = None, browser: bool = True,
          say: Callable[[str], None] = print) -> None:
    """Run the studio for the library at `root` until interrupted."""
    import uvicorn

    from builder.studio.app import create_app
    from builder.studio.security import allowed_hosts, new_token

    token = new_token()
    port = free_port(host, port)
    shown = f"[{host.strip('[]')}]" if ":" in host.strip("[]") else host
    app = create_app(root, token, allowed_hosts(shown, port))
    url = opening_url(host, port, token)
    say(url)
    say(_("Erfaringsbanken studio is running for the library in {root}. Ctrl-C stops it.").format(root=root))
    if browser:
        import threading
        import webbrowser

        threading.Timer(0.8, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=host.strip("[]"), port=port, log_level="warning", access_log=False,
                server_header=False, date_header=False)
