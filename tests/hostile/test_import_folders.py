"""`reader import FOLDER` over a folder of hostile files: bounded time and memory, and one
bad file never stops the others (it is reported in one line and skipped)."""

from __future__ import annotations

import json
import os
import re
import resource
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from reader.importers.markdown_dir import parse_dir
from reader.library import Library

GIB = 1024**3
SAVED = "saved_at: '2024-01-01T00:00:00+00:00'\n"


def note(url: str, title: str, extra: str = "", body: str = "Plain words.\n") -> str:
    return f"---\ntitle: {title}\nurl: {url}\n{SAVED}{extra}---\n\n# {title}\n\n{body}"


def laughs(levels: int = 9) -> str:
    """A billion-laughs block: nine aliases of nine aliases of ... nine strings."""
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def sparse(path: Path, size: int) -> None:
    with path.open("wb") as handle:
        handle.truncate(size)  # costs no disk


def hostile_folder(root: Path, outside: Path) -> dict[str, str]:
    """Fill *root* with every hostile file we can think of, plus two harmless notes.

    Returns {file name: what its skipped line must say} for the files that are skipped.
    """
    root.mkdir()
    (root / "good-one.md").write_text(note("https://good.example/1", "First harmless"))
    (root / "good-two.md").write_text(note("https://good.example/2", "Second harmless"))
    skipped: dict[str, str] = {}
    for field in ("title", "tags", "saved_at", "byline", "published"):
        name = f"bomb-{field}.md"
        text = f"---\n{laughs()}url: https://bomb.example/{field}\n{SAVED}{field}: *l8\n---\n"
        (root / name).write_text(text.replace(f"{SAVED}saved_at", "saved_at"))
        skipped[name] = "YAML aliases"
    (root / "self-loop.md").write_text("---\nurl: https://loop.example/\ntags: &t [a, *t]\n---\n")
    skipped["self-loop.md"] = "YAML aliases"
    os.mkfifo(root / "pipe.md")
    skipped["pipe.md"] = "named pipe"
    os.symlink("/dev/zero", root / "zero.md")
    skipped["zero.md"] = "outside the folder"
    secret = outside / "secret.md"
    secret.write_text(note("https://secret.example/", "Outside the folder"))
    os.symlink(secret, root / "escape.md")
    skipped["escape.md"] = "outside the folder"
    os.symlink("loop-b.md", root / "loop-a.md")
    os.symlink("loop-a.md", root / "loop-b.md")
    skipped.update({"loop-a.md": "symbolic link loop", "loop-b.md": "symbolic link loop"})
    sparse(root / "huge.md", 3 * GIB)
    skipped["huge.md"] = "the limit is"
    (root / "unclosed.md").write_text("---\n" + "x: 1\n" * 400_000)  # 2 MB, never closed
    skipped["unclosed.md"] = "longer than"
    (root / "deep-yaml.md").write_text(f"---\nurl: https://d.example/\nt: {'[' * 50_000}\n---\n")
    skipped["deep-yaml.md"] = "not valid YAML"
    big = "9" * 50_000
    (root / "bigint.md").write_text(f"---\nurl: https://i.example/\nword_count: {big}\n---\n")
    skipped["bigint.md"] = "cannot be read"
    bad_zone = "saved_at: 2024-01-01 10:00:00 +99:00"
    (root / "badtz.md").write_text(f"---\nurl: https://t.example/\n{bad_zone}\n---\n")
    skipped["badtz.md"] = "cannot be read"
    (root / "binary.md").write_bytes(os.urandom(4096))
    skipped["binary.md"] = "no front matter"
    # Notes whose sidecars are hostile: the note imports, the sidecar is reported.
    for stem, make in (
        ("side-pipe", lambda p: os.mkfifo(p)),
        ("side-zero", lambda p: os.symlink("/dev/zero", p)),
        ("side-huge", lambda p: sparse(p, 2 * GIB)),
        ("side-deep", lambda p: p.write_text("[" * 100_000)),
        ("side-dir", lambda p: p.mkdir()),
    ):
        (root / f"{stem}.md").write_text(note(f"https://side.example/{stem}", stem))
        make(root / f"{stem}.highlights.json")
        skipped[f"{stem}.highlights.json"] = "imports without it"
    try:  # a device and a socket, where the system lets us make them
        os.mknod(root / "device.md", 0o600 | 0o020000, os.makedev(1, 5))  # like /dev/zero
        skipped["device.md"] = "character device"
    except (PermissionError, AttributeError, OSError):
        pass
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(root / "s.md"))
        skipped["s.md"] = "socket"
    except OSError:
        pass
    finally:
        sock.close()
    # A folder nested deeper than any vault, with a note at the bottom.
    deep = root
    for _ in range(70):
        deep = deep / "d"
    deep.mkdir(parents=True)
    (deep / "bottom.md").write_text(note("https://deep.example/", "Too deep"))
    skipped["d/d/d"] = "folders deep"
    # A link to a folder out of the tree is not followed.
    os.symlink(outside, root / "linked-folder")
    return skipped


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (GIB, GIB))


