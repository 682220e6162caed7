"""Add imported records to a library, merging duplicates and keeping the richer state.

A record that carries its article (wallabag, Omnivore, reader's own export) is
saved at once as a fetched article. Any other record becomes a placeholder
(``fetched: false``): the placeholders *are* the fetch queue (see `reader.importers.queue`).

Duplicates, in the file or against the library (same URL once tracking
parameters, fragments and the like are ignored), are merged: tags are
united, the earliest saved date kept, archived beats unread, a favorite stays
a favorite, content beats none and highlights are united.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from reader.errors import ReaderError
from reader.importers.content import article_from
from reader.importers.highlights import add_highlights
from reader.importers.limits import DEFAULT_LIMITS, ImportLimits
from reader.importers.records import ImportProblem, ImportRecord, ParsedImport, TitledHighlights
from reader.library import Library, Placeholder
from reader.models import Entry
from reader.text.sanitize import (
    MAX_ADDRESS,
    MAX_BYLINE,
    MAX_EXCERPT,
    MAX_SHORT,
    MAX_SITE,
    clean_field,
)
from reader.text.sizes import byte_size

# New links added to the library at a time (one lock, one folder sync, one transaction).
_BATCH = 200


@dataclass
class ImportReport:
    """What importing one file did."""

    format: str
    """The format the file was read as."""
    added: int = 0
    """New entries in the library."""
    merged: int = 0
    """Records that were already in the library (or repeated in the file): merged."""
    with_content: int = 0
    """Entries saved with the content the export carried (no fetch needed)."""
    queued: int = 0
    """New entries waiting to be fetched."""
    highlights: int = 0
    """Highlights added."""
    problems: list[ImportProblem] = field(default_factory=list)
    """Rows skipped, with their line numbers."""
    dropped: list[str] = field(default_factory=list)
    """Fields the file held that reader has no place for (named once)."""
    to_fetch: list[str] = field(default_factory=list)
    """The ids of this import's entries still waiting to be fetched: what it fetches
    (entries queued by earlier imports wait for ``reader import --resume``)."""
    records: int | None = None
    """Records read from the file (0: the file held nothing to import; None: not said)."""

    def to_json(self) -> dict[str, object]:
        """A JSON-ready summary."""
        return {
            "format": self.format,
            "added": self.added,
            "merged": self.merged,
            "with_content": self.with_content,
            "queued": self.queued,
            "highlights": self.highlights,
            "dropped": list(self.dropped),
            "problems": [
                {"line": p.line, "entry": p.item, "reason": p.reason} for p in self.problems
            ],
        }


def url_key(url: str) -> str:
    """The key under which two spellings of one address count as duplicates."""
    from reader.web.urls import normalize_url

    try:
        return normalize_url(url)
    except ReaderError:
        return url.strip()


def _earliest(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None or b is None:
        return a or b
    return min(a, b)


def merge_records(a: ImportRecord, b: ImportRecord) -> ImportRecord:
    """One record holding the richer state of two records for the same page."""
    seen = {(h.exact, h.note) for h in a.highlights}
    have = {t.casefold() for t in a.tags}
    return replace(
        a,
        title=a.title if a.title and a.title != a.url else b.title or a.title,
        tags=a.tags + tuple(t for t in b.tags if t.casefold() not in have),
        saved_at=_earliest(a.saved_at, b.saved_at),
        status="archived" if "archived" in (a.status, b.status) else "unread",
        favorite=a.favorite or b.favorite,
        content_html=a.content_html or b.content_html,
        content_markdown=a.content_markdown or b.content_markdown,
        content_source=a.content_source or b.content_source,
        highlights=a.highlights + tuple(h for h in b.highlights if (h.exact, h.note) not in seen),
        extra={**b.extra, **a.extra},
    )


def dedupe(records: Iterable[ImportRecord]) -> tuple[list[ImportRecord], int]:
    """*records* with repeats merged (first position kept), and how many were merged."""
    by_key: dict[str, ImportRecord] = {}
    repeats = 0
    for record in records:
        key = url_key(record.url)
        if key in by_key:
            by_key[key] = merge_records(by_key[key], record)
            repeats += 1
        else:
            by_key[key] = record
    return list(by_key.values()), repeats


def import_records(
    library: Library,
    parsed: ParsedImport,
    *,
    tags: Sequence[str] = (),
    on_record: Callable[[int, int], None] | None = None,
    limits: ImportLimits = DEFAULT_LIMITS,
) -> ImportReport:
    """Add *parsed*'s records to *library* (with extra *tags*); returns what was done.

    *on_record(done, total)* is called after each record, or each batch of new links
    (they are added up to 200 at a time), for a progress display. Content bigger than
    ``limits.max_article_bytes`` is left out (the link is fetched instead) and reported.
    """
    report = ImportReport(
        parsed.format,
        problems=list(parsed.problems),
        dropped=list(parsed.dropped),
        records=len(parsed.records) + len(parsed.by_title),
    )
    records, report.merged = dedupe(parsed.records)
    records = [_bounded(record, limits.max_article_bytes, report) for record in records]
    batch: list[ImportRecord] = []
    done = 0

    def progress(count: int) -> None:
        nonlocal done
        done += count
        if on_record is not None:
            on_record(done, len(records))

    def add_batch() -> None:
        count = len(batch)
        if count:
            _add_new_links(library, batch, tuple(tags), report)
            batch.clear()
            progress(count)

    for record in records:
        if _is_plain_link(record) and library.find_url(record.url) is None:
            batch.append(record)  # the common case: a new link, added many at a time
            if len(batch) >= _BATCH:
                add_batch()
            continue
        add_batch()  # first, so records are added in the file's order
        try:
            _import_one(library, record, tuple(tags), report)
        except ReaderError as exc:
            report.problems.append(ImportProblem(record.line, str(exc)))
        progress(1)
    add_batch()
    if parsed.by_title:
        _attach_by_title(library, parsed.by_title, tuple(tags), report)
    report.problems.sort(key=lambda p: (p.line, p.item or 0))
    return report


def _attach_by_title(
    library: Library,
    items: Sequence[TitledHighlights],
    extra_tags: tuple[str, ...],
    report: ImportReport,
) -> None:
    """Add highlights known only by their article's title to the library's article of
    that title (the one saved first when several share it); a title the library does
    not have is reported at its line."""
    titles: dict[str, Entry] = {}
    for known in library.entries(sort="saved-asc"):
        titles.setdefault(known.title.casefold(), known)
    for item in items:
        found = titles.get(item.title.casefold())
        if found is None:
            report.problems.append(
                ImportProblem(
                    item.line,
                    f"no article titled {item.title[:80]!r} in the library: import the "
                    "articles first (the highlights export has no URLs)",
                )
            )
            continue
        entry = found
        try:
            if item.tags or extra_tags:
                entry = library.save_existing_tags(entry, item.tags + extra_tags).entry
            byline = clean_field(item.author, MAX_BYLINE) if item.author else None
            if byline and not entry.byline:
                entry = library.update(entry.id, byline=byline)
            report.highlights += add_highlights(
                library, entry, (h.to_json() for h in item.highlights)
            )
            report.merged += 1
        except ReaderError as exc:
            report.problems.append(ImportProblem(item.line, str(exc)))


def _bounded(record: ImportRecord, limit: int, report: ImportReport) -> ImportRecord:
    """*record* without the content it carries when that is bigger than *limit*."""
    size = max(len(record.content_html or ""), len(record.content_markdown or ""))
    if size <= limit:
        return record
    reason = f"the article is larger than {byte_size(limit)}: imported without it, to be fetched"
    report.problems.append(ImportProblem(record.line, reason))
    return replace(record, content_html=None, content_markdown=None)


def _is_plain_link(record: ImportRecord) -> bool:
    """A record that becomes a placeholder and nothing more: no content or highlights
    (its details, author, excerpt, progress..., go along with it)."""
    return not record.has_content and not record.highlights


def _add_new_links(
    library: Library, batch: list[ImportRecord], extra_tags: tuple[str, ...], report: ImportReport
) -> None:
    """Add *batch* (links not in the library yet) as placeholders, in one go."""
    items = [
        Placeholder(
            r.url, r.title, r.tags + extra_tags, r.saved_at, r.status, r.favorite, _details(r)
        )
        for r in batch
    ]
    try:
        results = library.add_placeholders(items)
    except ReaderError as exc:  # a full disk, say: every link of the batch is reported
        report.problems.extend(ImportProblem(r.line, str(exc)) for r in batch)
        return
    for result in results:
        if result.created:
            report.added += 1
            report.queued += 1
        else:
            report.merged += 1
        if not result.entry.fetched:
            report.to_fetch.append(result.entry.id)


def _import_one(
    library: Library, record: ImportRecord, extra_tags: tuple[str, ...], report: ImportReport
) -> None:
    existing = library.find_url(record.url)
    all_tags = record.tags + extra_tags
    if record.has_content and (existing is None or not existing.fetched):
        entry = library.save_article(
            article_from(record),
            url=record.url,
            tags=all_tags,
            saved_at=record.saved_at,
            status=record.status,
            favorite=record.favorite,
        ).entry
        report.with_content += 1
        entry = _bring_images(library, entry, record)
    elif existing is None:
        entry = library.add_placeholder(
            record.url,
            title=record.title,
            tags=all_tags,
            saved_at=record.saved_at,
            status=record.status,
            favorite=record.favorite,
        ).entry
        report.queued += 1
    else:
        entry = library.save_existing_tags(existing, all_tags).entry
    if existing is None:
        report.added += 1
        entry = _restore_extra(library, entry, record)
    else:
        report.merged += 1
        entry = _merge_state(library, entry, record)
    if record.highlights:
        report.highlights += add_highlights(
            library, entry, (h.to_json() for h in record.highlights)
        )
    if not entry.fetched:
        report.to_fetch.append(entry.id)


def _bring_images(library: Library, entry: Entry, record: ImportRecord) -> Entry:
    """Copy the images a markdown export carried for *record* into the library."""
    from reader.images.transfer import import_images, relink

    source = record.extra.get("image_source")
    if not isinstance(source, tuple):
        return entry
    folder, old_id = source
    if import_images(Path(folder), library.root, old_id, entry.id) and old_id != entry.id:
        return library.rewrite_markdown(entry.id, lambda md: relink(md, old_id, entry.id))
    return entry


def _merge_state(library: Library, entry: Entry, record: ImportRecord) -> Entry:
    changes: dict[str, Any] = {}
    if record.status == "archived" and entry.status != "archived":
        changes["status"] = "archived"
    if record.favorite and not entry.favorite:
        changes["favorite"] = True
    if record.saved_at is not None and record.saved_at < entry.saved_at:
        changes["saved_at"] = record.saved_at
    if record.title and entry.title == entry.url and record.title != entry.title:
        changes["title"] = record.title
    progress = record.extra.get("progress")
    if isinstance(progress, float) and progress > entry.progress:
        changes["progress"] = round(min(1.0, progress), 4)
    changes.update(_missing_details(entry, record))
    return library.update(entry.id, **changes) if changes else entry


# The details an export may say about an article, as (record.extra key, Entry field).
_DETAILS = (
    ("byline", "byline", MAX_BYLINE),
    ("site", "site", MAX_SITE),
    ("published", "published", MAX_SHORT),
    ("lang", "lang", MAX_SHORT),
    ("excerpt", "excerpt", MAX_EXCERPT),
    ("lead_image", "lead_image", MAX_ADDRESS),
    ("canonical_url", "canonical_url", MAX_ADDRESS),
)


_BLANK = Entry(id="", url="", title="", saved_at=datetime.min)
"""An entry that has no details yet (what a new placeholder starts as)."""


def _missing_details(entry: Entry, record: ImportRecord) -> dict[str, str]:
    """The details *record* brings that *entry* does not have yet (author, excerpt...)."""
    changes: dict[str, str] = {}
    for key, name, limit in _DETAILS:
        value = record.extra.get(key)
        if not isinstance(value, str) or not value or getattr(entry, name):
            continue
        if key in ("lead_image", "canonical_url"):
            if len(value) <= limit:  # cut, an address would be another address
                changes[name] = clean_field(value, limit) or ""
        else:
            changes[name] = clean_field(value, limit, ellipsis=key == "excerpt") or ""
    return {k: v for k, v in changes.items() if v}


def _details(record: ImportRecord) -> dict[str, object]:
    """The details and reading progress *record* gives a new entry."""
    details: dict[str, object] = dict(_missing_details(_BLANK, record))
    progress = record.extra.get("progress")
    if isinstance(progress, float) and progress > 0:
        details["progress"] = round(min(1.0, progress), 4)
    return details


def _restore_extra(library: Library, entry: Entry, record: ImportRecord) -> Entry:
    """Bring back what the export says besides the link: reading progress, word counts,
    and the author, date, language, excerpt and image when the entry has none."""
    changes: dict[str, Any] = dict(_missing_details(entry, record))
    progress = record.extra.get("progress")
    if isinstance(progress, float) and progress > 0:
        changes["progress"] = round(min(1.0, progress), 4)
    if entry.fetched:
        for key in ("word_count", "reading_minutes"):
            value = record.extra.get(key)
            if isinstance(value, int) and value != getattr(entry, key):
                changes[key] = value
    return library.update(entry.id, **changes) if changes else entry
