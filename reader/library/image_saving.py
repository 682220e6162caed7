"""Save an article's images beside it and point its markdown at the copies.

`save_images` is the use case behind saving a page (`Library.save_url_async`)
and ``reader images``: it reads the article's markdown, picks the content
images (see `reader.images.policy`), downloads them (`reader.images.download`),
then rewrites the markdown, re-read under the library's lock, so that each
saved image is linked as ``![alt](../images/<id>/01.jpg "original: URL")``.

It never fails the save: every problem is counted in the `ImageReport` and
logged, and an image that could not be saved keeps its remote address, so a
later ``reader images ID`` tries it again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.errors import ReaderError
from reader.images.policy import DEFAULT_IMAGE_LIMITS, ImageLimits, skip_reason
from reader.images.refs import declared_sizes, find_images, relink, url_key
from reader.images.storage import (
    image_folder,
    local_image_path,
    local_src,
    next_number,
    parse_local_src,
)
from reader.text.sizes import byte_size

if TYPE_CHECKING:
    import httpx

    from reader.library.library import Library
    from reader.models import Entry

__all__ = ["ImageReport", "save_images"]

log = logging.getLogger("reader.images")


@dataclass
class ImageReport:
    """What saving the images of one article did."""

    saved: int = 0
    """Images downloaded and linked now."""
    bytes: int = 0
    """Their total size."""
    present: int = 0
    """Images that were already saved (their files are there)."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """``(url, reason)`` of images not worth saving: trackers, icons, tiny ones, over the count."""
    failed: list[tuple[str, str]] = field(default_factory=list)
    """``(url, reason)`` of images that could not be saved; they keep their remote address."""
    entry: Entry | None = None
    """The article after its markdown was relinked (None if it was not changed)."""

    def summary(self) -> str:
        """One line: "3 images saved (1.2 MB), 1 failed, 2 skipped"."""
        parts = [f"{self.saved} image{'' if self.saved == 1 else 's'} saved"]
        if self.saved:
            parts[0] += f" ({byte_size(self.bytes)})"
        if self.present:
            parts.append(f"{self.present} already saved")
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        return ", ".join(parts)

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict of this report."""
        return {
            "saved": self.saved,
            "bytes": self.bytes,
            "present": self.present,
            "failed": [{"url": u, "reason": r} for u, r in self.failed],
            "skipped": [{"url": u, "reason": r} for u, r in self.skipped],
        }


async def save_images(
    library: Library,
    entry_id: str,
    *,
    client: httpx.AsyncClient | None = None,
    page_html: str | None = None,
    page_url: str | None = None,
    limits: ImageLimits = DEFAULT_IMAGE_LIMITS,
) -> ImageReport:
    """Download the content images of article *entry_id* and link its markdown to them.

    *page_html* and *page_url* (the page as fetched) give the sizes the page
    declared for its images, so tiny ones are skipped without a request. Uses
    *client* if given (left open), else one of its own. Never raises for a
    network, content or disk problem: they are in the report (and the log).
    """
    report = ImageReport()
    try:
        await _save(library, entry_id, report, client, page_html, page_url, limits)
    except Exception as exc:  # noted, never fatal to the save it follows
        reason = str(exc) if isinstance(exc, ReaderError) else f"{type(exc).__name__}: {exc}"
        report.failed.append(("", reason))
        log.warning("images of %s: %s", entry_id, reason)
    for url, reason in report.failed:
        log.info("image not saved: %s: %s", url, reason)
    return report


async def _save(
    library: Library,
    entry_id: str,
    report: ImageReport,
    client: httpx.AsyncClient | None,
    page_html: str | None,
    page_url: str | None,
    limits: ImageLimits,
) -> None:
    entry = library.get(entry_id)
    markdown = library.markdown(entry.id)
    declared = declared_sizes(page_html, page_url or entry.url) if page_html else {}
    plan = _plan(library, entry, markdown, declared, page_url or entry.url, report, limits)
    if not plan:
        return
    folder = image_folder(library.root, entry.id)
    first = next_number(folder)
    jobs = [(url, first + i) for i, url in enumerate(plan)]
    from reader.images.download import download_images
    from reader.web.fetch import FetchLimits, make_client

    own = client is None
    http = client or make_client(
        FetchLimits(connect_timeout=limits.connect_timeout, read_timeout=limits.read_timeout)
    )
    try:
        outcomes = await download_images(jobs, folder, client=http, limits=limits)
    finally:
        if own:
            await http.aclose()
    targets: dict[str, tuple[str, str]] = {}
    written = []
    for outcome in outcomes:
        if outcome.name is not None:
            written.append(folder / outcome.name)
            report.saved += 1
            report.bytes += outcome.size
            for src in plan[outcome.url]:
                targets[src] = (local_src(entry.id, outcome.name), outcome.url)
        elif outcome.skipped is not None:
            report.skipped.append((outcome.url, outcome.skipped))
        else:
            report.failed.append((outcome.url, outcome.failed or "not saved"))
    if not targets:
        return
    try:
        report.entry = library.rewrite_markdown(entry.id, lambda text: relink(text, targets))
    except ReaderError:
        for path in written:  # the article went away meanwhile: keep no orphans
            path.unlink(missing_ok=True)
        report.saved, report.bytes = 0, 0
        raise


def _plan(
    library: Library,
    entry: Entry,
    markdown: str,
    declared: dict[str, tuple[int | None, int | None]],
    page_url: str,
    report: ImageReport,
    limits: ImageLimits,
) -> dict[str, list[str]]:
    """The images to download: each URL with the srcs (as written) that will link to it."""
    plan: dict[str, list[str]] = {}
    present: set[str] = set()
    judged: set[str] = set()
    for ref in find_images(markdown):
        url = ref.src
        local = parse_local_src(ref.src)
        if local is not None:
            if local[0] != entry.id:
                continue  # another article's image: not ours to manage
            if local_image_path(library.root, entry.id, ref.src) is not None:
                present.add(ref.src)
                continue
            url = ref.original or ""  # the file is gone: fetch it again from its original
            if not url:
                report.failed.append((ref.src, "the file is missing and no original is known"))
                continue
        if not url.lower().startswith(("http://", "https://", "data:")):
            continue  # a relative link someone wrote by hand: leave it be
        if url in plan:
            plan[url].append(ref.src)
            continue
        if url in judged:
            continue
        judged.add(url)
        reason = skip_reason(url, page_url, declared.get(url_key(url)), limits.min_side)
        if reason is not None:
            report.skipped.append((url[:200], reason))
            continue
        plan[url] = [ref.src]
    report.present = len(present)
    room = max(0, limits.max_images - report.present)
    for url in list(plan)[room:]:
        report.skipped.append((url, f"over the limit of {limits.max_images} images"))
        del plan[url]
    return plan
