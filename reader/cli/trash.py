"""Commands over deleted articles: ``trash`` lists them, ``restore`` brings them back.

`reader rm` moves an article's files into the library's trash folder; these are the
command line's "undo", which has no memory of what it deleted and so reads the trash.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.cli.common import (
    EXIT_OK,
    each_id,
    entry_line,
    err,
    find_deleted,
    open_library,
    out,
    print_json,
)
from reader.cli.registry import Command

if TYPE_CHECKING:
    import argparse

    from reader.library import Library, Trash
    from reader.models import Entry


def _trash_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print a JSON list")
    parser.add_argument(
        "--empty",
        action="store_true",
        help="delete the articles in the trash for good, with their highlights and images",
    )
    parser.add_argument(
        "--older-than",
        type=float,
        metavar="DAYS",
        help="with --empty: only those deleted more than DAYS days ago",
    )


def cmd_trash(args: argparse.Namespace) -> int:
    """List the deleted articles, the latest deletion first (or empty the trash)."""
    from reader.cli.parser import UsageError

    if args.older_than is not None and not args.empty:
        raise UsageError("--older-than goes with --empty")
    if args.older_than is not None and args.older_than < 0:
        raise UsageError("--older-than takes a number of days, 0 or more")
    if args.empty:
        with open_library(args) as library:
            removed = library.empty_trash(args.older_than)
        if args.json:
            print_json([entry.to_json() for entry in removed])
        else:
            noun = "article" if len(removed) == 1 else "articles"
            out(f"deleted {len(removed)} {noun} for good from the trash")
        return EXIT_OK
    with open_library(args) as library:
        trash = library.trashed()
    for problem in trash.problems:
        err(f"skipped {problem}")
    if args.json:
        print_json([entry.to_json() for entry in trash.entries])
    else:
        for entry in trash.entries:
            out(entry_line(entry))
    return EXIT_OK


def _restore_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "ids", nargs="+", metavar="ID", help="ids of deleted articles (a unique prefix is enough)"
    )
    parser.add_argument("--json", action="store_true", help="print the restored articles as JSON")


def cmd_restore(args: argparse.Namespace) -> int:
    """Bring deleted articles back; one line per id that could not be."""
    trash: Trash | None = None

    def restore(library: Library, entry_id: str) -> Entry:
        nonlocal trash
        if trash is None:  # read the trash once, not once per id
            trash = library.trashed()
        return library.restore(find_deleted(trash, entry_id))

    return each_id(args, restore, resolve=False)


COMMANDS = {
    "trash": Command(
        "List the deleted articles in the library's trash folder, the latest deletion first. "
        "'reader restore ID' brings one back.",
        _trash_arguments,
        cmd_trash,
    ),
    "restore": Command(
        "Bring deleted articles back from the trash, with their highlights, kept HTML and "
        "images. An article saved again since it was deleted is left in the trash.",
        _restore_arguments,
        cmd_restore,
    ),
}
