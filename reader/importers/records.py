"""What an importer makes of a file: records to add, and problems with line numbers.

A record and its highlights clean what they are given as they are made (control
characters, escape sequences and bidi overrides removed, lengths bounded), so no
importer can let raw text from a file through to the library.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from reader.highlights.model import CONTEXT_CHARS, MAX_QUOTE, clean_note
from reader.models import Status
from reader.text.sanitize import MAX_SHORT, clean_field, clean_line, clean_text, clean_title, cut

# Fields of a sidecar entry besides the quote, note and context that an import keeps.
_MAX_MORE = 32
_MORE_TEXT = 1_000


@dataclass(frozen=True)
class ImportedHighlight:
    """A passage the user highlighted in the source service, as a W3C TextQuoteSelector."""

    exact: str
    """The highlighted text itself."""
    note: str = ""
    """The user's note on it, if any."""
    created: str | None = None
    """When it was made, as ISO 8601, when the source says."""
    prefix: str = ""
    """Text just before the quote (disambiguates repeated passages), when known."""
    suffix: str = ""
    """Text just after the quote, when known."""
    more: dict[str, Any] = field(default_factory=dict, compare=False)
    """Other sidecar fields reader's own export carries (id, start, end, updated)."""

    def __post_init__(self) -> None:
        # Frozen, so the cleaned values are set the way dataclasses set them.
        fields = {
            "exact": cut(clean_text(self.exact), MAX_QUOTE),
            "note": clean_note(self.note),
            "created": clean_field(self.created, MAX_SHORT),
            "prefix": clean_text(self.prefix)[-CONTEXT_CHARS * 4 :],
            "suffix": clean_text(self.suffix)[: CONTEXT_CHARS * 4],
            "more": _clean_more(self.more),
        }
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    def to_json(self) -> dict[str, Any]:
        """The sidecar file's shape: {"exact", "prefix", "suffix", "note", "created"}."""
        out: dict[str, Any] = {**self.more}
        out.update(exact=self.exact, prefix=self.prefix, suffix=self.suffix, note=self.note)
        if self.created:
            out["created"] = self.created
        return out


@dataclass(frozen=True)
class ImportRecord:
    """One saved link read from an import file."""

    url: str
    """The address, already checked to be http(s)."""
    line: int
    """Where it was found: the line number (or item number for JSON/zip formats)."""
    title: str | None = None
    tags: tuple[str, ...] = ()
    saved_at: datetime | None = None
    """When it was saved in the source service (UTC), when known."""
    status: Status = "unread"
    favorite: bool = False
    content_html: str | None = None
    """The article body the source had already extracted, as HTML."""
    content_markdown: str | None = None
    """The article body as markdown (from reader's own export)."""
    content_source: Callable[[], str] | None = field(default=None, compare=False)
    """Reads the article body as markdown when it is needed: a note of an import folder
    stays on disk until then, so a big folder is never held in memory at once. Raises
    a ReaderError when the note can no longer be read."""
    highlights: tuple[ImportedHighlight, ...] = ()
    extra: dict[str, object] = field(default_factory=dict, compare=False)
    """What else the export says that reader keeps: "byline", "site", "published",
    "lang", "excerpt", "lead_image", "canonical_url" (text), "progress" (a float, 0 to
    1), "word_count" and "reading_minutes" (ints); an entry without them gets them."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", clean_title(self.title))

    @property
    def has_content(self) -> bool:
        """True when the record brings its article body along (no fetch needed)."""
        if self.content_source is not None:
            return True
        return bool((self.content_html or "").strip() or (self.content_markdown or "").strip())


@dataclass(frozen=True)
class ImportProblem:
    """A row that could not be imported, and why."""

    line: int
    """The line (or item) number in the file; 0 for a file of an imported folder."""
    reason: str
    """One line a person can act on."""
    item: int | None = None
    """For JSON lists: the entry's position (1-based), as several may share a line."""

    def __str__(self) -> str:
        if self.line <= 0:  # a file of a folder, not a line of a file: the reason names it
            return self.reason
        where = f"line {self.line}" + (f" (entry {self.item})" if self.item else "")
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class TitledHighlights:
    """Highlights of an article known only by its title (Readwise's highlights export
    has no URL): they are attached to the library's article of that title."""

    line: int
    """The line of the first of them in the file."""
    title: str
    highlights: tuple[ImportedHighlight, ...]
    tags: tuple[str, ...] = ()
    """The document's tags, added to the article."""
    author: str | None = None
    """The document's author, kept as the article's byline when it has none."""


@dataclass
class ParsedImport:
    """Everything read from one import file."""

    format: str
    """The format name (see `reader.importers.FORMATS`)."""
    records: list[ImportRecord] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    by_title: list[TitledHighlights] = field(default_factory=list)
    """Highlights to attach to existing articles by their title."""
    dropped: list[str] = field(default_factory=list)
    """Fields the file holds (with a value) that reader has no place for, in the order
    first met: the summary names them once."""

    def drop(self, *names: str) -> None:
        """Note that fields *names* were found and not kept."""
        for name in names:
            if name not in self.dropped:
                self.dropped.append(name)


def _clean_more(more: dict[str, Any]) -> dict[str, Any]:
    """The other fields of a sidecar entry, as an import keeps them: at most 32, each a
    number, a flag or a bounded clean string under a clean name (lists and mappings,
    which could hold anything, are dropped)."""
    kept: dict[str, Any] = {}
    for key, value in list(more.items())[:_MAX_MORE]:
        name = cut(clean_line(str(key)), 64)
        if not name:
            continue
        if value is None or isinstance(value, bool | int | float):
            kept[name] = value
        elif isinstance(value, str):
            kept[name] = cut(clean_text(value), _MORE_TEXT)
    return kept
