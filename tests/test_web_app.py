"""The pages and the preview endpoint of ``symgrad serve`` through Flask's test client, with
the real worker pool: values from LECTURE.md (p2, g4), the grader's verdicts, both
languages, and every refusal one clear message (never a traceback, never markup from the input)."""

from __future__ import annotations


import re

import pytest
from markupsafe import escape

from symgrad.phrases import phrase
from symgrad.cli.web.app import MAX_FIELD, create_app
from symgrad.cli.web.pool import WorkerPool

P2 = "ln(x^2 + 2xy - y^2)"


@pytest.fixture(scope="module")
def client():
    pool = WorkerPool(2)
    app = create_app(pool, seconds=30.0)
    yield app.test_client()
    pool.close()


def test_the_preview_reads_p2_as_the_lecture_writes_it(client):
    answer = client.get("/api/read", query_string={"f": P2, "lang": "en"}).get_json()
    assert answer["ok"] and answer["shown"] == "ln(x² + 2xy − y²)" and answer["variables"] == ["x", "y"]
    assert answer["text"] == phrase("web.read_as", "en", shown="ln(x² + 2xy − y²)", variables="x, y")
    assert answer["mathml"].startswith('<math xmlns="http://www.w3.org/1998/Math/MathML">')


def test_the_preview_says_where_the_error_is_in_either_language(client):
    english = client.get("/api/read", query_string={"f": "ln(x^2 + 2xy", "lang": "en"}).get_json()
    korean = client.get("/api/read", query_string={"f": "ln(x^2 + 2xy", "lang": "ko"}).get_json()
    assert not english["ok"] and english["position"] == 2 and english["input"] == "ln(x^2 + 2xy"
    said = phrase("parse.missing_closer", "en", opener="(", closer=")")
    assert english["error"] == phrase("error.at_position", "en", message=said, position=3)
    assert korean["error"].startswith("여기서 연 '('의 닫는 괄호")


