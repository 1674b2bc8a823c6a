"""The lecture's exercises as data: loading and validating the bank of ``*.toml`` files.

Each file in this package directory is one exercise (``errata.toml`` holds the handouts'
errata). An exercise has an ``id`` (the file's name), a ``section`` of LECTURE.md, the
handout it comes from, a title and task in English and Korean, the ``function`` and its
``variables``, an optional ``[descent]`` table (rule, start, rate) for iterates, notes,
the ids of related errata, and ``[[items]]`` to answer. An item has:

* ``key`` (``f_x``, ``f_xy``, ``grad``, ``hessian``, ``f_x(1,2)``, ``theta1``, ``J1``),
* ``kind``: derivative, partial, second_partial, gradient, hessian, value, iterate,
  minimum or maximum,
* ``wrt``: the variables it differentiates by, in order (``f_xy`` = ∂/∂y(∂f/∂x) is
  ``["x", "y"]``),
* ``at`` (a point) or ``step`` (the k-th iterate of the descent) where it has one,
* ``expected``: the lecture's printed value where there is one, else the exact one —
  a string, a list (vector) or a list of lists (matrix),
* ``decimals`` for numbers the lecture prints rounded (the answer must agree with the
  exact value, or with the printed one, to 10^-decimals), an optional ``note`` shown
  with it, ``printed_at`` (the rounded point a printed value was computed at) and
  ``points`` (its score, default 1).

Expressions are read with :func:`symgrad.parse.parse_expression`. The exact value of a
numeric item is computed here from the function, never copied from the file: values
and gradients at a point by differentiation, iterates by applying the update rule
Θₖ₊₁ = Θₖ ∓ ρ∇f(Θₖ) in exact rational arithmetic.

Loading validates every file and raises :class:`ExerciseError` naming the file and the
key of the first mistake.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import sympy

from symgrad.errors import ParseError, SymgradError
from symgrad.parse import make_symbol, parse_expression

BANK_DIRECTORY = Path(__file__).parent
ERRATA_FILE = "errata.toml"

KINDS = ("derivative", "partial", "second_partial", "gradient", "hessian", "value",
         "iterate", "minimum", "maximum")
DIFFERENTIATING_KINDS = {"derivative": 1, "partial": 1, "second_partial": 2}
EXERCISE_FIELDS = {"id", "section", "source", "function", "name", "variables", "title", "task",
                   "given", "errata", "notes", "descent", "items"}
ITEM_FIELDS = {"key", "kind", "wrt", "at", "step", "expected", "decimals", "note", "points",
               "function", "variables", "printed_at", "printed_from"}
DESCENT_FIELDS = {"rule", "start", "rate"}
ERRATUM_FIELDS = {"id", "handout", "printed", "correct", "explanation", "exercises"}


class ExerciseError(SymgradError):
    """An exercise file is malformed; the message names the file and the key."""


@dataclass(frozen=True)
class Text:
    """A phrase in English and Korean."""

    en: str
    ko: str

    def get(self, lang: str = "en") -> str:
        return self.ko if lang == "ko" else self.en

    def to_dict(self) -> dict:
        return {"en": self.en, "ko": self.ko}


@dataclass(frozen=True)
class Erratum:
    """A mistake printed in a handout, with the correct statement."""

    id: str
    handout: str
    printed: str
    correct: str
    explanation: Text
    exercises: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"id": self.id, "handout": self.handout, "printed": self.printed,
                "correct": self.correct, "explanation": self.explanation.to_dict(),
                "exercises": list(self.exercises)}


@dataclass(frozen=True)
class Descent:
    """Gradient descent (Θₖ₊₁ = Θₖ − ρ∇f(Θₖ)) or ascent (+ρ∇f) from ``start``."""

    rule: str
    start: tuple[sympy.Expr, ...]
    rate: sympy.Expr

    @property
    def sign(self) -> int:
        return -1 if self.rule == "descent" else 1

    def to_dict(self) -> dict:
        return {"rule": self.rule, "start": [str(v) for v in self.start], "rate": str(self.rate)}


class Later(functools.partial):
    """A value to compute when it is first read: ``Later(function, *args)``."""


class _ComputedOnFirstRead:
    """A dataclass field that may be given a :class:`Later`: it is computed, and kept, the
    first time the field is read (equality, ``repr`` and ``to_dict`` read it too)."""

    def __set_name__(self, owner, name: str) -> None:
        self.storage = f"_{name}"

    def __get__(self, instance, owner=None):
        if instance is None:
            return None  # the field's default
        value = instance.__dict__[self.storage]
        if isinstance(value, Later):
            value = instance.__dict__[self.storage] = value()
        return value

    def __set__(self, instance, value) -> None:
        instance.__dict__[self.storage] = value


@dataclass(frozen=True)
class Item:
    """One thing to answer. ``expected`` is a SymPy expression, or a tuple (vector) or a
    tuple of tuples (matrix) of them; ``exact`` has the same shape, computed by symgrad
    for numeric items (None where the printed value is the only reference). The bank
    computes ``exact`` on first use, so listing the exercises differentiates nothing."""

    key: str
    kind: str
    wrt: tuple[sympy.Symbol, ...]
    expected: Any
    expected_text: Any
    variables: tuple[sympy.Symbol, ...]
    function: sympy.Expr
    at: tuple[sympy.Expr, ...] | None = None
    step: int | None = None
    exact: Any = _ComputedOnFirstRead()
    decimals: int | None = None
    note: Text | None = None
    points: int = 1
    printed_at: tuple[sympy.Expr, ...] | None = None

    @property
    def shape(self) -> str:
        """``scalar``, ``vector`` or ``matrix``."""
        return shape_of(self.expected)

    @property
    def tolerance(self) -> sympy.Rational | None:
        """10^-decimals for numbers stated to ``decimals`` places; None for exact ones."""
        return None if self.decimals is None else sympy.Rational(1, 10**self.decimals)

    @property
    def numeric(self) -> bool:
        return not any(free_symbols_of(self.expected))

    @property
    def reference(self):
        """What answers are compared with: the exact value where symgrad has one."""
        return self.exact if self.exact is not None else self.expected

    def to_dict(self) -> dict:
        return {
            "key": self.key, "kind": self.kind, "wrt": [str(v) for v in self.wrt],
            "at": None if self.at is None else [str(v) for v in self.at],
            "step": self.step, "expected": _shape_map(str, self.expected),
            "exact": None if self.exact is None else _shape_map(str, self.exact),
            "decimals": self.decimals, "points": self.points,
            "variables": [str(v) for v in self.variables],
            "note": None if self.note is None else self.note.to_dict(),
        }


@dataclass(frozen=True)
class Exercise:
    """One exercise of the bank (see the module doc for the fields)."""

    id: str
    section: int
    source: str
    title: Text
    task: Text
    function_text: str
    function: sympy.Expr
    name: str
    variables: tuple[sympy.Symbol, ...]
    items: tuple[Item, ...]
    descent: Descent | None = None
    given: str | None = None
    notes: tuple[Text, ...] = ()
    errata: tuple[Erratum, ...] = ()
    path: Path | None = field(default=None, compare=False)

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise ExerciseError.from_phrase("exercise.error.no_item", exercise=self.id, item=key,
                                        items=", ".join(i.key for i in self.items))

    @property
    def max_score(self) -> int:
        return sum(item.points for item in self.items)

    def to_dict(self) -> dict:
        return {
            "id": self.id, "section": self.section, "source": self.source,
            "title": self.title.to_dict(), "task": self.task.to_dict(),
            "function": self.function_text, "name": self.name,
            "variables": [str(v) for v in self.variables], "given": self.given,
            "descent": None if self.descent is None else self.descent.to_dict(),
            "notes": [note.to_dict() for note in self.notes],
            "errata": [erratum.to_dict() for erratum in self.errata],
            "items": [item.to_dict() for item in self.items],
            "max_score": self.max_score,
        }


def _shape_map(function, value):
    if isinstance(value, tuple):
        return [_shape_map(function, entry) for entry in value]
    return function(value)


def shape_of(value) -> str:
    """``scalar``, ``vector`` (a tuple) or ``matrix`` (a tuple of tuples)."""
    if isinstance(value, tuple):
        return "matrix" if value and isinstance(value[0], tuple) else "vector"
    return "scalar"


def free_symbols_of(value):
    """The free symbols of every entry of a scalar, vector or matrix (repeats included)."""
    if isinstance(value, tuple):
        for entry in value:
            yield from free_symbols_of(entry)
    elif value.free_symbols:
        yield from value.free_symbols


# ------------------------------------------------------------------ exact values

def descent_iterates(function: sympy.Expr, variables: Sequence[sympy.Symbol], descent: Descent,
                     steps: int) -> list[tuple[sympy.Expr, ...]]:
    """Θ₀ … Θ_steps of the descent (or ascent), exactly: Θₖ₊₁ = Θₖ ∓ ρ∇f(Θₖ)."""
    gradient = [sympy.diff(function, v) for v in variables]
    theta = tuple(descent.start)
    iterates = [theta]
    for _ in range(steps):
        point = dict(zip(variables, theta))
        theta = tuple(sympy.expand(t + descent.sign * descent.rate * g.xreplace(point))
                      for t, g in zip(theta, gradient))
        iterates.append(theta)
    return iterates


def _derivative(function, wrt):
    result = function
    for variable in wrt:
        result = sympy.diff(result, variable)
    return result


def exact_value(exercise_function, variables, item_kind, wrt, at, step, descent):
    """The exact value of a numeric item (None where symgrad has no exact reference)."""
    if step is not None:
        theta = descent_iterates(exercise_function, variables, descent, step)[step]
        point = dict(zip(variables, theta))
        if item_kind == "iterate":
            return theta if len(theta) > 1 else theta[0]
        if item_kind == "gradient":
            return tuple(sympy.diff(exercise_function, v).xreplace(point) for v in variables)
        if item_kind == "value":
            return exercise_function.xreplace(point)
        return None
    if at is not None:
        point = dict(zip(variables, at))
        if item_kind == "gradient":
            return tuple(sympy.diff(exercise_function, v).xreplace(point) for v in variables)
        if item_kind == "hessian":
            return tuple(tuple(sympy.diff(exercise_function, a, b).xreplace(point) for b in variables)
                         for a in variables)
        return sympy.simplify(_derivative(exercise_function, wrt).xreplace(point))
    if item_kind in ("minimum", "maximum") and len(variables) == 1:
        derivative = sympy.diff(exercise_function, variables[0])
        roots = sympy.solve(derivative, variables[0])
        second = sympy.diff(derivative, variables[0])
        wanted = [r for r in roots if r.is_real and (second.xreplace({variables[0]: r}) > 0) ==
                  (item_kind == "minimum")]
        return wanted[0] if len(wanted) == 1 else None
    return None


# ------------------------------------------------------------------ reading files

class _Reader:
    """Validation helpers that know which file and key they are reading."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, where: str, message: str) -> ExerciseError:
        return ExerciseError(f"{self.path.name}: {where}: {message}")

    def require(self, table: Mapping, key: str, where: str, kind: type | tuple[type, ...]):
        if key not in table:
            raise self.fail(where, f"missing required key '{key}'")
        return self.typed(table[key], f"{where}.{key}" if where else key, kind)

    def typed(self, value, where: str, kind):
        if isinstance(value, bool) and kind is not bool and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            raise self.fail(where, f"expected {_kind_name(kind)}, got a boolean")
        if not isinstance(value, kind):
            raise self.fail(where, f"expected {_kind_name(kind)}, got {type(value).__name__}")
        return value

    def no_unknown(self, table: Mapping, allowed: set, where: str) -> None:
        unknown = sorted(set(table) - allowed)
        if unknown:
            raise self.fail(where or "top level", f"unknown key '{unknown[0]}' (allowed: {', '.join(sorted(allowed))})")

    def text(self, value, where: str) -> Text:
        table = self.typed(value, where, dict)
        self.no_unknown(table, {"en", "ko"}, where)
        return Text(self.require(table, "en", where, str), self.require(table, "ko", where, str))

    def expression(self, text, where: str, allowed: Sequence[sympy.Symbol] | None = None) -> sympy.Expr:
        text = self.typed(text, where, (str, int, float))
        try:
            expr = parse_expression(str(text))
        except ParseError as error:
            raise self.fail(where, f"cannot read '{text}': {error}") from None
        if allowed is not None:
            extra = sorted(expr.free_symbols - set(allowed), key=str)
            if extra:
                raise self.fail(where, f"'{text}' uses {extra[0]}, which is not one of the variables "
                                       f"({', '.join(map(str, allowed)) or 'none'})")
        return expr

    def symbols(self, names, where: str, distinct: bool = True) -> tuple[sympy.Symbol, ...]:
        names = self.typed(names, where, list)
        symbols = []
        for index, name in enumerate(names):
            self.typed(name, f"{where}[{index}]", str)
            try:
                symbols.append(make_symbol(name))
            except ParseError as error:
                raise self.fail(f"{where}[{index}]", str(error)) from None
        if distinct and len(set(symbols)) != len(symbols):
            raise self.fail(where, "a variable is listed twice")
        return tuple(symbols)


