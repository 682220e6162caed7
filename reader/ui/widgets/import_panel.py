"""The import panel: runs an import in a background thread and shows how it is going.

One line above the footer while an import runs: what it imports, a bar, the
count, rate, ETA and failures (``fetching 120/1000 · 8.3/s · ETA 1:48 · 3 failed``).
The work itself is `reader.importers.job.ImportJob`, run in a thread worker. The
thread only records its latest progress; a timer in the app reads it five times
a second (so no update is ever dropped, and the thread never touches a widget),
and tells the library screen to refresh its list about once a second while
articles are added and saved. The end comes back as a message.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import Worker, WorkerState, get_current_worker

from reader.errors import ImportFormatError, ReaderError
from reader.text.sanitize import clean_line
from reader.ui.text import fit, safe_line
from reader.ui.worker_errors import report_failed_worker

if TYPE_CHECKING:
    from reader.importers.job import ImportJob, ImportOutcome, ImportProgress
    from reader.library import Library

BAR_WIDTH = 20
"""Cells of the progress bar."""
TICK = 0.2
"""Seconds between two looks at the import's progress."""
REFRESH_EVERY = 1.0
"""Seconds between two refreshes of the library list while an import runs."""
STOP_KEY = "x"
"""The key that stops a running import (shown in the panel)."""


def status_line(progress: ImportProgress | None, *, stopping: bool = False) -> str:
    """What an import is doing, in a few words: ``fetching 120/1000 · 8.3/s · ETA 1:48``."""
    if stopping:
        return "stopping: the saves under way finish first…"
    if progress is None or progress.stage == "reading":
        return "reading the file…"
    parts = [f"{progress.stage} {progress.done}/{progress.total}"]
    if progress.done:
        parts.append(f"{progress.rate:.1f}/s")
        if progress.done < progress.total:
            left = progress.eta_text(progress.running)  # "finishing 3" for the last ones
            parts.append(left if left.startswith("finishing") else f"ETA {left}")
    if progress.failed:
        parts.append(f"{progress.failed} failed")
    return " · ".join(parts)


def bar(progress: ImportProgress | None, width: int = BAR_WIDTH) -> Content:
    """A bar of *width* cells, filled as far as *progress* has come."""
    done = 0
    if progress is not None and progress.total:
        done = round(width * min(progress.done, progress.total) / progress.total)
    return Content.assemble(
        ("━" * done, "$reader-accent"), ("━" * (width - done), "$panel-lighten-2")
    )