def test_import_survives_a_hostile_folder_under_1_gib(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = tmp_path / "notes"
    skipped = hostile_folder(folder, outside)
    lib_dir = tmp_path / "lib"
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(lib_dir), "import", str(folder)],
        preexec_fn=_limit_memory,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "READER_DEBUG": ""},
    )
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    assert proc.returncode == 1  # rows were skipped
    summary = proc.stdout.strip().splitlines()[-1]
    assert summary.startswith(f"imported 7 new, 7 with content, {len(skipped)} files skipped")
    lines = proc.stderr.strip().splitlines()
    for name, reason in skipped.items():
        mine = [line for line in lines if re.search(rf"(?:\): |skipped ){re.escape(name)}", line)]
        assert len(mine) == 1, (name, lines)
        assert reason in mine[0] and mine[0].startswith(
            ("reader: skipped", "reader: error: skipped")
        ), mine[0]
    assert len(lines) == len(skipped), lines
    with Library(lib_dir) as lib:
        titles = {e.title for e in lib.entries()}
    assert {"First harmless", "Second harmless"} <= titles
    assert "Outside the folder" not in titles and "Too deep" not in titles
    assert len(titles) == 7


def test_a_sidecar_is_cleaned_and_bounded(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.md").write_text(note("https://a.example/", "A", body="Quoted words here.\n"))
    sidecar = [
        {"exact": "Quoted\u202e words", "note": "evil\x1b]52;c;aGk=\x07 \u2066note\u2069\x00"}
    ] + [{"exact": f"q{i}"} for i in range(6000)]
    (folder / "a.highlights.json").write_text(json.dumps(sidecar))
    parsed = parse_dir(folder)
    (record,) = parsed.records
    assert len(record.highlights) == 5000
    first = record.highlights[0]
    assert first.exact == "Quoted words" and first.note == "evil note"
    assert [str(p) for p in parsed.problems] == [
        "line 1 (entry 1): a.highlights.json: more than 5000 highlights; the first 5000 kept"
    ]


def test_imported_notes_reach_the_sidecar_clean(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.md").write_text(note("https://a.example/", "A", body="Quoted words here.\n"))
    bad = "bidi\u202e\u2067 and \x1b[31mred\x1b[0m\x07"
    item = {"exact": "Quoted words", "note": bad, "prefix": "\u202a", "colour": "\x1b[1m"}
    (folder / "a.highlights.json").write_text(json.dumps([item]))
    lib_dir = tmp_path / "lib"
    from reader.cli import main

    assert main(["--data-dir", str(lib_dir), "import", str(folder), "--no-fetch"]) == 0
    (written,) = (lib_dir / "articles").glob("*.highlights.json")
    raw = written.read_text("utf-8")
    for char in ("\u202e", "\u2067", "\u202a", "\x1b", "\x07"):
        assert char not in raw and json.dumps(char)[1:-1] not in raw
    assert json.loads(raw)[0]["note"] == "bidi and red"


@pytest.mark.parametrize("kind", ["folder", "device"])
def test_read_source_refuses_a_device_or_a_folder(tmp_path: Path, kind: str) -> None:
    from reader.errors import ImportFormatError
    from reader.importers import read_source

    with pytest.raises(ImportFormatError, match="not a file"):
        read_source("/dev/zero" if kind == "device" else tmp_path)
