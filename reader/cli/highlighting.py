"""Commands over highlights: ``highlights``, ``highlight``, ``unhighlight``, ``note``.

Their bodies live in `reader.cli.highlight_commands`; this module gives them their
arguments and this package's printing helpers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.cli.common import err, id_argument, open_library, out, print_json
from reader.cli.registry import Command

if TYPE_CHECKING:
    import argparse


def _highlights_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", nargs="?", metavar="ID", help="article id (default: every article)")
    parser.add_argument(
        "--search", metavar="TEXT", help="only highlights whose quote or note match"
    )
    parser.add_argument("--tag", metavar="TAG", help="only highlights of articles with this tag")
    parser.add_argument("--json", action="store_true", help="print a JSON list")


def cmd_highlights(args: argparse.Namespace) -> int:
    """List highlights."""
    from reader.cli.highlight_commands import list_command

    return list_command(args, open_library, out, print_json)


def _highlight_arguments(parser: argparse.ArgumentParser) -> None:
    id_argument(parser)
    parser.add_argument("--quote", "-q", required=True, metavar="TEXT", help="the exact passage")
    parser.add_argument("--note", "-n", default="", metavar="TEXT", help="a note on it")
    parser.add_argument("--json", action="store_true", help="print the highlight as JSON")


def cmd_highlight(args: argparse.Namespace) -> int:
    """Highlight a passage."""
    from reader.cli.highlight_commands import add_command

    return add_command(args, open_library, out, print_json)


def _unhighlight_arguments(parser: argparse.ArgumentParser) -> None:
    id_argument(parser)
    parser.add_argument("highlight_ids", nargs="*", metavar="HIGHLIGHT_ID")
    parser.add_argument(
        "--undo",
        nargs="*",
        metavar="HIGHLIGHT_ID",
        help="bring back removed highlights: those named, else the latest removed",
    )
    parser.add_argument(
        "--removed",
        action="store_true",
        help="list the removed highlights that --undo can bring back",
    )
    parser.add_argument("--json", action="store_true", help="print the highlights as JSON")


def cmd_unhighlight(args: argparse.Namespace) -> int:
    """Remove highlights, list the removed ones, or bring them back."""
    from reader.cli.highlight_commands import remove_command, removed_command, undo_command
    from reader.cli.parser import UsageError

    undo = args.undo is not None
    if undo and args.removed:
        raise UsageError("--undo and --removed do not go together")
    if args.removed:
        if args.highlight_ids:
            raise UsageError("--removed takes no highlight ids")
        return removed_command(args, open_library, out, print_json)
    if undo:
        if args.highlight_ids:
            raise UsageError("name the highlights to bring back after --undo")
        return undo_command(args, open_library, out, err, print_json)
    if not args.highlight_ids:
        raise UsageError(
            "name the highlights to remove (their ids, as 'reader highlights ID' shows)"
        )
    return remove_command(args, open_library, out, err, print_json)


def _note_arguments(parser: argparse.ArgumentParser) -> None:
    id_argument(parser)
    parser.add_argument("highlight_id", metavar="HIGHLIGHT_ID")
    parser.add_argument(
        "text", nargs="?", default="", metavar="TEXT", help="the note (none or '' clears it)"
    )
    parser.add_argument("--json", action="store_true", help="print the highlight as JSON")


def cmd_note(args: argparse.Namespace) -> int:
    """Set a highlight's note."""
    from reader.cli.highlight_commands import note_command

    return note_command(args, open_library, out, print_json)


COMMANDS = {
    "highlights": Command(
        "List highlighted passages: of the article ID (with orphans, the ones that could not "
        "be found in its current text), or of the whole library, newest first.",
        _highlights_arguments,
        cmd_highlights,
    ),
    "highlight": Command(
        "Highlight the passage QUOTE of article ID (it must occur in the article's text; "
        "whitespace may differ), optionally with a note.",
        _highlight_arguments,
        cmd_highlight,
    ),
    "unhighlight": Command(
        "Remove highlights (by id, as 'reader highlights ID' shows) from article ID. A removed "
        "highlight is remembered for 90 days: --removed lists them, --undo brings one back.",
        _unhighlight_arguments,
        cmd_unhighlight,
    ),
    "note": Command(
        "Set the note of highlight HIGHLIGHT_ID of article ID (an empty TEXT clears it).",
        _note_arguments,
        cmd_note,
    ),
}
