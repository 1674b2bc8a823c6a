"""time_limit bounds a block in any thread, and even when SIGALRM is lost (issue 8 §2)."""

import signal
import threading
import time

import pytest

from symgrad.errors import ResourceLimitError
from symgrad.limits import time_limit, within

HANG = 15  # seconds: only to detect a hang, never a speed claim


def spin(seconds=HANG * 2):
    """Pure-Python work that runs far past any bound here."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        sum(range(1000))
    return "finished"


def in_thread(compute):
    box = {}

    def run():
        try:
            box["value"] = compute()
        except BaseException as error:  # noqa: BLE001 - the test inspects it
            box["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(HANG)
    assert not thread.is_alive(), "the time limit did not stop the block in a thread"
    return box


def bounded_spin():
    with time_limit(0.3, "spinning"):
        return spin()


def test_the_limit_holds_in_a_thread():
    box = in_thread(bounded_spin)
    assert isinstance(box.get("error"), ResourceLimitError)
    assert "spinning took longer than 0.3 s" in str(box["error"])


def test_the_limit_holds_in_the_main_thread():
    with pytest.raises(ResourceLimitError, match="spinning"):
        bounded_spin()


def test_a_lost_alarm_is_caught_by_the_watchdog():
    def masked_spin():
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # the alarm never arrives
        try:
            return spin(HANG)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})

    started = time.monotonic()
    with pytest.raises(ResourceLimitError):
        with time_limit(0.3, "spinning"):
            masked_spin()
    assert time.monotonic() - started < HANG


def test_a_fast_block_is_untouched_and_nothing_fires_later():
    assert in_thread(lambda: within(5, lambda: 1 + 1, None)) == {"value": 2}
    with time_limit(0.2):
        pass
    time.sleep(0.4)  # a stray raise would land here
    assert within(0.2, lambda: "done", None) == "done"


def test_an_inner_limit_never_extends_the_outer_one():
    def nested():
        with time_limit(0.3, "outer"):
            with time_limit(60, "inner"):
                return spin()

    box = in_thread(nested)
    assert isinstance(box.get("error"), ResourceLimitError)


def test_walkthrough_from_a_thread_is_bounded(monkeypatch):
    import importlib

    from symgrad import walkthrough

    walkthrough_module = importlib.import_module("symgrad.walkthrough")

    monkeypatch.setattr(walkthrough_module, "first_partial", lambda problem, v: bounded_spin())
    box = in_thread(lambda: walkthrough("x^2"))
    assert isinstance(box.get("error"), ResourceLimitError)


def test_an_outer_deadline_passing_inside_within_is_not_absorbed_as_the_inner_fallback():
    # within() gives its fallback when *its own* bound runs out; when the enclosing
    # limit's time is up, the enclosing limit's error must come out instead.
    from symgrad.limits import within

    def spin():
        while True:
            pass

    with pytest.raises(ResourceLimitError, match="the walkthrough took longer than 0.3 s"):
        with time_limit(0.3, "walkthrough"):
            within(5.0, spin, "fallback")


def test_within_still_gives_its_fallback_when_its_own_bound_runs_out():
    from symgrad.limits import within

    def spin():
        while True:
            pass

    with time_limit(5.0, "walkthrough"):
        assert within(0.2, spin, "fallback") == "fallback"


def test_limit_messages_follow_the_language():
    def spin():
        while True:
            pass

    with pytest.raises(ResourceLimitError) as caught:
        with time_limit(0.2, "walkthrough"):
            spin()
    assert caught.value.text_in("ko") == "풀이 작업이 0.2초를 넘겨 중단되었습니다"
    assert str(caught.value) == "the walkthrough took longer than 0.2 s and was stopped"
