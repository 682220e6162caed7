"""The library's views (Unread, Archive, Favorites, All, Queued, Fetch failed, one per
tag) and their filters."""

from __future__ import annotations

from dataclasses import dataclass

from reader.models import Entry
from reader.store.index import Filter


@dataclass(frozen=True)
class View:
    """One way of looking at the library."""

    key: str
    """``unread``, ``archive``, ``favorites``, ``all`` or ``tag:<name>``."""
    label: str
    """What the sidebar shows."""
    filter: Filter
    """Which entries the view holds."""

    def holds(self, entry: Entry) -> bool:
        """True when *entry* belongs in this view."""
        flt = self.filter
        if flt.status is not None and entry.status != flt.status:
            return False
        if flt.favorite and not entry.favorite:
            return False
        if flt.fetched is not None and entry.fetched != flt.fetched:
            return False
        if flt.failed is not None and (entry.fetch_error is not None) != flt.failed:
            return False
        return not (flt.tag and flt.tag.casefold() not in {t.casefold() for t in entry.tags})


UNREAD = View("unread", "Unread", Filter(status="unread"))
ARCHIVE = View("archive", "Archive", Filter(status="archived"))
FAVORITES = View("favorites", "Favorites", Filter(favorite=True))
ALL = View("all", "All", Filter())
QUEUED = View("queued", "Queued", Filter(fetched=False, failed=False))
FAILED = View("failed", "Fetch failed", Filter(fetched=False, failed=True))
FIXED_VIEWS = (UNREAD, ARCHIVE, FAVORITES, ALL)
"""The views the sidebar always shows."""
FETCH_VIEWS = (QUEUED, FAILED)
"""The views of imported articles not fetched yet: shown while they hold any (or are open)."""
COUNT_KEYS = {
    "unread": "unread",
    "archive": "archived",
    "favorites": "favorites",
    "all": "all",
    "queued": "queued",
    "failed": "failed",
}
"""The key of `Library.counts` that counts each built-in view."""

EMPTY_HINTS = {
    "unread": "Nothing unread: a saves a web page, i imports a file",
    "archive": "Nothing archived yet: e archives the selected article",
    "favorites": "No favorites yet: f marks one",
    "all": "Your library is empty: a saves a web page, i imports a file",
    "queued": "Nothing waiting to be fetched",
    "failed": "No failed fetches",
}
"""What an empty view says, naming the key that would fill it."""


def empty_hint(view: View) -> str:
    """What the list says when *view* holds nothing."""
    if view.key in EMPTY_HINTS:
        return EMPTY_HINTS[view.key]
    return f"No articles tagged {view.label} any more: t tags the selected article"


def tag_view(tag: str) -> View:
    """The view of the articles carrying *tag*."""
    return View(f"tag:{tag}", f"#{tag}", Filter(tag=tag))
