"""Time reader.extract against plain readability-lxml on the same pages.

    python benchmarks/extract_speed.py                      # tests/data/pages/*.html
    python benchmarks/extract_speed.py DIR                  # DIR/*.html and DIR/*.html.gz
    python benchmarks/extract_speed.py a.html b.html.gz     # these files
    python benchmarks/extract_speed.py DIR --repeat 3 --quiet

Both extractors run on each page in the same process, interleaved (reader,
then readability, then reader again...), so that machine noise hits both
alike. Each time is the best of --repeat runs. Prints one line per page, then
the medians and their ratio reader / readability (the goal: at most 1.5), the
means, and reader's slowest page (the goal: none over 1 s).

reader's time includes everything `extract` does: readability-lxml and
trafilatura both read the page, the fuller reading wins, and it is cleaned and
rendered as markdown and text.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lxml import html as lxml_html  # noqa: E402
from readability import Document  # noqa: E402

from reader.errors import ExtractError  # noqa: E402
from reader.extract import extract  # noqa: E402

DEFAULT_PAGES = ROOT / "tests" / "data" / "pages"


def find_pages(args: list[str]) -> list[Path]:
    """The HTML files named by *args* (files or folders), or the test pages."""
    targets = [Path(a) for a in args] or [DEFAULT_PAGES]
    pages: list[Path] = []
    for target in targets:
        if target.is_dir():
            pages += sorted(p for p in target.iterdir() if p.name.endswith((".html", ".html.gz")))
        else:
            pages.append(target)
    return pages


def read_page(path: Path) -> bytes:
    """The bytes of *path*, decompressed if it ends in .gz."""
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def run_reader(html: bytes) -> None:
    """reader's whole extraction (article, metadata, markdown and text)."""
    with contextlib.suppress(ExtractError):
        extract(html)


def run_readability(html: bytes) -> None:
    """Plain readability-lxml, as score.py runs it."""
    # Plain readability raises on some pages; time it all the same.
    with contextlib.suppress(Exception):
        lxml_html.fromstring(Document(html).summary(html_partial=True)).text_content()


def best_time(fn: Callable[[bytes], None], html: bytes, repeat: int) -> float:
    """Fastest of *repeat* runs of fn(html), in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn(html)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="HTML files or folders (default: test pages)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per page; the best counts")
    parser.add_argument("--quiet", action="store_true", help="print only the totals")
    args = parser.parse_args(argv)

    pages = find_pages(args.paths)
    if not pages:
        print("no pages found", file=sys.stderr)
        return 1
    ours_times: list[float] = []
    theirs_times: list[float] = []
    if not args.quiet:
        print(f"{'page':<40} {'reader ms':>10} {'readability ms':>15} {'ratio':>6}")
    for path in pages:
        html = read_page(path)
        ours = best_time(run_reader, html, args.repeat)
        theirs = best_time(run_readability, html, args.repeat)
        ours_times.append(ours)
        theirs_times.append(theirs)
        if not args.quiet:
            ratio = ours / theirs if theirs else float("nan")
            print(f"{path.name[:40]:<40} {ours * 1000:10.1f} {theirs * 1000:15.1f} {ratio:6.2f}")
    n = len(pages)
    ours_median = statistics.median(ours_times)
    theirs_median = statistics.median(theirs_times)
    slowest = max(range(n), key=ours_times.__getitem__)
    print(
        f"{n} pages, median: reader {ours_median * 1000:.1f} ms/page, "
        f"readability-lxml {theirs_median * 1000:.1f} ms/page, "
        f"ratio {ours_median / theirs_median:.2f}"
    )
    print(
        f"mean: reader {sum(ours_times) * 1000 / n:.1f} ms/page, "
        f"readability-lxml {sum(theirs_times) * 1000 / n:.1f} ms/page, "
        f"ratio {sum(ours_times) / sum(theirs_times):.2f}"
    )
    print(f"slowest for reader: {pages[slowest].name} {ours_times[slowest] * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