def test_the_walkthrough_folds_each_derivation(client):
    page = client.get("/", query_string={"f": P2, "at": "x=1,y=1", "direction": "1,1", "lang": "en"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert text.count('<details class="steps">') == 6  # two first and four second partials
    assert " open" not in re.findall(r"<details[^>]*>", text)[0]
    assert "chain rule" in text and str(escape(phrase("web.walk.unfold", "en"))) in text


def test_the_korean_page_says_everything_in_korean(client):
    text = client.get("/", query_string={"f": P2, "lang": "ko"}).get_data(as_text=True)
    assert phrase("web.walk.title", "ko") in text and phrase("web.walk.title", "en") not in text
    assert "연쇄법칙" in text


def test_a_walkthrough_error_marks_its_position(client):
    text = client.get("/", query_string={"f": "x + foo(y)", "lang": "en"}).get_data(as_text=True)
    assert 'role="alert"' in text and "unknown function &#39;foo&#39;" in text
    assert "<mark>f</mark>oo(y)" in text


def test_descent_takes_the_lecture_step_and_draws_every_method(client):
    one = client.get("/descent", query_string={"f": "x^2", "start": "2", "lr": "0.01", "iters": "1",
                                              "method": "gd", "lang": "en"}).get_data(as_text=True)
    assert "(1.96)" in one  # LECTURE.md g4: 2 − 0.01·(2·2)
    korean = client.get("/descent", query_string={"f": "x^2", "start": "2", "lr": "0.01", "iters": "1",
                                                 "method": "gd", "lang": "ko"}).get_data(as_text=True)
    assert phrase("stop.name.max-iterations", "ko") in korean and phrase("web.descent.title", "ko") in korean
    page = client.get("/descent", query_string=[("f", "x^2 + 10y^2"), ("start", "x=1,y=1"), ("lr", "0.05"),
                                                 ("iters", "50"), ("method", "gd"), ("method", "momentum"),
                                                 ("method", "adam")]).get_data(as_text=True)
    assert page.count("<svg") == 1 and len(re.findall(r'<polyline class="path" data-method="(\w+)"', page)) == 3
    assert page.count('<details class="run"') == 3 and page.count("<path d=") >= 5


def test_the_bank_lists_the_lecture_exercises(client):
    text = client.get("/exercises").get_data(as_text=True)
    for exercise_id in ("p2", "s1", "camelback"):
        assert f'href="/exercises/{exercise_id}?lang=en"' in text


def test_checking_a_wrong_and_a_right_answer(client):
    page = client.post("/exercises/p2?lang=en", data={"answer:f_x": "1/(x^2 + 2xy - y^2)",
                                                      "answer:f_y": "(2x - 2y)/(x^2 + 2xy - y^2)",
                                                      "answer:f_x(1,1)": "2"})
    text = page.get_data(as_text=True)
    rows = dict(re.findall(r'data-key="([^"]+)" data-verdict="(\w+)"', text))
    assert rows == {"f_x": "incorrect", "f_y": "correct", "f_x(1,1)": "correct"}
    assert str(escape(phrase("mistake.chain_rule_inner", "en"))) in text
    assert "1/(x² + 2xy − y²)" in text  # how the wrong answer was read


def test_refusals_are_one_clear_message(client):
    long = client.get("/api/read", query_string={"f": "x+" * MAX_FIELD})
    assert long.status_code == 400 and "longer than 2000 characters" in long.get_json()["error"]
    big = client.post("/exercises/p2", data={"answer:f_x": "x" * 100_000})
    assert big.status_code == 413 and "larger than 64 KiB" in big.get_data(as_text=True)
    missing = client.get("/exercises/..%2Fetc")
    assert missing.status_code == 404 and "Traceback" not in missing.get_data(as_text=True)
    unknown = client.get("/exercises/zz9").get_data(as_text=True)
    assert "zz9" in unknown and 'role="alert"' in unknown
    hostile = client.get("/", query_string={"f": "<script>alert(1)</script>"}).get_data(as_text=True)
    assert "<script>alert" not in hostile and 'role="alert"' in hostile
    code = client.get("/api/read", query_string={"f": "__import__('os').system('true')"}).get_json()
    assert not code["ok"]


def test_pages_load_nothing_from_elsewhere(client):
    for path in ("/", "/descent", "/exercises", "/exercises/p2"):
        response = client.get(path)
        text = response.get_data(as_text=True)
        assert not re.search(r'(src|href)="(https?:)?//', text), path
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert client.get("/static/app.js").status_code == 200


def _state(text: str) -> str:
    return re.search(r'name="state" value="([^"]+)"', text).group(1)


def test_a_practice_round_names_the_mistake_and_refuses_a_forged_state(client):
    start = client.get("/exercises/p2/practice?lang=en").get_data(as_text=True)
    assert 'data-key="f_x"' in start
    wrong = client.post("/exercises/p2/practice?lang=en", data={"state": _state(start), "action": "answer",
                                                                "answer": "1/(x^2 + 2xy - y^2)"}).get_data(as_text=True)
    assert 'data-kind="wrong"' in wrong and str(escape(phrase("mistake.chain_rule_inner", "en"))) in wrong
    assert 'data-key="f_x"' in wrong  # the question stays open
    shown = client.post("/exercises/p2/practice?lang=ko", data={"state": _state(wrong), "action": "show"})
    text = shown.get_data(as_text=True)
    assert 'data-kind="show"' in text and "(2x + 2y)/(x² + 2xy − y²)" in text and 'data-key="f_y"' in text
    forged = _state(start)[:-1] + ("0" if _state(start)[-1] != "0" else "1")
    refused = client.post("/exercises/p2/practice?lang=en", data={"state": forged, "action": "skip"})
    assert refused.status_code == 400 and str(escape(phrase("web.error.practice_state", "en"))) in refused.get_data(as_text=True)
    for junk in ("", "no-dot", "é.é", "a" * 100 + ".ü"):
        answer = client.post("/exercises/p2/practice?lang=en", data={"state": junk, "action": "hint"})
        assert answer.status_code == 400 and 'role="alert"' in answer.get_data(as_text=True)


def test_an_expression_can_be_practised_from_the_walkthrough(client):
    page = client.get("/practice", query_string={"f": "x^2 y", "lang": "en"}).get_data(as_text=True)
    assert 'id="practice-question"' in page and 'data-key="f_x"' in page
