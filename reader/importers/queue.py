"""The fetch queue: fetch and save every not-yet-fetched entry, many at once.

The queue *is* the set of placeholder entries (front matter ``fetched: false``):
there is no other queue store, so an interrupted run (Ctrl-C, a crash, a closed
laptop) loses nothing and the next run picks up what is still pending. An entry
whose fetch failed keeps the reason in ``fetch_error`` (and the count of failed
tries in ``fetch_attempts``) and is left alone until `run_queue` is asked to
retry failed entries.

Fetching is concurrent, bounded overall and per host; 429s, 5xx answers,
timeouts and dropped connections are retried with exponential backoff (a
``Retry-After`` is honoured and pauses the whole host). Extraction, which is
CPU-bound, runs in a process pool (threads when processes are not available),
so the event loop keeps fetching while every core extracts.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import queue
import random
import re
import sqlite3
import sys
import threading
import time
from collections import defaultdict, deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, TypeVar
from urllib.parse import urlsplit

from reader.errors import ReaderError
from reader.models import Article, Entry
from reader.store.index import Filter

if TYPE_CHECKING:
    import httpx

    from reader.library import Library
    from reader.web.fetch import Page

__all__ = [
    "Pace",
    "QueueProgress",
    "QueueReport",
    "failed_entries",
    "pending_entries",
    "run_queue",
]

#: Fetches a page: ``await fetch(url, client)``; raises ReaderError on failure.
Fetcher = Callable[[str, "httpx.AsyncClient"], Awaitable["Page"]]
ExtractMode = Literal["auto", "process", "thread"]
T = TypeVar("T")

# Fewer entries than this are extracted in threads: starting processes costs more.
_PROCESS_THRESHOLD = 16
# Articles whose images are downloaded at once (each fetches up to 4 images at a time).
_IMAGE_ARTICLES = 4
# Saved articles whose images may wait for a turn (each keeps its page in memory).
_IMAGE_BACKLOG = 16
_RETRY_AFTER = re.compile(r"retry after (\d+(?:\.\d+)?) s")
_RETRYABLE = re.compile(
    r"\(HTTP (?:429|500|502|503|504)\)|timed out|connection reset|closed the connection"
    r"|connection closed|network error",
    re.IGNORECASE,
)


class Pace:
    """The rate and time left of something that has done *done* of *total* in *elapsed* s."""

    done: int
    total: int
    elapsed: float

    @property
    def rate(self) -> float:
        """Finished per second so far."""
        return self.done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds still needed at the current rate (None before the first finishes)."""
        rate = self.rate
        return (self.total - self.done) / rate if rate > 0 else None

    def eta_text(self, running: int = 1) -> str:
        """The time left as a person should read it: "1:05"; "--:--" before anything
        finished; "finishing 3" once the last *running* (the fetches at once) or fewer
        are under way, or the estimate is under a second, since the rate says nothing
        about how long a slow last fetch takes (it never says 0:00 while one runs)."""
        left = self.total - self.done
        if left <= 0:
            return "done"
        eta = self.eta
        if left <= running or (eta is not None and eta < 1):
            return f"finishing {left}"
        return "--:--" if eta is None else clock(eta)


def clock(seconds: float) -> str:
    """*seconds* as "m:ss", or "h:mm:ss" from an hour on."""
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


@dataclass(frozen=True)
class QueueProgress(Pace):
    """Where a queue run stands; passed to the ``on_progress`` callback."""

    total: int
    """Entries this run set out to fetch."""
    done: int
    """Entries finished, saved or failed."""
    saved: int
    failed: int
    elapsed: float
    """Seconds since the run started."""
    last_url: str | None = None
    """The entry that just finished."""
    last_error: str | None = None
    """Why it failed, if it did."""


