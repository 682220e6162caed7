"""A real HTTP server on 127.0.0.1 for tests, with routes that misbehave on request.

Each route says what to answer: a status, headers and a body, optionally with a
delay before the headers, a body dripped in pieces, or a connection closed or
reset part-way through the body. Use it as a context manager::

    with serve() as server:
        server.route("/a", body=b"<p>hi</p>", headers={"Content-Type": "text/html"})
        fetch(server.url("/a"))

or through the `http_server` fixture. On exit every sleeping handler is woken,
every connection closed and every thread joined, so no socket outlives a test.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

__all__ = ["Route", "TestServer", "closed_port", "http_server", "serve"]


@dataclass(frozen=True)
class Route:
    """What the server answers on one path."""

    status: int = 200
    """The HTTP status code."""
    headers: Sequence[tuple[str, str]] = ()
    """Response headers, in order; Content-Length is added unless given or chunked."""
    body: bytes = b""
    """The body, sent at once unless *chunks* is given."""
    chunks: Sequence[bytes] | None = None
    """The body as pieces, sent with *chunk_delay* seconds between them."""
    chunk_delay: float = 0.0
    """Seconds to wait before each piece of *chunks*."""
    header_delay: float = 0.0
    """Seconds to wait before sending the status line and headers."""
    chunked: bool = False
    """Send the body with Transfer-Encoding: chunked instead of a Content-Length."""
    content_length: int | None = None
    """Declare this Content-Length instead of the real one; the connection is closed
    after the body if it differs (a server that promised more than it had)."""
    reset_after: int | None = None
    """Send this many body bytes, then reset the connection (TCP RST)."""
    hold: threading.Event | None = None
    """Answer only once this is set (a slow site whose timing the test decides)."""


@dataclass(frozen=True)
class Request:
    """One request the server received."""

    path: str
    headers: Mapping[str, str]
    client_port: int = 0
    """The client's port: requests with the same one came over the same connection."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive and chunked bodies, like real servers
    server: _Server

    def do_GET(self) -> None:
        server = self.server
        server.requests.append(
            Request(self.path, dict(self.headers.items()), self.client_address[1])
        )
        route = server.routes.get(self.path) or server.routes.get(self.path.split("?")[0])
        if route is None:
            route = Route(404, [("Content-Type", "text/plain")], b"no such route")
        try:
            self._answer(route)
        except OSError:
            self.close_connection = True  # the client went away: nothing to do

    def _answer(self, route: Route) -> None:
        stopping = self.server.stopping
        if route.hold is not None:
            while not route.hold.wait(0.05):
                if stopping.is_set():
                    self.close_connection = True
                    return
        if route.header_delay and stopping.wait(route.header_delay):
            self.close_connection = True
            return
        pieces = list(route.chunks) if route.chunks is not None else [route.body]
        self.send_response_only(route.status)
        names = {name.lower() for name, _ in route.headers}
        for name, value in route.headers:
            self.send_header(name, value)
        if route.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        elif "content-length" not in names:
            length = route.content_length
            if length is None:
                length = sum(map(len, pieces))
            self.send_header("Content-Length", str(length))
        self.end_headers()
        sent = 0
        for piece in pieces:
            if route.chunk_delay and stopping.wait(route.chunk_delay):
                break
            if route.reset_after is not None and sent + len(piece) >= route.reset_after:
                self._write(piece[: route.reset_after - sent], route.chunked)
                self._reset()
                return
            self._write(piece, route.chunked)
            sent += len(piece)
        else:
            if route.chunked:
                self.wfile.write(b"0\r\n\r\n")
            if route.content_length is None or route.content_length == sent:
                return
        self.close_connection = True  # stopped part-way, or sent less than promised

    def _write(self, data: bytes, chunked: bool) -> None:
        if not data:
            return
        if chunked:
            data = b"%x\r\n%s\r\n" % (len(data), data)
        self.wfile.write(data)
        self.wfile.flush()

    def _reset(self) -> None:
        """Close the connection with a TCP RST instead of a clean FIN."""
        self.close_connection = True
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()

    def setup(self) -> None:
        super().setup()
        with self.server.lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with self.server.lock:
                self.server.connections.discard(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output quiet


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # so server_close() joins every handler thread
    block_on_close = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.connections: set[socket.socket] = set()

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that hang up early are expected here


class TestServer:
    """A running server: register routes, build URLs, see the requests made."""

    __test__ = False  # not a test class, despite the name

    def __init__(self, server: _Server) -> None:
        self._server = server
        self.port: int = server.server_address[1]
        """The port the server listens on."""

    def url(self, path: str = "/") -> str:
        """The absolute http URL of *path* on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def route(
        self,
        path: str,
        *,
        status: int = 200,
        headers: Mapping[str, str] | Sequence[tuple[str, str]] = (),
        body: bytes | str = b"",
        **options: Any,
    ) -> str:
        """Answer GET *path* as described (see `Route`); returns the URL of *path*."""
        if isinstance(headers, Mapping):
            headers = list(headers.items())
        if isinstance(body, str):
            body = body.encode("utf-8")
        self._server.routes[path] = Route(status, tuple(headers), body, **options)
        return self.url(path)

    def html(self, path: str, body: bytes | str, charset: str | None = "utf-8") -> str:
        """Serve *body* as text/html (with *charset* in the header, if given)."""
        content_type = "text/html" + (f"; charset={charset}" if charset else "")
        return self.route(path, headers={"Content-Type": content_type}, body=body)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        """Redirect *path* to *location* (sent as given: relative or absolute)."""
        return self.route(path, status=status, headers={"Location": location})

    @property
    def requests(self) -> list[Request]:
        """Every request received so far, in order."""
        return list(self._server.requests)

    def stop(self) -> None:
        """Wake sleeping handlers, close every connection and join every thread."""
        server = self._server
        server.stopping.set()
        server.shutdown()
        with server.lock:
            connections = list(server.connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed
                connection.shutdown(socket.SHUT_RDWR)
        server.server_close()


@contextmanager
def serve() -> Iterator[TestServer]:
    """Run a `TestServer` on 127.0.0.1 (a free port) in a background thread."""
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    test_server = TestServer(server)
    try:
        yield test_server
    finally:
        test_server.stop()
        thread.join()


@pytest.fixture
def http_server() -> Iterator[TestServer]:
    """A fresh `TestServer` for one test; import this fixture into a test module."""
    with serve() as server:
        yield server


def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening (connecting to it is refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port
