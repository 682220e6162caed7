"""Every highlight out again: markdown grouped by article (the Readwise/Obsidian shape),
JSON, or CSV in the shape Readwise imports.

The markdown export is a note a person can keep: one ``##`` section per
article with its title, address and dates, then each quote as a blockquote with
its note below, in reading order. The JSON export carries everything the
sidecars hold (quote, context, position, note, times) for other tools. The CSV
export is Readwise's upload CSV, ``Highlight,Title,Author,URL,Note,Location,Date``
(Location empty: reader places highlights by their quote), which Readwise and the
Obsidian plug-ins read. reader reads all three back (`reader.importers`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TextIO

from reader.errors import ReaderError, StoreError
from reader.highlights.indexing import list_quotes
from reader.highlights.model import Highlight
from reader.highlights.storage import read_sidecar, sidecar_path
from reader.models import Entry
from reader.store.index import Filter
from reader.text.dates import day_of
from reader.text.sanitize import clean_line, clean_text

if TYPE_CHECKING:
    from reader.library import Library

#: The highlight export formats.
FORMATS = ("markdown", "json", "csv")

#: The CSV export's columns: Readwise's upload CSV.
CSV_HEADER = ("Highlight", "Title", "Author", "URL", "Note", "Location", "Date")


@dataclass(frozen=True)
class ArticleQuotes:
    """One article and its highlights, in reading order."""

    entry: Entry
    highlights: list[Highlight]


def collect(library: Library, flt: Filter = Filter(), text: str = "") -> Iterator[ArticleQuotes]:
    """Each article with highlights (matching *flt*, and *text* in a quote or note), the one
    highlighted most recently first; its highlights as the sidecar holds them."""
    wanted: dict[str, set[str]] = {}
    for row in list_quotes(library.index, text, flt):
        wanted.setdefault(row.article_id, set()).add(row.highlight_id)
    for article_id, ids in wanted.items():
        try:
            entry = library.get(article_id)
            highlights = read_sidecar(sidecar_path(library.files.articles, entry))
        except StoreError:
            continue  # removed or broken meanwhile
        chosen = [h for h in highlights if h.id in ids]
        chosen.sort(key=lambda h: (h.start is None, h.start or 0))
        if chosen:
            yield ArticleQuotes(entry, chosen)


def _blockquote(text: str) -> str:
    lines = clean_text(text).strip().splitlines() or [""]
    return "\n".join(f"> {line}".rstrip() for line in lines)


def markdown_section(item: ArticleQuotes) -> str:
    """One article's section of the markdown export."""
    entry = item.entry
    lines = [f"## {clean_line(entry.title) or clean_line(entry.url)}", ""]
    details = [f"- URL: <{clean_line(entry.url)}>"]
    if entry.byline:
        details.append(f"- Author: {clean_line(entry.byline)}")
    if entry.published:
        details.append(f"- Published: {day_of(entry.published)}")
    details.append(f"- Saved: {entry.saved_at.date().isoformat()}")
    if entry.tags:
        details.append(
            "- Tags: " + " ".join(f"#{clean_line(t).replace(' ', '-')}" for t in entry.tags)
        )
    lines.extend(details)
    for highlight in item.highlights:
        lines.extend(["", _blockquote(highlight.exact)])
        if highlight.note:
            lines.extend(["", clean_text(highlight.note).strip()])
    return "\n".join(lines) + "\n"


def export_markdown(items: Iterator[ArticleQuotes], out: TextIO) -> int:
    """Write the markdown export; returns the number of highlights written."""
    out.write("# Highlights\n")
    count = 0
    for item in items:
        out.write("\n" + markdown_section(item))
        count += len(item.highlights)
    return count


def export_json(items: Iterator[ArticleQuotes], out: TextIO) -> int:
    """Write the JSON export; returns the number of highlights written."""
    articles: list[dict[str, object]] = []
    count = 0
    for item in items:
        entry = item.entry
        articles.append(
            {
                "id": entry.id,
                "title": entry.title,
                "url": entry.url,
                "byline": entry.byline,
                "published": entry.published,
                "saved_at": entry.saved_at.isoformat(),
                "tags": list(entry.tags),
                "highlights": [h.to_json() for h in item.highlights],
            }
        )
        count += len(item.highlights)
    document = {
        "format": "reader-highlights",
        "version": 1,
        "exported_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "articles": articles,
    }
    out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return count


def export_csv(items: Iterator[ArticleQuotes], out: TextIO) -> int:
    """Write the CSV export (Readwise's upload CSV); returns the number of highlights."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    count = 0
    for item in items:
        entry = item.entry
        for highlight in item.highlights:
            when = (highlight.created or entry.saved_at.isoformat())[:19].replace("T", " ")
            writer.writerow(
                (
                    clean_text(highlight.exact),
                    clean_line(entry.title),
                    clean_line(entry.byline or ""),
                    entry.url,
                    clean_text(highlight.note),
                    "",
                    when,
                )
            )
            count += 1
    return count


def export_highlights(
    library: Library, fmt: str, out: TextIO, flt: Filter = Filter(), text: str = ""
) -> int:
    """Write every highlight of *library* (matching *flt* and *text*) as *fmt*; returns
    how many were written."""
    items = collect(library, flt, text)
    if fmt == "markdown":
        return export_markdown(items, out)
    if fmt == "json":
        return export_json(items, out)
    if fmt == "csv":
        return export_csv(items, out)
    raise ReaderError(f"unknown highlights format {fmt!r} (choose from {', '.join(FORMATS)})")
