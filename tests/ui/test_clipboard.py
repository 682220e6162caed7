"""Copying: the route chosen (tmux, a system tool, the terminal, none), the real tmux, and
what the app says about it."""

from __future__ import annotations

import base64
import contextlib
import os
import pty
import re
import shutil
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.library import Library
from reader.ui.clipboard import Clipboard, Copied, command_output
from tests.ui.conftest import CITY_LIBRARY, SIZE, build_app

URL = "https://example.com/a page/ünïcode?q=1"


def fake_tool(folder: Path, name: str, script: str) -> None:
    """A command *name* in *folder* running the shell *script* (``$OUT`` is *folder*)."""
    path = folder / name
    path.write_text(f'#!/bin/sh\nOUT="{folder}"\n{script}\n', encoding="utf-8")
    path.chmod(0o755)


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    """An empty folder to put on PATH (the fake tools name ``cat`` by its full path)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    return folder


def copier(env: dict[str, str]) -> tuple[Clipboard, list[str]]:
    """A clipboard under *env*, recording what it sends the terminal."""
    sent: list[str] = []
    return Clipboard(env, sent.append), sent


# -- the choice, with a fake PATH --------------------------------------------------------------


def test_without_tmux_or_a_tool_the_terminal_gets_osc52(bin_dir: Path) -> None:
    clip, sent = copier({"PATH": str(bin_dir), "TERM": "xterm-256color"})
    assert clip.copy(URL) == Copied("terminal", "osc52")
    assert sent == [URL]


def test_a_tool_is_used_only_when_its_display_is_there(bin_dir: Path) -> None:
    fake_tool(bin_dir, "xclip", '/bin/cat > "$OUT/xclip.txt"; echo "$@" > "$OUT/xclip.args"')
    clip, sent = copier({"PATH": str(bin_dir)})  # no $DISPLAY: xclip would fail
    assert clip.copy(URL).where == "terminal"
    assert not (bin_dir / "xclip.txt").exists()
    clip, sent = copier({"PATH": str(bin_dir), "DISPLAY": ":0"})
    assert clip.copy(URL) == Copied("clipboard", "xclip") and sent == []
    assert (bin_dir / "xclip.txt").read_text(encoding="utf-8") == URL
    assert (bin_dir / "xclip.args").read_text().split() == ["-selection", "clipboard"]


def test_wayland_comes_before_x_and_a_failing_tool_falls_through(bin_dir: Path) -> None:
    fake_tool(bin_dir, "wl-copy", '/bin/cat > "$OUT/wl.txt"')
    fake_tool(bin_dir, "xsel", '/bin/cat > "$OUT/xsel.txt"')
    env = {"PATH": str(bin_dir), "DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}
    clip, _ = copier(env)
    assert clip.copy(URL) == Copied("clipboard", "wl-copy")
    assert (bin_dir / "wl.txt").read_text(encoding="utf-8") == URL
    fake_tool(bin_dir, "wl-copy", "exit 1")  # e.g. the compositor is gone
    assert copier(env)[0].copy(URL).where == "terminal"


def test_the_linux_console_has_no_clipboard(bin_dir: Path) -> None:
    clip, sent = copier({"PATH": str(bin_dir), "TERM": "linux"})
    copied = clip.copy(URL)
    assert copied == Copied("nowhere") and not copied.ok and sent == []
    message = copied.message(URL)
    assert message.startswith("Can't copy here: no clipboard reachable; the URL is https://")
    assert "ünïcode?q=1" in message  # the whole address, to select by hand


def test_terminals_that_ignore_osc52_say_what_to_install(bin_dir: Path) -> None:
    gnome = {"PATH": str(bin_dir), "TERM": "xterm-256color", "VTE_VERSION": "7600"}
    clip, sent = copier({**gnome, "WAYLAND_DISPLAY": "wayland-0"})  # no wl-copy installed
    copied = clip.copy(URL)
    assert copied.where == "nowhere" and sent == []
    assert copied.message(URL).endswith("(install wl-clipboard, xclip or xsel to copy)")
    fake_tool(bin_dir, "wl-copy", '/bin/cat > "$OUT/wl.txt"')
    assert copier({**gnome, "WAYLAND_DISPLAY": "wayland-0"})[0].copy(URL).where == "clipboard"
    mac = {"PATH": "", "TERM": "xterm-256color", "TERM_PROGRAM": "Apple_Terminal"}
    assert copier(mac)[0].copy(URL) == Copied("nowhere")
    iterm = {**mac, "TERM_PROGRAM": "iTerm.app"}
    assert copier(iterm)[0].copy(URL).where == "terminal"


TMUX_NEW = """
case "$1" in
  load-buffer) /bin/cat > "$OUT/buffer.txt"; echo "$@" > "$OUT/tmux.args" ;;
  display-message) echo "${SET_CLIPBOARD:-external}|256,RGB,bpaste,clipboard,title" ;;
  *) exit 1 ;;
