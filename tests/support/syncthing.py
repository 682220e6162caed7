"""Two real Syncthing daemons on 127.0.0.1 sharing one folder between two library folders.

Discovery (global and local), relays, NAT traversal, usage reporting, crash reporting
and upgrades are all off; each daemon listens on a loopback port and knows the other's
address, and its REST API (on another loopback port, with an API key) drives it:
scan, pause, resume, wait until both sides are in sync.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

FOLDER = "reader-library"
BINARY = shutil.which("syncthing")

CONFIG = """<configuration version="{version}">
    <folder id="{folder}" label="reader" path="{path}" type="sendreceive"
            rescanIntervalS="3600" fsWatcherEnabled="false" ignorePerms="false"
            autoNormalize="true">
        <filesystemType>basic</filesystemType>
        <device id="{me}" introducedBy=""></device>
        <device id="{other}" introducedBy=""></device>
        <minDiskFree unit="%">0</minDiskFree>
        <maxConflicts>10</maxConflicts>
    </folder>
    <device id="{me}" name="{name}" compression="metadata" introducer="false">
        <address>dynamic</address>
    </device>
    <device id="{other}" name="{other_name}" compression="metadata" introducer="false">
        <address>tcp://127.0.0.1:{other_port}</address>
    </device>
    <gui enabled="true" tls="false">
        <address>127.0.0.1:{gui_port}</address>
        <apikey>{api_key}</apikey>
    </gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{port}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <urAccepted>-1</urAccepted>
        <urSeen>3</urSeen>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <crashReportingEnabled>false</crashReportingEnabled>
        <startBrowser>false</startBrowser>
        <reconnectionIntervalS>1</reconnectionIntervalS>
        <minHomeDiskFree unit="%">0</minHomeDiskFree>
        <setLowPriority>false</setLowPriority>
    </options>