@dataclass
class QueueReport:
    """What a queue run did."""

    total: int = 0
    """Entries the run set out to fetch."""
    saved: int = 0
    """Entries fetched, extracted and saved."""
    failed: list[tuple[Entry, str]] = field(default_factory=list)
    """Entries that failed, with the reason (also kept in their ``fetch_error``)."""
    elapsed: float = 0.0
    """Wall-clock seconds of the run."""
    extract_seconds: float = 0.0
    """Seconds spent extracting, summed over pages (as measured in the workers)."""
    extractor: str = ""
    """"process" or "thread": where extraction ran."""
    images_saved: int = 0
    """Images downloaded beside the saved articles."""
    images_failed: int = 0
    """Images that could not be saved (they keep their remote address)."""

    def to_json(self) -> dict[str, object]:
        """A JSON-ready summary."""
        return {
            "total": self.total,
            "saved": self.saved,
            "failed": [
                {"id": e.id, "url": e.url, "title": e.title, "reason": r} for e, r in self.failed
            ],
            "elapsed": round(self.elapsed, 3),
            "images_saved": self.images_saved,
            "images_failed": self.images_failed,
        }


def pending_entries(library: Library) -> list[Entry]:
    """Entries waiting to be fetched for the first time (or since an interrupted run)."""
    queued = library.entries(Filter(fetched=False), sort="saved-asc")
    return [e for e in queued if e.fetch_error is None]


def failed_entries(library: Library) -> list[Entry]:
    """Entries whose last fetch failed, oldest first; their reason is ``fetch_error``."""
    queued = library.entries(Filter(fetched=False), sort="saved-asc")
    return [e for e in queued if e.fetch_error is not None]


