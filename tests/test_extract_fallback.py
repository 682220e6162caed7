"""A page with text is never lost: no article found still gives its best text."""

from __future__ import annotations

import pytest

from reader.errors import ExtractError
from reader.extract import extract
from reader.extract.fallback import UNSURE_NOTE

SCRIPT_DRAWN = """<!doctype html><html><head><title>Best first telescope? - Forum</title>
<meta property="og:description" content="I am new to astronomy and would love advice on
choosing my first telescope, something beginner-friendly for planets.">
</head><body><section id="splash"><div class="dots"></div></section>
<div id="main"></div></body></html>"""


def test_a_page_drawn_by_scripts_keeps_its_declared_text() -> None:
    article = extract(SCRIPT_DRAWN, url="https://forum.example.org/t/telescope/1")
    assert "choosing my first telescope" in article.text
    assert article.markdown.startswith(UNSURE_NOTE)


def test_mojibake_quote_does_not_swallow_the_page() -> None:
    body = "".join(
        f"<p>Paragraph {i} of the thread, with enough words to read.</p>" for i in range(20)
    )
    html = (
        f'<html><head><script>var t = "\u00e2\u20ac\x9d";</script></head><body>{body}</body></html>'
    )
    article = extract(html, url="https://example.org/thread")
    assert "Paragraph 19" in article.text


def test_a_page_without_any_text_is_still_an_error() -> None:
    with pytest.raises(ExtractError):
        extract("<html><head></head><body><div></div></body></html>", url="https://example.org/")
