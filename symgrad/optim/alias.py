"""The optimizers the lectures teach, as chains of small transformations.

Every optimizer ends (or, for the look-ahead form, begins) with
:func:`~symgrad.optim.base.scale_by_learning_rate`, the one place where the
learning rate and the sign live; ``maximize=True`` turns any of them into ascent, as
``maximize=True`` does in torch.optim. Defaults are torch.optim's, except where a
docstring says otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Mapping

from symgrad.messages import Message
from symgrad.errors import SymgradError
from symgrad.optim.base import GradientTransformation, chain, scale_by_learning_rate
from symgrad.optim.newton import Newton
from symgrad.optim.transforms import scale_by_adam, scale_by_rms, scale_by_rss, trace


def gd(lr: float = 1e-3, maximize: bool = False) -> GradientTransformation:
    """Plain gradient descent (torch.optim.SGD without momentum).

    θ ← θ − lr·∇f(θ);  with ``maximize``, θ ← θ + lr·∇f(θ) (the lecture's gradient ascent).
    The lecture writes the same rule as W ← W − ηg.
    """
    return scale_by_learning_rate(lr, maximize)


def momentum(lr: float = 1e-3, momentum: float = 0.9, dampening: float = 0.0,
             maximize: bool = False) -> GradientTransformation:
    """Heavy-ball momentum, as torch.optim.SGD(momentum=μ, dampening=τ) does it.

    b₁ = g₁, then b ← μ·b + (1 − τ)·g;  θ ← θ − lr·b.
    Lecture (002): v ← ρv + g, x ← x − αv: the same iterates (τ = 0, b₀ = 0). Lecture 004
    writes v ← αv − ηg, W ← W + v, the same iterates again for a constant learning rate.
    torch.optim.SGD's own default momentum is 0, which is plain gd; this method exists
    for μ > 0, so its default is the lecture's 0.9.
    """
    return chain(trace(momentum, dampening), scale_by_learning_rate(lr, maximize))


def nesterov(lr: float = 1e-3, momentum: float = 0.9, maximize: bool = False) -> GradientTransformation:
    """Nesterov momentum in torch's form (torch.optim.SGD(nesterov=True), dampening 0).

    b₁ = g₁, then b ← μ·b + g;  d = g + μ·b;  θ ← θ − lr·d.
    The lecture (002) writes the look-ahead form instead (see :func:`nesterov_lookahead`):
    torch's θ is the lecture's look-ahead point x + ρv, so the printed iterates differ
    although the two runs are the same method.
    """
    return chain(trace(momentum, 0.0, nesterov=True), scale_by_learning_rate(lr, maximize))


def nesterov_lookahead(lr: float = 1e-3, momentum: float = 0.9,
                       maximize: bool = False) -> GradientTransformation:
    """Nesterov momentum in the lecture's look-ahead form (002).

    v₀ = 0;  v ← ρ·v − α·∇f(x + ρ·v);  x ← x + v   (α = lr, ρ = momentum).
    The gradient is taken at the look-ahead point x + ρv: the transformation says so
    through ``gradient_point``, and the run loop evaluates ∇f there. Its iterates x are
    related to torch's Nesterov iterates x̃ (:func:`nesterov`) by x̃ = x + ρv.
    """
    return chain(scale_by_learning_rate(lr, maximize), trace(momentum, look_ahead=True))


def adagrad(lr: float = 1e-2, eps: float = 1e-10, initial_accumulator_value: float = 0.0,
            maximize: bool = False) -> GradientTransformation:
    """AdaGrad as torch.optim.Adagrad does it (lr_decay 0, weight decay 0).

    S ← S + g²;  θ ← θ − lr·g / (√S + eps);  S₀ = initial_accumulator_value, eps = 1e−10.
    Lecture (004): Γ ← Γ + g², x ← x − η/(√Γ + ε) ⊙ g, the same rule (004 omits ε).
    """
    return chain(scale_by_rss(eps, initial_accumulator_value), scale_by_learning_rate(lr, maximize))


def rmsprop(lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8, momentum: float = 0.0,
            centered: bool = False, maximize: bool = False) -> GradientTransformation:
    """RMSProp as torch.optim.RMSprop does it, eps outside the root.

    v ← α·v + (1 − α)·g²;  centered: ḡ ← α·ḡ + (1 − α)·g and v − ḡ² replaces v below;
    u = g / (√v + eps);  with momentum μ > 0: b ← μ·b + u (b₀ = 0), θ ← θ − lr·b;
    else θ ← θ − lr·u.
    The lecture (002) writes the same rule with β for α; 004 says the decay is usually 0.9,
    where torch's default alpha is 0.99.
    """
    steps = [scale_by_rms(alpha, eps, centered)]
    if momentum > 0:
        steps.append(trace(momentum))
    steps.append(scale_by_learning_rate(lr, maximize))
    return chain(*steps)


def adam(lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
         amsgrad: bool = False, maximize: bool = False) -> GradientTransformation:
    """Adam as torch.optim.Adam does it (Kingma & Ba, Algorithm 1), eps after bias correction.

    m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²;  m̂ = m/(1 − β₁ᵗ);  v̂ = v/(1 − β₂ᵗ);
    θ ← θ − lr·m̂ / (√v̂ + eps).
    amsgrad (as torch): v_max ← max(v_max, v), and v̂ = v_max/(1 − β₂ᵗ).
    The lecture (004) quotes the same algorithm and defaults; 002 writes the second moment
    with ∇²f(x)², an erratum for g ⊙ g.
    """
    return chain(scale_by_adam(beta1, beta2, eps, amsgrad), scale_by_learning_rate(lr, maximize))


def newton(lr: float = 1.0, refuse: bool = False, maximize: bool = False) -> Newton:
    """Newton's method with the exact Hessian H = ∇²f (no torch.optim counterpart).

    θ ← θ − lr·H⁻¹∇f(θ): one step to the minimum of a quadratic with lr = 1. Where H is
    singular or not positive definite (not negative definite with ``maximize``) the step
    uses H + μI and is halved until f decreases, and the trace says so; with ``refuse``
    the run stops there instead (see :mod:`symgrad.optim.newton`).
    The lectures solve ∂J/∂θ = 0 analytically or iterate GD (001); Newton iterates on the
    second derivatives the lecture computes for the camelback (s6), and reaches its
    global minimum from Θ₀ = (−0.5, 0.5) in 7 steps where GD with ρ = 0.01 takes hundreds.
    """
    return Newton(lr, refuse, maximize)


# ---------------------------------------------------------------- the registry the CLI uses


@dataclass(frozen=True)
class Method:
    """A public optimizer: its name, builder and hyperparameters with their defaults."""

    name: str
    build: Callable[..., GradientTransformation | Newton]
    defaults: Mapping[str, float | bool]

    def hyperparameters(self, given: Mapping[str, float | bool | None]) -> dict[str, float | bool]:
        """The defaults overridden by the non-None values in ``given``; validated.

        Raises SymgradError for a hyperparameter the method does not take or a value out
        of its range.
        """
        values = dict(self.defaults)
        for name, value in given.items():
            if value is None:
                continue
            if name not in values:
                raise SymgradError.from_phrase("descent.error.not_for_method", option=f"--{name}", method=self.name,
                                               options=", ".join("--" + n for n in self.defaults))
            values[name] = value
        for name, value in values.items():
            _check_range(name, value)
        return values

    def __call__(self, **hyperparameters) -> GradientTransformation | Newton:
        return self.build(**hyperparameters)


_RANGES = {  # name: (low, low included, high, high included, the phrase in words); torch.optim's checks
    "lr": (0.0, False, math.inf, False, "descent.range.positive"),
    "momentum": (0.0, True, math.inf, False, "descent.range.at_least_zero"),
    "dampening": (0.0, True, 1.0, True, "descent.range.closed_unit"),
    "alpha": (0.0, True, 1.0, True, "descent.range.closed_unit"),
    "beta1": (0.0, True, 1.0, False, "descent.range.half_open_unit"),
    "beta2": (0.0, True, 1.0, False, "descent.range.half_open_unit"),
    "eps": (0.0, True, math.inf, False, "descent.range.at_least_zero"),
    "initial_accumulator_value": (0.0, True, math.inf, False, "descent.range.at_least_zero"),
}


def _check_range(name: str, value: float | bool) -> None:
    if name not in _RANGES:
        return
    low, low_included, high, high_included, words = _RANGES[name]
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    ok = ok and (value >= low if low_included else value > low)
    ok = ok and (value <= high if high_included else value < high)
    if not ok:
        raise SymgradError.from_phrase("descent.error.out_of_range", option=f"--{name.replace('_', '-')}",
                                       words=Message.of(words), given=repr(value))


def _method(name: str, build: Callable[..., GradientTransformation], **defaults) -> Method:
    return Method(name, build, defaults)


METHODS: dict[str, Method] = {
    m.name: m
    for m in (
        _method("gd", gd, lr=1e-3, maximize=False),
        _method("momentum", momentum, lr=1e-3, momentum=0.9, dampening=0.0, maximize=False),
        _method("nesterov", nesterov, lr=1e-3, momentum=0.9, maximize=False),
        _method("nesterov-lookahead", nesterov_lookahead, lr=1e-3, momentum=0.9, maximize=False),
        _method("adagrad", adagrad, lr=1e-2, eps=1e-10, maximize=False),
        _method("rmsprop", rmsprop, lr=1e-2, alpha=0.99, eps=1e-8, momentum=0.0, centered=False,
                maximize=False),
        _method("adam", adam, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, amsgrad=False, maximize=False),
        _method("newton", newton, lr=1.0, refuse=False, maximize=False),
    )
}
"""Every public optimizer by its CLI name, with torch.optim's defaults (see each docstring;
newton's lr 1 is the undamped Newton step)."""


def get_method(name: str) -> Method:
    """The method called ``name``; SymgradError naming the choices when there is none."""
    try:
        return METHODS[name]
    except KeyError:
        raise SymgradError.from_phrase("descent.error.unknown_method", given=repr(name), methods=", ".join(METHODS)) from None
