"""A data set for :func:`symgrad.regression.fit`: a CSV file read into numbers, checked.

:func:`read_csv` reads the header and the rows with the standard ``csv`` module and
turns the chosen columns into floats one chunk of rows at a time, each in one NumPy
conversion; only when that fails does it look for the offending cell, so that the error names its line and
column. Everything a file can get wrong is one :class:`~symgrad.errors.SymgradError`
line: a missing or empty file, a missing column, a cell that is empty or not a number,
a short or long row, a constant feature (it adds nothing but a second intercept), and,
for logistic regression, a target that is not 0/1.

:class:`Dataset` is what the fit works on: the feature matrix X (n × p), the target y,
the column names and where they came from.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np

from symgrad.errors import SymgradError

MAX_FILE_BYTES = 2 * 1024**3
"""The largest CSV file read (2 GiB)."""


@dataclass(frozen=True)
class Dataset:
    """Rows of numbers: ``X`` (n × p, float64), ``y`` (n), the ``features`` and ``target`` names.

    ``source`` names where the data came from (a file name, or "arrays").
    """

    features: tuple[str, ...]
    target: str
    X: np.ndarray = field(repr=False, compare=False)
    y: np.ndarray = field(repr=False, compare=False)
    source: str = "arrays"

    @property
    def rows(self) -> int:
        return int(self.X.shape[0])

    def to_dict(self) -> dict:
        return {"source": self.source, "target": self.target, "features": list(self.features), "rows": self.rows}


def _error(key: str, **fields) -> SymgradError:
    return SymgradError.from_phrase(key, **fields)


CHUNK_ROWS = 1 << 16
"""Rows converted to floats at a time: a large file is never held as text all at once."""


def read_csv(path: str | Path, target: str, features: Sequence[str] | None = None) -> Dataset:
    """The columns ``features`` (default: every column but ``target``) and ``target`` of the CSV
    file ``path`` (a header line, then one row per example; blank lines are skipped), as a
    checked :class:`Dataset`. Lines are numbered as in the file (the header is line 1)."""
    path = Path(path)
    if not path.is_file():
        raise _error("fit.error.no_file", path=str(path))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise _error("fit.error.too_big", path=str(path), limit="2 GiB")
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            return _read_rows(csv.reader(handle), target, features, path)
    except UnicodeDecodeError:
        raise _error("fit.error.not_text", path=str(path)) from None
    except csv.Error as error:
        raise _error("fit.error.not_csv", path=str(path), detail=str(error)) from None
    except OSError as error:
        raise _error("fit.error.unreadable", path=str(path), detail=error.strerror or str(error)) from None


def _blank(row) -> bool:
    return not row or not any(cell.strip() for cell in row)


def _read_rows(reader, target, features, path: Path) -> Dataset:
    header = next((row for row in reader if not _blank(row)), None)
    if header is None:
        raise _error("fit.error.empty", path=str(path))
    header = [name.strip() for name in header]
    chosen, indices = choose_columns(header, target, features)
    names = [*chosen, str(target).strip()]
    width = len(header)
    blocks, chunk, lines = [], [], []
    for row in reader:
        if _blank(row):
            continue
        if len(row) != width:
            raise _error("fit.error.row_length", line=reader.line_num, count=width, given=len(row))
        chunk.append([row[i].strip() for i in indices])
        lines.append(reader.line_num)
        if len(chunk) == CHUNK_ROWS:
            blocks.append(_numbers(chunk, lines, names))
            chunk, lines = [], []
    if chunk:
        blocks.append(_numbers(chunk, lines, names))
    if not blocks:
        raise _error("fit.error.no_rows", path=str(path))
    table = np.concatenate(blocks) if len(blocks) > 1 else blocks[0]
    X = np.ascontiguousarray(table[:, :-1])
    y = np.ascontiguousarray(table[:, -1])
    return Dataset(tuple(chosen), names[-1], X, y, path.name)


def choose_columns(header: Sequence[str], target: str, features: Sequence[str] | None):
    """The feature names and the header positions of the features and then the target."""
    columns = {}
    for index, name in enumerate(header):
        columns.setdefault(name, index)
    target = str(target).strip()
    chosen = [name for name in header if name != target] if features is None else [str(f).strip() for f in features]
    for name in [target, *chosen]:
        if name not in columns:
            raise _error("fit.error.no_column", name=name, columns=", ".join(header))
    if target in chosen:
        raise _error("fit.error.target_is_feature", name=target)
    if len(set(chosen)) != len(chosen):
        repeated = next(name for name in chosen if chosen.count(name) > 1)
        raise _error("fit.error.repeated_feature", name=repeated)
    if not chosen:
        raise _error("fit.error.no_features")
    return chosen, [columns[name] for name in chosen] + [columns[target]]


def _numbers(chunk: list[list[str]], lines: list[int], names: list[str]) -> np.ndarray:
    """A chunk of text cells as floats (one NumPy conversion); the first empty, non-numeric or
    infinite cell is an error naming its line and column."""
    try:
        values = np.array(chunk, dtype=np.float64)
    except ValueError:
        values = None
    if values is not None and np.isfinite(values).all():
        return values
    for line, row in zip(lines, chunk):
        for name, cell in zip(names, row):
            if not cell or cell.lower() in ("na", "nan", "null", "none", "?"):
                raise _error("fit.error.missing_value", line=line, column=name)
            try:
                number = float(cell)
            except ValueError:
                raise _error("fit.error.not_numeric", line=line, column=name, given=cell) from None
            if not math.isfinite(number):
                raise _error("fit.error.not_finite", line=line, column=name, given=cell)
    raise AssertionError("a chunk that failed to convert has a bad cell")  # pragma: no cover


def from_arrays(X, y, features: Sequence[str] | None = None, target: str = "y") -> Dataset:
    """A :class:`Dataset` from array-likes ``X`` (n × p, or n for one feature) and ``y`` (n)."""
    try:
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
    except (TypeError, ValueError):
        raise _error("fit.error.arrays_not_numeric") from None
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2 or y.ndim != 1 or X.shape[0] != y.shape[0]:
        raise _error("fit.error.array_shapes", x_shape=str(X.shape), y_shape=str(y.shape))
    if X.shape[0] == 0:
        raise _error("fit.error.no_rows", path="arrays")
    if not (np.isfinite(X).all() and np.isfinite(y).all()):
        raise _error("fit.error.arrays_not_finite")
    names = tuple(features) if features is not None else tuple(f"x{j + 1}" for j in range(X.shape[1]))
    if len(names) != X.shape[1]:
        raise _error("fit.error.array_shapes", x_shape=str(X.shape), y_shape=str(y.shape))
    return Dataset(names, target, X, y, "arrays")


def check_for_model(data: Dataset, model: str) -> None:
    """Refuse what the model cannot fit: a constant feature; a logistic target not 0/1."""
    constant = (data.X == data.X[0]).all(axis=0)
    for j in np.flatnonzero(constant):
        raise _error("fit.error.constant_feature", column=data.features[j], value=f"{data.X[0, j]:g}")
    if model == "logistic":
        bad = np.flatnonzero((data.y != 0) & (data.y != 1))
        if bad.size:
            raise _error("fit.error.not_binary", column=data.target, row=int(bad[0]) + 1, given=f"{data.y[bad[0]]:g}")
        if data.y.min() == data.y.max():
            raise _error("fit.error.one_class", column=data.target, value=f"{data.y[0]:g}")
    if data.rows < 2:
        raise _error("fit.error.too_few_rows", rows=data.rows)
