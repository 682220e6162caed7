"""ImportJob: an import run from another thread, with progress, and stoppable."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reader.errors import ImportFormatError
from reader.importers.job import ImportJob, ImportOutcome, ImportProgress, parse_path
from reader.importers.queue import pending_entries
from reader.library import Library
from reader.store.index import Filter
from tests.support.articles import article_page
from tests.support.http_server import TestServer, http_server
from tests.support.images import png

__all__ = ["http_server"]


def url_list(tmp_path: Path, urls: list[str]) -> Path:
    path = tmp_path / "links.txt"
    path.write_text("\n".join(urls) + "\n", encoding="utf-8")
    return path


def serve_pages(server: TestServer, count: int, **route: object) -> list[str]:
    urls = []
    for i in range(count):
        html = article_page(f"Story {i}", slug=f"s{i}").encode()
        headers = {"Content-Type": "text/html; charset=utf-8"}
        urls.append(server.route(f"/s{i}", body=html, headers=headers, **route))  # type: ignore[arg-type]
    return urls


def test_a_file_is_added_then_fetched_with_progress(
    library: Library, http_server: TestServer, tmp_path: Path
) -> None:
    source = url_list(tmp_path, serve_pages(http_server, 3))
    seen: list[ImportProgress] = []
    outcome = ImportJob(library, source, tags=["batch"], on_progress=seen.append).run()
    assert not outcome.stopped and outcome.still_queued == 0
    assert outcome.report is not None and outcome.report.added == 3
    assert outcome.fetched is not None and outcome.fetched.saved == 3
    entries = library.entries(Filter())
    assert len(entries) == 3 and all(e.fetched and e.tags == ("batch",) for e in entries)
    stages = [p.stage for p in seen]
    assert stages[0] == "reading" and stages[-1] == "fetching"
    assert [p.done for p in seen if p.stage == "adding"] == [0, 3]  # new links: one batch
    assert [p.done for p in seen if p.stage == "fetching"] == [0, 1, 2, 3]
    assert seen[-1].done == seen[-1].total == 3 and seen[-1].saved == 3
    assert outcome.summary().startswith("imported 3 new, fetched 3/3")


def test_without_fetching_the_entries_stay_queued(library: Library, tmp_path: Path) -> None:
    source = url_list(tmp_path, ["https://example.com/a", "https://example.com/b"])
    outcome = ImportJob(library, source, fetch=False).run()
    assert outcome.fetched is None and outcome.still_queued == 2
    assert [e.fetched for e in library.entries(Filter())] == [False, False]
    assert "queued" in outcome.summary()


def test_an_unreadable_file_raises_a_reader_error(library: Library, tmp_path: Path) -> None:
    broken = tmp_path / "export.csv"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ImportFormatError):
        ImportJob(library, broken, fmt="pocket-csv").run()
    assert library.counts()["all"] == 0


def test_a_folder_is_read_as_markdown_notes(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.md").write_text(
        "---\ntitle: A note\nurl: https://example.com/note\n---\n\nThe body.\n", encoding="utf-8"
    )
    parsed = parse_path(folder, "pocket-csv")  # a folder is notes, whatever the format says
    assert parsed.format == "markdown-dir" and len(parsed.records) == 1


def test_stopping_while_adding_keeps_what_was_added(library: Library, tmp_path: Path) -> None:
    # New links are added 200 at a time: a stop takes effect after the batch under way.
    source = url_list(tmp_path, [f"https://example.com/{i}" for i in range(450)])
    job: ImportJob
    seen: list[int] = []

    def progress(p: ImportProgress) -> None:
        if p.stage == "adding" and p.done > 0:
            seen.append(p.done)
            job.stop()

    job = ImportJob(library, source, on_progress=progress)
    outcome = job.run()
    assert seen == [200]
    assert outcome.stopped and outcome.report is None and outcome.fetched is None
    assert library.counts()["all"] == 200 and outcome.still_queued == 200
    assert outcome.summary() == (
        "stopped, after 200 of 450 records (import the file again); "
        "200 still queued: 'reader import --resume' fetches them"
    )


def test_stopping_while_fetching_leaves_the_rest_queued(
    library: Library, http_server: TestServer, tmp_path: Path
) -> None:
    urls = serve_pages(http_server, 2)
    urls += serve_pages_slow(http_server, 6)
    source = url_list(tmp_path, urls)
    outcome: list[ImportOutcome] = []
    job: ImportJob

    def progress(p: ImportProgress) -> None:
        if p.stage == "fetching" and p.saved >= 1:
            job.stop()

    job = ImportJob(library, source, on_progress=progress, concurrency=2, poll=0.02)
    thread = threading.Thread(target=lambda: outcome.append(job.run()))
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive()
    (done,) = outcome
    assert done.stopped and done.report is not None and done.report.added == 8
    left = pending_entries(library)
    assert done.still_queued == len(left) >= 4
    assert all(not e.fetched and e.fetch_error is None for e in left)
    saved = [e for e in library.entries(Filter()) if e.fetched]
    assert 1 <= len(saved) <= 4
    assert done.summary().startswith("stopped, imported 8 new, fetched ")
    hint = "'reader import --resume' fetches them"
    assert done.summary().endswith(f"; {len(left)} still queued: {hint}")


def serve_pages_slow(server: TestServer, count: int) -> list[str]:
    urls = []
    for i in range(count):
        html = article_page(f"Slow {i}", slug=f"slow{i}").encode()
        headers = {"Content-Type": "text/html; charset=utf-8"}
        urls.append(server.route(f"/slow{i}", body=html, headers=headers, header_delay=2.0))
    return urls


def test_a_job_without_a_file_fetches_the_queue(library: Library, http_server: TestServer) -> None:
    for url in serve_pages(http_server, 2):
        library.add_placeholder(url)
    outcome = ImportJob(library, None).run()
    assert outcome.fetched is not None and outcome.fetched.saved == 2
    assert outcome.summary().startswith("fetched 2/2")
    assert ImportJob(library, None).run().summary() == "nothing queued to fetch"


@pytest.mark.parametrize("images", [True, False])
def test_fetched_articles_get_their_images_unless_told_not_to(
    library: Library, http_server: TestServer, tmp_path: Path, images: bool
) -> None:
    http_server.route("/photo.png", headers={"Content-Type": "image/png"}, body=png())
    page = http_server.html("/p", article_page("Pictured", extra='<p><img src="/photo.png"></p>'))
    outcome = ImportJob(library, url_list(tmp_path, [page]), images=images).run()
    assert outcome.fetched is not None and outcome.fetched.saved == 1
    assert outcome.fetched.images_saved == (1 if images else 0)
    assert ("/photo.png" in [r.path for r in http_server.requests]) is images


def test_a_job_can_try_failed_entries_again(library: Library, http_server: TestServer) -> None:
    (url,) = serve_pages(http_server, 1)
    entry = library.add_placeholder(url).entry
    library.update(entry.id, fetch_error="timed out", fetch_attempts=3)
    assert ImportJob(library, None).run().summary() == "nothing queued to fetch"
    seen: list[ImportProgress] = []
    outcome = ImportJob(library, None, retry_failed=True, on_progress=seen.append).run()
    assert outcome.fetched is not None and outcome.fetched.saved == 1
    assert seen[0].stage == "fetching" and seen[0].total == 1
    assert library.get(entry.id).fetched and library.get(entry.id).fetch_error is None
