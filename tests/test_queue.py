"""The fetch queue: placeholders fetched concurrently, politely, with retries; nothing lost."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import httpx
import pytest

from reader.errors import FetchError
from reader.importers.queue import (
    QueueProgress,
    failed_entries,
    interleave_hosts,
    is_retryable,
    pending_entries,
    retry_after,
    run_queue,
)
from reader.library import Library
from reader.web.fetch import Page
from tests.support.articles import article_page
from tests.support.http_server import TestServer, http_server
from tests.support.images import png

__all__ = ["http_server"]


def page(url: str, title: str = "A page") -> Page:
    html = article_page(title, slug=url.rsplit("/", 1)[-1])
    return Page(url, url, 200, "text/html", "utf-8", html, html.encode())


async def test_pending_entries_are_fetched_into_their_placeholders(
    library: Library, http_server: TestServer
) -> None:
    urls = [http_server.html(f"/p{i}", article_page(f"Story {i}", slug=f"p{i}")) for i in range(5)]
    placeholders = [
        library.add_placeholder(u, title=f"Imported {i}", tags=["imported"], status="archived")
        for i, u in enumerate(urls)
    ]
    seen: list[QueueProgress] = []
    report = await run_queue(library, on_progress=seen.append)
    assert (report.total, report.saved, report.failed) == (5, 5, [])
    assert [p.done for p in seen] == [1, 2, 3, 4, 5]
    assert seen[-1].eta == 0
    for result in placeholders:
        entry = library.get(result.entry.id)
        assert entry.fetched and entry.tags == ("imported",) and entry.status == "archived"
        assert entry.path == result.entry.path
        assert "The committee met" in library.markdown(entry.id)
        assert library.raw_html(entry.id) is not None
    assert pending_entries(library) == []


async def test_failures_keep_their_reason_and_wait_for_a_retry(
    library: Library, http_server: TestServer
) -> None:
    gone = http_server.route("/gone", status=404, body=b"no")
    empty = http_server.html("/empty", "<html><body></body></html>")
    library.add_placeholder(gone)
    library.add_placeholder(empty)
    report = await run_queue(library)
    assert report.saved == 0 and len(report.failed) == 2
    failed = {e.url: e for e in failed_entries(library)}
    assert "page not found (HTTP 404)" in (failed[gone].fetch_error or "")
    assert "no article found" in (failed[empty].fetch_error or "")
    assert failed[gone].fetch_attempts == 1  # a 404 is not retried
    # The reason is in the file, the truth.
    assert "fetch_error:" in (library.files.articles / failed[gone].path).read_text("utf-8")
    assert (await run_queue(library)).total == 0  # failed entries wait for `retry`
    http_server.html("/gone", article_page("Back again"))
    again = await run_queue(library, retry_failed=True)
    assert again.saved == 1 and len(again.failed) == 1
    entry = library.find_url(gone)
    assert entry is not None and entry.fetched and entry.fetch_error is None
    assert [e.url for e in failed_entries(library)] == [empty]
    assert library.get(failed[empty].id).fetch_attempts == 2


async def test_429_and_5xx_are_retried_with_backoff(library: Library) -> None:
    calls: Counter[str] = Counter()

    async def flaky(url: str, client: httpx.AsyncClient) -> Page:
        calls[url] += 1
        if url.endswith("/busy") and calls[url] < 3:
            raise FetchError(f"too many requests (HTTP 429): {url}; retry after 0 s")
        if url.endswith("/down"):
            raise FetchError(f"server error (HTTP 503): {url}")
        if url.endswith("/slow") and calls[url] == 1:
            raise FetchError("timed out after 20 s waiting for an answer from a.example")
        return page(url)

    for name in ("busy", "down", "slow"):
        library.add_placeholder(f"https://a.example/{name}")
    report = await run_queue(library, fetch=flaky, backoff=0.01, max_tries=3)
    assert calls == {
        "https://a.example/busy": 3,
        "https://a.example/down": 3,
        "https://a.example/slow": 2,
    }
    assert report.saved == 2
    (down,) = failed_entries(library)
    assert down.fetch_attempts == 3 and "HTTP 503" in (down.fetch_error or "")


def test_retry_rules() -> None:
    assert is_retryable("too many requests (HTTP 429): u; retry after 5 s")
    assert is_retryable("server error (HTTP 502): u")
    assert is_retryable("connection reset by a.example partway through the page")
    assert not is_retryable("page not found (HTTP 404): u")
    assert not is_retryable("access denied (HTTP 403): u")
    assert retry_after("too many requests (HTTP 429): u; retry after 7 s") == 7.0
    assert retry_after("server error (HTTP 503): u") is None


async def test_concurrency_is_bounded_overall_and_per_host(library: Library) -> None:
    active: Counter[str] = Counter()
    most: Counter[str] = Counter()
    overall = 0
    most_overall = 0

    async def slow(url: str, client: httpx.AsyncClient) -> Page:
        nonlocal overall, most_overall
        host = httpx.URL(url).host
        active[host] += 1
        overall += 1
        most[host] = max(most[host], active[host])
        most_overall = max(most_overall, overall)
        await asyncio.sleep(0.02)
        active[host] -= 1
        overall -= 1
        return page(url)

    for host in ("a.example", "b.example", "c.example"):
        for i in range(6):
            library.add_placeholder(f"https://{host}/{i}")
    report = await run_queue(library, fetch=slow, concurrency=4, per_host=2)
    assert report.saved == 18
    assert max(most.values()) == 2
    assert 2 < most_overall <= 4


def test_hosts_are_interleaved(library: Library) -> None:
    for url in ("https://a.example/1", "https://a.example/2", "https://b.example/1"):
        library.add_placeholder(url)
    order = [e.url for e in interleave_hosts(pending_entries(library))]
    assert order[1] == "https://b.example/1"


async def test_an_interrupted_run_loses_nothing_and_the_next_run_finishes(
    library: Library,
) -> None:
    async def fetch(url: str, client: httpx.AsyncClient) -> Page:
        await asyncio.sleep(0.01)
        return page(url)

    for i in range(12):
        library.add_placeholder(f"https://a.example/{i}")
    stop = asyncio.Event()

    def progress(p: QueueProgress) -> None:
        if p.done >= 3:
            stop.set()

    task = asyncio.create_task(run_queue(library, fetch=fetch, concurrency=2, on_progress=progress))
    await stop.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    left = len(pending_entries(library))
    assert 0 < left < 12
    assert len(library.entries()) == 12
    report = await run_queue(library, fetch=fetch)
    assert report.total == left and report.saved == left
    assert pending_entries(library) == []


async def test_an_entry_deleted_while_queued_is_not_brought_back(library: Library) -> None:
    entry = library.add_placeholder("https://a.example/x").entry

    async def fetch(url: str, client: httpx.AsyncClient) -> Page:
        library.delete(entry.id)
        return page(url)

    await run_queue(library, fetch=fetch)
    assert library.entries() == []


async def test_extraction_runs_in_worker_processes(
    library: Library, http_server: TestServer, tmp_path: Path
) -> None:
    for i in range(3):
        library.add_placeholder(http_server.html(f"/w{i}", article_page(f"Worker {i}")))
    report = await run_queue(library, extract_in="process", workers=2)
    assert report.extractor == "process"
    assert report.saved == 3 and report.extract_seconds > 0


async def test_extraction_falls_back_to_threads_without_processes(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_processes(*args: object, **kwargs: object) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr("reader.importers.queue.ProcessPoolExecutor", no_processes)

    async def fetch(url: str, client: httpx.AsyncClient) -> Page:
        return page(url)

    library.add_placeholder("https://a.example/t")
    report = await run_queue(library, fetch=fetch, extract_in="process")
    assert report.extractor == "thread" and report.saved == 1


async def test_fetched_articles_get_their_images_saved(
    library: Library, http_server: TestServer
) -> None:
    http_server.route("/media/photo.png", headers={"Content-Type": "image/png"}, body=png())
    http_server.route("/media/gone.png", status=404)
    pictured = article_page(
        "Pictured",
        extra='<p><img src="/media/photo.png" alt="Harbour"> <img src="/media/gone.png"></p>',
    )
    with_images = library.add_placeholder(http_server.html("/pictured", pictured)).entry
    plain = library.add_placeholder(http_server.html("/plain", article_page("Plain"))).entry
    report = await run_queue(library)
    assert report.saved == 2
    assert (report.images_saved, report.images_failed) == (1, 1)
    markdown = library.markdown(with_images.id)
    assert f"](../images/{with_images.id}/01.png" in markdown
    assert (library.root / "images" / with_images.id / "01.png").read_bytes() == png()
    assert http_server.url("/media/gone.png") in markdown  # kept remote: `reader images` retries
    assert not (library.root / "images" / plain.id).exists()
    assert report.to_json()["images_saved"] == 1


async def test_images_can_be_left_for_later(library: Library, http_server: TestServer) -> None:
    http_server.route("/media/photo.png", headers={"Content-Type": "image/png"}, body=png())
    pictured = article_page("Pictured", extra='<p><img src="/media/photo.png" alt="Harbour"></p>')
    entry = library.add_placeholder(http_server.html("/pictured", pictured)).entry
    report = await run_queue(library, images=False)
    assert report.saved == 1 and report.images_saved == 0
    assert "/media/photo.png" not in [r.path for r in http_server.requests]
    assert http_server.url("/media/photo.png") in library.markdown(entry.id)
