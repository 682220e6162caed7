"""The library's views (Unread, Archive, Favorites, All, one per tag) and their filters."""

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
        return not (flt.tag and flt.tag.casefold() not in {t.casefold() for t in entry.tags})


UNREAD = View("unread", "Unread", Filter(status="unread"))
ARCHIVE = View("archive", "Archive", Filter(status="archived"))
FAVORITES = View("favorites", "Favorites", Filter(favorite=True))
ALL = View("all", "All", Filter())
FIXED_VIEWS = (UNREAD, ARCHIVE, FAVORITES, ALL)
COUNT_KEYS = {"unread": "unread", "archive": "archived", "favorites": "favorites", "all": "all"}


def tag_view(tag: str) -> View:
    """The view of the articles carrying *tag*."""
    return View(f"tag:{tag}", f"#{tag}", Filter(tag=tag))
