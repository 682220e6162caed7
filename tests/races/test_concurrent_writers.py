"""Several writers on one library at once: every read-modify-write keeps what the others wrote.

Issue #15: three `reader add URL... --tag addK` processes over the same URLs used to
end, now and then, with articles missing one of the tags, though each reported
success. Each change is now made under the library's lock from the file as it is
then, and a sync never overwrites a newer index row with an older read.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from reader.library import Library
from tests.conftest import make_article
from tests.support.articles import article_page
from tests.support.http_server import TestServer, http_server

__all__ = ["http_server"]


@pytest.mark.parametrize("round_", range(2))
def test_concurrent_adds_of_the_same_urls_keep_every_tag(
    http_server: TestServer, tmp_path: Path, round_: int
) -> None:
    urls = [
        http_server.html(f"/r{round_}/{n}", article_page(f"Story {n}", slug=f"s{n}"))
        for n in range(20)
    ]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "reader",
                "--data-dir",
                str(tmp_path),
                "add",
                "--no-images",
                *urls,
                "--tag",
                f"add{k}",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for k in range(3)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    listed = subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(tmp_path), "list", "--all", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    rows = json.loads(listed.stdout)
    assert len(rows) == 20
    assert all(sorted(row["tags"]) == ["add0", "add1", "add2"] for row in rows), rows
    with Library(tmp_path) as lib:  # the files say the same as the index
        for entry in lib.entries():
            on_disk, _ = lib.files.read(entry.path)
            assert sorted(on_disk.tags) == ["add0", "add1", "add2"]


def test_threads_changing_one_article_lose_nothing(tmp_path: Path) -> None:
    """Tags, state and progress changed at once from two libraries (two processes' worth)."""
    with Library(tmp_path) as lib:
        entry_id = lib.save_article(make_article()).entry.id
    errors: list[BaseException] = []

    def tagger(prefix: str) -> None:
        try:
            with Library(tmp_path) as lib:
                for n in range(15):
                    lib.add_tags(entry_id, [f"{prefix}{n}"])
                    lib.set_progress(entry_id, n / 100)
                    lib.sync()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    workers = [threading.Thread(target=tagger, args=(p,)) for p in ("a", "b", "c")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert not errors
    with Library(tmp_path) as lib:
        entry = lib.get(entry_id)
        assert len(entry.tags) == 45
        on_disk, _ = lib.files.read(entry.path)
        assert on_disk.tags == entry.tags


def test_imported_and_made_highlights_at_once_lose_none(tmp_path: Path) -> None:
    """An import merging highlights into a sidecar while the app makes others."""
    from reader.importers.highlights import add_highlights
    from reader.library.highlighting import add_highlight, highlights_of

    words = [f"word{n}" for n in range(40)]
    with Library(tmp_path) as lib:
        entry_id = lib.save_article(make_article(body=" ".join(words) + ".")).entry.id
    errors: list[BaseException] = []

    def importer() -> None:
        try:
            with Library(tmp_path) as lib:
                entry = lib.get(entry_id)
                for word in words[:20]:
                    add_highlights(lib, entry, [{"exact": word, "note": "imported"}])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def maker() -> None:
        try:
            with Library(tmp_path) as lib:
                for word in words[20:]:
                    add_highlight(lib, entry_id, word)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    workers = [threading.Thread(target=importer), threading.Thread(target=maker)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert not errors
    with Library(tmp_path) as lib:
        assert sorted(h.exact for h in highlights_of(lib, entry_id)) == sorted(words)
