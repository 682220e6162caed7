"""Text from outside is bounded at ingest: titles, bylines, sites, tags, excerpts and
notes are cut cleanly to a size a person would ever need, on every path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.cli import main
from reader.extract.pipeline import extract
from reader.highlights.model import clean_note
from reader.importers import parse_import
from reader.library import Library
from reader.store.files import meta_to_entry
from reader.text.sanitize import (
    MAX_BYLINE,
    MAX_EXCERPT,
    MAX_NOTE,
    MAX_SITE,
    MAX_TAG,
    MAX_TITLE,
    cut,
)
from tests.support.http_server import TestServer, http_server

__all__ = ["http_server"]

HUGE = ("Long words go on " * 7000).strip()  # about 119,000 characters


@given(st.text(max_size=300), st.integers(min_value=1, max_value=120), st.booleans())
def test_cut_is_never_longer_than_its_limit(text: str, limit: int, ellipsis: bool) -> None:
    out = cut(text, limit, ellipsis=ellipsis)
    assert len(out) <= limit
    if len(text) <= limit:
        assert out == text
    else:
        assert text.startswith(out.removesuffix("…")) and (not ellipsis or out.endswith("…"))


def test_cut_falls_at_a_word_and_keeps_graphemes_whole() -> None:
    assert cut("hello wonderful world", 16, ellipsis=True) == "hello wonderful…"
    assert cut("some words " * 50, 100, ellipsis=True).endswith("words…")
    assert cut("one two three four", 12) == "one two"
    assert cut("e\u0301" * 10, 5) == "e\u0301e\u0301"  # no accent lost from its letter
    assert cut("👍🏽" * 10, 5) == "👍🏽👍🏽"  # no skin tone cut from its emoji
    assert cut("🇫🇷" * 10, 5) == "🇫🇷🇫🇷"  # no flag cut in half
    family = "👩\u200d👩\u200d👧"
    assert "\u200d" not in cut(family * 3, 6)[-1:]
    assert cut("x" * 1000, 10, ellipsis=True) == "x" * 9 + "…"  # no space: cut hard


def huge_page() -> str:
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{HUGE}</title><meta property='og:site_name' content='{HUGE}'>"
        f"<meta name='author' content='{HUGE}'><meta name='description' content='{HUGE}'>"
        "</head><body><article><p>"
        + "A paragraph of article text that goes on and on. " * 40
        + "</p></article></body></html>"
    )


def test_a_long_list_of_real_authors_is_cut_at_the_bound() -> None:
    authors = "".join(
        f"<meta name='citation_author' content='Author{n:03d}, Firstname'>" for n in range(60)
    )
    page = huge_page().replace("<meta name='author'", authors + "<meta name='x-author'")
    byline = extract(page, "https://big.example/paper").byline
    assert byline is not None and byline.startswith("Firstname Author000")
    assert len(byline) <= MAX_BYLINE


def test_extraction_bounds_every_field() -> None:
    article = extract(huge_page(), "https://big.example/story")
    assert len(article.title) <= MAX_TITLE and article.title.endswith("…")
    assert article.title.startswith("Long words go on")
    assert article.site_name is not None and len(article.site_name) <= MAX_SITE
    assert article.byline is None  # 100k characters are no one's name: refused, not cut
    assert article.excerpt is not None and len(article.excerpt) <= MAX_EXCERPT


def test_a_saved_huge_title_is_stored_and_printed_bounded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], http_server: TestServer
) -> None:
    url = http_server.html("/big", huge_page())
    assert main(["--data-dir", str(tmp_path), "add", url]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path), "list", "--json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert len(item["title"]) <= MAX_TITLE
    (path,) = (tmp_path / "articles").glob("*.md")
    assert path.stat().st_size < 20_000


def test_files_read_back_are_bounded_and_keep_their_body(tmp_path: Path) -> None:
    meta = {
        "id": "abcdef0123",
        "url": "https://x.example/",
        "saved_at": "2024-01-01T00:00:00+00:00",
        "title": HUGE,
        "byline": HUGE,
        "site": HUGE,
        "excerpt": HUGE,
        "lead_image": "https://x.example/" + "a" * 5000,
        "tags": ["t" * 500],
    }
    entry = meta_to_entry(meta, "x.md")
    assert len(entry.title) <= MAX_TITLE and len(entry.byline or "") <= MAX_BYLINE
    assert len(entry.site or "") <= MAX_SITE and len(entry.excerpt or "") <= MAX_EXCERPT
    assert entry.lead_image is None  # an address is dropped, not cut into another one
    assert [len(t) for t in entry.tags] == [MAX_TAG]
    # A file written before titles were bounded: its heading is still taken off its body.
    lib_dir = tmp_path / "lib"
    Library(lib_dir).close()
    document = (
        f"---\nid: abcdef0123\ntitle: {HUGE}\nurl: https://x.example/\n"
        f"saved_at: '2024-01-01T00:00:00+00:00'\n---\n\n# {HUGE}\n\nThe body.\n"
    )
    (lib_dir / "articles" / "old.md").write_text(document, encoding="utf-8")
    with Library(lib_dir) as lib:
        (listed,) = lib.entries()
        assert len(listed.title) <= MAX_TITLE
        assert lib.markdown(listed.id).strip() == "The body."


@pytest.mark.parametrize("fmt", ["pocket-csv", "reader-json", "netscape"])
def test_imports_bound_titles_and_tags(fmt: str) -> None:
    tag = "g" * 500
    if fmt == "pocket-csv":
        data = f"title,url,time_added,tags,status\n{HUGE},https://a.example/,,{tag},unread\n"
    elif fmt == "reader-json":
        item = {"url": "https://a.example/", "title": HUGE, "tags": [tag], "byline": HUGE}
        data = json.dumps({"format": "reader-export", "version": 1, "articles": [item]})
    else:
        data = f'<DL><DT><A HREF="https://a.example/" TAGS="{tag}">{HUGE}</A></DL>'
    (record,) = parse_import(data.encode(), fmt).records
    assert record.title is not None and len(record.title) <= MAX_TITLE
    assert record.title.endswith("…") and [len(t) for t in record.tags] == [MAX_TAG]


def test_imported_content_fields_are_bounded(tmp_path: Path) -> None:
    from reader.importers.apply import import_records

    item = {
        "url": "https://a.example/",
        "title": "T",
        "markdown": "Some words.",
        "byline": HUGE,
        "site": HUGE,
        "excerpt": HUGE,
        "highlights": [{"exact": "Some words", "note": HUGE}],
    }
    data = json.dumps({"format": "reader-export", "version": 1, "articles": [item]})
    with Library(tmp_path) as lib:
        import_records(lib, parse_import(data.encode(), "reader-json"))
        (entry,) = lib.entries()
        assert len(entry.byline or "") <= MAX_BYLINE and len(entry.site or "") <= MAX_SITE
        assert len(entry.excerpt or "") <= MAX_EXCERPT
    (sidecar,) = (tmp_path / "articles").glob("*.highlights.json")
    (saved,) = json.loads(sidecar.read_text("utf-8"))
    assert 0 < len(saved["note"]) <= MAX_NOTE


def test_a_note_is_bounded_at_a_word() -> None:
    note = clean_note(HUGE)
    assert len(note) <= MAX_NOTE and HUGE.startswith(note)
    assert HUGE[len(note)] == " "  # cut between words
    assert clean_note("  short \u202enote\x1b[2J ") == "short note"
