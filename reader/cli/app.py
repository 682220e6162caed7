"""``reader`` without a command: open the reading app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.cli.common import EXIT_OK
from reader.cli.parser import build_parser

if TYPE_CHECKING:
    import argparse


def cmd_ui(args: argparse.Namespace) -> int:
    """Open the Textual app (or print help while it does not exist)."""
    try:
        from reader.ui.run import run_app
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("reader.ui"):
            build_parser().print_help()
            return EXIT_OK
        raise
    status: int = run_app(data_dir=args.data_dir, demo=args.demo)
    return status
