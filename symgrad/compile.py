"""Compile a symbolic function into fast numeric callables: f, ∇f and the Hessian.

The gradient is exact (``sympy.diff`` per variable); only then does anything become a
float. Two backends, chosen by the number of variables unless asked for:

``scalar`` (at most :data:`SCALAR_MAX_VARIABLES` variables)
    ``sympy.lambdify`` with the ``math`` module and common-subexpression elimination.
    A point is a tuple of Python floats, so a step costs no numpy call at all. f and
    ∇f come from one generated function, sharing their subexpressions.

``numpy`` (more variables)
    A point is a 1-D float64 array. The terms of f that have the same *shape* (the same
    template once their variables are renamed in index order, as the 999 terms of a
    1000-variable Rosenbrock function are) are differentiated once, as their template,
    and evaluated as one vectorised numpy expression over slices of the point: the
    template's value is summed into f and its partial derivatives are added into ∇f at
    the indices they belong to. What is left over is evaluated with plain floats.

Differentiating a shape once is also how :func:`exact_gradient` is fast for long sums:
∂f/∂v is assembled from the template's exact derivatives with the variables put back,
the same expressions ``sympy.diff`` gives.

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

from symgrad.messages import Message
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
            raise SymgradError.from_phrase("descent.error.coordinates", count=len(self.variables),
                                           names=", ".join(self.names), given=len(values))
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
    def gradient_exprs(self) -> tuple[sympy.Expr, ...]:
        """(∂f/∂v for v in variables), exact (:func:`exact_gradient`); built on first use,
        since the numpy backend evaluates ∇f without them."""
        return exact_gradient(self.expr, self.variables)

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
            function = sympy.lambdify([list(self.variables)], sympy.Matrix(rows), "numpy", cse=True)
            import numpy as np

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
        raise SymgradError.from_phrase("descent.error.extra_symbols" if len(extra) > 1 else "descent.error.extra_symbol",
                                       names=", ".join(extra), variables=", ".join(v.name for v in variables))
    if backend not in ("auto", "scalar", "numpy"):
        raise ValueError(f"unknown backend {backend!r}")
    if backend == "auto":
        backend = "scalar" if len(variables) <= SCALAR_MAX_VARIABLES else "numpy"
    if backend == "scalar":
        gradient_exprs = exact_gradient(expr, variables)
        both = _lambdify_scalar(variables, (expr, gradient_exprs))
        value = _lambdify_scalar(variables, expr)
        gradient = _lambdify_scalar(variables, gradient_exprs)
        float_valued = all(_surely_float(e) for e in (expr, *gradient_exprs))
        compiled = Compiled(expr, variables, backend, both, value, gradient, float_valued)
        compiled.__dict__["gradient_exprs"] = gradient_exprs  # the cached_property's value
        return compiled
    shapes = _shapes(sympy.Add.make_args(expr), variables)
    both = _vectorised_value_and_gradient(shapes, variables)
    value = _vectorised_sum(shapes, variables)

    def gradient(point, both=both):
        return both(point)[1]

    return Compiled(expr, variables, backend, both, value, gradient, True)


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

    d/dv Σ tᵢ = Σ dtᵢ/dv over the terms that contain v: the same sum sympy builds. Terms
    of one shape are differentiated once, as their template (see :func:`_shapes`), and
    each term's derivatives are the template's with its own variables put back, so a
    long sum of like terms costs a few ``sympy.diff`` calls, not one per term and variable.
    """
    pieces: list[list[sympy.Expr]] = [[] for _ in variables]
    for shape in _shapes(sympy.Add.make_args(expr), variables):
        for member in shape.members:
            back = dict(zip(shape.placeholders, (variables[i] for i in member)))
            for index, derivative in zip(member, shape.derivatives):
                pieces[index].append(_put_back(derivative, back))
    return tuple(sympy.Add(*terms) for terms in pieces)


class _Shape(NamedTuple):
    """Terms of one shape: ``template`` in ``placeholders``, its exact partial derivatives
    (one per placeholder) and, per term, the variable index each placeholder stands for."""

    template: sympy.Expr
    placeholders: tuple[sympy.Symbol, ...]
    derivatives: tuple[sympy.Expr, ...]
    members: tuple[tuple[int, ...], ...]


def _placeholder(index: int, like: sympy.Symbol) -> sympy.Symbol:
    """The ``index``-th placeholder for ``like``, with its assumptions (they decide what
    a derivative simplifies to: d|x|/dx is sign(x) only for a real x)."""
    return sympy.Symbol(f"_p{index}", **like.assumptions0)


def _template(expr: sympy.Expr, position: dict) -> tuple[sympy.Expr, tuple[sympy.Symbol, ...], tuple[int, ...]]:
    """``expr`` with its variables renamed _p0, _p1, ... in index order, the placeholders
    and the variables' indices."""
    symbols = sorted(expr.free_symbols, key=position.__getitem__)
    placeholders = tuple(_placeholder(i, s) for i, s in enumerate(symbols))
    template = expr.xreplace(dict(zip(symbols, placeholders)))
    return template, placeholders, tuple(position[s] for s in symbols)


