"""`Library`: the article files (the truth) tied to their index (derived).

Save, list, search, change state, delete, restore, reindex, re-extract. Every
change is written to the article's file first, then to the index; the index is
brought back in line with the files when it is opened, so a crash between the
two, a hand edit, or a deleted index loses nothing.

Saving a URL is fetch -> extract (off the event loop) -> store; fetch and
extract are imported only when a URL is saved, so listing stays fast.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from reader.errors import NotFoundError, ReaderError, StoreError
from reader.models import Article, Entry, Status, reading_minutes_for
from reader.store.files import (
    HIGHLIGHTS_SUFFIX,
    ArticleFiles,
    ConflictMarkers,
    FileStat,
    normalize_tag,
)
from reader.store.index import Filter, Index, IndexUnavailable, Sort
from reader.text.sanitize import clean_line, clean_text

# `typing` costs milliseconds to import, and `reader list` imports this module.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    import httpx

    from reader.library.image_saving import ImageReport

INDEX_FILE = "index.sqlite3"
"""The index's file name, in the library's index folder (`reader.config.index_folder_for`)."""
OLD_INDEX_FILES = (
    "index.sqlite3",
    "index.sqlite3-wal",
    "index.sqlite3-shm",
    "index.sqlite3-journal",
)
"""Where readers before 0.2 kept the index and lock: in the library folder, synced with it."""
CHECK_SLACK_NS = 2_000_000_000
"""How far before a sync files are looked at again by the next one: file systems keep
modification times to the second or two (FAT), not always to the nanosecond."""
FILE_CHECK_INTERVAL_NS = 5_000_000_000
"""How often opening the library looks for files edited in place (a stat of every file):
at most once in this many nanoseconds per library, whichever process opens it. An
explicit `Library.sync` always looks."""
FILE_CHECK_SHARE = 20
"""A look at every file comes due no sooner than this many times as long as the last
one took, if that is longer than `FILE_CHECK_INTERVAL_NS`: on a slow disk, or with
100,000 articles (0.3 s or more), the looks take at most a twentieth of the time."""
FILE_CHECK_MAX_INTERVAL_NS = 30_000_000_000
"""However long the last look took, the next one is due this many nanoseconds after it:
an edit made in place is seen within half a minute."""
LOCK_FILE = ".lock"
"""The lock file, beside the index (and, in old libraries, in the library folder)."""
_MD_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")


def _norm(url: str) -> str:
    from reader.web.urls import normalize_url

    try:
        return normalize_url(url)
    except ReaderError:
        return url.strip()


def _canonical(url: str, canonical: str | None) -> str | None:
    """The page's canonical address as a key to find it by, if it is on the page's own
    site (`reader.web.urls.canonical_key`): never another site's address."""
    from reader.web.urls import canonical_key

    return canonical_key(url, canonical)


def _kept(url: str) -> str:
    """*url* as the library keeps it: without tracking parameters (`without_tracking`;
    as given when it is not a web address)."""
    from reader.web.urls import without_tracking

    try:
        return without_tracking(url)
    except ReaderError:
        return url.strip()


def searchable_text(markdown: str) -> str:
    """The text the index searches: the markdown without link and image targets."""
    return _MD_LINK_TARGET.sub("]", markdown)


@dataclass(frozen=True)
class SaveResult:
    """What saving one article did."""

    entry: Entry
    """The article as saved (or as it already was)."""
    created: bool
    """False when the article was already in the library (its tags were merged)."""
    images: ImageReport | None = None
    """What saving its images did (None when images were not fetched)."""


@dataclass(frozen=True)
class Placeholder:
    """A link to add without fetching it (see `Library.add_placeholders`)."""

    url: str
    title: str | None = None
    tags: tuple[str, ...] = ()
    saved_at: datetime | None = None
    status: Status = "unread"
    favorite: bool = False
    details: dict[str, Any] = field(default_factory=dict, compare=False)
    """What else is known of the article, already cleaned: any of "byline", "site",
    "published", "lang", "excerpt", "lead_image", "canonical_url" (text) and
    "progress" (0 to 1); other keys are ignored."""


#: The entry fields a `Placeholder` may bring besides its link and state.
_PLACEHOLDER_DETAILS = frozenset(
    {"byline", "site", "published", "lang", "excerpt", "lead_image", "canonical_url", "progress"}
)


@dataclass
class SyncReport:
    """What bringing the index in line with the files found."""

    indexed: int = 0
    """Files read into the index."""
    removed: int = 0
    """Index rows dropped because their file is gone."""
    problems: list[str] = field(default_factory=list)
    """One line per file that could not be read (it is skipped, never deleted)."""
    merged: list[str] = field(default_factory=list)
    """One line per conflict a sync engine left that was merged (said once: the copy is gone)."""


