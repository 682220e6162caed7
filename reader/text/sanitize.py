"""Make untrusted text inert before it is stored or shown.

Pages and files can carry terminal escape sequences (CSI, OSC 8 links, OSC 52
clipboard writes), C0/C1 control characters, NUL, and bidi overrides. These are
stripped at ingest so that nothing printed or drawn later can reach the
terminal as a command. Rich/Textual markup is *not* stripped here: it is plain
text, and every place that displays text shows it literally.

Fields are bounded here too: the ``MAX_*`` lengths say how long a title, a byline,
a tag or a note may be once stored, and `cut` shortens text cleanly (at a word,
never inside a grapheme, with an ellipsis for titles). Every path that takes such
a field from outside (extraction, imports, files read back, notes) uses them.
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
# (zero-width space, word joiner, BOM, interlinear annotation marks), and the soft
# hyphen: a hint for breaking a word that a terminal shows, if at all, as a stray
# mark inside the word, and that splits the word for search. The zero-width joiner
# and non-joiner stay: emoji sequences and Persian or Indic words need them.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff\ufff9-\ufffb]"
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


# How long a field from outside may be once stored: more than a person ever writes or
# reads in that place, so a 100,000-character <title> cannot fill a screen or a file.
MAX_TITLE = 400
"""A title (cut at a word, with an ellipsis)."""
MAX_BYLINE = 200
"""A byline: the authors' names."""
MAX_SITE = 200
"""A site's name."""
MAX_EXCERPT = 1_000
"""An excerpt or description."""
MAX_TAG = 64
"""A tag."""
MAX_NOTE = 10_000
"""A highlight's note."""
MAX_SHORT = 64
"""A date or a language code as written."""
MAX_ADDRESS = 2_000
"""A web address kept beside an article (canonical, lead image)."""
MAX_ERROR = 500
"""The reason a fetch failed."""

ELLIPSIS = "…"

# Characters that belong to the one before them: a cut never falls just before one
# (combining marks, variation selectors, emoji skin tones, tag characters) or just
# after a zero-width joiner, so no letter loses its accent and no emoji is split.
_EXTENDS = re.compile(
    r"[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0900-\u0903"
    r"\u093a-\u094f\u1ab0-\u1aff\u1dc0-\u1dff\u200c\u200d\u20d0-\u20ff\ufe00-\ufe0f"
    r"\ufe20-\ufe2f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f\U000e0100-\U000e01ef]"
)
_REGIONAL = re.compile(r"[\U0001f1e6-\U0001f1ff]")  # flags are pairs of these
# How far back from the limit a cut looks for a space before it cuts inside a word:
# a fifth of the limit (half of a short one).
_WORD_SLACK = 5


def cut(text: str, limit: int, *, ellipsis: bool = False) -> str:
    """*text* at most *limit* characters long, cut cleanly if it is longer.

    The cut falls at a space when one is near the limit (within a fifth of it),
    never inside a grapheme (a letter and its accents, an emoji sequence, a flag);
    with *ellipsis* the text ends with "…" (counted in *limit*). Text within the
    limit comes back unchanged.
    """
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS) if ellipsis else limit
    end = _grapheme_start(text, max(room, 0)) or max(room, 0)  # one endless grapheme: cut it
    slack = max(limit // _WORD_SLACK, min(limit // 2, 16))
    space = text.rfind(" ", max(0, end - slack), end + 1)
    if space > 0 and text[:space].strip():
        end = space
    kept = text[:end].rstrip()
    return kept + ELLIPSIS if ellipsis else kept


def _grapheme_start(text: str, end: int) -> int:
    """The greatest position <= *end* where a grapheme of *text* begins (roughly)."""
    while end > 0 and (_EXTENDS.match(text, end) or text[end - 1] == "\u200d"):
        end -= 1
    if end > 0 and _REGIONAL.match(text, end):
        run = end
        while run > 0 and _REGIONAL.match(text, run - 1):
            run -= 1
        end -= (end - run) % 2  # inside a pair: keep the pair whole
    return end


def clean_field(value: object, limit: int, *, ellipsis: bool = False) -> str | None:
    """A one-line field from outside (a title, a byline) as stored: cleaned, folded onto
    one line, cut to *limit*; None when it is not text or is empty."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return cut(clean_line(str(value)), limit, ellipsis=ellipsis) or None


def clean_title(value: object) -> str | None:
    """A title as stored: one clean line of at most `MAX_TITLE` characters, or None."""
    return clean_field(value, MAX_TITLE, ellipsis=True)