</configuration>
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Daemon:
    """One Syncthing instance: its home folder, ports and REST key."""

    name: str
    home: Path
    folder: Path
    device_id: str = ""
    port: int = 0
    gui_port: int = 0
    api_key: str = ""
    process: subprocess.Popen[bytes] | None = None
    log_file: BinaryIO | None = None

    def rest(self, method: str, path: str, body: object | None = None) -> object:
        """Call Syncthing's REST API; returns the decoded JSON answer (or None)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}",
            data=data,
            method=method,
            headers={"X-API-Key": self.api_key, "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            raw = response.read()
        return json.loads(raw) if raw.strip() else None


def _environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STN")}
    env.update(
        STNODEFAULTFOLDER="1",
        STNOUPGRADE="1",
        STNORESTART="1",
        STGUIASSETS="",
        HOME=str(home),
        all_proxy="",
        http_proxy="",
        https_proxy="",
    )
    return env


def _config_version(home: Path) -> str:
    """The config version the installed Syncthing wrote (each release has its own)."""
    import re

    text = (home / "config.xml").read_text(encoding="utf-8")
    match = re.search(r'<configuration version="(\d+)"', text)
    assert match, text[:200]
    return match.group(1)


def _generate(daemon: Daemon) -> None:
    assert BINARY is not None
    result = subprocess.run(
        [BINARY, "generate", f"--home={daemon.home}", "--no-default-folder"],
        capture_output=True,
        text=True,
        timeout=60,
        env=_environment(daemon.home),
    )
    output = result.stdout + result.stderr
    for line in output.splitlines():
        if "Device ID:" in line:
            daemon.device_id = line.split("Device ID:")[1].strip()
    assert daemon.device_id, output


class SyncthingPair:
    """Machines "a" and "b": two daemons syncing folder ``a`` with folder ``b``."""

    def __init__(self, root: Path) -> None:
        self.a = Daemon("a", root / "st-a", root / "a" / "library")
        self.b = Daemon("b", root / "st-b", root / "b" / "library")
        self.rounds: list[float] = []
        """Seconds each `sync` round took."""

    @property
    def both(self) -> tuple[Daemon, Daemon]:
        return self.a, self.b

    def other(self, daemon: Daemon) -> Daemon:
        return self.b if daemon is self.a else self.a

    def start(self) -> None:
        for daemon in self.both:
            daemon.home.mkdir(parents=True)
            daemon.folder.mkdir(parents=True, exist_ok=True)
            (daemon.folder / ".stfolder").mkdir(exist_ok=True)
            daemon.port, daemon.gui_port = _free_port(), _free_port()
            daemon.api_key = secrets.token_hex(16)
            _generate(daemon)
        for daemon in self.both:
            other = self.other(daemon)
            (daemon.home / "config.xml").write_text(
                CONFIG.format(
                    version=_config_version(daemon.home),
                    folder=FOLDER,
                    path=escape(str(daemon.folder)),
                    me=daemon.device_id,
                    other=other.device_id,
                    name=daemon.name,
                    other_name=other.name,
                    other_port=other.port,
                    gui_port=daemon.gui_port,
                    api_key=daemon.api_key,
                    port=daemon.port,
                ),
                encoding="utf-8",
            )
        assert BINARY is not None
        for daemon in self.both:
            daemon.log_file = log = open(daemon.home / "syncthing.log", "wb")  # noqa: SIM115
            daemon.process = subprocess.Popen(
                [
                    BINARY,
                    "serve",
                    f"--home={daemon.home}",
                    "--no-browser",
                    "--no-restart",
                    "--no-upgrade",
                    "--gui-address",
                    f"http://127.0.0.1:{daemon.gui_port}",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=_environment(daemon.home),
            )
        self._wait(self._up, 60, "the REST API to answer")
        self._wait(self._connected, 60, "the two daemons to connect")

    def stop(self) -> None:
        for daemon in self.both:
            if daemon.process is not None and daemon.process.poll() is None:
                daemon.process.terminate()
                try:
                    daemon.process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    daemon.process.kill()
                    daemon.process.wait(timeout=15)
            if daemon.log_file is not None:
                daemon.log_file.close()
                daemon.log_file = None

    def log(self) -> str:
        """Both daemons' logs, for a failing test's message."""
        parts = []
        for daemon in self.both:
            with contextlib.suppress(OSError):
                text = (daemon.home / "syncthing.log").read_text(errors="replace")
                parts.append(f"--- {daemon.name} ---\n{text[-3000:]}")
        return "\n".join(parts)

    def _wait(self, check: object, seconds: float, what: str) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if any(d.process is not None and d.process.poll() is not None for d in self.both):
                raise AssertionError(f"syncthing stopped while waiting for {what}\n{self.log()}")
            with contextlib.suppress(OSError, ValueError):
                if check():  # type: ignore[operator]
                    return
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}\n{self.log()}")

    def _up(self) -> bool:
        return all(d.rest("GET", "/rest/system/ping") == {"ping": "pong"} for d in self.both)

    def _connected(self) -> bool:
        for daemon in self.both:
            answer = daemon.rest("GET", "/rest/system/connections")
            assert isinstance(answer, dict)
            state = answer["connections"].get(self.other(daemon).device_id, {})
            if not state.get("connected"):
                return False
        return True

    def _in_sync(self) -> bool:
        for daemon in self.both:
            status = daemon.rest("GET", f"/rest/db/status?folder={FOLDER}")
            assert isinstance(status, dict)
            if status.get("state") != "idle" or status.get("needTotalItems", 1) != 0:
                return False
            if status.get("errors", 0) or status.get("pullErrors", 0):
                return False
            other = self.other(daemon).device_id
            done = daemon.rest("GET", f"/rest/db/completion?folder={FOLDER}&device={other}")
            assert isinstance(done, dict)
            if done.get("completion") != 100 or done.get("needItems", 1) != 0:
                return False
        return True

    def sync(self, timeout: float = 60) -> float:
        """Scan both folders and wait until each side has everything; the seconds it took."""
        start = time.monotonic()
        for _ in range(2):  # a pull can leave changes (conflict copies) to scan again
            for daemon in self.both:
                daemon.rest("POST", f"/rest/db/scan?folder={FOLDER}")
            time.sleep(0.2)
            self._wait(self._in_sync, timeout, "both folders to be in sync")
        took = time.monotonic() - start
        self.rounds.append(took)
        return took

    def pause(self) -> None:
        """Disconnect the two machines (each pauses the other), as a laptop offline."""
        for daemon in self.both:
            daemon.rest("POST", f"/rest/system/pause?device={self.other(daemon).device_id}")
        self._wait(lambda: not self._any_connected(), 30, "the daemons to disconnect")

    def resume(self) -> None:
        """Let them meet again."""
        for daemon in self.both:
            daemon.rest("POST", f"/rest/system/resume?device={self.other(daemon).device_id}")
        self._wait(self._connected, 60, "the two daemons to reconnect")

    def _any_connected(self) -> bool:
        for daemon in self.both:
            answer = daemon.rest("GET", "/rest/system/connections")
            assert isinstance(answer, dict)
            if answer["connections"].get(self.other(daemon).device_id, {}).get("connected"):
                return True
        return False


@contextlib.contextmanager
def syncthing_pair(root: Path) -> Iterator[SyncthingPair]:
    """Two started daemons (stopped, always, on exit)."""
    pair = SyncthingPair(root)
    try:
        pair.start()
        yield pair
    finally:
        pair.stop()
