"""The exports of the services people leave for reader, read field by field.

Each fixture under tests/data/imports is written from the service's documented or
observed shape (its columns or keys, quoting, dates, encodings) with a few broken
rows; each test checks every field the format holds: kept where reader has a place
for it, named in the summary when it has none.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.errors import ImportFormatError
from reader.importers import FORMATS, detect_format, parse_import
from reader.importers.apply import import_records
from reader.importers.highlights import read_highlights
from reader.importers.records import ImportRecord, ParsedImport
from reader.importers.summary import import_summary
from reader.library import Library
from reader.library.highlighting import article_highlights
from tests.conftest import make_article

DATA = Path(__file__).parent / "data" / "imports"


def zipped(folder: Path) -> bytes:
    """The files under *folder* as a zip, named as they sit in it (as services send them)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


def read(name: str) -> bytes:
    path = DATA / name
    return zipped(path) if path.is_dir() else path.read_bytes()


def parsed(name: str) -> tuple[ParsedImport, dict[str, ImportRecord], dict[int, str]]:
    result = parse_import(read(name))
    return result, {r.url: r for r in result.records}, {p.line: p.reason for p in result.problems}


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0, sec: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, sec, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("pocket_export", "pocket-zip"),
        ("pocket_export/part_000000.csv", "pocket-csv"),
        ("pocket_export/annotations/part_000000.json", "pocket-annotations"),
        ("readwise_reader.csv", "readwise-reader"),
        ("readwise_highlights.csv", "readwise-highlights"),
        ("readwise_upload.csv", "readwise-upload"),
        ("karakeep.json", "karakeep"),
        ("linkwarden.json", "linkwarden"),
        ("raindrop.csv", "raindrop"),
        ("matter.csv", "matter"),
        ("instapaper_tags.csv", "instapaper"),
        ("omnivore_export", "omnivore"),
        ("wallabag_full.json", "wallabag"),
    ],
)
def test_each_service_is_detected_from_its_content(name: str, fmt: str) -> None:
    assert detect_format(read(name)) == fmt
    assert fmt in FORMATS


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (b"name,address,when\nx,https://example.com,1\n", "a CSV with columns: name, address"),
        (b'{"items": [{"href": "https://example.com"}]}', "a JSON object with keys: items, href"),
        (b'[{"href": "https://example.com", "name": "x"}]', "a JSON list whose entries have keys"),
        (b"[1, 2, 3]", "a JSON list of ints"),
        (b"just some words\nand more words\n", "neither CSV, JSON, HTML"),
    ],
)
def test_a_file_of_no_known_shape_is_refused_with_what_was_found(data: bytes, found: str) -> None:
    with pytest.raises(ImportFormatError) as caught:
        detect_format(data)
    message = str(caught.value)
    assert found in message
    assert "pocket-zip" in message and "readwise-reader" in message and "--format" in message


def test_a_zip_of_unknown_files_is_refused_naming_them() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes/one.txt", "hello")
    with pytest.raises(ImportFormatError, match=r"a zip with files: notes/one\.txt"):
        detect_format(buffer.getvalue())


def test_pocket_annotations_are_not_wallabag_nor_readwise_pocket() -> None:
    # The two mistakes of the issue: both now have their own format.
    assert detect_format(read("pocket_export/annotations/part_000000.json")) != "wallabag"
    assert detect_format(read("readwise_reader.csv")) != "pocket-csv"


def test_pocket_csv_every_field() -> None:
    result, records, problems = parsed("pocket_export/part_000000.csv")
    slow = records["https://example.com/slow-web?utm_source=pocket_saves"]
    assert slow.title == "The slow web, and why it is back"
    assert slow.tags == ("reading", "web")
    assert slow.saved_at == datetime.fromtimestamp(1700000000, UTC)
    assert slow.status == "unread" and not slow.favorite
    bridge = records["https://example.fr/pont"]
    assert bridge.title == "Une histoire du pont — «vraiment»" and bridge.status == "archived"
    assert records["https://example.net/quoted"].title == 'Quoted "title", with comma'
    assert records["https://example.net/quoted"].tags == ("a tag", "other")
    assert set(problems) == {5, 6}  # the bad address and the unknown status, by line
    assert "deleted" in problems[6]
    assert result.dropped == []  # the cursor is Pocket's paging, not the user's data


