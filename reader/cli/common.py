"""What the commands share: exit statuses, safe printing, opening the library, listing lines.

Every problem is one line on stderr: ``reader: error: ...`` for what fails (the
exit status is then 1, or 2 for a usage error), ``reader: ...`` for a note that
does not (a file skipped, where an export went).
"""

from __future__ import annotations

import json
import sys

from reader.cli.parser import PROG
from reader.errors import NotFoundError, ReaderError
from reader.text.sanitize import clean_line, clean_text

# `typing` costs milliseconds to import, and every command imports this module.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Iterable
    from pathlib import Path

    from reader.library import Library, Trash
    from reader.models import Entry

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

#: Fewest characters of an id that name an article, as `Library.get` and `Trash.find`
#: accept a prefix (tests/test_cli_errors.py checks the two agree).
MIN_ID_PREFIX = 3


def out(text: str = "") -> None:
    """Print to stdout, with anything a terminal could act on removed."""
    sys.stdout.write(clean_text(text) + "\n")


def err(text: str) -> None:
    """Print one line to stderr, after the program's name, made inert like `out`."""
    sys.stderr.write(f"{PROG}: {clean_line(text)}\n")


def fail(text: str) -> None:
    """Print one problem that makes the command fail: ``reader: error: TEXT``."""
    err(f"error: {text}")


def print_json(value: object) -> None:
    """Print *value* as indented JSON."""
    # json.dumps escapes control characters, so the output is inert as well as parseable.
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def print_json_list(lines: Iterable[str], batch: int = 500) -> None:
    """Print a JSON list of *lines*, each one JSON value already encoded, as they
    come: a listing of 100,000 articles is never held in memory as one text
    (*batch* lines are written at a time; a write per line costs more than the line)."""
    write = sys.stdout.write
    chunk: list[str] = []
    started = False
    for line in lines:
        chunk.append(line)
        if len(chunk) == batch:
            write(("[\n" if not started else ",\n") + ",\n".join(chunk))
            started = True
            chunk.clear()
    if chunk:
        write(("[\n" if not started else ",\n") + ",\n".join(chunk))
        started = True
    write("\n]\n" if started else "[]\n")


def open_library(
    args: argparse.Namespace,
    *,
    create: bool = False,
    quiet: bool = False,
    check_files: bool = True,
) -> Library:
    """The library of ``--data-dir`` (or its default), reporting files it had to skip,
    and, unless *quiet* (a command that prints them itself), the conflicts it merged.

    *check_files* False: a command about one article, which reads that article's file
    itself, does not look for other files edited in place (see `Library.sync`).

    A folder named by ``--data-dir`` or ``$READER_DATA_DIR`` must already be a
    library (see `check_library`) unless *create* (the commands that add articles);
    the default folder is made on first use, so a first ``reader list`` is empty.
    """
    from reader.config import resolve_data_dir
    from reader.library import Library

    root = resolve_data_dir(args.data_dir)
    if not create and _named(args):
        check_library(root)
    library = Library(root, check_files=check_files)
    for problem in library.last_sync.problems:
        err(f"skipped {problem}")
    if not quiet:
        for line in library.last_sync.merged:
            err(line)
    return library


def _named(args: argparse.Namespace) -> bool:
    """Whether the user named the library folder (``--data-dir`` or the environment)."""
    import os

    from reader.config import DATA_DIR_ENV

    return bool(args.data_dir or os.environ.get(DATA_DIR_ENV))


def is_library(root: Path) -> bool:
    """Whether *root* is a reader library: it has an ``articles/`` folder (every
    library has one from its first opening) or a ``trash/`` one (what is left of a
    library whose articles were all deleted, folder and all). An index alone is
    derived, not a library."""
    from reader.store.files import ARTICLES_DIR, TRASH_DIR

    return (root / ARTICLES_DIR).is_dir() or (root / TRASH_DIR).is_dir()


def check_library(root: Path) -> None:
    """Refuse a folder that is not a library, rather than make an empty one in a
    mistyped place (a reading command would list nothing, and say nothing)."""
    from reader.store.files import ARTICLES_DIR

    if not is_library(root):
        raise ReaderError(
            f"{root} is not a reader library (no {ARTICLES_DIR}/ folder); "
            "'reader add URL' starts one there"
        )


def get_entry(library: Library, entry_id: str) -> Entry:
    """The saved article *entry_id* names (`Library.get`), saying so when the id is
    too short to name one."""
    try:
        return library.get(entry_id)
    except NotFoundError:
        key = entry_id.strip().lower()
        _check_prefix(entry_id, library.index.ids_with_prefix(key) if key else [])
        raise


def find_deleted(trash: Trash, entry_id: str) -> Entry:
    """The deleted article *entry_id* names (`Trash.find`), saying so when the id is
    too short to name one."""
    try:
        return trash.find(entry_id)
    except NotFoundError:
        key = entry_id.strip().lower()
        starting = [e.id for e in trash.entries if key and e.id.startswith(key)]
        _check_prefix(entry_id, starting, "deleted article")
        raise


def _check_prefix(entry_id: str, starting: list[str], what: str = "article") -> None:
    """Raise the error for an id shorter than `MIN_ID_PREFIX` that named no *what*;
    *starting* are the ids that begin with it."""
    key = entry_id.strip()
    if not key or len(key) >= MIN_ID_PREFIX:
        return
    shown = clean_line(key)
    need = f"ids need at least {MIN_ID_PREFIX} characters"
    if not starting:
        raise NotFoundError(f"no {what} with id {shown!r} ({need})")
    some = sorted(dict.fromkeys(starting))[:3]
    more = ", ..." if len(set(starting)) > len(some) else ""
    raise NotFoundError(
        f"id {shown!r} is too short: {need} (ids starting with it: {', '.join(some)}{more})"
    )


def read_input(source: str, limit: int) -> bytes:
    """The bytes of the file *source*, or of standard input for ``-``; an error for one
    that cannot be read or holds more than *limit* bytes."""
    from reader.text.sizes import byte_size

    name = "standard input" if source == "-" else source
    try:
        if source == "-":
            data = sys.stdin.buffer.read(limit + 1)
        else:
            with open(source, "rb") as handle:
                data = handle.read(limit + 1)
    except OSError as exc:
        raise ReaderError(f"cannot read {name}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise ReaderError(f"{name} is larger than {byte_size(limit)}")
    return data


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


def each_id(
    args: argparse.Namespace, action: Callable[[Library, str], Entry], *, resolve: bool = True
) -> int:
    """Apply *action* to each article of ``args.ids``; print the changed ones, and one
    ``reader: error:`` line per id that failed (the others are still changed).

    *action* gets the article's full id (*resolve*, see `get_entry`) or the id as
    given (to look it up elsewhere, as ``restore`` does in the trash).
    """
    changed: list[Entry] = []
    failed = 0
    with open_library(args, check_files=False) as library:  # each file is read fresh
        for entry_id in args.ids:
            try:
                key = get_entry(library, entry_id).id if resolve else entry_id
                changed.append(action(library, key))
            except ReaderError as exc:
                failed += 1
                fail(str(exc))
    if args.json:
        print_json([e.to_json() for e in changed])
    else:
        for entry in changed:
            out(entry_line(entry))
    return EXIT_ERROR if failed else EXIT_OK
