"""Fetch one web page over HTTP(S), within limits, as bytes and decoded HTML.

`fetch_page` follows redirects itself, so that every hop (and a tiny page that
only holds a ``<meta http-equiv="refresh">``) is checked with `validate_url`
before it is requested. It undoes gzip, deflate and brotli itself, in small
steps, so a size limit holds however well a body compresses (a "decompression
bomb" is stopped after ``max_bytes``, in bounded memory). A deadline covers the
whole fetch, redirects and a slowly dripping body included; a command can set
a `deadline` of its own that every fetch under it ends by (``reader add`` counts
its time limit from the moment the command started).

Whatever goes wrong surfaces as a `FetchError` (or its `InvalidURLError`) with
one line a person can act on, such as ``page not found (HTTP 404): URL``.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import socket
import ssl
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from reader import __version__
from reader.errors import FetchError, InvalidURLError
from reader.text.encoding import decode_html
from reader.text.sizes import byte_size
from reader.web.content_decoding import ContentDecoder
from reader.web.meta_refresh import meta_refresh_target
from reader.web.urls import validate_url

__all__ = [
    "DEFAULT_LIMITS",
    "USER_AGENT",
    "Download",
    "FetchLimits",
    "Page",
    "deadline",
    "fetch_bytes",
    "fetch_page",
    "fetch_page_sync",
    "make_client",
    "meta_refresh_target",
]

#: How reader introduces itself to web servers.
USER_AGENT = f"reader/{__version__} (+read-it-later; terminal)"

_HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    # Only what _Decoder can undo: httpx would also offer zstd if it were installed.
    "Accept-Encoding": "gzip, deflate, br",
}


@dataclass(frozen=True)
class FetchLimits:
    """Bounds on one fetch, so a hostile or broken server cannot hang or flood reader."""

    max_bytes: int = 20_000_000
    """Largest body accepted, counted after decompression and enforced while streaming."""
    max_redirects: int = 10
    """Most redirect hops followed (HTTP redirects and meta refreshes together)."""
    connect_timeout: float = 10.0
    """Seconds allowed to open a connection (DNS, TCP and TLS)."""
    read_timeout: float = 20.0
    """Seconds allowed to wait for any single piece of the answer."""
    total_timeout: float = 60.0
    """Seconds allowed for the whole fetch: every redirect hop and the whole body."""


#: The limits used when none are given.
DEFAULT_LIMITS = FetchLimits()


@dataclass(frozen=True)
class _Deadline:
    at: float
    """When every fetch must have ended, on the clock of ``loop.time()`` (`time.monotonic`)."""
    seconds: float
    """The time limit it stands for, for messages."""
    what: str


_DEADLINE: contextvars.ContextVar[_Deadline | None] = contextvars.ContextVar(
    "reader_fetch_deadline", default=None
)


@contextlib.contextmanager
def deadline(at: float, seconds: float, what: str = "the time limit") -> Iterator[None]:
    """Within this block, every fetch (pages and images) ends by *at*, a `time.monotonic`
    time, as well as within its own `FetchLimits`; one that runs out of time fails as
    ``timed out after SECONDS s (WHAT)``.

    The deadline belongs to the running task and the tasks and threads it starts
    (a context variable), so each of several saves under way can have its own.
    """
    token = _DEADLINE.set(_Deadline(at, seconds, what))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


@dataclass(frozen=True)
class Page:
    """A fetched HTML page."""

    url: str
    """The final URL, after redirects."""
    requested_url: str
    """The URL that was asked for."""
    status: int
    """The HTTP status of the final answer (a 2xx)."""
    content_type: str
    """The media type without parameters, e.g. "text/html" (also when sniffed)."""
    encoding: str
    """The Python codec the HTML was decoded with, e.g. "utf-8" or "cp1252"."""
    html: str
    """The body decoded to text (see `reader.text.encoding.decode_html`)."""
    body: bytes
    """The body as received, after undoing any content encoding (gzip, br, ...)."""


def make_client(limits: FetchLimits = DEFAULT_LIMITS) -> httpx.AsyncClient:
    """A client suited to `fetch_page`: no automatic redirects, timeouts from *limits*."""
    return httpx.AsyncClient(
        follow_redirects=False,
        timeout=_timeout(limits),
        limits=httpx.Limits(max_connections=10, max_keepalive_connections=5),
        headers=_HEADERS,
    )


async def fetch_page(
    url: str, *, client: httpx.AsyncClient | None = None, limits: FetchLimits = DEFAULT_LIMITS
) -> Page:
    """Fetch the HTML page at *url*, following redirects, within *limits*.

    Uses *client* if given (it is left open), otherwise a `make_client` one that
    is closed before returning. Raises `InvalidURLError` for an address (or a
    redirect to an address) that is not http(s), and `FetchError` for everything
    else: network failures, timeouts, HTTP error statuses, content that is not
    HTML, an empty page or one larger than ``limits.max_bytes``.
    """
    requested = validate_url(url)
    async with _one_fetch(
        requested, client, limits, " (the time limit for the whole fetch)"
    ) as http:
        return await _follow(http, requested, limits)


def fetch_page_sync(
    url: str, *, client: httpx.AsyncClient | None = None, limits: FetchLimits = DEFAULT_LIMITS
) -> Page:
    """`fetch_page` for synchronous code (not from inside a running event loop)."""
    from reader.web.loop import run

    return run(fetch_page(url, client=client, limits=limits))


@dataclass(frozen=True)
class Download:
    """A resource fetched as bytes by `fetch_bytes` (an image, say)."""

    url: str
    """The final URL, after redirects."""
    content_type: str
    """The media type without parameters, lowercased ("" if none was sent)."""
    body: bytes
    """The body, content encodings undone."""


async def fetch_bytes(
    url: str,
    *,
    client: httpx.AsyncClient | None = None,
    max_bytes: int,
    accept: str = "*/*",
    limits: FetchLimits = DEFAULT_LIMITS,
    what: str = "the file",
) -> Download:
    """Fetch *url* as bytes of any type, within *limits* and at most *max_bytes*.

    Redirects are followed by hand and each hop checked with `validate_url`, as
    in `fetch_page`; the body is read in steps and refused as soon as it passes
    *max_bytes*. The caller judges the content type and the bytes. Every failure
    is a one-line `FetchError` (*what* names the resource in size messages).
    """
    requested = validate_url(url)
    async with _one_fetch(requested, client, limits) as http:
        current = requested
        for _ in range(limits.max_redirects + 1):
            answer = await _get_bytes(http, current, limits, accept, max_bytes, what)
            if isinstance(answer, Download):
                return answer
            current = answer.target
        raise FetchError(
            f"too many redirects (more than {limits.max_redirects}) from {_shorten(requested)}"
        )


@contextlib.asynccontextmanager
async def _one_fetch(
    requested: str,
    client: httpx.AsyncClient | None,
    limits: FetchLimits,
    timeout_note: str = "",
) -> AsyncIterator[httpx.AsyncClient]:
    """The client for one fetch of *requested* (*client*, or one of its own closed after),
    within ``limits.total_timeout``; any failure inside becomes a one-line FetchError."""
    http = make_client(limits) if client is None else client
    seconds = limits.total_timeout
    when = asyncio.get_running_loop().time() + seconds
    outer = _DEADLINE.get()
    if outer is not None and outer.at < when:
        when, seconds, timeout_note = outer.at, outer.seconds, f" ({outer.what})"
    try:
        async with asyncio.timeout_at(when):
            yield http
    except TimeoutError:
        raise FetchError(
            f"timed out after {_seconds(seconds)} s{timeout_note}: {_shorten(requested)}"
        ) from None
    except FetchError:
        raise
    except Exception as exc:  # a bug or a surprise: still one line for the user
        raise FetchError(
            f"could not fetch {_shorten(requested)}: {_one_line(exc) or type(exc).__name__}"
        ) from exc
    finally:
        if client is None:
            await http.aclose()


async def _get_bytes(
    client: httpx.AsyncClient,
    url: str,
    limits: FetchLimits,
    accept: str,
    max_bytes: int,
    what: str,
) -> Download | _Redirect:
    """One request of `fetch_bytes`: a redirect to follow, or the 2xx body."""
    headers = {**_HEADERS, "Accept": accept}
    try:
        request = client.build_request("GET", url, headers=headers, timeout=_timeout(limits))
        response = await client.send(request, stream=True, follow_redirects=False)
    except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError) as exc:
        raise InvalidURLError(f"invalid web address ({_one_line(exc)}): {_shorten(url)}") from None
    except httpx.HTTPError as exc:
        raise _transport_error(exc, url, limits, reading_body=False) from None
    try:
        final_url = str(response.url)
        if response.status_code in _REDIRECT_STATUSES:
            location = response.headers.get("location")
            if not location:
                raise FetchError(f"redirect without a destination: {_shorten(final_url)}")
            await _drain(response)
            return _Redirect(_redirect_target(final_url, location, "redirect"))
        if not response.is_success:
            await _drain(response)
        _check_status(response)
        try:
            body = await _read_body(response, max_bytes, what)
        except httpx.HTTPError as exc:
            raise _transport_error(exc, url, limits, reading_body=True) from None
        return Download(final_url, _media_type(response), body)
    finally:
        await response.aclose()


# --- following redirects ----------------------------------------------------------


@dataclass(frozen=True)
class _Redirect:
    target: str


async def _follow(client: httpx.AsyncClient, requested: str, limits: FetchLimits) -> Page:
    """Request *requested*, following redirects and meta refreshes, up to the limit."""
    visits: dict[str, int] = {}
    hops = 0
    current = requested
    while True:
        visits[current] = visits.get(current, 0) + 1
        answer = await _get(client, current, limits)
        if isinstance(answer, _Redirect):
            target = answer.target
        else:
            refresh = meta_refresh_target(answer.html)
            if refresh is None:
                return Page(
                    url=answer.url,
                    requested_url=requested,
                    status=answer.status,
                    content_type=answer.content_type,
                    encoding=answer.encoding,
                    html=answer.html,
                    body=answer.body,
                )
            target = _redirect_target(answer.url, refresh, "meta refresh")
        # A URL may come back once (a redirect that sets a cookie, say); a third
        # visit is a loop.
        if visits.get(target, 0) >= 2:
            raise FetchError(f"redirect loop: {_shorten(target)} keeps redirecting back")
        hops += 1
        if hops > limits.max_redirects:
            raise FetchError(
                f"too many redirects (more than {limits.max_redirects}) from {_shorten(requested)}"
            )
        current = target


def _redirect_target(base: str, location: str, kind: str) -> str:
    """The absolute, validated URL a redirect points to."""
    try:
        return validate_url(urljoin(base, location.strip()))
    except InvalidURLError as exc:
        raise InvalidURLError(f"refused to follow a {kind}: {exc}") from None
    except ValueError:  # urljoin on a malformed location
        raise InvalidURLError(
            f"refused to follow a {kind} to a malformed address: {_shorten(location)}"
        ) from None


async def _get(client: httpx.AsyncClient, url: str, limits: FetchLimits) -> Page | _Redirect:
    """One request: a redirect to follow, or a 2xx HTML page (requested_url left empty)."""
    try:
        request = client.build_request("GET", url, headers=_HEADERS, timeout=_timeout(limits))
    except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError) as exc:
        raise InvalidURLError(f"invalid web address ({_one_line(exc)}): {_shorten(url)}") from None
    try:
        response = await client.send(request, stream=True, follow_redirects=False)
    except httpx.InvalidURL as exc:
        # httpx parses a redirect's Location even when it does not follow it.
        raise InvalidURLError(
            f"refused to follow a redirect to a malformed address ({_one_line(exc)}) "
            f"from {_shorten(url)}"
        ) from None
    except httpx.HTTPError as exc:
        raise _transport_error(exc, url, limits, reading_body=False) from None
    try:
        status = response.status_code
        final_url = str(response.url)
        if status in _REDIRECT_STATUSES:
            location = response.headers.get("location")
            if not location:
                raise FetchError(
                    f"redirect without a destination (HTTP {status}): {_shorten(final_url)}"
                )
            await _drain(response)
            return _Redirect(_redirect_target(final_url, location, "redirect"))
        if not response.is_success:
            await _drain(response)
        _check_status(response)
        media_type = _media_type(response)
        if media_type not in _HTML_TYPES and media_type not in _UNTYPED:
            raise FetchError(f"not an HTML page but {_describe(media_type)}: {_shorten(final_url)}")
        try:
            body = await _read_body(response, limits.max_bytes)
        except httpx.HTTPError as exc:
            raise _transport_error(exc, url, limits, reading_body=True) from None
    finally:
        await response.aclose()
    if not body.strip():
        raise FetchError(f"the page is empty: {_shorten(final_url)}")
    if media_type in _UNTYPED:
        if not _sniffs_as_html(body):
            what = f"content type {media_type}" if media_type else "no content type"
            raise FetchError(
                f"not an HTML page ({what}, and it does not look like HTML): {_shorten(final_url)}"
            )
        media_type = "text/html"
    text, codec = decode_html(body, response.charset_encoding)
    return Page(final_url, "", status, media_type, codec, text, body)


# --- statuses and content types ---------------------------------------------------

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Types that say nothing: the body is accepted if it sniffs as HTML.
_UNTYPED = frozenset({"", "application/octet-stream", "binary/octet-stream", "unknown/unknown"})


_DRAIN_BYTES = 64 * 1024
"""Most of an unwanted body (a redirect's, an error page) read to keep its connection."""


async def _drain(response: httpx.Response) -> None:
    """Read and drop the rest of a small body reader does not want, so that closing the
    response gives its connection back to the pool: the next request to that site (the
    redirect's target, the next page of an import) then skips a new TCP and TLS
    handshake. A body that says it is larger, or turns out to be, is left: closing it
    closes the connection, which is cheaper than reading it."""
    length = response.headers.get("content-length", "")
    if length and (not length.isdigit() or int(length) > _DRAIN_BYTES):
        return
    read = 0
    with contextlib.suppress(httpx.HTTPError):
        async for chunk in response.aiter_raw():
            read += len(chunk)
            if read > _DRAIN_BYTES:
                return


def _check_status(response: httpx.Response) -> None:
    """Raise a one-line `FetchError` unless *response* has a 2xx status."""
    status = response.status_code
    if 200 <= status < 300:
        return
    if status == 404:
        what = "page not found (HTTP 404)"
    elif status == 410:
        what = "page is gone (HTTP 410)"
    elif status == 429:
        what = "too many requests (HTTP 429)"
    elif status in (401, 403, 407):
        what = f"access denied (HTTP {status})"
    elif status == 451:
        what = "unavailable for legal reasons (HTTP 451)"
    elif 400 <= status < 500:
        what = f"request refused (HTTP {status})"
    elif 500 <= status < 600:
        what = f"server error (HTTP {status})"
    else:
        what = f"unexpected answer (HTTP {status})"
    message = f"{what}: {_shorten(str(response.url))}"
    retry_after = _one_line(response.headers.get("retry-after", ""))[:64]
    if retry_after and status in (429, 503):
        unit = " s" if retry_after.isdigit() else ""
        message += f"; retry after {retry_after}{unit}"
    raise FetchError(message)


def _media_type(response: httpx.Response) -> str:
    """The Content-Type of *response* without parameters, lowercased ("" if none)."""
    value = response.headers.get("content-type", "")
    return _one_line(value.split(";", 1)[0]).strip().lower()[:100]


_KINDS = {
    "application/pdf": "a PDF document",
    "application/json": "JSON data",
    "text/plain": "plain text",
    "text/csv": "a CSV table",
    "application/xml": "an XML document",
    "text/xml": "an XML document",
    "application/rss+xml": "a news feed",
    "application/atom+xml": "a news feed",
    "application/zip": "a zip archive",
    "application/javascript": "a script",
    "text/javascript": "a script",
    "text/css": "a style sheet",
}
_KIND_FAMILIES = {"image": "an image", "video": "a video", "audio": "an audio file"}


def _describe(media_type: str) -> str:
    """*media_type* with a plain-words description, e.g. "a PDF document (application/pdf)"."""
    kind = _KINDS.get(media_type) or _KIND_FAMILIES.get(media_type.partition("/")[0])
    if kind is None and media_type.endswith("+json"):
        kind = "JSON data"
    return f"{kind} ({media_type})" if kind else media_type


# The WHATWG "text/html" sniffing patterns, after leading whitespace.
_HTML_SIGNATURES = tuple(
    f"<{tag}".encode()
    for tag in (
        "!doctype html",
        "html",
        "head",
        "script",
        "iframe",
        "h1",
        "div",
        "font",
        "table",
        "a",
        "style",
        "title",
        "b",
        "body",
        "br",
        "p",
        "!--",
        "meta",
    )
)


def _sniffs_as_html(body: bytes) -> bool:
    """Whether *body* starts like an HTML document (as browsers decide it)."""
    start = body[:1024].removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n\f").lower()
    for signature in _HTML_SIGNATURES:
        if start.startswith(signature):
            after = start[len(signature) : len(signature) + 1]
            if after in (b" ", b">", b"\t", b"\n", b"\r", b"\f") or signature == b"<!--":
                return True
    return start.startswith(b"<?xml") and b"<html" in start


# --- reading the body -------------------------------------------------------------


async def _read_body(response: httpx.Response, max_bytes: int, what: str = "the page") -> bytes:
    """The decoded body of *response*; `FetchError` as soon as it exceeds *max_bytes*."""
    too_large = FetchError(
        f"{what} is too large (more than {byte_size(max_bytes)}): {_shorten(str(response.url))}"
    )
    decoder = ContentDecoder(response.headers.get("content-encoding", ""))
    declared = response.headers.get("content-length", "").strip()
    if decoder.identity and declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    body = bytearray()
    async for raw in response.aiter_raw():
        for piece in decoder.feed(raw):
            body += piece
            if len(body) > max_bytes:
                raise too_large
    for piece in decoder.finish():
        body += piece
        if len(body) > max_bytes:
            raise too_large
    return bytes(body)


# --- network errors ---------------------------------------------------------------


def _transport_error(
    exc: httpx.HTTPError, url: str, limits: FetchLimits, *, reading_body: bool
) -> FetchError:
    """A one-line `FetchError` for a network failure while fetching *url*."""
    parts = urlsplit(url)
    host = parts.hostname or url
    where = parts.netloc.rpartition("@")[2] or host
    causes = list(_causes(exc))
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return FetchError(
            f"timed out after {_seconds(limits.connect_timeout)} s connecting to {host}"
        )
    if isinstance(exc, httpx.TimeoutException):
        waiting = "for more of the page from" if reading_body else "for an answer from"
        return FetchError(
            f"timed out after {_seconds(limits.read_timeout)} s waiting {waiting} {host}"
        )
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return InvalidURLError(f"invalid web address ({_one_line(exc)}): {_shorten(url)}")
    for cause in causes:
        if isinstance(cause, socket.gaierror):
            return FetchError(f"could not resolve host {host}")
        if isinstance(cause, ConnectionRefusedError):
            return FetchError(f"connection refused by {where}")
        if isinstance(cause, ConnectionResetError):
            when = "partway through the page" if reading_body else "before answering"
            return FetchError(f"connection reset by {where} {when}")
        if isinstance(cause, ssl.SSLCertVerificationError):
            reason = cause.verify_message or cause.reason or "not trusted"
            return FetchError(f"TLS certificate of {host} is not valid: {_one_line(reason)}")
        if isinstance(cause, ssl.SSLError):
            reason = cause.reason or _one_line(cause)
            return FetchError(f"TLS error with {host}: {_one_line(reason)}")
    message = _one_line(exc)
    if isinstance(exc, httpx.ConnectError):
        if _looks_like_dns_failure(message):
            return FetchError(f"could not resolve host {host}")
        return FetchError(f"could not connect to {where}: {message or 'connection failed'}")
    if isinstance(exc, httpx.RemoteProtocolError):
        if reading_body:
            return FetchError(f"connection closed by {where} before the page was complete")
        if "without sending" in message or "disconnected" in message.lower():
            return FetchError(f"{where} closed the connection without answering")
        return FetchError(f"invalid HTTP answer from {where}: {message}")
    return FetchError(f"network error with {where}: {message or type(exc).__name__}")


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """*exc* and the exceptions it was raised from, innermost last."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


_DNS_FAILURES = (
    "name or service not known",
    "nodename nor servname",
    "temporary failure in name resolution",
    "no address associated with hostname",
    "getaddrinfo failed",
    "name resolution",
)


def _looks_like_dns_failure(message: str) -> bool:
    lowered = message.lower()
    return any(phrase in lowered for phrase in _DNS_FAILURES)


# --- small helpers ----------------------------------------------------------------


def _timeout(limits: FetchLimits) -> httpx.Timeout:
    return httpx.Timeout(
        connect=limits.connect_timeout,
        read=limits.read_timeout,
        write=limits.read_timeout,
        pool=limits.connect_timeout,
    )


def _seconds(value: float) -> str:
    """*value* seconds without a useless ".0": 20.0 -> "20", 0.5 -> "0.5"."""
    return f"{value:g}"


def _one_line(value: object) -> str:
    """*value* as a single line of printable text."""
    text = " ".join(str(value).split())
    return "".join(c if c.isprintable() else "?" for c in text)


def _shorten(url: str, limit: int = 200) -> str:
    """*url* on one line, cut to *limit* characters, for a message."""
    text = _one_line(url)
    return text if len(text) <= limit else text[: limit - 1] + "…"
