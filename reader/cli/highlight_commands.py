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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from reader.cli.common import get_entry
from reader.errors import ReaderError
from reader.highlights.model import Highlight
from reader.library.highlighting import Placed
from reader.store.index import Filter
from reader.text.plural import count as plural_count
from reader.text.sanitize import clean_line

if TYPE_CHECKING:
    from reader.highlights.indexing import QuoteRow
    from reader.library import Library
    from reader.models import Entry

Open = Callable[[argparse.Namespace], "Library"]
Print = Callable[[str], None]
PrintJson = Callable[[object], None]

EXIT_OK = 0
EXIT_ERROR = 1
#: Characters of a quote shown on one line of a listing.
QUOTE_WIDTH = 100
#: What a listing adds to a highlight whose quote is not in the article's text any more.
ORPHAN_MARK = "  (orphaned: not found in the article's text)"


def short(text: str, width: int = QUOTE_WIDTH) -> str:
    """*text* on one line, cut to *width* characters with an ellipsis."""
    line = clean_line(text)
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


class Article(Protocol):
    """What a highlight's JSON says of its article (an `Entry` has it)."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def url(self) -> str: ...


@dataclass(frozen=True)
class _Named:
    """An article known only from the index's row (its file could not be read)."""

    id: str
    title: str
    url: str


def highlight_json(entry: Article, placed: Placed) -> dict[str, object]:
    """One highlight as every ``--json`` of the highlight commands prints it.

    The fields, always all of them: ``article``, ``title`` and ``url`` (its
    article's); ``id``; ``exact`` (the quote), ``prefix`` and ``suffix`` (the text
    around it when it was made), as in the sidecar file; ``note`` ("" for none);
    ``created`` and ``updated`` (ISO 8601, or null); ``orphaned`` (true when the
    quote is not found in the article's current text); ``start`` and ``end`` (where
    it is found in that text, null when orphaned) and ``match`` (how: "exact",
    "context" or "fuzzy", null when orphaned). The sidecar's own shape is
    `Highlight.to_json`; this one adds what the article says of the highlight now.
    """
    highlight, anchor = placed.highlight, placed.anchor
    return {
        "article": entry.id,
        "title": entry.title,
        "url": entry.url,
        "id": highlight.id,
        "exact": highlight.exact,
        "prefix": highlight.prefix,
        "suffix": highlight.suffix,
        "note": highlight.note,
        "created": highlight.created or None,
        "updated": highlight.updated or None,
        "orphaned": placed.orphaned,
        "start": anchor.start if anchor is not None else None,
        "end": anchor.end if anchor is not None else None,
        "match": anchor.method if anchor is not None else None,
    }


def _highlight_lines(highlight: Highlight, orphaned: bool = False) -> list[str]:
    lines = [f"{highlight.id}  “{short(highlight.exact)}”{ORPHAN_MARK if orphaned else ''}"]
    if highlight.note:
        lines.append(f"{' ' * len(highlight.id)}  note: {short(highlight.note)}")
    return lines


def _placed(library: Library, entry_id: str) -> tuple[Entry, dict[str, Placed]]:
    """An article and its highlights by id, each placed in its current text."""
    from reader.library.highlighting import article_highlights

    result = article_highlights(library, entry_id)
    return result.entry, {p.highlight.id: p for p in result.placed}


def _placed_one(library: Library, entry_id: str, highlight: Highlight) -> tuple[Entry, Placed]:
    """*highlight* of article *entry_id* (just made or changed), placed."""
    entry, placed = _placed(library, entry_id)
    return entry, placed.get(highlight.id, Placed(highlight, None))


def list_command(args: argparse.Namespace, open_: Open, out: Print, print_json: PrintJson) -> int:
    """``reader highlights [ID]``: one article's highlights (placed), or the library's."""
    from reader.highlights.indexing import list_quotes

    with open_(args) as library:
        if args.id:
            return _list_article(library, args, out, print_json)
        rows = list_quotes(library.index, args.search or "", Filter(tag=args.tag))
        listed = _place_rows(library, rows)
    if args.json:
        print_json([highlight_json(entry, placed) for entry, placed in listed])
        return EXIT_OK
    for entry, placed in listed:
        key = f"{entry.id} {placed.highlight.id}"
        mark = ORPHAN_MARK if placed.orphaned else ""
        out(f"{key}  “{short(placed.highlight.exact, 80)}”  — {short(entry.title, 40)}{mark}")
        if placed.highlight.note:
            out(f"{' ' * len(key)}  note: {short(placed.highlight.note)}")
    return EXIT_OK


def _place_rows(library: Library, rows: list[QuoteRow]) -> list[tuple[Article, Placed]]:
    """The highlights the index listed, in its order, each placed in its article's
    current text (each article read once). A highlight whose article cannot be read
    counts as orphaned: it cannot be found in the text."""
    articles: dict[str, tuple[Entry, dict[str, Placed]] | None] = {}
    listed: list[tuple[Article, Placed]] = []
    for row in rows:
        if row.article_id not in articles:
            try:
                articles[row.article_id] = _placed(library, row.article_id)
            except ReaderError:
                articles[row.article_id] = None
        known = articles[row.article_id]
        placed = known[1].get(row.highlight_id) if known is not None else None
        if known is not None and placed is not None:
            listed.append((known[0], placed))
            continue
        highlight = Highlight(
            row.highlight_id, row.exact, note=row.note, created=row.created, updated=row.updated
        )
        article = known[0] if known is not None else _Named(row.article_id, row.title, row.url)
        listed.append((article, Placed(highlight, None)))
    return listed


