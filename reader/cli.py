"""The `reader` command: every action of the UI, scriptable, with `--json` output.

`main(argv)` parses the arguments, resolves the library folder once, runs one
subcommand and returns the exit status. A ReaderError becomes one line on
stderr and exit status 1; nothing the user can cause prints a traceback.
Heavy modules (textual, httpx, readability) are imported only by the
subcommands that need them, so `reader list` starts fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from reader import __version__
from reader.errors import ReaderError
from reader.sanitize import clean_line, clean_text

if TYPE_CHECKING:
    from reader.library import Library
    from reader.models import Article, Entry, Status

PROG = "reader"
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line plus a hint, exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _out(text: str = "") -> None:
    """Print to stdout, with anything a terminal could act on removed."""
    sys.stdout.write(clean_text(text) + "\n")


def _err(text: str) -> None:
    sys.stderr.write(f"{PROG}: {clean_line(text)}\n")


def _print_json(value: object) -> None:
    # json.dumps escapes control characters, so the output is inert as well as parseable.
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `reader` command."""
    parser = _Parser(
        prog=PROG,
        description="Save web pages as clean markdown files you own, and read them in the "
        "terminal. Run without a command to open the reading app.",
        epilog="The library is a folder of markdown files; see 'reader where'.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="library folder (default: $READER_DATA_DIR or the platform's data folder)",
    )
    parser.add_argument(
        "--demo", action="store_true", help="open the app on a temporary library of demo articles"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser(
        "add",
        help="fetch and save web pages",
        description="Fetch each URL, extract its article and save it to the library.",
    )
    p.add_argument("urls", nargs="+", metavar="URL", help="page address; '-' reads URLs from stdin")
    p.add_argument(
        "--tag", "-t", action="append", default=[], metavar="TAG", help="tag to add (repeatable)"
    )
    p.add_argument("--json", action="store_true", help="print the saved articles as JSON")
    p.add_argument(
        "--no-images",
        action="store_true",
        help="do not save the articles' images (setting: images = false)",
    )

    p = sub.add_parser(
        "list",
        help="list saved articles",
        aliases=["ls"],
        description="List saved articles, newest first (unread ones by default).",
    )
    view = p.add_mutually_exclusive_group()
    view.add_argument(
        "--unread",
        action="store_const",
        dest="view",
        const="unread",
        help="only unread articles (the default)",
    )
    view.add_argument(
        "--archived",
        action="store_const",
        dest="view",
        const="archived",
        help="only archived articles",
    )
    view.add_argument(
        "--favorites", action="store_const", dest="view", const="favorites", help="only favorites"
    )
    view.add_argument("--all", action="store_const", dest="view", const="all", help="every article")
    p.add_argument("--tag", metavar="TAG", help="only articles with this tag")
    p.add_argument(
        "--sort",
        choices=["saved", "saved-asc", "reading-time", "title"],
        default="saved",
        help="order (default: newest saved first)",
    )
    p.add_argument("--limit", type=int, metavar="N", help="show at most N articles")
    p.add_argument("--json", action="store_true", help="print a JSON list")

    p = sub.add_parser(
        "show",
        help="print an article's markdown",
        description="Print a saved article: its title, then its markdown.",
    )
    p.add_argument("id", metavar="ID", help="article id (a unique prefix is enough)")
    p.add_argument("--json", action="store_true", help="print metadata and markdown as JSON")

    p = sub.add_parser(
        "search",
        help="full-text search",
        description="Search titles, authors, "
        "sites and article text. Every word must match; the last may be a prefix.",
    )
    p.add_argument("query", nargs="+", metavar="WORD")
    p.add_argument("--archived", action="store_true", help="only archived articles")
    p.add_argument("--unread", action="store_true", help="only unread articles")
    p.add_argument("--tag", metavar="TAG", help="only articles with this tag")
    p.add_argument(
        "--limit", type=int, default=50, metavar="N", help="at most N results (default 50)"
    )
    p.add_argument("--json", action="store_true", help="print a JSON list")

    for name, text in (
        ("archive", "mark articles as read (archived)"),
        ("unarchive", "move articles back to unread"),
        ("favorite", "mark articles as favorites"),
        ("unfavorite", "remove articles from favorites"),
    ):
        p = sub.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        p.add_argument("ids", nargs="+", metavar="ID")
        p.add_argument("--json", action="store_true", help="print the changed articles as JSON")

    p = sub.add_parser("tag", help="add tags to an article", description="Add tags to an article.")
    p.add_argument("id", metavar="ID")
    p.add_argument("tags", nargs="+", metavar="TAG")
    p.add_argument("--json", action="store_true", help="print the article as JSON")
    p = sub.add_parser(
        "untag", help="remove tags from an article", description="Remove tags from an article."
    )
    p.add_argument("id", metavar="ID")
    p.add_argument("tags", nargs="+", metavar="TAG")
    p.add_argument("--json", action="store_true", help="print the article as JSON")

    p = sub.add_parser(
        "rm",
        help="delete articles",
        description="Delete articles. Their files "
        "move to the library's trash folder, from which they can be restored.",
    )
    p.add_argument("ids", nargs="+", metavar="ID")
    p.add_argument("--json", action="store_true", help="print the deleted articles as JSON")

    p = sub.add_parser("tags", help="list tags with their counts", description="List tags.")
    p.add_argument("--json", action="store_true", help="print a JSON object")

    p = sub.add_parser(
        "reindex",
        help="rebuild the search index from the files",
        description="Rebuild the SQLite index from the markdown files. "
        "Nothing is lost: the files are the library.",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")

    p = sub.add_parser(
        "reextract",
        help="extract saved articles again from their kept HTML",
        description="Run the current extractor again over the HTML kept when each article "
        "was saved. Tags, status, progress and highlights stay.",
    )
    p.add_argument("ids", nargs="*", metavar="ID", help="article ids")
    p.add_argument("--all", action="store_true", help="every saved article")
    p.add_argument("--json", action="store_true", help="print the articles as JSON")

    p = sub.add_parser(
        "extract",
        help="extract an article without saving it",
        description="Extract the article from a local HTML file or a URL and "
        "print it. Nothing is stored.",
    )
    p.add_argument("source", metavar="FILE_OR_URL")
    p.add_argument(
        "--url", metavar="URL", help="the page's address, for a file (resolves relative links)"
    )
    p.add_argument("--format", choices=["markdown", "text", "json"], default="markdown")

    p = sub.add_parser(
        "import",
        help="import saved links from Pocket, Instapaper, wallabag, Omnivore, bookmarks...",
        description="Import a file of saved links (format detected from its content), then "
        "fetch the ones that came without their article. Broken rows are reported with "
        "their line number and skipped. Interrupted? 'reader import --resume' goes on.",
    )
    p.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="the export file, or a folder of markdown notes; '-' reads stdin",
    )
    p.add_argument(
        "--format",
        default="auto",
        choices=[
            "auto",
            "pocket-csv",
            "pocket-html",
            "instapaper",
            "wallabag",
            "omnivore",
            "netscape",
            "urls",
            "reader-json",
        ],
        help="the file's format (default: detect it)",
    )
    p.add_argument("--no-fetch", action="store_true", help="only add the entries; fetch them later")
    p.add_argument("--tag", action="append", default=[], metavar="TAG", help="tag every entry")
    p.add_argument("--resume", action="store_true", help="fetch what is still queued")
    p.add_argument("--concurrency", type=int, default=8, metavar="N", help="fetches at once")
    p.add_argument("--json", action="store_true", help="print the result as JSON")

    p = sub.add_parser(
        "queue",
        help="show entries waiting to be fetched, and failed ones",
        description="List imported entries not fetched yet, and those whose fetch failed "
        "with the reason.",
    )
    p.add_argument("--json", action="store_true", help="print a JSON object")

    p = sub.add_parser(
        "retry",
        help="fetch the entries whose fetch failed again",
        description="Try again to fetch the entries whose fetch failed (see 'reader queue').",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")

    p = sub.add_parser(
        "export",
        help="export the library (markdown, json, netscape, csv) or its highlights",
        description="Write every article out: 'markdown' as one file per article into DIR; "
        "'json', 'netscape' (bookmark HTML) and 'csv' (Pocket-shaped) to stdout or --out. "
        "'reader export highlights [--format markdown|json]' writes every highlight instead "
        "(markdown by default; to export articles into a folder named 'highlights', use --out).",
    )
    p.add_argument("--format", choices=["markdown", "json", "netscape", "csv"])
    p.add_argument(
        "dir", nargs="?", metavar="DIR", help="folder for the markdown export, or 'highlights'"
    )
    p.add_argument("--out", metavar="PATH", help="file (or folder, for markdown) to write")
    p.add_argument("--tag", metavar="TAG", help="highlights: only those of articles with this tag")

    p = sub.add_parser(
        "images",
        help="save the images of articles already saved",
        description="Download the content images of saved articles into the library's "
        "images folder and link the markdown to them; images that failed before are tried again.",
    )
    p.add_argument("ids", nargs="*", metavar="ID", help="article ids")
    p.add_argument("--all", action="store_true", help="every saved article")
    p.add_argument("--json", action="store_true", help="print the result as JSON")

    p = sub.add_parser(
        "gc",
        help="free the space of images nothing uses",
        description="Remove the images of deleted articles (in the trash), of articles no "
        "longer in the library, and image files no article links; print what was freed. "
        "Files written in the last ten minutes are kept: a save may still be linking them.",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")

    p = sub.add_parser(
        "highlights",
        help="list highlights (of one article, or all of them)",
        description="List highlighted passages: of the article ID (with orphans, the ones "
        "that could not be found in its current text), or of the whole library, newest first.",
    )
    p.add_argument("id", nargs="?", metavar="ID", help="article id (default: every article)")
    p.add_argument("--search", metavar="TEXT", help="only highlights whose quote or note match")
    p.add_argument("--tag", metavar="TAG", help="only highlights of articles with this tag")
    p.add_argument("--json", action="store_true", help="print a JSON list")

    p = sub.add_parser(
        "highlight",
        help="highlight a passage of an article",
        description="Highlight the passage QUOTE of article ID (it must occur in the article's "
        "text; whitespace may differ), optionally with a note.",
    )
    p.add_argument("id", metavar="ID", help="article id (a unique prefix is enough)")
    p.add_argument("--quote", "-q", required=True, metavar="TEXT", help="the exact passage")
    p.add_argument("--note", "-n", default="", metavar="TEXT", help="a note on it")
    p.add_argument("--json", action="store_true", help="print the highlight as JSON")

    p = sub.add_parser(
        "unhighlight",
        help="remove highlights from an article",
        description="Remove highlights (by id, as 'reader highlights ID' shows) from article ID.",
    )
    p.add_argument("id", metavar="ID", help="article id")
    p.add_argument("highlight_ids", nargs="+", metavar="HIGHLIGHT_ID")
    p.add_argument("--json", action="store_true", help="print the removed highlights as JSON")

    p = sub.add_parser(
        "note",
        help="set or clear the note of a highlight",
        description="Set the note of highlight HIGHLIGHT_ID of article ID "
        "(an empty TEXT clears it).",
    )
    p.add_argument("id", metavar="ID", help="article id")
    p.add_argument("highlight_id", metavar="HIGHLIGHT_ID")
    p.add_argument(
        "text", nargs="?", default="", metavar="TEXT", help="the note (none or '' clears it)"
    )
    p.add_argument("--json", action="store_true", help="print the highlight as JSON")

    p = sub.add_parser(
        "where", help="print where the library lives", description="Print the library folder."
    )
    p.add_argument("--json", action="store_true", help="print paths as JSON")
    return parser


# -- helpers -------------------------------------------------------------------------------------


def _open(args: argparse.Namespace) -> Library:
    from reader.config import resolve_data_dir
    from reader.library import Library

    library = Library(resolve_data_dir(args.data_dir))
    for problem in library.last_sync.problems:
        _err(f"skipped {problem}")
    return library


def _entry_line(entry: Entry) -> str:
    marks = ("*" if entry.favorite else " ") + ("." if entry.status == "unread" else " ")
    minutes = f"{entry.reading_minutes:>3} min" if entry.fetched else "  (queued)"
    site = f"  [{entry.site}]" if entry.site else ""
    return f"{entry.id}  {marks} {minutes}  {entry.title}{site}"


def _read_urls(values: Sequence[str]) -> list[str]:
    urls: list[str] = []
    for value in values:
        if value == "-":
            urls.extend(line.strip() for line in sys.stdin if line.strip())
        else:
            urls.append(value)
    return urls


# -- commands ------------------------------------------------------------------------------------


def cmd_add(args: argparse.Namespace) -> int:
    """Save each URL; report each failure on its own line and keep going."""
    import asyncio

    from reader.config import load_settings, resolve_config_dir

    urls = _read_urls(args.urls)
    images = not args.no_images and load_settings(resolve_config_dir()).images
    library = _open(args)
    try:
        results = asyncio.run(_add_all(library, urls, args.tag, images))
    finally:
        library.close()
    saved: list[dict[str, object]] = []
    failed = 0
    for url, result in zip(urls, results, strict=True):
        if isinstance(result, ReaderError):
            failed += 1
            _err(f"{url}: {result}")
            continue
        report = result.images
        if report is not None and report.failed:
            _err(f"{result.entry.id}: {report.summary()} (try again: reader images ID)")
        if args.json:
            saved.append(
                {
                    **result.entry.to_json(),
                    "created": result.created,
                    "images": report.to_json() if report is not None else None,
                }
            )
        else:
            note = "" if result.created else "  (already saved)"
            _out(f"{result.entry.id}  {result.entry.title}{note}")
    if args.json:
        _print_json(saved)
    return EXIT_ERROR if failed else EXIT_OK


async def _add_all(
    library: Library, urls: list[str], tags: list[str], images: bool = True
) -> list[Any]:
    import asyncio

    from reader.fetch import make_client

    limit = asyncio.Semaphore(4)
    async with make_client() as client:

        async def one(url: str) -> Any:
            async with limit:
                try:
                    return await library.save_url_async(
                        url, tags=tags, client=client, images=images
                    )
                except ReaderError as exc:
                    return exc

        return list(await asyncio.gather(*(one(u) for u in urls)))


def cmd_list(args: argparse.Namespace) -> int:
    """List articles of one view."""
    from reader.store.index import Filter

    view = args.view or "unread"
    flt = Filter(
        status="unread" if view == "unread" else "archived" if view == "archived" else None,
        favorite=True if view == "favorites" else None,
        tag=args.tag,
    )
    with _open(args) as library:
        entries = library.entries(flt, sort=args.sort, limit=args.limit)
        if args.json:
            _print_json([{**e.to_json(), "bytes": library.disk_usage(e)} for e in entries])
            return EXIT_OK
    if args.json:
        _print_json([e.to_json() for e in entries])
    else:
        for entry in entries:
            _out(_entry_line(entry))
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """Print one article."""
    with _open(args) as library:
        entry = library.get(args.id)
        markdown = library.markdown(entry.id)
    if args.json:
        _print_json({**entry.to_json(), "markdown": markdown})
        return EXIT_OK
    _out(f"# {entry.title}\n")
    details = [d for d in (entry.byline, entry.site, entry.published, entry.url) if d]
    if details:
        _out(" · ".join(details) + "\n")
    _out(markdown.rstrip() if entry.fetched else "(not fetched yet)")
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    """Full-text search."""
    from reader.store.index import Filter

    status: Status | None = "archived" if args.archived else "unread" if args.unread else None
    with _open(args) as library:
        entries = library.search(
            " ".join(args.query), Filter(status=status, tag=args.tag), limit=args.limit
        )
    if args.json:
        _print_json([e.to_json() for e in entries])
    else:
        for entry in entries:
            _out(_entry_line(entry))
    return EXIT_OK


def _each_id(args: argparse.Namespace, action: Callable[[Library, str], Entry]) -> int:
    changed: list[Entry] = []
    failed = 0
    with _open(args) as library:
        for entry_id in args.ids:
            try:
                changed.append(action(library, entry_id))
            except ReaderError as exc:
                failed += 1
                _err(str(exc))
    if args.json:
        _print_json([e.to_json() for e in changed])
    else:
        for entry in changed:
            _out(_entry_line(entry))
    return EXIT_ERROR if failed else EXIT_OK


def cmd_archive(args: argparse.Namespace) -> int:
    """Archive articles."""
    return _each_id(args, lambda lib, i: lib.set_status(i, "archived"))


def cmd_unarchive(args: argparse.Namespace) -> int:
    """Unarchive articles."""
    return _each_id(args, lambda lib, i: lib.set_status(i, "unread"))


def cmd_favorite(args: argparse.Namespace) -> int:
    """Favorite articles."""
    return _each_id(args, lambda lib, i: lib.set_favorite(i, True))


def cmd_unfavorite(args: argparse.Namespace) -> int:
    """Unfavorite articles."""
    return _each_id(args, lambda lib, i: lib.set_favorite(i, False))


def cmd_rm(args: argparse.Namespace) -> int:
    """Delete articles (to the trash)."""
    return _each_id(args, lambda lib, i: lib.delete(i))


def cmd_tag(args: argparse.Namespace) -> int:
    """Add tags."""
    args.ids = [args.id]
    return _each_id(args, lambda lib, i: lib.add_tags(i, args.tags))


def cmd_untag(args: argparse.Namespace) -> int:
    """Remove tags."""
    args.ids = [args.id]
    return _each_id(args, lambda lib, i: lib.remove_tags(i, args.tags))


def cmd_tags(args: argparse.Namespace) -> int:
    """List tags and counts."""
    with _open(args) as library:
        counts = library.tag_counts()
    if args.json:
        _print_json(counts)
    else:
        for tag, count in counts.items():
            _out(f"{count:>5}  {tag}")
    return EXIT_OK


def cmd_reindex(args: argparse.Namespace) -> int:
    """Rebuild the index from the files."""
    with _open(args) as library:
        report = library.reindex()
        total = library.counts()["all"]
    for problem in report.problems:
        _err(f"skipped {problem}")
    if args.json:
        _print_json({"indexed": report.indexed, "skipped": report.problems, "articles": total})
    else:
        _out(
            f"indexed {report.indexed} articles"
            + (f", skipped {len(report.problems)} unreadable files" if report.problems else "")
        )
    return EXIT_OK


def cmd_reextract(args: argparse.Namespace) -> int:
    """Extract saved articles again."""
    if args.all == bool(args.ids):
        raise ReaderError("give article ids or --all, not both or neither")
    if args.all:
        with _open(args) as library:
            args.ids = [e.id for e in library.entries() if e.fetched]
    return _each_id(args, lambda lib, i: lib.reextract(i))


def cmd_extract(args: argparse.Namespace) -> int:
    """Extract and print, storing nothing."""
    from reader.extract import extract

    source: str = args.source
    if source.startswith(("http://", "https://")):
        from reader.fetch import fetch_page_sync

        page = fetch_page_sync(source)
        article = extract(page.html, url=args.url or page.url)
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise ReaderError(f"cannot read {source}: {exc.strerror or exc}") from None
        article = extract(data, url=args.url)
    _print_article(article, args.format)
    return EXIT_OK


def _print_article(article: Article, fmt: str) -> None:
    if fmt == "json":
        _print_json(article_to_json(article))
    elif fmt == "text":
        _out(article.text.rstrip())
    else:
        _out(f"# {article.title}\n\n{article.markdown.rstrip()}")


def article_to_json(article: Article) -> dict[str, object]:
    """The fields of an extracted Article as JSON."""
    return {
        "title": article.title,
        "byline": article.byline,
        "site_name": article.site_name,
        "published": article.published,
        "lang": article.lang,
        "excerpt": article.excerpt,
        "lead_image": article.lead_image,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "word_count": article.word_count,
        "reading_minutes": article.reading_minutes,
        "markdown": article.markdown,
        "text": article.text,
    }


def cmd_where(args: argparse.Namespace) -> int:
    """Print the library and config folders."""
    from reader.config import resolve_config_dir, resolve_data_dir

    data, config = resolve_data_dir(args.data_dir), resolve_config_dir()
    if args.json:
        _print_json({"data_dir": str(data), "config_dir": str(config)})
    else:
        _out(f"library: {data}\nsettings: {config / 'config.toml'}")
    return EXIT_OK


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


def cmd_import(args: argparse.Namespace) -> int:
    """Import a file of saved links, then fetch what came without content."""
    from reader.importers.commands import fetch_queue, import_file, import_summary

    if not args.file and not args.resume:
        raise ReaderError("name the file to import (or '-' for stdin), or use --resume")
    report = None
    with _open(args) as library:
        if args.file:
            report = import_file(library, args.file, args.format, args.tag, _err)
        fetched = None
        if not args.no_fetch:
            fetched = fetch_queue(library, _err, concurrency=max(1, args.concurrency))
    if args.json:
        _print_json(
            {
                "import": report.to_json() if report else None,
                "fetch": fetched.to_json() if fetched else None,
            }
        )
    else:
        _out(import_summary(report, fetched))
    failed = bool(report and report.problems) or bool(fetched and fetched.failed)
    return EXIT_ERROR if failed else EXIT_OK


def cmd_queue(args: argparse.Namespace) -> int:
    """Show pending and failed entries."""
    from reader.importers.commands import print_queue

    with _open(args) as library:
        print_queue(library, _out, args.json)
    return EXIT_OK


def cmd_retry(args: argparse.Namespace) -> int:
    """Fetch the failed entries again."""
    from reader.importers.commands import fetch_queue, import_summary
    from reader.queue import failed_entries

    with _open(args) as library:
        ids = [e.id for e in failed_entries(library)]
        fetched = fetch_queue(library, _err, ids=ids)
    if args.json:
        _print_json(fetched.to_json())
    else:
        _out(import_summary(None, fetched))
    return EXIT_ERROR if fetched.failed else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Export the library (or, with the target 'highlights', its highlights)."""
    from reader.exporters import export

    if args.dir == "highlights":
        from reader.highlights.cli import export_highlights_command

        return export_highlights_command(args, _open, _err)
    if args.format is None:
        _Parser(prog=f"{PROG} export").error("the following arguments are required: --format")
    target = args.out or args.dir
    with _open(args) as library:
        if args.format == "markdown":
            if not target:
                raise ReaderError(
                    "the markdown export needs a folder: reader export --format markdown DIR"
                )
            count = export(library, "markdown", folder=Path(target))
            _err(f"exported {count} articles to {target}")
        elif target:
            try:
                with open(target, "w", encoding="utf-8", newline="") as handle:
                    count = export(library, args.format, out=handle)
            except OSError as exc:
                raise ReaderError(f"cannot write {target}: {exc.strerror or exc}") from None
            _err(f"exported {count} articles to {target}")
        else:
            export(library, args.format, out=sys.stdout)
    return EXIT_OK


def cmd_highlights(args: argparse.Namespace) -> int:
    """List highlights."""
    from reader.highlights.cli import list_command

    return list_command(args, _open, _out, _print_json)


def cmd_highlight(args: argparse.Namespace) -> int:
    """Highlight a passage."""
    from reader.highlights.cli import add_command

    return add_command(args, _open, _out, _print_json)


def cmd_unhighlight(args: argparse.Namespace) -> int:
    """Remove highlights."""
    from reader.highlights.cli import remove_command

    return remove_command(args, _open, _out, _err, _print_json)


def cmd_note(args: argparse.Namespace) -> int:
    """Set a highlight's note."""
    from reader.highlights.cli import note_command

    return note_command(args, _open, _out, _print_json)


def cmd_images(args: argparse.Namespace) -> int:
    """Save the images of articles already saved."""
    import asyncio

    from reader.images import ImageReport

    if args.all == bool(args.ids):
        raise ReaderError("give article ids or --all, not both or neither")
    results: list[tuple[Entry, ImageReport]] = []
    failed = 0
    with _open(args) as library:
        if args.all:
            entries = [e for e in library.entries() if e.fetched]
        else:
            entries = []
            for entry_id in args.ids:
                try:
                    entries.append(library.get(entry_id))
                except ReaderError as exc:
                    failed += 1
                    _err(str(exc))
        results = asyncio.run(_images_of(library, entries))
    for entry, report in results:
        failed += bool(report.failed)
        if not args.json:
            _out(f"{entry.id}  {report.summary()}")
        for url, reason in report.failed:
            _err(f"{entry.id}: {url}: {reason}" if url else f"{entry.id}: {reason}")
    if args.json:
        _print_json([{"id": e.id, **report.to_json()} for e, report in results])
    return EXIT_ERROR if failed else EXIT_OK


async def _images_of(library: Library, entries: list[Entry]) -> list[tuple[Entry, Any]]:
    from reader.fetch import make_client
    from reader.images import save_images

    results = []
    async with make_client() as client:
        for entry in entries:
            report = await save_images(library, entry.id, client=client)
            results.append((report.entry or entry, report))
    return results


def cmd_gc(args: argparse.Namespace) -> int:
    """Remove images nothing uses."""
    from reader.images import collect_garbage

    with _open(args) as library:
        report = collect_garbage(library)
    if args.json:
        _print_json(report.to_json())
    else:
        _out(
            f"freed {report.bytes / 1_000_000:.1f} MB: {report.files} image files "
            f"of {len(report.articles)} articles"
        )
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "add": cmd_add,
    "list": cmd_list,
    "ls": cmd_list,
    "show": cmd_show,
    "search": cmd_search,
    "archive": cmd_archive,
    "unarchive": cmd_unarchive,
    "favorite": cmd_favorite,
    "unfavorite": cmd_unfavorite,
    "tag": cmd_tag,
    "untag": cmd_untag,
    "rm": cmd_rm,
    "tags": cmd_tags,
    "reindex": cmd_reindex,
    "reextract": cmd_reextract,
    "extract": cmd_extract,
    "where": cmd_where,
    "import": cmd_import,
    "queue": cmd_queue,
    "retry": cmd_retry,
    "export": cmd_export,
    "images": cmd_images,
    "highlights": cmd_highlights,
    "highlight": cmd_highlight,
    "unhighlight": cmd_unhighlight,
    "note": cmd_note,
    "gc": cmd_gc,
}


def _rebuild_damaged_index(args: argparse.Namespace, exc: sqlite3.DatabaseError) -> bool:
    """Throw away an index SQLite finds damaged, so the retry rebuilds it from the files."""
    from reader.config import resolve_data_dir
    from reader.library import INDEX_FILE
    from reader.store.index import discard_index_files, is_corrupt

    if not is_corrupt(exc):
        return False
    _err(f"the search index was damaged ({exc}); rebuilding it from the article files")
    discard_index_files(resolve_data_dir(args.data_dir) / INDEX_FILE)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `reader` command with *argv* (default: sys.argv[1:]); return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = COMMANDS.get(args.command or "", cmd_ui)
    try:
        try:
            return handler(args)
        except sqlite3.DatabaseError as exc:
            if not _rebuild_damaged_index(args, exc):
                raise
            return handler(args)
    except ReaderError as exc:
        _err(f"error: {exc}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `reader list | head`: the reader of our output went away; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # a bug: still one line, and the details on request
        if os.environ.get("READER_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (set READER_DEBUG=1 for details)")
        return EXIT_ERROR
