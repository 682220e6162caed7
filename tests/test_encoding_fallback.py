"""A declared charset that would turn a page into garbage is ignored (header and <meta>)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.text.encoding import decode_html
from tests.support.articles import article_page
from tests.support.http_server import TestServer, http_server

__all__ = ["http_server"]

BODY = (
    b"<!doctype html><html><head><title>Hello there</title></head>"
    b"<body><p>Plain text and a caf\xc3\xa9, nothing more.</p></body></html>"
)


@pytest.mark.parametrize("charset", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp037"])
def test_a_header_charset_that_cannot_be_right_falls_back_to_utf8(charset: str) -> None:
    text, used = decode_html(BODY, charset)
    assert used == "utf-8" and "Plain text and a café" in text


@pytest.mark.parametrize("charset", ["utf-16", "utf-16le", "utf-32"])
def test_a_meta_charset_that_cannot_be_right_falls_back(charset: str) -> None:
    page = BODY.replace(b"<head>", f'<head><meta charset="{charset}">'.encode())
    text, used = decode_html(page)
    assert used == "utf-8" and "Plain text and a café" in text
    latin = page.replace(b"caf\xc3\xa9", b"caf\xe9")  # not UTF-8 either: detection
    text, used = decode_html(latin)
    assert "Plain text and a café" in text


def test_a_header_that_matches_the_bytes_is_still_believed() -> None:
    page = "<html><body><p>Grüße aus Köln</p></body></html>"
    for codec in ("utf-16-le", "utf-16-be", "cp037"):
        assert decode_html(page.encode(codec), codec) == (page, codec)


def test_reader_add_of_a_page_declared_utf16_over_utf8_is_readable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], http_server: TestServer
) -> None:
    page = article_page("Ordinary café news")
    url = http_server.html("/lie", page.encode("utf-8"), charset="utf-16")
    assert main(["--data-dir", str(tmp_path), "add", url]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path), "list", "--json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert item["title"] == "Ordinary café news"
    (path,) = (tmp_path / "articles").glob("*.md")
    assert "The committee met on Tuesday" in path.read_text("utf-8")
