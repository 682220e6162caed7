"""fetch_page against hostile or broken servers and networks, all on 127.0.0.1.

Decompression bombs, headers that never come, bodies that drip past the deadline,
connections reset or closed mid-body, DNS, refused connections and TLS failures:
each must end quickly, in bounded memory, as one-line `FetchError`.
"""

from __future__ import annotations

import gzip
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from functools import cache

import brotli
import pytest

from reader.errors import FetchError
from reader.web.fetch import FetchLimits, fetch_page
from tests.support.http_server import TestServer, closed_port, serve

BOMB_SIZE = 50_000_000  # bytes once expanded; a few kB (gzip) or 77 bytes (brotli) on the wire
CAP = 1_000_000


@pytest.fixture
def server() -> Iterator[TestServer]:
    with serve() as running:
        yield running


@cache
def bomb(coding: str) -> bytes:
    """50 MB of zeros after an HTML start tag, compressed with *coding*."""
    payload = b"<html><body>" + bytes(BOMB_SIZE)
    if coding == "gzip":
        return gzip.compress(payload, compresslevel=9)
    if coding == "deflate":
        return zlib.compress(payload, level=9)
    return bytes(brotli.compress(payload, quality=5))


@pytest.mark.parametrize("coding", ["gzip", "br", "deflate"])
async def test_decompression_bomb_is_stopped_in_bounded_memory(
    server: TestServer, coding: str
) -> None:
    wire = bomb(coding)
    assert len(wire) < 100_000
    url = server.route(
        "/bomb", headers={"Content-Type": "text/html", "Content-Encoding": coding}, body=wire
    )
    await fetch_page(server.html("/warm-up", "<p>x"))  # first-use imports are not the bomb's
    tracemalloc.start()
    try:
        with pytest.raises(FetchError) as info:
            await fetch_page(url, limits=FetchLimits(max_bytes=CAP))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(info.value) == f"the page is too large (more than 1 MB): {url}"
    # The cap plus a few decoding steps, nowhere near the 50 MB the bomb expands to.
    assert peak < 5 * CAP, f"peak memory {peak:,} bytes"


async def test_headers_that_never_come(server: TestServer) -> None:
    url = server.route(
        "/stall", headers={"Content-Type": "text/html"}, body=b"<p>", header_delay=30
    )
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        await fetch_page(url, limits=FetchLimits(read_timeout=0.3))
    assert time.monotonic() - started < 3
    assert str(info.value) == "timed out after 0.3 s waiting for an answer from 127.0.0.1"


async def test_body_that_stalls(server: TestServer) -> None:
    url = server.route(
        "/stall-body", headers={"Content-Type": "text/html"}, chunks=[b"<p>x"], chunk_delay=30
    )
    with pytest.raises(FetchError) as info:
        await fetch_page(url, limits=FetchLimits(read_timeout=0.3))
    assert str(info.value) == "timed out after 0.3 s waiting for more of the page from 127.0.0.1"


async def test_slow_drip_past_the_total_deadline(server: TestServer) -> None:
    # One byte every 50 ms: never idle long enough for the read timeout, but the
    # whole page would take minutes.
    url = server.route(
        "/drip",
        headers={"Content-Type": "text/html"},
        chunks=[b"<p>"] + [b"x"] * 5000,
        chunk_delay=0.05,
    )
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        await fetch_page(url, limits=FetchLimits(read_timeout=5, total_timeout=1))
    assert time.monotonic() - started < 3
    assert str(info.value) == f"timed out after 1 s (the time limit for the whole fetch): {url}"


async def test_total_deadline_covers_redirects(server: TestServer) -> None:
    server.route("/slow-hop", status=302, headers={"Location": "/slow-hop2"}, header_delay=0.4)
    server.route("/slow-hop2", status=302, headers={"Location": "/slow-hop3"}, header_delay=0.4)
    server.route("/slow-hop3", headers={"Content-Type": "text/html"}, body="<p>x", header_delay=0.4)
    with pytest.raises(FetchError, match=r"^timed out after 1 s \(the time limit"):
        await fetch_page(server.url("/slow-hop"), limits=FetchLimits(total_timeout=1))


async def test_connection_reset_mid_body(server: TestServer) -> None:
    url = server.route(
        "/reset",
        headers={"Content-Type": "text/html"},
        body=b"<html><body>" + b"x" * 200_000,
        reset_after=50_000,
    )
    with pytest.raises(FetchError) as info:
        await fetch_page(url)
    message = str(info.value)
    # Depending on timing the client sees the RST or just the end of the stream.
    assert message in {
        f"connection reset by 127.0.0.1:{server.port} partway through the page",
        f"connection closed by 127.0.0.1:{server.port} before the page was complete",
    }


async def test_connection_closed_mid_body(server: TestServer) -> None:
    url = server.route(
        "/short",
        headers={"Content-Type": "text/html"},
        body=b"<html><body>only part",
        content_length=10_000,
    )
    # The server sends what it has, then closes: fewer bytes than promised.
    with pytest.raises(FetchError) as info:
        await fetch_page(url, limits=FetchLimits(read_timeout=2))
    assert str(info.value) == (
        f"connection closed by 127.0.0.1:{server.port} before the page was complete"
    )


async def test_corrupt_compression(server: TestServer) -> None:
    url = server.route(
        "/corrupt",
        headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
        body=b"\x1f\x8b\x08\x00garbage that is not deflate data at all",
    )
    with pytest.raises(FetchError, match=r"^the page's compression \(gzip\) is corrupt$"):
        await fetch_page(url)


async def test_dns_failure() -> None:
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        await fetch_page("http://example.invalid/", limits=FetchLimits(connect_timeout=3))
    assert time.monotonic() - started < 5
    assert str(info.value) == "could not resolve host example.invalid"


async def test_connection_refused() -> None:
    port = closed_port()
    with pytest.raises(FetchError) as info:
        await fetch_page(f"http://127.0.0.1:{port}/", limits=FetchLimits(connect_timeout=2))
    assert str(info.value) == f"connection refused by 127.0.0.1:{port}"


async def test_tls_error(server: TestServer) -> None:
    server.html("/plain", "<p>not TLS")
    with pytest.raises(FetchError, match=r"^TLS error with 127\.0\.0\.1: [A-Z_]+"):
        await fetch_page(
            f"https://127.0.0.1:{server.port}/plain", limits=FetchLimits(connect_timeout=2)
        )


async def test_a_deadline_ends_every_fetch_under_it(server: TestServer) -> None:
    from reader.web.fetch import deadline

    url = server.route(
        "/drip-under-deadline",
        headers={"Content-Type": "text/html"},
        chunks=[b"<p>"] + [b"x"] * 5000,
        chunk_delay=0.05,
    )
    with (
        deadline(time.monotonic() + 0.5, 7, "the command's limit"),
        pytest.raises(FetchError) as info,
    ):
        await fetch_page(url, limits=FetchLimits(read_timeout=5, total_timeout=30))
    assert str(info.value) == f"timed out after 7 s (the command's limit): {url}"
