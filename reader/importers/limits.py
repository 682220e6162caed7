"""Size limits for import files, checked before anything is read into memory.

A 2 GB file, a zip whose members claim (or turn out) to be huge, or a zip with
more members than any export has, is refused with one clear line instead of
exhausting memory. Files inside an import folder are read only when they are
regular files (`read_regular_file`): a named pipe, a device or a symbolic link
out of the folder is never opened.
"""

from __future__ import annotations

import io
import os
import stat
import sys
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reader.errors import ImportFormatError
from reader.text.sizes import byte_size

MB = 1_000_000


@dataclass(frozen=True)
class ImportLimits:
    """Bounds on what an import may read."""

    max_file_bytes: int = 256 * MB
    """Largest import file accepted (checked with stat before reading)."""
    max_member_bytes: int = 64 * MB
    """Largest single member of a zip, declared and actually read."""
    max_total_bytes: int = 1024 * MB
    """Most bytes all zip members may unpack to together."""
    max_members: int = 200_000
    """Most members a zip may have (and most notes a markdown folder may have)."""
    max_article_bytes: int = 16 * MB
    """Largest article taken with its content (a note, an export's HTML or markdown);
    saving one costs some twenty times its size in memory. A bigger one is fetched."""
    max_folder_entries: int = 1_000_000
    """Most entries (files and folders) looked at in a markdown folder."""
    max_depth: int = 64
    """Deepest folder of a markdown folder that is read."""


DEFAULT_LIMITS = ImportLimits()

# What a damaged or hostile member can raise while it is unpacked.
_UNPACK_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,  # an encrypted member
)


class FileRefused(ValueError):
    """A file that is not read: not a regular file, or too big. The message says which."""


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a symbolic link"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _check_regular(info: os.stat_result, limit: int) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused(f"not a regular file ({_kind(info.st_mode)})")
    if info.st_size > limit:
        raise FileRefused(f"{byte_size(info.st_size)}; the limit is {byte_size(limit)}")


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of *path*, a regular file of at most *limit* bytes; never follows a link.

    The file is checked with lstat before it is opened (a pipe would block the open,
    a device could do anything), opened with O_NOFOLLOW and O_NONBLOCK (in case it
    was swapped for a link or a pipe in between), checked again with fstat, and read
    with a cap (it may grow while it is read). Raises FileRefused for a file that is
    not read, OSError when reading fails.
    """
    _check_regular(os.lstat(path), limit)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as handle:
        _check_regular(os.fstat(fd), limit)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(f"larger than {byte_size(limit)}")
    return data


def read_inside(path: Path, root: Path, limit: int) -> bytes:
    """The bytes of *path* in the folder *root*, as `read_regular_file` reads them; a
    symbolic link is followed only to a file inside *root* (resolved), never out of it."""
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.is_relative_to(os.path.realpath(root)):
            raise FileRefused("a symbolic link to outside the folder (not followed)")
        if target.is_symlink():  # realpath gives up on a loop and returns a link
            raise FileRefused("a symbolic link loop")
        path = target
    return read_regular_file(path, limit)


def read_source(source: str | Path, limits: ImportLimits = DEFAULT_LIMITS) -> bytes:
    """The bytes of the import file *source* ("-" for stdin), refusing one that is too big."""
    limit = limits.max_file_bytes
    if str(source) == "-":
        return _read_capped(sys.stdin.buffer, limit, "standard input")
    path = Path(source)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode) or stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):
            # A named pipe is read (``reader import <(...)`` names one); a device is not.
            raise ImportFormatError(f"{path.name} is not a file ({_kind(info.st_mode)})")
        if info.st_size > limit:
            raise ImportFormatError(
                f"{path.name} is {byte_size(info.st_size)}; "
                f"imports are limited to {byte_size(limit)}"
            )
        with path.open("rb") as handle:
            return _read_capped(handle, limit, path.name)
    except OSError as exc:
        raise ImportFormatError(f"cannot read {path}: {exc.strerror or exc}") from None


def _read_capped(handle: BinaryIO, limit: int, name: str) -> bytes:
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise ImportFormatError(f"{name} is larger than the import limit of {byte_size(limit)}")
    return data


def zip_members(data: bytes, limits: ImportLimits = DEFAULT_LIMITS) -> Iterator[tuple[str, bytes]]:
    """Yield (name, content) for each file in the zip *data*, within *limits*.

    Declared sizes are checked before anything is unpacked, and actual sizes while
    unpacking (a member may lie about its size), so a zip bomb stops early.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
        raise ImportFormatError(f"not a valid zip file: {exc}") from None
    with archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        if len(infos) > limits.max_members:
            raise ImportFormatError(
                f"the zip has {len(infos)} files; at most {limits.max_members} are accepted"
            )
        declared = 0
        for info in infos:
            if info.file_size > limits.max_member_bytes:
                raise ImportFormatError(
                    f"{info.filename} in the zip unpacks to {byte_size(info.file_size)}; "
                    f"the limit is {byte_size(limits.max_member_bytes)}"
                )
            declared += info.file_size
        if declared > limits.max_total_bytes:
            raise ImportFormatError(
                f"the zip unpacks to {byte_size(declared)}; "
                f"the limit is {byte_size(limits.max_total_bytes)}"
            )
        total = 0
        for info in infos:
            try:
                with archive.open(info) as member:
                    content = member.read(limits.max_member_bytes + 1)
            except _UNPACK_ERRORS as exc:
                raise ImportFormatError(f"cannot unpack {info.filename}: {exc}") from None
            if len(content) > limits.max_member_bytes:
                raise ImportFormatError(
                    f"{info.filename} in the zip unpacks to more than "
                    f"{byte_size(limits.max_member_bytes)}"
                )
            total += len(content)
            if total > limits.max_total_bytes:
                raise ImportFormatError(
                    f"the zip unpacks to more than {byte_size(limits.max_total_bytes)}"
                )
            yield info.filename, content
