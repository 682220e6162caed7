"""Commands that fetch or extract articles: ``add``, ``reindex``, ``reextract``, ``extract``."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from reader.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    check_ids_or_all,
    each_id,
    err,
    fail,
    ids_or_all_arguments,
    no_images_argument,
    open_library,
    out,
    print_json,
    read_input,
)
from reader.cli.registry import Command
from reader.errors import ReaderError
from reader.text.plural import count

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from datetime import datetime

    from reader.library import Library, SaveResult
    from reader.models import Article, Entry


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "urls", nargs="+", metavar="URL", help="page address; '-' reads URLs from stdin"
    )
    parser.add_argument(
        "--tag", "-t", action="append", default=[], metavar="TAG", help="tag to add (repeatable)"
    )
    parser.add_argument("--json", action="store_true", help="print the saved articles as JSON")
    no_images_argument(parser)


def _read_urls(values: Sequence[str]) -> list[str]:
    """The URLs given, '-' read from stdin one a line (blank lines and ``#`` comments
    skipped, as in an imported list of URLs); an error when that leaves none."""
    urls: list[str] = []
    for value in values:
        if value == "-":
            lines = (line.strip() for line in sys.stdin)
            urls.extend(line for line in lines if line and not line.startswith("#"))
        else:
            urls.append(value)
    if not urls:
        raise ReaderError("nothing to add: no URLs on standard input (one a line)")
    return urls


#: The environment variable that sets `reader add`'s time limit, in seconds (tests use it).
DEADLINE_ENV = "READER_FETCH_DEADLINE"
#: Seconds `reader add` may take to save a URL, start-up included.
DEFAULT_DEADLINE = 60.0
#: Kept back from the time limit to save, print and exit after the last fetch ends.
EXIT_MARGIN = 0.3
#: URLs saved at once.
AT_ONCE = 4


def add_deadline() -> float:
    """`reader add`'s time limit in seconds: ``$READER_FETCH_DEADLINE``, or 60."""
    import os

    value = os.environ.get(DEADLINE_ENV, "").strip()
    if not value:
        return DEFAULT_DEADLINE
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < float("inf"):
        raise ReaderError(f"{DEADLINE_ENV} must be a number of seconds above 0, not {value!r}")
    return seconds


def cmd_add(args: argparse.Namespace) -> int:
    """Save each URL; report each failure on its own line and keep going.

    Each URL has `add_deadline` seconds, counted for the first ones from the moment
    the command started (``args.started``) and for later ones from when their turn
    came: a single ``reader add URL`` ends within the limit, start-up included.
    Ctrl-C stops at once; what was saved stays and is listed, and the one line
    on stderr says how many were not saved.
    """
    import time
    from datetime import UTC, datetime

    from reader.config import load_settings, resolve_config_dir
    from reader.web.loop import run

    urls = _read_urls(args.urls)
    seconds = add_deadline()
    started = getattr(args, "started", None) or time.monotonic()
    if "-" in args.urls:
        started = time.monotonic()  # waiting for stdin is the other program's time, not ours
    began = datetime.now(UTC)
    images = not args.no_images and load_settings(resolve_config_dir()).images
    library = open_library(args, create=True)
    results: dict[int, SaveResult | ReaderError] = {}
    stopped = False
    try:
        try:
            run(_add_all(library, urls, args.tag, images, results, started, seconds))
        except KeyboardInterrupt:
            stopped = True
            _saved_meanwhile(library, urls, results, began)
    finally:
        library.close()
    saved: list[dict[str, object]] = []
    failed = 0
    for number, url in enumerate(urls):
        result = results.get(number)
        if result is None:
            continue
        if isinstance(result, ReaderError):
            failed += 1
            fail(f"{url}: {result}")
            continue
        report = result.images
        if report is not None and report.failed:
            err(f"{result.entry.id}: {report.summary()} (try again: reader images ID)")
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
            out(f"{result.entry.id}  {result.entry.title}{note}")
    if args.json:
        print_json(saved)
    if stopped:
        kept = len(urls) - failed - sum(1 for n in range(len(urls)) if n not in results)
        left = len(urls) - kept - failed
        noun = "URL" if len(urls) == 1 else "URLs"
        message = f"saved {kept} of {len(urls)} {noun}"
        if left:
            message += f"; {left} not saved (add them again)"
        raise KeyboardInterrupt(message)
    return EXIT_ERROR if failed else EXIT_OK


def _saved_meanwhile(
    library: Library, urls: list[str], results: dict[int, SaveResult | ReaderError], began: datetime
) -> None:
    """After Ctrl-C: note as saved the URLs whose article was stored before the stop
    (only their images were still coming)."""
    from reader.library import SaveResult

    for number, url in enumerate(urls):
        if number in results:
            continue
        try:
            entry = library.find_url(url)
        except ReaderError:
            continue
        if entry is not None and entry.fetched:
            results[number] = SaveResult(entry, created=entry.saved_at >= began)


