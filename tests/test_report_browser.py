"""The report in a real browser: headless Chromium through Playwright (tests/browser.py).
Nothing is fetched, nothing logs an error, the ranking reads in order, a name that is a
script does not run, and the page is drawn (the screenshot is not one colour)."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from tests import browser
from tests.conftest import REPO, RunCli

WHY = browser.missing()
if WHY is not None and os.environ.get("CI") == "true":
    # CI installs both (.ci/run): there a missing browser is a failure, not a skip.
    raise RuntimeError(f"the browser test cannot run in CI: {WHY}")
pytestmark = pytest.mark.skipif(WHY is not None, reason=WHY or "")

HOSTILE = "<script>document.title='pwned';window.ranScript=1</script>"
IMAGE = '"><img src=x onerror="window.ranImage=1">'


def _candidates(tmp_path: Path) -> Path:
    source = (REPO / "examples" / "panel.yaml").read_text(encoding="utf-8")
    source = source.replace("name: Joe Park", f"name: {json.dumps(HOSTILE)}", 1)
    source = source.replace("name: Sofia Costa", f"name: {json.dumps(IMAGE)}", 1)
    path = tmp_path / "panel.yaml"
    path.write_text(source, encoding="utf-8")
    return path


def test_the_report_in_chromium(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "shortlist.html"
    result = run_cli("report", str(_candidates(tmp_path)), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    with browser.opened(out) as (page, visit):
        names = page.locator("#ranking td.name").all_inner_texts()
        scores = page.locator("#ranking td.score").all_inner_texts()
        ran = page.evaluate("[window.ranScript || 0, window.ranImage || 0, document.title]")
        shot = page.screenshot(full_page=False)
    assert visit.requests == []
    assert visit.console_errors == []
    assert visit.page_errors == []
    assert names == [
        "Ana Ruiz",
        "Lena Weber",
        "Priya Nair",
        "Tom Becker",
        "Daniel Moss",
        HOSTILE,
        IMAGE,
    ]
    assert scores == ["86.6", "75.0", "75.0", "75.0", "67.6", "63.9", "55.1"]
    assert ran == [0, 0, "Shortlist: Five core social media skills"]
    colours = Counter(browser.png_pixels(shot))
    assert len(colours) > 20  # text, bars, rules: not a blank page
    assert max(colours.values()) < 0.95 * sum(colours.values())  # not all background
    assert colours[bytes.fromhex("0072B2")] > 100  # the score bars, in the palette's blue


def test_on_paper_each_section_starts_a_sheet(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "shortlist.html"
    result = run_cli("report", str(REPO / "examples" / "panel.yaml"), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    with browser.opened(out) as (page, visit):
        pdfs = {paper: page.pdf(format=paper) for paper in ("A4", "Letter")}
        page.emulate_media(media="print")
        breaks = page.evaluate(
            "[...document.querySelectorAll('section.part')]"
            ".map(s => [s.id, getComputedStyle(s).breakBefore])"
        )
    assert visit.requests == []
    assert breaks == [
        ["summary", "auto"],
        ["ranking", "page"],
        ["candidates", "page"],
        ["panel", "page"],
    ]
    # A4 is 210 x 297 mm, Letter 8.5 x 11 in: in PDF points (1/72 in)
    for paper, (width, height) in {"A4": (595.9, 842.9), "Letter": (612, 792)}.items():
        box = re.search(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", pdfs[paper])
        assert box is not None
        assert abs(float(box.group(1)) - width) < 1 and abs(float(box.group(2)) - height) < 1
        pages = len(re.findall(rb"/Type\s*/Page\b", pdfs[paper]))
        assert pages >= 4  # four sections, each from a new sheet
