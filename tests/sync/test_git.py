"""A library kept in git: two clones and a bare repository, edited on both sides.

`reader sync --init-git` registers reader's merge driver in each clone, so `git pull`
merges front matter and highlights field by field instead of leaving markers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library
from tests.conftest import make_article

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Reader Test",
    "GIT_AUTHOR_EMAIL": "reader@example.invalid",
    "GIT_COMMITTER_NAME": "Reader Test",
    "GIT_COMMITTER_EMAIL": "reader@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(folder: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **GIT_ENV},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def clones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path, str]:
    """Two clones of one library repository, both set up by `reader sync --init-git`."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    bare = tmp_path / "library.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    one, two = tmp_path / "one", tmp_path / "two"
    git(tmp_path, "clone", "-q", str(bare), str(one))
    git(one, "checkout", "-q", "-b", "main")
    code, out, _ = run(capsys, one, "sync", "--init-git")
    assert code == 0 and "merge driver" in out
    with Library(one) as lib:
        entry_id = lib.save_article(
            make_article(title="The mill", url="https://example.com/mill"), tags=["start"]
        ).entry.id
    git(one, "add", "-A")
    git(one, "commit", "-q", "-m", "first article")
    git(one, "push", "-q", "-u", "origin", "main")
    git(tmp_path, "clone", "-q", "-b", "main", str(bare), str(two))
    assert run(capsys, two, "sync", "--init-git")[0] == 0
    return one, two, entry_id


def commit_all(folder: Path, message: str) -> None:
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", message)


def test_nothing_derived_is_committed(clones: tuple[Path, Path, str]) -> None:
    one, _, _ = clones
    tracked = git(one, "ls-files").split()
    assert tracked and all("sqlite" not in name and not name.endswith(".lock") for name in tracked)
    assert ".gitattributes" in tracked and ".gitignore" in tracked


def test_pull_merges_tags_state_and_highlights_from_both_clones(
    capsys: pytest.CaptureFixture[str], clones: tuple[Path, Path, str]
) -> None:
    one, two, entry_id = clones
    assert run(capsys, one, "tag", entry_id, "from-one")[0] == 0
    assert run(capsys, one, "highlight", entry_id, "-q", "first paragraph", "-n", "one")[0] == 0
    commit_all(one, "tag and highlight on one")
    git(one, "push", "-q")

    assert run(capsys, two, "tag", entry_id, "from-two")[0] == 0
    assert run(capsys, two, "archive", entry_id)[0] == 0
    assert run(capsys, two, "highlight", entry_id, "-q", "a little longer", "-n", "two")[0] == 0
    commit_all(two, "tag, archive and highlight on two")
    git(two, "pull", "-q", "--no-rebase", "--no-edit")  # merged by the driver: no conflict

    assert "<<<<<<<" not in "".join(p.read_text() for p in (two / "articles").iterdir())
    _, out, _ = run(capsys, two, "list", "--all", "--json")
    (row,) = json.loads(out)
    assert sorted(row["tags"]) == ["from-one", "from-two", "start"]
    assert row["status"] == "archived"
    quotes = json.loads(run(capsys, two, "highlights", "--json")[1])
    assert sorted((q["exact"], q["note"]) for q in quotes) == [
        ("a little longer", "two"),
        ("first paragraph", "one"),
    ]
    git(two, "push", "-q")
    git(one, "pull", "-q", "--no-rebase", "--no-edit")
    (row_one,) = json.loads(run(capsys, one, "list", "--all", "--json")[1])
    assert sorted(row_one["tags"]) == sorted(row["tags"]) and row_one["status"] == "archived"


def test_a_tag_removed_on_one_clone_stays_removed(
    capsys: pytest.CaptureFixture[str], clones: tuple[Path, Path, str]
) -> None:
    one, two, entry_id = clones
    assert run(capsys, one, "untag", entry_id, "start")[0] == 0
    commit_all(one, "untag")
    git(one, "push", "-q")
    assert run(capsys, two, "tag", entry_id, "new")[0] == 0
    commit_all(two, "tag")
    git(two, "pull", "-q", "--no-rebase", "--no-edit")
    (row,) = json.loads(run(capsys, two, "list", "--all", "--json")[1])
    assert row["tags"] == ["new"]


def test_markers_left_by_a_clone_without_the_driver_are_merged_by_reader(
    capsys: pytest.CaptureFixture[str], clones: tuple[Path, Path, str]
) -> None:
    one, two, entry_id = clones
    git(two, "config", "--remove-section", "merge.reader")  # as on a machine never set up
    assert run(capsys, one, "tag", entry_id, "from-one")[0] == 0
    commit_all(one, "tag on one")
    git(one, "push", "-q")
    assert run(capsys, two, "favorite", entry_id)[0] == 0
    commit_all(two, "favorite on two")
    pulled = subprocess.run(
        ["git", "pull", "-q", "--no-rebase", "--no-edit"], cwd=two, capture_output=True, text=True
    )
    assert pulled.returncode != 0  # git's own text merge stops on the front matter
    code, out, err = run(capsys, two, "list", "--all", "--json")
    assert code == 0 and "merged the git conflict" in err
    (row,) = json.loads(out)
    assert "from-one" in row["tags"] and row["favorite"] is True
