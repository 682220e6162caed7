"""Importing into a library: placeholders, content, highlights, duplicates merged."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from reader.importers import parse_import
from reader.importers.apply import import_records
from reader.importers.highlights import read_highlights, sidecar_path
from reader.importers.queue import pending_entries
from reader.library import Library
from tests.conftest import make_article

DATA = Path(__file__).parent / "data" / "imports"


def load(library: Library, name: str, tags: tuple[str, ...] = ()) -> object:
    return import_records(library, parse_import((DATA / name).read_bytes()), tags=tags)


def test_links_become_placeholders_waiting_in_the_queue(library: Library) -> None:
    report = load(library, "pocket.csv", tags=("from-pocket",))
    entries = {e.url: e for e in library.entries()}
    assert report.added == 5 and report.queued == 5  # type: ignore[attr-defined]
    # Kept without its tracking parameter (the file says ?utm_source=pocket).
    quiet = entries["https://example.com/quiet-web"]
    assert not quiet.fetched
    # Its utm_ twin later in the file was merged: archived wins, earliest date kept.
    assert quiet.status == "archived"
    assert quiet.saved_at == datetime.fromtimestamp(1690000000, UTC)
    assert quiet.tags == ("reading", "web", "dup", "from-pocket")
    assert len(pending_entries(library)) == 5
    assert entries["https://example.com/untitled"].title == "https://example.com/untitled"
    # The file on disk is the truth: it says not fetched.
    text = (library.files.articles / quiet.path).read_text("utf-8")
    assert "fetched: false" in text


def test_content_is_saved_without_a_fetch_and_highlights_go_to_a_sidecar(
    library: Library,
) -> None:
    report = load(library, "wallabag.json")
    assert report.with_content == 2  # type: ignore[attr-defined]
    octo = library.find_url("https://example.com/wb/octopus")
    assert octo is not None and octo.fetched and octo.favorite and octo.status == "archived"
    markdown = library.markdown(octo.id)
    assert "**change colour**" in markdown
    assert "alert(1)" not in markdown
    highlights = json.loads(sidecar_path(library.files.articles, octo).read_text("utf-8"))
    assert highlights[0] == {
        "exact": "change colour",
        "prefix": "",
        "suffix": "",
        "note": "my note",
        "created": "2023-03-01T10:00:00+00:00",
    }
    assert library.search("dreaming")[0].id == octo.id
    assert [e.url for e in pending_entries(library)] == ["https://example.com/wb/empty"]


def test_importing_twice_changes_nothing(library: Library) -> None:
    for name in ("wallabag.json", "omnivore.zip", "bookmarks.html"):
        load(library, name)
    before = {e.id: e for e in library.entries()}
    highlights_before = {i: read_highlights(library.files.articles, e) for i, e in before.items()}
    for name in ("wallabag.json", "omnivore.zip", "bookmarks.html"):
        report = load(library, name)
        assert report.added == 0  # type: ignore[attr-defined]
    after = {e.id: e for e in library.entries()}
    assert after == before
    assert {i: read_highlights(library.files.articles, e) for i, e in after.items()} == (
        highlights_before
    )


def test_import_merges_into_a_saved_article_keeping_the_richer_state(library: Library) -> None:
    saved = library.save_article(
        make_article(url="https://example.com/insta/c"), tags=["mine"]
    ).entry
    load(library, "instapaper.csv")
    merged = library.get(saved.id)
    assert merged.fetched and merged.favorite  # starred in Instapaper
    assert merged.tags == ("mine",)
    assert library.markdown(saved.id).startswith("The first paragraph")


def test_a_queued_placeholder_is_filled_by_imported_content(library: Library) -> None:
    library.add_placeholder("https://example.com/omni/first", tags=["early"])
    load(library, "omnivore.zip")
    entry = library.find_url("https://example.com/omni/first")
    assert entry is not None and entry.fetched
    assert entry.tags == ("early", "Newsletters", "ünïcode")
    assert entry.status == "archived"
    assert "already clean" in library.markdown(entry.id)


def test_imported_highlights_are_indexed_for_the_highlights_feature(library: Library) -> None:
    from reader.highlights.indexing import count_quotes
    from reader.library.highlighting import highlights_of

    load(library, "wallabag.json")
    octo = library.find_url("https://example.com/wb/octopus")
    assert octo is not None
    assert [h.exact for h in highlights_of(library, octo.id)] == [
        "change colour",
        "a kind of dreaming",
    ]
    assert count_quotes(library.index) == 2
