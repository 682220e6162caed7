"""The article files: one markdown file per article, its raw HTML beside it.

Layout of a library folder::

    articles/<slug>-<id>.md     front matter (state) + the article as markdown
    raw/<id>.html.gz            the fetched HTML, kept for re-extraction
    articles/<stem>.highlights.json   its highlights, if any (see reader.highlights)
    images/<id>/<nn>.<ext>      the article's images (see reader.images)
    trash/                      deleted articles (and trash/images/<id>/), restorable
    index.sqlite3               derived; see reader.store.index

Every write goes to a temporary file in the same folder, is flushed to disk,
and is renamed over the target, so a crash leaves the old file or the new one,
never half of one.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from reader.errors import StoreError
from reader.models import Entry, Status
from reader.store.frontmatter import (
    dump_document,
    edit_time,
    hand_edited,
    parse_document,
    split_document,
)
from reader.text.sanitize import (
    MAX_ADDRESS,
    MAX_BYLINE,
    MAX_ERROR,
    MAX_EXCERPT,
    MAX_SHORT,
    MAX_SITE,
    MAX_TITLE,
    clean_field,
    clean_line,
    clean_text,
    cut,
)
from reader.text.sizes import byte_size

# `typing` costs milliseconds to import, and `reader list` imports this module.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

ARTICLES_DIR = "articles"
RAW_DIR = "raw"
IMAGES_DIR = "images"
TRASH_DIR = "trash"
SUFFIX = ".md"
#: The highlights sidecar beside an article file (see reader.highlights.storage).
HIGHLIGHTS_SUFFIX = ".highlights.json"
MAX_SLUG = 60
#: Files larger than this are not read as articles (a hand-dropped huge file must not hang listing).
MAX_FILE_BYTES = 64_000_000

CONFLICT_COPY = ".sync-conflict-"
"""What Syncthing puts in the name of a conflict copy (see `reader.sync.names`)."""
_GIT_MARKER = re.compile(r"^<{7} .*\n(?:.*\n)*?={7}\n(?:.*\n)*?>{7}", re.M)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_ID = re.compile(r"^[0-9a-f]{6,40}$")


def slugify(title: str, limit: int = MAX_SLUG) -> str:
    """A file-name-safe slug of *title*: lowercase ASCII letters, digits and dashes."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_title.lower()).strip("-")
    slug = slug[:limit].rstrip("-")
    return slug or "article"


def file_name_for(entry_id: str, title: str) -> str:
    """The markdown file name of an article: ``<slug>-<id>.md``."""
    return f"{slugify(title)}-{entry_id}{SUFFIX}"


def compress_raw(html: bytes) -> bytes:
    """*html* gzip-compressed as the raw folder keeps it.

    Level 1: five times faster than the default level 6 on a 80 KB news page, for a
    file 12% larger; it is CPU that bounds saving many pages at once.
    """
    import gzip

    return gzip.compress(html, 1)


