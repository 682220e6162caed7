"""Fixtures for the server: the demo library, an account, the app and a client over it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from reader.demo import create_demo_library
from reader.demo.highlights import add_demo_highlights
from reader.library import Library
from reader.serve.app import ServeSettings, make_app
from reader.serve.auth import Throttle, TokenStore
from reader.serve.credentials import Credentials, new_credentials

USER, PASSWORD = "reader-user", "correct horse battery staple"


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Server:
    """The app under test and what it was built from."""

    library: Library
    credentials: Credentials
    settings: ServeSettings
    clock: FakeClock
    client: httpx.AsyncClient

    def token_params(self, **extra: str) -> dict[str, str]:
        """The fields of a password grant."""
        return {
            "grant_type": "password",
            "client_id": self.credentials.client_id,
            "client_secret": self.credentials.client_secret,
            "username": USER,
            "password": PASSWORD,
            **extra,
        }

    async def token(self) -> str:
        """A fresh access token."""
        response = await self.client.post("/oauth/v2/token", json=self.token_params())
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    async def authed(self) -> None:
        """Make the client send a valid token from now on."""
        self.client.headers["Authorization"] = f"Bearer {await self.token()}"


@pytest.fixture(scope="session")
def credentials() -> Credentials:
    """One account for every test (hashing a password takes a moment)."""
    return new_credentials(USER, PASSWORD)


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Library]:
    """The demo library with its highlights."""
    library = Library(create_demo_library(tmp_path))
    add_demo_highlights(library)
    yield library
    library.close()


@pytest.fixture
async def server(demo: Library, credentials: Credentials) -> AsyncIterator[Server]:
    """The app over the demo library, with an in-process client."""
    clock = FakeClock()
    settings = ServeSettings(
        credentials, tokens=TokenStore(clock=clock), throttle=Throttle(clock=clock), images=False
    )
    app = make_app(demo, settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield Server(demo, credentials, settings, clock, client)
