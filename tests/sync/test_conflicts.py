"""Two machines editing one library apart, synced the way Syncthing does it (simulated).

The same scenarios run with real Syncthing daemons in test_syncthing.py; here the
sync round is `tests.support.syncsim.exchange`, so they stay fast.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library
from tests.conftest import make_article
from tests.support.syncsim import conflict_name, exchange, files_of, snapshot


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def listing(capsys: pytest.CaptureFixture[str], data: Path) -> list[dict[str, object]]:
    code, out, _ = run(capsys, data, "list", "--all", "--json")
    assert code == 0
    rows: list[dict[str, object]] = json.loads(out)
    return rows


@pytest.fixture
def machines(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes], str]:
    """Library folders of machines A and B holding one article, in sync."""
    a, b = tmp_path / "a" / "library", tmp_path / "b" / "library"
    with Library(a) as lib:
        entry_id = lib.save_article(
            make_article(title="The river", url="https://example.com/river"), tags=["start"]
        ).entry.id
    shutil.copytree(a, b)
    return a, b, snapshot(a), entry_id


def test_different_edits_on_both_sides_are_merged_once(
    capsys: pytest.CaptureFixture[str], machines: tuple[Path, Path, dict[str, bytes], str]
) -> None:
    a, b, base, entry_id = machines
    assert run(capsys, a, "tag", entry_id, "from-a")[0] == 0
    assert run(capsys, a, "archive", entry_id)[0] == 0
    assert run(capsys, b, "tag", entry_id, "from-b")[0] == 0
    assert run(capsys, b, "favorite", entry_id)[0] == 0
    exchange(a, b, base)
    copies = [rel for rel in files_of(a) if ".sync-conflict-" in rel]
    assert len(copies) == 1  # Syncthing left one conflict copy, on both machines

    for machine in (a, b):
        code, out, err = run(capsys, machine, "list", "--all", "--json")
        assert code == 0
        (row,) = json.loads(out)
        assert sorted(row["tags"]) == ["from-a", "from-b", "start"]
        assert row["status"] == "archived" and row["favorite"] is True
        assert err.count("merged a conflict copy") == 1 and "“The river”" in err
        assert not [rel for rel in files_of(machine) if ".sync-conflict-" in rel]
        assert run(capsys, machine, "list", "--all")[2] == ""  # said once
    assert snapshot(a) == snapshot(b)  # both machines wrote the same merge


def test_the_newest_change_of_a_field_wins_whatever_file_won(
    capsys: pytest.CaptureFixture[str], machines: tuple[Path, Path, dict[str, bytes], str]
) -> None:
    a, b, base, entry_id = machines
    assert run(capsys, b, "archive", entry_id)[0] == 0  # B archives first...
    assert run(capsys, a, "archive", entry_id)[0] == 0  # ...then A archives it and
    assert run(capsys, a, "unarchive", entry_id)[0] == 0  # puts it back to read again
    assert run(capsys, a, "tag", entry_id, "later")[0] == 0
    path_b = next(p for rel, p in files_of(b).items() if rel.endswith(".md"))
    future = path_b.stat().st_mtime_ns + 10**10
    os.utime(path_b, ns=(future, future))  # B's file wins in Syncthing's eyes
    exchange(a, b, base)
    (row,) = listing(capsys, a)
    assert row["status"] == "unread"  # A's change of status was the newer one
    assert "later" in row["tags"]


def test_reading_progress_keeps_the_newest(
    capsys: pytest.CaptureFixture[str], machines: tuple[Path, Path, dict[str, bytes], str]
) -> None:
    a, b, base, entry_id = machines
    with Library(a) as lib:
        lib.set_progress(entry_id, 0.2)
    with Library(b) as lib:
        lib.set_progress(entry_id, 0.7)
    exchange(a, b, base)
    for machine in (a, b):
        (row,) = listing(capsys, machine)
        assert row["progress"] == 0.7


def test_a_hand_edited_body_beats_a_later_change_of_state_elsewhere(
    capsys: pytest.CaptureFixture[str], machines: tuple[Path, Path, dict[str, bytes], str]
) -> None:
    """A fixes a typo in the article in an editor; B archives it a minute later. B's
    file is the newer one, but its body is older: the merge keeps A's words."""
    a, b, base, entry_id = machines
    path_a = next(p for rel, p in files_of(a).items() if rel.endswith(".md"))
    text = path_a.read_text("utf-8")
    edited = text.rstrip("\n") + "\n\nA line the reader added by hand.\n"
    path_a.write_text(edited, "utf-8")
    earlier = path_a.stat().st_mtime_ns - 60 * 10**9
    os.utime(path_a, ns=(earlier, earlier))
    assert run(capsys, b, "archive", entry_id)[0] == 0
    exchange(a, b, base)
    for machine in (a, b):
        (row,) = listing(capsys, machine)
        assert row["status"] == "archived"
        _, shown, _ = run(capsys, machine, "show", entry_id)
        assert "A line the reader added by hand." in shown
    assert snapshot(a) == snapshot(b)


