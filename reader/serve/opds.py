"""OPDS 1.2 catalog at ``/opds``: unread, archive, favorites, each tag and a search, every
article with an EPUB acquisition link; behind HTTP Basic (see `reader.serve.app`)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from reader.errors import NotFoundError
from reader.library import Library
from reader.models import Entry
from reader.store.index import Filter
from reader.text.sanitize import clean_line

NAVIGATION = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"
#: Most articles listed in one feed.
FEED_LIMIT = 500


def _x(value: str) -> str:
    return escape(clean_line(value))


def _feed(feed_id: str, title: str, kind: str, entries: list[str], self_href: str) -> Response:
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    body = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/terms/" '
        'xmlns:opds="http://opds-spec.org/2010/catalog">\n'
        f"<id>urn:reader:{feed_id}</id><title>{_x(title)}</title><updated>{now}</updated>\n"
        "<author><name>reader</name></author>\n"
        f'<link rel="self" href={quoteattr(self_href)} type="{kind}"/>\n'
        f'<link rel="start" href="/opds" type="{NAVIGATION}"/>\n'
        '<link rel="search" href="/opds/search.xml" '
        'type="application/opensearchdescription+xml"/>\n' + "\n".join(entries) + "\n</feed>\n"
    )
    return Response(body.encode("utf-8"), media_type=kind)


def _nav_entry(entry_id: str, title: str, href: str, content: str = "") -> str:
    return (
        f"<entry><title>{_x(title)}</title><id>urn:reader:{entry_id}</id>"
        f"<updated>{datetime.now(UTC).replace(microsecond=0).isoformat()}</updated>"
        f'<content type="text">{_x(content)}</content>'
        f'<link rel="subsection" href={quoteattr(href)} type="{ACQUISITION}"/></entry>'
    )


def _book_entry(entry: Entry) -> str:
    parts = [
        f"<entry><title>{_x(entry.title)}</title><id>urn:reader:article:{entry.id}</id>",
        f"<updated>{entry.saved_at.astimezone(UTC).replace(microsecond=0).isoformat()}</updated>",
    ]
    if entry.byline:
        parts.append(f"<author><name>{_x(entry.byline)}</name></author>")
    if entry.lang:
        parts.append(f"<dc:language>{_x(entry.lang)}</dc:language>")
    if entry.excerpt:
        parts.append(f'<summary type="text">{_x(entry.excerpt)}</summary>')
    parts.extend(f"<category term={quoteattr(clean_line(t))}/>" for t in entry.tags)
    parts.append(
        f'<link rel="http://opds-spec.org/acquisition" href="/opds/articles/{entry.id}.epub" '
        'type="application/epub+zip"/>'
    )
    parts.append(f'<link rel="alternate" href={quoteattr(entry.url)} type="text/html"/></entry>')
    return "".join(parts)


class Feeds:
    """The catalog's feeds over one library."""

    def __init__(self, library: Library) -> None:
        self.library = library

    def _books(self, feed_id: str, title: str, entries: list[Entry], href: str) -> Response:
        shown = [e for e in entries if e.fetched][:FEED_LIMIT]
        return _feed(feed_id, title, ACQUISITION, [_book_entry(e) for e in shown], href)

    async def root(self, request: Request) -> Response:
        """The start: the views and the tags."""
        self.library.sync(check_files=False)  # see articles saved elsewhere meanwhile
        counts = self.library.counts()
        items = [
            _nav_entry("unread", "Unread", "/opds/unread", f"{counts.get('unread', 0)} articles"),
            _nav_entry("archive", "Archive", "/opds/archive", f"{counts.get('archived', 0)}"),
            _nav_entry(
                "favorites", "Favorites", "/opds/favorites", f"{counts.get('favorites', 0)}"
            ),
            *(
                _nav_entry(f"tag:{tag}", f"Tag: {tag}", f"/opds/tags/{quote(tag, safe='')}", str(n))
                for tag, n in sorted(self.library.tag_counts().items())
            ),
        ]
        return _feed("root", "reader", NAVIGATION, items, "/opds")

    async def unread(self, request: Request) -> Response:
        """Unread articles, newest first."""
        entries = self.library.entries(Filter(status="unread"), limit=FEED_LIMIT)
        return self._books("unread", "Unread", entries, "/opds/unread")

    async def archive(self, request: Request) -> Response:
        """Archived articles."""
        entries = self.library.entries(Filter(status="archived"), limit=FEED_LIMIT)
        return self._books("archive", "Archive", entries, "/opds/archive")

    async def favorites(self, request: Request) -> Response:
        """Favorite articles."""
        entries = self.library.entries(Filter(favorite=True), limit=FEED_LIMIT)
        return self._books("favorites", "Favorites", entries, "/opds/favorites")

    async def tag(self, request: Request) -> Response:
        """The articles of one tag."""
        tag = str(request.path_params["tag"])
        entries = self.library.entries(Filter(tag=tag), limit=FEED_LIMIT)
        href = f"/opds/tags/{quote(tag, safe='')}"
        return self._books(f"tag:{tag}", f"Tag: {tag}", entries, href)

    async def search(self, request: Request) -> Response:
        """Full-text search (``?q=``)."""
        text = request.query_params.get("q", "")[:500]
        entries = self.library.search(text, limit=FEED_LIMIT) if text.strip() else []
        return self._books("search", f"Search: {text}", entries, "/opds/search")

    async def search_description(self, request: Request) -> Response:
        """The OpenSearch description that tells clients how to search."""
        body = (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">'
            "<ShortName>reader</ShortName><Description>Search saved articles</Description>"
            f'<Url type="{ACQUISITION}" template="/opds/search?q={{searchTerms}}"/>'
            "</OpenSearchDescription>\n"
        )
        return Response(body.encode("utf-8"), media_type="application/opensearchdescription+xml")

    async def book(self, request: Request) -> Response:
        """One article as an EPUB."""
        from reader.exporters.epub import write_epub

        key = str(request.path_params["article"])
        try:
            entry = self.library.get(key) if key.isalnum() else None
        except NotFoundError:
            entry = None
        if entry is None or entry.id != key.lower():
            return Response("no such article", status_code=404, media_type="text/plain")
        out = io.BytesIO()
        write_epub(self.library, [entry], out)
        return Response(
            out.getvalue(),
            media_type="application/epub+zip",
            headers={"Content-Disposition": f'attachment; filename="{entry.id}.epub"'},
        )


def routes(feeds: Feeds) -> list[Route]:
    """The catalog's routes."""
    return [
        Route("/opds", feeds.root, methods=["GET"]),
        Route("/opds/unread", feeds.unread, methods=["GET"]),
        Route("/opds/archive", feeds.archive, methods=["GET"]),
        Route("/opds/favorites", feeds.favorites, methods=["GET"]),
        Route("/opds/tags/{tag:str}", feeds.tag, methods=["GET"]),
        Route("/opds/search", feeds.search, methods=["GET"]),
        Route("/opds/search.xml", feeds.search_description, methods=["GET"]),
        Route("/opds/articles/{article:str}.epub", feeds.book, methods=["GET"]),
    ]
