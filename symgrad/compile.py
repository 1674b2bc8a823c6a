"""Compile a symbolic function into fast numeric callables: f, ∇f and the Hessian.

The gradient is exact (``sympy.diff`` per variable); only then does anything become a
float. Two backends, chosen by the number of variables unless asked for:

``scalar`` (at most :data:`SCALAR_MAX_VARIABLES` variables)
    ``sympy.lambdify`` with the ``math`` module and common-subexpression elimination.
    A point is a tuple of Python floats, so a step costs no numpy call at all. f and
    ∇f come from one generated function, sharing their subexpressions.

``numpy`` (more variables)
    A point is a 1-D float64 array. Expressions that have the same *shape* (the same
    template once their variables are renamed in index order, as the middle components
    of a Rosenbrock gradient are) are evaluated as one vectorised numpy expression over
    slices of the point; what is left over is evaluated with plain floats.

Domain errors surface as exceptions, never as a silent nan: the math module raises
``ValueError``/``ZeroDivisionError``/``OverflowError``, a negative base under a
fractional power gives a complex number (caught by the caller's finiteness check), and
the numpy backend is meant to run under :meth:`Compiled.errors_raised`, where numpy's
warnings become ``FloatingPointError``. :func:`describe_failure` puts any of them in
words.

NumPy is imported by the numpy backend only (inside its functions): a scalar run, such as
``symgrad descend`` on two variables, never imports it.
"""

from __future__ import annotations

import contextlib
import math
import sys
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise
from typing import Any, Callable, NamedTuple, Sequence

import sympy

from symgrad.errors import EvaluationError, SymgradError

SCALAR_MAX_VARIABLES = 8
"""Up to this many variables the scalar (plain float) backend is used by default."""

_MIN_GROUP = 4
"""Expressions of one shape are vectorised only when at least this many share it."""

Point = Any  # tuple[float, ...] for the scalar backend, a 1-D float64 ndarray for numpy


@dataclass(frozen=True)
class Compiled:
    """f, ∇f and the Hessian of ``expr`` as numeric callables over a point.

    ``value_and_gradient(point) -> (f, ∇f)`` is the one call a descent step makes.
    A point (and a gradient) is a tuple of floats for the ``scalar`` backend and a 1-D
    float64 array for ``numpy``; :meth:`as_point` and :meth:`floats` convert.
    """

    expr: sympy.Expr
    variables: tuple[sympy.Symbol, ...]
    gradient_exprs: tuple[sympy.Expr, ...]
    backend: str
    value_and_gradient: Callable[[Point], tuple[float, Point]] = field(repr=False)
    value: Callable[[Point], float] = field(repr=False)
    gradient: Callable[[Point], Point] = field(repr=False)
    float_valued: bool = False
    """True when f and every ∂f/∂v are sure to come out as floats (not ints) at a float
    point: no constant component and no step function such as Max or Heaviside."""

    @property
    def names(self) -> tuple[str, ...]:
        """The variable names, in order."""
        return tuple(v.name for v in self.variables)

    def as_point(self, coordinates: Sequence[float]) -> Point:
        """``coordinates`` as this backend's point type (floats, in variable order)."""
        values = tuple(float(c) for c in coordinates)
        if len(values) != len(self.variables):
            raise SymgradError(
                f"expected {len(self.variables)} coordinates for ({', '.join(self.names)}), "
                f"got {len(values)}"
            )
        if self.backend == "numpy":
            import numpy as np

            return np.array(values, dtype=np.float64)
        return values

    @staticmethod
    def floats(point: Point) -> tuple[float, ...]:
        """A point or gradient of either backend as a tuple of Python floats."""
        if is_array(point):
            return tuple(point.tolist())
        return tuple(float(c) for c in point)

    def errors_raised(self) -> contextlib.AbstractContextManager:
        """A context in which numpy domain errors and overflow raise instead of warning."""
        if self.backend == "numpy":
            import numpy as np

            return np.errstate(divide="raise", invalid="raise", over="raise", under="ignore")
        return contextlib.nullcontext()

    @cached_property
    def hessian_exprs(self) -> tuple[tuple[sympy.Expr, ...], ...]:
        """∂²f/∂vᵢ∂vⱼ, differentiated from the exact gradient."""
        return tuple(tuple(sympy.diff(g, v) for v in self.variables) for g in self.gradient_exprs)

    @cached_property
    def hessian(self) -> Callable[[Point], Any]:
        """The Hessian as a callable: nested tuples (scalar) or a 2-D array (numpy).

        Compiled on first use: for many variables it has n² entries.
        """
        rows = self.hessian_exprs
        if self.backend == "numpy":
            import numpy as np

            function = sympy.lambdify([list(self.variables)], sympy.Matrix(rows), "numpy", cse=True)
            return lambda point: np.asarray(function(point.tolist()), dtype=np.float64)
        return _lambdify_scalar(self.variables, rows)


