"""Property tests: whatever the rows hold, each is either imported or reported, never a crash."""

from __future__ import annotations

import csv
import io
import json
import tempfile
import zipfile
from html import escape
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.errors import ImportFormatError
from reader.importers import FORMATS, parse_import
from reader.importers.apply import import_records
from reader.library import Library

text = st.text(max_size=30)
hosts = st.sampled_from(["example.com", "exämple.org", "a.b.example", "127.0.0.1:8080", "x"])
paths = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=15)
urls = st.one_of(
    st.builds(
        lambda s, h, p: f"{s}://{h}/{p}", st.sampled_from(["http", "https", "ftp"]), hosts, paths
    ),
    text,
)
dates = st.one_of(
    st.integers(min_value=-10, max_value=10**16).map(str),
    st.sampled_from(["", "2024-01-02T03:04:05Z", "2024-01-02 03:04:05", "soon"]),
    text,
)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _blank(row: list[str]) -> bool:
    return not any(value.strip() for value in row)


def _check(data: bytes, fmt: str, expected_rows: int, into_library: bool = False) -> None:
    parsed = parse_import(data, fmt)
    assert len(parsed.records) + len(parsed.problems) == expected_rows
    if fmt not in ("wallabag", "omnivore"):  # JSON entries may share a line
        lines = [r.line for r in parsed.records] + [p.line for p in parsed.problems]
        assert len(set(lines)) == len(lines)
    if into_library:
        with tempfile.TemporaryDirectory() as folder, Library(Path(folder)) as library:
            report = import_records(library, parsed)
            problem_lines = {p.line for p in report.problems}
            for record in parsed.records:
                assert library.find_url(record.url) is not None or record.line in problem_lines


@SETTINGS
@given(st.lists(st.tuples(text, urls, dates, text, st.sampled_from(["unread", "archive", "x"]))))
def test_pocket_csv_rows(rows: list[tuple[str, ...]]) -> None:
    table = [list(r) for r in rows]
    data = _csv(["title", "url", "time_added", "tags", "status"], table)
    _check(data, "pocket-csv", sum(not _blank(r) for r in table), into_library=True)


@SETTINGS
@given(
    st.lists(
        st.tuples(urls, text, text, st.sampled_from(["Unread", "Archive", "Starred", "Fun"]), dates)
    )
)
def test_instapaper_rows(rows: list[tuple[str, ...]]) -> None:
    table = [list(r) for r in rows]
    data = _csv(["URL", "Title", "Selection", "Folder", "Timestamp"], table)
    _check(data, "instapaper", sum(not _blank(r) for r in table))


@SETTINGS
@given(st.lists(urls))
def test_url_lines(lines: list[str]) -> None:
    lines = [" ".join(line.split()) for line in lines]
    data = "\n".join(lines).encode("utf-8")
    expected = sum(1 for line in lines if line.strip() and not line.strip().startswith("#"))
    _check(data, "urls", expected, into_library=True)


@SETTINGS
@given(st.lists(st.tuples(urls, text, dates, text)))
def test_netscape_rows(rows: list[tuple[str, str, str, str]]) -> None:
    items = "\n".join(
        f'<DT><A HREF="{escape(u)}" ADD_DATE="{escape(d)}" TAGS="{escape(t)}">{escape(title)}</A>'
        for u, title, d, t in rows
    )
    data = f"<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n{items}\n</DL><p>\n".encode()
    _check(data, "netscape", len(rows))


json_values = st.one_of(st.none(), st.booleans(), st.integers(), text, st.lists(text, max_size=3))


@SETTINGS
@given(
    st.lists(
        st.one_of(
            st.fixed_dictionaries(
                {
                    "url": urls,
                    "title": json_values,
                    "tags": json_values,
                    "is_archived": json_values,
                    "is_starred": json_values,
                    "created_at": st.one_of(dates, json_values),
                    "content": st.one_of(st.none(), text.map(lambda t: f"<p>{escape(t)}</p>")),
                    "annotations": st.one_of(
                        json_values,
                        st.lists(
                            st.fixed_dictionaries({"quote": json_values, "text": json_values})
                        ),
                    ),
                }
            ),
            json_values,
        )
    )
)
def test_wallabag_items(items: list[object]) -> None:
    data = json.dumps(items, indent=1).encode("utf-8")
    _check(data, "wallabag", len(items), into_library=True)


@SETTINGS
@given(
    st.lists(
        st.one_of(
            st.fixed_dictionaries(
                {
                    "url": urls,
                    "slug": st.sampled_from(["a", "b", "", "../x"]),
                    "title": json_values,
                    "labels": json_values,
                    "state": st.sampled_from(["Archived", "Succeeded", "Deleted", "", "x"]),
                    "savedAt": st.one_of(dates, json_values),
                }
            ),
            json_values,
        )
    ),
    text,
)
def test_omnivore_items(items: list[object], highlights: str) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("metadata_0_to_9.json", json.dumps(items))
        archive.writestr("content/a.html", "<p>body</p>")
        archive.writestr("highlights/a.md", highlights)
    _check(buffer.getvalue(), "omnivore", len(items), into_library=True)