def _kind_name(kind) -> str:
    names = {str: "a string", int: "an integer", list: "a list", dict: "a table", float: "a number"}
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind)
    return names.get(kind, kind.__name__)


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ExerciseError(f"{path.name}: not valid TOML: {error}") from None
    except OSError as error:
        raise ExerciseError(f"{path.name}: cannot read the file: {error.strerror}") from None


def load_errata(path: Path) -> dict[str, Erratum]:
    """The errata of ``path`` by id."""
    reader = _Reader(path)
    data = _read_toml(path)
    reader.no_unknown(data, {"erratum"}, "")
    errata = {}
    for index, table in enumerate(reader.typed(data.get("erratum", []), "erratum", list)):
        where = f"erratum[{index}]"
        reader.typed(table, where, dict)
        reader.no_unknown(table, ERRATUM_FIELDS, where)
        erratum_id = reader.require(table, "id", where, str)
        where = f"erratum '{erratum_id}'"
        if erratum_id in errata:
            raise reader.fail(where, "duplicate id")
        exercises = reader.require(table, "exercises", where, list)
        for n, name in enumerate(exercises):
            reader.typed(name, f"{where}.exercises[{n}]", str)
        errata[erratum_id] = Erratum(
            erratum_id, reader.require(table, "handout", where, str),
            reader.require(table, "printed", where, str), reader.require(table, "correct", where, str),
            reader.text(reader.require(table, "explanation", where, dict), f"{where}.explanation"),
            tuple(exercises))
    return errata


