"""The highlights in the SQLite index: a searchable copy of every sidecar.

The tables (``highlights``, ``highlights_fts`` over quote and note, and
``highlight_files``, the sidecars' sizes and times) are created with the rest of
the schema in `reader.store.index`. `sync_highlights` runs inside
`Library.sync`, so ``reader reindex`` and a discarded index bring them back from
the sidecars. Rows name their article by id, not by row, because an article's
row is replaced whenever its file is indexed again; listings join on articles,
so the highlights of a deleted article disappear with it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reader.errors import StoreError
from reader.highlights.model import Highlight
from reader.highlights.storage import SIDECAR_SUFFIX, article_name, read_sidecar
from reader.store.index import Filter, Index, IndexUnavailable, fts_query

_SELECT = "SELECT h.article, h.id, h.exact, h.note, h.created, h.updated, h.start, a.title, a.url "


@dataclass(frozen=True)
class QuoteRow:
    """One highlight as the index lists it, with what the quotes list shows of its article."""

    article_id: str
    highlight_id: str
    exact: str
    note: str
    created: str
    updated: str
    start: int | None
    title: str
    """The article's title."""
    url: str
    """The article's address."""

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return {
            "article": self.article_id,
            "id": self.highlight_id,
            "quote": self.exact,
            "note": self.note,
            "created": self.created or None,
            "updated": self.updated or None,
            "title": self.title,
            "url": self.url,
        }


def _scan(articles: Path) -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    try:
        entries = os.scandir(articles)
    except OSError:
        return found
    with entries:
        for item in entries:
            if item.name.startswith(".") or not item.name.endswith(SIDECAR_SUFFIX):
                continue
            with contextlib.suppress(OSError):
                st = item.stat()
                if item.is_file():
                    found[item.name] = (st.st_mtime_ns, st.st_size)
    return found


def _replace_rows(
    conn: sqlite3.Connection, article_id: str, highlights: Iterable[Highlight]
) -> None:
    rows = conn.execute("SELECT rowid FROM highlights WHERE article = ?", (article_id,)).fetchall()
    conn.executemany("DELETE FROM highlights_fts WHERE rowid = ?", rows)
    conn.execute("DELETE FROM highlights WHERE article = ?", (article_id,))
    for h in highlights:
        cur = conn.execute(
            "INSERT INTO highlights (article, id, exact, note, created, updated, start) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (article_id, h.id, h.exact, h.note, h.created, h.updated, h.start),
        )
        conn.execute(
            "INSERT INTO highlights_fts (rowid, exact, note) VALUES (?, ?, ?)",
            (cur.lastrowid, h.exact, h.note),
        )


def _forget_file(conn: sqlite3.Connection, name: str) -> None:
    row = conn.execute("SELECT article FROM highlight_files WHERE name = ?", (name,)).fetchone()
    if row is not None:
        _replace_rows(conn, str(row[0]), ())
    conn.execute("DELETE FROM highlight_files WHERE name = ?", (name,))


def _record_file(
    conn: sqlite3.Connection, name: str, article_id: str, stat: tuple[int, int]
) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO highlight_files (name, article, mtime_ns, size) "
        "VALUES (?, ?, ?, ?)",
        (name, article_id, stat[0], stat[1]),
    )


def _transaction(index: Index) -> sqlite3.Connection:
    conn = index.conn
    conn.execute("BEGIN IMMEDIATE")
    return conn


