"""Regenerate the README's screenshot: the p2 walkthrough (LECTURE.md §2) as an HTML page in
headless Chromium, its first derivative's steps unfolded and the others folded.

    python docs/make_screenshots.py        # writes docs/walkthrough-p2.png

Needs Chromium (Debian: chromium); nothing is downloaded.  Look at the picture before
committing it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from symgrad import walkthrough
from symgrad.render import render

HERE = Path(__file__).resolve().parent
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def screenshot(page: str, out: Path, size: str = "900,1250") -> None:
    browser = next((found for name in BROWSERS if (found := shutil.which(name))), None)
    if browser is None:
        sys.exit("no Chromium found (install Debian's chromium)")
    with tempfile.TemporaryDirectory() as directory:
        html = Path(directory) / "page.html"
        html.write_text(page, encoding="utf-8")
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={directory}/profile", f"--screenshot={out}", f"--window-size={size}",
                        "--hide-scrollbars", html.as_uri()], capture_output=True, timeout=120, check=True)


def main() -> None:
    page = render(walkthrough("ln(x^2 + 2xy - y^2)", at="1,1"), "html", "en", standalone=True)
    page = page.replace('<details class="steps">', '<details class="steps" open>', 1)  # the first one unfolded
    out = HERE / "walkthrough-p2.png"
    screenshot(page, out)
    print(f"wrote {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
