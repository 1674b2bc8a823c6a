"""`symgrad serve`: the local web app (the ``web`` extra)."""

from __future__ import annotations

import click

from symgrad.cli import main
from symgrad.cli.options import lang_option


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (127.0.0.1: this computer only).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="The port to listen on (0: any free port, printed at start).")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Worker processes that compute (default: the number of cores, at least 4).")
@click.option("--time-limit", "time_limit_seconds", type=click.FloatRange(0.5, 120), default=10.0,
              show_default=True, help="Seconds one request may compute before it is stopped.")
@lang_option()
def serve_command(host, port, workers, time_limit_seconds, lang):
    """Serve the tutor as a web app in your browser (pip install 'symgrad[web]')."""
    import os

    from symgrad.phrases import default_language
    from symgrad.cli.web import serve

    serve(host, port, workers=workers or max(4, os.cpu_count() or 1), seconds=time_limit_seconds,
          lang=lang or default_language(), announce=click.echo)