def test_pocket_annotations_alone_every_field() -> None:
    _, records, problems = parsed("pocket_export/annotations/part_000000.json")
    slow = records["https://example.com/slow-web?utm_source=pocket_saves"]
    assert [h.exact for h in slow.highlights] == [
        "the slow web is back",
        "Pages that load in a blink",
    ]
    assert slow.highlights[0].created == datetime.fromtimestamp(1700003600, UTC).isoformat()
    assert slow.title == "The slow web, and why it is back"
    assert sorted(problems) == [20, 21]  # no URL; no highlights


def test_pocket_zip_brings_links_state_and_highlights_together(library: Library) -> None:
    result = parse_import(read("pocket_export"))
    assert result.format == "pocket-zip"
    report = import_records(library, result)
    assert report.added == 5  # four good CSV rows and one link only in the annotations
    assert report.highlights == 4
    slow = library.find_url("https://example.com/slow-web")
    assert slow is not None and slow.tags == ("reading", "web")
    assert [h["exact"] for h in read_highlights(library.files.articles, slow)] == [
        "the slow web is back",
        "Pages that load in a blink",
    ]
    bridge = library.find_url("https://example.fr/pont")
    assert bridge is not None and bridge.status == "archived"  # Karakeep's bug: kept here
    assert library.find_url("https://example.com/only-highlighted") is not None
    lines = {p.reason.split(":")[0] for p in report.problems}
    assert lines == {"part_000000.csv", "annotations/part_000000.json"}


def test_pocket_annotations_merge_onto_saved_articles_and_are_placed_by_quote(
    library: Library,
) -> None:
    body = (
        "For years we raced. Now the slow web is back, and with it patience.\n\n"
        "Pages that load in a blink are rare."
    )
    saved = library.save_article(
        make_article(title="Slow", url="https://example.com/slow-web", body=body)
    ).entry
    annotations = parse_import(read("pocket_export/annotations/part_000000.json"))
    report = import_records(library, annotations)
    assert report.merged == 1 and report.added == 2
    placed = article_highlights(library, saved.id)
    assert [p.highlight.exact for p in placed.placed] == [
        "the slow web is back",
        "Pages that load in a blink",
    ]
    assert not placed.orphans
    assert "fetched" not in import_summary(report, None)


def test_readwise_reader_library_every_field() -> None:
    result, records, problems = parsed("readwise_reader.csv")
    slow = records["https://example.com/rw/slow"]
    assert slow.title == "How to read, slowly"
    assert slow.tags == ("reading", "long read")
    assert slow.saved_at == at(2024, 3, 2, 10, 22, 33)
    assert slow.extra["progress"] == pytest.approx(0.42)
    assert slow.status == "unread" and not slow.favorite
    done = records["https://example.com/rw/done"]
    assert done.status == "archived" and done.extra["progress"] == 1.0
    assert records["https://example.com/rw/fav"].favorite
    assert records["https://example.com/rw/fav"].tags == ("keep",)
    assert records["https://example.com/rw/feed"].tags == ("feed",)
    assert records["https://example.com/rw/new"].tags == ("café", "ünïcode")
    assert records["https://example.com/rw/new"].saved_at == at(2024, 2, 3, 9, 15).replace(
        microsecond=123000
    )
    assert "progress" not in records["https://example.com/rw/new"].extra
    assert set(problems) == {7, 8}  # unknown location "trash", a date that is no date
    assert "trash" in problems[7] and "yesterday" in problems[8]
    assert result.dropped == ["Seen"]


def test_readwise_reader_import_keeps_progress_and_names_seen(library: Library) -> None:
    report = import_records(library, parse_import(read("readwise_reader.csv")))
    slow = library.find_url("https://example.com/rw/slow")
    assert slow is not None and slow.progress == pytest.approx(0.42)
    done = library.find_url("https://example.com/rw/done")
    assert done is not None and done.status == "archived" and done.progress == 1.0
    line = import_summary(report, None)
    assert "2 rows skipped (lines 7, 8)" in line
    assert line.endswith("; not kept, no place in reader: Seen (readwise-reader)")


