"""The SQLite index: a fast, searchable copy of what the article files say.

Everything here is derived from the markdown files: deleting ``index.sqlite3``
loses nothing, and `reader reindex` rebuilds it. The schema is versioned with
``PRAGMA user_version``; an index of another version, or one that SQLite finds
corrupt, is thrown away and rebuilt from the files.

Each thread gets its own connection (sqlite3 connections must not cross
threads), so the UI's workers can use one Index object safely.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reader.errors import StoreError
from reader.models import Entry, Status
from reader.store.files import FileStat

BUSY_TIMEOUT = 30.0
"""Seconds to wait for another process holding the index's lock."""

SCHEMA_VERSION = 7
# 5: norm_canonical only for a canonical URL on the page's own site (rebuilt from the files).
# 6: the unread and archived views in saved order straight from an index (no sort of them all).
# 7: the search index without a second copy of the text (contentless FTS5; the body kept
#    compressed in article_text, read back only to take a row out of the search index);
#    three-letter prefixes indexed (what typing a word asks on every keystroke: 0.14x the
#    text more, a common "lin*" in 2 ms instead of 570 ms at 10,000 articles); the view
#    counts from a covering index (the sidebar at start-up reads 2 MB, not every row).

RANKED = 1000
"""A search ranks at most this many matches (the most recently indexed): a word in most
articles would otherwise score every one of them on every keystroke."""
_LEVEL = 1
"""zlib level of the kept bodies: read back only for a delete, so written fast."""
_SEP = 31
"""The character (unit separator) between ids that SQLite joins into one string."""
_FLAGS = bytes.maketrans(b"01", b"\x00\x01")

SCHEMA = """
CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL UNIQUE,
    mtime_ns INTEGER NOT NULL DEFAULT 0,
    size INTEGER NOT NULL DEFAULT 0,
    url TEXT NOT NULL,
    norm_url TEXT NOT NULL,
    canonical_url TEXT,
    norm_canonical TEXT,
    title TEXT NOT NULL,
    byline TEXT,
    site TEXT,
    published TEXT,
    lang TEXT,
    excerpt TEXT,
    lead_image TEXT,
    saved_at TEXT NOT NULL,
    status TEXT NOT NULL,
    favorite INTEGER NOT NULL,
    progress REAL NOT NULL,
    word_count INTEGER NOT NULL,
    reading_minutes INTEGER NOT NULL,
    fetched INTEGER NOT NULL,
    tags TEXT NOT NULL,
    fetch_error TEXT,
    fetch_attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX articles_norm_url ON articles(norm_url);
CREATE INDEX articles_norm_canonical ON articles(norm_canonical);
CREATE INDEX articles_saved_at ON articles(saved_at);
CREATE INDEX articles_views ON articles(status, favorite);
CREATE INDEX articles_status_saved ON articles(status, saved_at);
CREATE INDEX articles_counts ON articles(status, favorite, fetched, fetch_error);
CREATE TABLE article_tags (
    article INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (article, tag)
);
CREATE INDEX article_tags_tag ON article_tags(tag);
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, byline, site, body,
    content = '',
    prefix = '3',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE article_text (
    rowid INTEGER PRIMARY KEY REFERENCES articles(rowid) ON DELETE CASCADE,
    body BLOB NOT NULL
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE highlights (
    rowid INTEGER PRIMARY KEY,
    article TEXT NOT NULL,
    id TEXT NOT NULL,
    exact TEXT NOT NULL,
    note TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    start INTEGER,
    UNIQUE (article, id)
);
CREATE VIRTUAL TABLE highlights_fts USING fts5(
    exact, note,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE highlight_files (
    name TEXT PRIMARY KEY,
    article TEXT NOT NULL,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL
);
"""

