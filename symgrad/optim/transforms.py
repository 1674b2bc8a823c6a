"""Small gradient transformations, each one leaf rule; the public optimizers chain them.

Each rule's statements are its update rule (see :mod:`symgrad.optim.base` for the names
they may use). Where torch.optim orders a floating-point operation in a particular way
the statement follows it, so that iterates agree with torch's to rounding.
"""

from __future__ import annotations

from symgrad.optim.base import GradientTransformation, LeafRule, rule


def trace(decay: float, dampening: float = 0.0, nesterov: bool = False,
          look_ahead: bool = False) -> GradientTransformation:
    """The momentum buffer of torch.optim.SGD.

    b₁ = u (the first update, undamped), then b ← decay·b + (1 − dampening)·u;
    the output is b, or u + decay·b with ``nesterov``. With ``look_ahead`` the next
    gradient is taken at x + decay·b (b must then be in parameter units).
    """
    out = "u = u + decay * b" if nesterov else "u = b"
    return rule(LeafRule(
        "trace",
        ("b = u if t == 1 else decay * b + keep * u", out),
        constants={"decay": decay, "keep": 1.0 - dampening},
        state={"b": 0.0},
        point="x + decay * b" if look_ahead else None,
    ))


def scale_by_rss(eps: float = 1e-10, initial_accumulator_value: float = 0.0) -> GradientTransformation:
    """AdaGrad's scaling (torch.optim.Adagrad): S ← S + g², u = g / (√S + eps)."""
    return rule(LeafRule(
        "rss",
        ("s = s + u * u", "u = u / (sqrt(s) + eps)"),
        constants={"eps": eps},
        state={"s": initial_accumulator_value},
    ))


def scale_by_rms(alpha: float = 0.99, eps: float = 1e-8, centered: bool = False) -> GradientTransformation:
    """RMSProp's scaling (torch.optim.RMSprop), eps outside the root.

    v ← α·v + (1 − α)·g²; centered: ḡ ← ḡ + (1 − α)·(g − ḡ) and v − ḡ² replaces v under
    the root; u = g / (√v + eps).
    """
    if centered:
        statements = ("v = v * alpha + rest * u * u", "a = a + rest * (u - a)",
                      "u = u / (sqrt(v - a * a) + eps)")
        state = {"v": 0.0, "a": 0.0}
    else:
        statements = ("v = v * alpha + rest * u * u", "u = u / (sqrt(v) + eps)")
        state = {"v": 0.0}
    return rule(LeafRule("rms", statements, constants={"alpha": alpha, "rest": 1.0 - alpha, "eps": eps},
                         state=state))


def scale_by_adam(beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
                  amsgrad: bool = False) -> GradientTransformation:
    """Adam's scaling (torch.optim.Adam), eps added after the bias correction.

    m ← β₁·m + (1 − β₁)·g,  v ← β₂·v + (1 − β₂)·g²,  (amsgrad: v_max ← max(v_max, v), used for v)
    u = (m / (1 − β₁ᵗ)) / (√v / √(1 − β₂ᵗ) + eps).
    """
    statements = ["m = b1 * m + r1 * u", "v = b2 * v + r2 * u * u"]
    state = {"m": 0.0, "v": 0.0}
    if amsgrad:
        statements += ["vmax = max(vmax, v)", "u = (m / c1) / (sqrt(vmax) / c2 + eps)"]
        state["vmax"] = 0.0
    else:
        statements += ["u = (m / c1) / (sqrt(v) / c2 + eps)"]
    return rule(LeafRule(
        "adam",
        tuple(statements),
        constants={"b1": beta1, "b2": beta2, "r1": 1.0 - beta1, "r2": 1.0 - beta2, "eps": eps},
        state=state,
        per_step=("c1 = 1.0 - b1 ** t", "c2 = sqrt(1.0 - b2 ** t)"),
    ))
