"""Commands that fetch or extract articles: ``add``, ``reindex``, ``reextract``, ``extract``."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

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

    from reader.library import Library
    from reader.models import Article


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


def cmd_add(args: argparse.Namespace) -> int:
    """Save each URL; report each failure on its own line and keep going."""
    import asyncio

    from reader.config import load_settings, resolve_config_dir

    urls = _read_urls(args.urls)
    images = not args.no_images and load_settings(resolve_config_dir()).images
    library = open_library(args, create=True)
    try:
        results = asyncio.run(_add_all(library, urls, args.tag, images))
    finally:
        library.close()
    saved: list[dict[str, object]] = []
    failed = 0
    for url, result in zip(urls, results, strict=True):
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
    return EXIT_ERROR if failed else EXIT_OK


async def _add_all(
    library: Library, urls: list[str], tags: list[str], images: bool = True
) -> list[Any]:
    import asyncio

    from reader.web.fetch import make_client

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


def _reindex_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def cmd_reindex(args: argparse.Namespace) -> int:
    """Rebuild the index from the files."""
    with open_library(args) as library:
        report = library.reindex()
        total = library.counts()["all"]
    for problem in report.problems:
        err(f"skipped {problem}")
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
    return each_id(args, lambda lib, i: lib.reextract(i))


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
        from reader.web.fetch import fetch_page_sync

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
