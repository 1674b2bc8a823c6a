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
        "walk.note.timeout": "SymPy could not solve ∇f = 0 within the time limit",
        "walk.note.unsolvable": "SymPy could not solve ∇f = 0 ({error})",
        "walk.note.truncated": "only the first {count} critical points are listed",
        "walk.note.incomplete": "SymPy may not have found every solution of ∇f = 0 (curves of solutions are not listed)",
        # documents (LaTeX, Markdown, HTML)
        "doc.walk_title": "Walkthrough of {expression}",
        "doc.diff_title": "Derivative of {expression}",
        "doc.steps_for": "How {name} is found",
        "doc.steps": "Steps",
        "doc.result": "Result",
    },
    "ko": {
        # 미분법의 이름 (키: Rule.name)
        "rule.constant": "상수의 미분법",
        "rule.variable": "변수의 미분법",
        "rule.constant_multiple": "상수배의 미분법",
        "rule.sum": "합과 차의 미분법",
        "rule.power": "거듭제곱의 미분법",
        "rule.product": "곱의 미분법",
        "rule.quotient": "몫의 미분법",
        "rule.chain": "연쇄법칙",
        "rule.exp": "지수함수의 미분법",
        "rule.exp_base": "지수함수의 미분법 (밑 a)",
        "rule.log": "자연로그의 미분법",
        "rule.log_base": "로그함수의 미분법 (밑 a)",
        "rule.trig": "삼각함수의 미분법",
        "rule.inverse_trig": "역삼각함수의 미분법",
        "rule.hyperbolic": "쌍곡선함수의 미분법",
        "rule.inverse_hyperbolic": "역쌍곡선함수의 미분법",
        "rule.log_differentiation": "로그 미분법",
        "rule.abs": "절댓값의 미분법",
        "rule.simplify": "정리",
        "rule.dont_know": "알려진 미분법 없음",
        "rule.unknown": "미분법 {name}",
        # 단계별 풀이
        "step.title": "{variable}에 대한 {expression}의 도함수",
        "step.rule": "{rule}: {formula}",
        "step.held_constant.one": "{names}: 상수로 취급",
        "step.held_constant.many": "{names}: 상수로 취급",
        "step.number_constant": "{expression}: 상수",
        "step.list_and": ", ",
        "step.constant_factor": "상수 인수 {constant}",
        "step.rewrite": "바꿔 쓰기: {expression} = {rewritten}",
        "step.factors": "인수: {factors}",
        "step.quotient_parts": "분자 f = {numerator}, 분모 g = {denominator}",
        "step.chain_let": "치환 {u} = {inner}, 그러면 f = {outer}",
        "step.chain_outer": "겉미분: {statement}",
        "step.chain_inner": "속미분: {statement}",
        "step.chain_product": "겉미분 × 속미분: {outer_derivative} · {inner_derivative} = {result}",
        "step.take_log": "양변에 로그를 취함: ln y = {log_expr}, 따라서 y' = y·(ln y)'",
        "step.log_derivative": "로그의 도함수: {statement}",
        "step.dont_know": "{expression}: 교과서 미분법이 없어 SymPy의 도함수를 사용",
        "step.simplify": "정리: {result}",
        "step.result": "결과: {result}",
        "step.term": "{index}번째 항: {statement}",
        # 풀이 전체와 도함수 하나
        "walk.function": "f({variables}) = {expression}",
        "walk.first_partials": "1차 편도함수 (편미분)",
        "walk.second_partials": "이계 편미분 (2차 편도함수)",
        "walk.second_notation": "{name} = {meaning}: 먼저 {first}에 대해, 다음에 {second}에 대해 편미분",
        "walk.mixed_agree": "{left} = {right}: 매끄러운 함수이므로 혼합 편도함수가 같다 (슈바르츠/클레로 정리)",
        "walk.mixed_differ": "{left} ≠ {right}: 혼합 편도함수가 다르다 (이 함수는 여기서 충분히 매끄럽지 않다)",
        "walk.mixed_unknown": "{left}, {right}: 시간 안에 같은지 판정하지 못함",
        "walk.gradient": "그래디언트",
        "walk.hessian": "헤시안",
        "walk.at": "점 {point}에서",
        "walk.undefined": "정의되지 않음",
        "walk.critical": "임계점 (∇f = 0)",
        "walk.critical_none": "없음: f가 정의된 곳에서 ∇f = 0의 실수해가 없다",
        "walk.critical_point": "{point}: {kind}, f {value}",
        "walk.eigenvalues": "헤시안 고윳값 {values}",
        "walk.kind.minimum": "극소점",
        "walk.kind.maximum": "극대점",
        "walk.kind.saddle": "안장점",
        "walk.kind.inconclusive": "판정 불가 (그 점에서 헤시안이 특이행렬)",
        "walk.directional": "{direction} 방향의 방향도함수",
        "walk.unit_vector": "단위벡터 u = {unit}",
        "walk.directional_formula": "D_u f = ∇f · u = {result}",
        "walk.directional_at": "{point}에서: D_u f = {value}",
        "diff.result": "{name} = {result}",
        "walk.note.timeout": "SymPy가 제한 시간 안에 ∇f = 0을 풀지 못했다",
        "walk.note.unsolvable": "SymPy가 ∇f = 0을 풀지 못했다 ({error})",
        "walk.note.truncated": "처음 {count}개의 임계점만 보인다",
        "walk.note.incomplete": "SymPy가 ∇f = 0의 해를 모두 찾지 못했을 수 있다 (해의 곡선은 보이지 않는다)",
        # 문서 (LaTeX, Markdown, HTML)
        "doc.walk_title": "{expression}의 단계별 풀이",
        "doc.diff_title": "{expression}의 도함수",
        "doc.steps_for": "{name} 구하기",
        "doc.steps": "풀이 과정",
        "doc.result": "결과",
    },
}

LANGUAGES = tuple(PHRASES)
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def default_language(environ=None) -> str:
    """The language the locale asks for: ``ko`` when it starts with "ko", else ``en``.

    The first of LC_ALL, LC_MESSAGES and LANG that is set decides (POSIX precedence).

    >>> default_language({"LANG": "ko_KR.UTF-8"})
    'ko'
    >>> default_language({"LC_ALL": "C.UTF-8", "LANG": "ko_KR.UTF-8"})
    'en'
    >>> default_language({})
    'en'
    """
    import os

    environ = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = environ.get(name)
        if value:
            return "ko" if value.lower().startswith("ko") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def note_phrase(note, lang: str = DEFAULT_LANGUAGE) -> str | None:
    """A :class:`~symgrad.walkthrough.Note` (phrase key and fields) in ``lang``; None for no note."""
    if note is None:
        return None
    return phrase(note.key, lang, **dict(note.fields))


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
