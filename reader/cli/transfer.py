"""Commands that move articles in and out: ``import``, ``queue``, ``retry``, ``export``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    err,
    no_images_argument,
    open_library,
    out,
    print_json,
)
from reader.cli.parser import UsageError
from reader.cli.registry import Command
from reader.errors import ReaderError
from reader.text.plural import count

if TYPE_CHECKING:
    import argparse


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="the export file, or a folder of markdown notes; '-' reads stdin",
    )
    parser.add_argument(
        "--format",
        default="auto",
        # The same names as reader.importers.FORMATS (a test checks), listed here in the
        # order the help shows them, without importing every importer to parse arguments.
        choices=[
            "auto",
            "pocket-zip",
            "pocket-csv",
            "pocket-annotations",
            "pocket-html",
            "instapaper",
            "readwise-reader",
            "readwise-highlights",
            "readwise-upload",
            "omnivore",
            "wallabag",
            "karakeep",
            "linkwarden",
            "raindrop",
            "matter",
            "netscape",
            "urls",
            "reader-json",
            "reader-highlights",
            "reader-highlights-md",
        ],
        help="the file's format (default: detect it)",
    )
    parser.add_argument(
        "--no-fetch", action="store_true", help="only add the entries; fetch them later"
    )
    parser.add_argument("--tag", action="append", default=[], metavar="TAG", help="tag every entry")
    parser.add_argument("--resume", action="store_true", help="fetch what is still queued")
    parser.add_argument("--concurrency", type=int, default=8, metavar="N", help="fetches at once")
    no_images_argument(parser)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def cmd_import(args: argparse.Namespace) -> int:
    """Import a file of saved links, then fetch what came without content."""
    from reader.cli.import_commands import fetch_queue, import_file
    from reader.importers.summary import import_summary

    if not args.file and not args.resume:
        raise ReaderError("name the file to import (or '-' for stdin), or use --resume")
    report = None
    with open_library(args, create=True) as library:
        ids: list[str] | None = None  # --resume alone: the whole queue
        if args.file:
            report = import_file(library, args.file, args.format, args.tag, err)
            # Only what this file brought; what earlier imports queued waits for --resume.
            ids = None if args.resume else report.to_fetch
        fetched = None
        if not args.no_fetch and (ids is None or ids):
            try:
                fetched = fetch_queue(
                    library,
                    err,
                    ids=ids,
                    concurrency=max(1, args.concurrency),
                    images=False if args.no_images else None,
                )
            except KeyboardInterrupt as exc:
                if report is None:
                    raise
                raise KeyboardInterrupt(f"imported {report.added} new, {exc}") from None
    if args.json:
        print_json(
            {
                "import": report.to_json() if report else None,
                "fetch": fetched.to_json() if fetched else None,
            }
        )
    else:
        out(import_summary(report, fetched))
    failed = bool(report and report.problems) or bool(fetched and fetched.failed)
    return EXIT_ERROR if failed else EXIT_OK


def _queue_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print a JSON object")


def cmd_queue(args: argparse.Namespace) -> int:
    """Show pending and failed entries."""
    from reader.cli.import_commands import print_queue

    with open_library(args) as library:
        print_queue(library, out, args.json)
    return EXIT_OK


def _retry_arguments(parser: argparse.ArgumentParser) -> None:
    no_images_argument(parser)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def cmd_retry(args: argparse.Namespace) -> int:
    """Fetch the failed entries again."""
    from reader.cli.import_commands import fetch_queue
    from reader.importers.queue import failed_entries
    from reader.importers.summary import import_summary

    with open_library(args) as library:
        ids = [e.id for e in failed_entries(library)]
        fetched = fetch_queue(library, err, ids=ids, images=False if args.no_images else None)
    if args.json:
        print_json(fetched.to_json())
    else:
        out(import_summary(None, fetched))
    return EXIT_ERROR if fetched.failed else EXIT_OK


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["markdown", "json", "netscape", "csv", "epub"])
    parser.add_argument(
        "dir", nargs="?", metavar="DIR", help="folder for the markdown export, or 'highlights'"
    )
    parser.add_argument("--out", metavar="PATH", help="file (or folder, for markdown) to write")
    parser.add_argument(
        "--tag", metavar="TAG", help="highlights, epub: only (those of) articles with this tag"
    )
    # epub: which articles go into the book (IDS, or one of these; see reader.cli.epub_export).
    parser.add_argument("ids", nargs="*", metavar="IDS", help="epub: the articles to put in it")
    parser.add_argument("--unread", action="store_true", help="epub: every unread article")
    parser.add_argument("--all", action="store_true", help="epub: every article")


def cmd_export(args: argparse.Namespace) -> int:
    """Export the library (or, with the target 'highlights', its highlights)."""
    from reader.exporters import export

    if args.dir == "highlights":
        from reader.cli.highlight_commands import export_highlights_command

        return export_highlights_command(args, open_library, err)
    if args.format == "epub":
        from reader.cli.epub_export import export_epub_command

        return export_epub_command(args)
    if args.ids or args.unread or args.all:
        raise UsageError("IDS, --unread and --all are for --format epub")
    if args.format is None:
        raise UsageError("the following arguments are required: --format")
    target = args.out or args.dir
    with open_library(args) as library:
        if args.format == "markdown":
            if not target:
                raise ReaderError(
                    "the markdown export needs a folder: reader export --format markdown DIR"
                )
            exported = export(library, "markdown", folder=Path(target))
            err(f"exported {count(exported, 'article')} to {target}")
        elif target:
            try:
                with open(target, "w", encoding="utf-8", newline="") as handle:
                    exported = export(library, args.format, out=handle)
            except OSError as exc:
                raise ReaderError(f"cannot write {target}: {exc.strerror or exc}") from None
            err(f"exported {count(exported, 'article')} to {target}")
        else:
            export(library, args.format, out=sys.stdout)
        if args.format == "json":
            err("images are not in the JSON export (the markdown export carries them)")
    return EXIT_OK


COMMANDS = {
    "import": Command(
        "Import a file of saved links (format detected from its content), then fetch the ones "
        "that came without their article. Broken rows are reported with their line number and "
        "skipped. Interrupted? 'reader import --resume' goes on.",
        _import_arguments,
        cmd_import,
    ),
    "queue": Command(
        "List imported entries not fetched yet, and those whose fetch failed with the reason.",
        _queue_arguments,
        cmd_queue,
    ),
    "retry": Command(
        "Try again to fetch the entries whose fetch failed (see 'reader queue').",
        _retry_arguments,
        cmd_retry,
    ),
    "export": Command(
        "Write every article out: 'markdown' as one file per article into DIR; 'json', "
        "'netscape' (bookmark HTML) and 'csv' (Pocket-shaped) to stdout or --out. 'reader "
        "export highlights [--format markdown|json|csv]' writes every highlight instead "
        "(markdown "
        "by default; to export articles into a folder named 'highlights', use --out). "
        "'reader export --format epub [IDS...|--unread|--tag TAG|--all] --out FILE' makes "
        "an EPUB for e-readers: one article, or a digest with a table of contents.",
        _export_arguments,
        cmd_export,
    ),
}
