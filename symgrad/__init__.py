"""symgrad: a symbolic calculus tutor (derivatives, gradients, Hessians, gradient descent).

The public API, re-exported here; nothing else imports from :mod:`symgrad.cli`.

>>> from symgrad import walkthrough
>>> walk = walkthrough("ln(x^2 + 2xy - y^2)", at="x=1,y=1")
>>> [v.exact for v in walk.at.gradient]
[2, 0]
"""

from symgrad.errors import EvaluationError, ParseError, ResourceLimitError, SymgradError
from symgrad.parse import Problem, parse
from symgrad.steps import derivative_steps
from symgrad.walkthrough import Derivative, Walkthrough, derivative, walkthrough
from symgrad.descent import descend, sweep
from symgrad.optim.sweep import Sweep, SweepRun
from symgrad.trace import Iterate, StopReason, Trace

__version__ = "0.1.0"

__all__ = [
    "Derivative", "EvaluationError", "ParseError", "Problem", "ResourceLimitError", "SymgradError",
    "Walkthrough", "derivative", "derivative_steps", "parse", "walkthrough",
]
__all__ += ["Iterate", "StopReason", "Sweep", "SweepRun", "Trace", "descend", "sweep"]

from symgrad.exercises import Exercise, load_exercises  # noqa: E402
from symgrad.grading.grade import Grade, ItemResult, check  # noqa: E402
from symgrad.solution import Solution, solve  # noqa: E402

__all__ += ["Exercise", "Grade", "ItemResult", "Solution", "check", "load_exercises", "solve"]
