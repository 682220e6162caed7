"""`reader trash` and `reader restore`: the command line's undo of `reader rm`."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library
from reader.models import Entry
from reader.store.files import entry_to_meta
from reader.store.frontmatter import dump_document
from tests.conftest import make_article

RIVER = "https://example.com/news/river"
BRIDGE = "https://example.com/news/bridge"


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def save(data: Path, title: str, url: str, body: str, **fields: object) -> Entry:
    """Save an article (with kept HTML) into the library at *data*, without the network."""
    with Library(data) as library:
        article = make_article(title=title, url=url, body=body, **fields)
        return library.save_article(article, raw_html=f"<p>{title}</p>".encode()).entry


@pytest.fixture
def river(library_dir: Path) -> Entry:
    return save(library_dir, "The river", RIVER, "The river runs slowly past the old mill.")


@pytest.fixture
def bridge(library_dir: Path) -> Entry:
    return save(library_dir, "The bridge", BRIDGE, "The bridge was rebuilt in 1890.")


def listed_ids(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> list[str]:
    code, out, err = run(capsys, data, *args, "--json")
    assert code == 0, err
    return [item["id"] for item in json.loads(out)]


def trash_file(data: Path, entry: Entry) -> Path:
    return data / "trash" / entry.path


def test_rm_then_trash_lists_it(
    capsys: pytest.CaptureFixture[str], library_dir: Path, river: Entry, bridge: Entry
) -> None:
    code, _, err = run(capsys, library_dir, "rm", river.id)
    assert code == 0, err
    code, out, err = run(capsys, library_dir, "trash")
    assert (code, err) == (0, "")
    [line] = out.splitlines()
    assert line.startswith(river.id) and "The river" in line
    assert listed_ids(capsys, library_dir, "list", "--all") == [bridge.id]


def test_trash_lists_the_latest_deletion_first(
    capsys: pytest.CaptureFixture[str], library_dir: Path, river: Entry, bridge: Entry
) -> None:
    old = time.time() - 3600
    os.utime(library_dir / "articles" / river.path, (old, old))
    assert run(capsys, library_dir, "rm", river.id, bridge.id)[0] == 0
    # rm stamps the deletion time on the file (a rename alone would keep its old mtime).
    assert trash_file(library_dir, river).stat().st_mtime > old + 60
    earlier = time.time() - 60
    os.utime(trash_file(library_dir, bridge), (earlier, earlier))
    assert listed_ids(capsys, library_dir, "trash") == [river.id, bridge.id]
    os.utime(trash_file(library_dir, river), (earlier - 60, earlier - 60))
    assert listed_ids(capsys, library_dir, "trash") == [bridge.id, river.id]


def test_restore_by_prefix_brings_it_back_to_list_and_search(
    capsys: pytest.CaptureFixture[str], library_dir: Path, river: Entry
) -> None:
    assert run(capsys, library_dir, "rm", river.id)[0] == 0
    assert listed_ids(capsys, library_dir, "search", "mill") == []
    code, out, err = run(capsys, library_dir, "restore", river.id[:5])
    assert (code, err) == (0, "")
    assert out.startswith(river.id) and "The river" in out
    assert listed_ids(capsys, library_dir, "list") == [river.id]
    assert listed_ids(capsys, library_dir, "search", "mill") == [river.id]
    assert listed_ids(capsys, library_dir, "trash") == []
    assert (library_dir / "articles" / river.path).exists()
    assert not trash_file(library_dir, river).exists()
    with Library(library_dir) as library:
        assert library.raw_html(river.id) == b"<p>The river</p>"


def test_highlights_come_back_with_the_article(
    capsys: pytest.CaptureFixture[str], library_dir: Path, river: Entry
) -> None:
    code, _, err = run(capsys, library_dir, "highlight", river.id, "--quote", "old mill")
    assert code == 0, err
    sidecar = Path(river.path).stem + ".highlights.json"
    assert run(capsys, library_dir, "rm", river.id)[0] == 0
    assert (library_dir / "trash" / sidecar).exists()
    assert run(capsys, library_dir, "highlights", "--json")[1].strip() == "[]"
    assert run(capsys, library_dir, "restore", river.id)[0] == 0
    assert (library_dir / "articles" / sidecar).exists()
    code, out, _ = run(capsys, library_dir, "highlights", "--json")  # from the index
    assert code == 0 and [h["exact"] for h in json.loads(out)] == ["old mill"]
    code, out, _ = run(capsys, library_dir, "highlights", river.id, "--json")  # the sidecar
    assert code == 0 and [h["exact"] for h in json.loads(out)] == ["old mill"]


def test_unknown_id_is_one_line_and_the_others_are_restored(
    capsys: pytest.CaptureFixture[str], library_dir: Path, river: Entry, bridge: Entry
) -> None:
    assert run(capsys, library_dir, "rm", river.id, bridge.id)[0] == 0
    code, out, err = run(capsys, library_dir, "restore", "ffffffffff", river.id, "--json")
    assert code == 1
    assert err == "reader: error: no deleted article with id 'ffffffffff'\n"
    assert [item["id"] for item in json.loads(out)] == [river.id]
    assert listed_ids(capsys, library_dir, "trash") == [bridge.id]
    code, out, err = run(capsys, library_dir, "restore", "")
    assert (code, out) == (1, "") and len(err.splitlines()) == 1 and "Traceback" not in err


def test_an_ambiguous_prefix_is_refused(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    trash = library_dir / "trash"
    trash.mkdir(parents=True)
    for entry_id in ("abc1234567", "abc7654321"):
        entry = Entry(
            id=entry_id,
            url=f"https://example.com/{entry_id}",
            title=f"Story {entry_id}",
            saved_at=datetime(2024, 5, 1, tzinfo=UTC),
        )
        text = dump_document(entry_to_meta(entry), f"# {entry.title}\n\nText.\n")
        (trash / f"story-{entry_id}.md").write_text(text)
    code, out, err = run(capsys, library_dir, "restore", "abc")
    assert (code, out) == (1, "")
    assert err == "reader: error: id 'abc' is ambiguous in the trash: abc1234567, abc7654321\n"
    code, out, _ = run(capsys, library_dir, "restore", "abc7")
    assert code == 0 and out.startswith("abc7654321")
    assert listed_ids(capsys, library_dir, "list") == ["abc7654321"]


def test_restoring_an_article_saved_again_is_refused_and_moves_nothing(
    capsys: pytest.CaptureFixture[str], library_dir: Path, river: Entry
) -> None:
    assert run(capsys, library_dir, "rm", river.id)[0] == 0
    again = save(library_dir, "The river, again", RIVER + "?utm_source=feed", "New text.")
    assert again.id == river.id  # the same address, once normalized, gets the same id
    articles = sorted(p.name for p in (library_dir / "articles").iterdir())
    trashed = sorted(p.name for p in (library_dir / "trash").iterdir())
    code, out, err = run(capsys, library_dir, "restore", river.id)
    assert (code, out) == (1, "")
    assert err == (
        f"reader: error: {river.id} is already in the library under id {river.id} "
        "(“The river, again”); left in the trash\n"
    )
    assert sorted(p.name for p in (library_dir / "articles").iterdir()) == articles
    assert sorted(p.name for p in (library_dir / "trash").iterdir()) == trashed
    with Library(library_dir) as library:
        assert library.markdown(river.id).strip() == "New text."


def test_restoring_an_address_saved_under_another_id_is_refused(
    capsys: pytest.CaptureFixture[str], library_dir: Path, river: Entry
) -> None:
    assert run(capsys, library_dir, "rm", river.id)[0] == 0
    # Saved again from another address of the same site whose page names the old one as
    # canonical (a page on another site never stands for it: tests/test_canonical.py).
    other = save(library_dir, "Mirror", "https://m.example.com/r", "x", canonical_url=RIVER)
    assert other.id != river.id
    code, _, err = run(capsys, library_dir, "restore", river.id)
    assert code == 1
    assert f"{river.id} is already in the library under id {other.id}" in err
    assert trash_file(library_dir, river).exists()
    assert listed_ids(capsys, library_dir, "list") == [other.id]


def test_a_file_in_the_way_is_not_overwritten(
    capsys: pytest.CaptureFixture[str], library_dir: Path, river: Entry
) -> None:
    assert run(capsys, library_dir, "rm", river.id)[0] == 0
    in_the_way = library_dir / "articles" / river.path
    in_the_way.write_text("not an article")
    code, _, err = run(capsys, library_dir, "restore", river.id)
    assert code == 1
    assert err.splitlines()[-1] == (
        f"reader: error: {river.id}: articles/{river.path} already exists; left in the trash"
    )
    assert in_the_way.read_text() == "not an article"
    assert trash_file(library_dir, river).exists()


def test_an_unreadable_file_in_the_trash_is_reported_and_left(
    capsys: pytest.CaptureFixture[str], library_dir: Path, river: Entry
) -> None:
    assert run(capsys, library_dir, "rm", river.id)[0] == 0
    broken = library_dir / "trash" / "broken-0123456789.md"
    broken.write_text("---\ntitle: [unclosed\n---\nbody\n")
    code, out, err = run(capsys, library_dir, "trash")
    assert code == 0 and out.startswith(river.id)
    [line] = err.splitlines()
    assert line.startswith("reader: skipped trash/broken-0123456789.md: ")
    code, _, err = run(capsys, library_dir, "restore", "0123456789")
    assert code == 1
    assert err == (
        "reader: error: no deleted article with id '0123456789' "
        "(some files there could not be read)\n"
    )
    assert run(capsys, library_dir, "restore", river.id)[0] == 0
    assert broken.read_text() == "---\ntitle: [unclosed\n---\nbody\n"


def test_json_shapes(
    capsys: pytest.CaptureFixture[str], library_dir: Path, river: Entry, bridge: Entry
) -> None:
    assert run(capsys, library_dir, "rm", river.id, bridge.id)[0] == 0
    code, out, _ = run(capsys, library_dir, "trash", "--json")
    trashed = json.loads(out)
    assert code == 0 and isinstance(trashed, list) and len(trashed) == 2
    expected = Entry(id="x", url="u", title="t", saved_at=datetime.now(UTC)).to_json().keys()
    for item in trashed:
        assert item.keys() == expected
    assert {item["id"]: item["path"] for item in trashed} == {
        river.id: river.path,
        bridge.id: bridge.path,
    }
    code, out, _ = run(capsys, library_dir, "restore", bridge.id, "--json")
    [restored] = json.loads(out)
    assert code == 0 and restored["id"] == bridge.id and restored["title"] == "The bridge"
    code, out, _ = run(capsys, library_dir, "trash", "--json")
    assert [item["id"] for item in json.loads(out)] == [river.id]
    assert run(capsys, library_dir, "restore", river.id)[0] == 0
    assert run(capsys, library_dir, "trash", "--json")[1] == "[]\n"


def test_trash_empty_deletes_for_good_and_older_than_keeps_recent_ones(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    with Library(library_dir) as lib:
        old = lib.save_article(make_article(url="https://e.org/old", title="Old")).entry
        new = lib.save_article(make_article(url="https://e.org/new", title="New")).entry
        lib.delete(old.id)
        lib.delete(new.id)
    (old_file,) = (library_dir / "trash").glob("old-*.md")
    week_ago = old_file.stat().st_mtime - 8 * 86400
    os.utime(old_file, (week_ago, week_ago))
    code, out, _ = run(capsys, library_dir, "trash", "--empty", "--older-than", "7")
    assert (code, out) == (0, "deleted 1 article for good from the trash\n")
    code, out, _ = run(capsys, library_dir, "trash", "--json")
    assert [row["id"] for row in json.loads(out)] == [new.id]
    with pytest.raises(SystemExit) as usage:
        main(["--data-dir", str(library_dir), "trash", "--older-than", "7"])
    assert usage.value.code == 2 and "--empty" in capsys.readouterr().err
    code, out, _ = run(capsys, library_dir, "trash", "--empty", "--json")
    assert [row["id"] for row in json.loads(out)] == [new.id]
    assert not list((library_dir / "trash").glob("*.md"))
