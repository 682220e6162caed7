"""Benchmark: import N links and fetch them all from a local server of real-sized pages.

    .venv/bin/python benchmarks/import_bench.py [N] [--images] [--bracket]   (N: 1000)

A server in a child process on 127.0.0.1 serves N article pages of about
50-150 KB of realistic HTML (navigation, sidebars, scripts, comments around the
article). The benchmark imports a list of their URLs into a new library and runs
the fetch queue with its defaults, as ``reader import`` does. It prints the wall
time next to the limit set by extraction itself, measured in the same run on the
same cores: the wall time of extracting the same pages in as many worker
processes, with no I/O, right after the import (``--bracket``: before it too, the
limit being the mean), so a machine shared with other jobs slows the limit as it
slows the import. It also prints the peak memory at N/4, N/2 and N, which should
stay flat.

Images are left out unless ``--images`` is given (``reader import`` saves them):
the pages' images are not served, so each one is a quick 404, which measures the
extra requests but not image bytes.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.extract import extract  # noqa: E402
from reader.importers import parse_import  # noqa: E402
from reader.importers.apply import import_records  # noqa: E402
from reader.importers.queue import QueueProgress, run_queue  # noqa: E402
from reader.library import Library  # noqa: E402

WORDS = (
    "the committee met on tuesday to discuss proposal which had been delayed twice since "
    "spring because of objections from several member states according people familiar "
    "with talks final text keeps original targets but gives national governments three "
    "more years meet them critics said compromise weakens plan while supporters argued "
    "that without it there would have no agreement at all before end year vote expected "
    "next month after lawyers checked translations into each official languages energy "
    "prices households industry climate budget transport cities rivers farmers schools"
).split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 24))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 7)))


def make_page(number: int) -> bytes:
    """A deterministic article page of roughly 50-150 KB, shaped like a news site's."""
    rng = random.Random(number)
    target = rng.randint(50_000, 150_000)
    title = _sentence(rng)[:70].rstrip(".")
    nav = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(40))
    script = "<script>window.dataLayer=[" + ",".join(f'{{"k{i}":{i}}}' for i in range(300)) + "]"
    script += ";</script>"
    style = "<style>" + "".join(f".c{i}{{margin:{i}px;padding:{i % 7}px}}" for i in range(400))
    style += "</style>"
    sidebar = "".join(
        f'<li><a href="/story/{rng.randint(1, 10**6)}">{_sentence(rng)}</a></li>' for _ in range(25)
    )
    head = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} | '
        f'The Bench Times</title><meta property="og:title" content="{title}">'
        f'<meta name="author" content="Jane Doe">{style}{script}</head><body>'
        f"<header><nav><ul>{nav}</ul></nav></header><main><article><h1>{title}</h1>"
        '<p class="byline">By Jane Doe</p>'
    )
    tail = (
        f'</article><aside class="related"><h2>Related</h2><ul>{sidebar}</ul></aside></main>'
        '<section class="comments">'
        + "".join(f'<div class="comment"><p>{_sentence(rng)}</p></div>' for _ in range(30))
        + "</section><footer><p>Copyright The Bench Times.</p></footer></body></html>"
    )
    body: list[str] = []
    size = len(head) + len(tail)
    while size < target:
        if rng.random() < 0.1:
            piece = f"<h2>{_sentence(rng)}</h2>"
        elif rng.random() < 0.05:
            piece = f'<figure><img src="/img/{rng.randint(1, 999)}.jpg" alt="photo"></figure>'
        else:
            piece = f"<p>{_paragraph(rng)}</p>"
        body.append(piece)
        size += len(piece)
    return (head + "".join(body) + tail).encode("utf-8")


