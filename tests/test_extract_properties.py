"""Property tests: whatever the input, extract returns an Article or raises ExtractError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.errors import ExtractError
from reader.extract import extract
from reader.models import Article

TAGS = [
    "div",
    "p",
    "span",
    "a",
    "article",
    "section",
    "figure",
    "figcaption",
    "img",
    "table",
    "tr",
    "td",
    "ul",
    "li",
    "pre",
    "code",
    "h1",
    "h2",
    "script",
    "style",
    "nav",
    "br",
]
ATTRS = [
    "",
    ' class="ad"',
    ' class="share-bar"',
    " hidden",
    ' style="display:none"',
    ' href="javascript:x()"',
    ' href="/rel"',
    ' src="data:x"',
    ' aria-hidden="true"',
]
WORDS = [
    "Publicité",
    "Advertisement",
    "Anzeige",
    "Share this article",
    "hello",
    "\x1b[31m",
    "[bold]x[/]",
    "<",
    ">",
    "&amp;",
    "&#0;",
    "\x00",
    "é",
    "\u202e",
    "Par Jean",
    "©",
]

tag = st.sampled_from(TAGS)
fragment = st.recursive(
    st.one_of(st.sampled_from(WORDS), st.text(max_size=40)),
    lambda inner: st.builds(
        lambda t, a, kids: f"<{t}{a}>{''.join(kids)}</{t}>",
        tag,
        st.sampled_from(ATTRS),
        st.lists(inner, max_size=5),
    ),
    max_leaves=40,
)


def check(html: str | bytes) -> None:
    try:
        article = extract(html, url="https://example.com/a/")
    except ExtractError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(article, Article)
    assert article.text.strip()
    for value in (article.text, article.markdown, article.title):
        assert "\x1b" not in value and "\x00" not in value
    assert "](javascript:" not in article.markdown.replace(" ", "")


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.lists(fragment, max_size=6))
def test_generated_html(parts: list[str]) -> None:
    check("<html><body>" + "".join(parts) + "</body></html>")


@FAST
@given(st.lists(fragment, max_size=6), st.integers(min_value=0, max_value=400))
def test_truncated_html(parts: list[str], cut: int) -> None:
    html = "<html><body><article>" + "".join(parts) + "</article></body></html>"
    check(html[: max(0, len(html) - cut)])


@FAST
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    check(data)


@FAST
@given(st.text(max_size=2000))
def test_arbitrary_text(text: str) -> None:
    check(text)


PAGE = (
    "<html><head><title>T</title></head><body><article><h1>Title here</h1>"
    + "<p>A sentence of the article that is long enough to be kept by readability.</p>" * 4
    + "</article></body></html>"
)


@FAST
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(PAGE)),
            st.sampled_from(
                ["<", ">", "</", "\x00", "<div>", "</p>", "&", '"', "<!--", "<script>"]
            ),
        ),
        max_size=8,
    )
)
def test_mangled_page(edits: list[tuple[int, str]]) -> None:
    html = PAGE
    for position, insert in sorted(edits, reverse=True):
        html = html[:position] + insert + html[position:]
    check(html)
