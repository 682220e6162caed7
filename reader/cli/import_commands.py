"""The bodies of ``reader import``, ``reader queue`` and ``reader retry``.

`reader.cli` parses the arguments and opens the library; these functions do
the work and print. Progress goes to stderr, redrawn in place, only when stderr
is a terminal; the one-line summary at the end is always printed.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Sequence
from typing import TextIO

from reader.importers.apply import ImportReport
from reader.importers.queue import (
    QueueProgress,
    QueueReport,
    failed_entries,
    pending_entries,
    run_queue,
)
from reader.library import Library
from reader.text.plural import count
from reader.text.sanitize import clean_line
from reader.web.loop import run

Print = Callable[[str], None]


class ProgressBar:
    """A one-line progress display: count, bar, rate, ETA and failures, on a terminal."""

    def __init__(self, stream: TextIO, label: str, width: int = 24, running: int = 1) -> None:
        self.stream = stream
        self.label = label
        self.width = width
        self.running = running
        """How many finish at once (the fetches under way): the last ones say "finishing"."""
        self.enabled = stream.isatty()
        """Only a terminal gets the redrawn line (a log file would fill with them)."""
        self._last = 0.0

    def update(self, progress: QueueProgress, force: bool = False) -> None:
        """Redraw the line (at most ten times a second unless *force*)."""
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.1 and progress.done < progress.total:
            return
        self._last = now
        total = max(progress.total, 1)
        filled = int(self.width * progress.done / total)
        bar = "#" * filled + "-" * (self.width - filled)
        eta_text = progress.eta_text(self.running)
        failed = f"  {progress.failed} failed" if progress.failed else ""
        line = (
            f"{self.label} {progress.done}/{progress.total} [{bar}] "
            f"{progress.rate:.1f}/s  {_eta_label(eta_text)}{failed}"
        )
        self.stream.write("\r\x1b[2K" + line)
        self.stream.flush()

    def finish(self) -> None:
        """End the redrawn line so later output starts on a fresh one."""
        if self.enabled and self._last:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def _eta_label(text: str) -> str:
    return text if text.startswith(("finishing", "done")) else f"ETA {text}"


def import_file(
    library: Library, source: str, fmt: str, tags: Sequence[str], err: Print
) -> ImportReport:
    """Read the import file (or markdown folder) *source* and add its records, with progress.

    Skipped rows are reported on stderr through *err*.
    """
    from pathlib import Path

    from reader.importers import parse_import, read_source
    from reader.importers.apply import import_records
    from reader.importers.job import parse_path

    # A file or a folder of markdown notes; "-" is standard input.
    parsed = (
        parse_import(read_source(source), fmt) if source == "-" else parse_path(Path(source), fmt)
    )
    bar = ProgressBar(sys.stderr, "importing")
    start = time.monotonic()

    def progress(done: int, total: int) -> None:
        bar.update(QueueProgress(total, done, done, 0, time.monotonic() - start))

    try:
        report = import_records(library, parsed, tags=tags, on_record=progress)
    finally:
        bar.finish()
    for problem in report.problems:
        err(f"error: skipped {problem}")
    return report


def fetch_queue(
    library: Library,
    err: Print,
    *,
    retry_failed: bool = False,
    ids: Sequence[str] | None = None,
    concurrency: int = 8,
    per_host: int = 2,
    images: bool | None = None,
) -> QueueReport:
    """Run the fetch queue with a progress bar on stderr; reports each failure on stderr.

    Saved articles get their images unless *images* is False (None: as the
    ``images`` setting says).
    """
    if images is None:
        from reader.config import load_settings, resolve_config_dir

        images = load_settings(resolve_config_dir()).images
    bar = ProgressBar(sys.stderr, "fetching", running=concurrency)
    last: list[QueueProgress] = []

    def progress(update: QueueProgress) -> None:
        last[:] = [update]
        bar.update(update)

    try:
        report = run(
            run_queue(
                library,
                retry_failed=retry_failed,
                ids=ids,
                concurrency=concurrency,
                per_host=per_host,
                images=images,
                on_progress=progress,
            )
        )
    except KeyboardInterrupt:
        bar.finish()
        raise KeyboardInterrupt(_stopped_line(library, last[0] if last else None)) from None
    bar.finish()
    for entry, reason in report.failed:
        err(f"error: {entry.url}: {reason}")
    if report.images_failed:
        not_saved = count(report.images_failed, "image")
        err(f"{not_saved} not saved (try again: reader images --all)")
    return report


def _stopped_line(library: Library, last: QueueProgress | None) -> str:
    """What a fetch stopped by Ctrl-C did and left, in one line (after "stopped: ")."""
    parts = []
    if last is not None:
        parts.append(f"fetched {last.saved} of {last.total}")
    left = len(pending_entries(library))
    parts.append(f"{left} {'entry' if left == 1 else 'entries'} still queued")
    line = ", ".join(parts) + ": 'reader import --resume' goes on"
    failed = len(failed_entries(library))
    if failed:
        noun = "entry" if failed == 1 else "entries"
        line += f"; {failed} {noun} failed: 'reader queue' says why, 'reader retry' tries again"
    return line


def queue_listing(library: Library) -> dict[str, list[dict[str, object]]]:
    """Pending and failed entries, JSON-ready."""

    def row(entry_json: dict[str, object]) -> dict[str, object]:
        keys = ("id", "url", "title", "saved_at", "fetch_error", "fetch_attempts")
        return {k: entry_json[k] for k in keys}

    return {
        "pending": [row(e.to_json()) for e in pending_entries(library)],
        "failed": [row(e.to_json()) for e in failed_entries(library)],
    }


def print_queue(library: Library, out: Print, as_json: bool) -> None:
    """Print what `reader queue` shows."""
    listing = queue_listing(library)
    if as_json:
        sys.stdout.write(json.dumps(listing, ensure_ascii=False, indent=2) + "\n")
        return
    for item in listing["pending"]:
        out(f"{item['id']}  pending  {item['url']}")
    for item in listing["failed"]:
        tries = item["fetch_attempts"]
        out(
            f"{item['id']}  failed   {item['url']}  ({clean_line(str(item['fetch_error']))}; "
            f"{count(tries, 'try') if isinstance(tries, int) else tries})"
        )
    out(f"{len(listing['pending'])} pending, {len(listing['failed'])} failed")
