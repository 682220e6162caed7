"""Commands for a library synced between machines: ``sync`` and git's ``merge-file`` driver.

Every command already merges what a sync engine left (conflict copies, git
conflict markers) when it opens the library; ``reader sync`` does only that and
says what it did, and ``reader sync --init-git`` sets a library folder up for git.
``reader merge-file`` is what git runs, through ``.gitattributes``, to merge an
article or a highlights file the way reader merges a Syncthing conflict.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.common import EXIT_ERROR, EXIT_OK, fail, open_library, out, print_json
from reader.cli.registry import Command

if TYPE_CHECKING:
    import argparse


def _sync_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--init-git",
        action="store_true",
        help="make the library folder a git repository that merges with reader's driver "
        "(run it in every clone)",
    )
    parser.add_argument("--json", action="store_true", help="print what was done as JSON")


def cmd_sync(args: argparse.Namespace) -> int:
    """Merge what a sync engine left in the library now, and say where things live."""
    from reader.config import resolve_data_dir

    root = resolve_data_dir(args.data_dir)
    done: list[str] = []
    with open_library(args, create=args.init_git, quiet=True) as library:
        if args.init_git:
            from reader.sync.ignore import init_git

            done = init_git(root)
        report = library.last_sync
        index = library.index.path
    if args.json:
        print_json(
            {
                "folder": str(root),
                "index": str(index) if index is not None else None,
                "merged": report.merged,
                "problems": report.problems,
                "git": done,
            }
        )
        return EXIT_OK
    for line in done:
        out(line)
    for line in report.merged:
        out(line)
    if not report.merged:
        out("nothing to merge")
    where = str(index) if index is not None else "in memory (its folder cannot be written)"
    out(f"library {root}; its index (not synced) {where}")
    return EXIT_OK


def _merge_file_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("base", type=Path, help="the common ancestor (git's %%O)")
    parser.add_argument("ours", type=Path, help="our version, replaced by the merge (git's %%A)")
    parser.add_argument("theirs", type=Path, help="their version (git's %%B)")
    parser.add_argument("path", nargs="?", default="", help="the file's path in the repository")


def cmd_merge_file(args: argparse.Namespace) -> int:
    """Merge three versions of an article or highlights file into OURS (git's merge driver).

    Exit status 0 when merged; 1 leaves git's own conflict in place.
    """
    from reader.errors import ReaderError
    from reader.store.files import atomic_write_bytes
    from reader.sync.resolve import merge_texts

    name = str(args.path or args.ours)

    def text(path: Path) -> str:
        return path.read_bytes().decode("utf-8", errors="replace")

    try:
        merged, _ = merge_texts(name, text(args.base), text(args.ours), text(args.theirs))
        atomic_write_bytes(args.ours, merged.encode("utf-8"))
    except (OSError, ValueError, ReaderError) as exc:
        fail(f"{name}: not merged ({exc}); git leaves its conflict markers")
        return EXIT_ERROR
    return EXIT_OK


COMMANDS = {
    "sync": Command(
        "Merge what Syncthing or git left in the library (conflict copies, conflict markers) "
        "now, as every command does when it opens the library, and say what was merged. "
        "With --init-git, set the folder up for git first.",
        _sync_arguments,
        cmd_sync,
    ),
    "merge-file": Command(
        "git's merge driver for reader's files (set up by 'reader sync --init-git'): merges "
        "BASE, OURS and THEIRS of an article or highlights file into OURS.",
        _merge_file_arguments,
        cmd_merge_file,
    ),
}
