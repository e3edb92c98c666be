"""``leaflet serve`` under a browser that closes connections, many requests at once, and
another build that holds dist/.

* A connection the browser drops before its answer is sent is one plain line on the
  terminal, never a Python trace.
* 200 requests at once on the loopback are all answered: the listen backlog holds
  them (read back with ``ss``, and seen in that no connection waits for a second
  attempt of its handshake).
* While another build (``leaflet build``) holds dist/, the terminal and the page say
  that it waits, and the wait is not counted as time spent building.
"""

from __future__ import annotations

import fcntl
import http.client
import os
import re
import shutil
import socket
import struct
import subprocess
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from helpers import LEAFLET, Leaflet
from serving import Served, serving

from leaflet.errors import Problem
from leaflet.project import Project
from leaflet.serve import watch
from leaflet.serve.state import State


@pytest.fixture(scope="module")
def site(built: Leaflet, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("serve-load") / "project"
    shutil.copytree(built.root, root)
    with serving(root) as served:
        yield served


def request(served: Served, path: str, connect_timeout: float = 10) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=connect_timeout)
    try:
        connection.connect()
        connection.sock.settimeout(120)  # answering may take a while; connecting may not
        connection.request("GET", path, headers={"Host": f"127.0.0.1:{served.port}"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_a_dropped_connection_is_one_plain_line(site: Served) -> None:
    pdf = f"/files/{LEAFLET}/da/{LEAFLET}-da.pdf"
    before = len(site.out) + len(site.err)
    for _ in range(20):
        with socket.create_connection(("127.0.0.1", site.port), timeout=10) as sock:
            sock.sendall(f"GET {pdf} HTTP/1.1\r\nHost: 127.0.0.1:{site.port}\r\n\r\n".encode())
            # close at once, with a reset: the answer has nowhere to go
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    assert request(site, "/") == 200  # and it goes on answering
    deadline = time.monotonic() + 30
    said: list[str] = []
    while time.monotonic() < deadline and not said:
        said = [line for line in site.out + site.err if "closed a connection" in line]
        time.sleep(0.1)
    printed = "".join(site.out + site.err)
    assert "Traceback" not in printed and "Exception" not in printed, printed
    assert said, printed
    assert all(re.match(r"^\d\d:\d\d:\d\d a browser closed a connection", s) for s in said)
    # a line of what happens, not a problem: on standard output (-q leaves it out)
    assert not [line for line in site.err if "closed a connection" in line], site.err
    assert len(site.out) + len(site.err) - before <= 20  # one line for each, at most


def test_two_hundred_requests_at_once(site: Served) -> None:
    ss = shutil.which("ss")
    if ss is not None:
        listening = subprocess.run(
            [ss, "-ltnH", f"sport = :{site.port}"], capture_output=True, text=True
        ).stdout.split()
        assert int(listening[2]) >= 200, listening  # Send-Q of a listening socket: its backlog
    start = threading.Barrier(200)
    results: list[Any] = []

    def one() -> None:
        start.wait()
        try:
            # a connection the backlog cannot hold waits a second for its handshake to be
            # tried again: connected at once, or dropped
            results.append(request(site, "/static/serve.css", connect_timeout=0.9))
        except OSError as exc:
            results.append(exc)

    threads = [threading.Thread(target=one) for _ in range(200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    assert results == [200] * 200, [r for r in results if r != 200][:5]


def test_a_build_waiting_for_another_says_so(site: Served) -> None:
    words = site.root / "content" / LEAFLET / "da" / "dialog.yaml"
    text = words.read_text(encoding="utf-8")
    holder = os.open(site.root, os.O_RDONLY)  # as another leaflet build holds dist/
    fcntl.flock(holder, fcntl.LOCK_EX)
    after = len(site.out)
    try:
        words.write_text(text + "\n# changed\n", encoding="utf-8")
        site.wait_for(r"waiting for it to finish", after=after)
        deadline = time.monotonic() + 30
        status = ""
        while time.monotonic() < deadline and "Waiting for another build" not in status:
            connection = http.client.HTTPConnection("127.0.0.1", site.port, timeout=10)
            connection.request("GET", "/?ui=en", headers={"Host": f"127.0.0.1:{site.port}"})
            page = connection.getresponse().read().decode()
            connection.close()
            # the status line itself (its data-waiting-words attribute is always there)
            found = re.search(r'<p class="status" id="status"[^>]*>([^<]*)</p>', page)
            status = found[1] if found else ""
        assert status.startswith("Waiting for another build of this project"), status
    finally:
        fcntl.flock(holder, fcntl.LOCK_UN)
        os.close(holder)
        words.write_text(text, encoding="utf-8")
    site.wait_for(r"built |up to date|to fix", after=after + 1, timeout=120)


def test_the_wait_is_not_counted_as_building(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a clock of its own: 100 s waiting, then 2 s building, is said as 2 s."""
    now = [1000.0]
    monkeypatch.setattr(watch.time, "perf_counter", lambda: now[0])
    said: list[str] = []

    class Outcome:
        problems: tuple[Problem, ...] = ()
        outputs: tuple[Any, ...] = ()

    class Builder:
        def build(self, editions: Any, waiting: Any = None, locked: Any = None) -> Outcome:
            waiting()
            now[0] += 100  # another build holds dist/
            locked()
            now[0] += 2  # this build
            return Outcome()

        def draw_sheets(self) -> Outcome:
            return Outcome()

    state = State()
    watch.build_and_tell(
        Builder(), state, Project(tmp_path), [], lambda line, err: said.append(line)
    )  # type: ignore[arg-type]
    assert state.snapshot().last_seconds == pytest.approx(2.0)
    assert any("waiting" in line for line in said), said
    assert state.snapshot().waiting is False
