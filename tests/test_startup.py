"""Start-up: each command imports only what its work needs (never timed here, only counted).

Help needs no SymPy and no NumPy; a walkthrough needs no NumPy, optimizer or grader;
listing exercises needs no grader; descent on two variables (the scalar backend) needs
no NumPy. Each case runs in a fresh process, since a module imported once stays imported.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from symgrad.cli import COMMAND_MODULES

HEAVY = ("sympy", "mpmath", "numpy")
SCRIPT = """\
import sys
from symgrad.cli import main
try:
    main(sys.argv[1:], prog_name="symgrad")
except SystemExit as stop:
    assert not stop.code, f"exit code {stop.code}"
print()
print(" ".join(sorted(sys.modules)))
"""


def modules_after(*arguments: str) -> set[str]:
    """The modules a fresh Python process holds after running ``symgrad ARGUMENTS``."""
    done = subprocess.run([sys.executable, "-c", SCRIPT, *arguments], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.splitlines()[-1].split())


def imported(modules: set[str], *packages: str) -> list[str]:
    """Those of ``packages`` that are in ``modules`` (as themselves or by a submodule)."""
    return [p for p in packages if any(m == p or m.startswith(p + ".") for m in modules)]


HELP = [(), *((name,) for name in sorted(COMMAND_MODULES)),
        ("exercises", "list"), ("exercises", "show"), ("exercises", "solve")]


@pytest.mark.parametrize("command", HELP, ids=lambda c: " ".join(c) or "symgrad")
def test_help_imports_neither_sympy_nor_numpy(command):
    assert imported(modules_after(*command, "--help"), *HEAVY) == []


def test_importing_symgrad_imports_no_sympy():
    done = subprocess.run([sys.executable, "-c", "import sys, symgrad; print(' '.join(sys.modules))"],
                          capture_output=True, text=True, check=True, timeout=120)
    assert imported(set(done.stdout.split()), *HEAVY) == []


def test_the_functions_win_over_their_modules_however_imported():
    script = ("import importlib, symgrad\n"
              "importlib.import_module('symgrad.walkthrough')\n"
              "import symgrad.parse\n"
              "from symgrad import walkthrough\n"
              "assert callable(symgrad.parse) and symgrad.parse.__name__ == 'parse', symgrad.parse\n"
              "assert walkthrough.__name__ == 'walkthrough' and symgrad.walkthrough is walkthrough\n")
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)


@pytest.mark.parametrize("command", [("walk", "x^2*y", "--no-steps"), ("diff", "sin(x)", "--no-steps")],
                         ids=lambda c: c[0])
def test_walk_and_diff_need_no_numpy_optimizer_or_grader(command):
    assert imported(modules_after(*command), "numpy", "symgrad.optim", "symgrad.grading") == []


def test_listing_exercises_needs_no_numpy_optimizer_or_grader():
    assert imported(modules_after("exercises", "list"), "numpy", "symgrad.optim", "symgrad.grading") == []


def test_check_needs_no_numpy_or_optimizer():
    modules = modules_after("check", "p1", "--answer", "f_x=y^2+2xy")
    assert imported(modules, "numpy", "symgrad.optim") == []


def test_descent_on_two_variables_needs_no_numpy_or_grader():
    modules = modules_after("descend", "x^2+3y^2", "--start", "1,1", "--lr", "0.1", "--iters", "2")
    assert imported(modules, "numpy", "symgrad.grading", "symgrad.exercises") == []
