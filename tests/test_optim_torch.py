"""symgrad's optimizers against torch.optim itself (float64, single-tensor path).

torch is not a dependency of symgrad: this module is skipped unless torch is importable
(run it in a virtual environment that has torch). The gradient fed to torch comes from
torch's own autograd on the same function written in torch operations, so the only
shared ingredient is the function's formula.
"""

from __future__ import annotations

import pytest
import sympy

from symgrad.compile import compile_expression
from symgrad.optim import StopRules, descend_compiled

torch = pytest.importorskip("torch")

TOLERANCE = 1e-12
STEPS = 200


def _symbols(count):
    return sympy.symbols(f"x0:{count}", real=True)


def camelback_sympy():
    t1, t2 = _symbols(2)
    return (4 - sympy.Rational(21, 10) * t1**2 + t1**4 / 3) * t1**2 + t1 * t2 + (-4 + 4 * t2**2) * t2**2, (t1, t2)


def camelback_torch(x):
    t1, t2 = x[0], x[1]
    return (4 - 2.1 * t1**2 + t1**4 / 3) * t1**2 + t1 * t2 + (-4 + 4 * t2**2) * t2**2


def rosenbrock_sympy(count):
    xs = _symbols(count)
    return sum(100 * (xs[i + 1] - xs[i] ** 2) ** 2 + (1 - xs[i]) ** 2 for i in range(count - 1)), xs


def rosenbrock_torch(x):
    return torch.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


def torch_iterates(function, start, make_optimizer, steps):
    """θ₀..θ_steps under a torch optimizer, the gradient from autograd."""
    x = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    optimizer = make_optimizer([x])
    out = [tuple(x.detach().tolist())]
    for _ in range(steps):
        optimizer.zero_grad()
        function(x).backward()
        optimizer.step()
        out.append(tuple(x.detach().tolist()))
    return out


def relative_difference(ours, theirs):
    """max over k of ‖θₖ − θ̃ₖ‖∞ / ‖θ̃ₖ‖∞ (relative to the iterate, not per coordinate:
    a coordinate crossing zero would make a per-coordinate ratio meaningless)."""
    worst = 0.0
    for a_row, b_row in zip(ours, theirs):
        scale = max(abs(b) for b in b_row)
        worst = max(worst, max(abs(a - b) for a, b in zip(a_row, b_row)) / scale)
    return worst


PROBLEMS = {
    # name: (sympy builder, torch function, start, backend)
    "camelback": (camelback_sympy, camelback_torch, (-0.5, 0.5), "scalar"),
    "rosenbrock2": (lambda: rosenbrock_sympy(2), rosenbrock_torch, (-1.2, 1.0), "scalar"),
    "rosenbrock12": (lambda: rosenbrock_sympy(12), rosenbrock_torch,
                     tuple(-1.2 + 0.2 * i for i in range(12)), "numpy"),
}

