"""The web app's worker pool: a task stuck beyond its limit is killed in time, without holding
up other requests, and its worker is replaced; a dying worker is one clear error; real tasks
refuse hostile input and stop a slow walkthrough at the request's limit."""

from __future__ import annotations

import threading
import time

import pytest

from symgrad.cli.web.pool import GRACE_SECONDS, WorkerPool


@pytest.fixture(scope="module")
def pool():
    pool = WorkerPool(2, tasks_module="tests.web_pool_tasks")
    yield pool
    pool.close()


def test_a_stuck_task_is_killed_at_its_limit_while_others_are_answered(pool):
    results = {}

    def stuck():
        started = time.monotonic()
        results["stuck"] = (pool.run("stuck", {"seconds": 60}, 1.5), time.monotonic() - started)

    thread = threading.Thread(target=stuck)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    quick = pool.run("echo", {"value": "hello"}, 5.0)
    quick_seconds = time.monotonic() - started
    thread.join(10)
    outcome, seconds = results["stuck"]
    assert quick.value == "hello" and quick_seconds < 1.0
    assert outcome.error.key == "web.error.time_limit" and dict(outcome.error.fields)["seconds"] == "1.5"
    assert 1.5 <= seconds <= 1.5 + GRACE_SECONDS + 0.6
    killed = pool.killed
    assert killed >= 1
    for index in range(4):  # the replacement works: every worker answers again
        assert pool.run("echo", {"value": str(index)}, 5.0).value == str(index)


def test_a_worker_that_dies_is_a_clear_error_and_is_replaced(pool):
    outcome = pool.run("die", {}, 3.0)
    assert outcome.error.key == "web.error.worker_died"
    assert pool.run("echo", {"value": "again"}, 5.0).value == "again"


def test_a_time_out_is_remembered_so_the_same_request_costs_no_worker_again(pool):
    first = pool.run("stuck", {"seconds": 30}, 1.0)
    killed = pool.killed
    started = time.monotonic()
    second = pool.run("stuck", {"seconds": 30}, 1.0)
    assert first.error == second.error and second.cached
    assert time.monotonic() - started < 0.1 and pool.killed == killed


@pytest.fixture(scope="module")
def real_pool():
    pool = WorkerPool(2)
    yield pool
    pool.close()


def test_the_reading_of_p2_is_the_lecture_function(real_pool):
    outcome = real_pool.run("read", {"f": "ln(x^2 + 2xy - y^2)", "variables": ""}, 20.0)
    assert outcome.value["shown"] == "ln(x² + 2xy − y²)"  # LECTURE.md, p2
    assert outcome.value["variables"] == ["x", "y"]


def test_a_parse_error_comes_back_with_its_position(real_pool):
    outcome = real_pool.run("read", {"f": "ln(x^2 + 2xy", "variables": ""}, 20.0)
    assert outcome.error.key == "parse.missing_closer" and outcome.position == 2 and outcome.text == "ln(x^2 + 2xy"


def test_a_slow_walkthrough_stops_at_the_request_limit(real_pool):
    started = time.monotonic()
    outcome = real_pool.run("walk", {"f": "atan(x/y) asinh(3xy) acosh(x + y + 2) sec(x)^3", "critical": True}, 1.5)
    assert outcome.error.key == "web.error.time_limit"
    assert time.monotonic() - started <= 1.5 + GRACE_SECONDS + 0.6
    assert real_pool.run("read", {"f": "x + y", "variables": ""}, 20.0).ok
