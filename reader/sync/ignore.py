"""What reader tells Syncthing and git about its library folder.

reader keeps its index, lock and caches outside the library folder (see
`reader.config.index_folder_for`), so the folder holds only the user's files. Its
atomic writes still pass through short-lived temporary files (``.NAME.PID.tmp``), and
a library made by an older reader may still hold ``index.sqlite3``: the lines below
keep both out of every sync. They are added once, in a block of their own, beside
whatever the user wrote in those files, which is never changed.

For git, ``.gitattributes`` names reader's merge driver for the article files and
highlights sidecars (``reader merge-file``), so ``git pull`` merges them the way a
Syncthing conflict is merged instead of leaving conflict markers. A driver is set in
each clone's own git config, not in the synced folder (`init_git`).
"""

from __future__ import annotations

import contextlib
import shlex
import subprocess
import sys
from pathlib import Path

from reader.errors import ReaderError
from reader.store.files import atomic_write_bytes

MARK = "reader: derived and temporary files, never synced"
"""The first line of reader's block in each ignore file."""
STIGNORE_LINES = (
    f"// {MARK}",
    "(?d).*.tmp",
    "(?d)index.sqlite3*",
    "(?d).lock",
)
GITIGNORE_LINES = (
    f"# {MARK}",
    ".*.tmp",
    "index.sqlite3*",
    ".lock",
    "*.sync-conflict-*",
    ".stignore",
    ".stfolder/",
    ".stversions/",
)
GITATTRIBUTES_LINES = (
    "# reader: merge articles and highlights with reader's own driver (reader sync --init-git)",
    "articles/*.md merge=reader",
    "articles/*.highlights.json merge=reader",
    "trash/*.md merge=reader",
    "trash/*.highlights.json merge=reader",
)
DRIVER = "reader"
"""The merge driver's name in ``.gitattributes`` and git config."""


def _add_block(path: Path, lines: tuple[str, ...]) -> bool:
    """Append *lines* to the file at *path* unless their first line is already there.

    Returns True when the file was written. A file that cannot be read as text is
    left alone.
    """
    try:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError):
        return False
    if lines[0] in current:
        return False
    prefix = current if not current or current.endswith("\n") else current + "\n"
    spacer = "\n" if prefix else ""
    atomic_write_bytes(path, (prefix + spacer + "\n".join(lines) + "\n").encode("utf-8"))
    return True


def write_ignore_files(root: Path) -> None:
    """Make sure the library's ``.stignore`` and ``.gitignore`` keep reader's temporary
    files out of the sync (cheap when they already do: one read each)."""
    with contextlib.suppress(ReaderError, OSError):
        _add_block(root / ".stignore", STIGNORE_LINES)
        _add_block(root / ".gitignore", GITIGNORE_LINES)


def driver_command(python: str | None = None) -> str:
    """The git config value that runs reader's merge driver with this Python."""
    exe = shlex.quote(python or sys.executable)
    return f"{exe} -m reader merge-file %O %A %B %P"


def init_git(root: Path) -> list[str]:
    """Set up the library folder at *root* for syncing with git; what was done, a line each.

    Makes it a git repository if it is not one, writes ``.gitignore`` and
    ``.gitattributes``, and registers the merge driver in this clone's git config.
    Run it once in every clone (a clone's config is not synced).
    """
    done: list[str] = []

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(
                ["git", *args], cwd=root, capture_output=True, text=True, timeout=60
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise ReaderError(f"cannot run git: {exc}") from None

    inside = git("rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0:
        made = git("init", "-q")
        if made.returncode != 0:
            raise ReaderError(f"git init failed: {made.stderr.strip()[:200]}")
        done.append(f"made {root} a git repository")
    if _add_block(root / ".gitignore", GITIGNORE_LINES):
        done.append("wrote .gitignore (reader's temporary files and Syncthing's stay out)")
    if _add_block(root / ".gitattributes", GITATTRIBUTES_LINES):
        done.append("wrote .gitattributes (articles and highlights merge with reader's driver)")
    for key, value in (
        (f"merge.{DRIVER}.name", "reader: articles and highlights merged field by field"),
        (f"merge.{DRIVER}.driver", driver_command()),
    ):
        result = git("config", key, value)
        if result.returncode != 0:
            raise ReaderError(f"git config failed: {result.stderr.strip()[:200]}")
    done.append("registered the merge driver in this clone's .git/config")
    return done