# (our method, our hyperparameters, torch optimizer factory); the learning rates keep
# every run bounded on every problem.
CASES = {
    "gd": ("gd", dict(lr=1e-4), lambda p: torch.optim.SGD(p, lr=1e-4, foreach=False)),
    # maximize runs ascend −f (see MAXIMIZED) so that they stay bounded
    "gd-maximize": ("gd", dict(lr=1e-4, maximize=True),
                    lambda p: torch.optim.SGD(p, lr=1e-4, maximize=True, foreach=False)),
    "adam-maximize": ("adam", dict(lr=1e-3, maximize=True),
                      lambda p: torch.optim.Adam(p, lr=1e-3, maximize=True, foreach=False)),
    "momentum": ("momentum", dict(lr=1e-4, momentum=0.9),
                 lambda p: torch.optim.SGD(p, lr=1e-4, momentum=0.9, foreach=False)),
    "momentum-dampening": ("momentum", dict(lr=1e-4, momentum=0.8, dampening=0.3),
                           lambda p: torch.optim.SGD(p, lr=1e-4, momentum=0.8, dampening=0.3,
                                                     foreach=False)),
    "nesterov": ("nesterov", dict(lr=1e-4, momentum=0.9),
                 lambda p: torch.optim.SGD(p, lr=1e-4, momentum=0.9, nesterov=True, foreach=False)),
    "adagrad": ("adagrad", dict(lr=1e-2),
                lambda p: torch.optim.Adagrad(p, lr=1e-2, foreach=False)),
    "rmsprop": ("rmsprop", dict(lr=1e-3),
                lambda p: torch.optim.RMSprop(p, lr=1e-3, foreach=False)),
    "rmsprop-centered-momentum": ("rmsprop", dict(lr=1e-4, centered=True, momentum=0.5, alpha=0.9),
                                  lambda p: torch.optim.RMSprop(p, lr=1e-4, centered=True, momentum=0.5,
                                                                alpha=0.9, foreach=False)),
    "adam": ("adam", dict(lr=1e-3), lambda p: torch.optim.Adam(p, lr=1e-3, foreach=False)),
    "adam-amsgrad": ("adam", dict(lr=1e-2, amsgrad=True, beta1=0.8),
                     lambda p: torch.optim.Adam(p, lr=1e-2, amsgrad=True, betas=(0.8, 0.999),
                                                foreach=False)),
}

MAXIMIZED = {"gd-maximize", "adam-maximize"}

MEASURED: dict[str, float] = {}


@pytest.mark.parametrize("problem", sorted(PROBLEMS))
@pytest.mark.parametrize("case", sorted(CASES))
def test_iterates_agree_with_torch(problem, case):
    build, torch_function, start, backend = PROBLEMS[problem]
    method, hyperparameters, make_optimizer = CASES[case]
    expr, variables = build()
    if case in MAXIMIZED:
        expr, torch_function = -expr, (lambda f: lambda x: -f(x))(torch_function)
    compiled = compile_expression(expr, variables, backend=backend)
    trace = descend_compiled(compiled, start, method, StopRules(iters=STEPS, tol=0.0), **hyperparameters)
    ours = [row.theta for row in trace.iterations]
    theirs = torch_iterates(torch_function, start, make_optimizer, STEPS)
    assert len(ours) == STEPS + 1
    difference = relative_difference(ours, theirs)
    MEASURED[f"{problem}/{case}"] = difference
    assert difference <= TOLERANCE


@pytest.mark.parametrize("problem", sorted(PROBLEMS))
def test_lookahead_nesterov_is_torch_nesterov_at_the_lookahead_point(problem):
    """Lecture form x, v and torch's x̃: x̃ₖ = xₖ + ρ·vₖ with vₖ = xₖ − xₖ₋₁."""
    build, torch_function, start, backend = PROBLEMS[problem]
    rho, lr = 0.9, 1e-4
    expr, variables = build()
    compiled = compile_expression(expr, variables, backend=backend)
    trace = descend_compiled(compiled, start, "nesterov-lookahead", StopRules(iters=STEPS, tol=0.0),
                    lr=lr, momentum=rho)
    xs = [row.theta for row in trace.iterations]
    lookahead = [xs[0]] + [tuple(x + rho * (x - p) for x, p in zip(xs[k], xs[k - 1]))
                           for k in range(1, len(xs))]
    theirs = torch_iterates(torch_function, start,
                            lambda p: torch.optim.SGD(p, lr=lr, momentum=rho, nesterov=True,
                                                      foreach=False), STEPS)
    difference = relative_difference(lookahead, theirs)
    MEASURED[f"{problem}/nesterov-lookahead(x+ρv)"] = difference
    assert difference <= 1e-10  # x + ρ(x − x₋₁) is recomputed from rounded iterates


def test_report_measured_differences(capsys):
    """Prints the worst relative difference seen (run with -s to read it)."""
    if MEASURED:
        worst = max(MEASURED, key=MEASURED.get)
        with capsys.disabled():
            print(f"\nmax relative difference vs torch.optim over {len(MEASURED)} runs: "
                  f"{MEASURED[worst]:.3e} ({worst})")
