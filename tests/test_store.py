"""The library on disk: files are the truth, the index is derived, nothing is lost."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from reader.errors import NotFoundError, StoreError
from reader.library import Library, Placeholder
from reader.library.library import FILE_CHECK_INTERVAL_NS
from reader.store.files import ArticleFiles, file_name_for, slugify
from reader.store.frontmatter import dump_document, parse_document
from reader.store.index import Filter, fts_query
from tests.conftest import index_file, make_article


def test_saved_article_is_a_markdown_file_with_front_matter(library: Library) -> None:
    result = library.save_article(
        make_article(byline="Ada Lovelace", site_name="Example", published="2024-10-25T10:00:00Z"),
        raw_html=b"<html><body>raw</body></html>",
        tags=["science"],
    )
    entry = result.entry
    assert result.created
    path = library.root / "articles" / entry.path
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    meta, body = parse_document(text)
    assert meta["id"] == entry.id
    assert meta["title"] == "A quiet article"
    assert meta["url"] == "https://example.com/articles/quiet"
    assert meta["byline"] == "Ada Lovelace"
    assert meta["site"] == "Example"
    assert meta["tags"] == ["science"]
    assert meta["status"] == "unread"
    assert meta["favorite"] is False
    assert meta["progress"] == 0.0
    assert "saved_at" in meta
    assert body.startswith("# A quiet article\n")
    assert "The second paragraph" in body
    assert library.raw_html(entry.id) == b"<html><body>raw</body></html>"
    assert library.markdown(entry.id).startswith("The first paragraph")


def test_file_names_are_safe_slugs() -> None:
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("/") == "article"
    assert slugify("Le Kremlin nie la présence") == "le-kremlin-nie-la-presence"
    assert slugify("北朝鮮") == "article"
    assert len(slugify("x" * 5000)) <= 60
    name = file_name_for("abcdef1234", "../" * 100)
    assert "/" not in name and name.endswith("-abcdef1234.md")


def test_hostile_title_stays_inside_the_library(library: Library) -> None:
    entry = library.save_article(
        make_article(title="../../etc/passwd\x1b]0;pwned\x07", url="https://evil.example/x")
    ).entry
    files = list((library.root / "articles").iterdir())
    assert [f.name for f in files] == [entry.path]
    assert "\x1b" not in entry.title and "\x07" not in entry.title


def test_untrusted_text_round_trips_through_front_matter() -> None:
    meta = {"id": "abcdef1234", "title": 'a: "b"\n---\n[bold]x[/] #not-a-comment', "tags": ["x"]}
    parsed, body = parse_document(dump_document(meta, "body"))
    assert parsed["title"] == meta["title"]
    assert body.strip() == "body"


def test_same_article_twice_is_one_article(library: Library) -> None:
    first = library.save_article(make_article(url="https://example.com/a?id=3"), tags=["one"])
    again = library.save_article(
        make_article(url="https://EXAMPLE.com/a?id=3&utm_source=tw&fbclid=zz#comments"),
        tags=["two"],
    )
    assert not again.created
    assert again.entry.id == first.entry.id
    assert again.entry.tags == ("one", "two")
    assert library.counts()["all"] == 1
    assert len(list((library.root / "articles").glob("*.md"))) == 1


def test_canonical_url_makes_two_addresses_one_article(library: Library) -> None:
    library.save_article(
        make_article(
            url="https://m.example.com/story?ref=home",
            canonical_url="https://example.com/story",
        )
    )
    again = library.save_article(make_article(url="https://example.com/story"))
    assert not again.created
    assert library.counts()["all"] == 1


def test_state_changes_are_written_to_the_file(library: Library) -> None:
    entry = library.save_article(make_article()).entry
    library.set_status(entry.id, "archived")
    library.set_favorite(entry.id, True)
    library.add_tags(entry.id, ["a", "b", "A"])
    library.remove_tags(entry.id, ["B"])
    library.set_progress(entry.id, 0.42)
    meta, _ = parse_document((library.root / "articles" / entry.path).read_text("utf-8"))
    assert meta["status"] == "archived"
    assert meta["favorite"] is True
    assert meta["tags"] == ["a"]
    assert meta["progress"] == 0.42
    assert library.get(entry.id).status == "archived"


def test_ids_accept_unique_prefixes(library: Library) -> None:
    entry = library.save_article(make_article()).entry
    assert library.get(entry.id[:4]).id == entry.id
    with pytest.raises(NotFoundError, match="no article with id"):
        library.get("ffffffffff")
    with pytest.raises(NotFoundError):
        library.get("")


def test_views_filters_and_sorting(library: Library) -> None:
    short = library.save_article(make_article(title="Short", url="https://a.example/1", body="w"))
    long_body = " ".join(["word"] * 2000)
    long = library.save_article(
        make_article(title="Long", url="https://a.example/2", body=long_body), tags=["deep"]
    )
    library.set_status(short.entry.id, "archived")
    library.set_favorite(long.entry.id, True)
    assert [e.title for e in library.entries(Filter(status="unread"))] == ["Long"]
    assert [e.title for e in library.entries(Filter(status="archived"))] == ["Short"]
    assert [e.title for e in library.entries(Filter(favorite=True))] == ["Long"]
    assert [e.title for e in library.entries(Filter(tag="DEEP"))] == ["Long"]
    assert [e.title for e in library.entries(sort="reading-time")] == ["Short", "Long"]
    assert library.counts() == {
        "all": 2,
        "unread": 1,
        "archived": 1,
        "favorites": 1,
        "queued": 0,
        "failed": 0,
    }
    assert library.tag_counts() == {"deep": 1}


def test_full_text_search(library: Library) -> None:
    library.save_article(
        make_article(title="Kremlin denies", url="https://a.example/k", body="Élysée soldiers"),
    )
    library.save_article(make_article(title="Gardening", url="https://a.example/g", body="roses"))
    assert [e.title for e in library.search("kreml")] == ["Kremlin denies"]
    assert [e.title for e in library.search("elysee")] == ["Kremlin denies"]  # accents folded
    assert [e.title for e in library.search("roses")] == ["Gardening"]
    assert library.search('"unbalanced AND (') == []
    assert fts_query('a "b" c') == '"a" "b" "c"*'


def test_deleting_the_index_loses_nothing(library_dir: Path) -> None:
    with Library(library_dir) as lib:
        ids = {
            lib.save_article(make_article(url=f"https://a.example/{i}")).entry.id for i in range(5)
        }
        lib.set_favorite(sorted(ids)[0], True)
    index_file(library_dir).unlink()
    with Library(library_dir) as lib:
        assert {e.id for e in lib.entries()} == ids
        assert lib.counts()["favorites"] == 1


def test_corrupt_index_is_rebuilt(library_dir: Path) -> None:
    with Library(library_dir) as lib:
        lib.save_article(make_article())
    index = index_file(library_dir)
    for suffix in ("-wal", "-shm"):
        Path(f"{index}{suffix}").unlink(missing_ok=True)
    index.write_bytes(b"this is not a database" * 100)
    with Library(library_dir) as lib:
        assert lib.index.rebuilt
        assert lib.counts()["all"] == 1


def test_truncated_index_is_rebuilt(library_dir: Path) -> None:
    with Library(library_dir) as lib:
        for i in range(50):
            lib.save_article(make_article(url=f"https://a.example/{i}", body="text " * 500))
    index = index_file(library_dir)
    conn = sqlite3.connect(index)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = index.read_bytes()
    index.write_bytes(data[: len(data) // 3])
    with Library(library_dir) as lib:
        assert lib.counts()["all"] == 50


def test_reindex_picks_up_hand_edits(library: Library) -> None:
    entry = library.save_article(make_article()).entry
    path = library.root / "articles" / entry.path
    path.write_text(path.read_text("utf-8").replace("status: unread", "status: archived"), "utf-8")
    report = library.reindex()
    assert report.indexed == 1
    assert library.get(entry.id).status == "archived"


def _edit_in_place(path: Path, old: str, new: str) -> None:
    """Change a file as nano or VS Code write it: in place, the folder's time left alone."""
    folder_time = path.parent.stat().st_mtime_ns
    with path.open("r+", encoding="utf-8") as handle:
        text = handle.read().replace(old, new)
        handle.seek(0)
        handle.write(text)
        handle.truncate()
    assert path.parent.stat().st_mtime_ns == folder_time  # nothing but the file tells


