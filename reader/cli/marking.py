"""Commands that change articles: ``archive``, ``unarchive``, ``favorite``, ``unfavorite``,
``tag``, ``untag`` and ``rm``."""

from __future__ import annotations

from reader.cli.common import each_id, id_argument
from reader.cli.registry import Command

# `typing` costs milliseconds to import, and `reader list` imports this module.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def _ids_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ids", nargs="+", metavar="ID")
    parser.add_argument("--json", action="store_true", help="print the changed articles as JSON")


def cmd_archive(args: argparse.Namespace) -> int:
    """Archive articles."""
    return each_id(args, lambda lib, i: lib.set_status(i, "archived"))


def cmd_unarchive(args: argparse.Namespace) -> int:
    """Unarchive articles."""
    return each_id(args, lambda lib, i: lib.set_status(i, "unread"))


def cmd_favorite(args: argparse.Namespace) -> int:
    """Favorite articles."""
    return each_id(args, lambda lib, i: lib.set_favorite(i, True))


def cmd_unfavorite(args: argparse.Namespace) -> int:
    """Unfavorite articles."""
    return each_id(args, lambda lib, i: lib.set_favorite(i, False))


def _tags_arguments(parser: argparse.ArgumentParser) -> None:
    id_argument(parser)
    parser.add_argument("tags", nargs="+", metavar="TAG")
    parser.add_argument("--json", action="store_true", help="print the article as JSON")


def cmd_tag(args: argparse.Namespace) -> int:
    """Add tags."""
    args.ids = [args.id]
    return each_id(args, lambda lib, i: lib.add_tags(i, args.tags))


def cmd_untag(args: argparse.Namespace) -> int:
    """Remove tags."""
    args.ids = [args.id]
    return each_id(args, lambda lib, i: lib.remove_tags(i, args.tags))


def _rm_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ids", nargs="+", metavar="ID")
    parser.add_argument("--json", action="store_true", help="print the deleted articles as JSON")


def cmd_rm(args: argparse.Namespace) -> int:
    """Delete articles (to the trash)."""
    return each_id(args, lambda lib, i: lib.delete(i))


COMMANDS = {
    "archive": Command("Mark articles as read (archived).", _ids_arguments, cmd_archive),
    "unarchive": Command("Move articles back to unread.", _ids_arguments, cmd_unarchive),
    "favorite": Command("Mark articles as favorites.", _ids_arguments, cmd_favorite),
    "unfavorite": Command("Remove articles from favorites.", _ids_arguments, cmd_unfavorite),
    "tag": Command("Add tags to an article.", _tags_arguments, cmd_tag),
    "untag": Command("Remove tags from an article.", _tags_arguments, cmd_untag),
    "rm": Command(
        "Delete articles. Their files move to the library's trash folder, from which "
        "they can be restored.",
        _rm_arguments,
        cmd_rm,
    ),
}
