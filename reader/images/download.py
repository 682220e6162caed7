"""Download a batch of images, politely and within bounds, and judge each one.

At most `ImageLimits.concurrency` images are fetched at once, and at most
`ImageLimits.per_host` from any one host. Each image is refused unless its
content type is an image type (or says nothing) and its bytes are a whole PNG,
JPEG, GIF, WebP or AVIF of sane dimensions; the article's images together stay
under `ImageLimits.max_total_bytes`. A failure is a reason, never an exception.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from reader.errors import FetchError
from reader.images.formats import BadImage, sniff_image
from reader.images.policy import ImageLimits, too_small
from reader.images.storage import write_image

if TYPE_CHECKING:
    import httpx

    from reader.web.fetch import FetchLimits

__all__ = ["ACCEPT", "Outcome", "download_images"]

#: The Accept header sent for images: only the kinds reader keeps.
ACCEPT = "image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.1"

_IMAGE_TYPES = frozenset(
    {
        "image/png",
        "image/x-png",
        "image/apng",
        "image/jpeg",
        "image/jpg",
        "image/pjpeg",
        "image/gif",
        "image/webp",
        "image/avif",
    }
)
_UNTYPED = frozenset({"", "application/octet-stream", "binary/octet-stream"})
_OVER_TOTAL = "the article's images reached their size limit"


@dataclass(frozen=True)
class Outcome:
    """What became of one image."""

    url: str
    """The address it was requested from."""
    name: str | None = None
    """The file it was saved as (in the article's image folder), if it was."""
    size: int = 0
    """Its size in bytes, if saved."""
    failed: str | None = None
    """Why it could not be saved (an error), if so."""
    skipped: str | None = None
    """Why it was not worth saving (too small), if so."""


class _Budget:
    """The bytes of images one article may still take."""

    def __init__(self, total: int) -> None:
        self.left = total

    def take(self, size: int) -> bool:
        if size > self.left:
            return False
        self.left -= size
        return True


class _Hosts:
    """A semaphore per host, so one server gets at most *per_host* requests at once."""

    def __init__(self, per_host: int) -> None:
        self._per_host = per_host
        self._slots: dict[str, asyncio.Semaphore] = {}

    @contextlib.asynccontextmanager
    async def slot(self, url: str) -> AsyncIterator[None]:
        host = (urlsplit(url).hostname or "").lower()
        semaphore = self._slots.setdefault(host, asyncio.Semaphore(self._per_host))
        async with semaphore:
            yield


async def download_images(
    jobs: list[tuple[str, int]],
    folder: Path,
    *,
    client: httpx.AsyncClient,
    limits: ImageLimits,
) -> list[Outcome]:
    """Fetch each ``(url, number)`` of *jobs* into *folder* as ``<number>.<ext>``.

    Returns one `Outcome` per job, in order. Images not finished within
    ``limits.article_timeout`` fail as timed out.
    """
    from reader.web.fetch import FetchLimits as Limits

    fetch_limits = Limits(
        max_bytes=limits.max_image_bytes,
        max_redirects=5,
        connect_timeout=limits.connect_timeout,
        read_timeout=limits.read_timeout,
        total_timeout=limits.image_timeout,
    )
    budget = _Budget(limits.max_total_bytes)
    hosts = _Hosts(max(1, limits.per_host))
    overall = asyncio.Semaphore(max(1, limits.concurrency))

    async def one(url: str, number: int) -> Outcome:
        async with overall, hosts.slot(url):
            return await _download_one(
                url,
                number,
                folder,
                client=client,
                limits=limits,
                fetch_limits=fetch_limits,
                budget=budget,
            )

    tasks = [asyncio.ensure_future(one(url, number)) for url, number in jobs]
    if not tasks:
        return []
    done, pending = await asyncio.wait(tasks, timeout=limits.article_timeout)
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.gather(*pending, return_exceptions=True)
    outcomes: list[Outcome] = []
    for task, (url, _) in zip(tasks, jobs, strict=True):
        if task in done and not task.cancelled() and task.exception() is None:
            outcomes.append(task.result())
        elif task in done and not task.cancelled():
            error = task.exception()
            outcomes.append(Outcome(url, failed=f"unexpected error: {type(error).__name__}"))
        else:
            seconds = f"{limits.article_timeout:g}"
            outcomes.append(Outcome(url, failed=f"timed out (all images get {seconds} s)"))
    return outcomes


async def _download_one(
    url: str,
    number: int,
    folder: Path,
    *,
    client: httpx.AsyncClient,
    limits: ImageLimits,
    fetch_limits: FetchLimits,
    budget: _Budget,
) -> Outcome:
    """Fetch, judge and keep one image."""
    from reader.web.fetch import fetch_bytes

    cap = min(limits.max_image_bytes, budget.left)
    if cap <= 0:
        return Outcome(url, failed=_OVER_TOTAL)
    try:
        download = await fetch_bytes(
            url, client=client, max_bytes=cap, accept=ACCEPT, limits=fetch_limits, what="the image"
        )
    except FetchError as exc:
        if cap < limits.max_image_bytes and " is too large " in str(exc):
            return Outcome(url, failed=_OVER_TOTAL)  # it only failed for lack of room left
        return Outcome(url, failed=str(exc))
    media = download.content_type
    if media == "image/svg+xml":
        return Outcome(url, failed="an SVG image (it can carry scripts)")
    if media not in _IMAGE_TYPES and media not in _UNTYPED:
        return Outcome(url, failed=f"not an image but {media}")
    try:
        info = sniff_image(download.body)
    except BadImage as exc:
        return Outcome(url, failed=str(exc))
    width, height = info.width, info.height
    if width == 0 or height == 0:
        return Outcome(url, failed="image without dimensions")
    if max(width, height) > limits.max_side or width * height > limits.max_pixels:
        return Outcome(url, failed=f"absurd dimensions ({width}x{height})")
    if too_small(width, height, limits.min_side):
        return Outcome(url, skipped=f"tiny ({width}x{height})")
    size = len(download.body)
    if not budget.take(size):
        return Outcome(url, failed=_OVER_TOTAL)
    try:
        name = await asyncio.to_thread(write_image, folder, number, info.extension, download.body)
    except Exception as exc:  # a full disk, a permission: noted, never fatal
        budget.left += size
        return Outcome(url, failed=f"could not write image {number}: {exc}")
    return Outcome(url, name=name, size=size)
