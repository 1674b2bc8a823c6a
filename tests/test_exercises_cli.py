"""`symgrad exercises list|show|solve`, `check` and `grade` through CliRunner."""

from __future__ import annotations

import json

from click.testing import CliRunner

from symgrad.cli import main


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_list_text_and_json():
    result = run("exercises", "list")
    assert result.exit_code == 0 and "camelback" in result.output and "p7" in result.output
    data = json.loads(run("exercises", "list", "--format", "json").output)
    assert len(data) == 29 and data[0]["id"] == "d1"
    assert "편도함수" in run("exercises", "list", "--lang", "ko").output


def test_show_json_lists_items_with_their_fields():
    data = json.loads(run("exercises", "show", "p1", "--format", "json").output)
    item = data["items"][2]
    assert {k: item[k] for k in ("key", "kind", "wrt", "at", "expected")} == \
        {"key": "f_x(1,2)", "kind": "value", "wrt": ["x"], "at": ["1", "2"], "expected": "8"}


def test_show_text_names_the_keys():
    result = run("exercises", "show", "s1")
    assert result.exit_code == 0 and "f_xy" in result.output and "hessian" in result.output


def test_solve_camelback_prints_lecture_and_exact_values():
    result = run("exercises", "solve", "camelback")
    assert result.exit_code == 0
    out = result.output
    assert "−0.474875" in out and "−0.4748" in out          # exact iterate beside the printed one
    assert "truncated" in out and "rounded" in out
    data = json.loads(run("exercises", "solve", "camelback", "--format", "json").output)
    assert data["iterates"][1]["theta"] == ["-3799/8000", "21/40"]   # -0.474875 = -3799/8000
    assert data["walkthrough"] is not None


def test_unknown_exercise_is_one_error_line():
    result = run("exercises", "show", "nope")
    assert result.exit_code == 2 and result.output.startswith("error: no exercise 'nope'")


def test_check_text_shows_the_reading():
    result = run("check", "d4", "--answer", "y'=xe^x")
    assert result.exit_code == 0
    assert "read as: x·eˣ" in result.output and "variables: x" in result.output
    assert "incorrect" in result.output


def test_check_json_exact_shape():
    result = run("check", "p1", "--answer", "f_x=y^2+2xy", "--answer", "f_y=diff(f, y)",
                 "--answer", "f_x(1,2)=8", "--format", "json")
    data = json.loads(result.output)
    assert set(data) == {"exercise", "score", "max_score", "items"}
    assert data["exercise"] == "p1" and data["score"] == 2 and data["max_score"] == 3
    verdicts = {item["key"]: item["verdict"] for item in data["items"]}
    assert verdicts == {"f_x": "correct", "f_y": "invalid", "f_x(1,2)": "correct"}
    for item in data["items"]:
        assert set(item) == {"key", "verdict", "score", "interpreted", "feedback", "notes"}


def test_check_vector_and_matrix():
    data = json.loads(run("check", "camelback", "--answer", "theta1=(-0.4749, 0.525)", "--format", "json").output)
    assert data["items"][0]["verdict"] == "correct"
    data = json.loads(run("check", "s4", "--answer", "hessian=[[0, 1/y], [1/y, -x/y^2]]", "--format", "json").output)
    assert data["score"] == 1


def test_check_bad_usage():
    assert run("check", "p1").exit_code == 2
    result = run("check", "p1", "--answer", "nokey=1")
    assert result.exit_code == 2 and "has no item 'nokey'" in result.output
    assert run("check", "p1", "--answer", "f_x").exit_code == 2


def test_grade_command_csv_json_and_gradescope(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("student,y'\nann,3/x\nben,1/x^3\ncid,diff(ln(x^3))\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = run("grade", "d2", str(source), "--out", str(out), "--workers", "1")
    assert result.exit_code == 0, result.output
    rows = out.read_text().splitlines()
    assert len(rows) == 4 and rows[1].startswith("ann,2,1,1")
    assert "chain_rule_inner" in result.output and "mean score" in result.output
    gs = tmp_path / "gradescope"
    assert run("grade", "d2", str(source), "--out", str(gs), "--gradescope", "--workers", "1").exit_code == 0
    assert sorted(path.parent.name for path in gs.glob("*/results.json")) == ["ann", "ben", "cid"]
    assert json.loads((gs / "ann" / "results.json").read_text())["score"] == 1
    assert json.loads((gs / "cid" / "results.json").read_text())["tests"][0]["score"] == 0  # diff(...) is refused
    not_a_folder = run("grade", "d2", str(source), "--out", str(out), "--gradescope")
    assert not_a_folder.exit_code == 2 and "with --gradescope, --out names a folder" in not_a_folder.output
    bad = run("grade", "d2", str(source), "--out", str(tmp_path / "out.txt"))
    assert bad.exit_code == 2 and "use .csv or .json" in bad.output
