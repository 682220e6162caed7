"""Documentation pages (`docs`): index lists kept, calls to edit or rate the page dropped.

The fixture is shaped like a MediaWiki page whose body is an index of
articles under headings, with the wiki's navigation and tools beside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.extract import extract
from reader.extract.docs import drop_page_chrome, same_reading
from reader.extract.parse import parse_document

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


def test_drop_page_chrome_removes_only_the_calls_to_edit_or_rate_the_page() -> None:
    root = parse_document(
        "<html><body><article><h1>Effects</h1><p>An effect runs after every render.</p>"
        '<div class="feedback"><p>Was this page helpful?</p><button>Yes</button></div>'
        '<p><a href="https://github.com/x/docs/edit/main/a.md">Edit this page on GitHub</a></p>'
        "<p>Edit this page's config to change the theme, as the next section shows.</p>"
        "</article></body></html>"
    )
    article = root.find(".//article")
    assert article is not None
    assert drop_page_chrome(article) == 2
    text = article.text_content()
    assert "helpful" not in text and "on GitHub" not in text
    assert "An effect runs after every render." in text
    assert "Edit this page's config to change the theme" in text
