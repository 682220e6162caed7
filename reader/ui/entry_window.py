"""The articles of a list, read from the library a page at a time.

A view of 100,000 articles as `Entry` objects is over 100 MiB; the list shows forty.
`EntryWindow` keeps only the ids of the view in order (and which are unread, for n, N
and "archive everything above"), and reads the entries themselves a page at a time,
a dozen pages kept. A short list (search results, the first page before the whole
view is in) is held whole, in the same type.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import overload

from reader.models import Entry

PAGE = 100
"""Entries read from the library at once."""
PAGES = 12
"""Pages kept (the least recently used one goes first)."""

Fetch = Callable[[Sequence[str]], dict[str, Entry]]
"""Reads the entries with these ids (those it finds) from the library."""

_GONE = datetime(1970, 1, 1, tzinfo=UTC)


class EntryWindow(Sequence[Entry]):
    """A list of entries, in order, read a page at a time (or held whole)."""

    def __init__(self, ids: list[str], unread: bytearray, fetch: Fetch | None) -> None:
        """A window over the entries *ids* (*unread*: one byte each, 1 for an unread one),
        read with *fetch*; without *fetch*, use `of`."""
        self.ids = ids
        """The ids of the entries, in list order."""
        self._unread = unread
        self._fetch = fetch
        self._all: list[Entry] | None = None
        self._pages: OrderedDict[int, list[Entry]] = OrderedDict()

    @classmethod
    def of(cls, entries: Iterable[Entry]) -> EntryWindow:
        """A window holding *entries* whole (a short list)."""
        held = list(entries)
        window = cls([e.id for e in held], bytearray(e.status == "unread" for e in held), None)
        window._all = held
        return window

    @property
    def paged(self) -> bool:
        """True when the entries are read from the library page by page."""
        return self._all is None

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Entry: ...

    @overload
    def __getitem__(self, index: slice) -> list[Entry]: ...

    def __getitem__(self, index: int | slice) -> Entry | list[Entry]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self.ids)))]
        if index < 0:
            index += len(self.ids)
        if not 0 <= index < len(self.ids):
            raise IndexError(index)
        if self._all is not None:
            return self._all[index]
        number, at = divmod(index, PAGE)
        return self._page(number)[at]

    def __iter__(self) -> Iterator[Entry]:
        for index in range(len(self.ids)):
            yield self[index]

    def _page(self, number: int) -> list[Entry]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        assert self._fetch is not None
        ids = self.ids[number * PAGE : (number + 1) * PAGE]
        found = self._fetch(ids)
        # One deleted outside the app since the ids were read shows as gone until the
        # list is read again (the screen does that when it notices the change).
        page = [found.get(i) or _gone(i) for i in ids]
        self._pages[number] = page
        if len(self._pages) > PAGES:
            self._pages.popitem(last=False)
        return page

    # -- finding -------------------------------------------------------------------------------

    def index_of(self, entry_id: str) -> int | None:
        """Where the entry with *entry_id* is in the list, if it is."""
        try:
            return self.ids.index(entry_id)
        except ValueError:
            return None

    def is_unread(self, index: int) -> bool:
        """True when the entry at *index* is unread (known without reading it)."""
        return bool(self._unread[index])

    def next_unread(self, index: int, delta: int) -> int | None:
        """The first unread entry after *index*, going *delta* (1 or -1) at a time."""
        if delta > 0:
            found = self._unread.find(1, index + 1)
        else:
            found = self._unread.rfind(1, 0, max(0, index))
        return None if found < 0 else found

    def unread_before(self, index: int) -> list[Entry]:
        """The unread entries above *index*, in list order."""
        return [self[i] for i in range(min(index, len(self.ids))) if self._unread[i]]

    def with_ids(self, ids: set[str]) -> list[Entry]:
        """The entries whose ids are in *ids*, in list order."""
        return [self[i] for i, entry_id in enumerate(self.ids) if entry_id in ids]

    # -- changing ------------------------------------------------------------------------------

    def replace(self, index: int, entry: Entry) -> None:
        """Put *entry* (a new state of the one listed) at *index*."""
        self._unread[index] = entry.status == "unread"
        if self._all is not None:
            self._all[index] = entry
            return
        page = self._pages.get(index // PAGE)
        if page is not None:
            page[index % PAGE] = entry

    def remove(self, entry_ids: set[str]) -> None:
        """Take the entries with *entry_ids* out of the list."""
        keep = [i for i, entry_id in enumerate(self.ids) if entry_id not in entry_ids]
        if len(keep) == len(self.ids):
            return
        self.ids = [self.ids[i] for i in keep]
        self._unread = bytearray(self._unread[i] for i in keep)
        if self._all is not None:
            self._all = [self._all[i] for i in keep]
        self._pages.clear()


def _gone(entry_id: str) -> Entry:
    """What a row shows for an entry deleted since the list was read."""
    return Entry(id=entry_id, url="", title="(deleted)", saved_at=_GONE, status="archived")
