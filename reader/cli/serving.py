"""``reader serve``: the HTTP server for the user's devices, and ``--setup`` of its account."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from reader.cli.common import EXIT_OK, err, open_library, out, print_json
from reader.cli.registry import Command
from reader.errors import ReaderError

if TYPE_CHECKING:
    import argparse

#: Where the server listens unless told otherwise: this machine alone.
DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8421
_LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=DEFAULT_HOST, help="address to listen on")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port to listen on")
    parser.add_argument(
        "--setup", action="store_true", help="make the account the apps sign in with"
    )
    parser.add_argument("--user", metavar="NAME", help="--setup: the user name")
    parser.add_argument(
        "--password-stdin", action="store_true", help="--setup: read the password from stdin"
    )
    parser.add_argument("--json", action="store_true", help="--setup: print the result as JSON")


def _setup(args: argparse.Namespace) -> int:
    from reader.config import resolve_config_dir
    from reader.serve.credentials import new_credentials, save_credentials

    if not args.user:
        raise ReaderError("--setup needs --user NAME")
    if not args.password_stdin:
        raise ReaderError("--setup needs --password-stdin (the password is read from stdin)")
    password = sys.stdin.readline().rstrip("\r\n")
    credentials = new_credentials(args.user, password)
    path = save_credentials(resolve_config_dir(), credentials)
    if args.json:
        print_json(
            {
                "username": credentials.username,
                "client_id": credentials.client_id,
                "client_secret": credentials.client_secret,
            }
        )
    else:
        out(f"saved the account {credentials.username} in {path}")
        out(f"client id:     {credentials.client_id}")
        out(f"client secret: {credentials.client_secret}")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the server (or, with --setup, make its account)."""
    if args.setup:
        return _setup(args)
    import uvicorn

    from reader.config import load_settings, resolve_config_dir
    from reader.serve.app import ServeSettings, make_app
    from reader.serve.credentials import load_credentials

    config_dir = resolve_config_dir()
    credentials = load_credentials(config_dir)
    if not 0 < args.port < 65536:
        raise ReaderError("--port must be between 1 and 65535")
    with open_library(args) as library:
        settings = ServeSettings(credentials, images=load_settings(config_dir).images)
        app = make_app(library, settings)
        if args.host not in _LOCAL_HOSTS:
            err(
                f"warning: listening on {args.host}: the server is reachable from the network; "
                "put it behind TLS (a reverse proxy) before using it beyond your own machine"
            )
        err(f"serving {library.root} on http://{args.host}:{args.port} (Ctrl-C stops)")
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning", loop="asyncio")
    return EXIT_OK


COMMANDS = {
    "serve": Command(
        "Serve the library over HTTP to your own devices: the wallabag API (browser "
        "extension, Android/iOS apps, KOReader, wallabag-client) and an OPDS catalog of "
        "EPUBs at /opds. First 'reader serve --setup --user NAME --password-stdin' makes the "
        "account and prints the client id and secret to enter in the apps. Listens on "
        "127.0.0.1 unless --host says otherwise.",
        _arguments,
        cmd_serve,
    ),
}