esac
"""
TMUX_OLD = """
case "$1" in
  load-buffer) [ "$2" = "-w" ] && { echo "unknown flag -w" >&2; exit 1; } ;;
  set-buffer) printf %s "$3" > "$OUT/buffer.txt" ;;
  display-message) echo "external|" ;;
  *) exit 1 ;;
esac
"""


def test_under_tmux_load_buffer_w_reaches_the_outer_terminal(bin_dir: Path) -> None:
    fake_tool(bin_dir, "tmux", TMUX_NEW)
    clip, sent = copier({"PATH": str(bin_dir), "TMUX": "/tmp/tmux-0/default,1,0"})
    assert clip.copy(URL) == Copied("clipboard", "tmux")
    assert (bin_dir / "buffer.txt").read_text(encoding="utf-8") == URL
    assert (bin_dir / "tmux.args").read_text().split() == ["load-buffer", "-w", "-"]
    assert sent == []  # tmux would swallow the app's own OSC 52


def test_with_set_clipboard_off_tmux_holds_it_in_its_buffer(bin_dir: Path) -> None:
    fake_tool(bin_dir, "tmux", TMUX_NEW.replace("${SET_CLIPBOARD:-external}", "off"))
    env = {"PATH": str(bin_dir), "TMUX": "/tmp/tmux-0/default,1,0"}
    copied = copier(env)[0].copy(URL)
    assert copied == Copied("tmux", "tmux")
    assert copied.message(URL).startswith("Copied to tmux's buffer (paste with prefix ]): ")
    fake_tool(bin_dir, "xclip", '/bin/cat > "$OUT/xclip.txt"')  # a display too: the system's
    assert copier({**env, "DISPLAY": ":0"})[0].copy(URL) == Copied("clipboard", "xclip")


def test_tmux_in_a_terminal_it_knows_no_clipboard_of_holds_it_in_its_buffer(
    bin_dir: Path,
) -> None:
    # e.g. alacritty (TERM=alacritty) before terminal-features is set for it
    fake_tool(bin_dir, "tmux", TMUX_NEW.replace("clipboard,", ""))
    clip, _ = copier({"PATH": str(bin_dir), "TMUX": "/tmp/tmux-0/default,1,0"})
    assert clip.copy(URL) == Copied("tmux", "tmux")


def test_an_old_tmux_gets_set_buffer(bin_dir: Path) -> None:
    fake_tool(bin_dir, "tmux", TMUX_OLD)
    clip, sent = copier({"PATH": str(bin_dir), "TMUX": "/tmp/tmux-0/default,1,0"})
    assert clip.copy(URL) == Copied("tmux", "tmux")
    assert (bin_dir / "buffer.txt").read_text(encoding="utf-8") == URL and sent == []


def test_tmux_unreachable_and_nothing_else_says_so(bin_dir: Path) -> None:
    fake_tool(bin_dir, "tmux", "exit 1")  # e.g. the server has gone
    clip, sent = copier({"PATH": str(bin_dir), "TMUX": "/tmp/tmux-0/gone,1,0"})
    assert clip.copy(URL) == Copied("nowhere") and sent == []
    clip, sent = copier({"PATH": "", "TMUX": "/tmp/tmux-0/gone,1,0"})  # no tmux at all
    assert clip.copy(URL) == Copied("nowhere")


# -- a real tmux server on a private socket ----------------------------------------------------


@pytest.fixture
def tmux_env() -> Iterator[tuple[str, dict[str, str]]]:
    """A detached tmux server of its own; its socket name and the environment of a
    program running inside it."""
    tmux = shutil.which("tmux")
    if tmux is None:
        pytest.skip("tmux is not installed")
    name = f"reader-test-{uuid.uuid4().hex[:12]}"
    base = [tmux, "-L", name]
    subprocess.run([*base, "-f", "/dev/null", "new-session", "-d"], check=True, timeout=10)
    where = ""
    try:
        where = subprocess.run(
            [*base, "display-message", "-p", "#{socket_path},#{pid},0"],
            check=True,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        env = {"PATH": os.environ.get("PATH", ""), "TMUX": where, "TERM": "tmux-256color"}
        yield name, env
    finally:
        subprocess.run([*base, "kill-server"], check=False, timeout=10)
        socket = Path(where.split(",")[0]) if where else None
        if socket is not None and socket.name == name:
            socket.unlink(missing_ok=True)  # tmux leaves it behind


def show_buffer(name: str) -> str:
    done = subprocess.run(
        ["tmux", "-L", name, "show-buffer"], capture_output=True, timeout=10, check=False
    )
    return done.stdout.decode("utf-8")


class Terminal:
    """A tmux client attached on a pseudo-terminal, as the terminal window a reader
    would see: everything tmux writes to it is kept, OSC 52 included."""

    def __init__(self, name: str) -> None:
        tmux = shutil.which("tmux") or "tmux"
        self._master, slave = pty.openpty()
        self.written = bytearray()
        self._proc = subprocess.Popen(
            [tmux, "-L", name, "attach"],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**os.environ, "TERM": "xterm-256color"},  # a terminal tmux copies to
            start_new_session=True,
        )
        os.close(slave)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not self._attached(name):
            time.sleep(0.05)

    @staticmethod
    def _attached(name: str) -> bool:
        done = subprocess.run(
            ["tmux", "-L", name, "list-clients"], capture_output=True, timeout=10, check=False
        )
        return bool(done.stdout.strip())

    def _read(self) -> None:
        with contextlib.suppress(OSError):
            while chunk := os.read(self._master, 65536):
                self.written.extend(chunk)

    def copied(self, timeout: float = 5.0) -> list[str]:
        """The texts tmux sent this terminal by OSC 52 (waiting up to *timeout* for one)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and b"]52;" not in self.written:
            time.sleep(0.05)
        found = re.findall(rb"\x1b\]52;[a-z]*;([A-Za-z0-9+/=]*)", bytes(self.written))
        return [base64.b64decode(b).decode("utf-8") for b in found]

    def close(self) -> None:
        self._proc.terminate()
        self._proc.wait(timeout=10)
        os.close(self._master)


