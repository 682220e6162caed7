"""`reader serve` for real: set up with the CLI, listening on a socket on 127.0.0.1, driven
by the real `wallabag-client` command (`wallabag config`, `add`, `list`, `read`, `anno`)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from reader.demo import create_demo_library
from reader.library import Library
from reader.library.highlighting import add_highlight
from reader.serve.ids import entry_number
from tests.support.articles import article_page
from tests.support.http_server import TestServer, http_server

__all__ = ["http_server"]

PASSWORD = "a long and boring pass phrase"
READER = (sys.executable, "-m", "reader")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Running:
    """A `reader serve` process and how to reach it."""

    url: str
    library: Path
    account: dict[str, str]
    stderr: Path


def _env(config: Path) -> dict[str, str]:
    return {**os.environ, "READER_CONFIG_DIR": str(config), "PYTHONWARNINGS": "ignore"}


@contextlib.contextmanager
def _start(tmp_path: Path, host: str) -> Iterator[Running]:
    config = tmp_path / "config"
    library = create_demo_library(tmp_path)
    setup = subprocess.run(
        [*READER, "serve", "--setup", "--user", "me", "--password-stdin", "--json"],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        env=_env(config),
        timeout=60,
        check=True,
    )
    account = json.loads(setup.stdout)
    stored = (config / "serve.json").read_text()
    assert PASSWORD not in stored  # only the salted hash is kept
    port = _free_port()
    stderr = tmp_path / "serve.log"
    with stderr.open("w") as log:
        process = subprocess.Popen(
            [*READER, "--data-dir", str(library), "serve", "--host", host, "--port", str(port)],
            env=_env(config),
            stdout=subprocess.DEVNULL,
            stderr=log,
            stdin=subprocess.DEVNULL,
        )
    url = f"http://{host}:{port}"
    try:
        for _ in range(300):  # up to 30 s for the interpreter to start on a busy machine
            if process.poll() is not None:
                pytest.fail("reader serve exited: " + stderr.read_text())
            try:
                if httpx.get(url + "/api/version", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("reader serve did not start: " + stderr.read_text())
        yield Running(url, library, account, stderr)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    """`reader serve` on 127.0.0.1, over a copy of the demo library."""
    with _start(tmp_path, "127.0.0.1") as server:
        yield server


def _wallabag() -> str:
    found = shutil.which("wallabag") or str(Path(sys.executable).parent / "wallabag")
    if not Path(found).exists():
        pytest.skip("wallabag-client is not installed (it is in the test extras)")
    return found


def test_wallabag_client_config_add_list_read_anno(
    running: Running, http_server: TestServer, tmp_path: Path
) -> None:
    wallabag = _wallabag()
    ini = tmp_path / "wallabag.ini"
    env = {**os.environ, "HOME": str(tmp_path), "PYTHONWARNINGS": "ignore"}

    def run(*args: str, stdin: str = "") -> str:
        done = subprocess.run(
            [wallabag, "--no-spinner", "--config", str(ini), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    # `wallabag config` asks for the address, user, password, client id and secret.
    answers = [running.url, "me", PASSWORD, running.account["client_id"]]
    answers.append(running.account["client_secret"])
    assert "The configuration is ok." in run("config", stdin="\n".join(answers) + "\n")

    page = http_server.html("/story", article_page("A story from the local network"))
    added = run("add", page)
    assert "Entry successfully added" in added
    assert "A story from the local network" in added

    listed = run("list")
    assert "A story from the local network" in listed
    assert "Keeping a Commonplace Book in the Age of Search" in listed

    with Library(running.library) as library:
        saved = library.find_url(page)
        assert saved is not None and saved.status == "unread"
        number = entry_number(saved.id)
        assert f"{number}" in listed
    assert "Entry successfully updated" in run("read", str(number))
    with Library(running.library) as library:
        assert library.get(saved.id).status == "archived"  # the same file write as the CLI's

        add_highlight(library, saved.id, "final text keeps the original", note="see this")
    annotations = run("anno", "-e", str(number))
    assert "final text keeps the original" in annotations
    assert "see this" in run("anno", "-c", "show", "-e", str(number))


def test_binding_beyond_this_machine_is_said_plainly(tmp_path: Path) -> None:
    # 127.0.0.2 is still this machine, but not an address reader treats as local-only.
    with _start(tmp_path, "127.0.0.2") as running:
        warning = running.stderr.read_text()
        assert "reachable from the network" in warning
        assert "TLS" in warning
