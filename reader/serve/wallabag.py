"""The wallabag v2 API, the subset its apps use: each handler turns a request into calls of
reader's library use cases and the answer into wallabag's JSON.

Ids are numbers derived from reader's own (`reader.serve.ids`). A highlight is a
wallabag annotation: its quote and note are reader's stored truth, and the range
served (annotator.js's XPath and offsets) is where it sits now in the content
served, which is the article's EPUB body (`reader.exporters.epub.render_body`).
``updated_at`` is when the article was saved (reader keeps no other time), so
``since`` finds new articles.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from reader.errors import NotFoundError, ReaderError
from reader.exporters.epub import ArticleBody, render_body
from reader.library import Library
from reader.library.highlighting import add_highlight, remove_highlight, set_note
from reader.models import Entry
from reader.serve.auth import Guard
from reader.serve.ids import entry_number, find_entry, highlight_number, tag_number, tag_slug
from reader.store.index import Filter
from reader.text.sanitize import clean_line

#: The wallabag version reported (wallabag-client wants 2.1.1 or later).
VERSION = "2.6.10"
#: Entries per page when the client does not say; the most it may ask for.
DEFAULT_PER_PAGE, MAX_PER_PAGE = 30, 100_000
#: Export formats and their media types.
EXPORTS = {
    "epub": "application/epub+zip",
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}

Handler = Callable[[Request], Awaitable[Response]]


class ApiError(Exception):
    """A request the API refuses: its status and message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _json(value: object, status: int = 200) -> Response:
    # wallabag-client parses a body only when Content-Type is exactly application/json.
    body = json.dumps(value, ensure_ascii=False).encode("utf-8")
    return Response(body, status_code=status, media_type="application/json")


def _stamp(when: datetime) -> str:
    return when.astimezone(UTC).replace(microsecond=0).isoformat()


def url_hash(url: str) -> str:
    """wallabag's hashed URL: the SHA-1 of the address, in hex."""
    import hashlib

    return hashlib.sha1(url.encode("utf-8"), usedforsecurity=False).hexdigest()


def _flag(value: object) -> bool | None:
    """A wallabag boolean parameter (``1``/``0``/``true``/``false``), or None when absent."""
    if value is None or value == "":
        return None
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ApiError(400, f"not a boolean: {clean_line(str(value))[:40]!r}")


def _int(value: object, default: int, name: str) -> int:
    if value is None or value == "":
        return default
    try:
        return int(str(value))
    except ValueError:
        raise ApiError(400, f"{name} must be a number") from None


def _tags(value: object) -> list[str]:
    if value is None:
        return []
    items = [str(v) for v in value] if isinstance(value, list) else str(value).split(",")
    return [t.strip() for t in items if t.strip()][:100]