#: One entry as `Entry.to_json` makes it, in SQL (json1): the same fields, in order.
_JSON_OBJECT = (
    "json_object('id', a.id, 'url', a.url, 'canonical_url', a.canonical_url, "
    "'title', a.title, 'byline', a.byline, 'site', a.site, 'published', a.published, "
    "'lang', a.lang, 'excerpt', a.excerpt, 'lead_image', a.lead_image, "
    "'saved_at', a.saved_at, "
    "'status', CASE a.status WHEN 'archived' THEN 'archived' ELSE 'unread' END, "
    "'favorite', json(CASE WHEN a.favorite THEN 'true' ELSE 'false' END), "
    "'tags', json(a.tags), 'word_count', a.word_count, "
    "'reading_minutes', a.reading_minutes, 'progress', a.progress + 0.0, "
    "'fetched', json(CASE WHEN a.fetched THEN 'true' ELSE 'false' END), "
    "'fetch_error', a.fetch_error, 'fetch_attempts', a.fetch_attempts, 'path', a.path)"
)

_COLUMNS = (
    "id, path, url, canonical_url, title, byline, site, published, lang, excerpt, lead_image, "
    "saved_at, status, favorite, progress, word_count, reading_minutes, fetched, tags, "
    "fetch_error, fetch_attempts"
)

# `typing` costs milliseconds to import, and `reader list` imports this module.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal

    Sort = Literal["saved", "saved-asc", "reading-time", "title", "site"]
else:
    Sort = str
#: The site an entry shows (its own name, else the host of its URL without ``www.``),
#: as SQL: what sorting by site orders by, so it matches what the list shows.
_SITE = "coalesce(nullif(a.site, ''), replace(substr(a.url, instr(a.url, '://') + 3), 'www.', ''))"
_ORDER: dict[str, str] = {
    "saved": "a.saved_at DESC, a.rowid DESC",
    "saved-asc": "a.saved_at ASC, a.rowid ASC",
    "reading-time": "a.reading_minutes ASC, a.saved_at DESC",
    "title": "a.title COLLATE NOCASE ASC, a.saved_at DESC",
    "site": f"{_SITE} COLLATE NOCASE ASC, a.saved_at DESC",
}


@dataclass(frozen=True)
class Filter:
    """Which entries a listing or search shows."""

    status: Status | None = None
    """Only unread or only archived entries; None for both."""
    favorite: bool | None = None
    """Only favorites when True."""
    tag: str | None = None
    """Only entries with this tag."""
    fetched: bool | None = None
    """Only fetched (True) or only not-yet-fetched (False) entries; None for both."""
    failed: bool | None = None
    """Only entries whose last fetch failed (True) or only those without a failed
    fetch (False); None for both."""


def fts_query(text: str) -> str:
    """Turn what a person typed into a safe FTS5 query.

    Every word must match (in any field); the last word matches as a prefix so
    results appear while typing. Quotes and FTS5 operators are taken literally.
    """
    words = [w.replace('"', "") for w in text.split()]
    words = [w for w in words if w]
    if not words:
        return ""
    parts = [f'"{w}"' for w in words]
    parts[-1] += "*"
    return " ".join(parts)


def _row_to_entry(row: Sequence[object]) -> Entry:
    (
        id_,
        path,
        url,
        canonical,
        title,
        byline,
        site,
        published,
        lang,
        excerpt,
        lead_image,
        saved_at,
        status,
        favorite,
        progress,
        word_count,
        reading_minutes,
        fetched,
        tags,
        fetch_error,
        fetch_attempts,
    ) = row
    st: Status = "archived" if status == "archived" else "unread"
    return Entry(
        id=str(id_),
        path=str(path),
        url=str(url),
        canonical_url=canonical if isinstance(canonical, str) else None,
        title=str(title),
        byline=byline if isinstance(byline, str) else None,
        site=site if isinstance(site, str) else None,
        published=published if isinstance(published, str) else None,
        lang=lang if isinstance(lang, str) else None,
        excerpt=excerpt if isinstance(excerpt, str) else None,
        lead_image=lead_image if isinstance(lead_image, str) else None,
        saved_at=datetime.fromisoformat(str(saved_at)),
        status=st,
        favorite=bool(favorite),
        progress=float(progress),  # type: ignore[arg-type]
        word_count=int(word_count),  # type: ignore[call-overload]
        reading_minutes=int(reading_minutes),  # type: ignore[call-overload]
        fetched=bool(fetched),
        tags=tuple(json.loads(str(tags))),
        fetch_error=fetch_error if isinstance(fetch_error, str) else None,
        fetch_attempts=int(fetch_attempts),  # type: ignore[call-overload]
    )


