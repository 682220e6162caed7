"""When the command started, so that its time limit counts start-up too.

A person who runs ``reader add URL`` counts from the moment they press enter,
not from the moment the fetch begins: starting Python and importing reader may
take a second on a loaded machine. `command_started` is that moment on the
clock `time.monotonic` (and asyncio's ``loop.time()``) keep.

On Linux it is the process's own creation time (``/proc/self/stat``, to 10 ms);
elsewhere, the moment `reader.cli` was imported, the earliest point reader's
own code sees. A `main` called with explicit arguments inside a longer-lived
process (a test, a script) counts from that call instead.
"""

from __future__ import annotations

import os
import time

__all__ = ["MAX_STARTUP", "command_started", "process_started"]

#: More start-up than this is not believed: the process ran other things before reader.
MAX_STARTUP = 10.0


def process_started() -> float | None:
    """The monotonic time this process was created, or None where that is not known."""
    try:
        with open("/proc/self/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        ticks = int(fields[19])  # field 22, "starttime": clock ticks after boot
        per_second = os.sysconf("SC_CLK_TCK")
        since_boot = time.clock_gettime(time.CLOCK_BOOTTIME)
    except (OSError, ValueError, IndexError, AttributeError):
        return None
    age = since_boot - ticks / per_second
    return time.monotonic() - age


def command_started(imported_at: float, *, own_process: bool) -> float:
    """The monotonic time the command started.

    When the command is the process (*own_process*: `main` was called without
    arguments), that is the process's creation, or else *imported_at* (when
    `reader.cli` was imported), whichever is known and no more than `MAX_STARTUP`
    seconds ago; otherwise it is now.
    """
    now = time.monotonic()
    if own_process:
        for started in (process_started(), imported_at):
            if started is not None and 0 <= now - started <= MAX_STARTUP:
                return started
    return now
