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
