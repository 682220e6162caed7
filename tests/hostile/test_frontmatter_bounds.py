"""Front matter from outside (imports, synced copies, hand edits) is read within bounds."""

from __future__ import annotations

import pytest

from reader.errors import StoreError
from reader.store.frontmatter import MAX_NODES, parse_document, split_document

HEAD = "id: abcdef0123\nurl: https://x.example/\nsaved_at: 2024-01-01T00:00:00Z\n"


def laughs(levels: int = 9) -> str:
    """A billion-laughs header: each level is nine aliases of the one before."""
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("field", ["title", "tags", "saved_at", "byline", "extra"])
def test_an_alias_bomb_field_is_dropped_and_the_rest_reads(field: str) -> None:
    doc = f"---\n{HEAD}{laughs()}{field}: *l8\n---\n\nbody\n"
    meta, body = parse_document(doc)
    assert field not in meta and "l8" not in meta
    assert meta["url"] == "https://x.example/" and body == "body\n"
    assert str(meta)  # nothing left in it is huge


def test_strict_parsing_refuses_an_alias_bomb_in_one_line() -> None:
    doc = f"---\n{HEAD}{laughs()}title: *l8\n---\nbody"
    with pytest.raises(StoreError, match=f"more than {MAX_NODES:,} values"):
        parse_document(doc, strict=True)


def test_a_list_that_contains_itself_is_dropped() -> None:
    meta, _ = parse_document(f"---\n{HEAD}tags: &t [a, *t]\n---\n")
    assert "tags" not in meta and meta["url"]


def test_small_aliases_still_work() -> None:
    meta, _ = parse_document(f"---\n{HEAD}x: &x [a, b]\ny: *x\ntitle: 'a * b'\n---\n")
    assert meta["y"] == ["a", "b"] and meta["title"] == "a * b"


def test_an_alias_chain_deeper_than_the_stack_is_fine() -> None:
    chain = "c0: &c0 [1]\n" + "".join(f"c{i}: &c{i} [*c{i - 1}]\n" for i in range(1, 3000))
    meta, _ = parse_document(f"---\n{HEAD}{chain}---\n")
    assert len(meta) == 3003


@pytest.mark.parametrize(
    "value",
    ["2024-13-01", "0000-01-01", "2024-01-01 10:00:00 +99:00", "9" * 100_000],
)
def test_values_python_cannot_hold_are_one_line_errors(value: str) -> None:
    with pytest.raises(StoreError, match="front matter has a value that cannot be read"):
        parse_document(f"---\n{HEAD}published: {value}\n---\n")


def test_a_huge_unclosed_header_is_refused_without_splitting_the_file() -> None:
    doc = "---\n" + "x: 1\n" * 1_000_000  # 5 MB, never closed
    with pytest.raises(StoreError, match="longer than 1,000,000 characters"):
        split_document(doc)


def test_split_keeps_its_shape() -> None:
    assert split_document("---\n---\nbody") == ("", "body")
    assert split_document("---\r\nt: 1\r\n---\r\nbody\r\n") == ("t: 1\r", "body\r\n")
    assert split_document("\ufeff---\nt: 1\n---") == ("t: 1", "")
    assert split_document("---\nt: 1\n---x\n---\n\n\nB") == ("t: 1\n---x", "B")
