"""Highlights in the core: anchoring, the sidecar, the index, and the use cases."""

from __future__ import annotations

import bisect
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.errors import StoreError
from reader.highlights.anchoring import anchor, normalize
from reader.highlights.indexing import count_quotes, list_quotes
from reader.highlights.model import Highlight, derived_id
from reader.highlights.storage import read_removed, read_sidecar, sidecar_path
from reader.highlights.text import article_text, plain_text
from reader.importers.highlights import add_highlights, read_highlights
from reader.importers.highlights import sidecar_path as import_sidecar_path
from reader.library import Library
from reader.library.highlighting import (
    HighlightError,
    add_highlight,
    article_highlights,
    highlights_of,
    remove_highlight,
    restore_highlight,
    set_note,
)
from reader.store.index import Filter
from tests.conftest import index_file, make_article

BODY = (
    "## The river\n\n"
    "The river runs *slowly* through the **old town**, past the mill.\n\n"
    "A second paragraph says the [bridge](https://example.com/b) was rebuilt in 1890. "
    "The bridge was rebuilt again later.\n\n"
    "- first point of a list\n- second point\n\n"
    "> A quoted line worth keeping.\n\n"
    "The end of the story, where the river meets the sea."
)


def save(library: Library, body: str = BODY, url: str = "https://example.com/river") -> str:
    return library.save_article(make_article(title="The river", url=url, body=body)).entry.id


def rewrite(library: Library, entry_id: str, body: str) -> None:
    library.rewrite_markdown(entry_id, lambda _old: body)


# -- plain text ------------------------------------------------------------------------------------


def test_plain_text_is_the_blocks_as_shown() -> None:
    text = article_text(BODY)
    assert text.kinds == ("h2", "p", "p", "li", "li", "quote", "p")
    assert text.blocks[1] == "The river runs slowly through the old town, past the mill."
    assert "the bridge was rebuilt in 1890." in text.text
    assert text.text == "\n\n".join(text.blocks)
    index, offset = text.locate(text.text.index("old town"))
    assert (index, text.blocks[index][offset:].startswith("old town")) == (1, True)
    start = text.text.index("mill.")
    pieces = text.spans(start, text.text.index("second paragraph") + 6)
    assert [p[0] for p in pieces] == [1, 2]


def test_plain_text_of_images_code_and_rules() -> None:
    md = "![A cat](cat.png)\n\n```\ncode here\n```\n\n---\n\nInline ![dog](d.png) too  \nbreak"
    assert plain_text(md).split("\n\n") == [
        "Image: A cat",
        "code here",
        "⁂",
        "Inline [image: dog] too\nbreak",
    ]


# -- anchoring -------------------------------------------------------------------------------------

TEXT = (
    "The quick brown fox jumps over the lazy dog. A second sentence about foxes and dogs "
    "follows here.\n\nAnother paragraph talks about the river and the mountains far away."
)


def test_exact_quote_is_found_with_whitespace_differences() -> None:
    found = anchor(TEXT, "talks about the river and\n  the mountains")
    assert found is not None and found.method == "exact"
    assert TEXT[found.start : found.end] == "talks about the river and the mountains"
    assert normalize("a \n\t b")[0] == "a b"


def test_case_curly_quotes_and_dashes_do_not_stop_an_exact_match() -> None:
    text = "He said: “It’s fine — really.” Then he left."
    found = anchor(text, 'he said: "it\'s fine - really."')
    assert found is not None and text[found.start : found.end] == "He said: “It’s fine — really.”"


def test_repeated_quote_is_told_apart_by_context_then_position() -> None:
    text = "Alpha one. The same words. Beta two. The same words. Gamma three."
    second = text.rindex("The same words")
    by_context = anchor(text, "The same words", prefix="Beta two. ", suffix=". Gamma")
    assert by_context is not None and by_context.start == second
    by_position = anchor(text, "The same words", hint=second + 3)
    assert by_position is not None and by_position.start == second
    assert anchor(text, "The same words", hint=0).start == text.index("The same")  # type: ignore[union-attr]


