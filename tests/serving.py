"""Running ``leaflet serve`` for a test: a process of its own, on a free port."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

LEAFLET_BIN = Path(sys.executable).with_name("leaflet")
CHROMIUM = Path("/usr/bin/chromium")
#: How Chromium is started: headless, with nothing of its own on the network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Served:
    """A running ``leaflet serve``: its address, and what it printed so far."""

    url: str
    port: int
    process: subprocess.Popen[str]
    root: Path
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)

    def wait_for(self, pattern: str, timeout: float = 60, after: int = 0) -> str:
        """The first line printed (after the first ``after`` lines) that matches."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.out[after:]:
                if re.search(pattern, line):
                    return line
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(
            f"leaflet serve did not print {pattern!r}:\n" + "".join(self.out + self.err)
        )


def _read(stream: object, into: list[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.append(line)


@contextmanager
def serving(root: Path, port: int | None = None, quiet: bool = False) -> Iterator[Served]:
    """``leaflet serve`` in the project at ``root`` (with ``-q`` when ``quiet``: only
    the address is printed, and the first build is not waited for), stopped (by
    SIGTERM) on leaving."""
    env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    asked = port if port is not None else free_port()
    command = [str(LEAFLET_BIN), *(["-q"] if quiet else []), "--project", str(root), "serve"]
    process = subprocess.Popen(
        [*command, "--port", str(asked), "--no-open"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    out: list[str] = []
    err: list[str] = []
    readers = [
        threading.Thread(target=_read, args=(process.stdout, out), daemon=True),
        threading.Thread(target=_read, args=(process.stderr, err), daemon=True),
    ]
    for reader in readers:
        reader.start()
    try:
        served = Served("", 0, process, root, out, err)
        line = served.wait_for(r"^leaflet serve: http://", timeout=30)
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        served.url, served.port = match[0], int(match[1])
        if not quiet:
            served.wait_for(r"built |up to date|to fix", timeout=120)  # the first build
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        for reader in readers:
            reader.join(5)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
