"""Each import format read from a realistic sample file: records, and problems by line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.errors import ImportFormatError
from reader.importers import detect_format, parse_import
from reader.importers.omnivore import parse_highlights
from reader.importers.records import ImportRecord

DATA = Path(__file__).parent / "data" / "imports"


def parse(name: str, fmt: str = "auto") -> tuple[dict[str, ImportRecord], dict[int, str]]:
    parsed = parse_import((DATA / name).read_bytes(), fmt)
    records = {r.url: r for r in parsed.records}
    problems = {p.line: p.reason for p in parsed.problems}
    return records, problems


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("pocket.csv", "pocket-csv"),
        ("ril_export.html", "pocket-html"),
        ("instapaper.csv", "instapaper"),
        ("wallabag.json", "wallabag"),
        ("omnivore.zip", "omnivore"),
        ("bookmarks.html", "netscape"),
        ("urls.txt", "urls"),
    ],
)
def test_format_is_detected_from_content(name: str, fmt: str) -> None:
    assert detect_format((DATA / name).read_bytes()) == fmt


def test_undetectable_content_is_a_clear_error() -> None:
    with pytest.raises(ImportFormatError, match="--format"):
        detect_format(b"just some words\nand more words\n")


def test_pocket_csv() -> None:
    records, problems = parse("pocket.csv")
    quiet = records["https://example.com/quiet-web?utm_source=pocket"]
    assert quiet.title == 'Why the "quiet" web matters, again'
    assert quiet.tags == ("reading", "web")
    assert quiet.saved_at == datetime.fromtimestamp(1700000000, UTC)
    assert quiet.status == "unread"
    cafe = records["https://example.org/caf%C3%A9"]
    assert cafe.title == "Ünïcödé: café & crème brûlée"
    assert cafe.tags == ("food", "français")
    assert cafe.status == "archived"
    assert records["https://example.net/plain"].tags == ()
    assert records["https://example.net/multi"].title == "Multi line title"
    assert records["https://example.net/multi"].tags == ("a", "b")
    assert records["https://example.com/untitled"].title is None
    assert set(problems) == {7, 8, 9}
    assert "not a web address" in problems[7]
    assert "ftp://" in problems[8]
    assert "not a date" in problems[9]


def test_pocket_html() -> None:
    records, problems = parse("ril_export.html")
    one = records["https://example.com/one"]
    assert (one.title, one.tags, one.status) == ("One & only", ("tech", "long read"), "unread")
    assert records["https://example.com/zh"].title == "中文标题"
    assert records["https://example.com/two"].status == "archived"
    assert records["https://example.com/two"].title == 'Two, "quoted"'
    assert list(problems) == [13]
    assert "javascript:" in problems[13]


def test_instapaper_csv() -> None:
    records, problems = parse("instapaper.csv")
    a = records["https://example.com/insta/a"]
    assert a.title == "Title, with comma"
    assert a.highlights[0].exact == 'A selected "passage", kept'
    assert records["https://example.com/insta/b"].status == "archived"
    assert records["https://example.com/insta/c"].favorite is True
    assert records["https://example.com/insta/d"].tags == ("Recipes",)
    assert set(problems) == {6, 7}
    assert problems[6] == "no URL"


def test_wallabag_json() -> None:
    records, problems = parse("wallabag.json")
    octo = records["https://example.com/wb/octopus"]
    assert octo.status == "archived" and octo.favorite
    assert octo.tags == ("science", "long read")
    assert octo.content_html and "change colour" in octo.content_html
    assert [h.exact for h in octo.highlights] == ["change colour", "a kind of dreaming"]
    assert octo.highlights[0].note == "my note"
    assert octo.saved_at == datetime(2023, 3, 1, 9, 0, tzinfo=UTC)
    assert not records["https://example.com/wb/empty"].has_content
    assert records["https://example.com/wb/ja"].tags == ("labelled",)
    assert set(problems) == {34, 42}


def test_omnivore_zip() -> None:
    records, problems = parse("omnivore.zip")
    first = records["https://example.com/omni/first"]
    assert first.status == "archived"
    assert first.tags == ("Newsletters", "ünïcode")
    assert first.content_html and "already clean" in first.content_html
    assert [(h.exact, h.note) for h in first.highlights] == [
        ("The body of the first article", "A note on it."),
        ("Second paragraph.", ""),
    ]
    assert not records["https://example.com/omni/second"].has_content
    assert len(problems) == 2
    assert any("deleted" in reason for reason in problems.values())


def test_omnivore_highlight_with_multiline_quote() -> None:
    found = parse_highlights("> line one\n> line two [⤴️](https://x/y#z)\n\nnote\n\nmore note\n")
    assert [(h.exact, h.note) for h in found] == [("line one\nline two", "note\n\nmore note")]


def test_netscape_bookmarks() -> None:
    records, problems = parse("bookmarks.html")
    assert records["https://example.com/bm/toolbar"].tags == ()
    soup = records["https://example.com/bm/soup"]
    assert soup.title == "Soup & bread"
    assert soup.tags == ("Recipes", "food", "winter")
    deep = records["https://example.com/bm/deep"]
    assert deep.tags == ("Recipes", "Deep")
    assert deep.saved_at == datetime.fromtimestamp(1600000003, UTC)
    assert records["https://example.com/bm/pinboard"].tags == ("pinboard", "to-read")
    assert records["https://例え.jp/パス"].title == "日本語のブックマーク"
    assert list(problems) == [23]


def test_url_list() -> None:
    records, problems = parse("urls.txt")
    assert list(records) == [
        "https://example.com/list/1",
        "https://example.com/list/2?utm_source=x",
        "https://example.com/list/1#again",
    ]
    assert set(problems) == {5, 7}


def test_urls_with_windows_line_endings_and_cp1252() -> None:
    parsed = parse_import(
        "https://example.com/caf\xe9\r\nhttps://example.com/b\r\n".encode("cp1252")
    )
    assert [r.url for r in parsed.records] == ["https://example.com/café", "https://example.com/b"]


def test_missing_required_column_is_a_format_error() -> None:
    with pytest.raises(ImportFormatError, match="no url column"):
        parse_import(b"title,time_added\nx,1\n", "pocket-csv")


def test_broken_json_names_the_line() -> None:
    with pytest.raises(ImportFormatError, match="line 4"):
        parse_import(b'[\n{"url": "https://a.example/"},\n{"url": \n', "wallabag")


def test_zip_given_as_another_format_is_refused() -> None:
    with pytest.raises(ImportFormatError, match="zip"):
        parse_import((DATA / "omnivore.zip").read_bytes(), "pocket-csv")


def test_entries_of_a_minified_json_list_are_told_apart() -> None:
    data = b'[{"url": "https://a.example/"}, {"url": "nope"}, {"title": "x"}]'
    problems = [str(p) for p in parse_import(data, "wallabag").problems]
    assert problems == [
        "line 1 (entry 2): not a web address (only http and https are supported): nope",
        "line 1 (entry 3): no URL",
    ]


def test_infinite_and_nan_timestamps_are_broken_rows_not_hangs() -> None:
    from reader.importers.common import RowError, parse_time

    for value in ("inf", "-inf", "nan", "1e400", float("inf")):
        with pytest.raises(RowError):
            parse_time(value)
