"""``leaflet serve`` put together: the server in a thread, the watch-and-build loop here.

The command line calls :func:`serve` with a builder (see :class:`.state.Builder`);
it returns when interrupted (Ctrl-C, or SIGTERM turned into it), after stopping the
server and the watcher and closing the builder.
"""

from __future__ import annotations

import threading
import webbrowser
from collections.abc import Callable

from ..project import Project
from . import watch
from .server import bind
from .state import Builder, State


def serve(
    project: Project,
    builder: Builder,
    port: int,
    said: watch.Say,
    open_browser: bool = False,
    announce: Callable[[str], None] | None = None,
) -> None:
    """Serve the previews of ``project`` on 127.0.0.1 and rebuild as files are saved.

    ``announce`` says the address (the one line a user cannot do without, said even when
    ``said`` keeps quiet); by default it goes to ``said``."""
    state = State()
    server = bind(port, project, builder, state, said)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.5}, name="leaflet-http"
    )
    thread.daemon = True
    thread.start()
    taken = f" (port {port} was taken)" if port and server.port != port else ""
    address = f"leaflet serve: {server.url}{taken} — stop with Ctrl-C"
    if announce is not None:
        announce(address)
    else:
        said(address, False)
    if open_browser:
        webbrowser.open(server.url)
    try:
        watch.run(builder, state, project, said)
    except KeyboardInterrupt:
        said("leaflet serve: stopped", False)
    finally:
        state.close()
        server.shutdown()
        server.server_close()
        thread.join(2)
        builder.close()
