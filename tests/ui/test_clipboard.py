"""Copying: the route chosen (tmux, a system tool, the terminal, none), the real tmux, and
what the app says about it."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.library import Library
from reader.ui.clipboard import Clipboard, Copied
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
  show-options) echo "${SET_CLIPBOARD:-external}" ;;
  *) exit 1 ;;
esac
"""
TMUX_OLD = """
case "$1" in
  load-buffer) [ "$2" = "-w" ] && { echo "unknown flag -w" >&2; exit 1; } ;;
  set-buffer) printf %s "$3" > "$OUT/buffer.txt" ;;
  show-options) echo external ;;
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


def show_buffer(name: str) -> str:
    done = subprocess.run(
        ["tmux", "-L", name, "show-buffer"], capture_output=True, timeout=10, check=False
    )
    return done.stdout.decode("utf-8")


def test_a_real_tmux_gets_the_text(tmux_env: tuple[str, dict[str, str]]) -> None:
    name, env = tmux_env
    clip, sent = copier(env)
    copied = clip.copy(URL)
    assert copied == Copied("clipboard", "tmux")  # set-clipboard external: tmux sends it on
    assert show_buffer(name) == URL and sent == []
    subprocess.run(["tmux", "-L", name, "set-option", "-s", "set-clipboard", "off"], check=True)
    assert clip.copy("second").where == "tmux"
    assert show_buffer(name) == "second"


async def test_y_under_tmux_copies_and_says_so(
    demo_library: Library, tmux_env: tuple[str, dict[str, str]]
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
