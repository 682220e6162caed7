"""The `reader` command: every action of the UI, scriptable, with `--json` output.

`main(argv)` parses the arguments, resolves the library folder once, runs one
subcommand and returns the exit status. A ReaderError becomes one line on
stderr and exit status 1; nothing the user can cause prints a traceback.

The package is laid out so that a command loads only what it needs, and `reader
list` starts fast: `registry` lists the commands and the module defining each;
`parser` builds the parser of just the command given (`build_parser`); `common`
holds the printing and library helpers; one module per group of commands
(`browsing`, `marking`, `saving`, `transfer`, `highlighting`, `images`) and
`app` for the reading app. Heavy modules (textual, httpx, readability) are
imported only by the commands that use them.
"""

from __future__ import annotations

import os
import sys
import time

from reader.cli.parser import build_parser

# The earliest moment reader's code runs: start-up counts against a command's time limit.
_IMPORTED_AT = time.monotonic()

# `typing` costs milliseconds to import and `reader --version` needs nothing from it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `reader` command with *argv* (default: sys.argv[1:]); return the exit status."""
    args = build_parser().parse_args(argv)
    # Imported once there is a command to run: `reader --version` or `--help` needs none.
    from reader.cli.clock import command_started
    from reader.cli.common import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, err, fail
    from reader.cli.parser import EXIT_USAGE, UsageError, usage_line
    from reader.errors import ReaderError

    # Commands with a time limit (`add`) count it from here, start-up included.
    args.started = command_started(_IMPORTED_AT, own_process=argv is None)

    run = _command(args)
    try:
        try:
            return run(args)
        except Exception as exc:
            if not _rebuild_damaged_index(args, exc):
                raise
            return run(args)
    except UsageError as exc:
        from reader.cli.registry import BY_NAME

        command = BY_NAME[args.command].name if args.command else None
        sys.stderr.write(usage_line(str(exc), command))
        raise SystemExit(EXIT_USAGE) from None  # as argparse ends on its usage errors
    except ReaderError as exc:
        fail(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt as exc:
        # Ctrl-C: one line; a command that was stopped says what it kept and what is left.
        err(f"stopped: {exc}" if str(exc) else "stopped: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `reader list | head`: the reader of our output went away; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # a bug: still one line, and the details on request
        if os.environ.get("READER_DEBUG"):
            raise
        fail(f"internal error: {type(exc).__name__}: {exc} (set READER_DEBUG=1 for details)")
        return EXIT_ERROR


def _command(args: argparse.Namespace) -> Callable[[argparse.Namespace], int]:
    """What runs the parsed command: its module's function, or the app without one."""
    if args.command is None:
        from reader.cli.app import cmd_ui

        return cmd_ui
    from reader.cli.registry import load_command

    return load_command(args.command).run


def _rebuild_damaged_index(args: argparse.Namespace, exc: Exception) -> bool:
    """If SQLite found the index damaged, throw it away, so that running the command
    again rebuilds it from the files; False for any other error."""
    # sqlite3 is imported here, not up front: `reader where` or `extract` never loads it.
    import sqlite3

    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    from reader.cli.common import err
    from reader.config import resolve_data_dir
    from reader.library import INDEX_FILE
    from reader.store.index import discard_index_files, is_corrupt

    if not is_corrupt(exc):
        return False
    err(f"the search index was damaged ({exc}); rebuilding it from the article files")
    discard_index_files(resolve_data_dir(args.data_dir) / INDEX_FILE)
    return True