def load_exercise(path: Path, errata: Mapping[str, Erratum] | None = None) -> Exercise:
    """Read and validate one exercise file; ExerciseError names the file and key at fault."""
    path = Path(path)
    reader = _Reader(path)
    data = _read_toml(path)
    reader.no_unknown(data, EXERCISE_FIELDS, "")
    exercise_id = reader.require(data, "id", "", str)
    if exercise_id != path.stem:
        raise reader.fail("id", f"'{exercise_id}' does not match the file name '{path.stem}'")
    section = reader.require(data, "section", "", int)
    variables = reader.symbols(reader.require(data, "variables", "", list), "variables")
    if not variables:
        raise reader.fail("variables", "an exercise needs at least one variable")
    function_text = reader.require(data, "function", "", str)
    function = reader.expression(function_text, "function", variables)
    descent = _read_descent(reader, data.get("descent"), variables)
    items_data = reader.require(data, "items", "", list)
    if not items_data:
        raise reader.fail("items", "an exercise needs at least one item")
    items, keys = [], set()
    for index, table in enumerate(items_data):
        item = _read_item(reader, table, index, function, variables, descent)
        if item.key in keys:
            raise reader.fail(f"items[{index}] (key '{item.key}')", "duplicate key")
        keys.add(item.key)
        items.append(item)
    related = []
    for index, erratum_id in enumerate(reader.typed(data.get("errata", []), "errata", list)):
        reader.typed(erratum_id, f"errata[{index}]", str)
        if errata is not None:
            if erratum_id not in errata:
                raise reader.fail(f"errata[{index}]", f"unknown erratum '{erratum_id}'")
            related.append(errata[erratum_id])
    notes = tuple(reader.text(note, f"notes[{n}]")
                  for n, note in enumerate(reader.typed(data.get("notes", []), "notes", list)))
    return Exercise(
        id=exercise_id, section=section, source=reader.require(data, "source", "", str),
        title=reader.text(reader.require(data, "title", "", dict), "title"),
        task=reader.text(reader.require(data, "task", "", dict), "task"),
        function_text=function_text, function=function,
        name=reader.typed(data.get("name", "f"), "name", str), variables=variables,
        items=tuple(items), descent=descent,
        given=reader.typed(data["given"], "given", str) if "given" in data else None,
        notes=notes, errata=tuple(related), path=path)


