"""A library on a read-only disk or a full one: reading works, writing fails in one line.

Each test mounts a small tmpfs (so it needs root; elsewhere it skips), puts a library
on it, and then makes it read-only or fills it. Reading commands (list, show, search,
export) fall back to an index in memory where no index file can be written; writing
commands say what is wrong in one line and change nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library
from tests.conftest import make_article

pytestmark = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None,
    reason="mounting a tmpfs needs root",
)


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def _mount(path: Path, *options: str) -> None:
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(path)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs, unmounted after the test."""
    mount = tmp_path / "disk"
    mount.mkdir()
    _mount(mount, "size=4m")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _library(root: Path) -> str:
    with Library(root) as lib:
        entry_id = lib.save_article(
            make_article(title="Lighthouse keepers", body="The lamp turned all night."),
            tags=["sea"],
        ).entry.id
        lib.save_article(make_article(title="Other", url="https://example.com/other"))
    return entry_id


def _reads_work(capsys: pytest.CaptureFixture[str], library: Path, entry_id: str) -> None:
    code, out, err = run(capsys, library, "list", "--all", "--json")
    assert code == 0, err
    assert len(json.loads(out)) == 2
    code, out, err = run(capsys, library, "show", entry_id)
    assert code == 0 and "The lamp turned all night." in out, err
    code, out, err = run(capsys, library, "search", "lamp", "--json")
    assert code == 0 and [r["id"] for r in json.loads(out)] == [entry_id], err
    code, out, err = run(capsys, library, "export", "--format", "json")
    assert code == 0 and "Lighthouse keepers" in out, err


def _writes_fail_cleanly(
    capsys: pytest.CaptureFixture[str],
    library: Path,
    entry_id: str,
    reason: str,
    commands: tuple[tuple[str, ...], ...] = (("tag", "new"), ("archive",), ("rm",)),
) -> None:
    before = {p: p.read_bytes() for p in library.rglob("*") if p.is_file()}
    for command in commands:
        args = (command[0], entry_id, *command[1:])
        code, out, err = run(capsys, library, *args)
        assert code == 1, (args, out, err)
        assert err.count("\n") == 1 and err.startswith("reader: ") and reason in err, err
    assert {p: p.read_bytes() for p in library.rglob("*") if p.is_file()} == before


def test_a_read_only_library_can_be_read(
    capsys: pytest.CaptureFixture[str], disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = disk / "library"
    entry_id = _library(library)
    # A new machine: its index is built from the files, outside the read-only folder.
    monkeypatch.setenv("READER_CACHE_DIR", str(disk.parent / "fresh-cache"))
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    _reads_work(capsys, library, entry_id)
    _writes_fail_cleanly(capsys, library, entry_id, "the disk is read-only")


def test_a_read_only_library_and_cache_still_list(
    capsys: pytest.CaptureFixture[str], disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = disk / "library"
    entry_id = _library(library)
    monkeypatch.setenv("READER_CACHE_DIR", str(disk / "cache"))  # on the same disk
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    _reads_work(capsys, library, entry_id)  # with an index in memory


def test_a_full_disk_can_be_read_and_refuses_writes(
    capsys: pytest.CaptureFixture[str], disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = disk / "library"
    entry_id = _library(library)
    monkeypatch.setenv("READER_CACHE_DIR", str(disk / "cache"))  # a new index, same disk
    filler = disk / "filler"
    with open(filler, "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError:
            pass
    _reads_work(capsys, library, entry_id)
    # (Deleting still works on a full disk: it is a rename.)
    _writes_fail_cleanly(
        capsys, library, entry_id, "the disk is full", (("tag", "new"), ("archive",))
    )
