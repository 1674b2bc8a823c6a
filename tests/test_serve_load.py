"""``symgrad serve`` under load (benchmarks/bench_serve.py, a smaller load than the benchmark's
500 requests): every request answered with a result or one clear error line, none later than
its time limit + 1 s, hostile and hanging requests included, and the server answers afterwards."""

from __future__ import annotations

from tests.test_serve_browser import load_bench

TIME_LIMIT = 4.0


def test_every_request_is_answered_in_time_and_the_server_survives():
    bench = load_bench()
    with bench.serving(TIME_LIMIT, workers=3) as base:
        result = bench.run_load(base, requests=120, concurrency=12, time_limit=TIME_LIMIT, seed=3)
    answers = result["answers"]
    print("\n".join(bench.report(result, TIME_LIMIT)))
    assert len(answers) == 120 and sum(a.request.hostile for a in answers) == 12
    assert all(a.status in (200, 400, 404, 413, 503) for a in answers)
    assert [a for a in answers if not a.clear] == []
    assert max(a.seconds for a in answers) <= TIME_LIMIT + 1
    hanging = [a for a in answers if a.request.kind == "hanging"]
    assert hanging and all(a.refused for a in hanging)  # stopped at the limit, with the reason
    big = [a for a in answers if a.request.kind == "big body"]
    assert all(a.status == 413 for a in big)
    assert result["after"] and result["health"][0] == 200
    assert sum(not a.refused for a in answers if not a.request.hostile) >= 30  # most still get a result
