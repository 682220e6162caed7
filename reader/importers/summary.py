"""The one line that ends an import, for the CLI and the app alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.text.plural import count

if TYPE_CHECKING:
    from reader.importers.apply import ImportReport
    from reader.importers.queue import QueueReport


@dataclass(frozen=True)
class Hints:
    """What to do next, as the front end that shows the summary says it."""

    failed: str
    """After the count of failed fetches: where to see why and how to try again."""
    queued: str
    """After an import that left entries queued: how to fetch them."""
    resume: str
    """After a stopped import that left entries queued: how to go on."""


CLI_HINTS = Hints(
    failed="see 'reader queue', 'reader retry'",
    queued="queued: 'reader import --resume' fetches them",
    resume="'reader import --resume' fetches them",
)
"""The hints `reader import` prints: commands."""
APP_HINTS = Hints(
    failed="the Fetch failed view lists them, F tries again",
    queued="queued: F fetches them",
    resume="F fetches them",
)
"""The hints the app shows: its keys and views, never a command's flags."""


def import_summary(
    report: ImportReport | None, fetched: QueueReport | None, hints: Hints = CLI_HINTS
) -> str:
    """The one line that ends `reader import` (or an import in the app, with *hints*)."""
    parts: list[str] = []
    if report is not None and report.records == 0:
        parts.append("nothing found to import")
    elif report is not None:
        parts.append(f"imported {report.added} new")
        if report.merged:
            parts.append(f"{report.merged} merged")
        if report.with_content:
            parts.append(f"{report.with_content} with content")
        if report.highlights:
            parts.append(count(report.highlights, "highlight"))
        if report.problems:
            noun = "file" if report.format == "markdown-dir" else "row"  # a folder has files
            parts.append(count(len(report.problems), noun) + " skipped" + _lines(report))
    if fetched is not None:
        parts.append(f"fetched {fetched.saved}/{fetched.total}")
        if fetched.images_saved:
            parts.append(count(fetched.images_saved, "image") + " saved")
        if fetched.failed:
            parts.append(f"{len(fetched.failed)} failed ({hints.failed})")
        parts.append(f"in {fetched.elapsed:.1f} s")
    queued = "" if fetched is not None else f" ({hints.queued})"
    line = ", ".join(parts) + (queued if report is not None and report.queued else "")
    if report is not None and report.dropped:  # once, at the end, whatever else was said
        line += f"; not kept, no place in reader: {', '.join(report.dropped)} ({report.format})"
    return line


def _lines(report: ImportReport, most: int = 8) -> str:
    """ " (lines 4, 9)": where the skipped rows are, the first *most* of them."""
    lines = sorted({p.line for p in report.problems if p.line > 0})
    if not lines:
        return ""
    shown = ", ".join(str(n) for n in lines[:most]) + (", ..." if len(lines) > most else "")
    return f" ({'line' if len(lines) == 1 else 'lines'} {shown})"