def test_quote_reattaches_after_text_moves_and_changes() -> None:
    moved = "A new introduction was added at the top.\n\n" + TEXT
    found = anchor(moved, "jumps over the lazy dog", hint=20)
    assert found is not None and moved[found.start : found.end] == "jumps over the lazy dog"
    edited = TEXT.replace("lazy dog", "sleepy dog")
    found = anchor(edited, "jumps over the lazy dog", "The quick brown fox ", ". A second")
    assert found is not None and found.method == "context"
    assert edited[found.start : found.end] == "jumps over the sleepy dog"
    reworded = TEXT.replace("Another paragraph talks", "One more paragraph talks")
    found = anchor(reworded, "Another paragraph talks about the river")
    assert found is not None and found.method == "fuzzy"
    assert reworded[found.start : found.end] == "One more paragraph talks about the river"


def test_a_passage_that_is_gone_is_orphaned() -> None:
    assert anchor(TEXT, "a sentence that was never in this article at all") is None
    # Alike in characters, not in words: a different sentence, not the highlight edited.
    rebuilt = "It says the bridge was rebuilt in 1890. Then it ends."
    assert anchor(rebuilt, "The bridge was rebuilt again later.") is None
    assert anchor(TEXT, "zebra") is None  # short quotes are only placed exactly
    assert anchor(TEXT, "   ") is None


def test_fuzzy_search_in_a_long_text_is_fast() -> None:
    import time

    filler = " ".join(f"word{n} filler text of the article" for n in range(20_000))
    text = filler + " The river runs slowly through the new town today. " + filler
    began = time.perf_counter()
    found = anchor(text, "The river runs slowly through the old town today.")
    assert found is not None and "new town" in text[found.start : found.end]
    assert time.perf_counter() - began < 2.0


# -- the sidecar -----------------------------------------------------------------------------------


def test_imported_sidecars_are_read_and_extended_compatibly(library: Library) -> None:
    entry_id = save(library)
    entry = library.get(entry_id)
    articles = library.files.articles
    assert sidecar_path(articles, entry) == import_sidecar_path(articles, entry)
    add_highlights(library, entry, [{"exact": "past the mill", "note": "mill!", "prefix": ""}])
    (imported,) = highlights_of(library, entry_id)
    assert imported.id == derived_id("past the mill")
    assert imported.note == "mill!" and imported.start is None
    made = add_highlight(library, entry_id, "the river meets the sea", note="end")
    data = json.loads(sidecar_path(articles, entry).read_text("utf-8"))
    assert [item["id"] for item in data] == [imported.id, made.id]
    assert data[1]["exact"] == "the river meets the sea"
    assert data[1]["start"] < data[1]["end"] and data[1]["created"]
    # the importers' reader still reads what this package writes
    assert [h["exact"] for h in read_highlights(articles, entry)] == [
        "past the mill",
        "the river meets the sea",
    ]


def test_unknown_fields_and_broken_entries_survive_a_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "x.highlights.json"
    path.write_text(
        json.dumps(
            [
                {"exact": "kept", "color": "yellow", "id": "a"},
                {"note": "no quote"},
                7,
                {"exact": ""},
            ]
        )
    )
    (only,) = read_sidecar(path)
    assert only.to_json()["color"] == "yellow" and only.id == "a"


def test_notes_and_quotes_lose_control_characters(library: Library) -> None:
    entry_id = save(library)
    made = add_highlight(library, entry_id, "past the mill", note="hi\x1b[31m there\x07")
    assert made.note == "hi there"
    assert Highlight.from_json({"exact": "a\x1b]0;x\x07b"}).exact == "ab"  # type: ignore[union-attr]


# -- use cases -------------------------------------------------------------------------------------


def test_add_remove_and_annotate(library: Library) -> None:
    entry_id = save(library)
    made = add_highlight(library, entry_id, "past  the\nmill")
    assert made.exact == "past the mill" and made.prefix.endswith("old town, ")
    again = add_highlight(library, entry_id, "past the mill", note="twice")
    assert (
        again.id == made.id and again.note == "twice" and len(highlights_of(library, entry_id)) == 1
    )
    noted = set_note(library, entry_id, made.id[:4], "a note")
    assert noted.note == "a note" and noted.updated
    removed = remove_highlight(library, entry_id, made.id)
    assert highlights_of(library, entry_id) == []
    # The sidecar now holds only the removed highlight's tombstone (for undo and sync).
    path = sidecar_path(library.files.articles, library.get(entry_id))
    assert [r.highlight.id for r in read_removed(path)] == [made.id]
    restore_highlight(library, entry_id, removed)
    assert [h.id for h in highlights_of(library, entry_id)] == [made.id]
    assert read_removed(path) == []