@SETTINGS
@given(st.lists(st.tuples(urls, text, dates, text)), st.booleans())
def test_pocket_html_rows(rows: list[tuple[str, str, str, str]], archive: bool) -> None:
    items = "\n".join(
        f'<li><a href="{escape(u)}" time_added="{escape(d)}" tags="{escape(t)}">{escape(title)}</a>'
        for u, title, d, t in rows
    )
    heading = "Read Archive" if archive else "Unread"
    data = f"<html><body><h1>{heading}</h1><ul>\n{items}\n</ul></body></html>".encode()
    _check(data, "pocket-html", len(rows))


@SETTINGS
@given(
    st.one_of(st.binary(max_size=300), text.map(str.encode)),
    st.sampled_from(["auto", *FORMATS]),
)
def test_any_bytes_in_any_format_import_or_are_refused_clearly(data: bytes, fmt: str) -> None:
    try:
        parse_import(data, fmt)
    except ImportFormatError as exc:
        assert str(exc)


_SERVICE_CSV = {
    "readwise-reader": [
        "Title",
        "URL",
        "ID",
        "Document tags",
        "Saved date",
        "Reading progress",
        "Location",
        "Seen",
    ],
    "readwise-highlights": [
        "Highlight",
        "Book Title",
        "Book Author",
        "Amazon Book ID",
        "Note",
        "Color",
        "Tags",
        "Location Type",
        "Location",
        "Highlighted at",
        "Document tags",
    ],
    "readwise-upload": ["Highlight", "Title", "Author", "URL", "Note", "Location", "Date"],
    "raindrop": [
        "id",
        "title",
        "note",
        "excerpt",
        "url",
        "folder",
        "tags",
        "created",
        "cover",
        "highlights",
        "favorite",
    ],
    "matter": [
        "Title",
        "Author",
        "Publisher",
        "URL",
        "Tags",
        "Word Count",
        "In Queue",
        "Favorited",
        "Read",
        "Highlight Count",
        "Last Interaction Date",
        "File Id",
    ],
}
cells = st.one_of(text, urls, dates, st.sampled_from(["['a', 'b']", "True", "archive", "0.5"]))


@SETTINGS
@given(
    st.sampled_from(sorted(_SERVICE_CSV)),
    st.lists(st.lists(cells, min_size=11, max_size=11), max_size=8),
)
def test_service_csv_rows_import_or_are_reported(fmt: str, rows: list[list[str]]) -> None:
    header = _SERVICE_CSV[fmt]
    rows = [row[: len(header)] for row in rows]
    data = _csv(header, rows)
    parsed = parse_import(data, fmt)
    # Each row is a record, a highlight attached by title, or a problem at its line.
    by_title = sum(len(t.highlights) for t in parsed.by_title)
    rows_read = len(parsed.records) + by_title + len(parsed.problems)
    assert rows_read == len([r for r in rows if not _blank(r)])
    with tempfile.TemporaryDirectory() as folder, Library(Path(folder)) as library:
        report = import_records(library, parsed)
        assert report.added + report.merged <= len(parsed.records) + len(parsed.by_title)


@SETTINGS
@given(
    st.lists(
        st.one_of(
            st.fixed_dictionaries(
                {
                    "createdAt": st.one_of(dates, json_values),
                    "title": json_values,
                    "tags": json_values,
                    "content": st.one_of(
                        json_values, st.fixed_dictionaries({"type": st.just("link"), "url": urls})
                    ),
                    "note": json_values,
                    "archived": json_values,
                }
            ),
            json_values,
        )
    )
)
def test_karakeep_items(items: list[object]) -> None:
    data = json.dumps({"bookmarks": items}, indent=1).encode("utf-8")
    _check(data, "karakeep", len(items), into_library=True)


@SETTINGS
@given(
    st.lists(
        st.one_of(
            st.fixed_dictionaries(
                {
                    "url": urls,
                    "title": json_values,
                    "highlights": st.one_of(
                        json_values,
                        st.lists(
                            st.fixed_dictionaries({"quote": json_values, "created_at": dates})
                        ),
                    ),
                }
            ),
            json_values,
        )
    )
)
def test_pocket_annotation_items(items: list[object]) -> None:
    data = json.dumps(items, indent=1).encode("utf-8")
    _check(data, "pocket-annotations", len(items), into_library=True)


@SETTINGS
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "name": json_values,
                "links": st.lists(
                    st.one_of(
                        st.fixed_dictionaries(
                            {
                                "url": urls,
                                "name": json_values,
                                "createdAt": dates,
                                "tags": json_values,
                                "description": json_values,
                            }
                        ),
                        json_values,
                    ),
                    max_size=4,
                ),
            }
        ),
        max_size=3,
    )
)
def test_linkwarden_links(collections: list[dict[str, object]]) -> None:
    data = json.dumps({"collections": collections}).encode("utf-8")
    parsed = parse_import(data, "linkwarden")
    links = sum(len(c["links"]) for c in collections)  # type: ignore[arg-type]
    assert len(parsed.records) + len(parsed.problems) == links
    with tempfile.TemporaryDirectory() as folder, Library(Path(folder)) as library:
        import_records(library, parsed)
