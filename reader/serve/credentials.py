"""The server's one account: a user name, the password as a salted scrypt hash, and the
OAuth client id and secret the apps are given; kept in ``serve.json`` in the config folder.

`reader serve --setup` makes them (`new_credentials`, `save_credentials`); the
server only reads them (`load_credentials`) and checks passwords against them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from reader.errors import ReaderError

#: The file in the config folder.
CREDENTIALS_FILE = "serve.json"
#: scrypt's cost: 2**14 rounds of 8-byte blocks (about 16 MB and 50 ms a check).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
#: Longest password accepted (scrypt takes any, a request body should not carry a novel).
MAX_PASSWORD = 1024


@dataclass(frozen=True)
class Credentials:
    """What the server checks a sign-in against."""

    username: str
    salt: str
    """Hex of the random salt."""
    password_hash: str
    """Hex of scrypt(password, salt)."""
    client_id: str
    client_secret: str
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    def check_password(self, password: str) -> bool:
        """True when *password* is the account's (compared in constant time)."""
        if len(password) > MAX_PASSWORD:
            return False
        got = _scrypt(password, bytes.fromhex(self.salt), self.n, self.r, self.p)
        return hmac.compare_digest(got.hex(), self.password_hash)

    def check_client(self, client_id: str, client_secret: str) -> bool:
        """True when the OAuth client id and secret are the account's."""
        return hmac.compare_digest(client_id.encode(), self.client_id.encode()) and (
            hmac.compare_digest(client_secret.encode(), self.client_secret.encode())
        )


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32
    )


def new_credentials(username: str, password: str) -> Credentials:
    """Credentials for *username* with *password* hashed, and a new client id and secret."""
    username = username.strip()
    if not username or any(c.isspace() for c in username) or len(username) > 100:
        raise ReaderError("the user name must be one word of at most 100 characters")
    if not password or len(password) > MAX_PASSWORD:
        raise ReaderError(f"the password must have 1 to {MAX_PASSWORD} characters")
    salt = secrets.token_bytes(16)
    return Credentials(
        username=username,
        salt=salt.hex(),
        password_hash=_scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P).hex(),
        client_id="reader_" + secrets.token_hex(8),
        client_secret=secrets.token_urlsafe(24),
    )


def save_credentials(config_dir: Path, credentials: Credentials) -> Path:
    """Write *credentials* to the config folder, readable by the user alone; its path."""
    config_dir.mkdir(parents=True, exist_ok=True)
    path = config_dir / CREDENTIALS_FILE
    temporary = path.with_name(path.name + ".tmp")
    data = json.dumps(asdict(credentials), indent=2) + "\n"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(data)
    os.replace(temporary, path)
    return path


def load_credentials(config_dir: Path) -> Credentials:
    """The saved credentials; ReaderError when there are none or they are damaged."""
    path = config_dir / CREDENTIALS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Credentials(**{k: data[k] for k in Credentials.__dataclass_fields__ if k in data})
    except FileNotFoundError:
        raise ReaderError(
            "no server account yet: run 'reader serve --setup --user NAME --password-stdin'"
        ) from None
    except (OSError, ValueError, TypeError) as exc:
        raise ReaderError(f"cannot read {path}: {exc}") from None
