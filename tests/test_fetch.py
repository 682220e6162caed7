"""Tests for reader.web.fetch against a real HTTP server on 127.0.0.1.

The hazards (bombs, stalls, resets, DNS and TLS failures) are in tests/hostile/.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator

import brotli
import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.errors import FetchError, InvalidURLError
from reader.web.content_decoding import ContentDecoder
from reader.web.fetch import (
    USER_AGENT,
    FetchLimits,
    fetch_page,
    fetch_page_sync,
    make_client,
    meta_refresh_target,
)
from tests.support.http_server import TestServer, serve

FRENCH = (
    "Où est l'élève ? À côté du théâtre, près de la forêt, l'été dernier. Le cœur a ses raisons."
)
GERMAN = "Die Straße ist schön, die Bäume blühen. Größe, Übermut: Fußgänger gehen über die Brücke."
POLISH = "Zażółć gęślą jaźń. Żółty żuraw źle łowi ryby w rzece, a pszczoła brzęczy na łące."


def page(text: str, head: str = "") -> str:
    """A small HTML document around *text*."""
    return (
        f"<!DOCTYPE html><html><head>{head}<title>t</title></head><body><p>{text}</p></body></html>"
    )


@pytest.fixture
def server() -> Iterator[TestServer]:
    with serve() as running:
        yield running


async def test_fetches_an_html_page(server: TestServer) -> None:
    url = server.html("/article", page("hello"))
    result = await fetch_page(url)
    assert result.url == url
    assert result.requested_url == url
    assert result.status == 200
    assert result.content_type == "text/html"
    assert result.encoding == "utf-8"
    assert "<p>hello</p>" in result.html
    assert result.body == page("hello").encode()


async def test_sends_reader_user_agent_and_browser_like_accept(server: TestServer) -> None:
    await fetch_page(server.html("/ua", page("hi")))
    headers = {k.lower(): v for k, v in server.requests[-1].headers.items()}
    assert headers["user-agent"] == USER_AGENT
    assert USER_AGENT.startswith("reader/")
    assert headers["accept"].startswith("text/html,application/xhtml+xml")
    assert headers["accept-encoding"] == "gzip, deflate, br"


async def test_strips_whitespace_around_the_url(server: TestServer) -> None:
    url = server.html("/ws", page("hi"))
    result = await fetch_page(f"  {url}\n")
    assert result.requested_url == url


def test_fetch_page_sync(server: TestServer) -> None:
    result = fetch_page_sync(server.html("/sync", page("sync")), limits=FetchLimits())
    assert "sync" in result.html


async def test_uses_and_leaves_open_a_given_client(server: TestServer) -> None:
    url = server.html("/client", page("x"))
    async with httpx.AsyncClient(follow_redirects=True) as client:
        server.redirect("/to-client", "/client")
        result = await fetch_page(server.url("/to-client"), client=client)
        assert result.url == url
        assert not client.is_closed
        await fetch_page(url, client=client)  # still usable


async def test_make_client_does_not_follow_redirects() -> None:
    async with make_client(FetchLimits(connect_timeout=1.5)) as client:
        assert client.follow_redirects is False
        assert client.timeout.connect == 1.5


# --- charsets ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "charset", "codec"),
    [
        (FRENCH, "iso-8859-1", "cp1252"),
        (FRENCH, "windows-1252", "cp1252"),
        (GERMAN, "iso-8859-15", "iso8859-15"),
        (POLISH, "iso-8859-2", "iso8859-2"),
        (POLISH, "utf-8", "utf-8"),
    ],
)
async def test_charset_from_header(server: TestServer, text: str, charset: str, codec: str) -> None:
    # Sent as *codec*: ISO-8859-1 labels mean Windows-1252 on the web, as browsers read them.
    url = server.html("/c", page(text).encode(codec), charset=charset)
    result = await fetch_page(url)
    assert text in result.html
    assert result.encoding == codec


@pytest.mark.parametrize(
    ("text", "charset"),
    [(FRENCH, "windows-1252"), (GERMAN, "iso-8859-1"), (POLISH, "iso-8859-2")],
)
async def test_charset_from_meta(server: TestServer, text: str, charset: str) -> None:
    body = page(text, head=f'<meta charset="{charset}">').encode(charset)
    result = await fetch_page(server.html("/m", body, charset=None))
    assert text in result.html


@pytest.mark.parametrize("text", [FRENCH, GERMAN, POLISH])
async def test_undeclared_utf8(server: TestServer, text: str) -> None:
    result = await fetch_page(server.html("/u", page(text), charset=None))
    assert text in result.html
    assert result.encoding == "utf-8"


@pytest.mark.parametrize("text", [FRENCH, GERMAN])
async def test_undeclared_windows_1252(server: TestServer, text: str) -> None:
    result = await fetch_page(server.html("/w", page(text).encode("cp1252"), charset=None))
    assert text in result.html


async def test_undeclared_iso_8859_2_polish(server: TestServer) -> None:
    result = await fetch_page(server.html("/p", page(POLISH).encode("iso-8859-2"), charset=None))
    assert POLISH in result.html


async def test_windows_1252_declared_as_utf8(server: TestServer) -> None:
    url = server.html("/lie", page(FRENCH).encode("cp1252"), charset="utf-8")
    result = await fetch_page(url)
    assert FRENCH in result.html
    assert result.encoding != "utf-8"


async def test_utf8_declared_as_windows_1252(server: TestServer) -> None:
    result = await fetch_page(server.html("/lie2", page(FRENCH), charset="windows-1252"))
    assert FRENCH in result.html
    assert result.encoding == "utf-8"


# --- content codings --------------------------------------------------------------


@pytest.mark.parametrize(
    ("coding", "compress"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("br", brotli.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data, wbits=-zlib.MAX_WBITS)),  # raw deflate
        ("identity", lambda data: data),
    ],
)
async def test_content_encodings_are_undone(
    server: TestServer, coding: str, compress: object
) -> None:
    assert callable(compress)
    html = page(FRENCH * 50)
    url = server.route(
        "/enc",
        headers={"Content-Type": "text/html; charset=utf-8", "Content-Encoding": coding},
        body=compress(html.encode()),
    )
    result = await fetch_page(url)
    assert result.html == html
    assert result.body == html.encode()


async def test_stacked_content_encodings(server: TestServer) -> None:
    html = page(GERMAN)
    url = server.route(
        "/stack",
        headers={"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip, br"},
        body=brotli.compress(gzip.compress(html.encode())),
    )
    assert (await fetch_page(url)).html == html


async def test_unknown_content_encoding_is_refused(server: TestServer) -> None:
    url = server.route(
        "/zz", headers={"Content-Type": "text/html", "Content-Encoding": "zstd"}, body=b"x"
    )
    with pytest.raises(FetchError, match="unsupported content encoding: zstd"):
        await fetch_page(url)


# --- redirects --------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_redirect_is_followed(server: TestServer, status: int) -> None:
    final = server.html("/final", page("arrived"))
    start = server.redirect("/start", "/middle", status)
    server.redirect("/middle", final, status)  # absolute, then relative
    result = await fetch_page(start)
    assert result.url == final
    assert result.requested_url == start
    assert "arrived" in result.html


async def test_redirect_loop(server: TestServer) -> None:
    server.redirect("/a", "/b")
    server.redirect("/b", "/a")
    with pytest.raises(FetchError, match=r"^redirect loop: http://127\.0\.0\.1:\d+/a keeps"):
        await fetch_page(server.url("/a"))


async def test_redirect_to_itself(server: TestServer) -> None:
    with pytest.raises(FetchError, match="redirect loop"):
        await fetch_page(server.redirect("/self", "/self"))


@pytest.mark.parametrize(
    "location", ["file:///etc/passwd", "ftp://example.com/x", "javascript:alert(1)"]
)
async def test_redirect_to_another_scheme_is_refused(server: TestServer, location: str) -> None:
    url = server.redirect("/evil", location)
    with pytest.raises(InvalidURLError) as info:
        await fetch_page(url)
    assert str(info.value).startswith("refused to follow a redirect")
    if location != "javascript:alert(1)":  # httpx itself refuses to parse that one
        assert str(info.value) == (
            "refused to follow a redirect: not a web address (only http and https are supported): "
            + location
        )


async def test_too_many_redirects(server: TestServer) -> None:
    for hop in range(5):
        server.redirect(f"/hop{hop}", f"/hop{hop + 1}")
    server.html("/hop5", page("end"))
    with pytest.raises(FetchError, match=r"^too many redirects \(more than 4\) from "):
        await fetch_page(server.url("/hop0"), limits=FetchLimits(max_redirects=4))
    assert (
        "end" in (await fetch_page(server.url("/hop0"), limits=FetchLimits(max_redirects=5))).html
    )


async def test_redirect_without_location(server: TestServer) -> None:
    url = server.route("/nowhere", status=302)
    with pytest.raises(FetchError, match=r"^redirect without a destination \(HTTP 302\)"):
        await fetch_page(url)


# --- meta refresh -----------------------------------------------------------------

REFRESH = '<html><head><meta http-equiv="refresh" content="0; url={}"></head><body></body></html>'


async def test_meta_refresh_is_followed(server: TestServer) -> None:
    final = server.html("/real", page("the article"))
    start = server.html("/refresh", REFRESH.format("/real"))
    result = await fetch_page(start)
    assert result.url == final
    assert result.requested_url == start
    assert "the article" in result.html


async def test_meta_refresh_counts_as_a_redirect(server: TestServer) -> None:
    server.html("/real", page("x"))
    server.html("/refresh", REFRESH.format("/real"))
    server.redirect("/start", "/refresh")
    with pytest.raises(FetchError, match="too many redirects"):
        await fetch_page(server.url("/start"), limits=FetchLimits(max_redirects=1))


async def test_meta_refresh_to_another_scheme_is_refused(server: TestServer) -> None:
    url = server.html("/refresh", REFRESH.format("file:///etc/passwd"))
    with pytest.raises(InvalidURLError, match=r"^refused to follow a meta refresh: not a web"):
        await fetch_page(url)


async def test_meta_refresh_loop(server: TestServer) -> None:
    url = server.html("/again", REFRESH.format("/again"))
    with pytest.raises(FetchError, match="redirect loop"):
        await fetch_page(url)


@pytest.mark.parametrize(
    ("html", "target"),
    [
        (REFRESH.format("https://example.com/a"), "https://example.com/a"),
        ("<meta http-equiv='Refresh' content='5;URL=\"/b?x=1&amp;y=2\"'>", "/b?x=1&y=2"),
        ('<META CONTENT="0;url=/c" HTTP-EQUIV="refresh"><p>Redirecting…</p>', "/c"),
        ('<meta http-equiv="refresh" content="0, /d">', "/d"),
        ('<meta http-equiv="refresh" content="30">', None),  # reloads itself
        ('<meta name="viewport" content="width=device-width">', None),
        ('<meta http-equiv="refresh" content="0;url=/e"><p>' + "words " * 100 + "</p>", None),
        ("<p>no meta here</p>", None),
    ],
)
def test_meta_refresh_target(html: str, target: str | None) -> None:
    assert meta_refresh_target(html) == target


# --- statuses ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "headers", "message"),
    [
        (404, {}, "page not found (HTTP 404): {url}"),
        (410, {}, "page is gone (HTTP 410): {url}"),
        (429, {}, "too many requests (HTTP 429): {url}"),
        (429, {"Retry-After": "120"}, "too many requests (HTTP 429): {url}; retry after 120 s"),
        (
            429,
            {"Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT"},
            "too many requests (HTTP 429): {url}; retry after Wed, 21 Oct 2026 07:28:00 GMT",
        ),
        (401, {}, "access denied (HTTP 401): {url}"),
        (403, {}, "access denied (HTTP 403): {url}"),
        (400, {}, "request refused (HTTP 400): {url}"),
        (500, {}, "server error (HTTP 500): {url}"),
        (503, {"Retry-After": "30"}, "server error (HTTP 503): {url}; retry after 30 s"),
        (502, {}, "server error (HTTP 502): {url}"),
    ],
)
async def test_http_errors(
    server: TestServer, status: int, headers: dict[str, str], message: str
) -> None:
    url = server.route(
        "/status", status=status, headers={"Content-Type": "text/html", **headers}, body="<p>x"
    )
    with pytest.raises(FetchError) as info:
        await fetch_page(url)
    assert str(info.value) == message.format(url=url)


# --- content types and sizes ------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "body", "described"),
    [
        ("application/pdf", b"%PDF-1.7\n...", "a PDF document (application/pdf)"),
        ("image/png", b"\x89PNG\r\n\x1a\n...", "an image (image/png)"),
        ("application/json; charset=utf-8", b'{"a": 1}', "JSON data (application/json)"),
        ("application/ld+json", b"{}", "JSON data (application/ld+json)"),
        ("text/plain", b"hello", "plain text (text/plain)"),
        ("application/x-thing", b"???", "application/x-thing"),
    ],
)
async def test_non_html_is_refused(
    server: TestServer, content_type: str, body: bytes, described: str
) -> None:
    url = server.route("/file", headers={"Content-Type": content_type}, body=body)
    with pytest.raises(FetchError) as info:
        await fetch_page(url)
    assert str(info.value) == f"not an HTML page but {described}: {url}"


async def test_xhtml_is_accepted(server: TestServer) -> None:
    body = '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><p>x</p></html>'
    url = server.route("/x", headers={"Content-Type": "application/xhtml+xml"}, body=body)
    assert (await fetch_page(url)).content_type == "application/xhtml+xml"


@pytest.mark.parametrize("content_type", [None, "application/octet-stream"])
async def test_untyped_html_is_sniffed(server: TestServer, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    url = server.route("/untyped", headers=headers, body="\n  " + page(GERMAN))
    result = await fetch_page(url)
    assert result.content_type == "text/html"
    assert GERMAN in result.html


async def test_untyped_non_html_is_refused(server: TestServer) -> None:
    url = server.route("/untyped", body=b"%PDF-1.7 binary")
    with pytest.raises(FetchError, match=r"^not an HTML page \(no content type, and it does not"):
        await fetch_page(url)


@pytest.mark.parametrize(("status", "body"), [(200, b""), (200, b" \r\n\t "), (204, b"")])
async def test_empty_page(server: TestServer, status: int, body: bytes) -> None:
    url = server.route("/empty", status=status, headers={"Content-Type": "text/html"}, body=body)
    with pytest.raises(FetchError) as info:
        await fetch_page(url)
    assert str(info.value) == f"the page is empty: {url}"


async def test_body_over_the_cap_with_content_length(server: TestServer) -> None:
    url = server.html("/big", "<p>" + "x" * 5000)
    with pytest.raises(FetchError) as info:
        await fetch_page(url, limits=FetchLimits(max_bytes=1000))
    assert str(info.value) == f"the page is too large (more than 1 kB): {url}"


async def test_body_over_the_cap_without_content_length(server: TestServer) -> None:
    url = server.route(
        "/big-chunked",
        headers={"Content-Type": "text/html"},
        chunks=[b"<p>" + b"x" * 400] * 10,
        chunked=True,
    )
    with pytest.raises(FetchError, match=r"too large \(more than 1 kB\)"):
        await fetch_page(url, limits=FetchLimits(max_bytes=1000))


async def test_body_at_the_cap_is_accepted(server: TestServer) -> None:
    url = server.html("/exact", "<p>" + "x" * 997)
    assert len((await fetch_page(url, limits=FetchLimits(max_bytes=1000))).body) == 1000


# --- addresses --------------------------------------------------------------------


@pytest.mark.parametrize("url", ["ftp://example.com/", "example.com/page", "file:///etc/passwd"])
async def test_invalid_url_is_refused_before_any_request(url: str) -> None:
    with pytest.raises(InvalidURLError):
        await fetch_page(url)


async def test_dns_failure_from_a_transport_is_one_line() -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(fail)) as client:
        with pytest.raises(FetchError) as info:
            await fetch_page("https://nowhere.example/", client=client)
    assert str(info.value) == "could not resolve host nowhere.example"


async def test_unexpected_errors_become_fetch_errors() -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        raise RuntimeError("boom\nsecond line")

    async with httpx.AsyncClient(transport=httpx.MockTransport(broken)) as client:
        with pytest.raises(FetchError) as info:
            await fetch_page("https://example.com/", client=client)
    assert str(info.value) == "could not fetch https://example.com/: boom second line"


# --- properties -------------------------------------------------------------------


@given(st.text(max_size=3000))
def test_meta_refresh_target_never_fails(html: str) -> None:
    target = meta_refresh_target(html)
    assert target is None or target.strip() == target != ""


@given(st.binary(max_size=2000), st.sampled_from(["gzip", "deflate", "br", "gzip, br"]))
def test_undecodable_bodies_give_a_fetch_error(data: bytes, coding: str) -> None:
    decoder = ContentDecoder(coding)
    try:
        for _ in decoder.feed(data):
            pass
        for _ in decoder.finish():
            pass
    except FetchError as exc:
        assert str(exc) == f"the page's compression ({coding}) is corrupt"


async def test_redirects_and_error_pages_keep_the_connection(server: TestServer) -> None:
    """A redirect's or an error page's small body is read, so the next request to the
    same site goes over the same connection (no new TCP/TLS handshake)."""
    target = server.html("/article", page("hello"))
    server.route("/old", status=301, headers={"Location": "/article"}, body=b"moved " * 100)
    server.route("/gone", status=404, headers={"Content-Type": "text/html"}, body=b"x" * 5000)
    async with make_client() as client:
        assert (await fetch_page(server.url("/old"), client=client)).url == target
        with pytest.raises(FetchError, match="HTTP 404"):
            await fetch_page(server.url("/gone"), client=client)
        await fetch_page(target, client=client)
    assert [r.path for r in server.requests] == ["/old", "/article", "/gone", "/article"]
    assert len({r.client_port for r in server.requests}) == 1


async def test_a_large_error_body_is_not_read(server: TestServer) -> None:
    server.route("/huge-error", status=500, body=b"e" * 5_000_000)
    async with make_client() as client:
        with pytest.raises(FetchError, match="HTTP 500"):
            await fetch_page(server.url("/huge-error"), client=client)
        await fetch_page(server.html("/ok", page("fine")), client=client)
    ports = [r.client_port for r in server.requests]
    assert len(ports) == 2 and ports[0] != ports[1]  # closed rather than read