def _list_article(
    library: Library, args: argparse.Namespace, out: Print, print_json: PrintJson
) -> int:
    from reader.library.highlighting import article_highlights

    result = article_highlights(library, get_entry(library, args.id).id)
    placed = result.placed
    if args.search:
        words = args.search.casefold().split()
        placed = [
            p
            for p in placed
            if all(w in (p.highlight.exact + " " + p.highlight.note).casefold() for w in words)
        ]
    if args.json:
        print_json([highlight_json(result.entry, p) for p in placed])
        return EXIT_OK
    for p in placed:
        for line in _highlight_lines(p.highlight, p.orphaned):
            out(line)
    return EXIT_OK


def add_command(args: argparse.Namespace, open_: Open, out: Print, print_json: PrintJson) -> int:
    """``reader highlight ID --quote TEXT [--note TEXT]``."""
    from reader.library.highlighting import add_highlight

    with open_(args) as library:
        entry = get_entry(library, args.id)
        made = add_highlight(library, entry.id, args.quote, note=args.note)
        if args.json:
            print_json(highlight_json(*_placed_one(library, entry.id, made)))
            return EXIT_OK
    for line in _highlight_lines(made):
        out(line)
    return EXIT_OK


def remove_command(
    args: argparse.Namespace, open_: Open, out: Print, err: Print, print_json: PrintJson
) -> int:
    """``reader unhighlight ID HIGHLIGHT_ID...``; one ``error:`` line per id not removed."""
    from reader.library.highlighting import remove_highlight

    removed: list[Highlight] = []
    failed = 0
    with open_(args) as library:
        entry = get_entry(library, args.id)
        # Placed before they go, so that --json shows them as they were.
        entry, placed = _placed(library, entry.id) if args.json else (entry, {})
        for highlight_id in args.highlight_ids:
            try:
                removed.append(remove_highlight(library, entry.id, highlight_id))
            except ReaderError as exc:
                failed += 1
                err(f"error: {exc}")
    if args.json:
        print_json([highlight_json(entry, placed.get(h.id, Placed(h, None))) for h in removed])
    else:
        for highlight in removed:
            out(f"removed {highlight.id}  “{short(highlight.exact)}”")
    return EXIT_ERROR if failed else EXIT_OK


def removed_command(
    args: argparse.Namespace, open_: Open, out: Print, print_json: PrintJson
) -> int:
    """``reader unhighlight ID --removed``: the removed highlights --undo can bring back."""
    from reader.library.highlighting import removed_highlights

    with open_(args) as library:
        entry = get_entry(library, args.id)
        removed = removed_highlights(library, entry.id)
    if args.json:
        print_json(
            [
                {**highlight_json(entry, Placed(r.highlight, None)), "removed": r.when}
                for r in removed
            ]
        )
        return EXIT_OK
    for item in removed:
        when = item.when[:16].replace("T", " ")
        out(f"{item.highlight.id}  removed {when}  “{short(item.highlight.exact)}”")
    return EXIT_OK


def undo_command(
    args: argparse.Namespace, open_: Open, out: Print, err: Print, print_json: PrintJson
) -> int:
    """``reader unhighlight ID --undo [HIGHLIGHT_ID...]``; one ``error:`` line per id not
    brought back (with no ids, the latest removed one comes back)."""
    from reader.library.highlighting import undo_removal

    back: list[Highlight] = []
    failed = 0
    with open_(args) as library:
        entry = get_entry(library, args.id)
        for highlight_id in args.undo or [None]:
            try:
                back.append(undo_removal(library, entry.id, highlight_id))
            except ReaderError as exc:
                failed += 1
                err(f"error: {exc}")
        if args.json:
            print_json([highlight_json(*_placed_one(library, entry.id, h)) for h in back])
            return EXIT_ERROR if failed else EXIT_OK
    for highlight in back:
        out(f"restored {highlight.id}  “{short(highlight.exact)}”")
    return EXIT_ERROR if failed else EXIT_OK


def note_command(args: argparse.Namespace, open_: Open, out: Print, print_json: PrintJson) -> int:
    """``reader note ID HIGHLIGHT_ID TEXT``."""
    from reader.library.highlighting import set_note

    with open_(args) as library:
        entry = get_entry(library, args.id)
        changed = set_note(library, entry.id, args.highlight_id, args.text)
        if args.json:
            print_json(highlight_json(*_placed_one(library, entry.id, changed)))
            return EXIT_OK
    for line in _highlight_lines(changed):
        out(line)
    return EXIT_OK


def export_highlights_command(args: argparse.Namespace, open_: Open, err: Print) -> int:
    """``reader export highlights [--format markdown|json|csv] [--out PATH] [--tag TAG]``."""
    from reader.exporters.highlights import FORMATS, export_highlights

    fmt = args.format or "markdown"
    if fmt not in FORMATS:
        raise ReaderError(f"highlights export as {', '.join(FORMATS)}, not {fmt}")
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
    err(f"exported {plural_count(count, 'highlight')} to {args.out}")
    return EXIT_OK
