"""symgrad: a symbolic calculus tutor (derivatives, gradients, Hessians, gradient descent).

The public API, re-exported here; nothing else imports from :mod:`symgrad.cli`. Every
result object has ``to_dict()``, ``to_text()``, ``to_latex()``, ``to_markdown()`` and
``to_html()``, and displays itself in Jupyter.

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
from symgrad.exercises import Exercise, load_exercises
from symgrad.grading.grade import Grade, ItemResult, check
from symgrad.solution import Solution, solve
from symgrad.variants import make_variants
from symgrad.worksheet import AnswerKey, Worksheet, answer_key, build_worksheet

__version__ = "0.1.0"

__all__ = [
    # errors
    "EvaluationError", "ParseError", "ResourceLimitError", "SymgradError",
    # parse -> steps -> walkthrough
    "Problem", "parse", "derivative_steps", "Derivative", "Walkthrough", "derivative", "walkthrough",
    # compile -> optimize -> trace
    "descend", "sweep", "Iterate", "StopReason", "Sweep", "SweepRun", "Trace",
    # exercises -> grade, solutions and worksheets
    "Exercise", "load_exercises", "Grade", "ItemResult", "check", "Solution", "solve",
    "make_variants", "AnswerKey", "Worksheet", "answer_key", "build_worksheet",
]
