"""Copying text where it will arrive, and saying plainly where that was.

Textual copies by writing OSC 52 to the terminal. Inside tmux that sequence is
swallowed under ``set-clipboard external`` (tmux's default): the app said
"Copied" and nothing arrived. So, in order:

1. under tmux (``$TMUX`` set): ``tmux load-buffer -w -``, which puts the text in
   tmux's buffer and (tmux 3.2 and later, ``set-clipboard`` not ``off``, a terminal
   tmux knows has a clipboard) has tmux send its own OSC 52 to the outer terminal;
   an older tmux gets ``tmux set-buffer``, which reaches tmux's buffer only;
2. a system clipboard tool whose display is there: ``wl-copy`` (``$WAYLAND_DISPLAY``),
   ``xclip`` or ``xsel`` (``$DISPLAY``), ``pbcopy`` (macOS);
3. outside tmux, the terminal's OSC 52 (Textual's own copy), unless the terminal
   is one known to ignore it (the Linux console, ``dumb``, VTE terminals such as
   GNOME Terminal, macOS Terminal);
4. otherwise nothing: the reader is told, with the text to select by hand (and,
   on a desktop, which tool to install).

Everything the choice depends on (the environment, how a command is run, how the
terminal is written to) is given to `Clipboard`, so tests choose it.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from reader.ui.text import fit, safe_line

TIMEOUT = 2.0
"""Seconds a clipboard command may take (it runs on the event loop: a copy is rare)."""
TOOLS: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("wl-copy", (), "WAYLAND_DISPLAY"),
    ("xclip", ("-selection", "clipboard"), "DISPLAY"),
    ("xsel", ("--clipboard", "--input"), "DISPLAY"),
    ("pbcopy", (), None),
)
"""System clipboard tools: name, arguments, and the variable naming the display they need."""
NO_CLIPBOARD_TERMS = ("linux", "dumb")
"""``$TERM`` of terminals with no clipboard to reach by OSC 52."""
NO_OSC52_MARKS = (("VTE_VERSION", None), ("TERM_PROGRAM", "Apple_Terminal"))
"""Variables set by terminals that ignore OSC 52 (with the value, when it matters)."""
INSTALL_HINT = " (install wl-clipboard, xclip or xsel to copy)"
"""Said when a desktop is there but no clipboard tool."""
TMUX_PASTE = "paste with prefix ]"
"""How to paste from tmux's buffer (``prefix ]`` is tmux's default key)."""

Where = Literal["clipboard", "tmux", "terminal", "nowhere"]
Runner = Callable[[Sequence[str], str | None, Mapping[str, str]], bool]
"""Runs a command with the text on its standard input (None: none), in an environment;
True if it succeeded."""
Output = Callable[[Sequence[str], Mapping[str, str]], str]
"""Runs a command in an environment; what it printed."""
Which = Callable[[str, str | None], str | None]
"""Finds a command on a ``PATH`` (as `shutil.which` does)."""


def run_command(argv: Sequence[str], text: str | None, env: Mapping[str, str]) -> bool:
    """Run *argv* under *env* with *text* on its standard input; True when it exits 0
    in time."""
    try:
        done = subprocess.run(
            list(argv),
            input=None if text is None else text.encode("utf-8"),
            # not pipes: xclip and wl-copy leave a child holding the selection, and a
            # pipe it inherits would keep us waiting for it
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=TIMEOUT,
            check=False,
            env=dict(env),
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def command_output(argv: Sequence[str], env: Mapping[str, str]) -> str:
    """What *argv* prints under *env* (empty when it fails or takes too long)."""
    try:
        done = subprocess.run(
            list(argv),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
            env=dict(env),
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.decode("utf-8", "replace").strip() if done.returncode == 0 else ""


def _which(name: str, path: str | None) -> str | None:
    return shutil.which(name, path=path)


@dataclass(frozen=True)
class Copied:
    """Where a copy went."""

    where: Where
    """``clipboard`` (the system's, or the terminal's through tmux), ``tmux`` (tmux's
    buffer only), ``terminal`` (sent as OSC 52: the terminal may still refuse it),
    ``nowhere``."""
    how: str = ""
    """The command or route used (``tmux``, ``xclip``, ``osc52``), for tests and logs."""
    hint: str = ""
    """What would make copying work (said after a copy that went nowhere)."""

    @property
    def ok(self) -> bool:
        """True when the text went somewhere it can be pasted from."""
        return self.where != "nowhere"

    def message(self, text: str, what: str = "the URL") -> str:
        """What to tell the reader: *text* (one line, shortened) and where it went;
        when it went nowhere, the whole of *what* to select by hand."""
        shown = fit(safe_line(text), 70)
        if self.where == "clipboard":
            return f"Copied {shown}"
        if self.where == "tmux":
            return f"Copied to tmux's buffer ({TMUX_PASTE}): {shown}"
        if self.where == "terminal":
            return f"Copied {shown} (through the terminal)"
        whole = fit(safe_line(text), 300)
        return f"Can't copy here: no clipboard reachable; {what} is {whole}{self.hint}"


class Clipboard:
    """Copies text by the first route that works here (see the module's docstring)."""

    def __init__(
        self,
        env: Mapping[str, str],
        terminal: Callable[[str], None],
        *,
        run: Runner = run_command,
        output: Output = command_output,
        which: Which = _which,
    ) -> None:
        """Copy under *env* (``os.environ`` in the app); *terminal* sends OSC 52."""
        self.env = env
        """The environment the choice is made from."""
        self._terminal = terminal
        self._run = run
        self._output = output
        self._which = which

    def _find(self, name: str) -> str | None:
        return self._which(name, self.env.get("PATH", ""))

    def tool(self) -> list[str] | None:
        """The system clipboard command to use (with its arguments), if one is usable."""
        for name, args, display in TOOLS:
            if display is not None and not self.env.get(display):
                continue
            found = self._find(name)
            if found is not None:
                return [found, *args]
        return None

    def copy(self, text: str) -> Copied:
        """Copy *text*; where it went."""
        in_tmux = bool(self.env.get("TMUX"))
        tmux = self._find("tmux") if in_tmux else None
        in_buffer = False
        if tmux is not None:
            if self._run([tmux, "load-buffer", "-w", "-"], text, self.env):
                if self._tmux_reaches_terminal(tmux):
                    return Copied("clipboard", "tmux")
                in_buffer = True
            else:  # before tmux 3.2 (no -w): tmux's own buffer only
                in_buffer = self._run([tmux, "set-buffer", "--", text], None, self.env)
        tool = self.tool()
        if tool is not None and self._run(tool, text, self.env):
            return Copied("clipboard", tool[0].rsplit("/", 1)[-1])
        if in_buffer:
            return Copied("tmux", "tmux")
        desktop = bool(self.env.get("DISPLAY") or self.env.get("WAYLAND_DISPLAY"))
        hint = INSTALL_HINT if desktop and tool is None else ""
        if in_tmux:  # tmux swallows the terminal's OSC 52 unless set-clipboard is on
            return Copied("nowhere", hint=hint)
        if not self.terminal_copies():
            return Copied("nowhere", hint=hint)
        self._terminal(text)
        return Copied("terminal", "osc52")

    def terminal_copies(self) -> bool:
        """False for a terminal known to ignore OSC 52 (the rest may take it)."""
        if self.env.get("TERM", "") in NO_CLIPBOARD_TERMS:
            return False
        for name, value in NO_OSC52_MARKS:
            if self.env.get(name) and (value is None or self.env.get(name) == value):
                return False
        return True

    def _tmux_reaches_terminal(self, tmux: str) -> bool:
        """True when tmux passes a buffer on to the terminal it runs in: its
        ``set-clipboard`` is not ``off`` and it counts that terminal as having a
        clipboard (``clipboard`` among the attached client's features: by default
        ``xterm*`` terminals; an ``alacritty`` needs ``terminal-features``)."""
        asked = [tmux, "display-message", "-p", "#{set-clipboard}|#{client_termfeatures}"]
        setting, _, features = self._output(asked, self.env).partition("|")
        return setting != "off" and "clipboard" in features.split(",")
