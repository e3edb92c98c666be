"""The web server of ``leaflet serve``: 127.0.0.1 only, reading, never writing.

What it answers (GET and HEAD; any other method is refused):

* ``/`` every leaflet and its languages; ``/leaflet/<id>/<lang>/`` one edition's pages
  (``?beside=<lang>`` puts another language beside them; ``?ui=da`` or ``?ui=en``
  chooses the language of the page);
* ``/files/<path>`` a file of the project's outputs: only a PDF or PNG that the
  manifest lists, inside dist/ once every link is followed. Anything else (``..``,
  ``%2e%2e``, an absolute path, a link that leads out) is "404 not found";
* ``/static/serve.css``, ``serve.js`` and ``icon.svg``: the page's style, script and icon;
* ``/events`` server-sent events: ``building`` when a build starts, ``built`` when
  it is done, a comment every 20 seconds to keep the line open.

A request must name the server by its own address (127.0.0.1 or localhost and the
port): a page elsewhere on the web cannot read these pages through a name of its own.
"""

from __future__ import annotations

import errno
import json
import re
import sys
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from .. import files
from ..errors import LeafletError, shown
from ..project import Project
from . import words
from .pages import Pages, what_words
from .state import Builder, State

HOST = "127.0.0.1"
#: How many ports after the one asked for are tried when it is taken.
PORT_TRIES = 50
#: Seconds between the comments that keep an event stream open.
KEEPALIVE_S = 20.0

_STATIC = {
    "serve.css": "text/css; charset=utf-8",
    "serve.js": "text/javascript; charset=utf-8",
    "icon.svg": "image/svg+xml",
}
_FILE_TYPES = {".pdf": "application/pdf", ".png": "image/png"}
_EDITION = re.compile(r"^/leaflet/([^/]+)/([^/]+)(/?)$")
_HTML_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


