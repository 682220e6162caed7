"""One import as a job another thread can watch and stop: read, add, fetch.

``reader import`` runs in its own process and stops on Ctrl-C. The app runs an
import in a background thread instead, so it needs the same steps with progress
reported to one callback and a `stop` it can call from its own thread. A stopped
job never cuts a record or a save in half, and whatever it did not fetch stays
queued (the placeholders *are* the queue): ``reader import --resume``, or the next
job without a file, fetches the rest.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from reader.importers.queue import (
    ExtractMode,
    Pace,
    QueueProgress,
    QueueReport,
    failed_entries,
    pending_entries,
    run_queue,
)
from reader.importers.summary import CLI_HINTS, Hints, import_summary
from reader.web.loop import run

if TYPE_CHECKING:
    from reader.importers.apply import ImportReport
    from reader.importers.records import ParsedImport
    from reader.library import Library

__all__ = ["ImportJob", "ImportOutcome", "ImportProgress", "Stage", "parse_path"]

Stage = Literal["reading", "adding", "fetching"]
"""What a job is doing: reading the file, adding its records, fetching the queue."""

RESUME_HINT = CLI_HINTS.resume


def parse_path(path: Path, fmt: str = "auto") -> ParsedImport:
    """Read the export file *path* in format *fmt* ("auto" detects it), or, when *path*
    is a folder, every markdown note in it (whatever *fmt* says)."""
    from reader.importers import parse_import, read_source
    from reader.importers.markdown_dir import parse_dir

    if path.is_dir():
        return parse_dir(path)
    return parse_import(read_source(path), fmt)


@dataclass(frozen=True)
class ImportProgress(Pace):
    """Where a job stands; passed to its ``on_progress`` callback."""

    stage: Stage
    """What the job is doing."""
    done: int = 0
    """Records added, or entries fetched (saved or failed), so far."""
    total: int = 0
    """Records in the file, or entries in the queue."""
    saved: int = 0
    """Entries fetched and saved (fetching only)."""
    failed: int = 0
    """Entries whose fetch failed (fetching only)."""
    elapsed: float = 0.0
    """Seconds since this stage started."""
    running: int = 1
    """How many are done at once (the fetches under way): the last ones are "finishing"."""


@dataclass
class ImportOutcome:
    """What a job did, finished or stopped."""

    report: ImportReport | None = None
    """What adding the file's records did (None without a file, or when stopped
    while adding)."""
    fetched: QueueReport | None = None
    """What fetching the queue did (None when not fetched, or when stopped)."""
    stopped: bool = False
    """True when `ImportJob.stop` ended the job early."""
    last: ImportProgress | None = None
    """The last progress reported (how far a stopped job got)."""
    still_queued: int = 0
    """Entries waiting in the queue when the job ended."""

    def summary(self, hints: Hints = CLI_HINTS) -> str:
        """One line, as ``reader import`` ends with (or how far a stopped job got); *hints*
        say what to do next as the front end showing it would (commands, or the app's keys)."""
        if not self.stopped:
            if self.report is None and (self.fetched is None or self.fetched.total == 0):
                return "nothing queued to fetch"
            if self.report is not None and self.report.records == 0:
                return import_summary(self.report, None, hints)  # "nothing found to import"
            return import_summary(self.report, self.fetched, hints)
        last = self.last
        parts = ["stopped"]
        if self.report is None and last is not None and last.stage == "adding":
            parts.append(f"after {last.done} of {last.total} records (import the file again)")
        elif self.report is not None:
            parts.append(f"imported {self.report.added} new")
        if last is not None and last.stage == "fetching":
            parts.append(f"fetched {last.saved}/{last.total}")
            if last.failed:
                parts.append(f"{last.failed} failed")
        line = ", ".join(parts)
        if self.still_queued:
            line += f"; {self.still_queued} still queued: {hints.resume}"
        return line


class _Stopped(Exception):
    """Raised inside the job (never out of it) when it has been asked to stop."""


class ImportJob:
    """Import one file (or none: just fetch the queue) into a library, stoppably.

    `run` does the work in the calling thread (it runs its own event loop for the
    fetches); `stop` may be called from any other thread.
    """

    def __init__(
        self,
        library: Library,
        source: Path | None,
        *,
        fmt: str = "auto",
        tags: Sequence[str] = (),
        fetch: bool = True,
        images: bool = True,
        retry_failed: bool = False,
        on_progress: Callable[[ImportProgress], None] | None = None,
        concurrency: int = 8,
        per_host: int = 2,
        extract_in: ExtractMode = "auto",
        poll: float = 0.1,
        should_stop: Callable[[], bool] | None = None,
    ) -> None:
        """Prepare to import *source* (a file or a folder of notes; None to only fetch).

        *fmt*, *tags* and *fetch* mean what ``reader import``'s ``--format``, ``--tag``
        and ``--no-fetch`` (when False) mean; *images* False leaves the fetched
        articles' images remote (the ``images`` setting); *retry_failed* fetches the
        entries whose last try failed too (what ``reader retry`` does). *on_progress*
        is called in the job's thread after each record and each fetched entry. A stop
        request is noticed within *poll* seconds while fetching; *should_stop*, when
        given, is asked as often (it lets a job stop when its thread's owner is cancelled).
        """
        self.library = library
        """The library imported into."""
        self.source = source
        """The export file or folder (None: fetch the queue only)."""
        self.fmt = fmt
        """The format of *source*, or "auto"."""
        self.tags = tuple(tags)
        """Tags given to every imported entry."""
        self.fetch = fetch
        """Fetch the queue after adding the records."""
        self.images = images
        """Save each fetched article's images beside it."""
        self.retry_failed = retry_failed
        """Also fetch the entries whose last fetch failed."""
        self.on_progress = on_progress
        """Called with each `ImportProgress`."""
        self.concurrency = concurrency
        self.per_host = per_host
        self.extract_in: ExtractMode = extract_in
        self.poll = poll
        self.should_stop = should_stop
        """Asked along with `stop`: True stops the job as `stop` does."""
        self._stop = threading.Event()
        self._last: ImportProgress | None = None

    @property
    def stopping(self) -> bool:
        """True once `stop` has been called (or `should_stop` said so)."""
        if not self._stop.is_set() and self.should_stop is not None and self.should_stop():
            self._stop.set()
        return self._stop.is_set()

    def stop(self) -> None:
        """Ask the job to stop soon (from any thread): after the record being added, or,
        while fetching, once the saves under way are written."""
        self._stop.set()

    def run(self) -> ImportOutcome:
        """Do the import; raises ReaderError when the file cannot be read or understood."""
        outcome = ImportOutcome()
        try:
            ids: list[str] | None = None  # without a file: the whole queue
            if self.source is not None:
                self._report(ImportProgress("reading"))
                parsed = parse_path(self.source, self.fmt)
                self._check()
                outcome.report = self._add(parsed)
                ids = outcome.report.to_fetch  # only what this import added
            if self.fetch and (ids is None or ids):
                self._check()
                outcome.fetched = run(self._fetch(ids))
        except _Stopped:
            outcome.stopped = True
        outcome.last = self._last
        outcome.still_queued = len(pending_entries(self.library))
        return outcome

    def _check(self) -> None:
        if self.stopping:
            raise _Stopped

    def _report(self, progress: ImportProgress) -> None:
        self._last = progress
        if self.on_progress is not None:
            self.on_progress(progress)

    def _add(self, parsed: ParsedImport) -> ImportReport:
        from reader.importers.apply import import_records

        start = time.monotonic()

        def added(done: int, total: int) -> None:
            self._report(ImportProgress("adding", done, total, elapsed=time.monotonic() - start))
            self._check()  # stops between two records, never inside one

        self._report(ImportProgress("adding", 0, len(parsed.records)))
        return import_records(self.library, parsed, tags=self.tags, on_record=added)

    def _fetched(self, progress: QueueProgress) -> None:
        self._report(
            ImportProgress(
                "fetching",
                progress.done,
                progress.total,
                progress.saved,
                progress.failed,
                progress.elapsed,
                running=self.concurrency,
            )
        )

    async def _fetch(self, ids: list[str] | None) -> QueueReport:
        """Run the queue (only the entries *ids* when given), cancelling it (which lets
        running saves finish) on a stop."""
        if ids is not None:
            waiting = len(ids)
        else:
            waiting = len(pending_entries(self.library))
            if self.retry_failed:
                waiting += len(failed_entries(self.library))
        self._report(ImportProgress("fetching", 0, waiting))
        task = asyncio.create_task(
            run_queue(
                self.library,
                concurrency=self.concurrency,
                per_host=self.per_host,
                extract_in=self.extract_in,
                images=self.images,
                retry_failed=self.retry_failed,
                ids=ids,
                on_progress=self._fetched,
            )
        )
        while not task.done():
            await asyncio.wait({task}, timeout=self.poll)
            if self.stopping and not task.done():
                task.cancel()
                try:
                    return await task  # it may have finished meanwhile
                except asyncio.CancelledError:
                    raise _Stopped from None
        return task.result()
