"""Every user-visible sentence and rule name, per language.

Renderers never spell English (or Korean) themselves: they call
``phrase(key, lang, **fields)``.  Keys are dotted: ``rule.<rule name>`` for the name of
each rule in :mod:`symgrad.steps`, ``step.*`` for the sentences of a derivation.
A language that lacks a key falls back to English, so a new phrase shows up in
every language at once (translated later).
"""

from __future__ import annotations

DEFAULT_LANGUAGE = "en"

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        # names of the rules (keys: Rule.name)
        "rule.constant": "constant rule",
        "rule.variable": "variable rule",
        "rule.constant_multiple": "constant multiple rule",
        "rule.sum": "sum and difference rule",
        "rule.power": "power rule",
        "rule.product": "product rule",
        "rule.quotient": "quotient rule",
        "rule.chain": "chain rule",
        "rule.exp": "exponential rule",
        "rule.exp_base": "exponential rule (base a)",
        "rule.log": "natural logarithm rule",
        "rule.log_base": "logarithm rule (base a)",
        "rule.trig": "trigonometric rule",
        "rule.inverse_trig": "inverse trigonometric rule",
        "rule.hyperbolic": "hyperbolic rule",
        "rule.inverse_hyperbolic": "inverse hyperbolic rule",
        "rule.log_differentiation": "logarithmic differentiation",
        "rule.abs": "absolute value rule",
        "rule.simplify": "simplify",
        "rule.dont_know": "no rule known",
        "rule.unknown": "rule {name}",
        # a derivation, step by step
        "step.title": "Derivative of {expression} with respect to {variable}",
        "step.rule": "{rule}: {formula}",
        "step.held_constant.one": "{names} is held constant",
        "step.held_constant.many": "{names} are held constant",
        "step.number_constant": "{expression} is a number",
        "step.list_and": " and ",
        "step.constant_factor": "constant factor {constant}",
        "step.rewrite": "write {expression} as {rewritten}",
        "step.factors": "factors: {factors}",
        "step.quotient_parts": "numerator f = {numerator}, denominator g = {denominator}",
        "step.chain_let": "let {u} = {inner}, so f = {outer}",
        "step.chain_outer": "outer derivative: {statement}",
        "step.chain_inner": "inner derivative: {statement}",
        "step.chain_product": "multiply: {outer_derivative} · {inner_derivative} = {result}",
        "step.take_log": "take logarithms: ln y = {log_expr}, so y' = y·(ln y)'",
        "step.log_derivative": "derivative of the logarithm: {statement}",
        "step.dont_know": "no textbook rule for {expression}; SymPy's derivative is used",
        "step.simplify": "simplify: {result}",
        "step.result": "result: {result}",
        "step.term": "term {index}: {statement}",
        # the walkthrough and single derivatives
        "walk.function": "f({variables}) = {expression}",
        "walk.first_partials": "First partial derivatives",
        "walk.second_partials": "Second partial derivatives",
        "walk.second_notation": "{name} means {meaning}: differentiate {first} first, then {second}",
        "walk.mixed_agree": "{left} = {right}: the mixed partials agree, as they must for smooth f (Schwarz/Clairaut)",
        "walk.mixed_differ": "{left} ≠ {right}: the mixed partials differ (f is not smooth enough here)",
        "walk.mixed_unknown": "{left} and {right}: equality could not be decided in time",
        "walk.gradient": "Gradient",
        "walk.hessian": "Hessian",
        "walk.at": "At {point}",
        "walk.undefined": "undefined",
        "walk.critical": "Critical points (∇f = 0)",
        "walk.critical_none": "none: ∇f = 0 has no real solution where f is defined",
        "walk.critical_point": "{point}: {kind}, f {value}",
        "walk.eigenvalues": "Hessian eigenvalues {values}",
        "walk.kind.minimum": "local minimum",
        "walk.kind.maximum": "local maximum",
        "walk.kind.saddle": "saddle point",
        "walk.kind.inconclusive": "inconclusive (the Hessian is singular there)",
        "walk.directional": "Directional derivative along {direction}",
        "walk.unit_vector": "unit vector u = {unit}",
        "walk.directional_formula": "D_u f = ∇f · u = {result}",
        "walk.directional_at": "at {point}: D_u f = {value}",
        "diff.result": "{name} = {result}",
    },
}


def phrase(key: str, lang: str = DEFAULT_LANGUAGE, **fields: object) -> str:
    """The phrase ``key`` in ``lang`` (English when missing), formatted with ``fields``."""
    table = PHRASES.get(lang, PHRASES[DEFAULT_LANGUAGE])
    template = table.get(key)
    if template is None:
        template = PHRASES[DEFAULT_LANGUAGE][key]
    return template.format(**fields)


def rule_name(name: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The display name of a rule (``"chain"`` → ``"chain rule"``)."""
    key = f"rule.{name}"
    table = PHRASES.get(lang, PHRASES[DEFAULT_LANGUAGE])
    if key in table or key in PHRASES[DEFAULT_LANGUAGE]:
        return phrase(key, lang)
    return phrase("rule.unknown", lang, name=name)


def join_names(names: list[str], lang: str = DEFAULT_LANGUAGE) -> str:
    """``["y"]`` → ``"y"``; ``["y", "z"]`` → ``"y and z"``; three or more: ``"x, y and z"``."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + phrase("step.list_and", lang) + names[-1]
