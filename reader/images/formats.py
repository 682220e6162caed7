"""Recognise an image by its bytes and read its dimensions, without decoding it.

Only raster formats a terminal or a markdown viewer can show are accepted:
PNG, JPEG, GIF, WebP and AVIF. SVG (which can carry scripts), HTML that a
server labels ``image/png``, and anything else are refused. The dimensions come
from the file's header, so an image that declares absurd ones (a decompression
bomb) is refused before anything would decode it; a file cut short is refused
too, so a half-downloaded image is never kept.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

__all__ = ["EXTENSIONS", "BadImage", "ImageInfo", "sniff_image"]

#: File extension of each accepted kind.
EXTENSIONS = {"png": "png", "jpeg": "jpg", "gif": "gif", "webp": "webp", "avif": "avif"}


class BadImage(ValueError):
    """The bytes are not an acceptable image; the message says why, in a few words."""


@dataclass(frozen=True)
class ImageInfo:
    """What the header of an image says."""

    kind: str
    """One of "png", "jpeg", "gif", "webp", "avif"."""
    width: int
    height: int

    @property
    def extension(self) -> str:
        """The file extension for this kind, without the dot."""
        return EXTENSIONS[self.kind]


def sniff_image(data: bytes) -> ImageInfo:
    """The kind and dimensions of the image in *data*; `BadImage` if it is not a whole one."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _png(data)
    if data.startswith(b"\xff\xd8\xff"):
        return _jpeg(data)
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return _gif(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp(data)
    if data[4:8] == b"ftyp":
        return _avif(data)
    start = data[:512].lstrip().lower()
    if b"<svg" in start or start.startswith(b"<?xml"):
        raise BadImage("SVG or XML, not a raster image")
    if start.startswith((b"<!doctype", b"<html", b"<head", b"<body", b"<script")):
        raise BadImage("an HTML page, not an image")
    raise BadImage("not a PNG, JPEG, GIF, WebP or AVIF image")


def _png(data: bytes) -> ImageInfo:
    """Walk the chunks: IHDR first, every chunk whole with a right CRC, IEND last."""
    pos = 8
    width = height = 0
    first = True
    while True:
        if pos + 12 > len(data):
            raise BadImage("truncated PNG")
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        end = pos + 12 + length
        if end > len(data):
            raise BadImage("truncated PNG")
        chunk = data[pos + 4 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : end])
        if zlib.crc32(chunk) != crc:
            raise BadImage("corrupt PNG (bad checksum)")
        if first:
            if kind != b"IHDR" or length < 8:
                raise BadImage("PNG without a header chunk")
            width, height = struct.unpack(">II", data[pos + 8 : pos + 16])
            first = False
        if kind == b"IEND":
            return ImageInfo("png", width, height)
        pos = end


# Start-of-frame markers, which carry the dimensions (not DHT C4, JPG C8 or DAC CC).
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg(data: bytes) -> ImageInfo:
    """Find the frame header among the segments; require the end-of-image marker."""
    if b"\xff\xd9" not in data[-4096:]:
        raise BadImage("truncated JPEG")
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise BadImage("corrupt JPEG")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if length < 2:
            raise BadImage("corrupt JPEG")
        if marker in _SOF:
            if pos + 9 > len(data):
                break
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return ImageInfo("jpeg", width, height)
        if marker in (0xD9, 0xDA):  # end of image, or scan data before any frame header
            break
        pos += 2 + length
    raise BadImage("JPEG without a frame header")


def _gif(data: bytes) -> ImageInfo:
    if len(data) < 14:
        raise BadImage("truncated GIF")
    if data.rstrip(b"\x00")[-1:] != b";":
        raise BadImage("truncated GIF")
    width, height = struct.unpack("<HH", data[6:10])
    return ImageInfo("gif", width, height)


def _webp(data: bytes) -> ImageInfo:
    (size,) = struct.unpack("<I", data[4:8])
    if size + 8 > len(data) or len(data) < 30:
        raise BadImage("truncated WebP")
    chunk = data[12:16]
    if chunk == b"VP8X":
        width = 1 + int.from_bytes(data[24:27], "little")
        height = 1 + int.from_bytes(data[27:30], "little")
    elif chunk == b"VP8 ":
        if data[23:26] != b"\x9d\x01\x2a":
            raise BadImage("corrupt WebP")
        width, height = struct.unpack("<HH", data[26:30])
        width, height = width & 0x3FFF, height & 0x3FFF
    elif chunk == b"VP8L":
        if data[20] != 0x2F:
            raise BadImage("corrupt WebP")
        bits = int.from_bytes(data[21:25], "little")
        width, height = (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    else:
        raise BadImage("corrupt WebP")
    return ImageInfo("webp", width, height)


_AVIF_BRANDS = (b"avif", b"avis")
_CONTAINERS = frozenset({b"meta", b"iprp", b"ipco"})


def _avif(data: bytes) -> ImageInfo:
    """Check the ftyp brand and the top-level boxes; the largest ``ispe`` box gives the size."""
    (ftyp_size,) = struct.unpack(">I", data[0:4])
    brands = data[8:12] + b"".join(data[i : i + 4] for i in range(16, min(ftyp_size, 64), 4))
    if not any(brands[i : i + 4] in _AVIF_BRANDS for i in range(0, len(brands), 4)):
        raise BadImage("not a PNG, JPEG, GIF, WebP or AVIF image")
    sizes: list[tuple[int, int]] = []
    _boxes(data, 0, len(data), sizes, 0)
    if not sizes:
        raise BadImage("AVIF without dimensions")
    width, height = max(sizes, key=lambda wh: wh[0] * wh[1])
    return ImageInfo("avif", width, height)


def _boxes(data: bytes, start: int, end: int, sizes: list[tuple[int, int]], depth: int) -> None:
    """Walk the ISO BMFF boxes in data[start:end], collecting ``ispe`` dimensions."""
    pos = start
    while pos < end:
        if pos + 8 > end:
            raise BadImage("truncated AVIF")
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        header = 8
        if size == 1:
            if pos + 16 > end:
                raise BadImage("truncated AVIF")
            (size,) = struct.unpack(">Q", data[pos + 8 : pos + 16])
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise BadImage("truncated AVIF")
        if kind == b"ispe" and size >= header + 12:
            sizes.append(struct.unpack(">II", data[pos + header + 4 : pos + header + 12]))
        elif kind in _CONTAINERS and depth < 4:  # meta > iprp > ipco > ispe; no deeper
            # "meta" is a full box: 4 bytes of version and flags before its children.
            skip = 4 if kind == b"meta" else 0
            _boxes(data, pos + header + skip, pos + size, sizes, depth + 1)
        pos += size
