"""Decode a page's bytes to text: BOM, then the HTTP header, then <meta charset>, then detection.

French, German or Polish text must come out right whether or not its charset is
declared, and even when it is declared wrongly (Windows-1252 sent as UTF-8 is
common): a declared UTF-8 that does not decode cleanly falls back to detection.
A declared charset whose decoding cannot be right (``charset=utf-16`` over an
ASCII body, which would make every two letters one Chinese character) is ignored:
the page is read as UTF-8 if it decodes, else by detection.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">,
# looked for in the first bytes of the document, as browsers do.
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
_PRESCAN_BYTES = 4096

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def normalize_charset(name: str | None) -> str | None:
    """The Python codec name for a declared charset, or None if unknown.

    Follows the WHATWG rule that ISO-8859-1 and ASCII labels mean Windows-1252.
    """
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    if codec in {"latin-1", "iso8859-1", "ascii"}:
        return "cp1252"
    return codec


def sniff_meta_charset(body: bytes) -> str | None:
    """The charset a document declares in a <meta> tag near its start, if any."""
    match = _META_CHARSET.search(body[:_PRESCAN_BYTES])
    return normalize_charset(match.group(1).decode("ascii", "replace")) if match else None


def decode_html(body: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode *body* and return ``(text, encoding used)``.

    *declared* is the charset from the HTTP Content-Type header, if any.
    """
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, errors="replace"), codec
    for candidate in (normalize_charset(declared), sniff_meta_charset(body)):
        if candidate is None or not _plausible(body, candidate):
            continue
        if candidate in {"utf-8", "utf-16", "utf-16-le", "utf-16-be"} or candidate.startswith(
            "utf"
        ):
            try:
                return body.decode(candidate), candidate
            except UnicodeDecodeError:
                continue  # declared UTF-8 but is not: detect instead
        else:
            # A single-byte declaration may be a lie about a UTF-8 body; UTF-8 that
            # decodes cleanly and has multibyte sequences is almost never an accident.
            if _is_clean_multibyte_utf8(body):
                return body.decode("utf-8"), "utf-8"
            return body.decode(candidate, errors="replace"), candidate
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _detect(body)


# Markup as every page starts: an ASCII-compatible charset reads it unchanged.
_PROBE = b'<!doctype html><meta charset="x"><title>'
_PLAUSIBLE_SAMPLE = 2048


def _plausible(body: bytes, codec: str) -> bool:
    """Whether *body* can really be in *codec*.

    A charset that reads ASCII as ASCII (UTF-8, Windows-1252, Shift JIS...) always
    can; one that does not (UTF-16, UTF-32, EBCDIC) only when its decoding of the
    page's start shows markup: "<" and mostly ASCII text. The ``<meta>`` that names
    such a charset was itself read as ASCII, so that declaration is never true
    (browsers ignore it too), and a header's is true only with the bytes to match.
    """
    try:
        if _PROBE.decode(codec) == _PROBE.decode("ascii"):
            return True
    except (UnicodeDecodeError, LookupError):
        pass
    head = body[:_PLAUSIBLE_SAMPLE]
    head = head[: len(head) - len(head) % 4]  # whole code units for UTF-16 and UTF-32
    try:
        text = head.decode(codec, errors="replace")
    except LookupError:
        return False
    ascii_chars = sum(1 for char in text if " " <= char < "\x7f" or char in "\t\r\n")
    return "<" in text and ascii_chars * 4 >= len(text) * 3


def _is_clean_multibyte_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return any(b >= 0x80 for b in body)


# Single-byte Latin encodings that detectors confuse with one another. Between these,
# reader judges by what the decoded text looks like instead of trusting the guess.
_LATIN_FAMILY = frozenset({"cp1252", "iso8859-15", "iso8859-9", "cp1254", "iso8859-2", "cp1250"})
_LATIN_CANDIDATES = ("cp1252", "iso8859-2", "cp1250")
# Languages (from <html lang>) whose legacy pages are usually Central European encodings.
_CENTRAL_EUROPEAN = frozenset({"pl", "cs", "sk", "hu", "hr", "sl", "ro", "bs", "sr"})
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_HTML_LANG = re.compile(rb"""<html[^>]*\slang\s*=\s*["']?([a-zA-Z]{2,3})""", re.IGNORECASE)


def _implausibility(text: str) -> int:
    """How unlike real text a decoding looks: control characters and stray symbols
    (such as "¿³±" where Polish letters were meant) cost points; letters cost none."""
    cost = 0
    for char in text:
        if char < "\x80":
            continue
        category = unicodedata.category(char)
        if category == "Cc" or char == "\ufffd":
            cost += 10
        elif category[0] in "SN" and char not in "€°©®™":
            cost += 3
    return cost


def _detect(body: bytes) -> tuple[str, str]:
    import chardet

    # chardet costs about 3 ms per kilobyte: show it 16 kB of text from where the
    # non-ASCII bytes begin (markup before that tells it nothing).
    high = _HIGH_BYTE.search(body)
    start = max(0, high.start() - 512) if high else 0
    sample = body[start : start + 16_384]
    guess = chardet.detect(sample)
    guessed = normalize_charset(guess.get("encoding"))
    if guessed is not None and guessed not in _LATIN_FAMILY:
        return body.decode(guessed, errors="replace"), guessed
    lang = _HTML_LANG.search(sample[: _PRESCAN_BYTES * 4])
    prefer_central = lang is not None and lang.group(1).decode().lower() in _CENTRAL_EUROPEAN
    order = _LATIN_CANDIDATES[1:] + _LATIN_CANDIDATES[:1] if prefer_central else _LATIN_CANDIDATES
    best = min(order, key=lambda codec: _implausibility(sample.decode(codec, errors="replace")))
    return body.decode(best, errors="replace"), best
