"""Ctrl-C and the time limit stop `reader add` and `reader import` at once, losing nothing.

Each test runs the real command in a subprocess against servers on 127.0.0.1
that stall: a page that drips a byte every half second, and a host name whose
lookup hangs (a ``sitecustomize`` on the child's path makes ``getaddrinfo``
sleep for it; a lookup blocks in a thread and was what held the command up).
SIGINT is sent only once the child is known to be stuck (the server saw the
request, the lookup wrote its marker); the bound asserted is how long the
child may take to end after that, which the brief for this change asks for.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.articles import article_page
from tests.support.http_server import TestServer, serve

STALLED_HOST = "stalled-lookup.test"
#: Seconds a stopped command may take to end (the issue asks for "a second or two").
STOP_BOUND = 3.0
#: Seconds a command may run past its time limit (interpreter exit on a busy machine).
DEADLINE_SLACK = 1.5


@pytest.fixture
def server() -> Iterator[TestServer]:
    with serve() as running:
        yield running


@pytest.fixture
def stalled_lookups(tmp_path: Path) -> Path:
    """A folder with a sitecustomize that hangs lookups of `STALLED_HOST` for 60 s,
    touching ``<folder>/looking-up`` when one starts."""
    folder = tmp_path / "site"
    folder.mkdir()
    marker = folder / "looking-up"
    (folder / "sitecustomize.py").write_text(
        textwrap.dedent(
            f"""
            import socket, time
            _real = socket.getaddrinfo
            def _getaddrinfo(host, *args, **kwargs):
                if host in ({STALLED_HOST!r}, {STALLED_HOST.encode()!r}):
                    open({str(marker)!r}, "w").close()
                    time.sleep(60)
                return _real(host, *args, **kwargs)
            socket.getaddrinfo = _getaddrinfo
            """
        )
    )
    return folder


def dripping(server: TestServer, path: str = "/drip") -> str:
    """A page whose body comes one byte every 0.5 s, for an hour."""
    return server.route(
        path,
        headers={"Content-Type": "text/html"},
        chunks=[b"<html><body><p>"] + [b"x"] * 7200,
        chunk_delay=0.5,
    )


def start(
    data: Path,
    *args: str,
    site: Path | None = None,
    env: dict[str, str] | None = None,
    own_group: bool = False,
) -> subprocess.Popen[str]:
    environment = {**os.environ, **(env or {})}
    environment.pop("READER_DEBUG", None)
    if site is not None:
        environment["PYTHONPATH"] = os.pathsep.join([str(site), environment.get("PYTHONPATH", "")])
    return subprocess.Popen(
        [sys.executable, "-m", "reader", "--data-dir", str(data), *args],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=own_group,
    )


def reader(data: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 30.0) -> None:
    until = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < until, f"never happened: {what}"
        time.sleep(0.05)


def interrupt(child: subprocess.Popen[str], *, group: bool = False) -> tuple[int, str, str]:
    """SIGINT *child* (with *group*, its whole process group, as a terminal's Ctrl-C
    does); its exit status and output, if it ends within `STOP_BOUND` s."""
    if group:
        os.killpg(child.pid, signal.SIGINT)
    else:
        child.send_signal(signal.SIGINT)
    try:
        out, err = child.communicate(timeout=STOP_BOUND)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        pytest.fail(f"still running {STOP_BOUND} s after Ctrl-C")
    return child.returncode, out, err


def requested(server: TestServer, path: str) -> Callable[[], bool]:
    return lambda: any(r.path == path for r in server.requests)


def saved_articles(data: Path) -> int:
    return len(list((data / "articles").glob("*.md")))


def assert_one_stopped_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines and lines[-1].startswith("reader: stopped: "), err
    assert sum(line.startswith("reader: stopped") for line in lines) == 1, err
    return lines[-1]


# --- Ctrl-C ---------------------------------------------------------------------------


def test_ctrl_c_stops_add_during_a_dripping_page_and_keeps_what_it_saved(
    server: TestServer, tmp_path: Path
) -> None:
    data = tmp_path / "lib"
    good = server.html("/good", article_page("The page that came"))
    child = start(data, "add", good, dripping(server))
    wait_for(lambda: requested(server, "/drip")() and saved_articles(data) == 1, "a save")
    code, out, err = interrupt(child)
    assert code == 130
    line = assert_one_stopped_line(err)
    assert line == "reader: stopped: saved 1 of 2 URLs; 1 not saved (add them again)"
    assert "The page that came" in out
    assert "The page that came" in reader(data, "list")


def test_ctrl_c_stops_add_during_a_dns_lookup_that_hangs(
    server: TestServer, tmp_path: Path, stalled_lookups: Path
) -> None:
    data = tmp_path / "lib"
    good = server.html("/good", article_page("Saved before the lookup"))
    child = start(data, "add", good, f"http://{STALLED_HOST}/page", site=stalled_lookups)
    wait_for(lambda: (stalled_lookups / "looking-up").exists(), "the lookup")
    wait_for(lambda: saved_articles(data) == 1, "the first save")
    code, out, err = interrupt(child)
    assert code == 130
    assert assert_one_stopped_line(err).startswith("reader: stopped: saved 1 of 2 URLs")
    assert "Saved before the lookup" in out
    assert "Saved before the lookup" in reader(data, "list")


def test_ctrl_c_stops_import_and_keeps_the_rest_queued(
    server: TestServer, tmp_path: Path, stalled_lookups: Path
) -> None:
    data = tmp_path / "lib"
    urls = [
        server.html("/good", article_page("Imported and fetched")),
        dripping(server, "/drip-1"),
        dripping(server, "/drip-2"),
        f"http://{STALLED_HOST}/page",
    ]
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(urls) + "\n")
    child = start(data, "import", str(listing), "--concurrency", "3", site=stalled_lookups)
    wait_for(lambda: (stalled_lookups / "looking-up").exists(), "the lookup")
    wait_for(requested(server, "/drip-1"), "the dripping page")
    wait_for(lambda: "Imported and fetched" in reader(data, "list"), "the good page")
    code, _, err = interrupt(child)
    assert code == 130
    line = assert_one_stopped_line(err)
    assert "3 entries still queued: 'reader import --resume' goes on" in line
    queue = json.loads(reader(data, "queue", "--json"))
    assert sorted(item["url"] for item in queue["pending"]) == sorted(urls[1:])
    assert queue["failed"] == []


def test_ctrl_c_from_a_terminal_stops_an_import_with_extraction_processes(
    server: TestServer, tmp_path: Path
) -> None:
    # Enough entries for the queue to extract in worker processes; the terminal's
    # SIGINT reaches them too, and they must leave it to the parent, silently. (On
    # Python 3.11 forked workers inherit asyncio's handler and stay quiet anyway; from
    # 3.12 on they start clean and printed a KeyboardInterrupt traceback each.)
    data = tmp_path / "lib"
    urls = [server.html("/good", article_page("Fetched before Ctrl-C"))]
    urls += [dripping(server, f"/drip-{n}") for n in range(19)]
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(urls) + "\n")
    child = start(data, "import", str(listing), own_group=True)
    wait_for(requested(server, "/drip-0"), "the dripping pages")
    wait_for(lambda: "Fetched before Ctrl-C" in reader(data, "list"), "the good page")
    code, _, err = interrupt(child, group=True)
    assert code == 130
    assert "19 entries still queued" in assert_one_stopped_line(err)
    assert len(json.loads(reader(data, "queue", "--json"))["pending"]) == 19


# --- the time limit -------------------------------------------------------------------


@pytest.mark.parametrize("stall", ["drip", "lookup"])
def test_add_ends_within_its_time_limit_start_up_included(
    server: TestServer, tmp_path: Path, stalled_lookups: Path, stall: str
) -> None:
    url = dripping(server) if stall == "drip" else f"http://{STALLED_HOST}/page"
    limit = 3.0
    began = time.monotonic()
    child = start(
        tmp_path / "lib",
        "add",
        url,
        site=stalled_lookups,
        env={"READER_FETCH_DEADLINE": str(limit)},
    )
    try:
        out, err = child.communicate(timeout=limit + DEADLINE_SLACK - (time.monotonic() - began))
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        pytest.fail(f"reader add ran past {limit} + {DEADLINE_SLACK} s")
    assert child.returncode == 1 and out == ""
    assert err == f"reader: error: {url}: timed out after 3 s (reader add's time limit): {url}\n"


def test_a_bad_time_limit_is_one_clear_line(tmp_path: Path) -> None:
    child = start(
        tmp_path / "lib", "add", "http://127.0.0.1:9/", env={"READER_FETCH_DEADLINE": "soon"}
    )
    _, err = child.communicate(timeout=30)
    assert child.returncode == 1
    assert err == (
        "reader: error: READER_FETCH_DEADLINE must be a number of seconds above 0, not 'soon'\n"
    )


# --- the parts ------------------------------------------------------------------------


def test_daemon_threads_do_not_hold_up_shutdown() -> None:
    import threading

    from reader.web.loop import DaemonThreads

    release = threading.Event()
    pool = DaemonThreads(2, grace=0.1)
    stuck = pool.submit(release.wait)
    assert pool.submit(lambda: 42).result(timeout=5) == 42
    pool.shutdown(wait=True)  # returns after the grace period, the stuck call left running
    assert not stuck.done()
    assert all(thread.daemon for thread in threading.enumerate() if "reader-worker" in thread.name)
    release.set()
    assert stuck.result(timeout=5) is True
    with pytest.raises(RuntimeError):
        pool.submit(lambda: 1)


def test_the_command_clock_counts_from_the_process_start() -> None:
    from reader.cli.clock import command_started, process_started

    now = time.monotonic()
    started = process_started()
    if started is not None:  # Linux
        assert started <= now
    assert command_started(now - 1.0, own_process=False) >= now
    assert command_started(now - 3600, own_process=True) >= now - 60  # not believed
