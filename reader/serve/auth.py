"""Who may call the server: OAuth tokens (issued, refreshed, expired), HTTP Basic for OPDS,
and a brake on guessed passwords.

Tokens live in memory only: restarting the server signs every app out, and the
apps sign in again with the password they keep (as wallabag's own apps do when
a token is refused). The clock is passed in, so expiry is tested without waiting.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from reader.serve.credentials import Credentials

#: How long an access token is good for (wallabag's own default).
ACCESS_TTL = 3600.0
#: How long a refresh token is good for.
REFRESH_TTL = 14 * 24 * 3600.0
#: Wrong passwords in a row allowed from one address before it must wait.
FREE_FAILURES = 4
#: Longest wait imposed, in seconds.
MAX_WAIT = 300.0

Clock = Callable[[], float]


@dataclass
class Grant:
    """A pair of tokens handed out by one sign-in."""

    access_token: str
    refresh_token: str
    access_expires: float
    refresh_expires: float

    def to_json(self, now: float) -> dict[str, object]:
        """The OAuth token response."""
        return {
            "access_token": self.access_token,
            "expires_in": int(self.access_expires - now),
            "refresh_token": self.refresh_token,
            "scope": None,
            "token_type": "bearer",
        }


@dataclass
class TokenStore:
    """The tokens in force."""

    clock: Clock = time.time
    access_ttl: float = ACCESS_TTL
    refresh_ttl: float = REFRESH_TTL
    _by_access: dict[str, Grant] = field(default_factory=dict)
    _by_refresh: dict[str, Grant] = field(default_factory=dict)

    def issue(self) -> Grant:
        """A new pair of tokens."""
        now = self.clock()
        self._forget_expired(now)
        grant = Grant(
            secrets.token_urlsafe(32),
            secrets.token_urlsafe(32),
            now + self.access_ttl,
            now + self.refresh_ttl,
        )
        self._by_access[grant.access_token] = grant
        self._by_refresh[grant.refresh_token] = grant
        return grant

    def refresh(self, refresh_token: str) -> Grant | None:
        """A new pair for a valid *refresh_token* (which is then spent), else None."""
        grant = self._by_refresh.pop(refresh_token, None)
        if grant is None:
            return None
        self._by_access.pop(grant.access_token, None)
        if grant.refresh_expires <= self.clock():
            return None
        return self.issue()

    def valid(self, access_token: str) -> bool:
        """True when *access_token* was issued and has not expired."""
        grant = self._by_access.get(access_token)
        return grant is not None and grant.access_expires > self.clock()

    def _forget_expired(self, now: float) -> None:
        for token, grant in list(self._by_refresh.items()):
            if grant.refresh_expires <= now:
                del self._by_refresh[token]
                self._by_access.pop(grant.access_token, None)


@dataclass
class Throttle:
    """Makes an address that keeps giving wrong passwords wait longer and longer."""

    clock: Clock = time.time
    _failures: dict[str, tuple[int, float]] = field(default_factory=dict)

    def wait(self, address: str) -> float:
        """Seconds *address* must still wait before it may try a password (0: it may)."""
        count, last = self._failures.get(address, (0, 0.0))
        if count < FREE_FAILURES:
            return 0.0
        pause = min(MAX_WAIT, 2.0 ** (count - FREE_FAILURES + 1))
        return max(0.0, last + pause - self.clock())

    def failed(self, address: str) -> None:
        """Count a wrong password from *address*."""
        count, _ = self._failures.get(address, (0, 0.0))
        if len(self._failures) > 10_000:  # bounded memory under a spray of addresses
            self._failures.clear()
        self._failures[address] = (count + 1, self.clock())

    def succeeded(self, address: str) -> None:
        """Forget the failures of *address*."""
        self._failures.pop(address, None)


def basic_credentials(header: str) -> tuple[str, str] | None:
    """(user, password) of an ``Authorization: Basic`` header, or None."""
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic" or not value:
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, colon, password = decoded.partition(":")
    return (user, password) if colon else None


def bearer_token(header: str) -> str | None:
    """The token of an ``Authorization: Bearer`` header, or None."""
    scheme, _, value = header.partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


@dataclass
class Guard:
    """The account, its tokens and the password brake, as one object the app holds."""

    credentials: Credentials
    tokens: TokenStore
    throttle: Throttle

    def sign_in(self, address: str, username: str, password: str) -> bool | None:
        """Check a user name and password from *address*: True, False, or None when the
        address must wait first (see `Throttle`)."""
        if self.throttle.wait(address) > 0:
            return None
        ok = secrets.compare_digest(
            username.encode("utf-8", "replace"), self.credentials.username.encode("utf-8")
        )
        ok = self.credentials.check_password(password) and ok
        if ok:
            self.throttle.succeeded(address)
        else:
            self.throttle.failed(address)
        return ok