def _read_descent(reader: _Reader, table, variables) -> Descent | None:
    if table is None:
        return None
    reader.typed(table, "descent", dict)
    reader.no_unknown(table, DESCENT_FIELDS, "descent")
    rule = reader.require(table, "rule", "descent", str)
    if rule not in ("descent", "ascent"):
        raise reader.fail("descent.rule", f"'{rule}' is not 'descent' or 'ascent'")
    start = reader.require(table, "start", "descent", list)
    if len(start) != len(variables):
        raise reader.fail("descent.start", f"has {len(start)} entries for {len(variables)} variables")
    start = tuple(reader.expression(v, f"descent.start[{n}]", ()) for n, v in enumerate(start))
    rate = reader.expression(reader.require(table, "rate", "descent", (str, int, float)), "descent.rate", ())
    return Descent(rule, start, rate)


def _read_item(reader: _Reader, table, index: int, function, variables, descent) -> Item:
    where = f"items[{index}]"
    reader.typed(table, where, dict)
    key = reader.require(table, "key", where, str)
    where = f"items[{index}] (key '{key}')"
    reader.no_unknown(table, ITEM_FIELDS, where)
    kind = reader.require(table, "kind", where, str)
    if kind not in KINDS:
        raise reader.fail(f"{where}.kind", f"'{kind}' is not one of {', '.join(KINDS)}")
    item_variables = variables
    if "variables" in table:
        item_variables = reader.symbols(table["variables"], f"{where}.variables")
    item_function = function
    if "function" in table:
        item_function = reader.expression(table["function"], f"{where}.function", item_variables)
    wrt = reader.symbols(table.get("wrt", []), f"{where}.wrt", distinct=kind != "second_partial")
    for symbol in wrt:
        if symbol not in item_variables:
            raise reader.fail(f"{where}.wrt", f"{symbol} is not one of the variables "
                                              f"({', '.join(map(str, item_variables))})")
    needed = DIFFERENTIATING_KINDS.get(kind)
    if needed is not None and len(wrt) != needed:
        raise reader.fail(f"{where}.wrt", f"a {kind} differentiates by {needed} variable(s), got {len(wrt)}")
    at = None
    if "at" in table:
        raw = reader.typed(table["at"], f"{where}.at", list)
        if len(raw) != len(variables):
            raise reader.fail(f"{where}.at", f"has {len(raw)} coordinates for {len(variables)} variables")
        at = tuple(reader.expression(v, f"{where}.at[{n}]", ()) for n, v in enumerate(raw))
    step = None
    if "step" in table:
        step = reader.typed(table["step"], f"{where}.step", int)
        if step < 0:
            raise reader.fail(f"{where}.step", "must be 0 or more")
        if descent is None:
            raise reader.fail(f"{where}.step", "needs a [descent] table in the exercise")
    if at is not None and step is not None:
        raise reader.fail(where, "give either 'at' or 'step', not both")
    allowed = () if (at is not None or step is not None) else item_variables
    if kind == "iterate" and step is None:
        allowed = item_variables
    expected_text = reader.require(table, "expected", where, (str, int, float, list))
    expected = _read_shaped(reader, expected_text, f"{where}.expected", allowed)
    _check_shape(reader, kind, expected, wrt, variables, at, step, where)
    decimals = None
    if "decimals" in table:
        decimals = reader.typed(table["decimals"], f"{where}.decimals", int)
        if not 0 <= decimals <= 12:
            raise reader.fail(f"{where}.decimals", "must be between 0 and 12")
    points = reader.typed(table.get("points", 1), f"{where}.points", int)
    if points < 1:
        raise reader.fail(f"{where}.points", "must be at least 1")
    printed_at = None
    if "printed_at" in table:
        raw = reader.typed(table["printed_at"], f"{where}.printed_at", list)
        printed_at = tuple(reader.expression(v, f"{where}.printed_at[{n}]", ()) for n, v in enumerate(raw))
    if "printed_from" in table:
        reader.typed(table["printed_from"], f"{where}.printed_from", str)
    exact = None
    if at is not None or step is not None or kind in ("minimum", "maximum"):
        exact = Later(exact_value, item_function, variables, kind, wrt, at, step, descent)
    return Item(key=key, kind=kind, wrt=wrt, expected=expected, expected_text=expected_text,
                variables=item_variables, function=item_function, at=at, step=step, exact=exact,
                decimals=decimals, note=reader.text(table["note"], f"{where}.note") if "note" in table else None,
                points=points, printed_at=printed_at)


