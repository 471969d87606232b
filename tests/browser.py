"""Headless Chromium through Playwright, set up one way for the browser tests and for
``tools/report_screenshot.py``: the system's Chromium (Playwright never downloads one), a
fresh profile, no background traffic, and every request the page makes blocked and counted."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM: Final = Path("/usr/bin/chromium")
ARGS: Final = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def missing() -> str | None:
    """Why the browser cannot run here, or None when it can."""
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (install Debian's chromium package)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install playwright)"
    return None


@dataclass
class Visit:
    """What happened while a page was open: requests tried (all blocked), console errors,
    and uncaught page errors."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


@contextmanager
def opened(path: Path, *, width: int = 1000, height: int = 800) -> Iterator[tuple[Page, Visit]]:
    """``path`` open in a new headless Chromium, with every network request blocked."""
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    profile = tempfile.mkdtemp(prefix="smteam-chromium-")
    visit = Visit()
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                profile,
                executable_path=str(CHROMIUM),
                headless=True,
                args=list(ARGS),
                viewport={"width": width, "height": height},
                offline=True,
                java_script_enabled=True,
            )
            try:

                def block(route: object) -> None:
                    request = route.request  # type: ignore[attr-defined]
                    if not request.url.startswith("file:"):
                        visit.requests.append(request.url)
                        route.abort()  # type: ignore[attr-defined]
                    else:
                        route.continue_()  # type: ignore[attr-defined]

                context.route("**/*", block)
                page = context.new_page()
                page.on(
                    "console",
                    lambda message: (
                        visit.console_errors.append(message.text)
                        if message.type == "error"
                        else None
                    ),
                )
                page.on("pageerror", lambda error: visit.page_errors.append(str(error)))
                page.goto(path.resolve().as_uri(), wait_until="load")
                yield page, visit
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def png_pixels(data: bytes) -> list[bytes]:
    """The pixels of an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium's screenshots
    are), each as its bytes: enough to tell a drawn page from a blank one without an
    imaging library."""
    import struct
    import zlib

    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, chunks, header = 8, [], b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, "an unexpected PNG layout"
    size = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * size
    previous = bytearray(stride)
    pixels: list[bytes] = []
    for row in range(height):
        start = row * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - size] if i >= size else 0
            up = previous[i]
            corner = previous[i - size] if i >= size else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                near = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + near) & 0xFF
        pixels.extend(bytes(line[i : i + 3]) for i in range(0, stride, size))
        previous = line
    return pixels
