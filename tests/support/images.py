"""Image files built by hand for tests: valid headers of each kind, no Pillow needed."""

from __future__ import annotations

import struct
import zlib

__all__ = ["avif", "chunk", "gif", "jpeg", "png", "webp"]


def chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk of *kind* holding *data*, with its length and checksum."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int = 64, height: int = 48, pixels: bool = True) -> bytes:
    """A valid PNG (grey pixels), or with *pixels* False a header-only one with a token IDAT."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height)) if pixels else b"\x00"
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def jpeg(width: int = 64, height: int = 48) -> bytes:
    """A JPEG's structure: SOI, JFIF, a frame header, a scan, EOI."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    sos = b"\xff\xda" + struct.pack(">HB", 8, 1) + b"\x01\x00\x00\x3f\x00"
    return b"\xff\xd8" + app0 + sof + sos + b"\x12\x34" * 40 + b"\xff\xd9"


def gif(width: int = 64, height: int = 48) -> bytes:
    """A GIF's structure: header, screen descriptor, some data, the trailer."""
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00" + b"\x00" * 20 + b";"


def webp(width: int = 64, height: int = 48) -> bytes:
    """An extended (VP8X) WebP header with a token image chunk."""
    vp8x = b"VP8X" + struct.pack("<I", 10) + b"\x00" * 4
    vp8x += (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    data = b"WEBP" + vp8x + b"VP8L" + struct.pack("<I", 2) + b"\x2f\x00"
    return b"RIFF" + struct.pack("<I", len(data)) + data


def _box(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", 8 + len(data)) + kind + data


def avif(width: int = 64, height: int = 48) -> bytes:
    """An AVIF's boxes: ftyp, meta > iprp > ipco > ispe, mdat."""
    ispe = _box(b"ispe", b"\x00" * 4 + struct.pack(">II", width, height))
    meta = _box(b"meta", b"\x00" * 4 + _box(b"iprp", _box(b"ipco", ispe)))
    return _box(b"ftyp", b"avif\x00\x00\x00\x00mif1avif") + meta + _box(b"mdat", b"\x00" * 16)