def test_readwise_highlights_attach_by_title(library: Library) -> None:
    import_records(library, parse_import(read("readwise_reader.csv")))
    result = parse_import(read("readwise_highlights.csv"))
    assert {p.line for p in result.problems} == {5}  # a row without highlight text
    assert set(result.dropped) == {"Color", "Tags (of a highlight)", "Location", "Amazon Book ID"}
    report = import_records(library, result)
    slow = library.find_url("https://example.com/rw/slow")
    assert slow is not None and slow.byline == "Ann Author"
    kept = read_highlights(library.files.articles, slow)
    assert [(h["exact"], h["note"]) for h in kept] == [
        ("It is the slowness that makes it stick.", "so true"),
        ("A second passage, from the same piece.", ""),
    ]
    assert kept[0]["created"] == at(2024, 3, 3, 18, 1).isoformat()
    done = library.find_url("https://example.com/rw/done")
    assert done is not None
    assert [h["note"] for h in read_highlights(library.files.articles, done)] == ['a "quoted" note']
    assert report.highlights == 3
    missing = [p for p in report.problems if p.line == 4]
    assert missing and "no article titled 'Some Kindle Book'" in missing[0].reason


def test_readwise_upload_csv_every_field(library: Library) -> None:
    library.save_article(make_article(title="A favourite", url="https://example.com/rw/fav"))
    result = parse_import(read("readwise_upload.csv"))
    records = {r.url: r for r in result.records}
    assert set(records) == {"https://example.com/up/one"}
    one = [r for r in result.records if r.url == "https://example.com/up/one"]
    assert [h.exact for r in one for h in r.highlights] == [
        "The first quote, with a comma",
        "A quote\non two lines",
    ]
    assert one[0].highlights[0].note == "first note"
    assert one[0].highlights[0].created == at(2020, 4, 20, 19, 32).isoformat()
    assert one[0].title == "Uploaded one" and one[0].extra["byline"] == "Dee Writer"
    assert {p.line for p in result.problems} == {6, 7}  # ftp: address, empty highlight
    assert result.dropped == ["Location"]
    report = import_records(library, result)
    fav = library.find_url("https://example.com/rw/fav")
    assert fav is not None
    assert [h["exact"] for h in read_highlights(library.files.articles, fav)] == ["Found by title"]
    up = library.find_url("https://example.com/up/one")
    assert up is not None and up.byline == "Dee Writer" and up.title == "Uploaded one"
    assert report.highlights == 3


def test_karakeep_every_field() -> None:
    result, records, problems = parsed("karakeep.json")
    calm = records["https://example.com/kk/calm"]
    assert calm.title == "Self-hosting, the calm way"
    assert calm.tags == ("selfhost", "calm", "Weekend reads")
    assert calm.saved_at == datetime.fromtimestamp(1717000000, UTC)
    assert calm.status == "archived" and calm.favorite
    assert calm.extra == {
        "excerpt": "A short description.",
        "byline": "Kay Keeper",
        "site": "Calm Weekly",
        "lead_image": "https://example.com/kk/calm.jpg",
    }
    untitled = records["https://example.com/kk/untitled"]
    assert untitled.title is None and untitled.status == "unread" and not untitled.favorite
    reasons = sorted(problems.values())
    assert any("text bookmark" in r for r in reasons)
    assert any("an asset bookmark" in r for r in reasons)
    assert len(problems) == 3
    assert result.dropped == ["note", "summary"]


def test_linkwarden_every_field() -> None:
    result, records, _ = parsed("linkwarden.json")
    rot = records["https://example.com/lw/rot"]
    assert rot.title == "Linking, carefully"
    assert rot.tags == ("web", "archiving")  # "Unorganized" is no tag
    assert rot.saved_at == at(2024, 2, 1, 9)
    assert rot.favorite and rot.status == "unread"
    assert rot.extra == {"excerpt": "Why links rot, and what to do."}
    bread = records["https://example.com/lw/bread"]
    assert bread.tags == ("Recipes",)
    assert bread.saved_at == at(2019, 6, 1, 10)  # importDate: first saved elsewhere
    assert not bread.favorite and bread.extra == {}
    assert records["https://example.com/lw/pinned"].favorite  # from pinnedLinks
    assert len(result.problems) == 1 and "link 3 of the file" in result.problems[0].reason
    assert result.dropped == ["textContent"]


