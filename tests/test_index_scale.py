"""The index at scale: the search index without a copy of the text, capped ranking, and
the id listings a long list pages through."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.library import Library
from reader.store import index as index_module
from reader.store.index import SCHEMA_VERSION, Filter, Sort
from tests.conftest import index_file, make_article


def _save(library: Library, number: int, body: str, *, favorite: bool = False) -> str:
    article = make_article(title=f"Article {number}", url=f"https://a.example/{number}", body=body)
    entry_id = library.save_article(article).entry.id
    if favorite:
        library.set_favorite(entry_id, True)
    return entry_id


def _integrity(library_dir: Path) -> None:
    """FTS5's own check of its index (raises when a row's terms went astray)."""
    with sqlite3.connect(index_file(library_dir)) as db:
        db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")


def test_the_index_keeps_no_second_copy_of_the_text(library: Library, library_dir: Path) -> None:
    body = " ".join(f"word{n % 50}" for n in range(5000))
    _save(library, 1, body)
    with sqlite3.connect(index_file(library_dir)) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
        (packed,) = db.execute("SELECT body FROM article_text").fetchone()
    assert "articles_fts_content" not in tables  # contentless
    assert len(packed) < len(body) / 5  # kept compressed, for deletes only


def test_changed_and_deleted_articles_leave_no_terms_behind(
    library: Library, library_dir: Path
) -> None:
    first = _save(library, 1, "Zebras graze at dawn.")
    _save(library, 2, "Quiet zebras and loud yaks.")
    library.update(first, status="archived")  # written again: the row is replaced
    assert {e.title for e in library.search("zebras")} == {"Article 1", "Article 2"}
    library.delete(first)
    assert [e.title for e in library.search("zebras")] == ["Article 2"]
    assert [e.title for e in library.search("dawn")] == []
    _integrity(library_dir)
    library.reindex()
    assert [e.title for e in library.search("yaks")] == ["Article 2"]
    _integrity(library_dir)


def test_an_index_of_the_old_schema_is_rebuilt(library_dir: Path) -> None:
    with Library(library_dir) as lib:
        _save(lib, 1, "Rebuilt from the files.")
    with sqlite3.connect(index_file(library_dir)) as db:
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION - 1}")
    with Library(library_dir) as lib:
        assert lib.index.rebuilt
        assert [e.title for e in lib.search("rebuilt")] == ["Article 1"]


def test_search_ranks_at_most_the_capped_number_of_matches(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(8):
        _save(library, number, "common " * (number + 1))
    everything = library.search("common")
    assert len(everything) == 8
    monkeypatch.setattr(index_module, "RANKED", 5)
    capped = library.search("common", limit=None)
    assert len(capped) == 5
    # the most recently indexed matches, ranked among themselves
    assert {e.title for e in capped} == {f"Article {n}" for n in range(3, 8)}
    assert capped == [e for e in everything if e in capped]
    ids, unread = library.search_ids("common", limit=None)
    assert ids == [e.id for e in capped]
    assert unread == bytearray([1] * 5)
    assert library.search_ids("common", limit=2)[0] == ids[:2]


def test_a_capped_search_filters_before_it_cuts(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(6):
        _save(library, number, "common words", favorite=number < 2)
    monkeypatch.setattr(index_module, "RANKED", 3)
    favorites = library.search("common", Filter(favorite=True))
    assert {e.title for e in favorites} == {"Article 0", "Article 1"}


@pytest.mark.parametrize("sort", ["saved", "saved-asc", "reading-time", "title", "site"])
def test_view_ids_list_what_entries_lists(library: Library, sort: Sort) -> None:
    for number in range(7):
        entry_id = _save(library, number, "word " * (100 * (7 - number)))
        if number % 2:
            library.set_status(entry_id, "archived")
    for flt in (Filter(), Filter(status="unread"), Filter(status="archived")):
        entries = library.entries(flt, sort)
        ids, unread = library.view_ids(flt, sort)
        assert ids == [e.id for e in entries]
        assert unread == bytearray(e.status == "unread" for e in entries)


def test_entries_by_id_and_counts_among_them(library: Library) -> None:
    ids = [_save(library, number, "text", favorite=number == 1) for number in range(3)]
    found = library.entries_by_id([ids[2], "missing", ids[0]])
    assert set(found) == {ids[0], ids[2]}
    assert found[ids[2]].title == "Article 2"
    assert library.count_among(ids, Filter(favorite=True)) == 1
    assert library.count_among(ids[:1], Filter(favorite=True)) == 0
    assert library.count_among([], Filter()) == 0