def compile_expression(
    expr: sympy.Expr,
    variables: Sequence[sympy.Symbol],
    backend: str = "auto",
) -> Compiled:
    """Compile ``expr`` in ``variables``; ``backend`` is ``"auto"``, ``"scalar"`` or ``"numpy"``.

    Raises SymgradError when the expression has a free symbol that is not a variable.
    """
    variables = tuple(variables)
    extra = sorted(s.name for s in expr.free_symbols - set(variables))
    if extra:
        raise SymgradError(
            f"the function depends on {', '.join(extra)}, which "
            f"{'is' if len(extra) == 1 else 'are'} not among the variables "
            f"({', '.join(v.name for v in variables)})"
        )
    if backend not in ("auto", "scalar", "numpy"):
        raise ValueError(f"unknown backend {backend!r}")
    if backend == "auto":
        backend = "scalar" if len(variables) <= SCALAR_MAX_VARIABLES else "numpy"
    gradient_exprs = exact_gradient(expr, variables)
    if backend == "scalar":
        both = _lambdify_scalar(variables, (expr, gradient_exprs))
        value = _lambdify_scalar(variables, expr)
        gradient = _lambdify_scalar(variables, gradient_exprs)
    else:
        value = _vectorised_sum(sympy.Add.make_args(expr), variables)
        gradient = _vectorised_components(gradient_exprs, variables)

        def both(point, value=value, gradient=gradient):
            return value(point), gradient(point)

    float_valued = backend == "numpy" or all(_surely_float(e) for e in (expr, *gradient_exprs))
    return Compiled(expr, variables, gradient_exprs, backend, both, value, gradient, float_valued)


_FLOAT_FUNCTIONS = (sympy.exp, sympy.log, sympy.sin, sympy.cos, sympy.tan, sympy.asin, sympy.acos,
                    sympy.atan, sympy.sinh, sympy.cosh, sympy.tanh, sympy.asinh, sympy.acosh,
                    sympy.atanh, sympy.Abs)


def _surely_float(expr: sympy.Expr) -> bool:
    """Whether ``expr``, lambdified with math, returns a float at every float point.

    Arithmetic on a float argument gives a float; a constant (``2``) or a step function
    (Max, Heaviside, floor, ...) may give an int, so those say False.
    """
    if not expr.free_symbols:
        return False
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, (sympy.Symbol, sympy.Number, sympy.Add, sympy.Mul, sympy.Pow,
                             sympy.core.numbers.NumberSymbol)):
            continue
        if not isinstance(node, _FLOAT_FUNCTIONS):
            return False
    return True


def exact_gradient(expr: sympy.Expr, variables: Sequence[sympy.Symbol]) -> tuple[sympy.Expr, ...]:
    """(∂f/∂v for v in variables), equal to ``sympy.diff(expr, v)`` term by term.

    d/dv Σ tᵢ = Σ dtᵢ/dv over the terms that contain v: the same sum sympy builds, but
    without differentiating every term of a long sum once per variable.
    """
    terms = sympy.Add.make_args(expr)
    wanted = set(variables)
    terms_with: dict[sympy.Symbol, list[sympy.Expr]] = {v: [] for v in variables}
    for term in terms:
        for symbol in term.free_symbols & wanted:
            terms_with[symbol].append(term)
    return tuple(sympy.Add(*(sympy.diff(t, v) for t in terms_with[v])) for v in variables)


def _lambdify_scalar(variables: Sequence[sympy.Symbol], what: Any) -> Callable:
    """``what`` (an expression or nested tuples of them) as a function of one point tuple."""
    return sympy.lambdify([list(variables)], what, modules="math", cse=True)


# ---------------------------------------------------------------- numpy backend


def is_array(value: Any) -> bool:
    """Whether ``value`` is a numpy array (never true while numpy is not imported)."""
    numpy = sys.modules.get("numpy")
    return numpy is not None and isinstance(value, numpy.ndarray)


class _Group(NamedTuple):
    """Expressions of one shape: ``function(*(x[a] for a in arguments))`` fills ``targets``."""

    function: Callable
    arguments: tuple[Any, ...]  # per placeholder, a slice or index array into the point
    targets: Any  # a slice or index array of the outputs (or a count, for sums)
    size: int


def _placeholders(count: int) -> tuple[sympy.Symbol, ...]:
    return tuple(sympy.Symbol(f"_p{i}", real=True) for i in range(count))


def _template(expr: sympy.Expr, position: dict) -> tuple[sympy.Expr, tuple[int, ...]]:
    """``expr`` with its variables renamed _p0, _p1, ... in index order, and those indices."""
    symbols = sorted(expr.free_symbols, key=position.__getitem__)
    template = expr.xreplace(dict(zip(symbols, _placeholders(len(symbols)))))
    return template, tuple(position[s] for s in symbols)