def _read_shaped(reader: _Reader, value, where: str, allowed):
    if isinstance(value, list):
        if not value:
            raise reader.fail(where, "is empty")
        if all(isinstance(row, list) for row in value):
            width = len(value[0])
            rows = []
            for r, row in enumerate(value):
                if len(row) != width:
                    raise reader.fail(f"{where}[{r}]", f"has {len(row)} entries, the first row {width}")
                rows.append(tuple(reader.expression(v, f"{where}[{r}][{c}]", allowed) for c, v in enumerate(row)))
            return tuple(rows)
        return tuple(reader.expression(v, f"{where}[{n}]", allowed) for n, v in enumerate(value))
    return reader.expression(value, where, allowed)


def _check_shape(reader, kind, expected, wrt, variables, at, step, where) -> None:
    n = len(variables)
    shape = shape_of(expected)
    if kind == "gradient" and (shape != "vector" or len(expected) != n):
        raise reader.fail(f"{where}.expected", f"a gradient is a vector of {n} entries")
    if kind == "hessian" and (shape != "matrix" or len(expected) != n or len(expected[0]) != n):
        raise reader.fail(f"{where}.expected", f"a Hessian is a {n}×{n} matrix")
    if kind in DIFFERENTIATING_KINDS and shape != "scalar":
        raise reader.fail(f"{where}.expected", f"a {kind} is one expression")
    if kind == "value" and (at is None and step is None):
        raise reader.fail(where, "a value needs 'at' (a point) or 'step' (an iterate)")


