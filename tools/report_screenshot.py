"""Make docs/report.png, the README's picture of ``smteam report``: the panel example's page
in headless Chromium, set up as the browser test sets it up (tests/browser.py).

Run from the repository's root:  python tools/report_screenshot.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tests import browser  # noqa: E402

from smteam import RankOptions, report_html, report_inputs  # noqa: E402

OUT = ROOT / "docs" / "report.png"


def main() -> int:
    why = browser.missing()
    if why is not None:
        print(f"cannot make {OUT.name}: {why}", file=sys.stderr)
        return 1
    os.chdir(ROOT)  # the page names its files as given: examples/panel.yaml
    result = report_inputs(["examples/panel.yaml"], RankOptions())
    with tempfile.TemporaryDirectory() as folder:
        page_file = Path(folder) / "shortlist.html"
        page_file.write_text(report_html(result.report), encoding="utf-8")
        with browser.opened(page_file, width=1000, height=1100) as (page, visit):
            page.screenshot(path=str(OUT), full_page=False)
        if visit.requests or visit.console_errors:
            print(f"the page asked for {visit.requests} or logged {visit.console_errors}")
            return 1
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
