"""The highlight use cases: make, remove, annotate, place and list highlights.

Each change reads the article's sidecar fresh under the library's write lock,
writes it back atomically, then updates the index, the way `Library` changes
an article's front matter. Placing (re-anchoring) happens when highlights are
read: the stored quote and context are never rewritten by it, only looked up
in the article's current text, so a wrong guess cannot destroy the original
quote; a highlight that cannot be placed is reported as orphaned.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reader.errors import ReaderError
from reader.highlights.anchoring import Anchor, TextIndex, normalize
from reader.highlights.indexing import index_sidecar
from reader.highlights.model import MAX_QUOTE, Highlight, clean_note, now_iso
from reader.highlights.storage import (
    Removed,
    read_removed,
    read_sidecar,
    sidecar_path,
    write_sidecar,
)
from reader.highlights.text import ArticleText, article_text
from reader.models import Entry
from reader.text.sanitize import clean_line, clean_text

if TYPE_CHECKING:
    from reader.library.library import Library


class HighlightError(ReaderError):
    """A highlight could not be made or changed (no such quote, no such highlight).

    Part of reader's one exception tree: ReaderError -> HighlightError.
    """


@dataclass(frozen=True)
class Placed:
    """A highlight and where it sits in the article's current text (None: orphaned)."""

    highlight: Highlight
    anchor: Anchor | None

    @property
    def orphaned(self) -> bool:
        """True when the quote could not be found in the article any more."""
        return self.anchor is None


@dataclass(frozen=True)
class ArticleHighlights:
    """One article's text and its highlights, each placed in that text."""

    entry: Entry
    text: ArticleText
    placed: list[Placed]

    @property
    def orphans(self) -> list[Highlight]:
        """The highlights that could not be placed."""
        return [p.highlight for p in self.placed if p.anchor is None]


def _article(library: Library, entry_id: str) -> tuple[Entry, ArticleText]:
    entry = library.get(entry_id)
    markdown = library.files.read_body(entry.path, entry.title) if entry.fetched else ""
    return entry, article_text(markdown)


def place_all(text: ArticleText, highlights: list[Highlight]) -> list[Placed]:
    """Each of *highlights* placed in *text* (see `reader.highlights.anchoring`)."""
    placed: list[Placed] = []
    finder: TextIndex | None = None
    for h in highlights:
        anchor = _in_place(text.text, h)
        if anchor is None:
            finder = finder or TextIndex(text.text)  # prepared only when a search is needed
            anchor = finder.find(h.exact, h.prefix, h.suffix, h.start)
        placed.append(Placed(h, anchor))
    return placed


def _in_place(text: str, highlight: Highlight) -> Anchor | None:
    """The highlight's stored position, when the text there is still exactly its quote
    and context (the usual case: the article did not change since it was made)."""
    start, end = highlight.start, highlight.end
    if start is None or end is None or not 0 <= start < end <= len(text):
        return None
    if text[start:end] != highlight.exact:
        return None
    before = start - len(highlight.prefix)
    if before < 0 or not text.startswith(highlight.prefix, before):
        return None
    if not text.startswith(highlight.suffix, end):
        return None
    return Anchor(start, end, "exact", 1.0)


def highlights_of(library: Library, entry_id: str) -> list[Highlight]:
    """The highlights stored for an article, in the order they were made."""
    entry = library.get(entry_id)
    return read_sidecar(sidecar_path(library.files.articles, entry))


def article_highlights(library: Library, entry_id: str) -> ArticleHighlights:
    """An article's highlights, placed in its current text (orphans included)."""
    entry, text = _article(library, entry_id)
    highlights = read_sidecar(sidecar_path(library.files.articles, entry))
    return ArticleHighlights(entry, text, place_all(text, highlights))


def _new_id(taken: set[str]) -> str:
    while True:
        candidate = secrets.token_hex(4)
        if candidate not in taken:
            return candidate


def _save(
    library: Library,
    entry: Entry,
    highlights: list[Highlight],
    removed: list[Removed] | None = None,
) -> None:
    path = sidecar_path(library.files.articles, entry)
    write_sidecar(path, highlights, removed)
    index_sidecar(library.index, entry.id, path, highlights)


def find_quote(text: ArticleText, quote: str, near: int | None = None) -> tuple[int, int]:
    """Where *quote* occurs in *text* (whitespace runs compare equal; failing that, case,
    curly quotes and dashes too), nearest to *near* when it occurs more than once;
    HighlightError when it does not occur."""
    wanted = normalize(clean_text(quote))[0].strip()
    if not wanted:
        raise HighlightError("the quote is empty")
    if len(wanted) > MAX_QUOTE:
        raise HighlightError(f"the quote is longer than {MAX_QUOTE} characters")
    finder = TextIndex(text.text)
    hits = finder.occurrences(wanted) or finder.loose_occurrences(wanted)
    if not hits:
        shown = clean_line(quote)
        shown = shown if len(shown) <= 60 else shown[:59] + "…"
        raise HighlightError(f"quote not found in the article: {shown!r}")
    found = finder.find(wanted, hint=near)
    if found is None:  # pragma: no cover - it occurs, so the exact search finds it
        raise HighlightError("quote not found in the article")
    return found.start, found.end


