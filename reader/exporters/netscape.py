"""The Netscape bookmark export, which browsers, Pinboard, Raindrop and others import.

Besides the usual ``HREF``, ``ADD_DATE`` and ``TAGS``, each bookmark says
``TOREAD="1"`` when unread (Pinboard's convention) or ``TOREAD="0"`` when archived,
and ``FAVORITE="1"`` for favorites; other tools ignore what they do not know. An
article's excerpt is its ``<DD>`` description.
"""

from __future__ import annotations

from html import escape
from typing import TextIO

from reader.library import Library

_HEADER = """<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file. It will be read and overwritten. -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
"""


def export_netscape(library: Library, out: TextIO) -> int:
    """Write *library* as a Netscape bookmark file to *out*; returns the count."""
    out.write(_HEADER)
    count = 0
    for entry in library.iter_entries(sort="saved-asc"):
        attrs = [
            f'HREF="{escape(entry.url)}"',
            f'ADD_DATE="{int(entry.saved_at.timestamp())}"',
        ]
        if entry.tags:
            attrs.append(f'TAGS="{escape(",".join(entry.tags))}"')
        attrs.append(f'TOREAD="{"1" if entry.status == "unread" else "0"}"')
        if entry.favorite:
            attrs.append('FAVORITE="1"')
        out.write(f"    <DT><A {' '.join(attrs)}>{escape(entry.title, quote=False)}</A>\n")
        if entry.excerpt:
            out.write(f"    <DD>{escape(' '.join(entry.excerpt.split()), quote=False)}\n")
        count += 1
    out.write("</DL><p>\n")
    return count
