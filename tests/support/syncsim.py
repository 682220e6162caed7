"""Two library folders and what Syncthing does between them, without Syncthing.

`exchange` plays one sync round: every file that differs between the folders goes
to both; where both sides changed one file, the newer one (by modification time,
as Syncthing decides) wins and the other is kept beside it under Syncthing's
conflict name, in both folders. A file deleted on one side and unchanged on the
other is deleted; one deleted on one side and changed on the other comes back.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

SKIP = (".stignore", ".stfolder")


def files_of(root: Path) -> dict[str, Path]:
    """Every synced file under *root*, by its path relative to it."""
    found: dict[str, Path] = {}
    for path in root.rglob("*"):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and not rel.startswith(SKIP) and not path.name.endswith(".tmp"):
            found[rel] = path
    return found


def snapshot(root: Path) -> dict[str, bytes]:
    """What the folder holds now (the common state after a sync round)."""
    return {rel: path.read_bytes() for rel, path in files_of(root).items()}


def conflict_name(rel: str, device: str, stamp: str = "20261207-101500") -> str:
    """Syncthing's name for the losing copy of *rel*, made by *device* (7 characters)."""
    folder, _, name = rel.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    copy = (
        f"{stem}.sync-conflict-{stamp}-{device}.{ext}"
        if dot
        else f"{name}.sync-conflict-{stamp}-{device}"
    )
    return f"{folder}/{copy}" if folder else copy


def _put(root: Path, rel: str, source: Path) -> None:
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.resolve() != source.resolve():
        shutil.copy2(source, target)


def exchange(a: Path, b: Path, base: dict[str, bytes]) -> dict[str, bytes]:
    """One sync round between folders *a* and *b*, both last in sync at *base*.

    Returns the new common state.
    """
    fa, fb = files_of(a), files_of(b)
    for rel in sorted(set(fa) | set(fb) | set(base)):
        pa, pb = fa.get(rel), fb.get(rel)
        da = pa.read_bytes() if pa else None
        db = pb.read_bytes() if pb else None
        old = base.get(rel)
        changed_a, changed_b = da != old, db != old
        if da == db:
            continue
        if changed_a and not changed_b:
            winner, side = pa, "a"
        elif changed_b and not changed_a:
            winner, side = pb, "b"
        else:  # both changed
            if pa is None or pb is None:  # deleted on one side, changed on the other
                winner = pa or pb
                assert winner is not None
                _put(a, rel, winner)
                _put(b, rel, winner)
                continue
            ma, mb = pa.stat().st_mtime_ns, pb.stat().st_mtime_ns
            winner, loser, device = (pa, pb, "BBBBBBB") if ma >= mb else (pb, pa, "AAAAAAA")
            copy = conflict_name(rel, device)
            keep = loser.read_bytes(), loser.stat().st_mtime_ns
            for root in (a, b):
                _put(root, rel, winner)
                (root / copy).write_bytes(keep[0])
                os.utime(root / copy, ns=(keep[1], keep[1]))
            continue
        if winner is None:  # deleted on one side, unchanged on the other
            for root in (a, b):
                (root / rel).unlink(missing_ok=True)
            continue
        other = b if side == "a" else a
        _put(other, rel, winner)
    return snapshot(a)
