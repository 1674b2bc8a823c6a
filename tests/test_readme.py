"""The README stays true: its set-up commands are CI's, and its examples run as shown."""

from __future__ import annotations

import doctest
import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from symgrad.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"```(\w*)\n(.*?)```", re.S)
BLOCKS = [(kind, body) for kind, body in FENCE.findall(README)]
SETUP = ["pip install -e '.[test]'", "python -m pytest"]


def test_readme_opens_with_exactly_two_setup_commands():
    shell = [body.strip() for kind, body in BLOCKS if kind == "sh"]
    assert shell[:2] == SETUP
    assert BLOCKS[0][1].strip() == SETUP[0] and BLOCKS[1][1].strip() == SETUP[1]


def test_ci_runs_exactly_the_readme_commands():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert [line for line in ci if line.strip() in SETUP] == SETUP


def console_examples():
    """(command, expected lines) for each `$ symgrad ...` in the README's console blocks."""
    examples = []
    for kind, body in BLOCKS:
        if kind != "console":
            continue
        command, expected = None, []
        for line in body.splitlines():
            if line.startswith("$ "):
                if command:
                    examples.append((command, expected))
                command, expected = line[2:], []
            elif command is not None:
                expected.append(line)
        if command:
            examples.append((command, expected))
    return examples


@pytest.mark.parametrize("command, expected", console_examples(), ids=lambda v: v if isinstance(v, str) else "")
def test_console_example_prints_what_the_readme_shows(command, expected, tmp_path, monkeypatch):
    """Every shown line appears in the real output, in order; `...` stands for skipped lines.

    Each example runs in an empty folder holding a copy of `examples/`, as in a checkout.
    """
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    args = shlex.split(command)
    assert args[0] == "symgrad"
    result = CliRunner().invoke(main, args[1:])
    actual = result.output.splitlines()
    position = 0
    for line in expected:
        if line.strip() == "...":
            continue
        assert line in actual[position:], f"{line!r} not printed (in order) by {command!r}:\n{result.output}"
        position = actual.index(line, position) + 1
    if not any(line.startswith("error:") for line in expected):
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 2


def test_python_examples_run_as_shown():
    failures, tried = doctest.testfile(str(ROOT / "README.md"), module_relative=False,
                                       optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert tried > 0 and failures == 0
