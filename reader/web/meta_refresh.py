"""Find where a `<meta http-equiv="refresh">` redirect page points."""

from __future__ import annotations

import html as html_entities
import re

_MAX_REFRESH_PAGE = 16_384  # characters: a redirect page is tiny
_MAX_REFRESH_TEXT = 200  # visible characters, e.g. "Redirecting… click here"
_META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")
_REFRESH = re.compile(r"\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?(.*)", re.IGNORECASE | re.DOTALL)
_INVISIBLE = re.compile(
    r"<!--.*?-->|<(script|style|title|noscript)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_TAG = re.compile(r"<[^>]*>")


def meta_refresh_target(html: str) -> str | None:
    """The URL a tiny redirect page sends to with ``<meta http-equiv="refresh">``.

    Only a page with (almost) nothing else to show counts: a real article that
    happens to refresh itself is kept. The URL is returned as written (it may be
    relative); None if there is no such redirect.
    """
    if len(html) > _MAX_REFRESH_PAGE:
        return None
    target = None
    for tag in _META_TAG.findall(html):
        attributes = {
            name.lower(): html_entities.unescape(value.strip("\"'"))
            for name, value in _ATTRIBUTE.findall(tag)
        }
        if attributes.get("http-equiv", "").strip().lower() != "refresh":
            continue
        match = _REFRESH.fullmatch(attributes.get("content", ""))
        url = match.group(1).strip().strip("\"'").strip() if match else ""
        if url:
            target = url
            break
    if target is None:
        return None
    visible = html_entities.unescape(_TAG.sub(" ", _INVISIBLE.sub(" ", html)))
    if len(" ".join(visible.split())) > _MAX_REFRESH_TEXT:
        return None
    return target
