"""Benchmark: ``reader highlights --json`` over a library of N articles, K highlights each.

    .venv/bin/python benchmarks/highlights_listing.py [N] [K]     (defaults: 300 and 5)

Listing every highlight places each one in its article's current text, so that
orphans are marked (reading each article with highlights once). The benchmark
prints that listing's time next to the index-only part of it (the query the
listing starts from) and ``reader list --json`` of the same library, and their ratios.
"""

from __future__ import annotations

import contextlib
import io
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.cli import main  # noqa: E402
from reader.highlights.indexing import list_quotes  # noqa: E402
from reader.library import Library  # noqa: E402
from reader.library.highlighting import add_highlight  # noqa: E402
from reader.models import Article  # noqa: E402

WORDS = "river town mill bridge reader quiet morning paper lamp harbour stone garden".split()


def build(root: Path, articles: int, per_article: int) -> None:
    """A library of *articles* of about 1,500 words, each with *per_article* highlights."""
    rng = random.Random(1)
    with Library(root) as library:
        for i in range(articles):
            paragraphs = [
                " ".join(rng.choice(WORDS) for _ in range(120)) + f" part{i}x{j}."
                for j in range(12)
            ]
            body = "\n\n".join(paragraphs)
            article = Article(
                title=f"Article {i}", markdown=body, text=body, url=f"https://example.com/{i}"
            )
            entry = library.save_article(article).entry
            for j in range(per_article):
                add_highlight(library, entry.id, " ".join(paragraphs[j].split()[-6:]))


def timed(argv: list[str]) -> float:
    """Seconds `reader ARGV` takes in this process (the best of three)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            main(argv)
        best = min(best, time.perf_counter() - start)
    return best


def run(articles: int, per_article: int) -> None:
    """Build the library, time the listings, print the numbers."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "library"
        build(root, articles, per_article)
        listing = timed(["--data-dir", str(root), "highlights", "--json"])
        entries = timed(["--data-dir", str(root), "list", "--json"])
        with Library(root) as library:
            start = time.perf_counter()
            rows = list_quotes(library.index)
            query = time.perf_counter() - start
        print(f"{len(rows)} highlights in {articles} articles")
        print(
            f"reader highlights --json  {listing:.3f} s  ({listing / len(rows) * 1000:.2f} ms each)"
        )
        print(f"the index query alone     {query:.3f} s  (ratio {listing / query:.0f}x)")
        print(f"reader list --json        {entries:.3f} s  (ratio {listing / entries:.1f}x)")


if __name__ == "__main__":
    run(
        int(sys.argv[1]) if len(sys.argv) > 1 else 300,
        int(sys.argv[2]) if len(sys.argv) > 2 else 5,
    )