def test_highlighting_text_not_in_the_article_fails_clearly(library: Library) -> None:
    entry_id = save(library)
    with pytest.raises(HighlightError, match="quote not found in the article"):
        add_highlight(library, entry_id, "words that are not there")
    with pytest.raises(HighlightError, match="empty"):
        add_highlight(library, entry_id, " \n ")
    with pytest.raises(HighlightError, match="no highlight with id"):
        remove_highlight(library, entry_id, "ffff")


def test_quote_spanning_inline_formatting_and_paragraphs(library: Library) -> None:
    entry_id = save(library)
    made = add_highlight(library, entry_id, "slowly through the old town, past the mill. A second")
    placed = article_highlights(library, entry_id)
    (only,) = placed.placed
    assert only.anchor is not None and only.highlight.id == made.id
    pieces = placed.text.spans(only.anchor.start, only.anchor.end)
    assert [p[0] for p in pieces] == [1, 2]


def test_second_occurrence_is_chosen_near_the_given_position(library: Library) -> None:
    entry_id = save(library)
    text = article_highlights(library, entry_id).text.text
    second = text.rindex("The bridge was rebuilt")
    made = add_highlight(library, entry_id, "bridge was rebuilt", near=second + 4)
    assert made.start == second + 4


def test_highlights_reattach_after_the_article_changes_and_orphans_are_kept(
    library: Library,
) -> None:
    entry_id = save(library)
    mill = add_highlight(library, entry_id, "The river runs slowly through the old town")
    sea = add_highlight(library, entry_id, "where the river meets the sea")
    bridge = add_highlight(library, entry_id, "the bridge was rebuilt in 1890")
    second_paragraph = BODY.split("\n\n")[2]
    changed = "## A new heading\n\nAn added paragraph at the very top.\n\n" + BODY.replace(
        "*slowly*", "slowly"
    ).replace("**old town**", "old city").replace(second_paragraph, "Something else entirely.")
    rewrite(library, entry_id, changed)
    result = article_highlights(library, entry_id)
    by_id = {p.highlight.id: p for p in result.placed}
    text = result.text.text
    assert by_id[sea.id].anchor is not None
    sea_anchor = by_id[sea.id].anchor
    assert text[sea_anchor.start : sea_anchor.end] == "where the river meets the sea"  # type: ignore[union-attr]
    mill_anchor = by_id[mill.id].anchor
    assert mill_anchor is not None and mill_anchor.method != "exact"
    assert text[mill_anchor.start : mill_anchor.end] == "The river runs slowly through the old city"
    assert by_id[bridge.id].orphaned
    assert [h.id for h in result.orphans] == [bridge.id]
    # the orphan is kept in the file, never dropped
    assert bridge.id in {h.id for h in highlights_of(library, entry_id)}


# -- the index -------------------------------------------------------------------------------------


def test_the_index_lists_and_searches_highlights_newest_first(library: Library) -> None:
    first = save(library)
    second = save(library, BODY.replace("river", "canal"), url="https://example.com/canal")
    library.add_tags(second, ["water"])
    add_highlight(library, first, "past the mill", note="grain and stones")
    add_highlight(library, second, "the canal meets the sea")
    rows = list_quotes(library.index)
    assert [r.exact for r in rows] == ["the canal meets the sea", "past the mill"]
    assert rows[1].title == "The river" and rows[1].note == "grain and stones"
    assert [r.exact for r in list_quotes(library.index, "stone")] == ["past the mill"]
    assert [r.exact for r in list_quotes(library.index, "canal")] == ["the canal meets the sea"]
    assert [r.title for r in list_quotes(library.index, flt=Filter(tag="water"))] == ["The river"]
    assert count_quotes(library.index) == 2


def test_reindex_restores_highlights_from_the_sidecars(library: Library, library_dir: Path) -> None:
    entry_id = save(library)
    add_highlight(library, entry_id, "past the mill", note="grain")
    library.reindex()
    assert [r.note for r in list_quotes(library.index)] == ["grain"]
    library.close()
    index_file(library_dir).unlink()
    with Library(library_dir) as reopened:
        assert [r.exact for r in list_quotes(reopened.index, "grain")] == ["past the mill"]


