"""``smteam report``: the page's structure against golden files, escaping (with hypothesis),
byte-identical reruns, --blind, the limit on details for long lists, and safe output."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import smteam
from smteam import Inline, InputError, RankOptions, report_html, report_inputs
from tests.conftest import DATA, REPO, RunCli

GOLDEN = DATA / "report-structure.json"  # beside golden/, whose files are whole outputs
HOSTILE = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "</title></svg><script>alert(3)</script>",
)


class Structure(HTMLParser):
    """Per top-level section (class ``part``): its id and how many svg, rect and text
    elements it holds; the ids of the candidate sections; every tag and the page's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[dict[str, object]] = []
        self.candidates: list[str] = []
        self.tags: Counter[str] = Counter()
        self.names: list[str] = []
        self.scores: list[str] = []
        self._depth = 0
        self._part_depth: int | None = None
        self._cell: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "section":
            self._depth += 1
            if "part" in classes:
                self.parts.append({"id": found.get("id"), "svg": 0, "rect": 0, "text": 0})
                self._part_depth = self._depth
            if "candidate" in classes:
                self.candidates.append(found.get("id") or "")
        elif tag in ("svg", "rect", "text") and self._part_depth is not None:
            part = self.parts[-1]
            part[tag] = int(str(part[tag])) + 1
        if tag == "td" and "name" in classes:
            self._cell = "name"
        elif tag == "td" and "score" in classes:
            self._cell = "score"

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            if self._depth == self._part_depth:
                self._part_depth = None
            self._depth -= 1
        if tag == "td":
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell == "name":
            self.names.append(data)
        elif self._cell == "score":
            self.scores.append(data)


def structure(html: str) -> Structure:
    parser = Structure()
    parser.feed(html)
    parser.close()
    return parser


def _report(run_cli: RunCli, tmp_path: Path, *args: str, name: str = "out.html") -> str:
    out = tmp_path / name
    result = run_cli("report", *args, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", ["panel", "team"])
def test_the_sections_and_charts_match_the_golden_file(
    case: str, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))[case]
    monkeypatch.chdir(REPO)
    found = structure(_report(run_cli, tmp_path, *golden["args"]))
    assert found.parts == golden["parts"]
    assert found.candidates == golden["candidates"]
    assert found.tags["script"] == 0
    assert found.tags["img"] == 0
    assert found.tags["link"] == 0


