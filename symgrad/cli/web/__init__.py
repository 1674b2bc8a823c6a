"""``symgrad serve``: the tutor as a local web app (the optional ``web`` extra: Flask and waitress).

Pages (:mod:`symgrad.cli.web.app`): the walkthrough with a live preview of how the input is
read, descent with several methods side by side and their paths over the contour lines,
and the exercise bank with a check form. Every computation runs in a killable worker
process under the request's time limit (:mod:`symgrad.cli.web.pool`); the tasks themselves
are :mod:`symgrad.cli.web.tasks`. Nothing is fetched from elsewhere: the page works offline.

It is part of the command line (started only by ``symgrad serve``), the front end above
every stage: like the commands it may use :mod:`symgrad.render` (the results' HTML, the
SVG picture), and nothing below imports it.
"""

from __future__ import annotations

import importlib.util
import signal
import sys
import threading

from symgrad.errors import SymgradError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
THREADS = 48
"""Requests served at once (each mostly waits on its worker); more wait in waitress's queue."""


def require_web() -> None:
    """One clear line naming the extra to install when Flask or waitress is missing."""
    missing = [name for name in ("flask", "waitress") if importlib.util.find_spec(name) is None]
    if missing:
        raise SymgradError.from_phrase("serve.error.missing", packages=", ".join(missing))


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *, workers: int | None = None,
          seconds: float = 10.0, lang: str = "en", announce=print) -> None:
    """Serve the app on ``host``:``port`` until interrupted (``port`` 0: any free port)."""
    require_web()
    import waitress

    from symgrad.phrases import phrase
    from symgrad.cli.web.app import MAX_REQUEST_BYTES, create_app
    from symgrad.cli.web.pool import WorkerPool

    pool = WorkerPool(workers)
    try:
        try:
            server = waitress.create_server(
                create_app(pool, seconds), host=host, port=port, threads=THREADS, ident="symgrad",
                # waitress buffers up to 1 MiB (past that it refuses in its own words); the app
                # refuses past MAX_REQUEST_BYTES, in the page's language
                max_request_body_size=max(MAX_REQUEST_BYTES * 16, 1024 * 1024), max_request_header_size=64 * 1024,
                connection_limit=512, channel_timeout=30, clear_untrusted_proxy_headers=True)
        except OSError as error:
            raise SymgradError.from_phrase("serve.error.port_in_use", host=host, port=port,
                                           reason=error.strerror or error) from None
        announce(phrase("serve.started", lang, host=host, port=server.effective_port, workers=pool.size,
                        seconds=f"{seconds:g}"))
        sys.stdout.flush()
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(0))
        try:
            server.run()
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            server.close()
    finally:
        pool.close()