class ImportPanel(Horizontal):
    """Runs one import at a time and shows its progress (hidden when idle)."""

    class Ended(Message):
        """The import thread is done: with an outcome, or with the reason it failed."""

        def __init__(
            self, outcome: ImportOutcome | None, error: str | None = None, note: str = ""
        ) -> None:
            super().__init__()
            self.outcome = outcome
            """What the import did (None when it failed)."""
            self.error = error
            """Why it failed: a ReaderError's one line (the file could not be read)."""
            self.note = note
            """The line left for after the app (taken back once shown)."""

    class LibraryChanged(Message):
        """Articles were added or saved: the list and its counts should be refreshed."""

        def __init__(self, finished: bool = False) -> None:
            super().__init__()
            self.finished = finished
            """True for the last refresh of an import."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.job: ImportJob | None = None
        """The import running now, if any."""
        self.progress: ImportProgress | None = None
        """Its latest progress."""
        self.outcome: ImportOutcome | None = None
        """What the last import that ended did (None if it failed or none ended yet)."""
        self.heading = ""
        """What the panel calls the work: ``Importing <file name>``, or fetching the queue."""
        self._latest: ImportProgress | None = None
        self._dirty = False
        self._last_refresh = 0.0
        self._timer: Timer | None = None
        self._exit_notes: list[str] | None = None
        self._failure = ""

    def compose(self) -> ComposeResult:
        yield Static("", id="import-status", markup=False)
        yield Static("", id="import-bar", markup=False)
        yield Static(
            Content.assemble((STOP_KEY, "bold $reader-accent"), " stop"),
            id="import-hint",
            markup=False,
        )

    @property
    def running(self) -> bool:
        """True while an import runs."""
        return self.job is not None

    def start(
        self,
        library: Library,
        source: Path | None,
        *,
        fmt: str = "auto",
        tags: tuple[str, ...] = (),
        fetch: bool = True,
        images: bool = True,
        retry_failed: bool = False,
    ) -> bool:
        """Import *source* into *library* (None: fetch the queue); False if one is running.

        *images* False leaves the fetched articles' images remote; *retry_failed* also
        fetches the entries whose last try failed."""
        if self.job is not None:
            return False
        from reader.importers.job import ImportJob  # 20 ms of imports the first paint skips

        self.job = ImportJob(
            library,
            source,
            fmt=fmt,
            tags=tags,
            fetch=fetch,
            images=images,
            retry_failed=retry_failed,
            on_progress=self._from_thread,
        )
        if source is not None:
            name = fit(safe_line(source.name), 40)
            self.heading, self._failure = f"Importing {name}", f"Could not import {name}"
        else:
            self.heading, self._failure = "Fetching queued articles", "Could not fetch the queue"
        self.progress = self._latest = None
        self._dirty = False
        self._last_refresh = time.monotonic()
        notes = getattr(self.app, "exit_notes", None)
        self._exit_notes = notes if isinstance(notes, list) else None
        self.display = True
        self._show()
        self._timer = self.set_interval(TICK, self._tick)
        self._run(self.job)
        return True

    def stop(self) -> bool:
        """Ask the running import to stop (what it has not fetched stays queued)."""
        if self.job is None or self.job.stopping:
            return False
        self.job.stop()
        self._show()
        return True

    def on_unmount(self) -> None:
        # Quitting the app: stop the import thread so the app can finish.
        if self.job is not None:
            self.job.stop()

    # -- the import thread ---------------------------------------------------------------------

    @work(thread=True, group="import", exit_on_error=False)
    def _run(self, job: ImportJob) -> None:
        """Run *job* in this thread; its end comes back as an `Ended` message."""
        worker = get_current_worker()
        # Quitting cancels every worker; the job notices and stops, so the app can end.
        job.should_stop = lambda: worker.is_cancelled
        try:
            outcome = job.run()
        except ReaderError as exc:
            text = exc.in_app if isinstance(exc, ImportFormatError) else str(exc)
            self._send(self.Ended(None, clean_line(text)))
            return
        # Noted for after the app, in case it closes before the message is handled;
        # the handler takes the note back once the reader has seen it.
        note = f"import {outcome.summary()}"
        if self._exit_notes is not None:
            self._exit_notes.append(note)
        if not worker.is_cancelled:  # cancelled: the app is closing, the note stays
            self._send(self.Ended(outcome, note=note))

    def _from_thread(self, progress: ImportProgress) -> None:
        """The job's progress callback, in the import thread: only noted, for `_tick`."""
        self._latest = progress

    def _send(self, message: Message) -> bool:
        """Post *message* to this panel from any thread; False once the app has closed."""
        with contextlib.suppress(RuntimeError):  # the event loop is gone
            return self.post_message(message)
        return False

    # -- back in the app -----------------------------------------------------------------------

    def _tick(self) -> None:
        """Show the latest progress; ask for a list refresh now and then as articles arrive."""
        latest, previous = self._latest, self.progress
        if latest is not None and latest is not previous:
            self.show(latest)
            if latest.stage in ("adding", "fetching") and (
                previous is None or previous.stage != latest.stage or previous.done != latest.done
            ):
                self._dirty = True
            if latest.stage == "adding" and latest.done >= latest.total:
                self._flush()  # every placeholder shows at once
        if time.monotonic() - self._last_refresh >= REFRESH_EVERY:
            self._flush()

    def on_import_panel_ended(self, message: Ended) -> None:
        message.stop()
        if self._exit_notes is not None and message.note in self._exit_notes:
            self._exit_notes.remove(message.note)
        self._tick()
        outcome = self.outcome = message.outcome
        self._finish()
        if outcome is None:
            text = f"{self._failure}: {message.error}"
            self.app.notify(text, severity="error", timeout=10, markup=False)
            return
        failed = outcome.fetched is not None and bool(outcome.fetched.failed)
        skipped = outcome.report is not None and bool(outcome.report.problems)
        severity: SeverityLevel = (
            "warning" if failed or skipped or outcome.stopped else "information"
        )
        from reader.importers.summary import APP_HINTS  # loaded with the import already

        summary = outcome.summary(APP_HINTS)
        self.app.notify(
            summary[:1].upper() + summary[1:],
            title=self.heading,
            severity=severity,
            timeout=15,
            markup=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A bug in the import becomes a notification; the panel goes away."""
        if report_failed_worker(self, event.worker, event.state):
            self._finish()
        elif event.state == WorkerState.CANCELLED and self.job is not None:
            self.job.stop()  # the thread goes on until the job notices

    def _finish(self) -> None:
        self.job = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.display = False
        self._dirty = False
        self.post_message(self.LibraryChanged(finished=True))

    def _flush(self) -> None:
        """Ask for a list refresh if articles arrived since the last one."""
        self._last_refresh = time.monotonic()
        if self._dirty:
            self._dirty = False
            self.post_message(self.LibraryChanged())

    def show(self, progress: ImportProgress | None) -> None:
        """Show *progress* (the timer shows the import's latest, five times a second)."""
        self.progress = progress
        self._show()

    def _show(self) -> None:
        stopping = self.job is not None and self.job.stopping
        line = Content.assemble(
            (self.heading, "bold"),
            "  ",
            status_line(self.progress, stopping=stopping),
        )
        self.query_one("#import-status", Static).update(line)
        self.query_one("#import-bar", Static).update(bar(self.progress))
