"""Tests for reader.web.urls: which addresses are accepted, and their canonical form."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.provisional import urls

from reader.errors import FetchError, InvalidURLError
from reader.web.urls import MAX_URL_LENGTH, normalize_url, validate_url, without_tracking


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com",
        "http://example.com/path?q=1#top",
        "HTTPS://Example.COM/Path",
        "http://localhost:8000/",
        "http://127.0.0.1:5000/x",
        "http://[::1]:8080/x",
        "https://straße.de/über",
        "https://xn--strae-oqa.de/",
        "https://user:secret@example.com/",
    ],
)
def test_validate_accepts_web_addresses(url: str) -> None:
    assert validate_url(url) == url


def test_validate_strips_surrounding_whitespace() -> None:
    assert validate_url("  \thttps://example.com/a \n") == "https://example.com/a"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/file",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "data:text/html,<p>hi</p>",
        "mailto:someone@example.com",
        "gopher://example.com/",
        "about:blank",
    ],
)
def test_validate_refuses_other_schemes(url: str) -> None:
    with pytest.raises(InvalidURLError) as info:
        validate_url(url)
    assert str(info.value) == f"not a web address (only http and https are supported): {url}"


def test_invalid_url_error_is_a_fetch_error() -> None:
    with pytest.raises(FetchError):
        validate_url("ftp://x")


@pytest.mark.parametrize(
    ("url", "suggestion"),
    [
        ("example.com/path", "https://example.com/path"),
        ("www.example.co.uk", "https://www.example.co.uk"),
        ("localhost:8000/a", "https://localhost:8000/a"),
        ("//example.com/x", "https://example.com/x"),
    ],
)
def test_validate_suggests_https_for_a_missing_scheme(url: str, suggestion: str) -> None:
    with pytest.raises(InvalidURLError, match="no scheme") as info:
        validate_url(url)
    assert f"(try {suggestion})" in str(info.value)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("", "no web address given"),
        ("   ", "no web address given"),
        ("http://", "has no host"),
        ("https:example.com", "has no host"),
        ("https:///path", "has no host"),
        ("http://exa mple.com/", "spaces or control characters"),
        ("http://example.com/a\nb", "spaces or control characters"),
        ("http://a..b/", "invalid host name"),
        ("http://exa<mple.com/", "invalid host name"),
        ("http://example.com:99999/", "invalid port"),
        ("http://example.com:http/", "invalid port"),
        ("http://[::g]/", "IPv6"),
        ("http://☃.com/", "international host name"),
        ("hello world", "not a web address"),
        ("http://\ud800.com/", "not valid text"),
    ],
)
def test_validate_refuses_malformed_addresses(url: str, reason: str) -> None:
    with pytest.raises(InvalidURLError, match=reason) as info:
        validate_url(url)
    assert "\n" not in str(info.value)


def test_validate_refuses_absurdly_long_addresses() -> None:
    url = "https://example.com/" + "a" * MAX_URL_LENGTH
    with pytest.raises(InvalidURLError, match="too long"):
        validate_url(url)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.COM", "https://example.com/"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("http://example.com:/a", "http://example.com/a"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("https://example.com/Mixed/Case.HTML", "https://example.com/Mixed/Case.HTML"),
        ("https://example.com/a?", "https://example.com/a"),
        ("https://example.com/a?#x", "https://example.com/a"),
        (
            "https://example.com/a?utm_source=x&id=7&utm_medium=email&fbclid=abc&b=2",
            "https://example.com/a?id=7&b=2",
        ),
        ("https://example.com/?z=1&a=2&m=3", "https://example.com/?z=1&a=2&m=3"),
        ("https://example.com/?gclid=1&dclid=2&msclkid=3&yclid=4", "https://example.com/"),
        ("https://example.com/?mc_cid=1&mc_eid=2&igshid=3&_ga=4&ref_src=5", "https://example.com/"),
        ("https://example.com/?UTM_Campaign=x&q=1", "https://example.com/?q=1"),
        ("https://example.com/?utm%5Fsource=x&q=1", "https://example.com/?q=1"),
        ("https://example.com/?a=1&&b=2&", "https://example.com/?a=1&b=2"),
        ("https://example.com/?ref=home", "https://example.com/?ref=home"),
        ("https://example.com/a/./b/../c", "https://example.com/a/c"),
        ("https://example.com/a/b/..", "https://example.com/a/"),
        ("https://example.com/a/", "https://example.com/a/"),
        ("https://example.com/%7euser/%2f%c3%a9", "https://example.com/~user/%2F%C3%A9"),
        ("https://example.com/é", "https://example.com/%C3%A9"),
        ("https://Straße.de/", "https://xn--strae-oqa.de/"),
        ("https://xn--strae-oqa.de/", "https://xn--strae-oqa.de/"),
        ("https://example.com./a", "https://example.com/a"),
        ("http://[0:0:0:0:0:0:0:1]:80/", "http://[::1]/"),
        ("https://User:Pw@Example.com:443/", "https://User:Pw@example.com/"),
        ("  https://example.com/x  ", "https://example.com/x"),
    ],
)
def test_normalize(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


def test_normalize_makes_the_same_page_compare_equal() -> None:
    a = normalize_url("https://Example.com:443/post?id=3&utm_source=newsletter#comments")
    b = normalize_url("https://example.com/post?id=3&fbclid=XYZ")
    assert a == b


def test_normalize_validates_first() -> None:
    with pytest.raises(InvalidURLError):
        normalize_url("ftp://example.com/")


# Hypothesis: URLs with noise worth normalising away.
_tracking_pair = st.sampled_from(["utm_source=a", "fbclid=b", "gclid=c", "UTM_TERM=d", "_ga=e"])
_plain_pair = st.from_regex(r"[a-z]{1,5}=[a-zA-Z0-9%]{0,6}", fullmatch=True)


@st.composite
def noisy_urls(draw: st.DrawFn) -> str:
    url = draw(urls())
    base = url.split("#", 1)[0].split("?", 1)[0]
    pairs = draw(st.lists(st.one_of(_tracking_pair, _plain_pair), max_size=5))
    bare_question_mark = draw(st.booleans())
    query = "?" + "&".join(pairs) if pairs or bare_question_mark else ""
    fragment = "#" + draw(st.text("abc-", max_size=4)) if draw(st.booleans()) else ""
    return base + query + fragment


@given(st.one_of(urls(), noisy_urls()))
def test_normalize_is_idempotent(url: str) -> None:
    once = normalize_url(url)
    assert normalize_url(once) == once
    assert validate_url(once) == once
    assert "#" not in once
    assert "utm_" not in once.partition("?")[2].lower()


@given(st.text(max_size=300))
def test_validate_accepts_only_web_addresses_or_raises(text: str) -> None:
    try:
        result = validate_url(text)
    except InvalidURLError as exc:
        assert "\n" not in str(exc)
    else:
        assert result.lower().startswith(("http://", "https://"))


@given(st.from_regex(r"\A(https?|ftp|file|HTTP)://[^\s/]{0,20}(/[^\s]{0,20})?\Z"))
def test_validate_and_normalize_on_url_like_text(text: str) -> None:
    try:
        validate_url(text)
    except InvalidURLError:
        return
    normalized = normalize_url(text)
    assert normalized.startswith(("http://", "https://"))
    assert normalize_url(normalized) == normalized


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://Example.com/A?b=1", "https://Example.com/A?b=1"),
        (
            "https://example.com/story?utm_source=news&id=7&fbclid=x#part-2",
            "https://example.com/story?id=7#part-2",
        ),
        ("https://example.com/story?utm_medium=email&UTM_campaign=a", "https://example.com/story"),
        ("https://example.com/s?gclid=1#top", "https://example.com/s#top"),
        ("  https://example.com/s?q=a%20b&mc_eid=9  ", "https://example.com/s?q=a%20b"),
        ("https://example.com/s?&&id=1&", "https://example.com/s?id=1"),
    ],
)
def test_without_tracking_drops_only_tracking_parameters(url: str, expected: str) -> None:
    assert without_tracking(url) == expected


def test_without_tracking_keeps_the_page_normalize_url_names() -> None:
    url = "https://example.com/a/b?x=1&utm_source=feed&y=2#frag"
    assert normalize_url(without_tracking(url)) == normalize_url(url)
    with pytest.raises(InvalidURLError):
        without_tracking("javascript:alert(1)?utm_source=x")


@given(st.one_of(urls(), noisy_urls()))
def test_without_tracking_is_idempotent_and_names_the_same_page(url: str) -> None:
    clean = without_tracking(url)
    assert without_tracking(clean) == clean
    assert normalize_url(clean) == normalize_url(url)
