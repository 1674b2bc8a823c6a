"""``symgrad serve`` driven in a real Chromium (Selenium with Debian's chromium and
chromium-driver; nothing is downloaded): type p2 and see the preview, unfold a step,
check a wrong and a right answer, finish a practice round, switch to Korean; each page's
screenshot is not blank.

Values are the lecture's (LECTURE.md, p2): f_x = (2x + 2y)/(x² + 2xy − y²),
f_y = (2x − 2y)/(x² + 2xy − y²), at (1, 1) f_x = 2 and f_y = 0. Skipped when Chromium,
its driver or Selenium is missing, except under CI (.ci/run installs them).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from symgrad.phrases import phrase
from tests.test_html_browser import ink_fraction

P2 = "ln(x^2 + 2xy - y^2)"
RIGHT = {"f_x": "(2x + 2y)/(x^2 + 2xy - y^2)", "f_y": "(2x - 2y)/(x^2 + 2xy - y^2)", "f_x(1,1)": "2",
         "f_y(1,1)": "0"}
SHOTS = Path(os.environ.get("SYMGRAD_SCREENSHOTS", tempfile.gettempdir())) / "symgrad-serve-shots"


def _tools() -> tuple[str, str]:
    chromium = next((found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None)
    driver = shutil.which("chromedriver")
    if chromium and driver and importlib.util.find_spec("selenium"):
        return chromium, driver
    if os.environ.get("CI"):
        pytest.fail("no Chromium, chromedriver or selenium: .ci/run and the test extra must install them")
    pytest.skip("Chromium, chromedriver or selenium is not installed")


def load_bench():
    """benchmarks/bench_serve.py as a module: it starts the server and makes the load."""
    if "bench_serve" in sys.modules:
        return sys.modules["bench_serve"]
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_serve.py"
    spec = importlib.util.spec_from_file_location("bench_serve", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_serve"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def base():
    _tools()
    with load_bench().serving(time_limit=30.0, workers=2) as url:
        yield url


@pytest.fixture(scope="module")
def browser(base):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver = _tools()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1100,1300", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--lang=en-US"):
        options.add_argument(argument)
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never fetch a driver
    session = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    session.set_page_load_timeout(120)
    yield session
    session.quit()


def wait(browser, condition, seconds: float = 60):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, seconds, poll_frequency=0.1).until(lambda driver: condition(driver))


def shot(browser, name: str) -> float:
    """Save a screenshot as SHOTS/name.png and return its ink fraction."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    png = browser.get_screenshot_as_png()
    (SHOTS / f"{name}.png").write_bytes(png)
    return ink_fraction(png)


def by_id(browser, name: str):
    from selenium.webdriver.common.by import By

    return browser.find_element(By.ID, name)


def css(browser, selector: str):
    from selenium.webdriver.common.by import By

    return browser.find_elements(By.CSS_SELECTOR, selector)


def test_typing_p2_shows_how_it_is_read_and_where_an_error_is(base, browser):
    browser.get(base + "/?lang=en")
    box = by_id(browser, "f")
    box.send_keys("ln(x^2 + 2xy")
    wait(browser, lambda d: "preview-error" in by_id(d, "preview").get_attribute("class"))
    marked = css(browser, "#preview pre.caret mark")
    assert marked and marked[0].text == "("  # the bracket left open, at position 3
    box.send_keys(" - y^2)")
    wanted = phrase("web.read_as", "en", shown="ln(x² + 2xy − y²)", variables="x, y")
    wait(browser, lambda d: " ".join(by_id(d, "preview").text.split()).startswith(" ".join(wanted.split())))
    assert css(browser, "#preview math")
    assert 0.005 < shot(browser, "preview") < 0.6


