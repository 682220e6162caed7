"""What an importer makes of a file: records to add, and problems with line numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from reader.models import Status


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
    highlights: tuple[ImportedHighlight, ...] = ()
    extra: dict[str, object] = field(default_factory=dict, compare=False)
    """Fields only reader's own export carries (byline, site, progress, ...)."""

    @property
    def has_content(self) -> bool:
        """True when the record brings its article body along (no fetch needed)."""
        return bool((self.content_html or "").strip() or (self.content_markdown or "").strip())


@dataclass(frozen=True)
class ImportProblem:
    """A row that could not be imported, and why."""

    line: int
    """The line (or item) number in the file."""
    reason: str
    """One line a person can act on."""
    item: int | None = None
    """For JSON lists: the entry's position (1-based), as several may share a line."""

    def __str__(self) -> str:
        where = f"line {self.line}" + (f" (entry {self.item})" if self.item else "")
        return f"{where}: {self.reason}"


@dataclass
class ParsedImport:
    """Everything read from one import file."""

    format: str
    """The format name (see `reader.importers.FORMATS`)."""
    records: list[ImportRecord] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