async def _params(request: Request) -> dict[str, Any]:
    """The query parameters and the body's fields (JSON or form), body winning."""
    params: dict[str, Any] = {}
    for key, value in request.query_params.multi_items():
        if key.endswith("[]"):
            params.setdefault(key[:-2], []).append(value)
        else:
            params[key] = value
    body = await request.body()
    if not body:
        return params
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json" or (not kind and body[:1] in (b"{", b"[")):
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, "the body is not valid JSON") from None
        if not isinstance(data, dict):
            raise ApiError(400, "the body must be a JSON object")
        params.update(data)
    else:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ApiError(400, "the body is not UTF-8") from None
        for key, value in parse_qsl(text, keep_blank_values=True, max_num_fields=1000):
            if key.endswith("[]"):
                params.setdefault(key[:-2], []).append(value)
            else:
                params[key] = value
    return params


def _guarded(handler: Handler) -> Handler:
    """*handler* with reader's errors and the API's own answered as JSON errors."""

    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except ApiError as exc:
            return _json({"error": str(exc), "error_description": str(exc)}, exc.status)
        except NotFoundError as exc:
            return _json({"error": "not_found", "error_description": str(exc)}, 404)
        except ReaderError as exc:
            return _json({"error": "bad_request", "error_description": str(exc)}, 400)
        except ValueError as exc:
            return _json({"error": "bad_request", "error_description": str(exc)}, 400)

    return run


class WallabagApi:
    """The handlers, over one library and one account."""

    def __init__(self, library: Library, guard: Guard, *, images: bool = True) -> None:
        self.library = library
        self.guard = guard
        self.images = images

    # -- signing in --------------------------------------------------------------------------

    async def token(self, request: Request) -> Response:
        """``/oauth/v2/token``: the password and refresh_token grants, from a query, a form
        or a JSON body."""
        params = await _params(request)
        grant_type = str(params.get("grant_type", ""))
        client_ok = self.guard.credentials.check_client(
            str(params.get("client_id", "")), str(params.get("client_secret", ""))
        )
        if not client_ok:
            return _json(
                {
                    "error": "invalid_client",
                    "error_description": "The client credentials are invalid",
                },
                400,
            )
        tokens = self.guard.tokens
        if grant_type == "password":
            address = request.client.host if request.client else "?"
            ok = self.guard.sign_in(
                address, str(params.get("username", "")), str(params.get("password", ""))
            )
            if ok is None:
                wait = math.ceil(self.guard.throttle.wait(address))
                response = _json(
                    {"error": "too_many_attempts", "error_description": "Too many wrong passwords"},
                    429,
                )
                response.headers["Retry-After"] = str(max(1, wait))
                return response
            if not ok:
                return _json(
                    {
                        "error": "invalid_grant",
                        "error_description": "Invalid username and password combination",
                    },
                    400,
                )
            return _json(tokens.issue().to_json(tokens.clock()))
        if grant_type == "refresh_token":
            grant = tokens.refresh(str(params.get("refresh_token", "")))
            if grant is None:
                return _json(
                    {"error": "invalid_grant", "error_description": "Invalid refresh token"}, 400
                )
            return _json(grant.to_json(tokens.clock()))
        return _json(
            {"error": "unsupported_grant_type", "error_description": "Invalid grant_type"}, 400
        )

    async def version(self, request: Request) -> Response:
        """``/api/version``: the wallabag version spoken."""
        return _json(VERSION)

    async def info(self, request: Request) -> Response:
        """``/api/info``."""
        return _json({"appname": "wallabag", "version": VERSION, "allowed_registration": False})

    async def user(self, request: Request) -> Response:
        """``/api/user``: the one account."""
        name = self.guard.credentials.username
        return _json(
            {
                "id": 1,
                "username": name,
                "email": "",
                "name": name,
                "created_at": _stamp(datetime(2020, 1, 1, tzinfo=UTC)),
                "updated_at": _stamp(datetime(2020, 1, 1, tzinfo=UTC)),
            }
        )

    # -- entries -----------------------------------------------------------------------------

    def entry_json(self, entry: Entry, *, full: bool = True) -> dict[str, Any]:
        """An article as a wallabag entry (without its content and annotations unless
        *full*)."""
        from urllib.parse import urlsplit

        number = entry_number(entry.id)
        content: str | None = None
        annotations: list[dict[str, Any]] = []
        if full:
            body = self._body(entry)
            content = body.html if body else ""
            annotations = self._annotations(entry, body)
        saved = _stamp(entry.saved_at)
        return {
            "id": number,
            "uid": None,
            "title": entry.title,
            "url": entry.url,
            "given_url": entry.url,
            "origin_url": None,
            "hashed_url": url_hash(entry.url),
            "hashed_given_url": url_hash(entry.url),
            "content": content,
            "created_at": saved,
            "updated_at": saved,
            "published_at": entry.published,
            "published_by": [entry.byline] if entry.byline else [],
            "archived_at": saved if entry.status == "archived" else None,
            "starred_at": saved if entry.favorite else None,
            "is_archived": 1 if entry.status == "archived" else 0,
            "is_starred": 1 if entry.favorite else 0,
            "is_public": False,
            "user_id": 1,
            "user_name": self.guard.credentials.username,
            "user_email": "",
            "mimetype": "text/html",
            "language": entry.lang,
            "reading_time": entry.reading_minutes,
            "domain_name": urlsplit(entry.url).hostname or "",
            "preview_picture": entry.lead_image,
            "http_status": "200" if entry.fetched else None,
            "headers": None,
            "tags": [self.tag_json(t) for t in entry.tags],
            "annotations": annotations,
            "_links": {"self": {"href": f"/api/entries/{number}"}},
        }

    @staticmethod
    def tag_json(tag: str, count: int | None = None) -> dict[str, Any]:
        """A tag as wallabag shows it."""
        item: dict[str, Any] = {"id": tag_number(tag), "label": tag, "slug": tag_slug(tag)}
        if count is not None:
            item["nbEntries"] = count
        return item

    def _body(self, entry: Entry) -> ArticleBody | None:
        """The article's XHTML as served, the same blocks as its EPUB (no marks or images:
        the apps draw highlights themselves, from the ranges given with them)."""
        if not entry.fetched:
            return None
        return render_body(self.library, entry, marks=False, images=False)

    def _annotations(self, entry: Entry, body: ArticleBody | None = None) -> list[dict[str, Any]]:
        body = body or self._body(entry)
        if body is None:
            return []
        out = []
        for highlight in body.highlights:
            found = body.ranges.get(highlight.id)
            where = (
                {
                    "start": found.start,
                    "startOffset": found.start_offset,
                    "end": found.end,
                    "endOffset": found.end_offset,
                }
                if found
                else {"start": "", "startOffset": 0, "end": "", "endOffset": 0}
            )
            made = highlight.created or _stamp(entry.saved_at)
            out.append(
                {
                    "id": highlight_number(highlight.id),
                    "annotator_schema_version": "v1.0",
                    "text": highlight.note,
                    "quote": highlight.exact,
                    "ranges": [where],
                    "created_at": made,
                    "updated_at": highlight.updated or made,
                    "user": self.guard.credentials.username,
                }
            )
        return out

    async def _entry(self, request: Request) -> Entry:
        return find_entry(self.library, int(request.path_params["entry"]))

    async def list_entries(self, request: Request) -> Response:
        """``GET /api/entries``: filtered, sorted and paged, in wallabag's envelope; 404
        past the last page."""
        params = await _params(request)
        archive = _flag(params.get("archive"))
        starred = _flag(params.get("starred"))
        tags = _tags(params.get("tags"))
        since = _int(params.get("since"), 0, "since")
        page = max(1, _int(params.get("page"), 1, "page"))
        per_page = _int(params.get("perPage"), DEFAULT_PER_PAGE, "perPage")
        per_page = DEFAULT_PER_PAGE if per_page <= 0 else min(per_page, MAX_PER_PAGE)
        order = str(params.get("order", "desc")).lower()
        full = str(params.get("detail", "full")).lower() != "metadata"
        # Files changed by another process or a synced machine: one stat to notice them.
        self.library.sync(check_files=False)
        flt = Filter(
            status=None if archive is None else ("archived" if archive else "unread"),
            favorite=True if starred else None,
            tag=tags[0] if tags else None,
        )
        entries = self.library.entries(flt, sort="saved-asc" if order == "asc" else "saved")
        wanted = {t.casefold() for t in tags}
        entries = [
            e
            for e in entries
            if (starred is not False or not e.favorite)
            and wanted <= {t.casefold() for t in e.tags}
            and e.saved_at.timestamp() >= since
        ]
        total = len(entries)
        pages = max(1, math.ceil(total / per_page))
        if page > pages:
            raise ApiError(404, f"page {page} is past the last page ({pages})")
        chosen = entries[(page - 1) * per_page : page * per_page]
        base = "/api/entries"
        return _json(
            {
                "page": page,
                "limit": per_page,
                "pages": pages,
                "total": total,
                "_links": {
                    "self": {"href": f"{base}?page={page}&perPage={per_page}"},
                    "first": {"href": f"{base}?page=1&perPage={per_page}"},
                    "last": {"href": f"{base}?page={pages}&perPage={per_page}"},
                    **(
                        {"next": {"href": f"{base}?page={page + 1}&perPage={per_page}"}}
                        if page < pages
                        else {}
                    ),
                },
                "_embedded": {"items": [self.entry_json(e, full=full) for e in chosen]},
            }
        )

    async def add_entry(self, request: Request) -> Response:
        """``POST /api/entries``: save a URL, fetched and extracted by reader, or the
        ``content`` (HTML) and ``title`` a browser extension sends with it."""
        params = await _params(request)
        url = clean_line(str(params.get("url", "")))
        if not re.match(r"^https?://", url, re.IGNORECASE):
            raise ApiError(400, "url must be an http(s) address")
        tags = _tags(params.get("tags"))
        title = clean_line(str(params.get("title") or "")) or None
        content = params.get("content")
        if content:
            from reader.extract import extract

            article = await asyncio.to_thread(extract, str(content), url)
            if title:
                from dataclasses import replace

                article = replace(article, title=title)
            entry = self.library.save_article(article, url=url, tags=tags).entry
        else:
            entry = await self._fetch(url, tags, title)
        archive, starred = _flag(params.get("archive")), _flag(params.get("starred"))
        if archive is not None:
            entry = self.library.set_status(entry.id, "archived" if archive else "unread")
        if starred is not None:
            entry = self.library.set_favorite(entry.id, starred)
        return _json(self.entry_json(entry))

    async def _fetch(self, url: str, tags: list[str], title: str | None) -> Entry:
        """Fetch and save *url*; when the fetch fails it is kept as a queued entry (``reader
        retry`` fetches it again), so what the user sent is never lost."""
        from reader.web.fetch import make_client

        try:
            async with make_client() as client:
                result = await self.library.save_url_async(
                    url, tags=tags, client=client, images=self.images
                )
            return result.entry
        except ReaderError:
            return self.library.add_placeholder(url, title=title, tags=tags).entry

    async def get_entry(self, request: Request) -> Response:
        """``GET /api/entries/{id}``."""
        return _json(self.entry_json(await self._entry(request)))

    async def patch_entry(self, request: Request) -> Response:
        """``PATCH /api/entries/{id}``: archive, starred, title, tags (added)."""
        entry = await self._entry(request)
        params = await _params(request)
        archive, starred = _flag(params.get("archive")), _flag(params.get("starred"))
        if archive is not None:
            entry = self.library.set_status(entry.id, "archived" if archive else "unread")
        if starred is not None:
            entry = self.library.set_favorite(entry.id, starred)
        title = clean_line(str(params.get("title") or ""))
        if title:
            entry = self.library.update(entry.id, title=title[:500])
        tags = _tags(params.get("tags"))
        if tags:
            entry = self.library.add_tags(entry.id, tags)
        return _json(self.entry_json(entry))

    async def delete_entry(self, request: Request) -> Response:
        """``DELETE /api/entries/{id}``: to reader's trash."""
        entry = await self._entry(request)
        shown = self.entry_json(entry)
        self.library.delete(entry.id)
        return _json(shown)

    async def exists(self, request: Request) -> Response:
        """``GET /api/entries/exists``: one ``url``, a batch of ``urls[]``, or (as newer
        apps ask) the SHA-1 of each in ``hashed_url`` / ``hashed_urls[]``."""
        params = await _params(request)
        return_id = _flag(params.get("return_id")) or False

        def shown(found: Entry | None) -> object:
            if return_id:
                return entry_number(found.id) if found else None
            return found is not None

        def many(name: str) -> list[str] | None:
            if name not in params:
                return None
            value = params[name]
            return [str(v) for v in (value if isinstance(value, list) else [value])][:1000]

        hashes = many("hashed_urls")
        if hashes is None and "hashed_url" in params:
            hashes = [str(params["hashed_url"])]
        if hashes is not None:
            by_hash = {url_hash(e.url): e for e in self.library.entries()}
            if "hashed_url" in params and "hashed_urls" not in params:
                return _json({"exists": shown(by_hash.get(hashes[0].lower()))})
            return _json({h: shown(by_hash.get(h.lower())) for h in hashes})
        urls = many("urls")
        if urls is not None:
            return _json({u: shown(self.library.find_url(u) if u else None) for u in urls})
        url = str(params.get("url", ""))
        return _json({"exists": shown(self.library.find_url(url) if url else None)})

    async def export(self, request: Request) -> Response:
        """``GET /api/entries/{id}/export.{epub,txt,md}``."""
        fmt = str(request.path_params["format"]).lower()
        if fmt not in EXPORTS:
            raise ApiError(404, f"no export format {clean_line(fmt)[:20]!r} (epub, txt, md)")
        entry = await self._entry(request)
        name = re.sub(r"[^A-Za-z0-9]+", "-", entry.title).strip("-")[:80] or entry.id
        if fmt == "epub":
            import io

            from reader.exporters.epub import write_epub

            out = io.BytesIO()
            write_epub(self.library, [entry], out)
            body: bytes = out.getvalue()
        else:
            markdown = self.library.markdown(entry.id)
            if fmt == "txt":
                from reader.highlights.text import plain_text

                markdown = plain_text(markdown)
            body = (f"{entry.title}\n\n{entry.url}\n\n" + markdown).encode("utf-8")
        return Response(
            body,
            media_type=EXPORTS[fmt],
            headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
        )

    # -- tags --------------------------------------------------------------------------------

    async def entry_tags(self, request: Request) -> Response:
        """``GET|POST /api/entries/{id}/tags``: list or add (``tags``: comma-separated)."""
        entry = await self._entry(request)
        if request.method == "POST":
            tags = _tags((await _params(request)).get("tags"))
            if not tags:
                raise ApiError(400, "no tags given")
            entry = self.library.add_tags(entry.id, tags)
            return _json(self.entry_json(entry))
        return _json([self.tag_json(t) for t in entry.tags])

    async def remove_entry_tag(self, request: Request) -> Response:
        """``DELETE /api/entries/{id}/tags/{tag id}``."""
        entry = await self._entry(request)
        number = int(request.path_params["tag"])
        names = [t for t in entry.tags if tag_number(t) == number]
        if not names:
            raise ApiError(404, "the entry has no such tag")
        entry = self.library.remove_tags(entry.id, names)
        return _json(self.entry_json(entry))

    async def all_tags(self, request: Request) -> Response:
        """``GET /api/tags``: every tag with its count."""
        counts = self.library.tag_counts()
        return _json([self.tag_json(t, n) for t, n in sorted(counts.items())])

    # -- annotations -------------------------------------------------------------------------

    async def annotations(self, request: Request) -> Response:
        """``GET|POST /api/annotations/{entry}``: list, or highlight ``quote`` with the note
        ``text``."""
        entry = await self._entry(request)
        if request.method == "GET":
            found = self._annotations(entry)
            return _json({"total": len(found), "rows": found})
        params = await _params(request)
        quote = str(params.get("quote") or "")
        if not quote.strip():
            raise ApiError(400, "quote is required")
        near = None
        ranges = params.get("ranges")
        if isinstance(ranges, list) and ranges and isinstance(ranges[0], dict):
            offset = ranges[0].get("startOffset")
            near = offset if isinstance(offset, int) else None
        made = add_highlight(
            self.library, entry.id, quote, note=str(params.get("text") or ""), near=near
        )
        entry = self.library.get(entry.id)
        for item in self._annotations(entry):
            if item["id"] == highlight_number(made.id):
                return _json(item)
        raise ApiError(500, "the highlight was made but cannot be shown")  # pragma: no cover

    def _find_annotation(self, number: int) -> tuple[Entry, str]:
        from reader.highlights.indexing import list_quotes

        for row in list_quotes(self.library.index):
            if highlight_number(row.highlight_id) == number:
                return self.library.get(row.article_id), row.highlight_id
        raise NotFoundError(f"no annotation with id {number}")

    async def change_annotation(self, request: Request) -> Response:
        """``PUT|DELETE /api/annotations/{id}``: set the note (``text``), or remove it."""
        entry, highlight_id = self._find_annotation(int(request.path_params["annotation"]))
        if request.method == "DELETE":
            shown = next(
                a for a in self._annotations(entry) if a["id"] == highlight_number(highlight_id)
            )
            remove_highlight(self.library, entry.id, highlight_id)
            return _json(shown)
        params = await _params(request)
        set_note(self.library, entry.id, highlight_id, str(params.get("text") or ""))
        entry = self.library.get(entry.id)
        return _json(
            next(a for a in self._annotations(entry) if a["id"] == highlight_number(highlight_id))
        )


def _both(path: str, endpoint: Handler, methods: list[str]) -> list[Route]:
    """Routes for *path* with and without ``.json`` (wallabag accepts both)."""
    guarded = _guarded(endpoint)
    return [
        Route(path, guarded, methods=methods),
        Route(path + ".json", guarded, methods=methods),
    ]


def routes(api: WallabagApi) -> list[Route]:
    """Every route of the API."""
    entry = "/api/entries/{entry:int}"
    return [
        Route("/oauth/v2/token", _guarded(api.token), methods=["GET", "POST"]),
        *_both("/api/version", api.version, ["GET"]),
        *_both("/api/info", api.info, ["GET"]),
        *_both("/api/user", api.user, ["GET"]),
        *_both("/api/entries/exists", api.exists, ["GET"]),
        *_both("/api/entries", api.list_entries, ["GET"]),
        *_both("/api/entries", api.add_entry, ["POST"]),
        Route(entry + "/export.{format:str}", _guarded(api.export), methods=["GET"]),
        *_both(entry + "/tags", api.entry_tags, ["GET", "POST"]),
        *_both(entry + "/tags/{tag:int}", api.remove_entry_tag, ["DELETE"]),
        *_both(entry, api.get_entry, ["GET"]),
        *_both(entry, api.patch_entry, ["PATCH"]),
        *_both(entry, api.delete_entry, ["DELETE"]),
        *_both("/api/tags", api.all_tags, ["GET"]),
        *_both("/api/annotations/{entry:int}", api.annotations, ["GET", "POST"]),
        *_both("/api/annotations/{annotation:int}", api.change_annotation, ["PUT", "DELETE"]),
    ]
