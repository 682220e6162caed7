"""A highlight: a quoted passage of an article, anchored the W3C TextQuoteSelector way.

A highlight is stored as the exact quote plus a little text before and after it
(``prefix``/``suffix``) and its last known position in the article's plain text
(``start``/``end``, see `reader.highlights.text`). The quote and its context are
what re-attach it when the article changes; the position only breaks ties.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from reader.text.sanitize import MAX_NOTE, clean_text, cut

#: Characters of context kept before and after a quote.
CONTEXT_CHARS = 32
#: Longest quote kept (a highlight is a passage, not a whole book); a note's
#: limit, `MAX_NOTE`, lives with the other field limits in `reader.text.sanitize`.
MAX_QUOTE = 20_000

_KNOWN = ("id", "exact", "prefix", "suffix", "note", "created", "updated", "start", "end")


def now_iso() -> str:
    """The current UTC time as ISO 8601 (to the microsecond, so newest-first is exact)."""
    return datetime.now(UTC).isoformat()


def clean_note(text: str) -> str:
    """A note as stored: user text without control characters (bidi overrides and
    escape sequences included), trimmed, at most `MAX_NOTE` characters cut at a word."""
    return cut(clean_text(text).strip(), MAX_NOTE)


def derived_id(exact: str, prefix: str = "", suffix: str = "", created: str = "") -> str:
    """A stable id for a highlight that was stored without one (an imported one)."""
    key = "\0".join((exact, prefix, suffix, created)).encode("utf-8", "replace")
    return hashlib.sha256(key).hexdigest()[:8]


@dataclass(frozen=True)
class Highlight:
    """One highlighted passage of one article."""

    id: str
    """Short hex id, unique within its article."""
    exact: str
    """The quoted text itself."""
    prefix: str = ""
    """Text just before the quote when it was made (disambiguates repeats)."""
    suffix: str = ""
    """Text just after the quote."""
    note: str = ""
    """The reader's note on it (may be empty)."""
    start: int | None = None
    """Last known character offset of the quote in the article's plain text."""
    end: int | None = None
    """Last known end offset (exclusive)."""
    created: str = ""
    """When it was made, ISO 8601 (empty when an import did not say)."""
    updated: str = ""
    """When its note last changed, ISO 8601 (empty when never)."""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """Fields of the sidecar entry this version does not know: kept as they were."""

    @property
    def when(self) -> str:
        """The time to sort by: last change, else creation."""
        return self.updated or self.created

    def with_position(self, start: int, end: int, text: str) -> Highlight:
        """This highlight placed at ``text[start:end]``, its context refreshed from *text*."""
        return replace(
            self,
            exact=text[start:end],
            prefix=text[max(0, start - CONTEXT_CHARS) : start],
            suffix=text[end : end + CONTEXT_CHARS],
            start=start,
            end=end,
        )

    def to_json(self) -> dict[str, Any]:
        """The sidecar shape: the importers' ``{"exact", "prefix", "suffix", "note",
        "created"}`` plus ``id``, ``start``, ``end`` and ``updated``."""
        out: dict[str, Any] = dict(self.extra)
        out.update(
            {
                "id": self.id,
                "exact": self.exact,
                "prefix": self.prefix,
                "suffix": self.suffix,
                "note": self.note,
            }
        )
        if self.created:
            out["created"] = self.created
        if self.updated:
            out["updated"] = self.updated
        if self.start is not None and self.end is not None:
            out["start"] = self.start
            out["end"] = self.end
        return out

    @classmethod
    def from_json(cls, item: dict[str, Any]) -> Highlight | None:
        """A highlight from one sidecar entry; None when it has no quote."""
        exact = item.get("exact")
        if not isinstance(exact, str) or not exact.strip():
            return None
        exact = clean_text(exact)[:MAX_QUOTE]
        prefix, suffix, note, created, updated = (
            _text(item.get(key)) for key in ("prefix", "suffix", "note", "created", "updated")
        )
        hid = item.get("id")
        if not isinstance(hid, str) or not hid.strip() or len(hid) > 40:
            hid = derived_id(exact, prefix, suffix, created)
        start, end = _int(item.get("start")), _int(item.get("end"))
        if start is None or end is None or end < start:
            start = end = None
        return cls(
            id=clean_text(hid).strip(),
            exact=exact,
            prefix=prefix[-CONTEXT_CHARS * 4 :],
            suffix=suffix[: CONTEXT_CHARS * 4],
            note=clean_note(note),
            start=start,
            end=end,
            created=created[:40],
            updated=updated[:40],
            extra={k: v for k, v in item.items() if k not in _KNOWN},
        )


def _text(value: object) -> str:
    return clean_text(value) if isinstance(value, str) else ""


def _int(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value