class PreviewServer(ThreadingHTTPServer):
    """One project's preview server; its handler reads everything from here."""

    daemon_threads = True
    #: Connections the system keeps waiting to be answered: a browser opening a page of
    #: spreads asks for dozens of pictures at once (the standard library's 5 dropped
    #: requests of a page with many languages).
    request_queue_size = 1024

    def __init__(
        self,
        port: int,
        project: Project,
        builder: Builder,
        state: State,
        said: Callable[[str, bool], None] | None = None,
    ) -> None:
        super().__init__((HOST, port), _Handler)
        self.project = project
        self.builder = builder
        self.state = state
        self.pages = Pages(project, builder)
        self.said = said

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One plain line, never a trace: a browser that closes a connection before its
        answer is sent (a page reloaded, a picture no longer wanted) is no problem."""
        error = sys.exc_info()[1]
        clock = time.strftime("%H:%M:%S")
        if isinstance(error, ConnectionError | TimeoutError):
            line = (
                f"{clock} a browser closed a connection before its answer was sent "
                f"({type(error).__name__}) — nothing to do"
            )
            problem = False
        else:
            line = (
                f"{clock} leaflet serve could not answer a request ({type(error).__name__}: "
                f"{shown(str(error))}) — this is a bug in leaflet; please report it"
            )
            problem = True
        if self.said is not None:
            self.said(line, problem)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"


def bind(
    port: int,
    project: Project,
    builder: Builder,
    state: State,
    said: Callable[[str, bool], None] | None = None,
) -> PreviewServer:
    """A server on ``port``, or on the next free port after it."""
    last = min(port + PORT_TRIES, 65536) if port else 1
    for candidate in range(port, last):
        try:
            return PreviewServer(candidate, project, builder, state, said)
        except OSError as exc:
            if exc.errno not in (errno.EADDRINUSE, errno.EACCES):
                raise
    raise LeafletError(
        f"ports {port}–{last - 1} on {HOST} are all in use — stop the program that uses them, "
        "or choose another port with --port"
    )


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "leaflet-serve"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows what was built, not every picture loaded."""

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        if not self._our_host():
            self._send(HTTPStatus.MISDIRECTED_REQUEST, b"not this server\n", "text/plain", body)
            return
        url = urlsplit(self.path)
        query = {key: values[-1] for key, values in parse_qs(url.query).items()}
        asked = query.get("ui") if query.get("ui") in words.UI_LANGUAGES else None
        ui = words.choose(self.headers.get("Accept-Language"), asked)
        path = url.path
        pages = self.server.pages
        now = self.server.state.snapshot()
        if path == "/":
            self._html(pages.index(now, ui, asked), body)
        elif path == "/events":
            self._events()
        elif path.startswith("/static/"):
            self._static(path.removeprefix("/static/"), body)
        elif path.startswith("/files/"):
            self._file(path.removeprefix("/files/"), query.get("v"), body, ui, asked)
        elif match := _EDITION.match(path):
            leaflet, lang = unquote(match[1]), unquote(match[2])
            if not match[3]:  # /leaflet/x/da → /leaflet/x/da/
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", path + "/" + (f"?{url.query}" if url.query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            page = pages.edition(leaflet, lang, query.get("beside"), now, ui, asked)
            if page is None:
                self._not_found(body, ui, asked)
            else:
                self._html(page, body)
        else:
            self._not_found(body, ui, asked)

    def _our_host(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower()
        port = self.server.port
        return host in (f"{HOST}:{port}", f"localhost:{port}")

    # --- answers ------------------------------------------------------------------------

    def _send(
        self,
        status: HTTPStatus,
        data: bytes,
        content_type: str,
        body: bool,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _html(self, page: str, body: bool, status: HTTPStatus = HTTPStatus.OK) -> None:
        data = page.encode("utf-8")
        self._send(status, data, "text/html; charset=utf-8", body, _HTML_HEADERS)

    def _not_found(self, body: bool, ui: str, asked: str | None) -> None:
        now = self.server.state.snapshot()
        self._html(self.server.pages.not_found(now, ui, asked), body, HTTPStatus.NOT_FOUND)

    def _static(self, name: str, body: bool) -> None:
        if name not in _STATIC:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain", body)
            return
        data = resources.files("leaflet.serve").joinpath("static", name).read_bytes()
        headers = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
        self._send(HTTPStatus.OK, data, _STATIC[name], body, headers)

    def _file(self, raw: str, version: str | None, body: bool, ui: str, asked: str | None) -> None:
        found = self._output(raw)
        if found is None:
            self._not_found(body, ui, asked)
            return
        path, sha256 = found
        if self.headers.get("If-None-Match") == f'"{sha256}"':
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", f'"{sha256}"')
            self.end_headers()
            return
        try:
            data = files.read_bytes(path)
        except OSError:
            self._not_found(body, ui, asked)
            return
        cache = "max-age=86400, immutable" if version == sha256[:12] else "no-cache"
        headers = {
            "ETag": f'"{sha256}"',
            "Cache-Control": cache,
            "X-Content-Type-Options": "nosniff",
            "Content-Disposition": f'inline; filename="{path.name}"',
        }
        self._send(HTTPStatus.OK, data, _FILE_TYPES[path.suffix], body, headers)

    def _output(self, raw: str) -> tuple[Path, str] | None:
        """The file of dist/ that ``raw`` (still percent-encoded) names, and its checksum.

        Only a relative path of plain names, listed in the manifest as a PDF or PNG,
        and inside dist/ once links are followed; else None.
        """
        relative = unquote(raw)
        parts = relative.split("/")
        if (
            not relative
            or "\\" in relative
            or "\0" in relative
            or relative.startswith("/")
            or any(part in ("", ".", "..") for part in parts)
        ):
            return None
        listed = {entry.path: entry.sha256 for entry in self.server.builder.files()}
        if relative not in listed or Path(relative).suffix not in _FILE_TYPES:
            return None
        dist = self.server.project.dist.resolve()
        path = (dist / relative).resolve()
        if not path.is_relative_to(dist) or not path.is_file():
            return None
        return path, listed[relative]

    def _events(self) -> None:
        """Server-sent events, until the page closes or the server stops."""
        state = self.server.state
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        now = state.snapshot()
        try:
            self._event("built", {"generation": now.generation}, retry=2000)
            if now.building is not None:
                self._event("building", {"what": _what(now.building), "waiting": now.waiting})
            while not state.closed:
                new = state.wait(now.generation, now.building is not None, KEEPALIVE_S, now.waiting)
                if state.closed:
                    break
                if new is None:
                    self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
                    continue
                if new.building is not None and (
                    now.building is None or new.waiting != now.waiting
                ):
                    self._event("building", {"what": _what(new.building), "waiting": new.waiting})
                if new.generation != now.generation:
                    self._event("built", {"generation": new.generation})
                now = new
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            return

    def _event(self, name: str, data: dict[str, Any], retry: int | None = None) -> None:
        text = (f"retry: {retry}\n" if retry else "") + f"event: {name}\n"
        text += f"data: {json.dumps(data, ensure_ascii=False)}\n\n"
        self.wfile.write(text.encode("utf-8"))
        self.wfile.flush()


def _what(editions: tuple[tuple[str, str], ...]) -> str:
    return what_words(editions) or "…"