@dataclass
class Trash:
    """The deleted articles waiting in the library's trash folder (see `Library.trashed`)."""

    entries: list[Entry] = field(default_factory=list)
    """One per article file in the trash, the latest deletion first (then by title);
    each one's ``path`` is its file name, as `Library.restore` takes it."""
    problems: list[str] = field(default_factory=list)
    """One line per file in the trash that could not be read (skipped, never deleted)."""

    def find(self, entry_id: str) -> Entry:
        """The deleted article with this id, or the only one whose id starts with it
        (at least 3 characters), as `Library.get` accepts for saved ones.

        An id deleted more than once gives its latest deletion: the kept HTML and
        images in the trash are that one's. Raises NotFoundError otherwise.
        """
        key = entry_id.strip().lower()
        if not key:
            raise NotFoundError("no article id given")
        for entry in self.entries:
            if entry.id == key:
                return entry
        matches = list(dict.fromkeys(e.id for e in self.entries if e.id.startswith(key)))
        if len(key) >= 3 and len(matches) == 1:
            return next(e for e in self.entries if e.id == matches[0])
        if len(key) >= 3 and len(matches) > 1:
            shown = ", ".join(sorted(matches)[:5])
            raise NotFoundError(f"id {clean_line(entry_id)!r} is ambiguous in the trash: {shown}")
        hint = " (some files there could not be read)" if self.problems else ""
        raise NotFoundError(f"no deleted article with id {clean_line(entry_id)!r}{hint}")


