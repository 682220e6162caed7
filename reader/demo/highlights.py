"""Highlights for the demo library, so screenshots and snapshots show the feature.

`add_demo_highlights` marks a few passages of two bundled demo articles (one
spanning inline formatting, one spanning two paragraphs, two with notes) at
fixed times, so pictures of them never age.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from reader.errors import ReaderError
from reader.highlights.storage import sidecar_path
from reader.highlights.text import article_text
from reader.library.highlighting import add_highlight
from reader.store.files import atomic_write_bytes

if TYPE_CHECKING:
    from reader.library import Library

#: Ids of the demo articles that get highlights.
COMMONPLACE = "0ffc5b72af"
CITY_LIBRARY = "4f432fc582"


def add_demo_highlights(library: Library) -> int:
    """Highlight passages of the demo articles in *library*; returns how many were made."""
    try:
        essay = article_text(library.markdown(COMMONPLACE))
        city = article_text(library.markdown(CITY_LIBRARY))
    except ReaderError:
        return 0  # not the demo library
    first, second = essay.blocks[0], essay.blocks[1]
    made = [
        add_highlight(library, COMMONPLACE, first[: first.index(".") + 1]),
        # across the italic *Misc* and on into the next sentence
        add_highlight(
            library,
            COMMONPLACE,
            second[
                second.index("most of our notes") : second.index("It covers")
                + len("It covers what to collect")
            ],
            note="Exactly why I keep one.",
        ),
        # across two paragraphs
        add_highlight(
            library,
            COMMONPLACE,
            first[first.rindex("It was") :] + "\n\n" + second[: second.index(" one now")],
        ),
        add_highlight(library, CITY_LIBRARY, city.blocks[2][:80], note="Ask about the ladders."),
    ]
    for number, entry_id in enumerate((COMMONPLACE, CITY_LIBRARY)):
        path = sidecar_path(library.files.articles, library.get(entry_id))
        items = json.loads(path.read_text("utf-8"))
        for order, item in enumerate(items):
            item["created"] = f"2026-10-{10 + 5 * number + order:02d}T09:30:00+00:00"
        text = json.dumps(items, ensure_ascii=False, indent=2) + "\n"
        atomic_write_bytes(path, text.encode("utf-8"))
    library.sync(full=True)
    return len(made)