async def _add_all(
    library: Library,
    urls: list[str],
    tags: list[str],
    images: bool,
    results: dict[int, SaveResult | ReaderError],
    started: float,
    seconds: float,
) -> None:
    """Save *urls*, `AT_ONCE` at a time, into *results* (by position) as each ends:
    what was saved is there even if the run is stopped."""
    import asyncio
    import time

    from reader.web.fetch import deadline, make_client

    limit = asyncio.Semaphore(AT_ONCE)
    turns = 0
    async with make_client() as client:

        async def one(number: int, url: str) -> None:
            nonlocal turns
            async with limit:
                # The first ones started with the command; the others when a turn came.
                origin = started if turns < AT_ONCE else time.monotonic()
                turns += 1
                ends = origin + seconds - EXIT_MARGIN
                with deadline(ends, seconds, "reader add's time limit"):
                    try:
                        results[number] = await library.save_url_async(
                            url, tags=tags, client=client, images=images
                        )
                    except ReaderError as exc:
                        results[number] = exc

        await asyncio.gather(*(one(n, u) for n, u in enumerate(urls)))


def _reindex_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def cmd_reindex(args: argparse.Namespace) -> int:
    """Rebuild the index from the files."""
    # Files edited in place need no look first: every file is read again anyway.
    with open_library(args, check_files=False) as library:
        # With no index (or a broken one), opening has just built it from the files.
        said = library.index.rebuilt  # and said what it skipped
        report = library.last_sync if said else library.reindex()
        total = library.counts()["all"]
    for problem in [] if said else report.problems:
        err(f"skipped {problem}")
    for line in [] if said else report.merged:
        err(line)
    if args.json:
        print_json({"indexed": report.indexed, "skipped": report.problems, "articles": total})
    else:
        out(
            f"indexed {count(report.indexed, 'article')}"
            + (
                f", skipped {count(len(report.problems), 'unreadable file')}"
                if report.problems
                else ""
            )
        )
    return EXIT_OK


def _reextract_arguments(parser: argparse.ArgumentParser) -> None:
    ids_or_all_arguments(parser, "print the articles as JSON")


def cmd_reextract(args: argparse.Namespace) -> int:
    """Extract saved articles again."""
    check_ids_or_all(args)
    if args.all:
        with open_library(args) as library:
            args.ids = [e.id for e in library.entries() if e.fetched]
    return each_id(args, _reextract_one)


def _reextract_one(library: Library, entry_id: str) -> Entry:
    """Extract one article again; say which of its highlights the new text no longer
    holds (they stay in its highlights file, listed as orphaned, never dropped)."""
    from reader.library.highlighting import article_highlights

    before = {h.id for h in article_highlights(library, entry_id).orphans}
    entry = library.reextract(entry_id)
    lost = [h for h in article_highlights(library, entry_id).orphans if h.id not in before]
    if lost:
        err(
            f"{entry.id}: {count(len(lost), 'highlight')} no longer found in the new text,"
            f" kept as orphaned (see 'reader highlights {entry.id}')"
        )
    return entry


#: Largest HTML file (or stdin) `reader extract` reads, as large as a page fetched may be
#: (`reader.web.fetch.FetchLimits.max_bytes`, not imported: httpx is slow to load).
MAX_HTML_BYTES = 20_000_000


def _extract_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "source", metavar="FILE_OR_URL", help="an HTML file, a page address, or '-' for stdin"
    )
    parser.add_argument(
        "--url", metavar="URL", help="the page's address, for a file (resolves relative links)"
    )
    parser.add_argument("--format", choices=["markdown", "text", "json"], default="markdown")


def cmd_extract(args: argparse.Namespace) -> int:
    """Extract and print, storing nothing."""
    from reader.extract import extract

    source: str = args.source
    if source.startswith(("http://", "https://")):
        import time

        from reader.web.fetch import deadline, fetch_page_sync

        seconds = add_deadline()
        started = getattr(args, "started", None) or time.monotonic()
        with deadline(started + seconds - EXIT_MARGIN, seconds, "the time limit"):
            page = fetch_page_sync(source)
        article = extract(page.html, url=args.url or page.url)
    else:
        article = extract(read_input(source, MAX_HTML_BYTES), url=args.url)
    _print_article(article, args.format)
    return EXIT_OK


def _print_article(article: Article, fmt: str) -> None:
    if fmt == "json":
        print_json(article_to_json(article))
    elif fmt == "text":
        out(article.text.rstrip())
    else:
        out(f"# {article.title}\n\n{article.markdown.rstrip()}")


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


COMMANDS = {
    "add": Command(
        "Fetch each URL, extract its article and save it to the library.", _add_arguments, cmd_add
    ),
    "reindex": Command(
        "Rebuild the SQLite index from the markdown files. Nothing is lost: the files are "
        "the library.",
        _reindex_arguments,
        cmd_reindex,
    ),
    "reextract": Command(
        "Run the current extractor again over the HTML kept when each article was saved. "
        "Tags, status, progress and highlights stay.",
        _reextract_arguments,
        cmd_reextract,
    ),
    "extract": Command(
        "Extract the article from a local HTML file or a URL and print it. Nothing is stored.",
        _extract_arguments,
        cmd_extract,
    ),
}
