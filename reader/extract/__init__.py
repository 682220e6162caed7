"""Turn a page's HTML into a clean Article (pure functions, no I/O).

    from reader.extract import extract
    article = extract(html_bytes, url="https://example.com/story")

`extract` returns a `reader.models.Article` or raises `reader.errors.ExtractError`
("no article found in the page"). The steps are described in `pipeline`.
"""

from __future__ import annotations

from reader.extract.pipeline import extract

__all__ = ["extract"]
