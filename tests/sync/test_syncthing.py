"""The sync scenarios with the real engine: two Syncthing daemons on 127.0.0.1.

Each test starts two daemons (discovery, relays, NAT and usage reporting off) sharing
one folder between the library folders of machines "a" and "b", and drives both
through reader's CLI and Syncthing's REST API. Skipped where Syncthing is not
installed (.ci/run installs Debian's package when it runs as root).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library
from tests.conftest import make_article
from tests.support.syncsim import files_of, snapshot
from tests.support.syncthing import BINARY, SyncthingPair, syncthing_pair

pytestmark = [
    pytest.mark.skipif(
        BINARY is None, reason="syncthing is not installed (apt-get install syncthing)"
    ),
    pytest.mark.timeout(240),
]


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def rows(capsys: pytest.CaptureFixture[str], data: Path) -> list[dict[str, object]]:
    code, out, _ = run(capsys, data, "list", "--all", "--json")
    assert code == 0
    found: list[dict[str, object]] = json.loads(out)
    return found


def conflict_copies(folder: Path) -> list[str]:
    return [rel for rel in files_of(folder) if ".sync-conflict-" in rel]


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[SyncthingPair]:
    """Two daemons, each machine with its (empty) library opened once by reader."""
    with syncthing_pair(tmp_path) as started:
        for daemon in started.both:
            Library(daemon.folder).close()
        yield started


@pytest.fixture
def shared(pair: SyncthingPair, capsys: pytest.CaptureFixture[str]) -> tuple[SyncthingPair, str]:
    """The pair with one article saved on "a" and synced to "b"."""
    with Library(pair.a.folder) as lib:
        entry_id = lib.save_article(
            make_article(title="The harbour", url="https://example.com/harbour"), tags=["start"]
        ).entry.id
    pair.sync()
    return pair, entry_id


def settle(capsys: pytest.CaptureFixture[str], pair: SyncthingPair) -> None:
    """Each machine runs a command (which merges), then they sync, twice over."""
    for _ in range(2):
        for daemon in pair.both:
            run(capsys, daemon.folder, "list", "--all")
        pair.sync()


def test_an_article_added_on_one_machine_appears_on_the_other(
    capsys: pytest.CaptureFixture[str], shared: tuple[SyncthingPair, str]
) -> None:
    pair, entry_id = shared
    assert [r["id"] for r in rows(capsys, pair.b.folder)] == [entry_id]
    for daemon in pair.both:
        names = {p.name for p in daemon.folder.rglob("*")}
        assert not [n for n in names if "sqlite" in n or n == ".lock"]


def test_different_edits_while_apart_are_merged_on_both(
    capsys: pytest.CaptureFixture[str], shared: tuple[SyncthingPair, str]
) -> None:
    pair, entry_id = shared
    pair.pause()
    run(capsys, pair.a.folder, "tag", entry_id, "from-a")
    run(capsys, pair.a.folder, "archive", entry_id)
    run(capsys, pair.b.folder, "tag", entry_id, "from-b")
    run(capsys, pair.b.folder, "favorite", entry_id)
    pair.resume()
    pair.sync()
    assert conflict_copies(pair.a.folder)  # Syncthing saw a conflict...
    settle(capsys, pair)
    for daemon in pair.both:  # ...and reader merged it, nothing lost, on both machines
        (row,) = rows(capsys, daemon.folder)
        assert sorted(row["tags"]) == ["from-a", "from-b", "start"]  # type: ignore[arg-type]
        assert row["status"] == "archived" and row["favorite"] is True
        assert conflict_copies(daemon.folder) == []
    assert snapshot(pair.a.folder) == snapshot(pair.b.folder)


def test_both_machines_highlighting_one_article(
    capsys: pytest.CaptureFixture[str], shared: tuple[SyncthingPair, str]
) -> None:
    pair, entry_id = shared
    pair.pause()
    run(capsys, pair.a.folder, "highlight", entry_id, "-q", "first paragraph", "-n", "on a")
    run(capsys, pair.b.folder, "highlight", entry_id, "-q", "a little longer", "-n", "on b")
    pair.resume()
    pair.sync()
    settle(capsys, pair)
    for daemon in pair.both:
        code, out, _ = run(capsys, daemon.folder, "highlights", "--json")
        assert code == 0
        assert sorted((h["exact"], h["note"]) for h in json.loads(out)) == [
            ("a little longer", "on b"),
            ("first paragraph", "on a"),
        ]
        assert conflict_copies(daemon.folder) == []


def test_the_same_url_saved_on_both_machines(
    capsys: pytest.CaptureFixture[str], pair: SyncthingPair
) -> None:
    pair.pause()
    with Library(pair.a.folder) as lib:
        lib.save_article(make_article(title="One title", url="https://e.org/same"), tags=["a"])
    with Library(pair.b.folder) as lib:
        lib.save_article(make_article(title="Another title", url="https://e.org/same"), tags=["b"])
    pair.resume()
    pair.sync()
    settle(capsys, pair)
    for daemon in pair.both:
        (row,) = rows(capsys, daemon.folder)
        assert sorted(row["tags"]) == ["a", "b"]  # type: ignore[arg-type]
        assert len(list((daemon.folder / "articles").glob("*.md"))) == 1


def test_deleted_on_one_machine_while_edited_on_the_other(
    capsys: pytest.CaptureFixture[str], shared: tuple[SyncthingPair, str]
) -> None:
    pair, entry_id = shared
    pair.pause()
    run(capsys, pair.a.folder, "rm", entry_id)
    run(capsys, pair.b.folder, "tag", entry_id, "edited")  # after the delete
    pair.resume()
    pair.sync()
    settle(capsys, pair)
    for daemon in pair.both:
        listed = rows(capsys, daemon.folder)
        trashed = json.loads(run(capsys, daemon.folder, "trash", "--json")[1])
        # In exactly one place, with the edit.
        assert [r["id"] for r in listed + trashed] == [entry_id]
        assert "edited" in (listed + trashed)[0]["tags"]


def test_reading_progress_keeps_the_newest(
    capsys: pytest.CaptureFixture[str], shared: tuple[SyncthingPair, str]
) -> None:
    pair, entry_id = shared
    pair.pause()
    with Library(pair.a.folder) as lib:
        lib.set_progress(entry_id, 0.25)
    with Library(pair.b.folder) as lib:
        lib.set_progress(entry_id, 0.6)
    pair.resume()
    pair.sync()
    settle(capsys, pair)
    for daemon in pair.both:
        (row,) = rows(capsys, daemon.folder)
        assert row["progress"] == 0.6


def test_commands_while_syncthing_writes_into_the_folder(
    capsys: pytest.CaptureFixture[str], pair: SyncthingPair
) -> None:
    with Library(pair.a.folder) as lib:
        for number in range(150):
            lib.save_article(
                make_article(title=f"Article {number}", url=f"https://e.org/{number}"),
                tags=["batch"],
            )
    counts: list[int] = []
    errors: list[str] = []
    done = threading.Event()

    def sync() -> None:
        try:
            pair.sync(timeout=120)
        finally:
            done.set()

    worker = threading.Thread(target=sync)
    worker.start()
    while not done.is_set():
        code, out, err = run(capsys, pair.b.folder, "list", "--all", "--json")
        if code != 0:
            errors.append(err)
        else:
            counts.append(len(json.loads(out)))
    worker.join()
    assert not errors
    assert counts == sorted(counts)  # the library only grows while files arrive
    assert len(rows(capsys, pair.b.folder)) == 150