def test_the_ranking_lists_names_and_scores_in_rank_order(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    found = structure(_report(run_cli, tmp_path, "examples/panel.yaml"))
    # smteam rank examples/panel.yaml, as README shows it
    assert found.names == [
        "Ana Ruiz",
        "Lena Weber",
        "Priya Nair",
        "Tom Becker",
        "Daniel Moss",
        "Joe Park",
        "Sofia Costa",
    ]
    assert found.scores == ["86.6", "75.0", "75.0", "75.0", "67.6", "63.9", "55.1"]


def test_the_page_loads_nothing_and_allows_no_script(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    html = _report(run_cli, tmp_path, "examples/panel.yaml")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    assert policy is not None
    directives = dict(d.strip().split(" ", 1) for d in policy.group(1).split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'none'"
    assert directives["style-src"].startswith("'sha256-")
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", html)
    assert "@media print" in html and "break-before: page" in html


def _candidates_yaml(names: list[str]) -> str:
    lines = ["rubric: five-core-skills", "candidates:"]
    for i, name in enumerate(names):
        lines += [
            f"  - name: {json.dumps(name)}",
            '    department: "Sales"',
            f"    ratings: {{empathy: {1 + i % 5}, transparency: 3, responsiveness: 4, "
            "adaptability: 2, connectedness: 5}",
            f"    notes: {{empathy: {json.dumps(name)}}}",
        ]
    return "\n".join(lines) + "\n"


def _page(names: list[str]) -> str:
    inline = Inline(_candidates_yaml(names), "yaml")
    result = report_inputs([inline], RankOptions())  # type: ignore[list-item]
    return report_html(result.report)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_hostile_name_shows_as_text(hostile: str) -> None:
    html = _page([hostile, "Plain Person"])
    assert hostile not in html
    found = structure(html)
    plain = structure(_page(["Quiet Name", "Plain Person"]))
    assert found.tags == plain.tags  # no element more or less: the name made none
    assert hostile in found.names
    assert "".join(found.text).count(hostile) >= 3  # ranking, detail heading, note


MARKUP = st.sampled_from(list("<>&\"'/=;:!-#`{}%") + ["<script>", "-->", "]]>", "&amp;"])
NAME_PART = MARKUP | st.characters(categories=["L", "N", "P", "S"])


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(st.lists(NAME_PART, min_size=1, max_size=30).map("".join))
def test_random_names_never_break_out_of_the_escaping(text: str) -> None:
    name = f"N{text}"
    try:
        html = _page([name, "Plain Person"])
    except InputError:
        assume(False)  # not a name smteam accepts: nothing to escape
        raise
    found = structure(html)
    plain = structure(_page(["Quiet Name", "Plain Person"]))
    assert found.tags == plain.tags
    assert len(found.names) == 2


def test_the_same_inputs_give_the_same_bytes(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    args = ("examples/panel.yaml", "--stability", "--samples", "100")
    first = _report(run_cli, tmp_path, *args, name="a.html")
    second = _report(run_cli, tmp_path, *args, name="b.html")
    assert first == second
    day = re.search(r"<dt>Data as of</dt><dd>([^<]*)</dd>", first)
    assert day is not None and re.fullmatch(r"\d{4}-\d\d-\d\d", day.group(1))


def test_the_data_date_is_the_newest_input_s_day(run_cli: RunCli, tmp_path: Path) -> None:
    source = (REPO / "examples" / "panel.yaml").read_text(encoding="utf-8")
    data = tmp_path / "panel.yaml"
    data.write_text(source, encoding="utf-8")
    os.utime(data, (0, 1_000_000_000))  # 2001-09-09 01:46:40 UTC
    html = _report(run_cli, tmp_path, str(data))
    assert "<dt>Data as of</dt><dd>2001-09-09</dd>" in html


def test_blind_hides_names_departments_raters_and_notes(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    html = _report(run_cli, tmp_path, "examples/panel.yaml", "--blind")
    for hidden in ("Ana Ruiz", "Customer Service", "Maya Chen", "angry refund", "Omar Haddad"):
        assert hidden not in html
    found = structure(html)
    assert sorted(found.names) == ["C01", "C02", "C03", "C04", "C05", "C06", "C07"]
    assert found.names[0] == "C01"  # Ana Ruiz, first in the file and first in the ranking


def test_beyond_200_candidates_only_the_top_50_get_details() -> None:
    names = [f"Person {i:03d}" for i in range(201)]
    html = _page(names)
    found = structure(html)
    assert len(found.names) == 201
    assert found.candidates == [f"candidate-{i}" for i in range(1, 51)]
    assert "only the first 50 in the ranking get this detail" in html
    assert "get this detail" not in _page(names[:200])


def test_output_is_atomic_and_never_over_an_input(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    data = tmp_path / "panel.yaml"
    data.write_bytes((REPO / "examples" / "panel.yaml").read_bytes())
    before = data.read_bytes()
    refused = run_cli("report", str(data), "-o", str(data))
    assert refused.exit_code == 2  # as for rank: a usage error
    assert "is an input file; refusing to write over it" in refused.stderr
    assert data.read_bytes() == before
    out = tmp_path / "shortlist.html"
    out.write_text("old", encoding="utf-8")
    old_inode = out.stat().st_ino
    result = run_cli("report", str(data), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.stat().st_ino != old_inode  # replaced by a rename, never written in place
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["panel.yaml", "shortlist.html"]
    missing_folder = run_cli("report", str(data), "-o", str(tmp_path / "no" / "x.html"))
    assert missing_folder.exit_code == 2  # as for rank
    assert "does not exist" in missing_folder.stderr


def test_invalid_input_is_reported_and_nothing_written(run_cli: RunCli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("rubric: five-core-skills\ncandidates:\n  - name: A\n", encoding="utf-8")
    out = tmp_path / "out.html"
    result = run_cli("report", str(bad), "-o", str(out))
    assert result.exit_code == 1
    assert "bad.yaml:3" in result.stderr
    assert not out.exists()


def test_the_bar_is_shown_and_a_miss_exits_3(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    out = tmp_path / "out.html"
    result = run_cli("report", "examples/panel.yaml", "--fail-under", "90", "-o", str(out))
    assert result.exit_code == 3
    html = out.read_text(encoding="utf-8")
    assert "at least 1 eligible candidate scoring 90 or more" in html
    assert "the bar is not met" in html
    met = run_cli("report", "examples/panel.yaml", "--fail-under", "80", "-o", str(out))
    assert met.exit_code == 0
    assert "scoring 80 or more: met" in out.read_text(encoding="utf-8")


def test_team_and_blind_together_is_a_usage_error(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    result = run_cli(
        "report", "examples/candidates.yaml", "--team", "examples/team.yaml", "--blind"
    )
    assert result.exit_code == 2
    assert "--blind" in result.stderr


def test_the_templates_ship_with_the_package() -> None:
    from importlib.resources import files

    templates = files("smteam.formats") / "templates"
    assert (templates / "report.html.j2").is_file()
    assert (templates / "report.css").is_file()
    assert smteam.report_html is report_html


def test_standard_input_gives_the_page_on_standard_output(run_cli: RunCli) -> None:
    source = (REPO / "examples" / "panel.yaml").read_text(encoding="utf-8")
    result = run_cli("report", "-", input=source)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert "<dt>Data as of</dt><dd>not known (standard input)</dd>" in result.stdout
    assert structure(result.stdout).names[0] == "Ana Ruiz"


def test_the_panel_shows_the_tally_and_the_raters_numbers(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    html = _report(run_cli, tmp_path, "examples/panel.yaml")
    panel = html[html.index('<section id="panel"') :]
    # the order of the recommendation words in a candidates file's schema
    header = re.findall(r'<th class="num">([a-z ]+)</th>', panel.split("</thead>")[0])
    assert header == ["no", "yes", "strong yes", "no decision"]
    # Ana Ruiz: Maya Chen strong_yes, Omar Haddad yes, Grace Okafor strong_yes
    assert (
        '<tr><td>Ana Ruiz</td><td class="num">0</td><td class="num">1</td>'
        '<td class="num">2</td><td class="num">0</td></tr>'
    ) in panel
    # as `smteam raters examples/panel.yaml` prints them
    for rater, cards, mean, offset in (
        ("Grace Okafor", 7, "3.83", "-0.03"),
        ("Maya Chen", 7, "3.86", "+0.00"),
        ("Omar Haddad", 6, "3.85", "+0.04"),
    ):
        assert re.search(
            rf"<td>{rater}</td><td class=\"num\">{cards}</td><td class=\"num\">\d+</td>"
            rf"<td class=\"num\">{mean}</td><td class=\"num\">{re.escape(offset)}</td>",
            panel,
        )
