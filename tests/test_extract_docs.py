"""Documentation pages (`docs`): a page that is a list of links keeps its lists.

The fixture is shaped like a MediaWiki page whose body is an index of
articles under headings, with the wiki's navigation and tools beside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.extract import extract
from reader.extract.docs import same_reading

KINDS = Path(__file__).parent / "data" / "kinds"
WIKI_URL = "https://wiki.tarn-db.example/wiki/Performance_Tuning"


def test_a_wiki_index_page_keeps_its_lists_of_articles_not_the_wiki_menus() -> None:
    article = extract((KINDS / "docs_wiki_index.html").read_bytes(), url=WIKI_URL)
    text = article.text
    assert "Tuning a Tarn server starts with measuring it" in text
    assert "Checkpoints and the write-ahead log under heavy write loads" in text
    assert "Using EXPLAIN to see what the planner chose" in text
    assert "Raising statistics targets" in text
    for menu in ("Recent changes", "What links here", "Printable version", "Privacy policy"):
        assert menu not in text
    # The lists stay links, made absolute.
    assert "(https://wiki.tarn-db.example/wiki/Using_Explain)" in article.markdown


def test_the_same_lists_on_a_page_that_is_not_documentation_still_go() -> None:
    # Off a docs site, a block of link lists is what it usually is: a menu.
    text = extract(
        (KINDS / "docs_wiki_index.html").read_bytes(), url="https://www.example.org/tuning"
    ).text
    assert "Tuning a Tarn server starts with measuring it" in text
    assert "Raising statistics targets" not in text


_READING = " ".join(f"Step {n}: set the buffer to {n * 8} megabytes and restart." for n in range(6))


@pytest.mark.parametrize(
    ("text", "other", "same"),
    [
        (_READING, "From the wiki. " + _READING, True),
        (_READING + " Index of pages and more.", _READING[:200], True),
        (
            _READING,
            "February 26, 2026: version 18.3 released. Report a documentation issue.",
            False,
        ),
        ("Too short.", "Too short.", False),
        ("", _READING, False),
    ],
)
def test_same_reading(text: str, other: str, same: bool) -> None:
    assert same_reading(text, other) is same
