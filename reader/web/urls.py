"""Web addresses: check that a URL can be fetched, and give it one canonical form.

`validate_url` is the gate every address passes before reader fetches it (the one
the user typed and every redirect hop). `normalize_url` is the key used to notice
that two addresses name the same page, e.g. when a link is saved twice with
different tracking parameters. `same_site` says whether a page may speak for
another address (its ``rel=canonical``), and `canonical_key` is that rule as
the key the library recognises a page by.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from urllib.parse import SplitResult, quote, urlsplit, urlunsplit

from reader.errors import InvalidURLError

# `typing` costs milliseconds to import, and `reader list` imports this module.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList

__all__ = [
    "MAX_URL_LENGTH",
    "TRACKING_PARAMS",
    "canonical_key",
    "normalize_url",
    "same_site",
    "site_of",
    "validate_url",
    "without_tracking",
]

#: Longest URL accepted, in characters. Browsers and servers balk well before this.
MAX_URL_LENGTH = 8192

#: Query parameters that only tell analytics where a click came from; they never
#: change which page is served, so `normalize_url` drops them. Compared lowercased.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",  # Facebook
        "gclid",  # Google Ads
        "gclsrc",
        "dclid",  # Google Display
        "gbraid",
        "wbraid",
        "msclkid",  # Microsoft Ads
        "yclid",  # Yandex
        "twclid",  # X / Twitter
        "ttclid",  # TikTok
        "li_fat_id",  # LinkedIn
        "igshid",  # Instagram
        "mc_cid",  # Mailchimp
        "mc_eid",
        "_ga",  # Google Analytics cross-domain
        "_gl",
        "_hsenc",  # HubSpot
        "_hsmi",
        "__hssc",
        "__hstc",
        "__hsfp",
        "hsctatracking",
        "mkt_tok",  # Marketo
        "oly_anon_id",  # Omeda
        "oly_enc_id",
        "vero_id",  # Vero
        "vero_conv",
        "wickedid",
        "rb_clickid",
        "s_cid",  # Adobe
        "ref_src",  # Twitter embeds
        "ref_url",
        "srsltid",  # Google Merchant
        "epik",  # Pinterest
    }
)
_TRACKING_PREFIXES = ("utm_",)

_SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443}

# "example.com/path" or "localhost:8000": something a user meant as a web address
# but typed without its scheme.
_BARE_ADDRESS = re.compile(
    r"^(?:[a-z0-9-]+\.)+[a-z][a-z0-9-]*\.?(?::\d+)?(?:[/?#].*)?$|^localhost(?::\d+)?(?:[/?#].*)?$",
    re.IGNORECASE | re.DOTALL,
)
_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# Characters left as they are when percent-encoding a path or query (RFC 3986
# reserved and unreserved characters, plus "%" so existing escapes survive).
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_QUERY_SAFE = _PATH_SAFE + "?"


def validate_url(url: str) -> str:
    """Return *url* without surrounding whitespace if it is a fetchable web address.

    Only ``http`` and ``https`` URLs with a valid host are accepted. Anything else
    (``ftp:``, ``file:``, ``javascript:``, ``data:``, ``mailto:``, a missing scheme or
    host, spaces or control characters, more than `MAX_URL_LENGTH` characters)
    raises `InvalidURLError` with a one-line explanation. An address typed without
    its scheme, such as ``example.com/path``, is refused with a suggestion of
    ``https://example.com/path``.
    """
    text = url.strip()
    if not text:
        raise InvalidURLError("no web address given")
    if len(text) > MAX_URL_LENGTH:
        raise InvalidURLError(
            f"web address is too long ({len(text)} characters; the limit is {MAX_URL_LENGTH})"
        )
    shown = _shorten(text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidURLError(f"web address is not valid text: {shown}") from None
    try:
        parts = urlsplit(text)
    except ValueError as exc:
        raise InvalidURLError(f"malformed web address ({exc}): {shown}") from None
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        if text.startswith("//"):
            raise InvalidURLError(f"web address has no scheme: {shown} (try https:{shown})")
        if _BARE_ADDRESS.match(text):
            raise InvalidURLError(f"web address has no scheme: {shown} (try https://{shown})")
        raise InvalidURLError(f"not a web address (only http and https are supported): {shown}")
    if _CONTROL.search(text):
        raise InvalidURLError(f"web address contains spaces or control characters: {shown}")
    try:
        _check_host(parts)
    except InvalidURLError as exc:
        raise InvalidURLError(f"{exc}: {shown}") from None
    return text


def normalize_url(url: str) -> str:
    """Return the canonical form of *url*, used to recognise the same page twice.

    The URL is validated first (`InvalidURLError` if it is not a web address), then:

    - the scheme and host are lowercased, an internationalised host is written in
      its ASCII (IDNA, ``xn--``) form and a trailing dot on the host is dropped;
    - the default port (80 for http, 443 for https) is dropped;
    - the fragment (``#...``) is dropped: it never reaches the server;
    - tracking query parameters (``utm_*`` and `TRACKING_PARAMS`, such as ``fbclid``
      or ``gclid``) are dropped; other parameters keep their order and spelling;
      an empty query leaves no ``?`` behind;
    - the path keeps its case; ``.`` and ``..`` segments are resolved, an empty path
      becomes ``/``;
    - percent-escapes get uppercase hex digits, escaped unreserved characters
      (letters, digits, ``-._~``) are unescaped and characters that must be
      escaped (spaces, non-ASCII) are, so equivalent spellings compare equal.

    Normalising a normalised URL returns it unchanged.
    """
    parts = urlsplit(validate_url(url))
    scheme = parts.scheme.lower()
    host = _ascii_host(parts)
    netloc = f"[{host}]" if ":" in host else host
    port = parts.port
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    userinfo, at, _ = parts.netloc.rpartition("@")
    if at:
        netloc = f"{userinfo}@{netloc}"
    path = _remove_dot_segments(_canonical_escapes(parts.path, _PATH_SAFE)) or "/"
    query = _strip_tracking(parts.query)
    return urlunsplit((scheme, netloc, path, _canonical_escapes(query, _QUERY_SAFE), ""))


def without_tracking(url: str) -> str:
    """*url* (validated first) without its tracking query parameters, the same ones
    `normalize_url` drops; everything else stays as written, fragment included.

    This is the address reader keeps and fetches: the page is the same, and the
    site is not told which newsletter or campaign the click came from.
    """
    text = validate_url(url)
    parts = urlsplit(text)
    if not parts.query:
        return text
    query = _strip_tracking(parts.query)
    if query == parts.query:
        return text
    return urlunsplit(parts._replace(query=query))


def site_of(url: str) -> str | None:
    """The site *url* belongs to: its registrable domain ("example.com" for
    ``https://www.example.com/a`` and ``http://m.example.com:8080/b``), by the Public
    Suffix List, so that ``a.co.uk`` and ``b.co.uk``, or ``you.github.io`` and
    ``me.github.io``, are different sites. An IP address, or a name that is itself a
    public suffix or has none (``localhost``), is its own site. None for an address
    that is not a web address.

    Scheme and port do not matter, as for a browser's "same site".
    """
    try:
        host = _ascii_host(urlsplit(validate_url(url)))
    except (InvalidURLError, ValueError):
        return None
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return host
    return _suffixes().privatesuffix(host) or host


def same_site(a: str, b: str) -> bool:
    """Whether the pages at *a* and *b* are on one site (see `site_of`): only then may
    one stand in for the other (a page naming the other its canonical address)."""
    site = site_of(a)
    return site is not None and site == site_of(b)


def canonical_key(url: str, canonical: str | None) -> str | None:
    """The normalised *canonical* address the page at *url* may also be recognised
    by, or None: when it declares none, or one on another site (a page on one host
    never answers for another site's address, whatever it claims)."""
    if not canonical or not same_site(url, canonical):
        return None
    return normalize_url(canonical)


@functools.cache
def _suffixes() -> PublicSuffixList:
    """The Public Suffix List (loaded on first use: it takes some 50 ms)."""
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def _check_host(parts: SplitResult) -> None:
    """Raise `InvalidURLError` unless *parts* has a usable host and port."""
    _ascii_host(parts)
    try:
        parts.port  # noqa: B018 - parsing the port is the check
    except ValueError:
        raise InvalidURLError("invalid port in web address") from None


def _ascii_host(parts: SplitResult) -> str:
    """The lowercased ASCII form of the host of *parts* (IPv6 without brackets)."""
    host = parts.hostname
    if not host:
        raise InvalidURLError("web address has no host")
    if ":" in host:  # an IPv6 literal; urlsplit has stripped its brackets
        try:
            return str(ipaddress.IPv6Address(host))
        except ValueError:
            raise InvalidURLError("invalid IPv6 address in web address") from None
    host = host.removesuffix(".")
    if not host:
        raise InvalidURLError("web address has no host")
    if not host.isascii():
        import idna  # only for a non-ASCII host: saving a page or tagging one never needs it

        try:
            host = idna.encode(host, uts46=True).decode("ascii")
        except (idna.IDNAError, UnicodeError):
            raise InvalidURLError("invalid international host name in web address") from None
    host = host.lower()
    labels = host.split(".")
    if len(host) > 253 or not all(_LABEL.match(label) for label in labels):
        raise InvalidURLError("invalid host name in web address")
    return host


def _strip_tracking(query: str) -> str:
    """*query* without tracking parameters or empty ``&&`` pieces, order kept."""
    kept = []
    for piece in query.split("&"):
        if not piece:
            continue
        key = _unescape_all(piece.partition("=")[0]).lower()
        if key in TRACKING_PARAMS or key.startswith(_TRACKING_PREFIXES):
            continue
        kept.append(piece)
    return "&".join(kept)


def _unescape_all(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _canonical_escapes(text: str, safe: str) -> str:
    """Escape what must be escaped; write every escape the one canonical way."""
    escaped = quote(text, safe=safe)

    def canonical(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    return _ESCAPE.sub(canonical, escaped)


def _remove_dot_segments(path: str) -> str:
    """Resolve ``.`` and ``..`` segments of an absolute path (RFC 3986, 5.2.4)."""
    if not path:
        return path
    segments = path.split("/")
    output: list[str] = []
    for segment in segments[1:]:
        if segment == ".":
            continue
        if segment == "..":
            if output:
                output.pop()
            continue
        output.append(segment)
    if segments[-1] in {".", ".."}:
        output.append("")  # "/a/b/.." means the folder "/a/", not the file "/a"
    return "/" + "/".join(output)


def _shorten(text: str, limit: int = 200) -> str:
    """*text* made printable on one line and cut to *limit* characters, for a message."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if not text.isprintable():
        text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return text
