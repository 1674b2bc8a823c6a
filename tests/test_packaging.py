"""Packaging: symgrad is MIT (LICENSE, the SPDX expression in pyproject.toml), and the STACK
fixtures under tests/data keep their own GPL-3.0-or-later notice and stay out of the wheel.

The wheel is built from a copy of the project (so the checkout gets no build/ folder) with
``pip wheel --no-deps``, in pip's isolated build environment: setuptools ≥ 77 comes from the
package index, as it does for anyone installing symgrad.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_licence_is_mit_in_the_file_and_in_the_metadata():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "Permission is hereby granted, free of charge" in text
    project = PROJECT["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert not any(c.startswith("License ::") for c in project["classifiers"])  # PEP 639: the expression only
    assert "Natural Language :: Korean" in project["classifiers"] and project["keywords"]
    requirement = next(r for r in PROJECT["build-system"]["requires"] if r.startswith("setuptools"))
    assert requirement == "setuptools>=77"  # the first setuptools that reads an SPDX license string


def test_the_stack_data_keeps_its_own_gpl_notice():
    data = ROOT / "tests" / "data"
    notice = (data / "README.md").read_text(encoding="utf-8")
    assert "stack-equivalence.tsv" in notice and "GPL-3.0-or-later" in notice and "COPYING.GPL-3" in notice
    gpl = (data / "COPYING.GPL-3").read_text(encoding="utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in gpl and "Version 3, 29 June 2007" in gpl
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "tests/data/README.md" in readme and "GPL-3.0-or-later" in readme


def test_the_wheel_holds_the_package_and_the_licence_but_no_test_data(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "symgrad", source / "symgrad", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "tests" / "data", source / "tests" / "data")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"),
                             str(source)], capture_output=True, text=True, timeout=600)
    if result.returncode != 0 and not os.environ.get("CI"):
        pytest.skip(f"could not build a wheel here (no package index?): {result.stderr.strip()[-300:]}")
    assert result.returncode == 0, result.stderr
    [wheel] = (tmp_path / "dist").glob("symgrad-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    outside = [n for n in names if not n.startswith("symgrad/") and ".dist-info/" not in n]
    assert not outside, outside
    assert not any(n.endswith(".tsv") or "tests/" in n or "COPYING" in n for n in names)
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "symgrad/exercises/p1.toml" in names and "symgrad/cli/__init__.py" in names
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: MIT" in metadata.splitlines()