def host_of(url: str) -> str:
    """The host an entry is fetched from (what the per-host limit counts)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def interleave_hosts(entries: Sequence[Entry]) -> list[Entry]:
    """*entries* reordered round-robin by host, so one big site does not hold up the rest."""
    by_host: dict[str, deque[Entry]] = defaultdict(deque)
    for entry in entries:
        by_host[host_of(entry.url)].append(entry)
    out: list[Entry] = []
    queues = list(by_host.values())
    while queues:
        for waiting in queues:
            out.append(waiting.popleft())
        queues = [q for q in queues if q]
    return out


def is_retryable(message: str) -> bool:
    """True for failures that may pass on a later try: 429, 5xx, timeouts, dropped links."""
    return bool(_RETRYABLE.search(message))


def retry_after(message: str) -> float | None:
    """The seconds a server asked us to wait (from a FetchError's message), if it did."""
    match = _RETRY_AFTER.search(message)
    return float(match.group(1)) if match else None


@dataclass(frozen=True)
class Extracted:
    """What a worker makes of one fetched page."""

    article: Article
    raw_gz: bytes
    """The page as received, gzip-compressed for the library's raw folder."""
    seconds: float
    """How long extraction alone took."""


def extract_page(html: str, url: str, body: bytes) -> Extracted:
    """Extract *html* (timed) and compress *body*; runs in a worker process or thread.

    Compressing here keeps that CPU work off the event loop's process as well.
    """
    from reader.extract import extract
    from reader.store.files import compress_raw

    start = time.perf_counter()
    article = extract(html, url)
    seconds = time.perf_counter() - start
    return Extracted(article, compress_raw(body), seconds)


def _ready() -> bool:
    """A no-op run in each new worker process so it starts at once."""
    return True


def _ignore_interrupts() -> None:
    """Start of each worker process: Ctrl-C is the parent's to handle.

    A terminal sends SIGINT to every process of the job; a worker that took it
    would print a traceback and break the pool. The parent stops the workers
    itself (`Extractor.close`).
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _start_method() -> str:
    """How worker processes start: fork where it is safe and cheap, else a clean start.

    Python 3.11 forks quietly and the children inherit the loaded extractor; from
    3.12 on, forking a process that has threads is deprecated, so a fork server
    (or spawn) starts clean processes instead.
    """
    methods = multiprocessing.get_all_start_methods()
    if sys.version_info < (3, 12) and "fork" in methods:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


class Extractor:
    """Runs extraction off the event loop: a process pool, or threads as a fallback.

    The threads are `DaemonThreads` and the processes ignore Ctrl-C: extraction
    writes nothing, so a run that is stopped does not wait for it (`close`).
    """

    def __init__(self, mode: ExtractMode, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        """How many pages are extracted at once."""
        self.mode: str = "thread"
        """Where extraction runs: "process" or "thread"."""
        self._pool: Executor | None = None
        if mode == "process":
            self._pool = self._process_pool()
        if self._pool is None:
            self._pool = _threads(self.workers)

    def _process_pool(self) -> Executor | None:
        method = _start_method()
        if method == "fork":
            import reader.extract  # noqa: F401 - loaded once here, inherited by every worker
        try:
            pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context(method),
                initializer=_ignore_interrupts,
            )
            # Start every worker now, before the event loop has started helper threads.
            for future in [pool.submit(_ready) for _ in range(self.workers)]:
                future.result(timeout=60)
        except (OSError, ValueError, NotImplementedError, ImportError, RuntimeError):
            return None
        except BrokenProcessPool:
            pool.shutdown(wait=False, cancel_futures=True)
            return None
        self.mode = "process"
        return pool

    async def extract(self, html: str, url: str, body: bytes) -> Extracted:
        """The article of *html*, *body* compressed, and the seconds extraction took."""
        loop = asyncio.get_running_loop()
        assert self._pool is not None
        try:
            return await loop.run_in_executor(self._pool, extract_page, html, url, body)
        except (BrokenProcessPool, OSError, PermissionError):
            if self.mode != "process":
                raise
            # Processes cannot run here (or died): carry on with threads.
            self._pool.shutdown(wait=False, cancel_futures=True)
            self.mode = "thread"
            self._pool = _threads(self.workers)
            return await loop.run_in_executor(self._pool, extract_page, html, url, body)

    def close(self, *, wait: bool = True) -> None:
        """Stop the workers: after the running extractions, or, without *wait* (a run
        that was stopped), at once: worker processes are ended, threads left behind."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if wait:
            pool.shutdown(wait=True, cancel_futures=True)
            return
        # ProcessPoolExecutor has no public way to end its workers before Python 3.14.
        workers = getattr(pool, "_processes", None) or {}
        for process in list(workers.values()):
            with contextlib.suppress(OSError, AttributeError):
                process.terminate()
        # Joining ended processes is quick; leaving them would leave zombies.
        pool.shutdown(wait=isinstance(pool, ProcessPoolExecutor), cancel_futures=True)


def _threads(workers: int) -> Executor:
    from reader.web.loop import DaemonThreads

    return DaemonThreads(workers, name="reader-extract")


class _Writer:
    """Threads that write to the library, so disk waits (fsync) never block the event loop.

    Each thread uses its own index connection and closes it when it ends. A job
    already running when the run is cancelled still finishes: a save is never cut
    in half, and `close` waits for it.
    """

    def __init__(self, library: Library, threads: int = 3) -> None:
        self._library = library
        self._jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._serve, name=f"reader-writer-{n}", daemon=True)
            for n in range(threads)
        ]
        for thread in self._threads:
            thread.start()

    def _serve(self) -> None:
        try:
            while (job := self._jobs.get()) is not None:
                job()
        finally:
            with contextlib.suppress(sqlite3.Error):
                self._library.index.conn.close()

    async def run(self, func: Callable[..., T], *args: object) -> T:
        """Run ``func(*args)`` in a writer thread and return its result."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()

        def settle(result: T | None, error: BaseException | None) -> None:
            if future.done():
                return  # the run was cancelled meanwhile
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(result)  # type: ignore[arg-type]

        def job() -> None:
            try:
                result = func(*args)
            except BaseException as exc:  # handed to the awaiting task
                loop.call_soon_threadsafe(settle, None, exc)
            else:
                loop.call_soon_threadsafe(settle, result, None)

        self._jobs.put(job)
        return await future

    def close(self) -> None:
        """Let the running jobs finish, then stop the threads."""
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join()


class _Hosts:
    """Per-host politeness: at most *per_host* requests at once, and pauses after a 429."""

    def __init__(self, per_host: int) -> None:
        self._limits: dict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(per_host)
        )
        self._not_before: dict[str, float] = {}

    @contextlib.asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        async with self._limits[host]:
            wait = self._not_before.get(host, 0.0) - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            yield

    def pause(self, host: str, seconds: float) -> None:
        until = time.monotonic() + seconds
        self._not_before[host] = max(self._not_before.get(host, 0.0), until)


async def run_queue(
    library: Library,
    *,
    retry_failed: bool = False,
    ids: Iterable[str] | None = None,
    concurrency: int = 8,
    per_host: int = 2,
    max_tries: int = 3,
    backoff: float = 1.0,
    max_backoff: float = 60.0,
    client: httpx.AsyncClient | None = None,
    fetch: Fetcher | None = None,
    extract_in: ExtractMode = "auto",
    workers: int | None = None,
    images: bool = True,
    on_progress: Callable[[QueueProgress], None] | None = None,
) -> QueueReport:
    """Fetch, extract and save the entries waiting in *library*'s queue.

    Pending entries are fetched; with *retry_failed*, failed ones too; with *ids*,
    only those entries. At most *concurrency* fetches run at once, and *per_host*
    to one host. A retryable failure is tried up to *max_tries* times, waiting
    *backoff* seconds, then twice that, and so on (or what ``Retry-After`` says,
    up to *max_backoff*). With *images*, each saved article's images are then
    saved beside it (a few articles at a time, never failing the article).
    *on_progress* is called after each entry finishes.
    """
    entries = _select(library, retry_failed, ids)
    report = QueueReport(total=len(entries))
    start = time.monotonic()
    if not entries:
        return report
    mode: ExtractMode = extract_in
    if mode == "auto":
        many = len(entries) >= _PROCESS_THRESHOLD and (os.cpu_count() or 1) > 1
        mode = "process" if many else "thread"
    todo: asyncio.Queue[Entry] = asyncio.Queue()
    for entry in interleave_hosts(entries):
        todo.put_nowait(entry)
    async with contextlib.AsyncExitStack() as stack:
        stack.callback(_set_elapsed, report, start)
        if client is None:
            from reader.web.fetch import make_client

            client = await stack.enter_async_context(make_client())
        extractor = Extractor(mode, workers)
        finished = False  # a stopped run does not wait for the extractions under way
        stack.callback(lambda: extractor.close(wait=finished))
        report.extractor = extractor.mode
        writer = _Writer(library)
        stack.callback(writer.close)  # runs first: saves finish before the pool stops
        run = _Run(library, report, client, fetch, extractor, writer, _Hosts(per_host), start)
        run.on_progress = on_progress
        run.images = images
        run.max_tries, run.backoff, run.max_backoff = max(1, max_tries), backoff, max_backoff
        tasks = [asyncio.create_task(run.worker(todo)) for _ in range(max(1, concurrency))]
        try:
            await asyncio.gather(*tasks)
            await run.images_done()
            finished = True
        finally:
            for task in [*tasks, *run.image_tasks]:
                task.cancel()
            await asyncio.gather(*tasks, *run.image_tasks, return_exceptions=True)
    return report


def _set_elapsed(report: QueueReport, start: float) -> None:
    report.elapsed = time.monotonic() - start


def _select(library: Library, retry_failed: bool, ids: Iterable[str] | None) -> list[Entry]:
    if ids is not None:
        wanted = [library.get(i) for i in ids]
        return [e for e in wanted if not e.fetched]
    entries = pending_entries(library)
    if retry_failed:
        entries = failed_entries(library) + entries
    return entries


class _Run:
    """The state of one `run_queue` call, shared by its workers."""

    def __init__(
        self,
        library: Library,
        report: QueueReport,
        client: httpx.AsyncClient,
        fetch: Fetcher | None,
        extractor: Extractor,
        writer: _Writer,
        hosts: _Hosts,
        start: float,
    ) -> None:
        self.library = library
        self.report = report
        self.client = client
        self.fetch = fetch or _default_fetch
        self.extractor = extractor
        self.hosts = hosts
        self.start = start
        self.on_progress: Callable[[QueueProgress], None] | None = None
        self.max_tries = 3
        self.backoff = 1.0
        self.max_backoff = 60.0
        self.done = 0
        self.writer = writer
        self.images = True
        self.image_tasks: set[asyncio.Task[None]] = set()
        self._image_slots = asyncio.Semaphore(_IMAGE_ARTICLES)
        self._image_backlog = asyncio.Semaphore(_IMAGE_BACKLOG)

    async def worker(self, todo: asyncio.Queue[Entry]) -> None:
        while True:
            try:
                entry = todo.get_nowait()
            except asyncio.QueueEmpty:
                return
            error = await self.one(entry)
            self.done += 1
            self._progress(entry, error)

    async def one(self, entry: Entry) -> str | None:
        """Fetch, extract and save *entry*; the reason it failed, or None."""
        tries = 0
        host = host_of(entry.url)
        while True:
            tries += 1
            try:
                async with self.hosts.slot(host):
                    page = await self.fetch(entry.url, self.client)
                break
            except ReaderError as exc:
                message = str(exc)
                if tries >= self.max_tries or not is_retryable(message):
                    return await self._failed(entry, message, tries)
                asked = retry_after(message)
                delay = min(self.max_backoff, asked if asked is not None else self._delay(tries))
                if asked is not None:
                    self.hosts.pause(host, delay)
                await asyncio.sleep(delay)
        try:
            done = await self.extractor.extract(page.html, page.url, page.body)
        except ReaderError as exc:
            return await self._failed(entry, str(exc), tries)
        self.report.extract_seconds += done.seconds
        try:
            saved = await self.writer.run(self._save, entry, done)
        except ReaderError as exc:
            return await self._failed(entry, str(exc), tries)
        if saved:
            self.report.saved += 1
            if self.images and "![" in done.article.markdown:
                # Waits only when many articles' images are behind: that bounds the pages kept.
                await self._image_backlog.acquire()
                task = asyncio.create_task(self._save_images(entry, page))
                self.image_tasks.add(task)
                task.add_done_callback(self.image_tasks.discard)
        return None

    async def _save_images(self, entry: Entry, page: Page) -> None:
        """Save the images of a just-saved article (the queue goes on meanwhile)."""
        from reader.library.image_saving import save_images

        try:
            async with self._image_slots:
                report = await save_images(
                    self.library,
                    entry.id,
                    client=self.client,
                    page_html=page.html,
                    page_url=page.url,
                )
        finally:
            self._image_backlog.release()
        self.report.images_saved += report.saved
        self.report.images_failed += len(report.failed)

    async def images_done(self) -> None:
        """Wait for the images still being saved."""
        while self.image_tasks:
            await asyncio.gather(*self.image_tasks, return_exceptions=True)

    def _save(self, entry: Entry, done: Extracted) -> bool:
        """Fill *entry*'s placeholder with the article (in a writer thread)."""
        if self.library.index.get(entry.id) is None:
            return False  # deleted while it was being fetched
        # The raw page is written before taking the library's lock, so writers overlap.
        self.library.files.write_raw_compressed(entry.id, done.raw_gz)
        self.library.save_article(done.article, url=entry.url)
        return True

    def _delay(self, tries: int) -> float:
        base = self.backoff * 2 ** (tries - 1)
        return float(base * (0.75 + random.random() / 2))  # jitter: not all at once

    async def _failed(self, entry: Entry, message: str, tries: int) -> str:
        self.report.failed.append((entry, message))
        await self.writer.run(self._record_failure, entry, message, tries)
        return message

    def _record_failure(self, entry: Entry, message: str, tries: int) -> None:
        with contextlib.suppress(ReaderError):  # deleted meanwhile: nothing to record
            self.library.update(
                entry.id, fetch_error=message, fetch_attempts=entry.fetch_attempts + tries
            )

    def _progress(self, entry: Entry, error: str | None) -> None:
        if self.on_progress is None:
            return
        report = self.report
        self.on_progress(
            QueueProgress(
                total=report.total,
                done=self.done,
                saved=report.saved,
                failed=len(report.failed),
                elapsed=time.monotonic() - self.start,
                last_url=entry.url,
                last_error=error,
            )
        )


async def _default_fetch(url: str, client: httpx.AsyncClient) -> Page:
    from reader.web.fetch import fetch_page

    return await fetch_page(url, client=client)