def add_highlight(
    library: Library,
    entry_id: str,
    quote: str,
    *,
    note: str = "",
    near: int | None = None,
) -> Highlight:
    """Highlight *quote* in an article (the occurrence nearest *near*, else the first).

    Raises HighlightError when the quote is not in the article's text. Highlighting
    the same passage again returns the existing highlight (its note set when given).
    """
    with library._locked():
        entry, text = _article(library, entry_id)
        start, end = find_quote(text, quote, near)
        path = sidecar_path(library.files.articles, entry)
        highlights = read_sidecar(path)
        note = clean_note(note)
        for number, existing in enumerate(highlights):
            if existing.start == start and existing.end == end:
                if note and note != existing.note:
                    existing = replace(existing, note=note, updated=now_iso())
                    highlights[number] = existing
                    _save(library, entry, highlights)
                return existing
        made = Highlight(
            id=_new_id({h.id for h in highlights}), exact="", note=note, created=now_iso()
        ).with_position(start, end, text.text)
        highlights.append(made)
        _save(library, entry, highlights)
    return made


def _find(highlights: list[Highlight], highlight_id: str) -> int:
    key = highlight_id.strip().lower()
    if not key:
        raise HighlightError("no highlight id given")
    exact = [n for n, h in enumerate(highlights) if h.id.lower() == key]
    if exact:
        return exact[0]
    matches = [n for n, h in enumerate(highlights) if h.id.lower().startswith(key)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        ids = ", ".join(highlights[n].id for n in matches)
        raise HighlightError(f"highlight id {clean_line(highlight_id)!r} is ambiguous: {ids}")
    raise HighlightError(f"no highlight with id {clean_line(highlight_id)!r} in this article")


def remove_highlight(library: Library, entry_id: str, highlight_id: str) -> Highlight:
    """Remove one highlight (an id or a unique prefix of one) from an article.

    The sidecar remembers it as removed (a tombstone), so that `restore_highlight`
    and ``reader unhighlight --undo`` can bring it back, note and all, and a sync
    merge knows it was removed here rather than added elsewhere.
    """
    with library._locked():
        entry = library.get(entry_id)
        path = sidecar_path(library.files.articles, entry)
        highlights = read_sidecar(path)
        removed = highlights.pop(_find(highlights, highlight_id))
        tombstones = [r for r in read_removed(path) if r.highlight.id != removed.id]
        _save(library, entry, highlights, [Removed(removed, now_iso()), *tombstones])
    return removed


def removed_highlights(library: Library, entry_id: str) -> list[Removed]:
    """The highlights removed from an article that can still be put back, latest first."""
    entry = library.get(entry_id)
    return read_removed(sidecar_path(library.files.articles, entry))


def undo_removal(library: Library, entry_id: str, highlight_id: str | None = None) -> Highlight:
    """Put back a removed highlight: the one named by *highlight_id* (an id or a
    unique prefix), else the latest removed. HighlightError when there is none."""
    removed = removed_highlights(library, entry_id)
    if not removed:
        raise HighlightError("no removed highlight to bring back in this article")
    if highlight_id is None:
        chosen = removed[0].highlight
    else:
        gone = [r.highlight for r in removed]
        chosen = gone[_find(gone, highlight_id)]
    # restore_highlight re-reads the sidecar under the lock (the lock is not re-entrant).
    return restore_highlight(library, entry_id, chosen)


def set_note(library: Library, entry_id: str, highlight_id: str, note: str) -> Highlight:
    """Set (or, with an empty *note*, clear) the note of one highlight."""
    with library._locked():
        entry = library.get(entry_id)
        highlights = read_sidecar(sidecar_path(library.files.articles, entry))
        number = _find(highlights, highlight_id)
        changed = replace(highlights[number], note=clean_note(note), updated=now_iso())
        highlights[number] = changed
        _save(library, entry, highlights)
    return changed


def restore_highlight(library: Library, entry_id: str, highlight: Highlight) -> Highlight:
    """Put back a highlight that was removed (undo); its tombstone goes.

    The highlight is stamped as changed now, so that a merge with a machine that
    still has the tombstone keeps it.
    """
    with library._locked():
        entry = library.get(entry_id)
        highlights = read_sidecar(sidecar_path(library.files.articles, entry))
        if all(h.id != highlight.id for h in highlights):
            highlight = replace(highlight, updated=now_iso())
            # Back where it was in the order they were made.
            later = [n for n, h in enumerate(highlights) if h.created > highlight.created]
            highlights.insert(
                later[0] if later and highlight.created else len(highlights), highlight
            )
            _save(library, entry, highlights)
    return highlight
