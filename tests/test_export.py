"""Exports, and the round trip: export, import into a new library, get the same library."""

from __future__ import annotations

import io
import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.errors import ReaderError
from reader.exporters import export
from reader.importers import parse_import
from reader.importers.apply import import_records
from reader.importers.highlights import add_highlights, read_highlights
from reader.library import Library
from reader.library.highlighting import add_highlight
from reader.models import Entry
from tests.conftest import make_article


@pytest.fixture
def filled(library: Library) -> Library:
    """A library with fetched and queued entries, every kind of state, and highlights."""
    first = library.save_article(
        make_article(
            title='Comma, "quotes" & ünïcode — 日本語',
            url="https://example.com/a?id=1",
            byline="Jane Doe",
            site_name="Example",
            published="2024-01-02T03:04:05+00:00",
            lang="en",
            excerpt="An excerpt.",
            lead_image="https://example.com/a.jpg",
        ),
        tags=["café", "long read"],
        saved_at=datetime(2024, 5, 1, 12, 30, 15, tzinfo=UTC),
        favorite=True,
    ).entry
    library.set_progress(first.id, 0.42)
    add_highlights(
        library,
        first,
        [
            {
                "exact": "first paragraph",
                "prefix": "The ",
                "suffix": " of",
                "note": "n",
                "created": "2024-05-02T00:00:00+00:00",
            }
        ],
    )
    second = library.save_article(
        make_article(title="Archived one", url="https://example.org/b", body="Short body."),
        saved_at=datetime(2023, 1, 1, tzinfo=UTC),
        status="archived",
    ).entry
    add_highlight(library, second.id, "Short", note="anchored by the highlights feature")
    library.add_placeholder(
        "https://example.net/queued",
        title="Queued <b>not</b> fetched",
        tags=["later"],
        saved_at=datetime(2022, 6, 7, 8, 9, 10, tzinfo=UTC),
    )
    library.add_placeholder("https://example.net/bare", saved_at=datetime(2022, 1, 1, tzinfo=UTC))
    return library


def exported(library: Library, fmt: str) -> bytes:
    out = io.StringIO()
    export(library, fmt, out=out)
    return out.getvalue().encode("utf-8")


def reimported(tmp_path: Path, data: bytes) -> Library:
    library = Library(tmp_path / "again")
    report = import_records(library, parse_import(data))
    assert report.problems == []
    return library


def state(entry: Entry, seconds: bool = False) -> tuple[object, ...]:
    saved = entry.saved_at.replace(microsecond=0) if seconds else entry.saved_at
    return (entry.url, entry.title, entry.tags, entry.status, entry.favorite, saved, entry.fetched)


def test_json_round_trip_gives_the_same_library(filled: Library, tmp_path: Path) -> None:
    with reimported(tmp_path, exported(filled, "json")) as again:
        before = {e.id: e for e in filled.entries()}
        after = {e.id: e for e in again.entries()}
        assert after == before
        for entry_id, entry in before.items():
            assert again.markdown(entry_id) == filled.markdown(entry_id)
            assert read_highlights(again.files.articles, after[entry_id]) == read_highlights(
                filled.files.articles, entry
            )


def test_netscape_round_trip_keeps_titles_tags_dates_and_state(
    filled: Library, tmp_path: Path
) -> None:
    data = exported(filled, "netscape")
    assert data.startswith(b"<!DOCTYPE NETSCAPE-Bookmark-file-1>")
    with reimported(tmp_path, data) as again:
        before = sorted(state(replace(e, fetched=False), seconds=True) for e in filled.entries())
        after = sorted(state(e, seconds=True) for e in again.entries())
        assert after == before


def test_csv_round_trip_is_pocket_shaped(filled: Library, tmp_path: Path) -> None:
    data = exported(filled, "csv")
    assert data.splitlines()[0] == b"title,url,time_added,tags,status,favorite"
    with reimported(tmp_path, data) as again:
        # Pocket's columns and reader's favorite column: favorites come back too.
        before = sorted(state(replace(e, fetched=False), seconds=True) for e in filled.entries())
        assert any(e.favorite for e in filled.entries())
        assert sorted(state(e, seconds=True) for e in again.entries()) == before


def test_markdown_export_is_one_file_per_article_and_reopens_as_a_library(
    filled: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "vault"
    assert export(filled, "markdown", folder=folder) == 4
    notes = sorted(p.name for p in folder.glob("*.md"))
    assert len(notes) == 4 and len(list(folder.glob("*.highlights.json"))) == 2
    first = next(folder.glob("comma-*.md")).read_text("utf-8")
    assert first.startswith("---\n") and "tags:\n- café\n- long read\n" in first
    shutil.copytree(folder, tmp_path / "copy" / "articles")
    with Library(tmp_path / "copy") as again:
        assert {e.id: e for e in again.entries()} == {e.id: e for e in filled.entries()}


def test_markdown_export_needs_a_folder(filled: Library) -> None:
    with pytest.raises(ReaderError, match="folder"):
        export(filled, "markdown")
    with pytest.raises(ReaderError, match="another folder"):
        export(filled, "markdown", folder=filled.files.articles)


def test_unknown_format(filled: Library) -> None:
    with pytest.raises(ReaderError, match="unknown export format"):
        export(filled, "pdf", out=io.StringIO())


def test_empty_library_exports_cleanly(library: Library, tmp_path: Path) -> None:
    for fmt in ("json", "netscape", "csv"):
        with reimported(tmp_path / fmt, exported(library, fmt)) as again:
            assert again.entries() == []


def test_markdown_export_imports_back_as_the_same_library(filled: Library, tmp_path: Path) -> None:
    from reader.importers.markdown_dir import parse_dir

    folder = tmp_path / "vault"
    export(filled, "markdown", folder=folder)
    (folder / "sub").mkdir()
    (folder / "sub" / "plain-note.md").write_text("---\ntitle: A note without a URL\n---\n\nText\n")
    parsed = parse_dir(folder)
    assert [str(p) for p in parsed.problems] == ["line 1 (entry 5): sub/plain-note.md: no URL"]
    with Library(tmp_path / "again") as again:
        import_records(again, parsed)
        before = {e.id: e for e in filled.entries()}
        assert {e.id: e for e in again.entries()} == before
        for entry_id, entry in before.items():
            assert again.markdown(entry_id) == filled.markdown(entry_id)
            assert read_highlights(again.files.articles, entry) == read_highlights(
                filled.files.articles, entry
            )