def test_raindrop_every_field() -> None:
    result, records, problems = parsed("raindrop.csv")
    rain = records["https://example.com/rd/rain"]
    assert rain.title == "Rain, and how to read it"
    assert rain.tags == ("Science/Weather", "clouds", "weather")
    assert rain.saved_at == at(2023, 3, 14, 10, 11, 12)
    assert rain.favorite and rain.status == "unread"
    assert rain.extra == {
        "excerpt": "Clouds explained simply.",
        "lead_image": "https://example.com/rd/rain.jpg",
    }
    assert [(h.exact, h.note) for h in rain.highlights] == [
        ("Clouds are water.", "obvious, but nice"),
        ("Rain falls.", ""),
    ]
    assert records["https://example.com/rd/unsorted"].tags == ()
    plain = records["https://example.com/rd/plain"]
    assert [h.exact for h in plain.highlights] == ["First line highlight", "Second line highlight"]
    assert plain.saved_at == at(2023, 3, 15)
    assert set(problems) == {8, 9}  # no address, a date that is no date (rows span lines)
    assert result.dropped == ["note"]


def test_matter_every_field() -> None:
    result, records, problems = parsed("matter.csv")
    explained = records["https://example.com/mt/explained"]
    assert explained.title == "Matter, explained"
    assert explained.tags == ("reading", "tools")
    assert explained.status == "unread" and explained.favorite
    assert explained.extra == {"byline": "Mat Author", "site": "Matter Weekly"}
    read_one = records["https://example.com/mt/read"]
    assert read_one.status == "archived" and not read_one.favorite
    assert read_one.extra == {"site": "Some Blog"}
    assert records["https://example.com/mt/left"].status == "archived"
    assert set(problems) == {4, 5}  # In Queue "maybe", no URL
    assert result.dropped == ["Last Interaction Date"]
    older = "Title,URL,In Queue,Read Count\nOld,https://example.com/mt/old,True,3\n"
    again = parse_import(older.encode())
    assert again.format == "matter" and again.dropped == ["Read Count"]
    assert again.records[0].status == "unread"


def test_instapaper_six_columns_every_field() -> None:
    _, records, problems = parsed("instapaper_tags.csv")
    one = records["https://example.com/ip/one"]
    assert one.title == "Tagged, with comma" and one.tags == ("reading", "web")
    assert [h.exact for h in one.highlights] == ["A picked passage"]
    assert one.saved_at == datetime.fromtimestamp(1710000000, UTC)
    two = records["https://example.com/ip/two"]
    assert two.status == "archived" and two.tags == ("done",)
    assert records["https://example.com/ip/three"].favorite
    assert records["https://example.com/ip/four"].tags == ("Recipes", "food")
    assert set(problems) == {6}


def test_omnivore_keeps_progress_author_description_date_and_cleans_content(
    library: Library,
) -> None:
    result, records, _ = parsed("omnivore_export")
    bridges = records["https://example.fr/omni/bridges"]
    assert bridges.extra == {
        "byline": "Pierre Pont",
        "excerpt": "How the bridges were rebuilt.",
        "published": "2024-05-30T06:00:00+00:00",
        "lead_image": "https://example.fr/omni/bridge.jpg",
        "progress": 0.425,
    }
    nobody = records["https://example.com/omni/nobody"]
    assert nobody.status == "archived" and nobody.tags == ("done",)
    assert nobody.extra == {"progress": 1.0}  # a publishedAt that is no date is left out
    import_records(library, result)
    entry = library.find_url("https://example.fr/omni/bridges")
    assert entry is not None
    assert entry.progress == pytest.approx(0.425)  # 42.5 %, not 0
    assert entry.byline == "Pierre Pont" and entry.excerpt == "How the bridges were rebuilt."
    assert entry.published == "2024-05-30T06:00:00+00:00"
    assert entry.tags == ("history", "France")
    body = library.markdown(entry.id)
    for junk in ("PUBLICITÉ", "Partager sur", "Share on X"):
        assert junk not in body
    assert "![The stone bridge at dusk](https://example.fr/omni/bridge.jpg)" in body
    assert "The bridge, rebuilt in 1890." in body
    placed = article_highlights(library, entry.id)
    assert [p.highlight.note for p in placed.placed] == ["worth a visit"]
    waiting = library.find_url("https://example.com/omni/nobody")
    assert waiting is not None and waiting.progress == 1.0 and not waiting.fetched


def test_wallabag_keeps_date_authors_language_and_cleans_content(library: Library) -> None:
    result, records, _ = parsed("wallabag_full.json")
    budget = records["https://example.fr/wb/budget"]
    assert budget.extra == {
        "byline": "Marie Dupont, AFP",
        "published": "2024-10-01T17:30:00+00:00",
        "lang": "fr_FR",
        "site": "example.fr",
        "lead_image": "https://example.fr/wb/hemicycle.jpg",
    }
    assert budget.favorite and budget.tags == ("politique",)
    import_records(library, result)
    entry = library.find_url("https://example.fr/wb/budget")
    assert entry is not None
    assert (entry.byline, entry.lang, entry.published) == (
        "Marie Dupont, AFP",
        "fr_FR",
        "2024-10-01T17:30:00+00:00",
    )
    body = library.markdown(entry.id)
    assert "PUBLICITÉ" not in body and "Partager sur" not in body
    assert "![L'hémicycle pendant le vote](https://example.fr/wb/hemicycle.jpg)" in body
    assert "L'hémicycle, mardi." in body