def _as_if_the_last_look_was_long_ago(library_dir: Path) -> None:
    """Move the recorded time of the last look at every file back past the interval."""
    with Library(library_dir, check_files=False) as lib:
        at = int(lib.index.get_meta("files_checked_at") or 0)
        lib.index.set_meta("files_checked_at", str(at - FILE_CHECK_INTERVAL_NS - 1))


def test_a_file_edited_in_place_is_seen_at_the_next_open(library_dir: Path) -> None:
    with Library(library_dir) as lib:
        entry = lib.save_article(make_article()).entry
    Library(library_dir).close()  # a sync that sees the folder as it now is
    path = library_dir / "articles" / entry.path
    _edit_in_place(path, "status: unread", "status: archived")
    with Library(library_dir, check_files=False) as lib:
        assert lib.get(entry.id).status == "unread"  # the folder alone says nothing changed
    _as_if_the_last_look_was_long_ago(library_dir)
    with Library(library_dir) as lib:
        assert lib.last_sync.indexed == 1
        assert lib.get(entry.id).status == "archived"
    _as_if_the_last_look_was_long_ago(library_dir)
    with Library(library_dir) as lib:
        assert lib.last_sync.indexed == 0  # seen once, not read again


def test_opening_looks_at_every_file_at_most_every_few_seconds(
    library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library(library_dir) as lib:
        entry = lib.save_article(make_article()).entry
    Library(library_dir).close()  # the look at every file, just now
    path = library_dir / "articles" / entry.path
    _edit_in_place(path, "status: unread", "status: archived")
    looked: list[int] = []
    real = ArticleFiles.changed_since
    monkeypatch.setattr(
        ArticleFiles, "changed_since", lambda self, *a: looked.append(1) or real(self, *a)
    )
    with Library(library_dir) as lib:  # a second command within the interval: no look
        assert looked == []
        assert lib.get(entry.id).status == "unread"
        with Library(library_dir) as other:  # an explicit sync always looks
            assert other.sync().indexed == 1
        assert looked == [1]
        assert lib.get(entry.id).status == "archived"
    _edit_in_place(path, "status: archived", "status: unread")
    _as_if_the_last_look_was_long_ago(library_dir)
    with Library(library_dir) as lib:  # the interval is over: the edit is seen
        assert looked == [1, 1]
        assert lib.get(entry.id).status == "unread"


def test_a_slow_look_at_every_file_comes_due_less_often(library_dir: Path) -> None:
    """A look that took 0.5 s (100,000 files on a busy disk) is due again after 10 s,
    not 5 s: looks take at most a twentieth of the time, and never wait 30 s or more."""
    with Library(library_dir) as lib:
        entry = lib.save_article(make_article()).entry
    Library(library_dir).close()  # the look at every file, just now
    path = library_dir / "articles" / entry.path
    _edit_in_place(path, "status: unread", "status: archived")

    def looked_ago(seconds: float, took: float) -> None:
        with Library(library_dir, check_files=False) as lib:
            now = time.time_ns()
            lib.index.set_meta("files_checked_at", str(now - int(seconds * 1e9)))
            lib.index.set_meta("files_check_took_ns", str(int(took * 1e9)))

    looked_ago(6, took=0.5)
    with Library(library_dir) as lib:  # 6 s after a look of 0.5 s: not due yet
        assert lib.get(entry.id).status == "unread"
    looked_ago(6, took=0.01)
    with Library(library_dir) as lib:  # 6 s after a quick look: due, the edit is seen
        assert lib.get(entry.id).status == "archived"
    old = path.stat().st_mtime_ns - 10 * 10**9  # older than the look's two seconds of slack
    os.utime(path, ns=(old, old))
    looked_ago(6, took=4)
    with Library(library_dir) as lib:  # 6 s after a look of 4 s: not due, but an
        lib.sync()  # explicit sync looks, finds nothing changed, and keeps its own time
        assert lib.index.get_meta("files_check_took_ns") != str(4 * 10**9)
    _edit_in_place(path, "status: archived", "status: unread")
    looked_ago(31, took=10)
    with Library(library_dir) as lib:  # however slow the last look, due after 30 s
        assert lib.get(entry.id).status == "unread"


def test_a_file_added_with_an_old_time_is_seen_when_the_look_is_due(library_dir: Path) -> None:
    """A file a sync tool drops with the other machine's (older) time is counted."""
    with Library(library_dir) as lib:
        entry = lib.save_article(make_article()).entry
        old_time = (library_dir / "articles" / entry.path).stat().st_mtime_ns
    copy = library_dir / "articles" / file_name_for("abcdef0123", "Another one")
    text = (library_dir / "articles" / entry.path).read_text("utf-8")
    copy.write_text(text.replace(entry.id, "abcdef0123").replace("/quiet", "/another"), "utf-8")
    os.utime(copy, ns=(old_time - 10**12, old_time - 10**12))
    with Library(library_dir) as lib:
        stamp = lib.files.folders_stamp()
        lib.index.set_meta("folder_mtime_ns", stamp)  # as if the add went unseen by the folder
    _as_if_the_last_look_was_long_ago(library_dir)
    with Library(library_dir) as lib:
        assert {e.id for e in lib.entries()} == {entry.id, "abcdef0123"}


def test_this_process_s_own_writes_are_not_news_to_the_next_open(
    library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library(library_dir) as lib:
        entry = lib.save_article(make_article()).entry
        lib.set_status(entry.id, "archived")
        lib.add_tags(entry.id, ["later"])

    def no_scan(self: ArticleFiles) -> object:
        raise AssertionError("the whole folder was scanned")

    monkeypatch.setattr(ArticleFiles, "scan", no_scan)
    with Library(library_dir, check_files=False) as lib:
        assert lib.get(entry.id).status == "archived"
        assert lib.get(entry.id).tags == ("later",)


def test_one_article_is_read_fresh_when_its_file_was_edited_in_place(library_dir: Path) -> None:
    with Library(library_dir) as lib:
        entry = lib.save_article(make_article()).entry
    path = library_dir / "articles" / entry.path
    _edit_in_place(path, "status: unread", "status: archived")
    with Library(library_dir, check_files=False) as lib:
        assert lib.get(entry.id).status == "unread"
        fresh = lib.refreshed(lib.get(entry.id))
        assert fresh.status == "archived"
        assert lib.get(entry.id).status == "archived"  # and indexed so
        assert lib.refreshed(fresh) is fresh  # unchanged since: one stat, nothing read


def test_broken_front_matter_is_reported_and_skipped(library_dir: Path) -> None:
    with Library(library_dir) as lib:
        good = lib.save_article(make_article()).entry
    articles = library_dir / "articles"
    (articles / "broken-1.md").write_text("---\ntitle: [unclosed\n---\nbody", "utf-8")
    (articles / "no-front-matter.md").write_text("just text", "utf-8")
    (articles / "not-closed.md").write_text("---\ntitle: x\n", "utf-8")
    (articles / "binary.md").write_bytes(b"\x00\xff\xfe" * 100)
    with Library(library_dir) as lib:
        assert [e.id for e in lib.entries()] == [good.id]
        problems = lib.last_sync.problems
        assert len(problems) == 4
        assert any("broken-1.md" in p and "YAML" in p for p in problems)
        assert all("\n" not in p for p in problems)


def test_new_files_dropped_in_by_hand_are_indexed(library_dir: Path) -> None:
    with Library(library_dir) as lib:
        lib.save_article(make_article())
    (library_dir / "articles" / "mine.md").write_text(
        "---\nid: 0123456789\nurl: https://x.example/\ntitle: Mine\n"
        "saved_at: 2024-01-01T00:00:00+00:00\n---\n\nHello\n",
        "utf-8",
    )
    with Library(library_dir) as lib:
        assert lib.counts()["all"] == 2
        assert lib.search("hello")[0].title == "Mine"


def test_delete_moves_to_trash_and_restores(library: Library) -> None:
    entry = library.save_article(make_article(), raw_html=b"<p>x</p>").entry
    library.delete(entry.id)
    assert library.counts()["all"] == 0
    assert not (library.root / "articles" / entry.path).exists()
    assert (library.root / "trash" / entry.path).exists()
    library.restore(entry)
    assert library.get(entry.id).title == entry.title
    assert library.raw_html(entry.id) == b"<p>x</p>"


def test_interrupted_write_leaves_no_half_file(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = library.save_article(make_article()).entry
    before = (library.root / "articles" / entry.path).read_bytes()

    def boom(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(StoreError, match="No space left"):
        library.set_favorite(entry.id, True)
    monkeypatch.undo()
    assert (library.root / "articles" / entry.path).read_bytes() == before
    assert [p.name for p in (library.root / "articles").iterdir()] == [entry.path]


def test_read_only_library_gives_a_clear_error(library: Library) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions")
    entry = library.save_article(make_article()).entry
    (library.root / "articles").chmod(0o500)
    try:
        with pytest.raises(StoreError):
            library.set_favorite(entry.id, True)
    finally:
        (library.root / "articles").chmod(0o700)


def test_placeholder_entries_for_unfetched_links(library: Library) -> None:
    placeholder = library.add_placeholder("https://b.example/later", title="Later", tags=["x"])
    assert placeholder.created and not placeholder.entry.fetched
    assert library.get(placeholder.entry.id).fetched is False
    saved = library.save_article(make_article(url="https://b.example/later"))
    assert saved.entry.id == placeholder.entry.id
    assert saved.entry.fetched and saved.entry.tags == ("x",)


def test_many_placeholders_at_once_merge_repeats_and_saved_links(library: Library) -> None:
    saved = library.save_article(make_article(url="https://b.example/saved")).entry
    results = library.add_placeholders(
        [
            Placeholder("https://b.example/one", title="One", tags=("a",)),
            Placeholder("https://b.example/saved?utm_source=x", tags=("from-import",)),
            Placeholder("https://b.example/two", status="archived", favorite=True),
            Placeholder("https://b.example/one#comments", tags=("b",)),
        ]
    )
    assert [r.created for r in results] == [True, False, True, False]
    one, again, two, repeat = (r.entry for r in results)
    assert again.id == saved.id and again.tags == ("from-import",) and again.fetched
    assert repeat.id == one.id and one.tags == repeat.tags == ("a", "b")
    assert (two.status, two.favorite, two.fetched) == ("archived", True, False)
    # The files are the truth: a rebuilt index finds exactly the same entries.
    before = {e.id: e for e in library.entries(Filter(status=None))}
    library.reindex()
    assert {e.id: e for e in library.entries(Filter(status=None))} == before
    assert len(before) == 3 and before[one.id].tags == ("a", "b")


def test_stored_markdown_never_holds_escape_sequences(library: Library) -> None:
    body = "Imported \x1b]52;c;cHduZWQ=\x07body \x1b[2J with a bell\x07."
    entry = library.save_article(make_article(body=body)).entry
    stored = (library.root / "articles" / entry.path).read_text("utf-8")
    assert "\x1b" not in stored and "\x07" not in stored
    assert "Imported body  with a bell." in library.markdown(entry.id)


def test_an_article_edited_in_place_shows_without_its_new_heading(library: Library) -> None:
    entry = library.save_article(make_article(title="Old title", body="The body.")).entry
    path = library.files.articles / entry.path
    text = path.read_text("utf-8").replace("Old title", "New title")
    path.write_text(text, "utf-8")  # in place: the folder does not change, the index is stale
    assert library.markdown(entry.id).strip() == "The body."