def test_a_hand_edit_survives_a_change_of_state_on_the_same_machine(
    capsys: pytest.CaptureFixture[str], machines: tuple[Path, Path, dict[str, bytes], str]
) -> None:
    """The hand edit is put on record by the next write (A favorites it after editing),
    so it still wins over B's later state change."""
    a, b, base, entry_id = machines
    path_a = next(p for rel, p in files_of(a).items() if rel.endswith(".md"))
    path_a.write_text(path_a.read_text("utf-8") + "\nEdited in vim.\n", "utf-8")
    assert run(capsys, a, "favorite", entry_id)[0] == 0
    assert run(capsys, b, "archive", entry_id)[0] == 0
    path_b = next(p for rel, p in files_of(b).items() if rel.endswith(".md"))
    future = path_b.stat().st_mtime_ns + 10**10
    os.utime(path_b, ns=(future, future))
    exchange(a, b, base)
    for machine in (a, b):
        (row,) = listing(capsys, machine)
        assert row["status"] == "archived" and row["favorite"] is True
        assert "Edited in vim." in run(capsys, machine, "show", entry_id)[1]


def test_highlights_made_on_both_sides_are_all_kept_with_their_notes(
    capsys: pytest.CaptureFixture[str], machines: tuple[Path, Path, dict[str, bytes], str]
) -> None:
    a, b, base, entry_id = machines
    assert run(capsys, a, "highlight", entry_id, "-q", "first paragraph", "-n", "note a")[0] == 0
    assert run(capsys, b, "highlight", entry_id, "-q", "a little longer", "-n", "note b")[0] == 0
    exchange(a, b, base)
    assert any(".highlights.sync-conflict-" in rel for rel in files_of(a))
    for machine in (a, b):
        code, out, err = run(capsys, machine, "highlights", "--json")
        assert code == 0
        rows = json.loads(out)
        assert sorted((r["exact"], r["note"]) for r in rows) == [
            ("a little longer", "note b"),
            ("first paragraph", "note a"),
        ]
        assert not [rel for rel in files_of(machine) if ".sync-conflict-" in rel]
        assert "merged" in err


def test_a_highlight_removed_on_one_side_stays_removed(
    capsys: pytest.CaptureFixture[str], machines: tuple[Path, Path, dict[str, bytes], str]
) -> None:
    """A removes a highlight while B adds another: Syncthing keeps one file and a
    conflict copy; the merge must not bring A's removed highlight back."""
    a, b, base, entry_id = machines
    _, out, _ = run(capsys, a, "highlight", entry_id, "-q", "first paragraph", "--json")
    gone = json.loads(out)["id"]
    base = exchange(a, b, base)
    assert run(capsys, a, "unhighlight", entry_id, gone)[0] == 0
    assert run(capsys, b, "highlight", entry_id, "-q", "a little longer")[0] == 0
    exchange(a, b, base)
    for machine in (a, b):
        rows = json.loads(run(capsys, machine, "highlights", "--json")[1])
        assert [r["exact"] for r in rows] == ["a little longer"]
    # ...and it can still be brought back, on either machine, after the merge.
    code, out, _ = run(capsys, b, "unhighlight", entry_id, "--undo")
    assert code == 0 and f"restored {gone}" in out
    rows = json.loads(run(capsys, b, "highlights", "--json")[1])
    assert sorted(r["exact"] for r in rows) == ["a little longer", "first paragraph"]


def test_a_highlight_put_back_wins_over_the_other_sides_tombstone(
    capsys: pytest.CaptureFixture[str], machines: tuple[Path, Path, dict[str, bytes], str]
) -> None:
    a, b, base, entry_id = machines
    _, out, _ = run(capsys, a, "highlight", entry_id, "-q", "first paragraph", "--json")
    kept = json.loads(out)["id"]
    base = exchange(a, b, base)
    assert run(capsys, a, "unhighlight", entry_id, kept)[0] == 0
    base = exchange(a, b, base)
    assert json.loads(run(capsys, b, "highlights", "--json")[1]) == []
    assert run(capsys, b, "unhighlight", entry_id, "--undo", kept)[0] == 0  # B puts it back
    assert run(capsys, a, "highlight", entry_id, "-q", "a little longer")[0] == 0
    exchange(a, b, base)
    for machine in (a, b):
        rows = json.loads(run(capsys, machine, "highlights", "--json")[1])
        assert sorted(r["exact"] for r in rows) == ["a little longer", "first paragraph"]