def sync_highlights(index: Index, articles: Path, full: bool = False) -> list[str]:
    """Bring the index's highlights in line with the sidecars in *articles*.

    Only sidecars whose size or time changed are read, unless *full*. Returns one
    line per sidecar that could not be read (its highlights are left out).
    """
    problems: list[str] = []
    on_disk = _scan(articles)
    conn = index.conn
    known = {
        str(name): (int(m), int(s))
        for name, m, s in conn.execute("SELECT name, mtime_ns, size FROM highlight_files")
    }
    changed = [n for n, st in sorted(on_disk.items()) if full or known.get(n) != st]
    gone = [n for n in known if n not in on_disk]
    if not changed and not gone:
        return problems
    read: list[tuple[str, str, list[Highlight]]] = []
    for name in changed:
        row = conn.execute(
            "SELECT id FROM articles WHERE path = ?", (article_name(name),)
        ).fetchone()
        if row is None:
            gone.append(name)  # no such article (yet): nothing to list
            continue
        try:
            read.append((name, str(row[0]), read_sidecar(articles / name)))
        except StoreError as exc:
            problems.append(str(exc))
            gone.append(name)
    try:
        conn = _transaction(index)
        for name in gone:
            _forget_file(conn, name)
        for name, article_id, highlights in read:
            _forget_file(conn, name)
            _replace_rows(conn, article_id, highlights)
            _record_file(conn, name, article_id, on_disk[name])
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise IndexUnavailable(f"could not update the index: {exc}") from None
    return problems


def index_sidecar(
    index: Index, article_id: str, sidecar: Path, highlights: list[Highlight]
) -> None:
    """Put one article's *highlights* (just written to *sidecar*) into the index."""
    try:
        st = sidecar.stat()
        stat: tuple[int, int] | None = (st.st_mtime_ns, st.st_size)
    except OSError:
        stat = None
    conn = index.conn
    try:
        conn.execute("BEGIN IMMEDIATE")
        _forget_file(conn, sidecar.name)
        _replace_rows(conn, article_id, highlights)
        if stat is not None:
            _record_file(conn, sidecar.name, article_id, stat)
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise IndexUnavailable(f"could not update the index: {exc}") from None


def _row(row: tuple[object, ...]) -> QuoteRow:
    article, hid, exact, note, created, updated, start, title, url = row
    return QuoteRow(
        article_id=str(article),
        highlight_id=str(hid),
        exact=str(exact),
        note=str(note),
        created=str(created),
        updated=str(updated),
        start=start if isinstance(start, int) else None,
        title=str(title),
        url=str(url),
    )


def list_quotes(
    index: Index,
    text: str = "",
    flt: Filter = Filter(),
    article_id: str | None = None,
    limit: int | None = None,
) -> list[QuoteRow]:
    """Highlights across the library, newest first; *text* searches quotes and notes
    (every word, the last as a prefix); *flt* filters by the article's tag or state."""
    where, params = Index._where(flt)
    clauses = [where.removeprefix(" WHERE ")] if where else []
    all_params: list[object] = []
    source = "highlights h JOIN articles a ON a.id = h.article"
    query = fts_query(text)
    if query:
        source = (
            "highlights_fts f JOIN highlights h ON h.rowid = f.rowid "
            "JOIN articles a ON a.id = h.article"
        )
        clauses.insert(0, "highlights_fts MATCH ?")
        all_params.append(query)
    all_params.extend(params)
    if article_id is not None:
        clauses.append("h.article = ?")
        all_params.append(article_id)
    sql = (
        _SELECT
        + f"FROM {source}"
        + (" WHERE " + " AND ".join(clauses) if clauses else "")
        + " ORDER BY coalesce(nullif(h.created, ''), a.saved_at) DESC, h.rowid DESC"
    )
    if limit is not None:
        sql += " LIMIT ?"
        all_params.append(limit)
    try:
        return [_row(r) for r in index.conn.execute(sql, all_params)]
    except sqlite3.OperationalError:
        return []


def count_quotes(index: Index) -> int:
    """How many highlights the library holds (of articles in it)."""
    row = index.conn.execute(
        "SELECT count(*) FROM highlights h JOIN articles a ON a.id = h.article"
    ).fetchone()
    return int(row[0])


def highlight_tags(index: Index) -> list[str]:
    """The tags of articles that have at least one highlight, in name order (no case)."""
    try:
        rows = index.conn.execute(
            "SELECT DISTINCT t.tag FROM highlights h "
            "JOIN articles a ON a.id = h.article "
            "JOIN article_tags t ON t.article = a.rowid "
            "ORDER BY t.tag COLLATE NOCASE"
        )
        return [str(tag) for (tag,) in rows]
    except sqlite3.OperationalError:
        return []
