"""Load on ``symgrad serve``: many requests at once, a tenth of them hostile or hanging.

Starts ``symgrad serve`` in a subprocess on a free port, then sends ``--requests`` requests
(default 500) from ``--concurrency`` threads (default 25). Nine in ten are what students
send (the preview as they type, walkthroughs of the lecture's functions at random points,
descents, exercise pages, checked answers, practice rounds); one in ten is hostile or
hanging: walkthroughs that take far longer than the time limit (each with its own
coefficient, so no cache helps), input past the size caps, nesting and exponents past
the parser's bounds, code and markup in the input, a 100 KiB body, unknown pages.

Every request must be answered (a result, or one clear error line on the page or in the
JSON; never a traceback or a dropped connection), none later than the time limit + 1 s,
and the server must still answer afterwards. It prints the throughput and latency
percentiles, per kind, and the ratio of the server's throughput on the ordinary requests
to computing the same distinct requests one after another in this process (the
reference, measured in the same run). Exit code 1 if any check fails. Run:

    python benchmarks/bench_serve.py [--requests 500] [--concurrency 25] [--time-limit 4] [--workers N]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

LECTURE = ["ln(x^2 + 2xy - y^2)", "x^3 y + 2xy^2", "e^(xy) + sin(x)", "x^2 y - y^3", "sqrt(x^2 + y^2)",
           "(x - 1)^2 + 3(y + 2)^2", "x e^(3x)", "4x^2 - 2.1x^4 + x^6/3 + xy - 4y^2 + 4y^4"]
HANGING = "atan(x/y) asinh({k}xy) acosh(x + y + 2) sec(x)^3"
"""Takes SymPy well over ten seconds (critical points and the hyperbolic identities)."""


@dataclass
class Request:
    kind: str
    method: str
    path: str
    body: bytes | None = None
    hostile: bool = False


@dataclass
class Answer:
    request: Request
    status: int
    seconds: float
    clear: bool
    detail: str = ""

    @property
    def refused(self) -> bool:
        """Answered with an error line rather than a result."""
        return bool(self.detail)


@contextlib.contextmanager
def serving(time_limit: float, workers: int | None = None, timeout: float = 180.0):
    """``symgrad serve`` on a free port, as a subprocess; yields its base URL; stopped after."""
    command = [sys.executable, "-m", "symgrad", "serve", "--port", "0", "--time-limit", f"{time_limit:g}",
               "--lang", "en"]
    if workers:
        command += ["--workers", str(workers)]
    errors = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True)
    lines: list[str] = []

    def read() -> None:  # the first line says the port; the rest is drained so the pipe never fills
        for line in process.stdout:
            lines.append(line)

    threading.Thread(target=read, daemon=True).start()
    waited = time.monotonic() + timeout
    while not lines and process.poll() is None and time.monotonic() < waited:
        time.sleep(0.05)
    found = re.search(r"http://127\.0\.0\.1:(\d+)/", lines[0] if lines else "")
    if not found:
        process.kill()
        errors.seek(0)
        raise RuntimeError(f"symgrad serve did not start: {lines!r} {errors.read()[-2000:]!r}")
    try:
        yield f"http://127.0.0.1:{found.group(1)}"
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        errors.close()


def fetch(base: str, request: Request, timeout: float) -> tuple[int, str]:
    data = request.body
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if data is not None else {}
    call = urllib.request.Request(base + request.path, data=data, method=request.method, headers=headers)
    try:
        with urllib.request.urlopen(call, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def query(path: str, **fields) -> str:
    return path + "?" + urllib.parse.urlencode(fields)


def ordinary(rng: random.Random) -> Request:
    f = rng.choice(LECTURE)
    point = f"x={rng.randint(-3, 3)},y={rng.randint(1, 4)}"
    lang = rng.choice(["en", "ko"])
    choice = rng.random()
    if choice < 0.35:  # the preview, keystroke by keystroke
        return Request("preview", "GET", query("/api/read", f=f[:rng.randint(1, len(f))], lang=lang))
    if choice < 0.55:
        return Request("walk", "GET", query("/", f=f, at=point, direction="1,1", lang=lang))
    if choice < 0.65:
        return Request("descent", "GET", query("/descent", f="x^2 + 10y^2", start=point, lr=rng.choice(["0.01", "0.05"]),
                                               iters=str(rng.randint(20, 200)), lang=lang) + "&method=gd&method=adam")
    if choice < 0.75:
        return Request("exercise", "GET", query(f"/exercises/{rng.choice(['p2', 's1', 'camelback', 'd2'])}", lang=lang))
    if choice < 0.9:
        answer = rng.choice(["(2x+2y)/(x^2+2xy-y^2)", "1/(x^2+2xy-y^2)", f"{rng.randint(1, 9)}x/(x^2+2xy-y^2)"])
        body = urllib.parse.urlencode({"answer:f_x": answer, "answer:f_x(1,1)": str(rng.randint(0, 3))}).encode()
        return Request("check", "POST", query("/exercises/p2", lang=lang), body)
    return Request("practice", "GET", query("/exercises/p2/practice", lang=lang))


def hostile(rng: random.Random, index: int) -> Request:
    kinds = [
        ("hanging", "GET", query("/", f=HANGING.format(k=index + 2), critical="on")),
        ("hanging", "GET", query("/", f=HANGING.format(k=index + 2).replace("sec", "csc"), critical="on")),
        ("too long", "GET", query("/api/read", f="x+" * 1500)),
        ("deep", "GET", query("/api/read", f="(" * 300 + "x" + ")" * 300)),
        ("exponent", "GET", query("/", f="x^(10^10^10)")),
        ("code", "GET", query("/api/read", f="__import__('os').system('true')")),
        ("markup", "GET", query("/", f="<script>alert(1)</script>")),
        ("big body", "POST", "/exercises/p2", urllib.parse.urlencode({"answer:f_x": "x" * 100_000}).encode()),
        ("iterations", "GET", query("/descent", f="x^2", iters="1000000000")),
        ("unknown page", "GET", "/exercises/..%2F..%2Fetc%2Fpasswd"),
    ]
    # every other one hangs (two kinds in turn); the rest go through the other kinds in turn
    chosen = kinds[(index // 2) % 2] if index % 2 == 0 else kinds[2 + (index // 2) % (len(kinds) - 2)]
    kind, method, path, *body = chosen
    return Request(kind, method, path, body[0] if body else None, hostile=True)


def is_clear(status: int, text: str) -> tuple[bool, str]:
    """A result, or one clear error line; never a traceback or a leaked script."""
    if "Traceback" in text or "<script>alert" in text:
        return False, "traceback or unescaped input"
    if text.lstrip().startswith("{"):
        answer = json.loads(text)
        return bool(answer.get("ok") or answer.get("error")), answer.get("error") or ""
    if status == 200 and 'role="alert"' not in text:
        return "</main>" in text, ""
    found = re.search(r'role="alert"[^>]*>(?:<p>)?([^<]+)', text)
    return bool(found and found.group(1).strip()), found.group(1).strip() if found else "no error line"


def run_load(base: str, requests: int, concurrency: int, time_limit: float, seed: int = 1) -> dict:
    rng = random.Random(seed)
    plan = []
    hostile_count = 0
    for index in range(requests):
        if index % 10 == 9:
            plan.append(hostile(rng, hostile_count))
            hostile_count += 1
        else:
            plan.append(ordinary(rng))

    def send(request: Request) -> Answer:
        started = time.monotonic()
        try:
            status, text = fetch(base, request, timeout=time_limit + 30)
        except Exception as error:  # a dropped connection or a timeout is a failure to answer
            return Answer(request, 0, time.monotonic() - started, False, f"{type(error).__name__}: {error}")
        seconds = time.monotonic() - started
        clear, detail = is_clear(status, text)
        return Answer(request, status, seconds, clear, detail)

    started = time.monotonic()
    with ThreadPoolExecutor(concurrency) as pool:
        answers = list(pool.map(send, plan))
    elapsed = time.monotonic() - started
    status, text = fetch(base, Request("health", "GET", "/health"), timeout=10)
    after = fetch(base, Request("walk", "GET", query("/api/read", f="x^2 + y^2")), timeout=time_limit + 5)
    return {"answers": answers, "elapsed": elapsed, "health": (status, json.loads(text)),
            "after": after[0] == 200 and json.loads(after[1]).get("ok") is True}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))] if ordered else 0.0


def report(result: dict, time_limit: float) -> list[str]:
    """The lines to print, and whether every check passed (the last line says)."""
    answers = result["answers"]
    lines = [f"{len(answers)} requests in {result['elapsed']:.1f} s: {len(answers) / result['elapsed']:.1f} requests/s"]
    lines.append(f"{'kind':<14}{'n':>5}{'errors':>7}{'p50':>8}{'p90':>8}{'p99':>8}{'max':>8}  statuses")
    kinds = sorted({a.request.kind for a in answers}, key=lambda k: (any(a.request.hostile for a in answers
                                                                         if a.request.kind == k), k))
    for kind in kinds + ["all"]:
        chosen = [a for a in answers if kind == "all" or a.request.kind == kind]
        seconds = [a.seconds for a in chosen]
        statuses = {}
        for a in chosen:
            statuses[a.status] = statuses.get(a.status, 0) + 1
        lines.append(f"{kind:<14}{len(chosen):>5}{sum(a.refused for a in chosen):>7}{percentile(seconds, 50):>8.2f}{percentile(seconds, 90):>8.2f}"
                     f"{percentile(seconds, 99):>8.2f}{max(seconds):>8.2f}  {statuses}")
    unclear = [a for a in answers if not a.clear]
    late = [a for a in answers if a.seconds > time_limit + 1]
    lines.append(f"unclear answers: {len(unclear)}; later than {time_limit:g} + 1 s: {len(late)}; "
                 f"workers killed: {result['health'][1].get('killed')}; answers afterwards: {result['after']}")
    for a in (unclear + late)[:10]:
        lines.append(f"  {a.request.kind} {a.request.path[:80]} -> {a.status} {a.seconds:.2f} s {a.detail[:120]}")
    said = {}
    for a in answers:
        if a.refused and not a.request.hostile:
            said[a.detail] = said.get(a.detail, 0) + 1
    for text, count in sorted(said.items(), key=lambda pair: -pair[1])[:5]:
        lines.append(f"  ordinary requests answered with an error ({count}): {text[:110]}")
    return lines


def reference(requests: list[Request], time_limit: float) -> float:
    """Seconds to compute the distinct ordinary walkthroughs one after another in this process."""
    from symgrad.errors import SymgradError
    from symgrad.limits import time_limit as limit
    from symgrad.cli.web import tasks

    started = time.monotonic()
    for request in requests:
        fields = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(request.path).query))
        try:
            with limit(time_limit, "request"):
                tasks.walk(fields["f"], at=fields.get("at", ""), direction=fields.get("direction", ""),
                           critical=False, lang=fields.get("lang", "en"))
        except SymgradError:
            pass
    return time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=25)
    parser.add_argument("--time-limit", type=float, default=4.0)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    with serving(options.time_limit, options.workers) as base:
        result = run_load(base, options.requests, options.concurrency, options.time_limit, options.seed)
    lines = report(result, options.time_limit)
    print("\n".join(lines))
    walks = {a.request.path: a for a in result["answers"] if a.request.kind == "walk" and a.status == 200}
    served = sum(a.seconds for a in walks.values()) / max(len(walks), 1)
    alone = reference([a.request for a in walks.values()], options.time_limit) / max(len(walks), 1)
    print(f"walkthrough: {served:.2f} s per request under load vs {alone:.2f} s alone in this process "
          f"(ratio {served / alone if alone else float('nan'):.2f}); {os.cpu_count()} cores")
    failed = any(not a.clear or a.seconds > options.time_limit + 1 for a in result["answers"]) or not result["after"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