def tmux_version() -> tuple[int, int]:
    """tmux's version as (major, minor): ``tmux 3.3a`` is (3, 3)."""
    done = subprocess.run(["tmux", "-V"], capture_output=True, text=True, timeout=10)
    found = re.search(r"(\d+)\.(\d+)", done.stdout)
    return (int(found[1]), int(found[2])) if found else (0, 0)


@pytest.fixture
def terminal(tmux_env: tuple[str, dict[str, str]]) -> Iterator[Terminal]:
    """A terminal attached to the test's tmux server (tmux 3.2 or later: before it,
    ``load-buffer -w`` does not exist and nothing is passed on)."""
    if tmux_version() < (3, 2):
        pytest.skip("tmux older than 3.2 passes no buffer on to the terminal")
    attached = Terminal(tmux_env[0])
    yield attached
    attached.close()


def test_a_real_tmux_with_no_terminal_attached_holds_it_in_its_buffer(
    tmux_env: tuple[str, dict[str, str]],
) -> None:
    name, env = tmux_env
    clip, sent = copier(env)
    assert clip.copy(URL) == Copied("tmux", "tmux")
    assert show_buffer(name) == URL and sent == []


def test_a_real_tmux_passes_it_on_to_the_terminal(
    tmux_env: tuple[str, dict[str, str]], terminal: Terminal
) -> None:
    name, env = tmux_env
    clip, sent = copier(env)
    # set-clipboard external, tmux's default: the app's own OSC 52 would be swallowed
    assert (
        command_output(["tmux", "-L", name, "show-options", "-sv", "set-clipboard"], {**os.environ})
        == "external"
    )
    assert clip.copy(URL) == Copied("clipboard", "tmux")
    assert show_buffer(name) == URL and sent == []
    assert terminal.copied() == [URL]  # it arrived at the terminal
    subprocess.run(["tmux", "-L", name, "set-option", "-s", "set-clipboard", "off"], check=True)
    assert clip.copy("second").where == "tmux"
    assert show_buffer(name) == "second"


async def test_y_under_tmux_copies_and_says_so(
    demo_library: Library, tmux_env: tuple[str, dict[str, str]], terminal: Terminal
) -> None:
    name, env = tmux_env
    app = build_app(demo_library)
    sent: list[str] = []
    app.copier = Clipboard(env, sent.append)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        url = demo_library.get(CITY_LIBRARY).url
        assert show_buffer(name) == url and sent == []
        assert terminal.copied() == [url]
        messages = [str(n.message) for n in app._notifications]
        assert messages == [f"Copied {url}"]


async def test_y_with_no_clipboard_shows_the_url(demo_library: Library) -> None:
    app = build_app(demo_library)
    sent: list[str] = []
    app.copier = Clipboard({"PATH": "", "TERM": "linux"}, sent.append)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        url = demo_library.get(CITY_LIBRARY).url
        assert sent == []
        [note] = list(app._notifications)
        assert str(note.message) == f"Can't copy here: no clipboard reachable; the URL is {url}"
        assert note.severity == "warning"


async def test_a_selection_copied_with_ctrl_c_goes_the_same_way(demo_library: Library) -> None:
    app = build_app(demo_library)
    sent: list[str] = []
    app.copier = Clipboard({"PATH": "", "TMUX": "/tmp/tmux-0/gone,1,0"}, sent.append)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.copy_to_clipboard("a passage")  # what Textual's ctrl+c on a selection calls
        await pilot.pause()
        assert sent == [] and app.clipboard == "a passage"  # pasting inside the app still works
        assert any("Can't copy here" in str(n.message) for n in app._notifications)
