"""Running fetches on an event loop that Ctrl-C stops at once.

`asyncio.run` stops on Ctrl-C by cancelling the running task, which ends a
fetch promptly; but it then waits for every thread of the loop's default
executor, and the interpreter waits for them again at exit. Two blocking calls
live there: the DNS lookups of every connection (``getaddrinfo`` cannot be
interrupted) and ``asyncio.to_thread`` work such as extracting an article. A
name server that does not answer thus held ``reader add`` and ``reader import``
for as long as the lookup took, Ctrl-C or not, and past the fetch deadline.

`run` is `asyncio.run` with a `DaemonThreads` default executor instead: its
threads are daemon threads that nobody joins, and shutting it down waits for
the work under way only for a short grace period. What runs there never writes
to the library (lookups, extraction, compressing a page), so leaving it behind
loses nothing; saves run in the event loop's own thread or in threads that are
waited for.

`use_daemon_threads` gives any running loop (the app's) the same executor.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import threading
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

__all__ = ["SHUTDOWN_GRACE", "DaemonThreads", "run", "use_daemon_threads"]

P = ParamSpec("P")
T = TypeVar("T")

#: Seconds `DaemonThreads.shutdown` waits for the work under way before leaving it.
SHUTDOWN_GRACE = 0.5

_Item = tuple["Future[Any]", Callable[..., Any], tuple[Any, ...], dict[str, Any]]


class DaemonThreads(ThreadPoolExecutor):
    """A thread pool whose threads never hold up Ctrl-C or the end of the program.

    Like `concurrent.futures.ThreadPoolExecutor` (at most *max_workers* threads,
    started as work comes, idle ones reused), except that the threads are daemon
    threads the interpreter does not wait for at exit, and `shutdown` waits at
    most *grace* seconds for the calls already running.

    It is a ThreadPoolExecutor only by name, for asyncio, which takes no other
    kind as a loop's default executor: it shares none of its code, and none of
    its threads are in the list that `concurrent.futures` joins at exit.
    """

    def __init__(
        self,
        max_workers: int | None = None,
        *,
        name: str = "reader-worker",
        grace: float = SHUTDOWN_GRACE,
    ) -> None:
        # ThreadPoolExecutor.__init__ is not called: its machinery is replaced whole.
        self.max_workers = max_workers or min(32, (os.cpu_count() or 1) + 4)
        """Most threads running at once."""
        self.grace = grace
        """Seconds `shutdown` waits for running calls."""
        self._name = name
        self._work: queue.SimpleQueue[_Item | None] = queue.SimpleQueue()
        self._idle = threading.Semaphore(0)
        self._lock = threading.Lock()
        self._workers: list[threading.Thread] = []
        self._closed = False

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        """Run ``fn(*args, **kwargs)`` in one of the threads; its future."""
        future: Future[T] = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("cannot schedule new futures after shutdown")
            self._work.put((future, fn, args, kwargs))
            if not self._idle.acquire(blocking=False) and len(self._workers) < self.max_workers:
                thread = threading.Thread(
                    target=self._serve, name=f"{self._name}-{len(self._workers)}", daemon=True
                )
                thread.start()
                self._workers.append(thread)
        return future

    def _serve(self) -> None:
        while (item := self._work.get()) is not None:
            future, fn, args, kwargs = item
            del item
            if future.set_running_or_notify_cancel():
                try:
                    result = fn(*args, **kwargs)
                except BaseException as exc:  # handed to whoever waits for the future
                    future.set_exception(exc)
                else:
                    future.set_result(result)
            del future, fn, args, kwargs
            self._idle.release()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Take no more work; with *cancel_futures*, drop the work not started; with
        *wait*, wait up to `grace` seconds for the running calls, then leave them."""
        with self._lock:
            self._closed = True
            threads = list(self._workers)
        if cancel_futures:
            with contextlib.suppress(queue.Empty):
                while True:
                    item = self._work.get_nowait()
                    if item is not None:
                        item[0].cancel()
        for _ in threads:
            self._work.put(None)
        if wait:
            until = time.monotonic() + self.grace
            for thread in threads:
                thread.join(max(0.0, until - time.monotonic()))


def use_daemon_threads(loop: asyncio.AbstractEventLoop) -> None:
    """Make a `DaemonThreads` the default executor of *loop* (``to_thread``, DNS lookups)."""
    loop.set_default_executor(DaemonThreads())


def run(main: Coroutine[Any, Any, T]) -> T:
    """Run *main* as `asyncio.run` does (Ctrl-C cancels it and raises KeyboardInterrupt),
    on a loop whose default executor is a `DaemonThreads`, so neither a stalled DNS
    lookup nor a long extraction keeps the program from ending."""
    with asyncio.Runner() as runner:
        use_daemon_threads(runner.get_loop())
        return runner.run(main)