def _as_index(indices: Sequence[int]) -> Any:
    """A slice when ``indices`` is an increasing arithmetic progression, else an array."""
    if len(indices) == 1:
        return slice(indices[0], indices[0] + 1)
    step = indices[1] - indices[0]
    if step > 0 and all(b - a == step for a, b in pairwise(indices)):
        return slice(indices[0], indices[-1] + 1, step)
    import numpy as np

    return np.asarray(indices, dtype=np.intp)


def _group_by_shape(exprs: Sequence[sympy.Expr], variables: Sequence[sympy.Symbol]):
    """Split ``exprs`` into vectorisable groups and the leftover (output index, expr) pairs."""
    position = {v: i for i, v in enumerate(variables)}
    shapes: dict[sympy.Expr, list[tuple[int, tuple[int, ...]]]] = {}
    for out, expr in enumerate(exprs):
        template, indices = _template(expr, position)
        shapes.setdefault(template, []).append((out, indices))
    groups, leftovers = [], []
    for template, members in shapes.items():
        if len(members) < _MIN_GROUP or not template.free_symbols:
            leftovers.extend((out, exprs[out]) for out, _ in members)
            continue
        arity = len(members[0][1])
        function = sympy.lambdify(_placeholders(arity), template, "numpy", cse=True)
        arguments = tuple(_as_index([indices[j] for _, indices in members]) for j in range(arity))
        targets = _as_index([out for out, _ in members])
        groups.append(_Group(function, arguments, targets, len(members)))
    return groups, leftovers


def _vectorised_components(exprs: Sequence[sympy.Expr], variables) -> Callable[[np.ndarray], np.ndarray]:
    """A function of a point returning the array of ``exprs`` evaluated there."""
    import numpy as np

    groups, leftovers = _group_by_shape(exprs, variables)
    count = len(exprs)
    rest_targets = np.asarray([out for out, _ in leftovers], dtype=np.intp)
    rest = sympy.lambdify([list(variables)], tuple(e for _, e in leftovers), "numpy", cse=True)

    def components(point: np.ndarray) -> np.ndarray:
        out = np.empty(count)
        for function, arguments, targets, _ in groups:
            out[targets] = function(*[point[a] for a in arguments])
        if len(rest_targets):
            out[rest_targets] = rest(point.tolist())
        return out

    return components


def _vectorised_sum(terms: Sequence[sympy.Expr], variables) -> Callable[[np.ndarray], float]:
    """A function of a point returning the sum of ``terms`` evaluated there."""
    groups, leftovers = _group_by_shape(terms, variables)
    rest = sympy.lambdify([list(variables)], sympy.Add(*(e for _, e in leftovers)), "numpy", cse=True)

    def total(point: np.ndarray) -> float:
        value = rest(point.tolist())
        for function, arguments, _, _ in groups:
            value = value + function(*[point[a] for a in arguments]).sum()
        return float(value)

    return total


# ---------------------------------------------------------------- failures in words


def describe_failure(error: BaseException) -> str:
    """What went wrong in a numeric evaluation, in a student's words."""
    text = str(error)
    if isinstance(error, ZeroDivisionError) or "divide by zero" in text:
        return "division by zero"
    if isinstance(error, OverflowError) or "overflow" in text:
        return "a value overflowed the float range"
    if isinstance(error, TypeError) or "complex" in text:
        return "the value is not a real number (a fractional power of a negative number?)"
    if isinstance(error, ValueError) or "invalid value" in text:
        return "a function is outside its domain (log or square root of a negative number, or similar)"
    return text or type(error).__name__


EVALUATION_FAILURES = (ArithmeticError, ValueError, TypeError)
"""What a compiled function may raise at a point where f is undefined (FloatingPointError,
ZeroDivisionError and OverflowError are ArithmeticErrors; a complex value fails as a TypeError)."""


def evaluate_at(compiled: Compiled, coordinates: Sequence[float]) -> tuple[float, tuple[float, ...]]:
    """f and ∇f at ``coordinates`` as plain floats, or EvaluationError if undefined there."""
    point = compiled.as_point(coordinates)
    try:
        with compiled.errors_raised():
            value, gradient = compiled.value_and_gradient(point)
            value = float(value)
            gradient = compiled.floats(gradient)
    except EVALUATION_FAILURES as error:
        raise EvaluationError(
            f"f is undefined at ({', '.join(f'{c:g}' for c in coordinates)}): {describe_failure(error)}"
        ) from None
    if not (math.isfinite(value) and all(map(math.isfinite, gradient))):
        raise EvaluationError(
            f"f or its gradient is not finite at ({', '.join(f'{c:g}' for c in coordinates)})"
        )
    return value, gradient