def test_the_walkthrough_unfolds_a_step(base, browser):
    browser.get(base + "/?lang=en")
    by_id(browser, "f").send_keys(P2)
    form_at = css(browser, "input[name=at]")[0]
    form_at.send_keys("x=1,y=1")
    by_id(browser, "walk-submit").click()
    wait(browser, lambda d: css(d, "#walk-result details.steps"))
    folds = css(browser, "#walk-result details.steps")
    assert len(folds) == 6 and folds[0].get_attribute("open") is None
    first_step = folds[0].find_elements("css selector", "ul.steps li")[1]
    assert not first_step.is_displayed()
    folds[0].find_element("css selector", "summary").click()
    wait(browser, lambda d: folds[0].get_attribute("open") is not None)
    assert first_step.is_displayed() and "chain rule" in first_step.text
    assert 0.01 < shot(browser, "walkthrough") < 0.6


def test_checking_a_wrong_then_a_right_answer(base, browser):
    browser.get(base + "/exercises/p2?lang=en")
    answer = css(browser, "input[name='answer:f_x']")[0]
    answer.send_keys("1/(x^2 + 2xy - y^2)")  # the chain rule's inner derivative forgotten
    css(browser, "input[name='answer:f_x(1,1)']")[0].send_keys("2")
    by_id(browser, "check-submit").click()
    wait(browser, lambda d: css(d, "#check-result tr[data-key]"))
    rows = {row.get_attribute("data-key"): row for row in css(browser, "#check-result tr[data-key]")}
    assert rows["f_x"].get_attribute("data-verdict") == "incorrect"
    assert phrase("mistake.chain_rule_inner", "en") in rows["f_x"].text
    assert "1/(x² + 2xy − y²)" in rows["f_x"].text  # how the answer was read
    assert rows["f_x(1,1)"].get_attribute("data-verdict") == "correct"
    answer = css(browser, "input[name='answer:f_x']")[0]
    answer.clear()
    answer.send_keys(RIGHT["f_x"])
    by_id(browser, "check-submit").click()
    wait(browser, lambda d: [r for r in css(d, "#check-result tr[data-key='f_x']")
                             if r.get_attribute("data-verdict") == "correct"])
    assert 0.01 < shot(browser, "check") < 0.6


def test_a_practice_round_with_a_hint_to_the_end(base, browser):
    browser.get(base + "/exercises/p2?lang=en")
    by_id(browser, "practice-link").click()
    wait(browser, lambda d: css(d, "#practice-question"))
    by_id(browser, "practice-hint").click()
    wait(browser, lambda d: css(d, "#practice-feedback[data-kind=hint]"))
    assert phrase("rule.chain", "en") in by_id(browser, "practice-feedback").text
    for number in range(4):
        key = by_id(browser, "practice-question").get_attribute("data-key")
        by_id(browser, "practice-answer").send_keys(RIGHT[key])
        by_id(browser, "practice-submit").click()
        wait(browser, lambda d: css(d, "#practice-done") or
             (css(d, "#practice-question") and by_id(d, "practice-question").get_attribute("data-key") != key))
    summary = by_id(browser, "practice-summary").text
    assert "3.75/4" in summary  # four right, one hint: a quarter off the first
    assert 0.005 < shot(browser, "practice") < 0.6


def test_switching_to_korean(base, browser):
    browser.get(base + "/?lang=en&f=" + "x%5E2%20%2B%20y%5E2")
    css(browser, "a.lang[hreflang=ko]")[0].click()
    wait(browser, lambda d: d.find_element("tag name", "h1").text == phrase("web.walk.title", "ko"))
    assert by_id(browser, "f").get_attribute("value") == "x^2 + y^2"
    assert 0.01 < shot(browser, "korean") < 0.6


def test_descent_draws_the_paths(base, browser):
    browser.get(base + "/descent?lang=en&f=x%5E2%2B10y%5E2&start=x%3D1,y%3D1&lr=0.05&iters=60"
                       "&method=gd&method=momentum&method=adam")
    wait(browser, lambda d: css(d, "svg.descent-plot polyline.path"))
    assert len(css(browser, "svg.descent-plot polyline.path")) == 3
    assert 0.01 < shot(browser, "descent") < 0.6