class Library:
    """One library folder: its article files and their index."""

    def __init__(
        self, root: Path, *, index_dir: Path | None = None, check_files: bool = True
    ) -> None:
        """Open (creating if needed) the library at *root* and sync its index with the files
        (*check_files*: see `sync`; the app leaves it to a background check, to start
        sooner).

        The index and lock live in *index_dir*, by default this library's folder in
        reader's cache (`reader.config.index_folder_for`), never in the library folder,
        which may be synced. Where that folder cannot be written (a read-only or full
        disk), the index is kept in memory, built from the files: reading works.
        """
        self.root = root
        """The library folder."""
        self.files = ArticleFiles(root)
        """The article files."""
        self.files.ensure()
        if index_dir is None:
            from reader.config import index_folder_for

            index_dir = index_folder_for(root)
        self.index_dir = index_dir
        """Where this library's index and lock live on this machine."""
        self.index = self._open_index()
        """The derived SQLite index."""
        self._tidy_folder()
        self.last_sync = self._sync_or_fall_back(self.index.rebuilt, check_files)
        """What the sync at opening found (problems are files skipped)."""

    def _open_index(self) -> Index:
        """The index in the index folder, or one in memory when that cannot be had."""
        try:
            self.index_dir.mkdir(parents=True, exist_ok=True)
            return Index(self.index_dir / INDEX_FILE)
        except (OSError, IndexUnavailable):
            return Index.in_memory()

    def _sync_or_fall_back(self, full: bool, check_files: bool) -> SyncReport:
        """`sync`, going on with an index in memory if the index file cannot be written."""
        try:
            return self.sync(full=full, check_files=check_files, throttled=True)
        except IndexUnavailable:
            if not self.index.persistent:
                raise
            self.index.close()
            self.index = Index.in_memory()
            return self.sync(full=True, check_files=check_files)

    def _tidy_folder(self) -> None:
        """Keep the library folder to the user's files: an index an older reader kept in
        it is deleted (it is derived, and rebuilt in the index folder), and the sync
        engines are told to leave reader's temporary files alone."""
        if self.index.get_meta("folder_tidied") == "1" and os.path.exists(self.root / ".stignore"):
            return
        for name in (*OLD_INDEX_FILES, LOCK_FILE):
            with contextlib.suppress(OSError):
                (self.root / name).unlink(missing_ok=True)
        from reader.sync.ignore import write_ignore_files

        write_ignore_files(self.root)
        with contextlib.suppress(IndexUnavailable):
            self.index.set_meta("folder_tidied", "1")

    def close(self) -> None:
        """Close the index connections."""
        self.index.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- keeping the index true to the files ---------------------------------------------------

    def sync(
        self, full: bool = False, *, check_files: bool = True, throttled: bool = False
    ) -> SyncReport:
        """Bring the index in line with the article files.

        Only files whose size or modification time changed are read, unless *full*.
        A file added, removed or replaced (as most editors and sync tools write) changes
        the folder's time, which costs one stat to see; a file edited in place is seen
        by its own time, which costs a stat of every file (*check_files*, the default;
        False looks at the folder alone). *throttled* (opening the library) looks at
        every file only when no process has done so for `FILE_CHECK_INTERVAL_NS` (or
        longer, for a look that took long: see `_file_check_due`): a command run a
        second after the last does not stat 100,000 files again.
        """
        report = SyncReport()
        started = time.time_ns()
        folder_mtime = self.files.folders_stamp()
        if not full and self.index.get_meta("folder_mtime_ns") == folder_mtime:
            if not check_files:
                return report
            if throttled and not self._file_check_due(started):
                return report
            checked = int(self.index.get_meta("files_checked_ns") or 0)
            if not self.files.changed_since(checked, self.index.article_count()):
                self._checked(started, time.time_ns() - started)
                return report
        with self._locked(reading=True):
            return self._sync_locked(report, full, started)

    def _file_check_due(self, now: int) -> bool:
        """Whether the look at every file is due: `FILE_CHECK_INTERVAL_NS` (or
        `FILE_CHECK_SHARE` times the last look, if longer, up to
        `FILE_CHECK_MAX_INTERVAL_NS`) since any process looked."""
        checked_at = int(self.index.get_meta("files_checked_at") or 0)
        took = int(self.index.get_meta("files_check_took_ns") or 0)
        interval = min(
            max(FILE_CHECK_INTERVAL_NS, FILE_CHECK_SHARE * took), FILE_CHECK_MAX_INTERVAL_NS
        )
        return not 0 <= now - checked_at < interval

    def _checked(self, started: int, took: int | None = None) -> None:
        """Record that every file was looked at from *started* on (for the next look),
        and how many nanoseconds the look at them *took* (when that is all it did)."""
        with contextlib.suppress(IndexUnavailable):  # a read-only index: look next time
            self.index.set_meta("files_checked_ns", str(started - CHECK_SLACK_NS))
            self.index.set_meta("files_checked_at", str(started))
            if took is not None:
                self.index.set_meta("files_check_took_ns", str(took))

    def _settle(
        self,
        known: dict[str, tuple[int, int]],
        stats: list[FileStat],
        full: bool,
        report: SyncReport,
    ) -> bool:
        """Merge what sync engines left in the folder (lock held): conflict copies, git
        conflict markers, one article in two files, one both in the library and the trash.

        *stats* are the article files as `ArticleFiles.scan` found them (so no file is
        looked at twice); returns True when anything was merged (the folder changed).
        """
        if not self._writable():
            return False
        from reader.sync import resolve
        from reader.sync.names import is_conflict_copy

        try:
            names = os.listdir(self.files.articles)
        except OSError:
            names = []
        done = resolve.merge_conflict_copies(self.files, [n for n in names if is_conflict_copy(n)])
        # A full sync reads every article file anyway, and leaves the ones with markers
        # to `_merge_marked` (reading each one twice would cost a tenth of a reindex).
        touched = (
            [] if full else [s.name for s in stats if known.get(s.name) != (s.mtime_ns, s.size)]
        )
        for name in names:  # sidecars are few: only articles with highlights have one
            if name.endswith(HIGHLIGHTS_SUFFIX) and not name.startswith("."):
                if is_conflict_copy(name):
                    continue
                try:
                    st = os.stat(self.files.articles / name)
                except OSError:
                    continue
                if full or known.get(name) != (st.st_mtime_ns, st.st_size):
                    touched.append(name)
        done.extend(resolve.resolve_markers(self.files, sorted(touched)))
        by_id: dict[str, list[str]] = {}
        for stat in stats:
            entry_id = resolve.id_of_name(stat.name)
            if entry_id is not None:
                by_id.setdefault(entry_id, []).append(stat.name)
        for group in by_id.values():
            if len(group) > 1:
                done.extend(resolve.merge_same_id(self.files, group))
        for stat in self.files.scan_trash():
            entry_id = resolve.id_of_name(stat.name)
            live = by_id.get(entry_id or "")
            if live and (self.files.articles / sorted(live)[0]).exists():
                done.extend(resolve.settle_deleted(self.files, sorted(live)[0], stat.name))
        report.merged.extend(done.merged)
        report.problems.extend(done.problems)
        return bool(done.merged)

    def _writable(self) -> bool:
        """True when the library folder can be written (not on a read-only disk)."""
        return os.access(self.files.articles, os.W_OK)

    def _sync_locked(self, report: SyncReport, full: bool, started: int) -> SyncReport:
        """The body of `sync`, with the library's lock held (so no writer's file and
        index row can be overtaken by an older read of that file)."""
        known = self.index.file_stats()
        stats = list(self.files.scan())
        if self._settle(known, stats, full, report):
            stats = list(self.files.scan())  # merges rewrote or removed files
        folder_mtime = self.files.folders_stamp()
        seen: set[str] = set()
        changed: list[FileStat] = []
        for stat in stats:
            seen.add(stat.name)
            if full or known.get(stat.name) != (stat.mtime_ns, stat.size):
                changed.append(stat)
        ids: dict[str, str] = {}
        broken: list[str] = []
        indexed = 0

        def rows(
            changed: list[FileStat], merge_later: bool
        ) -> Iterator[tuple[Entry, str, FileStat | None, str, str | None]]:
            """Each changed file read, as the index takes it: one at a time, so a
            reindex of 100,000 articles holds one of them in memory, not all."""
            nonlocal indexed
            for stat in sorted(changed, key=lambda s: s.name):
                try:
                    entry, body = self.files.read(stat.name)
                except ConflictMarkers as exc:
                    if merge_later:
                        marked.append(stat.name)
                    else:
                        report.problems.append(str(exc))
                        broken.append(stat.name)
                    continue
                except StoreError as exc:
                    report.problems.append(str(exc))
                    broken.append(stat.name)
                    continue
                if entry.id in ids:
                    report.problems.append(
                        f"{stat.name}: same id as {ids[entry.id]}; skipped (give it another id)"
                    )
                    continue
                ids[entry.id] = stat.name
                indexed += 1
                yield (
                    entry,
                    searchable_text(body),
                    stat,
                    _norm(entry.url),
                    _canonical(entry.url, entry.canonical_url),
                )

        marked: list[str] = []
        self.index.upsert_many(rows(changed, full and self._writable()))
        if marked:  # (a full sync) files with git conflict markers: merged, then read
            from reader.sync import resolve

            done = resolve.resolve_markers(self.files, marked)
            report.merged.extend(done.merged)
            report.problems.extend(done.problems)
            merged_stats = []
            for name in marked:
                with contextlib.suppress(OSError):
                    st = os.stat(self.files.articles / name)
                    merged_stats.append(FileStat(name, st.st_mtime_ns, st.st_size))
            # What could not be merged is reported as a file that cannot be read.
            self.index.upsert_many(rows(merged_stats, False))
        gone = (set(known) - seen) | {b for b in broken if b in known}
        if gone:
            self.index.remove_paths(gone)
        from reader.highlights.indexing import sync_highlights  # only when files changed

        report.problems.extend(sync_highlights(self.index, self.files.articles, full))
        report.indexed += indexed
        report.removed = len(gone)
        if not report.problems:
            # A broken file keeps the folder "changed" so it is reported again next time.
            self.index.set_meta("folder_mtime_ns", folder_mtime)
            self._checked(started)
        return report

    def change_stamp(self) -> tuple[int, int]:
        """What changes when the library may have changed outside this thread: the
        articles folder's modification time and the index's data version. Costs one
        stat and one query, so a screen can compare it every few seconds."""
        return (self.files.folder_mtime_ns(), self.index.data_version())

    def reindex(self) -> SyncReport:
        """Rebuild the index from the files alone."""
        self.index.discard()
        self.index = self._open_index()
        return self._sync_or_fall_back(True, True)

    # -- reading -------------------------------------------------------------------------------

    def entries(
        self, flt: Filter = Filter(), sort: Sort = "saved", limit: int | None = None
    ) -> list[Entry]:
        """Saved articles matching *flt*."""
        return self.index.entries(flt, sort, limit)

    def iter_entries(self, flt: Filter = Filter(), sort: Sort = "saved") -> Iterator[Entry]:
        """`entries`, one at a time (for exports and listings of every article)."""
        return self.index.iter_entries(flt, sort)

    def view_ids(self, flt: Filter = Filter(), sort: Sort = "saved") -> tuple[list[str], bytearray]:
        """The ids of the articles matching *flt* in *sort* order, and which are unread
        (one byte each): a list pages through them with `entries_by_id`."""
        return self.index.view_ids(flt, sort)

    def entries_by_id(self, entry_ids: Sequence[str]) -> dict[str, Entry]:
        """The saved articles with these ids (those that still exist), by id."""
        return self.index.entries_by_id(entry_ids)

    def search(self, text: str, flt: Filter = Filter(), limit: int | None = 500) -> list[Entry]:
        """Saved articles matching the words of *text*, best first."""
        return self.index.search(text, flt, limit)

    def search_ids(
        self, text: str, flt: Filter = Filter(), limit: int | None = 500
    ) -> tuple[list[str], bytearray]:
        """`search` as ids, best first, and which are unread (one byte each): a list pages
        through them with `entries_by_id`."""
        return self.index.search_ids(text, flt, limit)

    def count_among(self, entry_ids: Sequence[str], flt: Filter) -> int:
        """How many of the articles with these ids match *flt* (one query, no entries)."""
        return self.index.count_among(entry_ids, flt)

    def counts(self) -> dict[str, int]:
        """Sizes of the views: all, unread, archived, favorites."""
        return self.index.counts()

    def tag_counts(self) -> dict[str, int]:
        """Every tag in use and how many articles carry it."""
        return self.index.tag_counts()

    def get(self, entry_id: str) -> Entry:
        """The article with this id, or the only one whose id starts with it."""
        key = entry_id.strip().lower()
        if not key:
            raise NotFoundError("no article id given")
        entry = self.index.get(key)
        if entry is not None:
            return entry
        matches = self.index.ids_with_prefix(key) if len(key) >= 3 else []
        if len(matches) == 1:
            found = self.index.get(matches[0])
            if found is not None:
                return found
        if len(matches) > 1:
            raise NotFoundError(f"id {clean_line(entry_id)!r} is ambiguous: {', '.join(matches)}")
        raise NotFoundError(f"no article with id {clean_line(entry_id)!r}")

    def refreshed(self, entry: Entry) -> Entry:
        """*entry* as its file says now: read again, and indexed, when the file changed
        since it was indexed (an edit in place that no sync has looked at yet). One
        stat: what a command about one article pays instead of a look at every file."""
        known = self.index.file_stat(entry.path)
        try:
            st = os.stat(self.files.articles / entry.path)
        except OSError:
            return entry
        if known == (st.st_mtime_ns, st.st_size):
            return entry
        with self._locked(reading=True):
            try:
                fresh, markdown = self.files.read(entry.path)
            except StoreError:
                return entry  # reported by the next sync, which skips it
            if fresh.id != entry.id:
                return entry  # another article now: the next sync sorts that out
            with contextlib.suppress(IndexUnavailable):
                self._index_entry(fresh, markdown)
        return fresh

    def markdown(self, entry_id: str) -> str:
        """The article's markdown body (the title heading not included)."""
        entry = self.get(entry_id)
        return self.files.read_body(entry.path, entry.title)

    def raw_html(self, entry_id: str) -> bytes | None:
        """The HTML the article was extracted from, if it was kept."""
        return self.files.read_raw(self.get(entry_id).id)

    def find_url(self, url: str) -> Entry | None:
        """The saved article for *url* (tracking parameters and fragments ignored), if any."""
        return self.index.find_by_url([_norm(url)])

    # -- writing -------------------------------------------------------------------------------

    def write_lock(self) -> contextlib.AbstractContextManager[None]:
        """The library's write lock, for a read-modify-write done outside `Library`
        (an importer merging into a sidecar). Not re-entrant: never nest it."""
        return self._locked()

    @contextlib.contextmanager
    def _locked(self, *, reading: bool = False) -> Iterator[None]:
        """Hold the library's write lock (between processes) for a read-modify-write.

        The lock file sits beside the index, outside the (maybe synced) library folder.
        With *reading* (a sync that only brings the index up to date), a lock that
        cannot be had (a read-only disk) is done without: nothing is written then.
        """
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: atomic renames still protect files
            yield
            return
        try:
            fd = os.open(self.index_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            if reading:
                yield
                return
            raise StoreError(f"cannot lock the library: {exc.strerror or exc}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if reading:
                yield
            else:
                with self._own_changes():
                    yield
        finally:
            os.close(fd)

    @contextlib.contextmanager
    def _own_changes(self) -> Iterator[None]:
        """Keep the index's record of the folders' times true across this process's own
        writes (lock held), so the next command does not take them for someone else's
        and look at every file again.

        Only when the index was in line with the folders before: then what changed
        them meanwhile is this writer, which updated the index as it went.
        """
        before = self.files.folders_stamp()
        in_line = self.index.get_meta("folder_mtime_ns") == before
        yield
        if in_line:
            after = self.files.folders_stamp()
            if after != before:
                with contextlib.suppress(IndexUnavailable):
                    self.index.set_meta("folder_mtime_ns", after)

    def _new_id(self, norm_url: str, taken: Container[str] = frozenset()) -> str:
        import hashlib

        digest = hashlib.sha256(norm_url.encode("utf-8")).hexdigest()
        for length in (10, 16, 64):
            candidate = digest[:length]
            if candidate not in taken and self.index.get(candidate) is None:
                return candidate
        raise StoreError("could not find a free id")  # pragma: no cover - sha256 collision

    def _index_entry(self, entry: Entry, markdown: str) -> None:
        self.index.upsert(*self._index_row(entry, markdown))

    def _index_row(
        self, entry: Entry, markdown: str
    ) -> tuple[Entry, str, FileStat | None, str, str | None]:
        """What the index keeps of *entry* (its file just written) and its *markdown*."""
        path = self.files.articles / entry.path
        try:
            st = path.stat()
            stat: FileStat | None = FileStat(entry.path, st.st_mtime_ns, st.st_size)
        except OSError:
            stat = None
        return (
            entry,
            searchable_text(markdown),
            stat,
            _norm(entry.url),
            _canonical(entry.url, entry.canonical_url),
        )

    def save_article(
        self,
        article: Article,
        *,
        url: str | None = None,
        raw_html: bytes | None = None,
        tags: Iterable[str] = (),
        saved_at: datetime | None = None,
        status: Status = "unread",
        favorite: bool = False,
    ) -> SaveResult:
        """Store an extracted *article*; an article already saved gets the new tags merged."""
        source = url or article.url or article.canonical_url
        if not source:
            raise StoreError("an article needs the URL it came from")
        source = _kept(source)
        new_tags = _clean_tags(tags)
        candidates = [_norm(source)]
        for other in (article.url, _canonical(source, article.canonical_url)):
            if other and _norm(other) not in candidates:
                candidates.append(_norm(other))
        with self._locked():
            existing = self.index.find_by_url(candidates)
            if existing is not None and existing.fetched:
                return SaveResult(self._with_tags(existing, new_tags), created=False)
            if existing is not None:  # an imported link, fetched now: its file's state holds
                with contextlib.suppress(StoreError):
                    existing = self.files.read(existing.path)[0]
            text_words = article.word_count
            entry = Entry(
                id=existing.id if existing else self._new_id(candidates[0]),
                url=clean_line(source),
                title=clean_line(article.title) or clean_line(source),
                saved_at=(existing.saved_at if existing else saved_at or datetime.now(UTC)),
                path=existing.path if existing else "",
                canonical_url=article.canonical_url,
                byline=article.byline,
                site=article.site_name,
                published=article.published,
                lang=article.lang,
                excerpt=article.excerpt,
                lead_image=article.lead_image,
                tags=_merge_tags(existing.tags, new_tags) if existing else new_tags,
                status=existing.status if existing else status,
                favorite=existing.favorite if existing else favorite,
                progress=existing.progress if existing else 0.0,
                word_count=text_words,
                reading_minutes=reading_minutes_for(text_words),
                fetched=True,
                changed=existing.changed if existing else (),
            )
            if existing is not None:
                entry = _stamped(existing, entry, body=True)
            if raw_html is not None:
                self.files.write_raw(entry.id, raw_html)
            # Extraction already cleans its output; imported bodies may not have been.
            markdown = clean_text(article.markdown)
            entry = self.files.write(entry, markdown)
            self._index_entry(entry, markdown)
        return SaveResult(entry, created=existing is None)

    def add_placeholder(
        self,
        url: str,
        *,
        title: str | None = None,
        tags: Iterable[str] = (),
        saved_at: datetime | None = None,
        status: Status = "unread",
        favorite: bool = False,
    ) -> SaveResult:
        """Add an entry that is not fetched yet (an imported link); merged if already saved."""
        item = Placeholder(url, title, tuple(tags), saved_at, status, favorite)
        return self.add_placeholders([item])[0]

    def add_placeholders(self, items: Sequence[Placeholder]) -> list[SaveResult]:
        """Add many not-yet-fetched entries at once (one result each, in order).

        A link already saved gets the new tags merged (``created`` False), as does a
        link that comes twice. Under one lock, the files are each written safely but
        their folder is synced once and the index updated in one transaction: an
        import of thousands of links pays those costs once, not per link.
        """
        merged: dict[int, SaveResult] = {}
        slot: dict[int, tuple[int, bool]] = {}  # item -> (position in `written`, created)
        first_of: dict[str, int] = {}
        written: list[Entry] = []
        ids: set[str] = set()
        with self._locked():
            try:
                for number, item in enumerate(items):
                    norm = _norm(item.url)
                    tags = _clean_tags(item.tags)
                    if norm in first_of:  # twice in this batch: the first one gets the tags
                        position = first_of[norm]
                        first = written[position]
                        written[position] = replace(first, tags=_merge_tags(first.tags, tags))
                        slot[number] = (position, False)
                        continue
                    existing = self.index.find_by_url([norm])
                    if existing is not None:
                        merged[number] = SaveResult(self._with_tags(existing, tags), False)
                        continue
                    url = clean_line(_kept(item.url))
                    entry = Entry(
                        id=self._new_id(norm, taken=ids),
                        url=url,
                        title=clean_line(item.title or "") or url,
                        saved_at=item.saved_at or datetime.now(UTC),
                        tags=tags,
                        status=item.status,
                        favorite=item.favorite,
                        fetched=False,
                    )
                    details = {k: v for k, v in item.details.items() if k in _PLACEHOLDER_DETAILS}
                    if details:
                        entry = replace(entry, **details)
                    slot[number] = (len(written), True)
                    first_of[norm] = len(written)
                    written.append(entry)
                    ids.add(entry.id)
                written = [self.files.write(e, "", sync_folder=False) for e in written]
            finally:
                if written:
                    self.files.sync_folder()
            self.index.upsert_many(self._index_row(e, "") for e in written)
        return [
            merged[n] if n in merged else SaveResult(written[slot[n][0]], created=slot[n][1])
            for n in range(len(items))
        ]

    async def save_url_async(
        self,
        url: str,
        *,
        tags: Iterable[str] = (),
        client: httpx.AsyncClient | None = None,
        images: bool = True,
    ) -> SaveResult:
        """Fetch *url*, extract its article off the event loop, and store it.

        With *images*, its content images are then saved beside it (see
        `reader.images`); a problem with them never fails the save.
        """
        from reader.extract import extract
        from reader.web.fetch import fetch_page
        from reader.web.urls import without_tracking

        url = without_tracking(url)  # kept and fetched without utm_* and click ids
        tag_list = list(tags)
        existing = self.find_url(url)
        if existing is not None and existing.fetched:
            return self.save_existing_tags(existing, tag_list)
        page = await fetch_page(url, client=client)
        import asyncio

        article = await asyncio.to_thread(extract, page.html, page.url)
        result = self.save_article(article, url=url, raw_html=page.body, tags=tag_list)
        if images:
            from reader.library.image_saving import save_images

            report = await save_images(
                self, result.entry.id, client=client, page_html=page.html, page_url=page.url
            )
            result = replace(result, entry=report.entry or result.entry, images=report)
        return result

    def save_url(self, url: str, *, tags: Iterable[str] = ()) -> SaveResult:
        """Synchronous `save_url_async`."""
        import asyncio

        return asyncio.run(self.save_url_async(url, tags=tags))

    def save_existing_tags(self, existing: Entry, tags: Sequence[str]) -> SaveResult:
        """Merge *tags* into an article that is already saved."""
        new_tags = _clean_tags(tags)
        if _merge_tags(existing.tags, new_tags) == existing.tags:
            return SaveResult(existing, created=False)
        with self._locked():
            return SaveResult(self._with_tags(existing, new_tags), created=False)

    def _with_tags(self, existing: Entry, tags: Sequence[str]) -> Entry:
        """*existing* with *tags* added to the tags its file has now (lock held)."""
        return self._edit(existing.id, lambda e: replace(e, tags=_merge_tags(e.tags, tags)))

    def _rewrite(self, entry_id: str, **changes: Any) -> Entry:
        """Apply *changes* to an entry's front matter, reading the file fresh (lock held)."""
        return self._edit(entry_id, lambda entry: replace(entry, **changes))

    def _edit(self, entry_id: str, change: Callable[[Entry], Entry]) -> Entry:
        """Apply *change* to the entry as its file says now, and write it (lock held).

        Every read-modify-write goes through here, under the library's lock, from the
        file (the truth), never from the index, which another process may be updating:
        so no change made meanwhile by another writer is lost. Each state field that
        changes gets its time in ``changed``, for merging copies made on two machines.
        """
        current = self.get(entry_id)
        on_disk, markdown = self.files.read(current.path)
        updated = change(on_disk)
        if updated == on_disk:
            return on_disk
        updated = _stamped(on_disk, updated)
        updated = self.files.write(updated, markdown)
        self._index_entry(updated, markdown)
        return updated

    def rewrite_markdown(self, entry_id: str, change: Callable[[str], str]) -> Entry:
        """Replace an article's markdown body with *change* of it, reading the file fresh."""
        with self._locked():
            on_disk, markdown = self.files.read(self.get(entry_id).path)
            new = change(markdown)
            if new == markdown:
                return on_disk
            updated = self.files.write(_stamped(on_disk, on_disk, body=True), new)
            self._index_entry(updated, new)
            return updated

    def disk_usage(self, entry: Entry) -> int:
        """Bytes the article takes on disk: its markdown file, kept HTML and images."""
        from reader.images.storage import folder_bytes, image_folder

        total = folder_bytes(image_folder(self.root, entry.id))
        for path in (self.files.articles / entry.path, self.files.raw / f"{entry.id}.html.gz"):
            with contextlib.suppress(OSError):
                total += path.stat().st_size
        return total

    def disk_usages(self) -> Callable[[str, str], int]:
        """`disk_usage` for many articles, by id and file name: the kept-HTML and
        image folders are listed once, so each article costs one stat (its markdown
        file), not three."""
        from reader.images.storage import folder_bytes, image_folder

        raw_sizes: dict[str, int] = {}
        with contextlib.suppress(OSError), os.scandir(self.files.raw) as items:
            for item in items:
                if item.name.endswith(".html.gz"):
                    with contextlib.suppress(OSError):
                        raw_sizes[item.name[: -len(".html.gz")]] = item.stat().st_size
        try:
            with_images = set(os.listdir(self.files.images))
        except OSError:
            with_images = set()

        articles = os.fspath(self.files.articles)

        def usage(entry_id: str, path: str) -> int:
            """The bytes of the article *entry_id* whose file is *path*."""
            total = raw_sizes.get(entry_id, 0)
            if entry_id in with_images:
                total += folder_bytes(image_folder(self.root, entry_id))
            with contextlib.suppress(OSError):
                total += os.stat(os.path.join(articles, path)).st_size
            return total

        return usage

    def update(self, entry_id: str, **changes: Any) -> Entry:
        """Change an article's state (status, favorite, tags, progress) in its file and index."""
        with self._locked():
            return self._rewrite(self.get(entry_id).id, **changes)

    def set_status(self, entry_id: str, status: Status) -> Entry:
        """Mark an article unread or archived."""
        return self.update(entry_id, status=status)

    def set_favorite(self, entry_id: str, favorite: bool) -> Entry:
        """Mark or unmark an article as a favorite."""
        return self.update(entry_id, favorite=favorite)

    def set_progress(self, entry_id: str, progress: float) -> Entry:
        """Remember how far the reader got (0.0 to 1.0)."""
        return self.update(entry_id, progress=round(min(1.0, max(0.0, progress)), 4))

    def add_tags(self, entry_id: str, tags: Iterable[str]) -> Entry:
        """Add tags to an article (existing ones are kept)."""
        new = _clean_tags(tags)
        with self._locked():
            return self._edit(entry_id, lambda e: replace(e, tags=_merge_tags(e.tags, new)))

    def remove_tags(self, entry_id: str, tags: Iterable[str]) -> Entry:
        """Remove tags from an article (case-insensitive)."""
        drop = {t.casefold() for t in _clean_tags(tags)}

        def without(entry: Entry) -> Entry:
            return replace(entry, tags=tuple(t for t in entry.tags if t.casefold() not in drop))

        with self._locked():
            return self._edit(entry_id, without)

    def rename_tag(self, old: str, new: str) -> list[Entry]:
        """Rename the tag *old* to *new* on every article that carries it (case-insensitive),
        and return the articles changed. Where an article has *new* already, the two
        merge into one, spelled as *new*: renaming onto an existing tag merges them.

        Each article is rewritten on its own, under the lock and from its file (as every
        edit is), so a tag added meanwhile by another writer is kept. Raises NotFoundError
        when no article has *old*, ReaderError when *new* is not a usable tag name.
        """
        name = normalize_tag(new)
        if not name or "," in name:
            raise ReaderError(f"{clean_line(new)!r} is not a tag name (empty, or with a comma)")
        wanted = normalize_tag(old).casefold()
        holders = self.index.entries(Filter(tag=normalize_tag(old))) if wanted else []
        if not holders:
            raise NotFoundError(f"no article has the tag {clean_line(old)!r}")

        def renamed(entry: Entry) -> Entry:
            tags: list[str] = []
            for tag in entry.tags:
                # the new name as typed, also where the article had it in another case
                tag = name if tag.casefold() in (wanted, name.casefold()) else tag
                if tag.casefold() not in {t.casefold() for t in tags}:
                    tags.append(tag)
            return replace(entry, tags=tuple(tags))

        changed: list[Entry] = []
        for holder in holders:
            with self._locked():
                try:
                    on_disk, _ = self.files.read(self.get(holder.id).path)
                except (NotFoundError, StoreError):
                    continue  # deleted (or made unreadable) meanwhile: nothing to rename
                if renamed(on_disk) == on_disk:
                    continue
                changed.append(self._edit(holder.id, renamed))
        return changed

    def delete(self, entry_id: str) -> Entry:
        """Move an article to the library's trash; `restore` brings it back."""
        with self._locked():
            entry = self.get(entry_id)
            self.files.move_to_trash(entry)
            self.index.remove([entry.id])
        return entry

    def trashed(self) -> Trash:
        """The deleted articles in the trash folder, read as the articles folder is.

        A file that cannot be read is named in `Trash.problems` and left where it is.
        """
        trash = Trash()
        stamped: list[tuple[int, Entry]] = []
        for stat in self.files.scan_trash():
            try:
                entry, _ = self.files.read(stat.name, in_trash=True)
            except StoreError as exc:
                trash.problems.append(str(exc))
                continue
            stamped.append((stat.mtime_ns, entry))
        stamped.sort(key=lambda item: (-item[0], item[1].title.casefold(), item[1].path))
        trash.entries = [entry for _, entry in stamped]
        return trash

    def empty_trash(self, older_than_days: float | None = None) -> list[Entry]:
        """Delete for good the articles in the trash (those deleted more than
        *older_than_days* ago, if given), with their highlights, kept HTML and images.

        Returns the articles removed. This is the only place reader deletes what a
        person saved; `reader gc` frees only images nothing can bring back.
        """
        cutoff = None if older_than_days is None else time.time() - older_than_days * 86400
        removed: list[Entry] = []
        with self._locked():
            for stat in self.files.scan_trash():
                if cutoff is not None and stat.mtime_ns / 1e9 > cutoff:
                    continue
                try:
                    entry, _ = self.files.read(stat.name, in_trash=True)
                except StoreError:
                    continue  # unreadable: left for the person to look at
                self.files.purge_trashed(entry)
                removed.append(entry)
        return removed

    def restore(self, entry: Entry) -> Entry:
        """Bring a deleted article back from the trash, with its kept HTML, highlights and
        images, and index it again.

        Refused (StoreError, nothing moved) when the library holds the article again
        (same id, or same address as `find_url` matches them: it was saved anew since)
        or a file of that name is in the way.
        """
        with self._locked():
            self._check_restorable(entry)
            self.files.restore(entry)
            restored, markdown = self.files.read(entry.path)
            self._index_entry(restored, markdown)
            from reader.highlights.indexing import sync_highlights

            sync_highlights(self.index, self.files.articles)
        return restored

    def _check_restorable(self, entry: Entry) -> None:
        """Raise StoreError if restoring *entry* would duplicate or overwrite (lock held)."""
        urls = [_norm(entry.url)]
        canonical = _canonical(entry.url, entry.canonical_url)
        if canonical and canonical not in urls:
            urls.append(canonical)
        existing = self.index.get(entry.id) or self.index.find_by_url(urls)
        if existing is not None:
            raise StoreError(
                f"{entry.id} is already in the library under id {existing.id} "
                f"(“{clean_line(existing.title)[:60]}”); left in the trash"
            )
        blockers = self.files.restore_blockers(entry)
        if blockers:
            raise StoreError(
                f"{entry.id}: articles/{blockers[0]} already exists; left in the trash"
            )

    def reextract(self, entry_id: str) -> Entry:
        """Extract an article again from its kept HTML, keeping its state.

        Tags, status, favorite, progress, the saved date and the file name stay;
        the body and the page metadata come from the current extractor.
        """
        from reader.extract import extract

        entry = self.get(entry_id)
        raw = self.files.read_raw(entry.id)
        if raw is None:
            raise StoreError(f"{entry.id}: no saved HTML to extract again (fetch it with add)")
        article = extract(raw, url=entry.url)
        with self._locked():
            current, old_markdown = self.files.read(self.get(entry.id).path)
            from reader.images.refs import keep_saved_images

            markdown = keep_saved_images(old_markdown, article.markdown)
            words = article.word_count
            updated = replace(
                current,
                title=clean_line(article.title) or current.title,
                canonical_url=article.canonical_url or current.canonical_url,
                byline=article.byline,
                site=article.site_name,
                published=article.published,
                lang=article.lang,
                excerpt=article.excerpt,
                lead_image=article.lead_image,
                word_count=words,
                reading_minutes=reading_minutes_for(words),
            )
            updated = self.files.write(_stamped(current, updated, body=True), markdown)
            self._index_entry(updated, markdown)
        return updated


_STAMPED_FIELDS = ("status", "favorite", "progress", "tags")


def _stamped(before: Entry, after: Entry, *, body: bool = False) -> Entry:
    """*after* with the time of now in ``changed`` for each state field that differs from
    *before* (and for the body, with *body*): what a merge of two machines' copies reads."""
    names = [n for n in _STAMPED_FIELDS if getattr(before, n) != getattr(after, n)]
    if body:
        names.append("body")
    if not names:
        return after
    now = datetime.now(UTC).isoformat(timespec="milliseconds")
    stamps = dict(after.changed)
    stamps.update((name, now) for name in names)
    return replace(after, changed=tuple(sorted(stamps.items())))


def _clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for tag in tags:
        for part in str(tag).split(","):
            clean = normalize_tag(part)
            if clean and clean.casefold() not in {t.casefold() for t in out}:
                out.append(clean)
    return tuple(out)


def _merge_tags(old: Sequence[str], new: Sequence[str]) -> tuple[str, ...]:
    seen = {t.casefold() for t in old}
    return tuple(old) + tuple(t for t in new if t.casefold() not in seen)


def open_library(root: Path) -> Library:
    """Open the library folder at *root* (created if missing)."""
    return Library(root)
