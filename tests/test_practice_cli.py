"""`symgrad practice` in the terminal, driven through stdin (click's CliRunner), in English
and Korean; and the README's practice transcript, replayed."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from symgrad.cli import main
from symgrad.phrases import phrase

ROOT = Path(__file__).resolve().parent.parent


def run(args, lines, **kwargs):
    text = "".join(line + "\n" for line in lines)
    return CliRunner().invoke(main, ["practice", *args], input=text, **kwargs)


def test_a_round_of_p2_with_every_command():
    result = run(["p2", "--lang", "en"], [
        "hint",                                 # level 1: the chain rule
        "1/(x^2 + 2xy - y^2)",                  # the inner derivative forgotten
        "hint",                                 # level 2 names that mistake
        "(2x + 2y)/(x^2 + 2xy - y^2)",          # right: LECTURE.md §2
        "(2x - 2y/(x^2",                        # unreadable: one line, the question again
        "skip",
        "2",                                    # f_x(1,1) = 2
        "show",                                 # f_y(1,1) revealed
    ])
    out = result.output
    assert result.exit_code == 0, out
    assert "Traceback" not in out
    lines = out.splitlines()
    assert lines[0] == "First partial derivatives of ln(x² + 2xy − y²)"
    assert "Question 1 of 4: find f_x = ∂f/∂x." in lines
    assert "  The rule that applies: chain rule, d/dx f(u(x)) = f'(u)·u'(x)" in lines
    assert "  Your last answer: " + phrase("mistake.chain_rule_inner", "en") in lines
    unreadable = [line for line in lines if line.startswith("The answer could not be read")]
    assert len(unreadable) == 1 and "position" in unreadable[0]
    assert lines.count("Question 2 of 4: find f_y = ∂f/∂y.") == 2  # asked again after it
    assert "Skipped f_y." in lines
    assert "  f_y(1,1) = 0" in lines
    assert "All questions done." in lines
    assert lines[-1].startswith("Score: 1.5/4 (2 of 4 right")  # f_x after two hints: 1/2, f_x(1,1): 1


def test_korean_round_and_korean_commands():
    result = run(["s1", "--lang", "ko"], ["힌트", "3x^2 + 2y^3", "정답", "건너뛰기", "종료"])
    out = result.output
    assert result.exit_code == 0, out
    assert "7문제 중 1번: f_x = ∂f/∂x 를 구하세요." in out
    assert "힌트 1/3:" in out and phrase("rule.sum", "ko") in out
    assert "정답입니다." in out
    assert "  f_y = 6xy²" in out
    assert "f_xx 를 건너뛰었습니다." in out
    assert out.splitlines()[-1].startswith("점수: 0.75/7")


def test_end_of_input_ends_with_the_summary():
    result = run(["camelback"], ["(2theta1^5 - 8.4theta1^3 + 8theta1 + theta2, 16theta2^3 - 8theta2 + theta1)"])
    assert result.exit_code == 0, result.output
    assert "Question 2 of 9: find ∇J(Θ₀), typed (a, b). Give 4 decimals." in result.output
    assert result.output.splitlines()[-1].startswith("Score: 1/9")


def test_descent_mistake_in_the_terminal():
    """Θ₀ + 0.01·∇J(Θ₀) = (−0.525125, 0.475): the step taken uphill."""
    result = run(["camelback"], ["skip", "skip", "(-0.5251, 0.475)", "hint", "quit"])
    assert phrase("mistake.descent_sign", "en") in result.output
    assert "  One descent step: Θ₁ = Θ₀ − 0.01·∇J(Θ₀)." in result.output.splitlines()


def test_save_and_resume(tmp_path):
    saved = tmp_path / "round.json"
    first = run(["p2", "--save", str(saved)], ["(2x + 2y)/(x^2 + 2xy - y^2)", "quit"])
    assert first.exit_code == 0, first.output
    assert f"Saved to {saved}" in first.output
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["position"] == 1 and data["records"][0]["outcome"] == "correct"
    second = run(["--resume", str(saved), "--lang", "ko"], ["(2x - 2y)/(x^2 + 2xy - y^2)", "2", "0"])
    assert second.exit_code == 0, second.output
    assert "4문제 중 2번부터 이어서 합니다." in second.output
    assert second.output.splitlines()[-2].startswith("점수: 4/4")
    assert json.loads(saved.read_text(encoding="utf-8"))["finished"] is True


def test_an_expression_with_a_leading_minus_and_a_point():
    result = run(["-x^2 + y", "--at", "x=1,y=0"], ["-2x", "1", "quit"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "f(x, y) = y − x²"
    assert result.output.count("Correct.") == 2


@pytest.mark.parametrize("args, key", [
    ([], "practice.error.no_source"),
    (["x +"], None),
    (["p2", "--resume", "README.md"], "practice.error.source_and_resume"),
])
def test_usage_mistakes_are_one_line_and_exit_2(args, key):
    result = run(args, [])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    error_lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1
    if key is not None:
        assert error_lines[0] == "error: " + phrase(key, "en")


def test_a_damaged_save_file_is_one_line(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = run(["--resume", str(broken)], [])
    assert result.exit_code == 2 and result.output.startswith("error: not a saved practice session")
    broken.write_text(json.dumps({"format": "symgrad-practice", "version": 99}), encoding="utf-8")
    result = run(["--resume", str(broken), "--lang", "ko"], [])
    assert result.exit_code == 2 and "99" in result.output and result.output.count("\n") == 1


def readme_transcript() -> tuple[list[str], list[str]]:
    """The command and the lines of the README's practice transcript."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Practice, one question at a time"):]
    block = re.search(r"```text\n(.*?)```", section, re.S).group(1)  # not `console`: it reads stdin
    lines = block.rstrip("\n").splitlines()
    return lines[0], lines[1:]


def test_the_readme_transcript_is_what_symgrad_prints():
    command, shown = readme_transcript()
    assert command.startswith("$ symgrad practice ")
    args = shlex.split(command[len("$ symgrad practice "):])
    typed = [line[2:] for line in shown if line.startswith("> ")]
    result = run(args, typed)
    assert result.exit_code == 0, result.output
    assert result.output.rstrip("\n").splitlines() == shown


def test_an_unwritable_save_file_is_said_before_the_first_question(tmp_path):
    result = run(["p2", "--save", str(tmp_path / "no" / "such" / "folder.json")], ["2"])
    assert result.exit_code == 2
    assert result.output.startswith("error: cannot write") and "Question 1" not in result.output