def atomic_write_bytes(path: Path, data: bytes, *, sync_folder: bool = True) -> None:
    """Write *data* to *path* atomically (temporary file, fsync, rename).

    With *sync_folder* False the caller syncs the folder itself (once for many files).
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise StoreError(f"could not write {path.name}: {why(exc)}") from None
    if sync_folder:
        _fsync_dir(path.parent)


def why(exc: OSError) -> str:
    """What an operating-system error means for the library, in a few plain words."""
    import errno

    if exc.errno == errno.EROFS:
        return "the disk is read-only (Read-only file system)"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full (No space left on device)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied ({exc.strerror})"
    return exc.strerror or str(exc)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def entry_to_meta(entry: Entry) -> dict[str, Any]:
    """The front matter mapping for *entry* (empty optional fields left out)."""
    meta: dict[str, Any] = {
        "id": entry.id,
        "title": entry.title,
        "url": entry.url,
        "canonical_url": entry.canonical_url,
        "byline": entry.byline,
        "site": entry.site,
        "published": entry.published,
        "lang": entry.lang,
        "excerpt": entry.excerpt,
        "lead_image": entry.lead_image,
        "saved_at": entry.saved_at.isoformat(),
        "tags": list(entry.tags),
        "status": entry.status,
        "favorite": entry.favorite,
        "progress": round(entry.progress, 4),
        "word_count": entry.word_count,
        "reading_minutes": entry.reading_minutes,
    }
    if entry.changed:
        meta["changed"] = dict(entry.changed)
    if not entry.fetched:
        meta["fetched"] = False
        if entry.fetch_error:
            meta["fetch_error"] = entry.fetch_error
        if entry.fetch_attempts:
            meta["fetch_attempts"] = entry.fetch_attempts
    return {k: v for k, v in meta.items() if v is not None}


def _opt_str(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if not isinstance(value, str | int | float):
        return None  # a list or mapping where text belongs: ignore it (and any alias bomb)
    if key in _ADDRESS_FIELDS and len(str(value)) > MAX_ADDRESS:
        return None  # cut, an address would name another page
    limit = _FIELD_LIMITS.get(key, MAX_ADDRESS)
    return clean_field(value, limit, ellipsis=key in ("title", "excerpt"))


# How long each text field of a file read back may be: synced and hand-edited files
# are bounded like everything else from outside (reader.text.sanitize holds the limits).
_FIELD_LIMITS = {
    "title": MAX_TITLE,
    "byline": MAX_BYLINE,
    "site": MAX_SITE,
    "published": MAX_SHORT,
    "lang": MAX_SHORT,
    "excerpt": MAX_EXCERPT,
    "fetch_error": MAX_ERROR,
}
_ADDRESS_FIELDS = frozenset({"canonical_url", "lead_image"})


def _parse_time(value: object) -> datetime:
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            raise StoreError(f"saved_at is not an ISO 8601 date-time: {value[:40]!r}") from None
    else:
        raise StoreError("saved_at is missing")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _parse_tags(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise StoreError("tags must be a list")
    tags: list[str] = []
    for item in items[:500]:
        if not isinstance(item, str | int | float):
            continue
        tag = normalize_tag(str(item))
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def normalize_tag(tag: str) -> str:
    """A tag as stored: one line, trimmed, no control characters, at most 64 characters."""
    return clean_line(tag).strip().lstrip("#")[:64]


def meta_to_entry(meta: dict[str, Any], path: str) -> Entry:
    """Build an Entry from front matter, tolerating missing optional fields.

    Raises StoreError naming the problem when a required field is missing or wrong.
    """
    entry_id = meta.get("id")
    if not isinstance(entry_id, str) or not _ID.match(entry_id):
        raise StoreError("front matter has no valid 'id'")
    url = meta.get("url")
    if not isinstance(url, str) or not url.strip():
        raise StoreError("front matter has no 'url'")
    status = meta.get("status", "unread")
    if status not in ("unread", "archived"):
        raise StoreError(f"status must be 'unread' or 'archived', not {str(status)[:20]!r}")
    progress = meta.get("progress", 0.0)
    try:
        progress_value = min(1.0, max(0.0, float(progress)))
    except (TypeError, ValueError):
        progress_value = 0.0
    st: Status = "archived" if status == "archived" else "unread"
    return Entry(
        id=entry_id,
        url=clean_line(url),
        title=_opt_str(meta, "title") or clean_line(url),
        saved_at=_parse_time(meta.get("saved_at")),
        path=path,
        canonical_url=_opt_str(meta, "canonical_url"),
        byline=_opt_str(meta, "byline"),
        site=_opt_str(meta, "site"),
        published=_opt_str(meta, "published"),
        lang=_opt_str(meta, "lang"),
        excerpt=_opt_str(meta, "excerpt"),
        lead_image=_opt_str(meta, "lead_image"),
        tags=_parse_tags(meta.get("tags")),
        status=st,
        favorite=bool(meta.get("favorite", False)),
        progress=progress_value,
        word_count=_int(meta.get("word_count")),
        reading_minutes=_int(meta.get("reading_minutes")),
        fetched=bool(meta.get("fetched", True)),
        fetch_error=_opt_str(meta, "fetch_error"),
        fetch_attempts=_int(meta.get("fetch_attempts")),
        changed=_parse_changed(meta.get("changed")),
    )


#: The fields whose change times the front matter keeps (see `Entry.changed`).
CHANGE_FIELDS = ("body", "favorite", "progress", "status", "tags")


def _parse_changed(value: object) -> tuple[tuple[str, str], ...]:
    """The ``changed`` mapping of the front matter: known fields, ISO times, or nothing."""
    if not isinstance(value, dict):
        return ()
    out: list[tuple[str, str]] = []
    for key in CHANGE_FIELDS:
        when = value.get(key)
        if isinstance(when, datetime):
            when = when.isoformat()
        if isinstance(when, str) and 10 <= len(when) <= 40:
            out.append((key, clean_line(when)))
    return tuple(out)


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return 0
    try:
        return max(0, int(value))
    except ValueError:
        return 0


def compose_body(title: str, markdown: str) -> str:
    """The file body: the title as a heading, then the article, so the file reads well alone."""
    heading = " ".join(title.split())
    return f"# {heading}\n\n{markdown.strip()}\n" if heading else markdown


def strip_title(title: str, body: str) -> str:
    """The article markdown of a file body, without the title heading `compose_body` added."""
    first, _, rest = body.partition("\n")
    if not first.startswith("# "):
        return body
    heading, wanted = first[2:].strip(), " ".join(title.split())
    if heading == wanted or (len(heading) > MAX_TITLE and _cut_title(heading) == wanted):
        return rest.lstrip("\n")  # (or a heading written before titles were bounded)
    return body


def _cut_title(heading: str) -> str:
    return cut(clean_line(heading), MAX_TITLE, ellipsis=True)


class ConflictMarkers(StoreError):
    """An article file holds git's conflict markers (``reader.sync.resolve`` merges them)."""


