"""``reader export --format epub``: a book of one article, or a digest of several, for e-readers.

Which articles: the ids given, or ``--unread``, ``--tag TAG`` or ``--all`` (the
filters combine: ``--unread --tag news``). The book is written to a temporary
file beside ``--out`` and renamed over it, so a failed export leaves no half book.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.common import EXIT_OK, err, open_library
from reader.errors import ReaderError

if TYPE_CHECKING:
    import argparse

    from reader.library import Library
    from reader.models import Entry


def chosen_entries(library: Library, args: argparse.Namespace) -> list[Entry]:
    """The articles the arguments name: ids in the order given, else the filters' matches
    (newest first)."""
    from reader.store.index import Filter

    ids = [i for i in [args.dir, *args.ids] if i]
    if ids and (args.unread or args.all or args.tag):
        raise ReaderError("give article ids or --unread/--tag/--all, not both")
    if ids:
        entries: list[Entry] = []
        for entry_id in ids:
            entry = library.get(entry_id)
            if entry.id not in {e.id for e in entries}:
                entries.append(entry)
        return entries
    if not (args.unread or args.all or args.tag):
        raise ReaderError("say which articles: IDS, --unread, --tag TAG or --all")
    flt = Filter(status="unread" if args.unread else None, tag=args.tag, fetched=True)
    return library.entries(flt, sort="saved")


def export_epub_command(args: argparse.Namespace) -> int:
    """Write the EPUB the arguments ask for to ``--out``."""
    from reader.exporters.epub import write_epub

    if not args.out:
        raise ReaderError("the epub export needs a file: --out FILE")
    target = Path(args.out)
    with open_library(args) as library:
        entries = chosen_entries(library, args)
        if not entries:
            raise ReaderError("no article matches")
        folder = target.parent if str(target.parent) else Path(".")
        try:
            handle, temporary = tempfile.mkstemp(prefix=".epub-", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise ReaderError(f"cannot write {target}: {exc.strerror or exc}") from None
        try:
            with os.fdopen(handle, "wb") as stream:
                result = write_epub(library, entries, stream)
            os.replace(temporary, target)
        except OSError as exc:
            raise ReaderError(f"cannot write {target}: {exc.strerror or exc}") from None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    count = len(result.articles)
    err(
        f"exported {count} article{'s' if count != 1 else ''} to {target} "
        f"({result.images} images, {result.highlights} highlights)"
    )
    return EXIT_OK