def _serve(count: int, port_queue: multiprocessing.Queue[int], stop: object) -> None:
    """The child process: serve the pages on 127.0.0.1 until *stop* is set."""
    from tests.support.http_server import serve

    with serve() as server:
        for number in range(count):
            server.html(f"/article/{number}", make_page(number))
        port_queue.put(server.port)
        stop.wait()  # type: ignore[attr-defined]


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _children_peak_mb() -> float:
    """Peak RSS of the live worker processes (from /proc), summed."""
    total = 0
    for child in multiprocessing.active_children():
        try:
            status = Path(f"/proc/{child.pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                total += int(line.split()[1])
    return total / 1024


def extraction_seconds(count: int) -> float:
    """The sum of single-page extraction times, one page after another."""
    extract(make_page(0), "http://127.0.0.1/warm-up")
    total = 0.0
    for number in range(count):
        html = make_page(number).decode("utf-8")
        start = time.perf_counter()
        extract(html, f"http://127.0.0.1/article/{number}")
        total += time.perf_counter() - start
    return total


def _generate_and_extract(number: int) -> tuple[float, float]:
    """In a worker: make page *number*, extract it; the seconds each step took."""
    start = time.perf_counter()
    html = make_page(number).decode("utf-8")
    made = time.perf_counter()
    extract(html, f"http://127.0.0.1/article/{number}")
    return made - start, time.perf_counter() - made


def parallel_extraction_seconds(count: int, workers: int) -> float:
    """Wall time of extracting every page in *workers* processes, with no I/O at all.

    This is what the machine can do right now: on a loaded machine (other jobs
    running) it is well above ``serial / workers``.
    """
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
        list(pool.map(_generate_and_extract, range(workers)))  # start the workers
        start = time.perf_counter()
        timings = list(pool.map(_generate_and_extract, range(count), chunksize=4))
        wall = time.perf_counter() - start
    return wall - sum(made for made, _ in timings) / workers


def main(argv: list[str]) -> int:
    images = "--images" in argv
    bracket = "--bracket" in argv
    numbers = [a for a in argv[1:] if a not in ("--images", "--bracket")]
    count = int(numbers[0]) if numbers else 1000
    sizes = [len(make_page(n)) for n in range(min(count, 50))]
    print(
        f"pages: {count}, about {sum(sizes) / len(sizes) / 1024:.0f} KB each; "
        f"images {'on (each one a 404)' if images else 'off'}"
    )
    ctx = multiprocessing.get_context("fork")
    workers_planned = os.cpu_count() or 1
    before = parallel_extraction_seconds(count, workers_planned) if bracket else None
    port_queue: multiprocessing.Queue[int] = ctx.Queue()
    stop = ctx.Event()
    server = ctx.Process(target=_serve, args=(count, port_queue, stop))
    server.start()
    try:
        port = port_queue.get(timeout=600)
        # The import runs first, so the peak memory it reports is its own.
        with tempfile.TemporaryDirectory() as folder:
            wall, report, marks = _run(count, port, Path(folder), images)
    finally:
        stop.set()
        server.join(30)
    cores = os.cpu_count() or 1
    workers = cores if report.extractor == "process" else 1
    # The limit is measured, not assumed: extraction alone in as many processes as the
    # import used, on the same cores, right after it (and right before, with --bracket),
    # so a load from other jobs weighs on the limit as it weighed on the run.
    after = parallel_extraction_seconds(count, workers)
    limit = (before + after) / 2 if before is not None else after
    serial = extraction_seconds(count)
    print(f"saved {report.saved}/{report.total}, failed {len(report.failed)}")
    busy = report.extract_seconds / (report.elapsed * workers) if report.elapsed else 0.0
    print(
        f"extraction inside the run: {report.extract_seconds:.1f} s "
        f"({report.extract_seconds / count * 1000:.0f} ms a page; workers busy {busy:.0%})"
    )
    print(f"extraction, one page at a time: {serial:.1f} s ({serial / count * 1000:.0f} ms a page)")
    print(
        f"    (the sum / {workers}, which assumes {workers} idle cores: {serial / workers:.1f} s)"
    )
    shown = (
        f"{before:.1f} s before, {after:.1f} s after" if before is not None else f"{after:.1f} s"
    )
    print(
        f"limit: extraction alone in {workers} {report.extractor} workers, no I/O, in this run: "
        f"{shown} (load average {os.getloadavg()[0]:.1f})"
    )
    print(f"wall time: {wall:.1f} s = {wall / limit:.2f}x the limit (goal: within 1.3x)")
    for label, (main_mb, workers_mb) in marks.items():
        print(f"peak RSS at {label}: main {main_mb:.0f} MB, workers {workers_mb:.0f} MB")
    return 0 if report.saved == count else 1


def _run(
    count: int, port: int, folder: Path, images: bool
) -> tuple[float, object, dict[str, tuple[float, float]]]:
    urls = "\n".join(f"http://127.0.0.1:{port}/article/{n}" for n in range(count))
    checkpoints = {max(1, count // 4): "N/4", max(1, count // 2): "N/2", count: "N"}
    marks: dict[str, tuple[float, float]] = {}

    def progress(p: QueueProgress) -> None:
        label = checkpoints.get(p.done)
        if label and label not in marks:
            marks[label] = (_peak_rss_mb(), _children_peak_mb())

    start = time.perf_counter()
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    with Library(folder / "library") as library:
        import_records(library, parse_import(urls.encode(), "urls"))
        imported = time.perf_counter()
        report = asyncio.run(run_queue(library, images=images, on_progress=progress))
    wall = time.perf_counter() - start
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    print(
        f"CPU of the main process (fetching, saving, indexing): {cpu:.1f} s "
        f"({cpu / max(count, 1) * 1000:.1f} ms a page)"
    )
    print(
        f"adding {count} queued entries: {imported - start:.1f} s; fetching: {report.elapsed:.1f} s"
    )
    return wall, report, marks


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
