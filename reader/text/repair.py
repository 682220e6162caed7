"""Undo the two ways a page's short texts most often arrive garbled.

- Entities escaped twice: a CMS escapes a title for HTML and the template escapes
  it again, so after parsing the text still reads ``M&#038;A`` or ``It&#8217;s``.
- Mojibake: UTF-8 bytes decoded as Latin-1 or Windows-1252 somewhere upstream, so
  an em dash reads ``â\\x80\\x94`` and an apostrophe ``â€™``.

`repair` fixes both in a title, a byline or a site name. It changes only what can
be decoded back exactly, so ordinary accented text is left as it is.
"""

from __future__ import annotations

import html
import re

#: An entity left in text that has already been parsed once: ``&amp;``, ``&#038;``,
#: ``&#x27;``. Named entities need their semicolon here, so "AT&T" stays.
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

#: Windows-1252 characters that stand for the bytes 0x80-0x9f in mojibake.
_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_CONTINUATION = f"[\u0080-\u00bf{_CP1252_HIGH}]"

#: A UTF-8 lead byte read as a Latin-1 letter, followed by as many continuation
#: bytes as it announces (one for C2-DF, two for E0-EF, three for F0-F4).
_MOJIBAKE = re.compile(
    f"[\u00c2-\u00df]{_CONTINUATION}"
    f"|[\u00e0-\u00ef]{_CONTINUATION}{{2}}"
    f"|[\u00f0-\u00f4]{_CONTINUATION}{{3}}"
)


def repair(text: str) -> str:
    """*text* with leftover entities decoded and UTF-8 mojibake undone."""
    if not text:
        return text
    for _ in range(2):  # "&amp;#8230;" takes two rounds
        if not _ENTITY.search(text):
            break
        text = html.unescape(text)
    if _MOJIBAKE.search(text):
        text = _MOJIBAKE.sub(_redecode, text)
    return text


def _redecode(match: re.Match[str]) -> str:
    """The character whose UTF-8 bytes *match* shows as Latin-1/1252, or *match* itself."""
    raw = bytearray()
    for char in match.group(0):
        code = ord(char)
        if code < 0x100:
            raw.append(code)
        else:
            raw.extend(char.encode("cp1252"))
    try:
        return bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return match.group(0)
