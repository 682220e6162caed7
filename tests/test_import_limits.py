"""Import files are bounded: huge files and zip bombs are refused before memory runs out."""

from __future__ import annotations

import io
import json
import os
import struct
import zipfile
from pathlib import Path

import pytest

from reader.errors import ImportFormatError
from reader.importers import ImportLimits, parse_import, read_source

SMALL = ImportLimits(
    max_file_bytes=1024 * 1024,
    max_member_bytes=256 * 1024,
    max_total_bytes=512 * 1024,
    max_members=20,
)


def omnivore_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("metadata_0_to_0.json", json.dumps([{"url": "https://a.example/"}]))
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_2_gb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "pocket.csv"
    with huge.open("wb") as handle:
        handle.truncate(2 * 1024**3)  # sparse: costs no disk
    with pytest.raises(ImportFormatError, match=r"2\.1 GB; imports are limited to 256 MB"):
        read_source(huge)


def test_stdin_is_capped_too(monkeypatch: pytest.MonkeyPatch) -> None:
    class Stdin:
        buffer = io.BytesIO(b"x" * (SMALL.max_file_bytes + 10))

    monkeypatch.setattr("sys.stdin", Stdin)
    with pytest.raises(ImportFormatError, match="standard input is larger"):
        read_source("-", SMALL)


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match="cannot read"):
        read_source(tmp_path / "nope.csv")


def test_zip_bomb_declared_size_is_refused_before_unpacking() -> None:
    bomb = omnivore_zip({"content/a.html": b"\0" * (SMALL.max_member_bytes + 1)})
    assert len(bomb) < 4096  # it compresses to almost nothing
    with pytest.raises(ImportFormatError, match="unpacks to"):
        parse_import(bomb, "omnivore", SMALL)


def test_zip_total_size_is_capped() -> None:
    members = {f"content/{i}.html": b"a" * (200 * 1024) for i in range(3)}
    with pytest.raises(ImportFormatError, match="the zip unpacks to"):
        parse_import(omnivore_zip(members), "omnivore", SMALL)


def test_zip_member_that_lies_about_its_size_is_stopped() -> None:
    data = bytearray(omnivore_zip({"content/a.html": b"b" * (SMALL.max_member_bytes * 2)}))
    # Rewrite the central directory so the big member claims to be 100 bytes.
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos + 1)) != -1:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46 : pos + 46 + name_len] == b"content/a.html":
            struct.pack_into("<I", data, pos + 24, 100)
    with pytest.raises(ImportFormatError):
        parse_import(bytes(data), "omnivore", SMALL)


def test_too_many_zip_members_are_refused() -> None:
    members = {f"content/{i}.html": b"x" for i in range(SMALL.max_members + 1)}
    with pytest.raises(ImportFormatError, match="at most 20"):
        parse_import(omnivore_zip(members), "omnivore", SMALL)


def test_not_a_zip_is_a_clear_error() -> None:
    with pytest.raises(ImportFormatError, match="not a valid zip"):
        parse_import(b"PK\x03\x04 garbage", "omnivore")


def test_real_sized_limits_accept_ordinary_files(tmp_path: Path) -> None:
    path = tmp_path / "urls.txt"
    path.write_text("https://a.example/\n" * 1000)
    assert os.path.getsize(path) < SMALL.max_file_bytes
    assert len(parse_import(read_source(path, SMALL)).records) == 1000


@pytest.mark.parametrize("fmt", ["wallabag", "reader-json"])
def test_deeply_nested_json_is_a_clear_error(fmt: str) -> None:
    nested = b"[" * 100_000 + b"]" * 100_000
    data = (
        nested if fmt == "wallabag" else b'{"format": "reader-export", "articles": ' + nested + b"}"
    )
    with pytest.raises(ImportFormatError, match="nested too deeply"):
        parse_import(data, fmt)


def test_deeply_nested_instapaper_tags_are_just_text() -> None:
    data = (
        b"URL,Title,Selection,Folder,Timestamp,Tags\nhttps://a.example/,t,,Unread,1,"
        + b"[" * 50_000
        + b"\n"
    )
    (record,) = parse_import(data, "instapaper").records
    assert record.url == "https://a.example/"


def test_a_damaged_compressed_member_is_a_clear_error() -> None:
    data = bytearray(omnivore_zip({"content/a.html": b"<p>some text</p>" * 200}))
    pos = data.find(b"PK\x03\x04content/a.html"[:4], data.find(b"content/a.html") - 30)
    name_len, extra_len = struct.unpack_from("<HH", data, pos + 26)
    start = pos + 30 + name_len + extra_len
    data[start : start + 8] = b"\xff" * 8
    with pytest.raises(ImportFormatError, match="cannot unpack"):
        parse_import(bytes(data), "omnivore")
