"""click's usage errors are said as symgrad's other errors: one ``error:`` line in
``--lang`` (or the locale), then the usage; exit code 2, never click's English in Korean."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from symgrad.cli import main
from symgrad.cli.usage import language_in_arguments

CASES = [
    (["walk", "--nope", "x"], "error: no such option '--nope' (did you mean '--no-steps'?)",
     "error: '--nope'이라는 옵션이 없습니다 ('--no-steps'을(를) 뜻했나요?)"),
    (["walk"], "error: missing argument 'EXPR'", "error: 인수 'EXPR'이(가) 빠졌습니다"),
    (["frobnicate"], "error: no such command 'frobnicate'", "error: 'frobnicate'이라는 명령이 없습니다"),
    (["walk", "x", "y", "z"], "error: unexpected extra argument(s): y z", "error: 예상하지 못한 인수: y z"),
    (["walk", "x", "--format", "foo"],
     "error: invalid value for '--format': 'foo' is not one of 'text', 'json', 'latex', 'markdown', 'html'",
     "error: '--format'의 값이 올바르지 않습니다: 'foo'은(는) 'text', 'json', 'latex', 'markdown', 'html' 중 하나가 아닙니다"),
    (["check", "p1", "--timeout", "0.01", "--answer", "f_x=1"],
     "error: invalid value for '--timeout': 0.01 is not in the range 0.1<=x<=60",
     "error: '--timeout'의 값이 올바르지 않습니다: 0.01은(는) 범위 0.1<=x<=60 밖입니다"),
    (["grade", "p1", "s.csv"], "error: missing option '--out'", "error: 옵션 '--out'이(가) 빠졌습니다"),
    (["walk", "x", "--at"], "error: option '--at' needs a value", "error: 옵션 '--at'에는 값이 필요합니다"),
]


@pytest.mark.parametrize("args, english, korean", CASES)
def test_usage_errors_follow_lang(args, english, korean):
    for lang, expected in (("en", english), ("ko", korean)):
        result = CliRunner().invoke(main, [*args, "--lang", lang] if args[-1] != "--at" else args[:-1] + ["--lang", lang, "--at"])
        assert result.exit_code == 2, result.output
        lines = result.stderr.splitlines()
        assert lines[0] == expected
        assert len(lines) <= 2 and "Traceback" not in result.output
        if lang == "ko":
            assert "Error:" not in result.stderr and "Usage:" not in result.stderr


def test_usage_errors_follow_the_locale_without_lang():
    result = CliRunner().invoke(main, ["walk", "--nope", "x"], env={"LC_ALL": None, "LC_MESSAGES": None,
                                                                    "LANG": "ko_KR.UTF-8"})
    assert result.exit_code == 2 and result.stderr.startswith("error: '--nope'이라는 옵션이 없습니다")


def test_help_version_and_success_keep_their_exit_codes():
    assert CliRunner().invoke(main, ["--help"]).exit_code == 0
    assert CliRunner().invoke(main, ["--version"]).exit_code == 0
    assert CliRunner().invoke(main, ["diff", "x^2"]).exit_code == 0
    assert CliRunner().invoke(main, ["walk", "x+@"]).exit_code == 2


@pytest.mark.parametrize("arguments, lang", [
    (["walk", "--lang", "ko"], "ko"), (["--lang=en"], "en"), (["--lang", "fr"], None), (["--lang"], None), ([], None),
])
def test_language_in_arguments(arguments, lang):
    assert language_in_arguments(arguments) == lang