def test_one_note_changed_on_both_sides_keeps_both_texts(
    capsys: pytest.CaptureFixture[str], machines: tuple[Path, Path, dict[str, bytes], str]
) -> None:
    a, b, base, entry_id = machines
    _, out, _ = run(capsys, a, "highlight", entry_id, "-q", "first paragraph", "--json")
    highlight_id = json.loads(out)["id"]
    base = exchange(a, b, base)
    assert run(capsys, a, "note", entry_id, highlight_id, "written on the train")[0] == 0
    assert run(capsys, b, "note", entry_id, highlight_id, "written at home")[0] == 0
    exchange(a, b, base)
    (row,) = json.loads(run(capsys, a, "highlights", "--json")[1])
    assert "written on the train" in row["note"] and "written at home" in row["note"]


def test_the_same_url_saved_on_both_machines_is_one_article(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    with Library(a) as lib:
        lib.save_article(make_article(title="Title one", url="https://e.org/x"), tags=["a"])
    with Library(b) as lib:
        lib.save_article(make_article(title="Title two", url="https://e.org/x"), tags=["b"])
    exchange(a, b, {})
    names = [rel for rel in files_of(a) if rel.startswith("articles/")]
    assert len(names) == 2  # two titles, two file names, one id
    for machine in (a, b):
        with Library(machine) as lib:
            (entry,) = lib.entries()
            assert sorted(entry.tags) == ["a", "b"]
            assert any("merged two files" in line for line in lib.last_sync.merged)
    assert snapshot(a) == snapshot(b)


def test_deleted_on_one_machine_and_edited_after_on_the_other_stays_with_the_edit(
    capsys: pytest.CaptureFixture[str], machines: tuple[Path, Path, dict[str, bytes], str]
) -> None:
    a, b, base, entry_id = machines
    image = a / "images" / entry_id / "01.png"
    image.parent.mkdir(parents=True)
    image.write_bytes(b"\x89PNG picture")
    shutil.copytree(a / "images", b / "images")
    base = snapshot(a)
    assert run(capsys, a, "rm", entry_id)[0] == 0
    assert run(capsys, b, "tag", entry_id, "kept")[0] == 0
    path_b = next(p for rel, p in files_of(b).items() if rel.startswith("articles/"))
    later = path_b.stat().st_mtime_ns + 60 * 10**9
    os.utime(path_b, ns=(later, later))  # B's edit came a minute after A's delete
    exchange(a, b, base)
    for machine in (a, b):
        rows = listing(capsys, machine)
        assert [r["id"] for r in rows] == [entry_id] and "kept" in rows[0]["tags"]
        assert json.loads(run(capsys, machine, "trash", "--json")[1]) == []
        assert (machine / "images" / entry_id / "01.png").exists()


def test_deleted_after_the_other_machine_edited_goes_to_the_trash_with_the_edit(
    capsys: pytest.CaptureFixture[str], machines: tuple[Path, Path, dict[str, bytes], str]
) -> None:
    a, b, base, entry_id = machines
    assert run(capsys, b, "tag", entry_id, "edited-first")[0] == 0
    assert run(capsys, a, "rm", entry_id)[0] == 0
    path_b = next(p for rel, p in files_of(b).items() if rel.startswith("articles/"))
    past = path_b.stat().st_mtime_ns - 60 * 10**9
    os.utime(path_b, ns=(past, past))  # B's edit was a minute before A's delete
    exchange(a, b, base)
    for machine in (a, b):
        assert listing(capsys, machine) == []
        (row,) = json.loads(run(capsys, machine, "trash", "--json")[1])
        assert "edited-first" in row["tags"]
    code, _, err = run(capsys, a, "restore", entry_id)
    assert code == 0, err
    (row,) = listing(capsys, a)
    assert "edited-first" in row["tags"]


def test_conflict_copies_are_never_listed_or_written(
    capsys: pytest.CaptureFixture[str], machines: tuple[Path, Path, dict[str, bytes], str]
) -> None:
    a, _, _, entry_id = machines
    (article,) = (a / "articles").glob("*.md")
    copy = a / conflict_name(f"articles/{article.name}", "CCCCCCC")
    copy.write_text("this is not front matter at all", encoding="utf-8")
    code, out, err = run(capsys, a, "list", "--all", "--json")
    assert code == 0 and len(json.loads(out)) == 1
    assert "conflict copy not merged" in err
    assert run(capsys, a, "tag", entry_id, "x")[0] == 0
    assert copy.read_text(encoding="utf-8") == "this is not front matter at all"
    assert "x" in listing(capsys, a)[0]["tags"]


def test_git_conflict_markers_are_merged_not_indexed(
    capsys: pytest.CaptureFixture[str], machines: tuple[Path, Path, dict[str, bytes], str]
) -> None:
    a, b, _, entry_id = machines
    assert run(capsys, a, "tag", entry_id, "ours")[0] == 0
    assert run(capsys, b, "archive", entry_id)[0] == 0
    (article,) = (a / "articles").glob("*.md")
    ours = article.read_text(encoding="utf-8")
    theirs = (b / "articles" / article.name).read_text(encoding="utf-8")
    article.unlink()  # git writes a file anew (unlink, create), so its folder changes
    article.write_text(  # what git leaves without reader's merge driver
        "<<<<<<< HEAD\n" + ours + "=======\n" + theirs + ">>>>>>> origin/main\n", encoding="utf-8"
    )
    (row,) = listing(capsys, a)
    assert sorted(row["tags"]) == ["ours", "start"] and row["status"] == "archived"
    assert "<<<<<<<" not in article.read_text(encoding="utf-8")


def test_git_conflict_markers_are_merged_by_a_reindex_too(
    capsys: pytest.CaptureFixture[str], machines: tuple[Path, Path, dict[str, bytes], str]
) -> None:
    """A full rebuild reads each file once and merges the ones with markers after."""
    a, b, _, entry_id = machines
    assert run(capsys, a, "tag", entry_id, "ours")[0] == 0
    assert run(capsys, b, "archive", entry_id)[0] == 0
    (article,) = (a / "articles").glob("*.md")
    ours = article.read_text(encoding="utf-8")
    theirs = (b / "articles" / article.name).read_text(encoding="utf-8")
    article.write_text(  # in place: only the rebuild itself can see it
        "<<<<<<< HEAD\n" + ours + "=======\n" + theirs + ">>>>>>> origin/main\n", encoding="utf-8"
    )
    code, out, err = run(capsys, a, "reindex")
    assert code == 0 and "indexed 1 article" in out, (out, err)
    assert "merged the git conflict" in err
    (row,) = listing(capsys, a)
    assert sorted(row["tags"]) == ["ours", "start"] and row["status"] == "archived"
    assert "<<<<<<<" not in article.read_text(encoding="utf-8")


def test_the_index_and_lock_stay_out_of_the_library_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    library = tmp_path / "library"
    (library / "articles").mkdir(parents=True)
    for old in ("index.sqlite3", "index.sqlite3-wal", ".lock"):
        (library / old).write_bytes(b"from an older reader")
    with Library(library) as lib:
        lib.save_article(make_article())
        assert not lib.index_dir.is_relative_to(library)
        assert (lib.index_dir / "index.sqlite3").exists()
    run(capsys, library, "list")
    names = {p.name for p in library.rglob("*")}
    assert not {n for n in names if "sqlite" in n or n == ".lock"}
    assert "index.sqlite3*" in (library / ".stignore").read_text(encoding="utf-8")
    assert ".*.tmp" in (library / ".gitignore").read_text(encoding="utf-8")


def test_gc_drops_conflict_copies_of_kept_html_and_images(tmp_path: Path) -> None:
    with Library(tmp_path) as lib:
        entry_id = lib.save_article(make_article(), raw_html=b"<p>page</p>").entry.id
        folder = tmp_path / "images" / entry_id
        folder.mkdir(parents=True)
        (folder / "01.png").write_bytes(b"one")
        (folder / conflict_name("01.png", "DDDDDDD")).write_bytes(b"one, fetched again")
        (folder / conflict_name("02.png", "DDDDDDD")).write_bytes(b"only copy")
        raw_copy = tmp_path / conflict_name(f"raw/{entry_id}.html.gz", "DDDDDDD")
        raw_copy.write_bytes(b"older page")
        lib.sync(full=True)
        assert raw_copy.exists()  # left to gc: listing never walks the image folders
        from reader.library.image_gc import collect_garbage

        collect_garbage(lib, min_age=0)
        assert not raw_copy.exists()
        assert not [p for p in tmp_path.rglob("*") if ".sync-conflict-" in p.name]
