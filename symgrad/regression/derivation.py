"""The gradient of a regression loss, derived step by step as the lecture does it (004).

A :class:`Derivation` is a list of :class:`DerivationStep`: a sentence (a phrase key),
and where the step is an equation, its two sides as SymPy expressions in the symbols of
one example (yᵢ, zᵢ = θᵀxᵢ, pᵢ = σ(zᵢ), xᵢⱼ, θⱼ), with the rule tree of
:mod:`symgrad.steps` when the step differentiates. The chain rule splits ∂lᵢ/∂θⱼ into
∂lᵢ/∂zᵢ · ∂zᵢ/∂θⱼ (linear) or ∂lᵢ/∂pᵢ · dpᵢ/dzᵢ · ∂zᵢ/∂θⱼ (logistic, with
σ'(z) = σ(z)(1 − σ(z))), down to −(yᵢ − zᵢ)xᵢⱼ and −(yᵢ − pᵢ)xᵢⱼ; then the sum over
the data and the vector form Xᵀ(Xθ − y), Xᵀ(p − y); then what symgrad minimises (the
mean, the intercept, the L2 penalty).

Every equation is exact; tests check each against ``sympy.diff`` of the summed loss of
a small symbolic data set.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from symgrad.messages import Message
from symgrad.steps import derivative_steps

y, z, p, x, theta = sympy.symbols("y_i z_i p_i x_ij theta_j", real=True)
l = sympy.Symbol("l_i")
SYMBOLS = {"y": y, "z": z, "p": p, "x": x, "theta": theta, "l": l}
"""The symbols of one example: yᵢ, zᵢ = θᵀxᵢ, pᵢ = σ(zᵢ), xᵢⱼ, θⱼ and the loss lᵢ."""

SIGMOID = 1 / (1 + sympy.exp(-z))
LOSSES = {
    "linear": sympy.Rational(1, 2) * (y - z) ** 2,
    "logistic": -(y * sympy.log(p) + (1 - y) * sympy.log(1 - p)),
}
"""The loss of one example in the lecture's form (logistic: in pᵢ, with pᵢ = σ(zᵢ))."""


@dataclass(frozen=True)
class DerivationStep:
    """One line of a derivation: ``message`` says what is done; ``left`` = ``right`` where it
    is an equation. ``left`` is ("value", symbol), or ("partial" | "derivative", top,
    bottom) for ∂top/∂bottom; ``tree`` is the rule tree when the step differentiates."""

    message: Message
    left: tuple | None = None
    right: sympy.Expr | tuple | None = None  # a tuple: factors of a product, as written
    tree: object = None

    def to_dict(self) -> dict:
        shown = None
        if self.left is not None:
            right = " * ".join(f"({f})" for f in self.right) if isinstance(self.right, tuple) else str(self.right)
            shown = {"kind": self.left[0], "of": [str(s) for s in self.left[1:]], "equals": right}
        return {"say": self.message.to_dict(), **({"equation": shown} if shown else {})}


@dataclass(frozen=True)
class Derivation:
    """The steps from the loss of one example to the gradient symgrad descends."""

    model: str
    steps: tuple[DerivationStep, ...]
    per_example: sympy.Expr
    """∂lᵢ/∂θⱼ in yᵢ, zᵢ or pᵢ, xᵢⱼ: the formula summed over the data."""

    def to_dict(self) -> dict:
        return {"model": self.model, "per_example": str(self.per_example), "steps": [s.to_dict() for s in self.steps]}


def _say(key: str, **fields) -> Message:
    return Message.of(key, **fields)


def derive(model: str, intercept: bool = True, l2: float = 0.0) -> Derivation:
    """The derivation of ∇J for ``model`` ("linear" or "logistic"), as :func:`derive` is shown."""
    loss = LOSSES[model]
    steps = [DerivationStep(_say(f"fit.step.prediction_{model}"))]
    steps.append(DerivationStep(_say(f"fit.step.loss_{model}"), ("value", l), loss))
    steps.append(DerivationStep(_say(f"fit.step.chain_{model}")))
    inner = DerivationStep(_say("fit.step.inner"), ("partial", z, theta), x)
    if model == "linear":
        outer_tree = derivative_steps(loss, z, (z, y))
        outer = sympy.factor(outer_tree.result)
        steps.append(DerivationStep(_say("fit.step.outer", through="zᵢ"), ("partial", l, z), outer, outer_tree))
        steps.append(inner)
        per_example = -sympy.Mul(y - z, x, evaluate=False)
        steps.append(DerivationStep(_say("fit.step.multiply_linear"), ("partial", l, theta), per_example))
    else:
        outer_tree = derivative_steps(loss, p, (p, y))
        steps.append(DerivationStep(_say("fit.step.outer", through="pᵢ"), ("partial", l, p), outer_tree.result,
                                    outer_tree))
        sigma_tree = derivative_steps(SIGMOID, z, (z,))
        steps.append(DerivationStep(_say("fit.step.sigmoid_derivative"), ("derivative", p, z), sigma_tree.result,
                                    sigma_tree))
        steps.append(DerivationStep(_say("fit.step.sigmoid_identity"), ("derivative", p, z), p * (1 - p)))
        steps.append(inner)
        product = (outer_tree.result, p * (1 - p), x)  # three factors, shown side by side
        steps.append(DerivationStep(_say("fit.step.multiply_logistic"), ("partial", l, theta), product))
        per_example = -sympy.Mul(y - p, x, evaluate=False)
        steps.append(DerivationStep(_say("fit.step.simplify_logistic"), ("partial", l, theta), per_example))
    steps.append(DerivationStep(_say(f"fit.step.sum_{model}")))
    steps.append(DerivationStep(_say(f"fit.step.vector_{model}")))
    steps.append(DerivationStep(_say("fit.step.mean")))
    if intercept:
        steps.append(DerivationStep(_say("fit.step.intercept")))
    if l2:
        steps.append(DerivationStep(_say("fit.step.l2", l2=l2)))
    steps.append(DerivationStep(_say(f"fit.step.descent_{model}" + ("_l2" if l2 else ""))))
    return Derivation(model, tuple(steps), per_example)
