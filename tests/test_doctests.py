"""The examples in symgrad's docstrings run as shown (every module of the package)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import symgrad

MODULES = sorted(info.name for info in pkgutil.walk_packages(symgrad.__path__, "symgrad.")
                 if not info.name.endswith("__main__"))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_the_api_modules_carry_examples():
    tried = sum(doctest.testmod(importlib.import_module(name)).attempted
                for name in ("symgrad", "symgrad.render", "symgrad.display", "symgrad.phrases"))
    assert tried >= 8
