"""What the commands share: exit statuses, safe printing, opening the library, listing lines."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from reader.cli.parser import PROG
from reader.errors import ReaderError
from reader.text.sanitize import clean_line, clean_text

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from reader.library import Library
    from reader.models import Entry

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def out(text: str = "") -> None:
    """Print to stdout, with anything a terminal could act on removed."""
    sys.stdout.write(clean_text(text) + "\n")


def err(text: str) -> None:
    """Print one line to stderr, after the program's name, made inert like `out`."""
    sys.stderr.write(f"{PROG}: {clean_line(text)}\n")


def print_json(value: object) -> None:
    """Print *value* as indented JSON."""
    # json.dumps escapes control characters, so the output is inert as well as parseable.
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def open_library(args: argparse.Namespace) -> Library:
    """The library of ``--data-dir`` (or its default), reporting files it had to skip."""
    from reader.config import resolve_data_dir
    from reader.library import Library

    library = Library(resolve_data_dir(args.data_dir))
    for problem in library.last_sync.problems:
        err(f"skipped {problem}")
    for line in library.last_sync.merged:
        err(line)
    return library


def entry_line(entry: Entry) -> str:
    """One article as a line of a listing: id, favorite and unread marks, time, title, site."""
    marks = ("*" if entry.favorite else " ") + ("." if entry.status == "unread" else " ")
    if entry.fetched:
        minutes = f"{entry.reading_minutes:>3} min"
    else:
        minutes = "  (failed)" if entry.fetch_error else "  (queued)"
    site = f"  [{entry.site}]" if entry.site else ""
    return f"{entry.id}  {marks} {minutes}  {entry.title}{site}"


def id_argument(parser: argparse.ArgumentParser) -> None:
    """The one article a command is about: ``ID`` (a unique prefix of it is enough)."""
    parser.add_argument("id", metavar="ID", help="article id (a unique prefix is enough)")


def no_images_argument(parser: argparse.ArgumentParser) -> None:
    """``--no-images``, for the commands that fetch articles."""
    parser.add_argument(
        "--no-images",
        action="store_true",
        help="do not save the articles' images (setting: images = false)",
    )


def ids_or_all_arguments(parser: argparse.ArgumentParser, json_help: str) -> None:
    """Arguments of a command over some saved articles or all of them: ``ID... | --all``,
    and ``--json`` (described by *json_help*)."""
    parser.add_argument("ids", nargs="*", metavar="ID", help="article ids")
    parser.add_argument("--all", action="store_true", help="every saved article")
    parser.add_argument("--json", action="store_true", help=json_help)


def check_ids_or_all(args: argparse.Namespace) -> None:
    """Refuse both article ids and ``--all``, or neither (see `ids_or_all_arguments`)."""
    if args.all == bool(args.ids):
        raise ReaderError("give article ids or --all, not both or neither")


def each_id(args: argparse.Namespace, action: Callable[[Library, str], Entry]) -> int:
    """Apply *action* to each article of ``args.ids``; print the changed ones, and one
    line per id that failed (the others are still changed)."""
    changed: list[Entry] = []
    failed = 0
    with open_library(args) as library:
        for entry_id in args.ids:
            try:
                changed.append(action(library, entry_id))
            except ReaderError as exc:
                failed += 1
                err(str(exc))
    if args.json:
        print_json([e.to_json() for e in changed])
    else:
        for entry in changed:
            out(entry_line(entry))
    return EXIT_ERROR if failed else EXIT_OK