@dataclass(frozen=True)
class FileStat:
    """What the index remembers of a file to tell whether it changed."""

    name: str
    mtime_ns: int
    size: int


class ArticleFiles:
    """The article files of one library folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        """The library folder."""
        self.articles = root / ARTICLES_DIR
        """Where the markdown files live."""
        self.raw = root / RAW_DIR
        """Where the compressed raw HTML lives."""
        self.trash = root / TRASH_DIR
        """Where deleted articles wait, restorable."""
        self.images = root / IMAGES_DIR
        """Where each article's images live, one folder per article id."""

    def ensure(self) -> None:
        """Create the library folders if they do not exist."""
        try:
            for folder in (self.articles, self.raw):
                folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the library folder {self.root}: {exc.strerror or exc}"
            ) from None

    def scan(self) -> Iterator[FileStat]:
        """Every article file with its modification time and size."""
        return self._scan(self.articles)

    def scan_trash(self) -> Iterator[FileStat]:
        """Every article file in the trash; its modification time is when it was deleted
        (`move_to_trash` sets it), for files deleted since that was so."""
        return self._scan(self.trash)

    @staticmethod
    def _scan(folder: Path) -> Iterator[FileStat]:
        """The article files (``*.md``, not hidden) directly in *folder*, if it exists."""
        try:
            entries = os.scandir(folder)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StoreError(f"cannot read {folder}: {exc.strerror or exc}") from None
        with entries:
            for item in entries:
                if not item.name.endswith(SUFFIX) or item.name.startswith("."):
                    continue
                if CONFLICT_COPY in item.name:
                    continue  # a sync engine's conflict copy: merged by reader.sync, never read
                try:
                    st = item.stat()
                except OSError:
                    continue
                if item.is_file():
                    yield FileStat(item.name, st.st_mtime_ns, st.st_size)

    def changed_since(self, time_ns: int, known: int | None = None) -> bool:
        """True when a file in the articles folder was modified at or after *time_ns*,
        or (given *known*, the number of article files the index holds) when the folder
        holds another number of article files.

        An editor that writes a file in place (nano, VS Code) leaves the folder's own
        modification time alone; only the file's tells. This stats every file (about
        3 ms per thousand articles) and stops at the first one that changed.
        """
        try:
            entries = os.scandir(self.articles)
        except OSError:
            return False
        count = 0
        with entries:
            for item in entries:
                name = item.name
                if name.startswith("."):
                    continue
                try:
                    if item.stat().st_mtime_ns >= time_ns:
                        return True
                except OSError:
                    continue
                if name.endswith(SUFFIX) and CONFLICT_COPY not in name:
                    count += 1
        return known is not None and count != known

    def folder_mtime_ns(self) -> int:
        """Modification time of the articles folder (changes when a file is added or renamed)."""
        try:
            return self.articles.stat().st_mtime_ns
        except OSError:
            return 0

    def folders_stamp(self) -> str:
        """The modification times of the articles and trash folders: what changes when a
        file is added, removed or renamed in either (by reader, an editor or a sync tool)."""
        try:
            trash = self.trash.stat().st_mtime_ns
        except OSError:
            trash = 0
        return f"{self.folder_mtime_ns()}:{trash}"

    def _read_text(self, name: str, folder: Path | None = None, label: str | None = None) -> str:
        """The text of file *name* in *folder* (the articles folder by default); errors
        name it as *label* (default: *name*)."""
        path = (folder or self.articles) / name
        label = label or name
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise StoreError(f"{label}: file is larger than {byte_size(MAX_FILE_BYTES)}")
            return path.read_bytes().decode("utf-8", errors="replace")
        except FileNotFoundError:
            raise StoreError(f"{label}: file is missing") from None
        except OSError as exc:
            raise StoreError(f"{label}: {exc.strerror or exc}") from None

    def read_body(self, name: str, title: str) -> str:
        """The markdown of article file *name* whose title is *title* (heading removed).

        The front matter is parsed only when the heading does not match *title* (the
        file was edited since it was indexed): showing an article needs no YAML.
        """
        text = self._read_text(name)
        try:
            _, body = split_document(text)
            markdown = strip_title(title, body)
            if markdown is body and body.startswith("# "):
                meta, _ = parse_document(text)  # the title in the file may be newer
                markdown = strip_title(str(meta.get("title") or title), body)
        except StoreError as exc:
            raise StoreError(f"{name}: {exc}") from None
        return markdown

    def read(self, name: str, *, in_trash: bool = False) -> tuple[Entry, str]:
        """Read article file *name*: its Entry and its markdown (title heading removed).

        With *in_trash*, the file is read from the trash folder (a deleted article;
        its Entry's path is still the bare file name, the one `restore` takes back).
        Raises StoreError with a one-line reason for a missing or broken file.
        """
        label = f"{TRASH_DIR}/{name}" if in_trash else name
        folder = self.trash if in_trash else self.articles
        text = self._read_text(name, folder, label)
        if "<<<<<<< " in text and _GIT_MARKER.search(text):
            raise ConflictMarkers(
                f"{label}: holds git conflict markers (merge it, or 'reader sync')"
            )
        try:
            meta, body = parse_document(text)
            entry = meta_to_entry(meta, name)
        except StoreError as exc:
            raise StoreError(f"{label}: {exc}") from None
        if hand_edited(meta, body):
            entry = self._stamp_hand_edit(entry, meta, body, folder / name)
        return entry, strip_title(entry.title, body)

    @staticmethod
    def _stamp_hand_edit(entry: Entry, meta: dict[str, Any], body: str, path: Path) -> Entry:
        """*entry* with its body's change time set to when the file was edited by hand,
        so the edit outlives the next write and wins a merge with an older body."""
        try:
            mtime_ns = path.stat().st_mtime_ns
        except OSError:
            return entry
        when = edit_time(meta, body, mtime_ns)
        stamps = dict(entry.changed)
        if when is None or stamps.get("body", "") >= when:
            return entry
        stamps["body"] = when
        from dataclasses import replace

        return replace(entry, changed=tuple(sorted(stamps.items())))

    def write(self, entry: Entry, markdown: str, *, sync_folder: bool = True) -> Entry:
        """Write *entry* and its *markdown* to its file; returns the entry with its path set.

        If the entry already has a file under another name (its title changed), the
        new file is written first and the old one removed after. With *sync_folder*
        False the caller calls `sync_folder` after writing many.
        """
        name = entry.path or file_name_for(entry.id, entry.title)
        body = compose_body(entry.title, clean_text(markdown))
        document = dump_document(entry_to_meta(entry), body)
        atomic_write_bytes(self.articles / name, document.encode("utf-8"), sync_folder=sync_folder)
        if entry.path == name:
            return entry
        from dataclasses import replace

        return replace(entry, path=name)

    def sync_folder(self) -> None:
        """Make the names of the files written so far durable (after writes without it)."""
        _fsync_dir(self.articles)

    def write_raw(self, entry_id: str, html: bytes) -> None:
        """Keep the fetched HTML of an article, gzip-compressed."""
        atomic_write_bytes(self.raw / f"{entry_id}.html.gz", compress_raw(html))

    def write_raw_compressed(self, entry_id: str, compressed: bytes) -> None:
        """Keep an article's HTML already gzip-compressed (e.g. by a worker process)."""
        atomic_write_bytes(self.raw / f"{entry_id}.html.gz", compressed)

    def read_raw(self, entry_id: str) -> bytes | None:
        """The kept HTML of an article, or None if there is none."""
        import gzip

        try:
            return gzip.decompress((self.raw / f"{entry_id}.html.gz").read_bytes())
        except (OSError, EOFError, gzip.BadGzipFile):
            return None

    def move_to_trash(self, entry: Entry) -> None:
        """Move an article's files into the trash folder (restorable with `restore`)."""
        try:
            self.trash.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"could not delete {entry.path}: {why(exc)}") from None
        try:
            os.replace(self.articles / entry.path, self.trash / entry.path)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise StoreError(f"could not delete {entry.path}: {why(exc)}") from None
        else:
            # A rename keeps the modification time; make it the deletion time, so that
            # `reader trash` can list the latest deletions first.
            with contextlib.suppress(OSError):
                os.utime(self.trash / entry.path)
        raw = self.raw / f"{entry.id}.html.gz"
        if raw.exists():
            with contextlib.suppress(OSError):
                os.replace(raw, self.trash / raw.name)
        self._move_sidecar(entry, self.articles, self.trash)
        self._move_images(entry.id, self.images, self.trash / IMAGES_DIR)

    def purge_trashed(self, entry: Entry) -> None:
        """Delete a trashed article's files for good: its markdown, highlights, kept
        HTML and images in the trash (emptying the trash)."""
        stem = Path(entry.path).stem
        for path in (
            self.trash / entry.path,
            self.trash / (stem + HIGHLIGHTS_SUFFIX),
            self.trash / f"{entry.id}.html.gz",
        ):
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                raise StoreError(f"could not delete {path.name}: {exc.strerror or exc}") from None
        if not any(
            name.endswith(f"-{entry.id}{SUFFIX}") for name in os.listdir(self.trash)
        ):  # the same article deleted twice keeps its images for the other copy
            folder = self.trash / IMAGES_DIR / entry.id
            if folder.is_dir() and not folder.is_symlink():
                import shutil

                shutil.rmtree(folder, ignore_errors=True)

    def restore_blockers(self, entry: Entry) -> list[str]:
        """The files in the articles folder that restoring *entry* would overwrite
        (its markdown file, its highlights sidecar if the trash has one), by name;
        empty when it is safe."""
        sidecar = Path(entry.path).stem + HIGHLIGHTS_SUFFIX
        names = [entry.path]
        if os.path.lexists(self.trash / sidecar):
            names.append(sidecar)
        return [name for name in names if os.path.lexists(self.articles / name)]

    def restore(self, entry: Entry) -> None:
        """Bring an article's files back from the trash (see `restore_blockers` first:
        files in the way are overwritten)."""
        try:
            os.replace(self.trash / entry.path, self.articles / entry.path)
        except OSError as exc:
            raise StoreError(f"could not restore {entry.path}: {exc.strerror or exc}") from None
        raw = self.trash / f"{entry.id}.html.gz"
        if raw.exists():
            with contextlib.suppress(OSError):
                os.replace(raw, self.raw / raw.name)
        self._move_sidecar(entry, self.trash, self.articles)
        self._move_images(entry.id, self.trash / IMAGES_DIR, self.images)

    @staticmethod
    def _move_sidecar(entry: Entry, source: Path, target: Path) -> None:
        """Move an article's highlights sidecar (``<stem>.highlights.json``), if any."""
        name = Path(entry.path).stem + HIGHLIGHTS_SUFFIX
        if (source / name).is_file():
            with contextlib.suppress(OSError):
                os.replace(source / name, target / name)

    @staticmethod
    def _move_images(entry_id: str, source: Path, target: Path) -> None:
        """Move an article's image folder (if it has one) from *source* into *target*."""
        folder = source / entry_id
        if not folder.is_dir() or folder.is_symlink():
            return
        with contextlib.suppress(OSError):
            target.mkdir(parents=True, exist_ok=True)
            if (target / entry_id).exists():
                import shutil

                shutil.rmtree(target / entry_id)  # an older copy: the one moved is newer
            os.replace(folder, target / entry_id)

    def remove_file(self, name: str) -> None:
        """Delete an article file outright (used when a file was renamed)."""
        try:
            (self.articles / name).unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise StoreError(f"could not remove {name}: {exc.strerror or exc}") from None
