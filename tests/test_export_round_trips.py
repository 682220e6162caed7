"""Every format reader exports comes back into a fresh library with what it held."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

from reader.exporters import export
from reader.exporters.highlights import export_highlights
from reader.importers import detect_format, parse_import
from reader.importers.apply import import_records
from reader.importers.highlights import read_highlights
from reader.library import Library
from tests.test_export import exported, filled, reimported, state

__all__ = ["filled"]  # the fixture, shared with test_export


def _highlights_out(library: Library, fmt: str) -> bytes:
    out = io.StringIO()
    export_highlights(library, fmt, out)
    return out.getvalue().encode("utf-8")


def _quotes(library: Library) -> dict[str, list[tuple[str, str]]]:
    return {
        e.url: [(h["exact"], h.get("note", "")) for h in read_highlights(library.files.articles, e)]
        for e in library.entries()
        if read_highlights(library.files.articles, e)
    }


def test_csv_export_keeps_favorites(filled: Library, tmp_path: Path) -> None:
    with reimported(tmp_path, exported(filled, "csv")) as again:
        favorites = {e.url for e in again.entries() if e.favorite}
        assert favorites == {e.url for e in filled.entries() if e.favorite} != set()


def test_netscape_export_keeps_the_excerpt(filled: Library, tmp_path: Path) -> None:
    with reimported(tmp_path, exported(filled, "netscape")) as again:
        before = {e.url: e.excerpt for e in filled.entries()}
        assert {e.url: e.excerpt for e in again.entries()} == before


def test_json_export_says_images_are_not_in_it(filled: Library) -> None:
    document = json.loads(exported(filled, "json"))
    assert document["images"].startswith("not included")
    assert "markdown" in document["images"]


def test_json_export_keeps_progress_and_details(filled: Library, tmp_path: Path) -> None:
    with reimported(tmp_path, exported(filled, "json")) as again:
        fields = ("progress", "byline", "site", "published", "lang", "excerpt", "lead_image")
        before = {e.url: [getattr(e, f) for f in fields] for e in filled.entries()}
        assert {e.url: [getattr(e, f) for f in fields] for e in again.entries()} == before


def test_highlights_json_export_imports_back(filled: Library, tmp_path: Path) -> None:
    data = _highlights_out(filled, "json")
    assert detect_format(data) == "reader-highlights"
    with reimported(tmp_path, data) as again:
        assert _quotes(again) == _quotes(filled)
        for entry in again.entries():
            original = filled.find_url(entry.url)
            assert original is not None
            assert (entry.title, entry.tags, entry.byline) == (
                original.title,
                original.tags,
                original.byline,
            )
            kept = read_highlights(again.files.articles, entry)
            first = read_highlights(filled.files.articles, original)
            keys = ("exact", "prefix", "suffix", "note", "created")
            assert [{k: h.get(k) for k in keys} for h in kept] == [
                {k: h.get(k) for k in keys} for h in first
            ]


def test_highlights_markdown_export_imports_back(filled: Library, tmp_path: Path) -> None:
    data = _highlights_out(filled, "markdown")
    assert detect_format(data) == "reader-highlights-md"
    with reimported(tmp_path, data) as again:
        assert _quotes(again) == _quotes(filled)
        for entry in again.entries():
            original = filled.find_url(entry.url)
            assert original is not None and entry.title == original.title
            assert entry.byline == original.byline


def test_highlights_csv_export_is_readwise_shaped_and_imports_back(
    filled: Library, tmp_path: Path
) -> None:
    data = _highlights_out(filled, "csv")
    assert data.splitlines()[0] == b"Highlight,Title,Author,URL,Note,Location,Date"
    assert detect_format(data) == "readwise-upload"
    with reimported(tmp_path, data) as again:
        assert _quotes(again) == _quotes(filled)


def test_highlights_come_back_onto_a_library_restored_from_json(
    filled: Library, tmp_path: Path
) -> None:
    library_copy = exported(filled, "json")
    highlights = _highlights_out(filled, "csv")
    with reimported(tmp_path, library_copy) as again:
        report = import_records(again, parse_import(highlights))
        assert report.highlights == 0 and report.added == 0  # already there: nothing doubled
        assert _quotes(again) == _quotes(filled)


def test_markdown_export_round_trip_keeps_the_state(filled: Library, tmp_path: Path) -> None:
    from reader.importers.markdown_dir import parse_dir

    folder = tmp_path / "out"
    export(filled, "markdown", folder=folder)
    again = Library(tmp_path / "again-md")
    with again:
        import_records(again, parse_dir(folder))
        before = sorted(state(replace(e)) for e in filled.entries())
        assert sorted(state(e) for e in again.entries()) == before
        assert _quotes(again) == _quotes(filled)