def test_netscape_description_becomes_the_excerpt(library: Library) -> None:
    html = (
        b"<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n"
        b'<DT><A HREF="https://example.com/ns/one" ADD_DATE="1600000000">One</A>\n'
        b"<DD>A description, &amp; more.\n"
        b'<DT><A HREF="https://example.com/ns/two">Two</A>\n</DL>\n'
    )
    result = parse_import(html)
    records = {r.url: r for r in result.records}
    assert records["https://example.com/ns/one"].extra == {"excerpt": "A description, & more."}
    assert records["https://example.com/ns/two"].extra == {}
    import_records(library, result)
    entry = library.find_url("https://example.com/ns/one")
    assert entry is not None and entry.excerpt == "A description, & more."


def test_a_markdown_folder_is_cleaned_like_a_fetched_page(library: Library, tmp_path: Path) -> None:
    from reader.importers.markdown_dir import parse_dir

    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "note.md").write_text(
        "---\ntitle: A note\nurl: https://example.com/md/note\n---\n\n"
        "A real paragraph of the note, long enough to be prose.\n\nShare on X\n\n"
        "![A diagram of the pipes](https://example.com/md/pipes.png)\n\n"
        "## Comments\n\nMy own comments, a heading of my notes.\n\nThe end of it.\n",
        "utf-8",
    )
    import_records(library, parse_dir(folder))
    entry = library.find_url("https://example.com/md/note")
    assert entry is not None
    body = library.markdown(entry.id)
    assert "Share on X" not in body
    assert "![A diagram of the pipes](https://example.com/md/pipes.png)" in body
    assert "## Comments\n\nMy own comments" in body  # a heading of the notes is theirs


def test_a_byte_order_mark_and_windows_line_ends_change_nothing() -> None:
    plain = parse_import(read("readwise_reader.csv"))
    data = b"\xef\xbb\xbf" + read("readwise_reader.csv").replace(b"\n", b"\r\n")
    assert detect_format(data) == "readwise-reader"
    again = parse_import(data)
    assert [(r.url, r.title, r.tags, r.saved_at, r.line) for r in again.records] == [
        (r.url, r.title, r.tags, r.saved_at, r.line) for r in plain.records
    ]


def test_a_windows_1252_file_is_read() -> None:
    data = (
        "Title,Author,Publisher,URL,Tags,Word Count,In Queue,Favorited\n"
        "Caf\u00e9 cr\u00e8me,Ren\u00e9e,,https://example.com/mt/cafe,,10,True,False\n"
    ).encode("cp1252")
    result = parse_import(data)
    assert result.format == "matter"
    assert result.records[0].title == "Café crème"
    assert result.records[0].extra == {"byline": "Renée"}


def test_the_json_summary_names_the_dropped_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from reader.cli import main

    code = main(
        ["--data-dir", str(tmp_path), "import", str(DATA / "karakeep.json"), "--no-fetch", "--json"]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 1  # the text and asset bookmarks were skipped
    assert out["import"]["dropped"] == ["note", "summary"]
    assert out["import"]["format"] == "karakeep" and out["import"]["added"] == 2


def test_a_pocket_zip_of_several_parts_in_a_folder_reads_them_all() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "parts/4a5b/part_000000.csv",
            "title,url,time_added,cursor,tags,status\nA,https://example.com/p/a,1700000000,x,,unread\n",
        )
        archive.writestr(
            "parts/4a5b/part_000001.csv",
            "title,url,time_added,tags,status\nB,https://example.com/p/b,1700000001,,archive\n",
        )
        archive.writestr("parts/4a5b/annotations/part_000000.json", "[]")
    data = buffer.getvalue()
    assert detect_format(data) == "pocket-zip"
    result = parse_import(data)
    assert [(r.url, r.status) for r in result.records] == [
        ("https://example.com/p/a", "unread"),
        ("https://example.com/p/b", "archived"),
    ]
