"""Make untrusted text inert before it is stored or shown.

Pages and files can carry terminal escape sequences (CSI, OSC 8 links, OSC 52
clipboard writes), C0/C1 control characters, NUL, and bidi overrides. These are
stripped at ingest so that nothing printed or drawn later can reach the
terminal as a command. Rich/Textual markup is *not* stripped here: it is plain
text, and every place that displays text shows it literally.
"""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST),
# DCS/SOS/PM/APC (ESC P/X/^/_ ... ST), and two-byte escapes.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]              # CSI
    | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?  # OSC, ended by BEL or ST (or unterminated)
    | \x1b[PX^_][^\x1b]*(?:\x1b\\)?       # DCS, SOS, PM, APC
    | \x1b[@-Z\\-_]                       # other two-byte escapes
    | \x9b[0-?]*[ -/]*[@-~]               # 8-bit CSI
    | \x9d[^\x07\x9c]*(?:\x07|\x9c)?      # 8-bit OSC
    """,
    re.VERBOSE,
)

# C0 controls except tab and newline, DEL, C1 controls, the bidi embedding/override/
# isolate characters that can disguise text, and invisible zero-width characters
# (zero-width space, word joiner, BOM, interlinear annotation marks). The zero-width
# joiner and non-joiner stay: emoji sequences and Persian or Indic words need them.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff\ufff9-\ufffb]"
)

# Carriage returns become newlines before controls are removed.
_CRLF = re.compile(r"\r\n?")


def clean_text(text: str) -> str:
    """Return *text* with escape sequences and control characters removed.

    Tabs and newlines are kept (carriage returns become newlines); everything
    else below U+0020, DEL, the C1 range and bidi overrides are dropped.
    """
    if not text or _CONTROL.search(text) is None:
        return text  # nothing to remove (escape sequences start with a control character)
    text = _CRLF.sub("\n", text)
    text = _ESCAPE_SEQUENCE.sub("", text)
    return _CONTROL.sub("", text)


def clean_line(text: str) -> str:
    """Return *text* cleaned as by `clean_text` and folded onto one line."""
    return " ".join(clean_text(text).split())
