"""The HTML page of the p2 walkthrough, opened in headless Chromium, is not blank.

The screenshot is decoded with a small stdlib PNG reader (zlib + scanline filters).
Skipped when no Chromium is installed, except under CI (.ci/run installs it).
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest

from symgrad import walkthrough
from symgrad.render import render
from tests.lecture_items import LECTURE_WALKS

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("no Chromium: .ci/run must install it")
    pytest.skip("no Chromium installed")


def read_png(data: bytes) -> tuple[int, int, int, bytes]:
    """(width, height, bytes per pixel, raw pixel rows) of an 8-bit RGB/RGBA/grey PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, chunks, header = 8, [], None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and interlace == 0, "only 8-bit non-interlaced PNGs"
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows, previous = bytearray(), bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows += line
        previous = line
    return width, height, channels, bytes(rows)


def ink_fraction(png: bytes) -> float:
    """The fraction of pixels that differ clearly from the most common (background) colour."""
    width, height, channels, pixels = read_png(png)
    colours = [pixels[i:i + 3] for i in range(0, len(pixels), channels)]
    background = max(set(colours[::97]), key=colours[::97].count)
    ink = sum(1 for c in colours if sum(abs(a - b) for a, b in zip(c, background)) > 60)
    return ink / (width * height)


def screenshot(page: str, size: str = "1000,1400", scale: float = 1) -> bytes:
    with tempfile.TemporaryDirectory() as directory:
        html, png = Path(directory) / "page.html", Path(directory) / "shot.png"
        html.write_text(page, encoding="utf-8")
        subprocess.run([browser(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", f"--user-data-dir={directory}/profile", f"--screenshot={png}",
                        f"--window-size={size}", "--hide-scrollbars", f"--force-device-scale-factor={scale:g}",
                        html.as_uri()],
                       capture_output=True, timeout=120, check=False)
        assert png.exists(), "Chromium wrote no screenshot"
        return png.read_bytes()


def test_png_reader_sees_a_blank_page_as_blank():
    width, height = 4, 3
    rows = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    assert ink_fraction(png) == 0


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_p2_page_renders_in_headless_chromium(lang):
    text, at = LECTURE_WALKS["p2"]
    png = screenshot(render(walkthrough(text, at=at), "html", lang, standalone=True))
    width, height, _, _ = read_png(png)
    assert (width, height) == (1000, 1400)
    assert 0.01 < ink_fraction(png) < 0.6  # text and formulas on a light page


def content_height(png: bytes) -> int:
    """How far down the page anything is drawn: the last pixel row that differs from the background."""
    width, height, channels, pixels = read_png(png)
    stride = width * channels
    background = pixels[:3]
    for y in range(height - 1, -1, -1):
        row = pixels[y * stride:(y + 1) * stride]
        if any(sum(abs(row[x + c] - background[c]) for c in range(3)) > 60 for x in range(0, stride, channels)):
            return y + 1
    return 0


def test_folded_steps_make_the_p2_page_much_shorter():
    """In a real browser the <details> fold: the same page with every one open is far taller."""
    text, at = LECTURE_WALKS["p2"]
    page = render(walkthrough(text, at=at), "html", "en", standalone=True)
    unfolded = page.replace('<details class="steps">', '<details class="steps" open>')
    folded_height = content_height(screenshot(page, "1000,9000", scale=0.25)) * 4  # CSS pixels
    open_height = content_height(screenshot(unfolded, "1000,9000", scale=0.25)) * 4
    assert 500 < folded_height < open_height / 2, (folded_height, open_height)