def _bank_files(folder: Path) -> dict[str, Path]:
    """The exercise files of a bank folder (all ``*.toml`` but the errata), by id."""
    return {path.stem: path for path in sorted(folder.glob("*.toml")) if path.name != ERRATA_FILE}


@functools.lru_cache(maxsize=4)
def _folder_errata(folder: Path) -> dict[str, Erratum]:
    """The errata of a bank folder (none without an errata file), read once per process."""
    errata_path = folder / ERRATA_FILE
    return load_errata(errata_path) if errata_path.exists() else {}


@functools.lru_cache(maxsize=64)
def _bank_exercise(path: Path) -> Exercise:
    """The exercise of the bank file ``path``, with its folder's errata, read once per process.

    :func:`load_bank` and :func:`get_exercise` share it, so both give the same object.
    """
    return load_exercise(path, _folder_errata(path.parent))


@functools.lru_cache(maxsize=4)
def load_bank(directory: str | None = None) -> dict[str, Exercise]:
    """Every exercise in ``directory`` (default: the bank shipped in this package), by id."""
    folder = Path(directory) if directory else BANK_DIRECTORY
    errata = _folder_errata(folder)
    exercises = {}
    for path in _bank_files(folder).values():
        exercise = _bank_exercise(path)
        exercises[exercise.id] = exercise
    for erratum in errata.values():
        for exercise_id in erratum.exercises:
            if exercise_id not in exercises:
                raise ExerciseError(f"{ERRATA_FILE}: erratum '{erratum.id}': unknown exercise '{exercise_id}'")
    return dict(sorted(exercises.items(), key=lambda kv: _natural_id(kv[0])))


def load_exercises() -> dict[str, Exercise]:
    """The lecture's exercises shipped with symgrad, by id (d1…d7, p1…p7, s1…s6, g1…g6, camelback).

    >>> bank = load_exercises()
    >>> bank["p1"].item("f_x(1,2)").expected
    8
    >>> bank["camelback"].title.ko
    '경사하강법 예제1: 낙타 등 함수(six-hump camelback function)'
    """
    return load_bank()


def _natural_id(exercise_id: str):
    letters = exercise_id.rstrip("0123456789")
    digits = exercise_id[len(letters):]
    order = {"d": 0, "p": 1, "s": 2, "g": 3}
    return (order.get(letters, 9), letters, int(digits) if digits else 0)


def get_exercise(exercise_id: str, directory: str | None = None) -> Exercise:
    """The bank's exercise ``exercise_id``; ExerciseError lists the ids when it does not exist.

    The bank knows nothing of variants: :func:`symgrad.variants.find_exercise` reads a
    variant id (``p2~7.1``) too, and is what the commands and the grader use.
    An id with a file of its own is read from that file alone (``symgrad check p2`` does
    not pay for reading the other exercises); :func:`load_bank` validates the whole bank."""
    path = _bank_files(Path(directory) if directory else BANK_DIRECTORY).get(exercise_id)
    if path is not None:
        return _bank_exercise(path)
    bank = load_bank(directory)
    try:
        return bank[exercise_id]
    except KeyError:
        raise ExerciseError.from_phrase("exercise.error.unknown", given=exercise_id, known=", ".join(bank)) from None