class IndexUnavailable(StoreError):
    """The index file cannot be opened or written (a read-only or full disk, an I/O error).

    The files are still the truth: a library that meets this goes on with an index in
    memory, built from them (see `Index.in_memory`).
    """


class Index:
    """The SQLite index of one library."""

    def __init__(self, path: Path | None) -> None:
        """Open the index file at *path*, or, with None, a new index held in memory
        (shared by this process's threads, gone when it is closed)."""
        self.path = path
        """The index file (None: in memory)."""
        self._memory_name = (
            f"file:reader-index-{id(self)}-{time.monotonic_ns()}?mode=memory&cache=shared"
        )
        self.rebuilt = False
        """True when the index was missing, outdated or corrupt and has been created anew."""
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._open_checked()

    # -- connections -------------------------------------------------------------------------

    @classmethod
    def in_memory(cls) -> Index:
        """An index held in memory, for a library whose index folder cannot be written."""
        return cls(None)

    @property
    def persistent(self) -> bool:
        """True for an index kept in a file (False: in memory, rebuilt by every process)."""
        return self.path is not None

    def _connect(self) -> sqlite3.Connection:
        if self.path is None:
            conn = sqlite3.connect(
                self._memory_name, timeout=BUSY_TIMEOUT, isolation_level=None, uri=True
            )
            conn.execute("PRAGMA foreign_keys=ON")
            return conn
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
        try:
            self._enable_wal(conn)
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.Error:
            conn.close()
            raise
        return conn

    @staticmethod
    def _enable_wal(conn: sqlite3.Connection) -> None:
        """Switch to WAL, waiting for other processes that are creating the index too.

        Changing the journal mode does not wait on SQLite's busy handler, so several
        `reader add` processes starting on a new library would otherwise fail with
        "database is locked".
        """
        deadline = time.monotonic() + BUSY_TIMEOUT
        delay = 0.005
        while True:
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.2)

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def close(self) -> None:
        """Close every connection this index opened."""
        with self._lock:
            for conn in self._all:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            self._all.clear()
        self._local = threading.local()

    def _open_checked(self) -> None:
        """Open the index, creating it, or rebuilding it if outdated or corrupt."""
        try:
            self._ensure_schema()
        except sqlite3.DatabaseError as exc:
            if not is_corrupt(exc):
                self.close()
                raise IndexUnavailable(f"cannot open the index {self.path}: {exc}") from None
            self.discard()
            try:
                self._ensure_schema()
            except sqlite3.DatabaseError as exc2:
                self.close()
                raise IndexUnavailable(f"cannot create the index {self.path}: {exc2}") from None
        except StoreError:
            self.close()
            raise

    def discard(self) -> None:
        """Delete the index files (after damage); the next open rebuilds them from the files."""
        self.close()
        if self.path is not None:
            discard_index_files(self.path)
        self.rebuilt = True

    def _ensure_schema(self) -> None:
        conn = self.conn
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            # Touch every table so a corrupt file is noticed now, not mid-listing: the
            # first and last pages of the articles (a count would read them all, 15 ms
            # at 100,000 articles, on every command).
            conn.execute("SELECT max(rowid) FROM articles").fetchone()  # one each: both in
            conn.execute("SELECT min(rowid) FROM articles").fetchone()  # one query scan all
            conn.execute("SELECT count(*) FROM meta").fetchone()
            conn.execute("SELECT count(*) FROM highlights").fetchone()
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == SCHEMA_VERSION:  # another process created it meanwhile
                conn.execute("COMMIT")
                return
            if version != 0:
                conn.execute("ROLLBACK")
                self.discard()
                self._ensure_schema()
                return
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            conn.execute("COMMIT")
            self.rebuilt = True
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    # -- writes --------------------------------------------------------------------------------

    def upsert(
        self,
        entry: Entry,
        body: str,
        stat: FileStat | None,
        norm_url: str,
        norm_canonical: str | None,
    ) -> None:
        """Add or replace *entry* (its text *body* for search) in the index."""
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            self._upsert(conn, entry, body, stat, norm_url, norm_canonical)
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise IndexUnavailable(f"could not update the index: {exc}") from None

    def upsert_many(
        self, items: Iterable[tuple[Entry, str, FileStat | None, str, str | None]]
    ) -> None:
        """Add or replace many entries in one transaction."""
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            for entry, body, stat, norm_url, norm_canonical in items:
                self._upsert(conn, entry, body, stat, norm_url, norm_canonical)
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise IndexUnavailable(f"could not update the index: {exc}") from None

    @staticmethod
    def _upsert(
        conn: sqlite3.Connection,
        entry: Entry,
        body: str,
        stat: FileStat | None,
        norm_url: str,
        norm_canonical: str | None,
    ) -> None:
        old = conn.execute("SELECT rowid FROM articles WHERE id = ?", (entry.id,)).fetchone()
        if old is None:
            # A different id may hold the same file name (a hand-edited id): replace it.
            old = conn.execute(
                "SELECT rowid FROM articles WHERE path = ?", (entry.path,)
            ).fetchone()
        if old is not None:
            _delete_row(conn, int(old[0]))
        cur = conn.execute(
            "INSERT INTO articles (id, path, mtime_ns, size, url, norm_url, canonical_url, "
            "norm_canonical, title, byline, site, published, lang, excerpt, lead_image, saved_at, "
            "status, favorite, progress, word_count, reading_minutes, fetched, tags, fetch_error, "
            "fetch_attempts) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entry.id,
                entry.path,
                stat.mtime_ns if stat else 0,
                stat.size if stat else 0,
                entry.url,
                norm_url,
                entry.canonical_url,
                norm_canonical,
                entry.title,
                entry.byline,
                entry.site,
                entry.published,
                entry.lang,
                entry.excerpt,
                entry.lead_image,
                entry.saved_at.isoformat(),
                entry.status,
                int(entry.favorite),
                entry.progress,
                entry.word_count,
                entry.reading_minutes,
                int(entry.fetched),
                json.dumps(list(entry.tags), ensure_ascii=False),
                entry.fetch_error,
                entry.fetch_attempts,
            ),
        )
        rowid = cur.lastrowid
        conn.executemany(
            "INSERT OR IGNORE INTO article_tags (article, tag) VALUES (?, ?)",
            [(rowid, tag) for tag in entry.tags],
        )
        conn.execute(
            "INSERT INTO articles_fts (rowid, title, byline, site, body) VALUES (?, ?, ?, ?, ?)",
            (rowid, entry.title, entry.byline or "", entry.site or "", body),
        )
        conn.execute(
            "INSERT INTO article_text (rowid, body) VALUES (?, ?)",
            (rowid, zlib.compress(body.encode("utf-8"), _LEVEL)),
        )

    def remove(self, entry_ids: Iterable[str]) -> None:
        """Drop entries from the index."""
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            for entry_id in entry_ids:
                row = conn.execute(
                    "SELECT rowid FROM articles WHERE id = ?", (entry_id,)
                ).fetchone()
                if row is not None:
                    _delete_row(conn, int(row[0]))
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise IndexUnavailable(f"could not update the index: {exc}") from None

    def remove_paths(self, names: Iterable[str]) -> None:
        """Drop the entries whose files are *names*."""
        conn = self.conn
        ids = []
        for name in names:
            row = conn.execute("SELECT id FROM articles WHERE path = ?", (name,)).fetchone()
            if row is not None:
                ids.append(row[0])
        if ids:
            self.remove(ids)

    def data_version(self) -> int:
        """A number that changes when another connection (another process, or another
        thread of this one) commits a change to the index; this thread's own commits
        leave it as it is."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def get_meta(self, key: str) -> str | None:
        """A value kept in the index's meta table."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Keep a value in the index's meta table."""
        try:
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
        except sqlite3.Error as exc:
            raise IndexUnavailable(f"could not update the index: {exc}") from None

    # -- reads ---------------------------------------------------------------------------------

    def file_stats(self) -> dict[str, tuple[int, int]]:
        """What the index knows of each file: name -> (mtime_ns, size)."""
        rows = self.conn.execute("SELECT path, mtime_ns, size FROM articles")
        return {str(path): (int(m), int(s)) for path, m, s in rows}

    def file_stat(self, name: str) -> tuple[int, int] | None:
        """What the index knows of file *name*: (mtime_ns, size), or None."""
        row = self.conn.execute(
            "SELECT mtime_ns, size FROM articles WHERE path = ?", (name,)
        ).fetchone()
        return (int(row[0]), int(row[1])) if row else None

    def get(self, entry_id: str) -> Entry | None:
        """The entry with exactly this id, or None."""
        row = self.conn.execute(
            f"SELECT {_COLUMNS} FROM articles WHERE id = ?", (entry_id,)
        ).fetchone()
        return _row_to_entry(row) if row else None

    def ids_with_prefix(self, prefix: str, limit: int = 5) -> list[str]:
        """Ids starting with *prefix* (to accept abbreviated ids, as git does)."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE id LIKE ? ESCAPE '\\' LIMIT ?", (escaped + "%", limit)
        )
        return [str(r[0]) for r in rows]

    def find_by_url(self, norm_urls: Iterable[str]) -> Entry | None:
        """The entry saved under any of these normalized URLs (as url or canonical url)."""
        for norm in norm_urls:
            row = self.conn.execute(
                f"SELECT {_COLUMNS} FROM articles WHERE norm_url = ? OR norm_canonical = ? "
                "ORDER BY saved_at LIMIT 1",
                (norm, norm),
            ).fetchone()
            if row:
                return _row_to_entry(row)
        return None

    @staticmethod
    def _where(flt: Filter, alias: str = "a") -> tuple[str, list[object]]:
        clauses: list[str] = []
        params: list[object] = []
        if flt.status is not None:
            clauses.append(f"{alias}.status = ?")
            params.append(flt.status)
        if flt.favorite:
            clauses.append(f"{alias}.favorite = 1")
        if flt.fetched is not None:
            clauses.append(f"{alias}.fetched = ?")
            params.append(int(flt.fetched))
        if flt.failed is not None:
            clauses.append(f"{alias}.fetch_error IS {'NOT ' if flt.failed else ''}NULL")
        if flt.tag:
            clauses.append(
                f"EXISTS (SELECT 1 FROM article_tags t WHERE t.article = {alias}.rowid "
                "AND t.tag = ? COLLATE NOCASE)"
            )
            params.append(flt.tag)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def entries(
        self, flt: Filter = Filter(), sort: Sort = "saved", limit: int | None = None
    ) -> list[Entry]:
        """Entries matching *flt*, in *sort* order."""
        return list(self.iter_entries(flt, sort, limit))

    def iter_entries(
        self, flt: Filter = Filter(), sort: Sort = "saved", limit: int | None = None
    ) -> Iterator[Entry]:
        """`entries`, one at a time as SQLite finds them: a listing of every article
        never holds them all in memory."""
        where, params = self._where(flt)
        sql = f"SELECT {_prefixed()} FROM articles a{where} ORDER BY {_ORDER[sort]}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        for row in self.conn.execute(sql, params):
            yield _row_to_entry(row)

    def view_ids(self, flt: Filter = Filter(), sort: Sort = "saved") -> tuple[list[str], bytearray]:
        """The ids of the entries matching *flt*, in *sort* order, and one byte each
        saying which are unread (1): what a list needs to page through a view without
        holding its entries (a tenth of the time and a fiftieth of the memory)."""
        where, params = self._where(flt)
        sql = f"SELECT a.id, a.status FROM articles a{where} ORDER BY {_ORDER[sort]}"
        return self._ids_of(sql, params)

    def _ids_of(self, sql: str, params: Sequence[object]) -> tuple[list[str], bytearray]:
        """The (id, status) rows of *sql* as ids and unread bytes.

        SQLite joins them into two strings itself: one step of the statement instead of
        one a row, so a worker thread does not wait for the event loop's thread to
        hand the GIL back 100,000 times (6x faster at 100,000 articles).
        """
        joined = (
            f"SELECT group_concat(id, char({_SEP})), "
            f"group_concat(CASE status WHEN 'unread' THEN '1' ELSE '0' END, '') FROM ({sql})"
        )
        ids, flags = self.conn.execute(joined, params).fetchone()
        if not ids:
            return [], bytearray()
        listed = str(ids).split(chr(_SEP))
        if len(listed) != len(flags):  # an id with the separator in it (hand-edited)
            rows = self.conn.execute(sql, params).fetchall()
            return [str(r[0]) for r in rows], bytearray(r[1] == "unread" for r in rows)
        return listed, bytearray(str(flags).encode("ascii").translate(_FLAGS))

    def entries_by_id(self, entry_ids: Sequence[str]) -> dict[str, Entry]:
        """The entries with these ids (the ones the index holds), by id."""
        found: dict[str, Entry] = {}
        for start in range(0, len(entry_ids), 500):
            chunk = list(entry_ids[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            sql = f"SELECT {_COLUMNS} FROM articles WHERE id IN ({marks})"
            for row in self.conn.execute(sql, chunk):
                entry = _row_to_entry(row)
                found[entry.id] = entry
        return found

    def iter_json(
        self, flt: Filter = Filter(), sort: Sort = "saved", limit: int | None = None
    ) -> Iterator[tuple[str, str, str]]:
        """`iter_entries` as JSON objects with `Entry.to_json`'s fields in its order,
        written by SQLite itself (no Entry made, no date parsed and printed again):
        (id, file name, JSON text) for each, every article in a second at 100,000."""
        where, params = self._where(flt)
        sql = f"SELECT a.id, a.path, {_JSON_OBJECT} FROM articles a{where} ORDER BY {_ORDER[sort]}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        for entry_id, path, text in self.conn.execute(sql, params):
            yield str(entry_id), str(path), str(text)

    def search(self, text: str, flt: Filter = Filter(), limit: int | None = 500) -> list[Entry]:
        """Entries whose title, byline, site or body match *text*, best first.

        Only the `RANKED` most recently indexed matches are ranked (and so returned):
        scoring is what a common word costs, and no one reads past a thousand results.
        """
        query = fts_query(text)
        if not query:
            return self.entries(flt, limit=limit)
        ranked, params = self._ranked(query, flt, limit)
        sql = (
            f"SELECT {_prefixed()} FROM ({ranked}) m JOIN articles a ON a.rowid = m.r "
            "ORDER BY m.score, m.saved DESC"
        )
        try:
            return [_row_to_entry(r) for r in self.conn.execute(sql, params)]
        except sqlite3.OperationalError:
            return []

    def article_count(self) -> int:
        """How many entries the index holds (cheaper than `counts`: no row is read)."""
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def search_ids(
        self, text: str, flt: Filter = Filter(), limit: int | None = 500
    ) -> tuple[list[str], bytearray]:
        """`search` as `view_ids` gives a view: the ids of the matches, best first, and
        one byte each saying which are unread (no entry made)."""
        query = fts_query(text)
        if not query:
            return self.view_ids(flt)
        ranked, params = self._ranked(query, flt, limit)
        sql = (
            f"SELECT a.id, a.status FROM ({ranked}) m "
            "JOIN articles a ON a.rowid = m.r ORDER BY m.score, m.saved DESC"
        )
        try:
            return self._ids_of(sql, params)
        except sqlite3.OperationalError:
            return [], bytearray()

    def count_among(self, entry_ids: Sequence[str], flt: Filter) -> int:
        """How many of the entries with these ids match *flt*."""
        where, params = self._where(flt)
        where = where.replace(" WHERE ", " AND ", 1)
        total = 0
        for start in range(0, len(entry_ids), 500):
            chunk = list(entry_ids[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            sql = f"SELECT count(*) FROM articles a WHERE a.id IN ({marks}){where}"
            total += int(self.conn.execute(sql, [*chunk, *params]).fetchone()[0])
        return total

    def _ranked(self, query: str, flt: Filter, limit: int | None) -> tuple[str, list[object]]:
        """The SQL of the matches of FTS5 *query* as narrow rows (rowid r, score, saved),
        best first, and its parameters."""
        where, params = self._where(flt)
        where = where.replace(" WHERE ", " AND ", 1)
        # FTS5 hands the matches over newest rowid first and the LIMIT stops it after
        # RANKED, so bm25 scores those only; they are ranked and cut to *limit* on
        # narrow rows (rowid, score, date), and only those rows fetched whole.
        capped = (
            "SELECT f.rowid AS r, bm25(articles_fts, 10.0, 3.0, 3.0, 1.0) AS score, "
            "a.saved_at AS saved FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
            f"WHERE articles_fts MATCH ?{where} ORDER BY f.rowid DESC LIMIT {RANKED}"
        )
        ranked = f"SELECT r, score, saved FROM ({capped}) ORDER BY score, saved DESC"
        all_params: list[object] = [query, *params]
        if limit is not None:
            ranked += " LIMIT ?"
            all_params.append(limit)
        return ranked, all_params

    def counts(self) -> dict[str, int]:
        """How many entries each view holds: all, unread, archived, favorites, queued
        (waiting for their first fetch) and failed (their last fetch failed)."""
        row = self.conn.execute(
            "SELECT count(*), "
            "coalesce(sum(status = 'unread'), 0), coalesce(sum(status = 'archived'), 0), "
            "coalesce(sum(favorite), 0), "
            "coalesce(sum(fetched = 0 AND fetch_error IS NULL), 0), "
            "coalesce(sum(fetched = 0 AND fetch_error IS NOT NULL), 0) FROM articles"
        ).fetchone()
        names = ("all", "unread", "archived", "favorites", "queued", "failed")
        return dict(zip(names, (int(n) for n in row), strict=True))

    def tag_counts(self) -> dict[str, int]:
        """Each tag with the number of entries that carry it, by name."""
        rows = self.conn.execute(
            "SELECT tag, count(*) FROM article_tags GROUP BY tag ORDER BY tag COLLATE NOCASE"
        )
        return {str(tag): int(n) for tag, n in rows}


def _delete_row(conn: sqlite3.Connection, rowid: int) -> None:
    """Take one article out of the index, its search terms too.

    A contentless FTS5 table (SQLite 3.40 has no ``contentless_delete``) forgets a row
    only when told the very values it was given: the title, byline and site from the
    article's row, the body from its compressed copy.
    """
    row = conn.execute(
        "SELECT a.title, a.byline, a.site, t.body FROM articles a "
        "JOIN article_text t ON t.rowid = a.rowid WHERE a.rowid = ?",
        (rowid,),
    ).fetchone()
    if row is not None:
        title, byline, site, packed = row
        conn.execute(
            "INSERT INTO articles_fts (articles_fts, rowid, title, byline, site, body) "
            "VALUES ('delete', ?, ?, ?, ?, ?)",
            (rowid, title, byline or "", site or "", zlib.decompress(packed).decode("utf-8")),
        )
    conn.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))


def discard_index_files(path: Path) -> None:
    """Delete an index file and its WAL/SHM companions."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot replace the broken index: {exc.strerror}") from None


def is_corrupt(exc: sqlite3.DatabaseError) -> bool:
    """True for errors that mean the file is damaged (not merely busy or unreadable)."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _prefixed() -> str:
    return ", ".join(f"a.{c.strip()}" for c in _COLUMNS.split(","))
