"""Commands over the library's images: ``images`` (save them) and ``gc`` (free unused ones)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reader.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    check_ids_or_all,
    fail,
    get_entry,
    ids_or_all_arguments,
    open_library,
    out,
    print_json,
)
from reader.cli.registry import Command
from reader.errors import ReaderError

if TYPE_CHECKING:
    import argparse

    from reader.library import Library
    from reader.library.image_saving import ImageReport
    from reader.models import Entry


def _images_arguments(parser: argparse.ArgumentParser) -> None:
    ids_or_all_arguments(parser, "print the result as JSON")


def cmd_images(args: argparse.Namespace) -> int:
    """Save the images of articles already saved."""
    import asyncio

    check_ids_or_all(args)
    results: list[tuple[Entry, ImageReport]] = []
    failed = 0
    with open_library(args) as library:
        if args.all:
            entries = [e for e in library.entries() if e.fetched]
        else:
            entries = []
            for entry_id in args.ids:
                try:
                    entries.append(get_entry(library, entry_id))
                except ReaderError as exc:
                    failed += 1
                    fail(str(exc))
        results = asyncio.run(_images_of(library, entries))
    for entry, report in results:
        failed += bool(report.failed)
        if not args.json:
            out(f"{entry.id}  {report.summary()}")
        for url, reason in report.failed:
            fail(f"{entry.id}: {url}: {reason}" if url else f"{entry.id}: {reason}")
    if args.json:
        print_json([{"id": e.id, **report.to_json()} for e, report in results])
    return EXIT_ERROR if failed else EXIT_OK


async def _images_of(library: Library, entries: list[Entry]) -> list[tuple[Entry, Any]]:
    from reader.library.image_saving import save_images
    from reader.web.fetch import make_client

    results = []
    async with make_client() as client:
        for entry in entries:
            report = await save_images(library, entry.id, client=client)
            results.append((report.entry or entry, report))
    return results


def _gc_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def cmd_gc(args: argparse.Namespace) -> int:
    """Remove images nothing uses."""
    from reader.library.image_gc import collect_garbage
    from reader.text.plural import count
    from reader.text.sizes import byte_size

    with open_library(args) as library:
        report = collect_garbage(library)
    if args.json:
        print_json(report.to_json())
    else:
        out(
            f"freed {byte_size(report.bytes)}: {count(report.files, 'image file')} "
            f"of {count(len(report.articles), 'article')}"
        )
    return EXIT_OK


COMMANDS = {
    "images": Command(
        "Download the content images of saved articles into the library's images folder and "
        "link the markdown to them; images that failed before are tried again.",
        _images_arguments,
        cmd_images,
    ),
    "gc": Command(
        "Remove the images of deleted articles (in the trash), of articles no longer in the "
        "library, and image files no article links; print what was freed. Files written in "
        "the last ten minutes are kept: a save may still be linking them.",
        _gc_arguments,
        cmd_gc,
    ),
}