def _shapes(terms: Sequence[sympy.Expr], variables: Sequence[sympy.Symbol]) -> list[_Shape]:
    """``terms`` grouped by shape, in order of first appearance, each template differentiated once.

    A shape's members are sorted by their indices, so that the columns of a chain such as
    Rosenbrock's (x₀, x₁), (x₁, x₂), ... are slices of the point, not index arrays (SymPy
    orders the terms of a sum by name: x0, x1, x10, x11, ...). A term alone in its shape
    is its own template, in its own variables, so nothing needs renaming back.
    """
    position = {v: i for i, v in enumerate(variables)}
    found: dict[tuple, list] = {}
    for term in terms:
        template, placeholders, indices = _template(term, position)
        found.setdefault((template, placeholders), [term]).append(indices)
    shapes = []
    for (template, placeholders), (term, *members) in found.items():
        if len(members) == 1:
            template, placeholders = term, tuple(variables[i] for i in members[0])
        shapes.append(_Shape(template, placeholders, tuple(sympy.diff(template, p) for p in placeholders),
                             tuple(sorted(members))))
    return shapes


def _put_back(expr: sympy.Expr, back: dict) -> sympy.Expr:
    """``expr`` with placeholders replaced as ``back`` says (``expr`` itself when that changes nothing)."""
    if all(key is value for key, value in back.items()):
        return expr
    return expr.xreplace(back)


def _lambdify_scalar(variables: Sequence[sympy.Symbol], what: Any) -> Callable:
    """``what`` (an expression or nested tuples of them) as a function of one point tuple."""
    return sympy.lambdify([list(variables)], what, modules="math", cse=_shared_subexpressions)


def _shared_subexpressions(what: Any) -> tuple[list, Any]:
    """``sympy.cse`` over every expression of ``what`` (nested tuples), in lambdify's form.

    lambdify's own ``cse=True`` stops at the first level of a nested tuple, so f and ∇f
    shared nothing and each ∂f/∂v recomputed what the others compute too.
    """
    def leaves(item):
        if isinstance(item, (tuple, list)):
            for inner in item:
                yield from leaves(inner)
        else:
            yield item

    def refill(item, reduced):
        if isinstance(item, (tuple, list)):
            return tuple(refill(inner, reduced) for inner in item)
        return next(reduced)

    replacements, reduced = sympy.cse(list(leaves(what)))
    return replacements, refill(what, iter(reduced))


# ---------------------------------------------------------------- numpy backend


def is_array(value: Any) -> bool:
    """Whether ``value`` is a numpy array (never true while numpy is not imported)."""
    numpy = sys.modules.get("numpy")
    return numpy is not None and isinstance(value, numpy.ndarray)


class _Block(NamedTuple):
    """Shapes with the same number of terms, evaluated at once over slices of the point:
    ``function(*(x[a] for a in arguments))`` gives their values added elementwise and,
    per argument, the partial derivatives with respect to it, which add into ∇f at the
    argument's own indices (``unique`` when none of them repeats)."""

    function: Callable
    arguments: tuple[Any, ...]  # per argument, a slice or index array into the point
    unique: tuple[bool, ...]


def _as_index(indices: Sequence[int]) -> Any:
    """A slice when ``indices`` is an increasing arithmetic progression, else an array."""
    import numpy as np

    if len(indices) == 1:
        return slice(indices[0], indices[0] + 1)
    step = indices[1] - indices[0]
    if step > 0 and all(b - a == step for a, b in pairwise(indices)):
        return slice(indices[0], indices[-1] + 1, step)
    return np.asarray(indices, dtype=np.intp)


def _split(shapes: Sequence[_Shape]) -> tuple[list[_Shape], list[_Shape]]:
    """The shapes worth vectorising (at least :data:`_MIN_GROUP` terms) and the rest."""
    return ([s for s in shapes if len(s.members) >= _MIN_GROUP],
            [s for s in shapes if len(s.members) < _MIN_GROUP])


