"""The quick front-matter reader gives exactly what YAML gives, or steps aside."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.store.frontmatter import (
    dump_document,
    parse_document,
    quick_load,
    split_document,
)

# Characters that mean something to YAML, and a few that are only text.
TRICKY = [
    *"abcXYZ019 -_.:#'\"!&*?|>%@`,[]{}~=<\\\t\u2028\x85\xa0é😀",
    "yes",
    "No",
    "on",
    "OFF",
    "null",
    "~",
    "true",
    "False",
    "0x1f",
    "0b101",
    "0o7",
    "017",
    "1e5",
    "1_000",
    "1:30",
    "2024-01-02",
    "2024-01-02T10:00:00Z",
    ".inf",
    ".NaN",
    "<<",
    "---",
    "...",
    ": ",
    " #",
    "\n",
    "\n- ",
    "\n  ",
]
text = st.lists(st.sampled_from(TRICKY), max_size=8).map("".join)


def _yaml(header: str) -> Any:
    return yaml.load(header, Loader=yaml.CSafeLoader)


def _same_as_yaml(header: str) -> None:
    quick = quick_load(header)
    if quick is None:
        return
    assert quick == _yaml(header)
    for key, value in quick.items():  # 1 == 1.0 == True: the types must agree too
        assert type(value) is type(_yaml(header)[key])


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "url", "id", "tags", "excerpt"]), text))
def test_what_reader_writes_reads_back_the_same(meta: dict[str, str]) -> None:
    document = dump_document({**meta, "favorite": True, "progress": 0.25, "n": 3}, "Body")
    header, _ = split_document(document)
    _same_as_yaml(header)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(TRICKY), max_size=4).map("".join), max_size=4))
def test_lists_and_nested_mappings_read_back_the_same(items: list[str]) -> None:
    header, _ = split_document(
        dump_document({"tags": items, "changed": {"body": items[0] if items else "x"}}, "B")
    )
    _same_as_yaml(header)


@settings(max_examples=1500, deadline=None)
@given(text, text)
def test_any_header_is_read_as_yaml_reads_it_or_left_to_yaml(key: str, value: str) -> None:
    for header in (f"title: {value}", f"{key}: {value}", f"tags:\n- {value}", value):
        try:
            _yaml(header)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError):
            assert quick_load(header) is None
            continue
        _same_as_yaml(header)


def test_reader_s_own_front_matter_takes_the_quick_path() -> None:
    header = (
        "id: 0a1b2c3d4e\ntitle: It's a title: with a colon\nurl: https://example.com/a?b=1#c\n"
        "saved_at: '2026-10-25T01:20:00+00:00'\ntags:\n- essays\n- c++\nstatus: unread\n"
        "favorite: false\nprogress: 0.35\nword_count: 1200\nreading_minutes: 6\n"
        "changed:\n  status: '2026-10-26T01:00:00.000+00:00'"
    )
    header = header.replace("It's a title: with a colon", "'It''s a title: with a colon'")
    quick = quick_load(header)
    assert quick is not None
    assert quick == _yaml(header)
    assert quick["id"] == "0a1b2c3d4e" and quick["title"] == "It's a title: with a colon"


def test_anchors_and_aliases_are_left_to_the_bounded_yaml_reader() -> None:
    header = "a: &x [1, 2]\nb: *x"
    assert quick_load(header) is None
    meta, _ = parse_document(f"---\n{header}\n---\nbody")
    assert meta["b"] == [1, 2]


def test_a_number_too_long_to_read_is_left_to_the_bounded_reader() -> None:
    assert quick_load("word_count: " + "9" * 50_000) is None
