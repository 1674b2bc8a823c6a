"""``symgrad serve`` on the command line: one clear line (exit 2) when the web extra is
missing or the port is taken; listed by ``--help`` without importing the web app."""

from __future__ import annotations

import socket

from click.testing import CliRunner

import symgrad.cli.web
from symgrad.cli import main
from symgrad.phrases import phrase


def test_help_lists_serve():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0 and "serve" in result.output


def test_a_missing_web_extra_is_one_line_naming_the_install(monkeypatch):
    real = symgrad.cli.web.importlib.util.find_spec
    monkeypatch.setattr(symgrad.cli.web.importlib.util, "find_spec",
                        lambda name, *rest: None if name == "waitress" else real(name, *rest))
    for lang in ("en", "ko"):
        result = CliRunner().invoke(main, ["serve", "--lang", lang])
        assert result.exit_code == 2
        assert result.output == f"error: {phrase('serve.error.missing', lang, packages='waitress')}\n"
        assert "pip install 'symgrad[web]'" in result.output


def test_a_port_in_use_is_one_line():
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        result = CliRunner().invoke(main, ["serve", "--port", str(port), "--workers", "1", "--lang", "en"])
    finally:
        taken.close()
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: cannot listen on 127.0.0.1:{port} (")
