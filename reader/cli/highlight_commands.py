"""The bodies of the highlight subcommands of `reader` (parsers are in `reader.cli`).

``reader highlights [ID]``, ``reader highlight ID --quote TEXT [--note TEXT]``,
``reader unhighlight ID HIGHLIGHT_ID...``, ``reader note ID HIGHLIGHT_ID TEXT`` and
``reader export highlights``. `reader.cli` passes in its helpers (open the
library, print safely, print JSON), so output looks like every other command's.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.errors import ReaderError
from reader.highlights.model import Highlight
from reader.store.index import Filter
from reader.text.sanitize import clean_line

if TYPE_CHECKING:
    from reader.library import Library

Open = Callable[[argparse.Namespace], "Library"]
Print = Callable[[str], None]
PrintJson = Callable[[object], None]

EXIT_OK = 0
EXIT_ERROR = 1
#: Characters of a quote shown on one line of a listing.
QUOTE_WIDTH = 100


def short(text: str, width: int = QUOTE_WIDTH) -> str:
    """*text* on one line, cut to *width* characters with an ellipsis."""
    line = clean_line(text)
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def _highlight_lines(highlight: Highlight, orphaned: bool = False) -> list[str]:
    mark = "  (orphaned: not found in the article's text)" if orphaned else ""
    lines = [f"{highlight.id}  “{short(highlight.exact)}”{mark}"]
    if highlight.note:
        lines.append(f"{' ' * len(highlight.id)}  note: {short(highlight.note)}")
    return lines


def list_command(args: argparse.Namespace, open_: Open, out: Print, print_json: PrintJson) -> int:
    """``reader highlights [ID]``: one article's highlights (placed), or the library's."""
    from reader.highlights.indexing import list_quotes

    with open_(args) as library:
        if args.id:
            return _list_article(library, args, out, print_json)
        rows = list_quotes(library.index, args.search or "", Filter(tag=args.tag))
    if args.json:
        print_json([row.to_json() for row in rows])
        return EXIT_OK
    for row in rows:
        key = f"{row.article_id} {row.highlight_id}"
        out(f"{key}  “{short(row.exact, 80)}”  — {short(row.title, 40)}")
        if row.note:
            out(f"{' ' * len(key)}  note: {short(row.note)}")
    return EXIT_OK


def _list_article(
    library: Library, args: argparse.Namespace, out: Print, print_json: PrintJson
) -> int:
    from reader.library.highlighting import article_highlights

    result = article_highlights(library, args.id)
    placed = result.placed
    if args.search:
        words = args.search.casefold().split()
        placed = [
            p
            for p in placed
            if all(w in (p.highlight.exact + " " + p.highlight.note).casefold() for w in words)
        ]
    if args.json:
        print_json(
            [
                {
                    **p.highlight.to_json(),
                    "article": result.entry.id,
                    "orphaned": p.orphaned,
                    "found": (
                        {"start": p.anchor.start, "end": p.anchor.end, "method": p.anchor.method}
                        if p.anchor is not None
                        else None
                    ),
                }
                for p in placed
            ]
        )
        return EXIT_OK
    for p in placed:
        for line in _highlight_lines(p.highlight, p.orphaned):
            out(line)
    return EXIT_OK


def add_command(args: argparse.Namespace, open_: Open, out: Print, print_json: PrintJson) -> int:
    """``reader highlight ID --quote TEXT [--note TEXT]``."""
    from reader.library.highlighting import add_highlight

    with open_(args) as library:
        entry = library.get(args.id)
        made = add_highlight(library, entry.id, args.quote, note=args.note)
    if args.json:
        print_json({**made.to_json(), "article": entry.id})
    else:
        for line in _highlight_lines(made):
            out(line)
    return EXIT_OK


def remove_command(
    args: argparse.Namespace, open_: Open, out: Print, err: Print, print_json: PrintJson
) -> int:
    """``reader unhighlight ID HIGHLIGHT_ID...``."""
    from reader.library.highlighting import remove_highlight

    removed: list[Highlight] = []
    failed = 0
    with open_(args) as library:
        entry = library.get(args.id)
        for highlight_id in args.highlight_ids:
            try:
                removed.append(remove_highlight(library, entry.id, highlight_id))
            except ReaderError as exc:
                failed += 1
                err(str(exc))
    if args.json:
        print_json([{**h.to_json(), "article": entry.id} for h in removed])
    else:
        for highlight in removed:
            out(f"removed {highlight.id}  “{short(highlight.exact)}”")
    return EXIT_ERROR if failed else EXIT_OK


def note_command(args: argparse.Namespace, open_: Open, out: Print, print_json: PrintJson) -> int:
    """``reader note ID HIGHLIGHT_ID TEXT``."""
    from reader.library.highlighting import set_note

    with open_(args) as library:
        entry = library.get(args.id)
        changed = set_note(library, entry.id, args.highlight_id, args.text)
    if args.json:
        print_json({**changed.to_json(), "article": entry.id})
    else:
        for line in _highlight_lines(changed):
            out(line)
    return EXIT_OK


def export_highlights_command(args: argparse.Namespace, open_: Open, err: Print) -> int:
    """``reader export highlights [--format markdown|json] [--out PATH] [--tag TAG]``."""
    from reader.exporters.highlights import FORMATS, export_highlights

    fmt = args.format or "markdown"
    if fmt not in FORMATS:
        raise ReaderError(f"highlights export as markdown or json, not {fmt}")
    flt = Filter(tag=args.tag)
    with open_(args) as library:
        if not args.out:
            export_highlights(library, fmt, sys.stdout, flt)
            return EXIT_OK
        try:
            with open(args.out, "w", encoding="utf-8", newline="") as handle:
                count = export_highlights(library, fmt, handle, flt)
        except OSError as exc:
            raise ReaderError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    err(f"exported {count} highlights to {args.out}")
    return EXIT_OK