def _blocks(shapes: Sequence[_Shape], with_derivatives: bool = True) -> list[_Block]:
    """The vectorised numpy evaluation of ``shapes`` (their templates, and the derivatives
    if asked), one block per number of terms.

    A column of a shape (the indices one placeholder takes over its terms) becomes an
    argument, one array symbol per distinct column, so shapes reading the same column
    share it: Rosenbrock's (1 − xᵢ)² and 100(xᵢ₊₁ − xᵢ²)² become one expression in
    a = x[0:n−1] and b = x[1:n], as a hand-written numpy loop has it. An argument's
    derivative is the shapes' exact derivatives for the placeholders it stands for.
    """
    by_size: dict[int, list[_Shape]] = {}
    for shape in shapes:
        by_size.setdefault(len(shape.members), []).append(shape)
    blocks = []
    for group in by_size.values():
        columns: dict[tuple[int, ...], sympy.Symbol] = {}
        total, parts = [], {}
        for shape in group:
            back = {}
            for j, placeholder in enumerate(shape.placeholders):
                column = tuple(member[j] for member in shape.members)
                if column not in columns:
                    columns[column] = sympy.Symbol(f"_a{len(columns)}", **placeholder.assumptions0)
                back[placeholder] = columns[column]
            total.append(shape.template.xreplace(back))
            for placeholder, derivative in zip(shape.placeholders, shape.derivatives):
                parts.setdefault(back[placeholder], []).append(derivative.xreplace(back))
        arguments = tuple(columns.values())
        value = sympy.Add(*total)
        outputs = (value, *(sympy.Add(*parts[a]) for a in arguments)) if with_derivatives else value
        function = sympy.lambdify(arguments, outputs, "numpy", cse=True)
        blocks.append(_Block(function, tuple(_as_index(c) for c in columns),
                             tuple(len(set(c)) == len(c) for c in columns)))
    return blocks


def _leftover(shapes: Sequence[_Shape], variables, with_derivatives: bool = True):
    """The terms of ``shapes`` as one plain-float function of the variables they use:
    (indices of those variables, function of their values → (Σ terms, ∂/∂v for each...)).

    The outputs are one flat tuple: lambdify's common-subexpression elimination does not
    reach into a nested one (the exp(Σ xᵢ²) of every ∂/∂xᵢ was printed and computed again)."""
    import numpy as np

    used = sorted({i for shape in shapes for member in shape.members for i in member})
    total, pieces = [], {i: [] for i in used}
    for shape in shapes:
        for member in shape.members:
            back = dict(zip(shape.placeholders, (variables[i] for i in member)))
            total.append(_put_back(shape.template, back))
            for index, derivative in zip(member, shape.derivatives):
                pieces[index].append(_put_back(derivative, back))
    outputs = (sympy.Add(*total), *(sympy.Add(*pieces[i]) for i in used)) if with_derivatives \
        else sympy.Add(*total)
    function = sympy.lambdify([[variables[i] for i in used]], outputs, "numpy", cse=True)
    return np.asarray(used, dtype=np.intp), function


def _vectorised_value_and_gradient(shapes: Sequence[_Shape], variables) -> Callable:
    """A function of a point returning (f, ∇f) there, f being the sum of the terms of ``shapes``."""
    import numpy as np

    vectorised, rest = _split(shapes)
    blocks = _blocks(vectorised)
    rest_index, rest_function = _leftover(rest, variables) if rest else (None, None)
    count = len(variables)

    def value_and_gradient(point: np.ndarray) -> tuple[float, np.ndarray]:
        value = 0.0
        gradient = np.zeros(count)
        for function, arguments, unique in blocks:
            values, *parts = function(*[point[a] for a in arguments])
            value += values.sum()
            for target, part, alone in zip(arguments, parts, unique):
                if alone:
                    gradient[target] += part
                else:  # an index repeats: add every occurrence
                    np.add.at(gradient, target, part)
        if rest_function is not None:
            rest_value, *rest_gradient = rest_function(point[rest_index].tolist())
            value += rest_value
            gradient[rest_index] += rest_gradient
        return float(value), gradient

    return value_and_gradient


def _vectorised_sum(shapes: Sequence[_Shape], variables) -> Callable[[np.ndarray], float]:
    """A function of a point returning the sum of the terms of ``shapes`` evaluated there."""
    import numpy as np

    vectorised, rest = _split(shapes)
    blocks = _blocks(vectorised, with_derivatives=False)
    rest_index, rest_function = _leftover(rest, variables, with_derivatives=False) if rest else (None, None)

    def total(point: np.ndarray) -> float:
        value = 0.0 if rest_function is None else rest_function(point[rest_index].tolist())
        for function, arguments, _ in blocks:
            value = value + function(*[point[a] for a in arguments]).sum()
        return float(value)

    return total


# ---------------------------------------------------------------- failures in words


def describe_failure(error: BaseException) -> Message:
    """What went wrong in a numeric evaluation, in a student's words (a message to show in
    any language)."""
    text = str(error)
    if isinstance(error, ZeroDivisionError) or "divide by zero" in text:
        return Message.of("descent.failure.division_by_zero")
    if isinstance(error, OverflowError) or "overflow" in text:
        return Message.of("descent.failure.overflow")
    if isinstance(error, TypeError) or "complex" in text:
        return Message.of("descent.failure.not_real")
    if isinstance(error, ValueError) or "invalid value" in text:
        return Message.of("descent.failure.domain")
    return Message.of("error.plain", message=text or type(error).__name__)


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
        raise EvaluationError.from_phrase("descent.error.undefined_at", point=", ".join(f"{c:g}" for c in coordinates),
                                          reason=describe_failure(error)) from None
    if not (math.isfinite(value) and all(map(math.isfinite, gradient))):
        raise EvaluationError.from_phrase("descent.error.not_finite_at", point=", ".join(f"{c:g}" for c in coordinates))
    return value, gradient

