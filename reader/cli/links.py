"""Commands that follow an article outward: ``open`` (its page or one of its links in
the browser) and ``links`` (the links dialog of the app, as a listing)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.cli.common import EXIT_OK, get_entry, id_argument, open_library, out, print_json
from reader.cli.registry import Command
from reader.errors import ReaderError
from reader.text.plural import count

if TYPE_CHECKING:
    import argparse

    from reader.library import Library
    from reader.library.links import ResolvedLink
    from reader.models import Entry


def _resolved_links(library: Library, entry: Entry) -> list[ResolvedLink]:
    """The article's links in reading order, made absolute (`reader links` numbers them)."""
    from reader.library.links import article_links, resolve

    markdown = library.markdown(entry.id)
    return [
        resolve(link, markdown, entry.url, library.root, entry.id)
        for link in article_links(markdown)
    ]


def _links_arguments(parser: argparse.ArgumentParser) -> None:
    id_argument(parser)
    parser.add_argument("--json", action="store_true", help="print a JSON list")


def cmd_links(args: argparse.Namespace) -> int:
    """List an article's links and images, numbered for `reader open ID N`."""
    with open_library(args) as library:
        entry = get_entry(library, args.id)
        links = _resolved_links(library, entry)
    if args.json:
        print_json(
            [
                {
                    "number": number,
                    "text": item.link.text,
                    "href": item.link.href,
                    "url": item.url,
                    "image": item.link.image,
                    "file": str(item.file) if item.file else None,
                }
                for number, item in enumerate(links, 1)
            ]
        )
        return EXIT_OK
    for number, item in enumerate(links, 1):
        text = "" if item.link.text == item.link.href else f"  {item.link.text}"
        out(f"{number:>3}  {item.url}{text}")
    return EXIT_OK


def _open_arguments(parser: argparse.ArgumentParser) -> None:
    id_argument(parser)
    parser.add_argument(
        "link",
        nargs="?",
        type=int,
        metavar="N",
        help="open the article's N-th link instead (as `reader links ID` numbers them)",
    )
    parser.add_argument("--json", action="store_true", help="print what was opened as JSON")


def cmd_open(args: argparse.Namespace) -> int:
    """Open an article's original page, or one of its links, in the web browser
    (a saved image opens from its file)."""
    with open_library(args) as library:
        entry = get_entry(library, args.id)
        target, saved_file = entry.url, False
        if args.link is not None:
            links = _resolved_links(library, entry)
            if not 1 <= args.link <= len(links):
                has = count(len(links), "link")
                raise ReaderError(f"{entry.id} has {has}; there is no link {args.link}")
            chosen = links[args.link - 1]
            saved_file = chosen.file is not None
            target = chosen.file.resolve().as_uri() if chosen.file else chosen.url
    from reader.library.links import SAFE_SCHEMES

    if not saved_file and not target.lower().startswith(SAFE_SCHEMES):
        raise ReaderError(f"only http and https links are opened: {target}")
    import webbrowser

    if not webbrowser.open(target):
        raise ReaderError(f"no web browser was found to open {target} (set $BROWSER)")
    if args.json:
        print_json({"id": entry.id, "opened": target})
    else:
        out(f"opened {target}")
    return EXIT_OK


COMMANDS = {
    "links": Command(
        "List the links and images of a saved article, in reading order, numbered for "
        "`reader open ID N`. Relative links are made absolute; a saved image shows the "
        "address it was downloaded from.",
        _links_arguments,
        cmd_links,
    ),
    "open": Command(
        "Open a saved article's original page in the web browser ($BROWSER chooses it), "
        "or its N-th link.",
        _open_arguments,
        cmd_open,
    ),
}
