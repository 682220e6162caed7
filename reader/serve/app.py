"""The ASGI app: `make_app(library, settings)` builds it; routes in one list, auth and limits
as middleware, nothing global.

Every request but ``GET /api/version``, the token request and CORS preflights needs
a bearer token (``/opds`` takes HTTP Basic with the account's password instead).
Bodies and URLs are bounded before any handler runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from reader.serve import opds, wallabag
from reader.serve.auth import Guard, Throttle, TokenStore, basic_credentials, bearer_token
from reader.serve.credentials import Credentials

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from reader.library import Library

#: Largest request body accepted (an article's HTML sent by a browser extension fits).
MAX_BODY = 8 * 1024 * 1024
#: Longest request target (path and query) accepted.
MAX_URL = 16 * 1024
#: Paths anyone may call.
OPEN_PATHS = frozenset({"/api/version", "/api/version.json", "/oauth/v2/token"})


@dataclass
class ServeSettings:
    """What the server needs besides the library."""

    credentials: Credentials
    tokens: TokenStore = field(default_factory=TokenStore)
    throttle: Throttle = field(default_factory=Throttle)
    max_body: int = MAX_BODY
    images: bool = True
    """Save the images of articles saved through the API."""


class LimitsMiddleware:
    """Refuses long URLs (414) and large bodies (413), counted as they arrive."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        target = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        if target > MAX_URL:
            await _error(414, "the URL is too long")(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        declared = headers.get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.max_body:
            await _error(413, "the request body is too large")(scope, receive, send)
            return
        seen = 0
        limit = self.max_body

        async def bounded() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge()
            return message

        try:
            await self.app(scope, bounded, send)
        except BodyTooLarge:
            await _error(413, "the request body is too large")(scope, receive, send)


class BodyTooLarge(Exception):
    """A chunked body went past the limit."""


class AuthMiddleware:
    """Lets a request through only with a valid token (or, for /opds, the password)."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path in OPEN_PATHS or scope.get("method") == "OPTIONS":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        header = headers.get(b"authorization", b"").decode("latin-1")
        if path == "/opds" or path.startswith("/opds/"):
            pair = basic_credentials(header)
            address = (scope.get("client") or ("?", 0))[0]
            if pair is not None:
                ok = self.guard.sign_in(address, *pair)
                if ok is None:
                    await _error(429, "too many wrong passwords; wait")(scope, receive, send)
                    return
                if ok:
                    await self.app(scope, receive, send)
                    return
            response = _error(401, "sign in with the server's user name and password")
            response.headers["WWW-Authenticate"] = 'Basic realm="reader"'
            await response(scope, receive, send)
            return
        token = bearer_token(header)
        if token is None:  # some clients put it in the query
            query = scope.get("query_string", b"").decode("latin-1")
            for part in query.split("&"):
                name, _, value = part.partition("=")
                if name == "access_token" and value:
                    token = value
        if token is None or not self.guard.tokens.valid(token):
            response = JSONResponse(
                {
                    "error": "invalid_grant",
                    "error_description": "The access token provided is invalid or has expired.",
                },
                status_code=401,
            )
            response.headers["WWW-Authenticate"] = 'Bearer realm="reader"'
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _error(status: int, message: str) -> Response:
    return JSONResponse({"error": message, "error_description": message}, status_code=status)


def make_app(library: Library, settings: ServeSettings) -> Starlette:
    """The server's ASGI app over *library*."""
    guard = Guard(settings.credentials, settings.tokens, settings.throttle)
    api = wallabag.WallabagApi(library, guard, images=settings.images)
    feeds = opds.Feeds(library)
    routes: list[Route] = [
        *wallabag.routes(api),
        *opds.routes(feeds),
    ]
    middleware = [
        Middleware(LimitsMiddleware, max_body=settings.max_body),
        # The browser extension calls from its own origin; every call carries a token.
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type"],
        ),
        Middleware(AuthMiddleware, guard=guard),
    ]
    return Starlette(routes=routes, middleware=middleware)