def test_sidecars_written_by_others_are_picked_up_by_sync(library: Library) -> None:
    entry_id = save(library)
    entry = library.get(entry_id)
    add_highlights(library, entry, [{"exact": "past the mill", "note": "x"}])
    library.sync()
    assert [r.exact for r in list_quotes(library.index)] == ["past the mill"]
    sidecar_path(library.files.articles, entry).write_text("not json")
    report = library.sync(full=True)
    assert any("not valid JSON" in p for p in report.problems)
    assert list_quotes(library.index) == []


def test_deleted_article_takes_its_highlights_to_the_trash_and_back(library: Library) -> None:
    entry_id = save(library)
    add_highlight(library, entry_id, "past the mill")
    entry = library.delete(entry_id)
    assert not sidecar_path(library.files.articles, entry).exists()
    assert list_quotes(library.index) == []
    library.sync(full=True)
    assert list_quotes(library.index) == []
    library.restore(entry)
    assert [r.exact for r in list_quotes(library.index)] == ["past the mill"]
    assert highlights_of(library, entry_id)[0].exact == "past the mill"


def test_hostile_sidecar_values_are_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "x.highlights.json"
    path.write_text(
        json.dumps(
            [
                {"exact": "a", "start": "3", "end": -1, "id": "x" * 100, "note": ["no"]},
                {"exact": "b", "start": True, "end": 2, "created": 5},
                {"exact": "c", "start": 9, "end": 3},
                {"exact": "d", "id": "same"},
                {"exact": "e", "id": "same"},
            ]
        )
    )
    found = read_sidecar(path)
    assert [h.exact for h in found] == ["a", "b", "c", "d", "e"]
    assert all(h.start is None and h.end is None for h in found)
    assert len(found[0].id) == 8 and found[0].note == "" and found[1].created == ""
    assert [h.id for h in found[3:]] == ["same", "same-2"]
    for broken in ("{}", "[1, 2", '"text"'):
        path.write_text(broken)
        with pytest.raises(StoreError):
            read_sidecar(path)


def test_placing_in_a_long_article_is_quick(library: Library) -> None:
    import time

    from tests.ui.conftest import long_markdown

    entry_id = save(library, long_markdown(30_000))
    text = article_highlights(library, entry_id).text
    began = time.perf_counter()
    long_blocks = [n for n, block in enumerate(text.blocks) if len(block) > 100]
    for number in long_blocks[::20][:10]:
        add_highlight(library, entry_id, text.blocks[number][10:80], near=text.starts[number])
    placed = article_highlights(library, entry_id)
    assert len(placed.placed) == 10 and not placed.orphans
    assert time.perf_counter() - began < 5.0


def test_demo_highlights(tmp_path: Path) -> None:
    from reader.demo import create_demo_library
    from reader.demo.highlights import add_demo_highlights

    with Library(create_demo_library(tmp_path / "demo")) as demo:
        assert add_demo_highlights(demo) == 4
        rows = list_quotes(demo.index)
        assert [r.created[:10] for r in rows] == [
            "2026-10-15",
            "2026-10-12",
            "2026-10-11",
            "2026-10-10",
        ]
        assert all(not p.orphaned for p in article_highlights(demo, rows[1].article_id).placed)
    with Library(tmp_path / "other") as other:
        assert add_demo_highlights(other) == 0


def _per_character(text: str) -> tuple[str, list[int]]:
    """The plain way to normalize: one original offset per normalized character."""
    out: list[str] = []
    where: list[int] = []
    last = 0
    for match in re.finditer(r"\s+", text):
        out.append(text[last : match.start()] + " ")
        where.extend(range(last, match.start() + 1))
        last = match.end()
    out.append(text[last:])
    where.extend(range(last, len(text) + 1))
    return "".join(out), where


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n\t\u00a0."), max_size=40))
def test_normalized_offsets_match_one_number_per_character(text: str) -> None:
    norm, offsets = normalize(text)
    plain, where = _per_character(text)
    assert norm == plain
    assert [offsets[i] for i in range(len(norm) + 1)] == where
    assert [offsets.to_norm(o) for o in range(len(text) + 1)] == [
        bisect.bisect_left(where, o) for o in range(len(text) + 1)
    ]
