"""Commands that read the library: ``list``, ``show``, ``search``, ``tags``, ``where``."""

from __future__ import annotations

from reader.cli.common import (
    EXIT_OK,
    entry_line,
    get_entry,
    id_argument,
    open_library,
    out,
    print_json,
    print_json_list,
)
from reader.cli.registry import Command

# `typing` costs milliseconds to import, and `reader list` imports this module.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

    from reader.models import Status


def _list_arguments(parser: argparse.ArgumentParser) -> None:
    view = parser.add_mutually_exclusive_group()
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
    parser.add_argument("--tag", metavar="TAG", help="only articles with this tag")
    parser.add_argument(
        "--sort",
        choices=["saved", "saved-asc", "reading-time", "title", "site"],
        default="saved",
        help="order (default: newest saved first)",
    )
    parser.add_argument("--limit", type=int, metavar="N", help="show at most N articles")
    parser.add_argument("--json", action="store_true", help="print a JSON list")


def cmd_list(args: argparse.Namespace) -> int:
    """List articles of one view."""
    from reader.store.index import Filter

    view = args.view or "unread"
    flt = Filter(
        status="unread" if view == "unread" else "archived" if view == "archived" else None,
        favorite=True if view == "favorites" else None,
        tag=args.tag,
    )
    with open_library(args) as library:
        if args.json:
            usage = library.disk_usages()
            # Each object is SQLite's, compact and inert (control characters escaped),
            # with the bytes the article takes added before its closing brace.
            rows = library.index.iter_json(flt, sort=args.sort, limit=args.limit)
            print_json_list(
                f'{text[:-1]},"bytes":{usage(entry_id, path)}}}' for entry_id, path, text in rows
            )
            return EXIT_OK
        entries = library.index.iter_entries(flt, sort=args.sort, limit=args.limit)
        for entry in entries:
            out(entry_line(entry))
    return EXIT_OK


def _show_arguments(parser: argparse.ArgumentParser) -> None:
    id_argument(parser)
    parser.add_argument("--json", action="store_true", help="print metadata and markdown as JSON")


def cmd_show(args: argparse.Namespace) -> int:
    """Print one article."""
    with open_library(args, check_files=False) as library:
        entry = library.refreshed(get_entry(library, args.id))
        markdown = library.markdown(entry.id)
    if args.json:
        print_json({**entry.to_json(), "markdown": markdown})
        return EXIT_OK
    out(f"# {entry.title}\n")
    details = [d for d in (entry.byline, entry.site, entry.published, entry.url) if d]
    if details:
        out(" · ".join(details) + "\n")
    out(markdown.rstrip() if entry.fetched else "(not fetched yet)")
    return EXIT_OK


def _search_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="+", metavar="WORD")
    parser.add_argument("--archived", action="store_true", help="only archived articles")
    parser.add_argument("--unread", action="store_true", help="only unread articles")
    parser.add_argument("--tag", metavar="TAG", help="only articles with this tag")
    parser.add_argument(
        "--limit", type=int, default=50, metavar="N", help="at most N results (default 50)"
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list")


def cmd_search(args: argparse.Namespace) -> int:
    """Full-text search."""
    from reader.store.index import Filter

    status: Status | None = "archived" if args.archived else "unread" if args.unread else None
    with open_library(args) as library:
        entries = library.search(
            " ".join(args.query), Filter(status=status, tag=args.tag), limit=args.limit
        )
    if args.json:
        print_json([e.to_json() for e in entries])
    else:
        for entry in entries:
            out(entry_line(entry))
    return EXIT_OK


def _tags_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rename",
        nargs=2,
        metavar=("OLD", "NEW"),
        help="rename tag OLD to NEW on every article; if NEW exists, the two merge",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON object")


def cmd_tags(args: argparse.Namespace) -> int:
    """List tags and counts, or rename (merge) one."""
    if args.rename:
        return _rename_tag(args, *args.rename)
    with open_library(args) as library:
        counts = library.tag_counts()
    if args.json:
        print_json(counts)
    else:
        for tag, count in counts.items():
            out(f"{count:>5}  {tag}")
    return EXIT_OK


def _rename_tag(args: argparse.Namespace, old: str, new: str) -> int:
    """Rename tag *old* to *new* (merging into *new* when it exists) and say so."""
    from reader.text.plural import count
    from reader.text.sanitize import clean_line

    with open_library(args) as library:
        merged = any(t.casefold() == new.strip().casefold() for t in library.tag_counts()) and (
            old.strip().casefold() != new.strip().casefold()
        )
        changed = library.rename_tag(old, new)
    if args.json:
        print_json({"old": old, "new": new, "merged": merged, "articles": [e.id for e in changed]})
        return EXIT_OK
    verb = "merged" if merged else "renamed"
    link = "into" if merged else "to"
    out(f"{verb} #{clean_line(old)} {link} #{clean_line(new)}: {count(len(changed), 'article')}")
    return EXIT_OK


def _where_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print paths as JSON")


def cmd_where(args: argparse.Namespace) -> int:
    """Print the library and config folders."""
    from reader.config import index_folder_for, resolve_config_dir, resolve_data_dir

    data, config = resolve_data_dir(args.data_dir), resolve_config_dir()
    index = index_folder_for(data)
    if args.json:
        print_json({"data_dir": str(data), "config_dir": str(config), "index_dir": str(index)})
    else:
        out(f"library: {data}\nsettings: {config / 'config.toml'}\nindex (not synced): {index}")
    return EXIT_OK


COMMANDS = {
    "list": Command(
        "List saved articles, newest first (unread ones by default).", _list_arguments, cmd_list
    ),
    "show": Command(
        "Print a saved article: its title, then its markdown.", _show_arguments, cmd_show
    ),
    "search": Command(
        "Search titles, authors, sites and article text. Every word must match; "
        "the last may be a prefix.",
        _search_arguments,
        cmd_search,
    ),
    "tags": Command(
        "List tags with their counts; --rename OLD NEW renames one (merging it into NEW "
        "when NEW exists).",
        _tags_arguments,
        cmd_tags,
    ),
    "where": Command("Print the library folder.", _where_arguments, cmd_where),
}
