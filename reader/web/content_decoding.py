"""Undo HTTP content codings (gzip, deflate, brotli) a bounded piece at a time.

httpx's own decoders expand a whole network chunk at once, so a tiny
compression bomb can cost a hundred megabytes before any size check runs.
These decoders never produce more than `STEP` bytes per step, so the caller's
size cap stops a bomb in bounded memory.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from typing import Protocol

import brotli

from reader.errors import FetchError

STEP = 64 * 1024
"""The most bytes a decoder produces from one step of input."""


class _Step(Protocol):
    """One content-coding undone incrementally, never more than `STEP` bytes at a time."""

    def feed(self, data: bytes) -> Iterator[bytes]: ...

    def finish(self) -> Iterator[bytes]: ...


class _Zlib:
    """gzip or deflate (zlib-wrapped, or raw as some servers send it)."""

    def __init__(self, wbits: int) -> None:
        self._wbits = wbits
        self._inflate = zlib.decompressobj(wbits)
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if not self._started and self._wbits == zlib.MAX_WBITS:
            self._started = True
            try:
                first = self._inflate.decompress(data, STEP)
            except zlib.error:  # "deflate" sent raw, without the zlib wrapper
                self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
            else:
                if first:
                    yield first
                data = self._inflate.unconsumed_tail
        while data and not self._inflate.eof:
            out = self._inflate.decompress(data, STEP)
            if out:
                yield out
            if not out and self._inflate.unconsumed_tail == data:
                break  # no progress possible
            data = self._inflate.unconsumed_tail

    def finish(self) -> Iterator[bytes]:
        rest = self._inflate.flush()
        if rest:
            yield rest


class _Brotli:
    """brotli, with its output capped per step."""

    def __init__(self) -> None:
        self._decompressor = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        out = self._decompressor.process(data, output_buffer_limit=STEP)
        while True:
            if out:
                yield out
            if self._decompressor.can_accept_more_data():
                return
            out = self._decompressor.process(b"", output_buffer_limit=STEP)
            if not out:
                return

    def finish(self) -> Iterator[bytes]:
        return iter(())


# Content-Encoding values that misconfigured servers send for an unencoded body.
_NO_ENCODING = frozenset({"", "identity", "none", "utf-8", "utf8", "text", "binary"})


class ContentDecoder:
    """Undoes the content codings named in a Content-Encoding header, in order."""

    def __init__(self, header: str) -> None:
        names = [name.strip().lower() for name in header.split(",")]
        names = [name for name in names if name not in _NO_ENCODING]
        self._names = names
        self._steps: list[_Step] = []
        # Codings are listed in the order they were applied: undo the last first.
        for name in reversed(names):
            if name in ("gzip", "x-gzip"):
                self._steps.append(_Zlib(16 + zlib.MAX_WBITS))
            elif name == "deflate":
                self._steps.append(_Zlib(zlib.MAX_WBITS))
            elif name == "br":
                self._steps.append(_Brotli())
            else:
                raise FetchError(f"unsupported content encoding: {' '.join(name.split())[:40]}")

    @property
    def identity(self) -> bool:
        """Whether the body is sent as is."""
        return not self._steps

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Decoded pieces of the next *data* received."""
        return self._through(0, data)

    def finish(self) -> Iterator[bytes]:
        """Whatever the decoders still hold at the end of the body."""
        for index, step in enumerate(self._steps):
            for piece in self._guard(step.finish):
                yield from self._through(index + 1, piece)

    def _through(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self._steps):
            yield data
            return
        step = self._steps[index]
        for piece in self._guard(lambda: step.feed(data)):
            yield from self._through(index + 1, piece)

    def _guard(self, pieces: Callable[[], Iterator[bytes]]) -> Iterator[bytes]:
        try:
            yield from pieces()
        except (zlib.error, brotli.error):
            raise FetchError(
                f"the page's compression ({', '.join(self._names)}) is corrupt"
            ) from None
