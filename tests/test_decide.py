"""Decisions a panel can defend: ranking stability (SMAA-2), rater reliability (ICC and
Krippendorff's alpha) and rubric comparison (Kendall's tau-b, rank-biased overlap). Every
expected number is worked out by hand or taken from the published source named beside it."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import yaml

from smteam.api import RankOptions, rank_inputs
from smteam.choices import OutputFormat
from smteam.scoring.comparison import kendall_tau_b, rank_biased_overlap
from smteam.scoring.reliability import Interval, band, f_quantile, reliability, two_way
from smteam.scoring.stability import StabilitySettings, stability
from tests.conftest import EXAMPLES, RunCli

Write = Callable[..., Path]

RUBRIC = """\
name: {name}
title: Two traits
scale: {{min: 1, max: 5}}
traits:
  - {{id: reach, label: Reach, weight: {reach}, description: How far the posts travel.}}
  - {{id: tone, label: Tone, weight: {tone}, description: How well the voice fits.}}
"""


def _candidates(rows: list[tuple[str, int, int]], rubric: str = "two.yaml") -> str:
    lines = [f"rubric: {rubric}", "candidates:"]
    for name, reach, tone in rows:
        lines.append(f"  - {{name: {name}, department: Sales, ratings: {{reach: {reach}, ")
        lines[-1] += f"tone: {tone}}}}}"
    return "\n".join(lines) + "\n"


@pytest.fixture
def mirrored(write: Write) -> Path:
    """Ada and Bo mirror each other on two equal-weight traits; Cy trails both."""
    write(RUBRIC.format(name="two", reach=1, tone=1), "two.yaml")
    return write(_candidates([("Ada", 5, 1), ("Bo", 1, 5), ("Cy", 2, 2)]))


def _stability_of(path: Path, settings: StabilitySettings) -> dict[str, tuple[float, ...]]:
    result = rank_inputs([str(path)], RankOptions())
    found = stability(list(result.candidates), result.plan, settings)
    return {
        name: (c.first, c.top, c.expected_rank, c.low, c.high)
        for name, c in found.candidates.items()
    }


# --- SMAA-2 -------------------------------------------------------------------------------


def test_spread_zero_puts_everyone_at_their_rank_every_time() -> None:
    panel = EXAMPLES / "panel.yaml"
    normal = {
        e.evaluation.name: e.rank for e in rank_inputs([str(panel)], RankOptions()).ranking.entries
    }
    # panel.yaml by hand: Ana 1; Lena, Priya and Tom tie at 2; Daniel 5, Joe 6, Sofia 7.
    assert normal == {
        "Ana Ruiz": 1,
        "Lena Weber": 2,
        "Priya Nair": 2,
        "Tom Becker": 2,
        "Daniel Moss": 5,
        "Joe Park": 6,
        "Sofia Costa": 7,
    }
    found = _stability_of(panel, StabilitySettings(samples=50, spread=0, top=2))
    for name, rank in normal.items():
        first, top, expected, low, high = found[name]
        assert (expected, low, high) == (rank, rank, rank)
        assert first == (1.0 if rank == 1 else 0.0)
        assert top == (1.0 if rank is not None and rank <= 2 else 0.0)


def test_a_dominating_candidate_is_always_first(write: Write) -> None:
    write(RUBRIC.format(name="two", reach=2, tone=1), "two.yaml")
    path = write(_candidates([("Ada", 5, 4), ("Bo", 4, 3), ("Cy", 1, 4), ("Di", 4, 1)]))
    found = _stability_of(path, StabilitySettings(samples=300, spread=1))
    assert found["Ada"][0] == 1.0
    assert found["Ada"][2] == 1.0
    assert all(found[n][0] == 0.0 for n in ("Bo", "Cy", "Di"))


def test_mirrored_candidates_share_first_place_under_full_simplex(mirrored: Path) -> None:
    samples = 4000
    # P(Ada first) = P(w_reach > w_tone) = 1/2; one sample is Bernoulli(1/2), so the share
    # has standard error sqrt(0.25 / samples) = 0.0079; allow 4 of them.
    tolerance = 4 * math.sqrt(0.25 / samples)
    found = _stability_of(mirrored, StabilitySettings(samples=samples, spread=1))
    assert abs(found["Ada"][0] - 0.5) <= tolerance
    assert abs(found["Bo"][0] - 0.5) <= tolerance
    assert found["Ada"][0] + found["Bo"][0] == pytest.approx(1.0)
    assert found["Cy"][0] == 0.0


def test_central_weights_lean_towards_the_trait_a_candidate_wins_on(mirrored: Path) -> None:
    result = rank_inputs([str(mirrored)], RankOptions())
    found = stability(list(result.candidates), result.plan, StabilitySettings(1000, spread=1))
    ada, bo = found.candidates["Ada"].central_weights, found.candidates["Bo"].central_weights
    assert ada is not None and bo is not None
    assert ada[0] > 0.5 > ada[1]  # Ada is first only when reach weighs more
    assert bo[1] > 0.5 > bo[0]
    assert found.candidates["Cy"].central_weights is None


def test_a_seed_reproduces_the_numbers(mirrored: Path) -> None:
    one = _stability_of(mirrored, StabilitySettings(samples=500, spread=1, seed=7))
    again = _stability_of(mirrored, StabilitySettings(samples=500, spread=1, seed=7))
    other = _stability_of(mirrored, StabilitySettings(samples=500, spread=1, seed=8))
    assert one == again
    assert one != other


def test_two_processes_write_the_same_bytes(mirrored: Path) -> None:
    args = [
        *("-m", "smteam", "rank", str(mirrored), "--stability", "--samples", "300"),
        *("--spread", "1", "--seed", "3", "-f", "json"),
    ]
    outputs = [
        subprocess.run([sys.executable, *args], capture_output=True, check=True).stdout
        for _ in range(2)
    ]
    assert outputs[0] == outputs[1]
    assert b'"p_first"' in outputs[0]


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_format_carries_the_stability_columns(
    run_cli: RunCli, mirrored: Path, fmt: OutputFormat
) -> None:
    result = run_cli("rank", str(mirrored), "--stability", "--samples", "200", "-f", fmt.value)
    assert result.exit_code == 0, result.stderr
    wanted = {
        OutputFormat.CSV: "p_first",
        OutputFormat.JSON: "p_first",
        OutputFormat.JSONL: "p_first",
    }.get(fmt, "P(1st)")
    assert wanted in result.stdout
    assert ("central" in result.stdout.lower()) or fmt is OutputFormat.TABLE


@pytest.mark.parametrize(
    ("bar", "code"),
    [
        ("0.9", 3),  # the mirrored leader is first about half the time
        ("0.3", 0),
    ],
)
def test_fail_unstable(run_cli: RunCli, mirrored: Path, bar: str, code: int) -> None:
    result = run_cli(
        "rank", str(mirrored), "--stability", "--samples", "400", "--spread", "1",
        "--fail-unstable", bar, "-q",
    )  # fmt: skip
    assert result.exit_code == code
    assert ("not stable" in result.stderr) == (code == 3)


def test_stability_options_alone_are_a_usage_error(run_cli: RunCli, mirrored: Path) -> None:
    result = run_cli("rank", str(mirrored), "--seed", "3")
    assert result.exit_code == 2
    assert "--seed needs --stability" in result.stderr


def test_rating_noise_changes_nothing_for_single_raters(mirrored: Path) -> None:
    plain = _stability_of(mirrored, StabilitySettings(samples=300, spread=0.5, seed=1))
    noisy = _stability_of(
        mirrored, StabilitySettings(samples=300, spread=0.5, seed=1, rating_noise=True)
    )
    assert plain == noisy


def test_rating_noise_moves_a_panel_leader_off_certainty() -> None:
    panel = EXAMPLES / "panel.yaml"
    steady = _stability_of(panel, StabilitySettings(samples=1000, spread=0.25))
    noisy = _stability_of(panel, StabilitySettings(samples=1000, spread=0.25, rating_noise=True))
    assert steady["Ana Ruiz"][0] == 1.0
    assert noisy["Ana Ruiz"][0] < 1.0  # Omar's lower cards drawn twice can drop her behind


# --- Reliability --------------------------------------------------------------------------

SHROUT_FLEISS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]


def test_icc_matches_shrout_and_fleiss_table_4() -> None:
    icc = two_way(np.array(SHROUT_FLEISS, dtype=float))
    # Shrout & Fleiss (1979), Table 4: .17, .29, .71, .62, .91 (two decimals).
    assert round(icc.icc1, 2) == 0.17
    assert round(icc.icc2_1.value, 2) == 0.29
    assert round(icc.icc3_1.value, 2) == 0.71
    assert round(icc.icc2_k.value, 2) == 0.62
    assert round(icc.icc3_k.value, 2) == 0.91
    for found in (icc.icc2_1, icc.icc2_k, icc.icc3_1, icc.icc3_k):
        assert found.low < found.value < found.high


def test_icc_of_a_small_hand_worked_panel() -> None:
    # Candidates x raters [[1,2],[3,3],[5,4]]: MSR 4.5, MSC 0, MSE 0.5 (worked by hand).
    icc = two_way(np.array([[1, 2], [3, 3], [5, 4]], dtype=float))
    assert icc.icc3_1.value == pytest.approx(4 / 5)
    assert icc.icc3_k.value == pytest.approx(4 / 4.5)
    assert icc.icc2_1.value == pytest.approx(4 / (5 - 1 / 3))
    assert icc.icc2_k.value == pytest.approx(4 / (4.5 - 0.5 / 3))


@pytest.mark.parametrize(
    ("p", "df1", "df2", "table"),
    [(0.975, 5, 15, 3.58), (0.95, 3, 10, 3.71), (0.975, 15, 5, 6.43)],  # printed F tables
)
def test_f_quantile_matches_printed_tables(p: float, df1: int, df2: int, table: float) -> None:
    assert round(f_quantile(p, df1, df2), 2) == table


@pytest.mark.parametrize(
    ("interval", "reading"),
    [
        (Interval(0.8, 0.6, 0.95), "moderate to excellent"),
        (Interval(0.8, 0.76, 0.89), "good"),
        (Interval(0.3, 0.1, 0.49), "poor"),
    ],
)
def test_koo_and_li_reading_is_judged_on_the_interval(interval: Interval, reading: str) -> None:
    assert interval.reading == reading
    assert (band(0.49), band(0.5), band(0.75), band(0.9)) == (
        "poor",
        "moderate",
        "good",
        "excellent",
    )


def test_alpha_on_the_panel_example_equals_the_krippendorff_package() -> None:
    import krippendorff

    panel = EXAMPLES / "panel.yaml"
    words = {"no evidence": 1, "limited": 2, "solid": 3, "strong": 4, "exceptional": 5}
    document = yaml.safe_load(panel.read_text(encoding="utf-8"))
    raters = ["Maya Chen", "Omar Haddad", "Grace Okafor"]
    result = rank_inputs([str(panel)], RankOptions())
    found = {row.trait: row for row in reliability(result.candidates, result.plan.rubric).rows}
    for trait in ("empathy", "adaptability"):
        data = np.full((3, len(document["candidates"])), np.nan)
        for column, candidate in enumerate(document["candidates"]):
            for review in candidate["reviews"]:
                value = review["ratings"].get(trait)
                if value is not None:
                    data[raters.index(review["rater"]), column] = words.get(value, value)
        expected = krippendorff.alpha(
            reliability_data=data, level_of_measurement="ordinal", value_domain=[1, 2, 3, 4, 5]
        )
        assert found[trait].statistic == "alpha"
        assert found[trait].alpha == pytest.approx(expected, abs=1e-12)


def test_a_complete_panel_is_measured_with_icc(write: Write) -> None:
    write(RUBRIC.format(name="two", reach=1, tone=1), "two.yaml")
    reviews = {"Ada": ((1, 2), (2, 2)), "Bo": ((3, 3), (3, 4)), "Cy": ((5, 4), (4, 5))}
    lines = ["rubric: two.yaml", "candidates:"]
    for name, ((r1, t1), (r2, t2)) in reviews.items():
        lines += [
            f"  - name: {name}",
            "    department: Sales",
            "    reviews:",
            f"      - {{rater: Kim, ratings: {{reach: {r1}, tone: {t1}}}}}",
            f"      - {{rater: Lee, ratings: {{reach: {r2}, tone: {t2}}}}}",
        ]
    path = write("\n".join(lines) + "\n")
    result = rank_inputs([str(path)], RankOptions())
    rows = {row.trait: row for row in reliability(result.candidates, result.plan.rubric).rows}
    assert {row.statistic for row in rows.values()} == {"ICC"}
    reach = rows["reach"].icc
    assert reach is not None
    # reach is [[1,2],[3,3],[5,4]]: the hand-worked panel above.
    assert reach.icc3_1.value == pytest.approx(0.8)
    assert "fewer than 5 candidates" in rows["reach"].note


@pytest.mark.parametrize(("bar", "code"), [("0.99", 3), ("0.3", 0)])
def test_fail_under_reliability(run_cli: RunCli, bar: str, code: int) -> None:
    result = run_cli(
        "raters", str(EXAMPLES / "panel.yaml"), "--fail-under-reliability", bar, "-f", "json"
    )
    assert result.exit_code == code
    document = json.loads(result.stdout)
    assert [row["trait"] for row in document["reliability"]][-1] == "overall"
    assert ("reliability is below" in result.stderr) == (code == 3)


def test_raters_without_reliability_stays_as_it_was(run_cli: RunCli) -> None:
    result = run_cli("raters", str(EXAMPLES / "panel.yaml"), "-f", "json")
    assert result.exit_code == 0
    assert "reliability" not in json.loads(result.stdout)


# --- Rubric comparison --------------------------------------------------------------------


def test_kendall_tau_b_with_ties_by_hand() -> None:
    # Pairs of (1,2,2,3) and (1,3,2,2): 3 concordant, 1 discordant, 1 tied in x, 1 tied in
    # y, 6 in all: (3 - 1) / sqrt((6 - 1) * (6 - 1)) = 0.4.
    assert kendall_tau_b([1, 2, 2, 3], [1, 3, 2, 2]) == pytest.approx(0.4)
    assert kendall_tau_b([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert kendall_tau_b([1, 1], [1, 2]) is None


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (["a", "b", "c"], ["a", "b", "c"], 1.0),
        (["a", "b"], ["c", "d"], 0.0),
        # Depth 1 overlap 0, depth 2 overlap 2: 1 * 0.81 + (0.1 / 0.9) * (0 + 0.81) = 0.9.
        (["a", "b"], ["b", "a"], 0.9),
    ],
)
def test_rank_biased_overlap_by_hand(first: list[str], second: list[str], expected: float) -> None:
    assert rank_biased_overlap(first, second) == pytest.approx(expected)


@pytest.fixture
def two_rubrics(write: Write) -> Path:
    write(RUBRIC.format(name="reach-first", reach=3, tone=1), "reach.yaml")
    write(RUBRIC.format(name="tone-first", reach=1, tone=3), "tone.yaml")
    return write(_candidates([("Ada", 5, 2), ("Bo", 2, 5), ("Cy", 3, 3)], "reach.yaml"))


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_compare_in_every_format(run_cli: RunCli, two_rubrics: Path, fmt: OutputFormat) -> None:
    folder = two_rubrics.parent
    result = run_cli(
        "compare", str(two_rubrics), "-r", str(folder / "reach.yaml"),
        "-r", str(folder / "tone.yaml"), "-f", fmt.value,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    for name in ("Ada", "Bo", "Cy"):
        assert name in result.stdout
    if fmt is OutputFormat.JSON:
        document = json.loads(result.stdout)
        # reach-first: Ada 1, Cy 2, Bo 3; tone-first: Bo 1, Cy 2, Ada 3 -> reversed.
        ranks = {row["name"]: row["ranks"] for row in document["candidates"]}
        assert ranks["Ada"] == {"reach-first": 1, "tone-first": 3}
        assert document["pairs"][0]["kendall_tau_b"] == -1.0
        assert document["moves_most"] == ["Ada", "Bo"]


def test_compare_needs_two_rubrics(run_cli: RunCli, two_rubrics: Path) -> None:
    result = run_cli("compare", str(two_rubrics), "-r", "five-core-skills")
    assert result.exit_code == 2
    assert "two rubrics or more" in result.stderr


def test_plain_commands_never_load_numpy_or_krippendorff() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from smteam.cli import app\n"
        f"for args in (['rank', {str(EXAMPLES / 'panel.yaml')!r}, '-f', 'csv'],\n"
        f"             ['raters', {str(EXAMPLES / 'panel.yaml')!r}, '-f', 'json']):\n"
        "    result = CliRunner().invoke(app, args)\n"
        "    assert result.exit_code == 0, result.output\n"
        "print('numpy' in sys.modules, 'krippendorff' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, env=env, check=False, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "False False\n"


def test_a_complete_panel_shows_every_icc_with_its_interval(run_cli: RunCli, write: Write) -> None:
    write(RUBRIC.format(name="two", reach=1, tone=1), "two.yaml")
    lines = ["rubric: two.yaml", "candidates:"]
    for name, ((r1, t1), (r2, t2)) in {
        "Ada": ((1, 2), (2, 2)),
        "Bo": ((3, 3), (3, 4)),
        "Cy": ((5, 4), (4, 5)),
    }.items():
        lines += [
            f"  - {{name: {name}, department: Sales, reviews: [",
            f"      {{rater: Kim, ratings: {{reach: {r1}, tone: {t1}}}}},",
            f"      {{rater: Lee, ratings: {{reach: {r2}, tone: {t2}}}}}]}}",
        ]
    path = write("\n".join(lines) + "\n")
    result = run_cli("raters", str(path), "--reliability")
    assert result.exit_code == 0, result.stderr
    for header in ("ICC(2,k)", "ICC(3,k)", "ICC(2,1)", "ICC(3,1)", "Koo and Li"):
        assert header in result.stdout
    assert "0.80 [" in result.stdout  # reach's ICC(3,1), worked by hand above


def test_more_samples_than_fit_in_memory_is_a_usage_error(
    run_cli: RunCli, mirrored: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("smteam.scoring.stability.MAX_RANKS", 300)
    result = run_cli("rank", str(mirrored), "--stability", "--samples", "101")
    assert result.exit_code == 2
    # 3 eligible candidates: 300 // 3 = 100 samples at most.
    assert "use --samples 100 or fewer" in result.stderr


def test_the_stability_benchmark_runs() -> None:
    repo = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(repo / "src")}
    result = subprocess.run(
        [sys.executable, str(repo / "benchmarks" / "stability.py"), "--smoke"],
        capture_output=True,
        env=env,
        check=False,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "| 50 candidates x 200 samples |" in result.stdout


@pytest.mark.parametrize("holes", [0.0, 0.4])
def test_every_small_panel_gives_numbers_without_a_traceback(holes: float) -> None:
    from smteam.api import load_rubric
    from smteam.scoring.reliability import _measure

    rubric = load_rubric("five-core-skills")
    rng = np.random.default_rng(5)
    for _ in range(300):
        n, k = int(rng.integers(1, 6)), int(rng.integers(1, 5))
        matrix = rng.integers(1, 6, size=(n, k)).astype(float)
        if rng.random() < 0.3:
            matrix[:, 1:] = matrix[:, :1]  # raters who agree exactly
        matrix[rng.random((n, k)) < holes] = np.nan  # raters who skipped
        row = _measure("empathy", matrix, rubric)
        assert row.statistic in ({"ICC", "none"} if holes == 0 else {"ICC", "alpha", "none"})
        assert (row.headline is None) == (row.statistic == "none")
        if row.alpha is not None:
            assert math.isfinite(row.alpha)
        if row.icc is not None:
            for found in (row.icc.icc2_1, row.icc.icc2_k, row.icc.icc3_1, row.icc.icc3_k):
                assert all(map(math.isfinite, (found.value, found.low, found.high)))
                assert -1 <= found.low <= found.value <= found.high <= 1


def _compared(run_cli: RunCli, source: str, folder: Path, stdin: str | None = None) -> str:
    rubrics = ("-r", str(folder / "reach.yaml"), "-r", str(folder / "tone.yaml"))
    result = run_cli("compare", source, *rubrics, "-f", "csv", input=stdin)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_compare_reads_standard_input_once_for_every_rubric(
    run_cli: RunCli, two_rubrics: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each rubric ranks the same candidates: standard input, which can be read only once,
    # is read before the first ranking (the second rubric once found it empty).
    monkeypatch.chdir(two_rubrics.parent)
    text = two_rubrics.read_text(encoding="utf-8")
    piped = _compared(run_cli, "-", two_rubrics.parent, stdin=text)
    assert piped == _compared(run_cli, str(two_rubrics), two_rubrics.parent)
    # reach-first: Ada 1, Cy 2, Bo 3; tone-first: Bo 1, Cy 2, Ada 3.
    assert piped.splitlines()[1].startswith("Ada,Sales,1,3,")


def test_compare_reads_a_named_pipe_once_for_every_rubric(
    run_cli: RunCli, two_rubrics: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "people.yaml"
    os.mkfifo(fifo)
    holder = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # keeps what is written until read
    writer = os.open(fifo, os.O_WRONLY)
    os.write(writer, two_rubrics.read_bytes())
    os.close(writer)
    try:
        piped = _compared(run_cli, str(fifo), two_rubrics.parent)
    finally:
        os.close(holder)
    assert piped == _compared(run_cli, str(two_rubrics), two_rubrics.parent)


def test_compare_refuses_one_rubric_twice(run_cli: RunCli, two_rubrics: Path) -> None:
    rubric = str(two_rubrics.parent / "reach.yaml")
    result = run_cli("compare", str(two_rubrics), "-r", rubric, "-r", rubric)
    assert result.exit_code == 2
    assert "compare needs different rubrics" in result.stderr


def test_compare_writes_its_output_file(run_cli: RunCli, two_rubrics: Path) -> None:
    folder = two_rubrics.parent
    out = folder / "side-by-side.csv"
    result = run_cli(
        "compare", str(two_rubrics), "-r", str(folder / "reach.yaml"),
        "-r", str(folder / "tone.yaml"), "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "name,department,rank.reach-first,rank.tone-first,score.reach-first," + (
        "score.tone-first,moves"
    )
    # Ada (5, 2): reach-first 100 * (3*4 + 1*1) / (4*4) = 81.25; tone-first (4 + 3) / 16 = 43.75.
    assert lines[1] == "Ada,Sales,1,3,81.25,43.75,2"


@pytest.mark.parametrize(
    ("rows", "code", "message"),
    [
        ([("Ada", 3, 3)], 0, ""),  # one candidate: first in every sample
        ([("Ada", 3, 1), ("Bo", 5, 1)], 3, "no candidate is eligible"),
    ],
)
def test_stability_with_one_or_no_eligible_candidate(
    run_cli: RunCli, write: Write, rows: list[tuple[str, int, int]], code: int, message: str
) -> None:
    rubric = RUBRIC.format(name="two", reach=1, tone=1)
    write(rubric.replace("voice fits.}", "voice fits., minimum: 2}"), "two.yaml")
    path = write(_candidates(rows))
    result = run_cli("rank", str(path), "--stability", "--samples", "50", "--fail-unstable", "1")
    assert result.exit_code == code, result.stderr
    assert message in result.stderr


def test_rating_noise_with_medians_gives_shares(run_cli: RunCli) -> None:
    result = run_cli(
        "rank", str(EXAMPLES / "panel.yaml"), "--stability", "--rating-noise",
        "--aggregate", "median", "--samples", "300", "-f", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["candidates"]
    firsts = [row["stability"]["p_first"] for row in rows]
    assert all(0 <= share <= 1 for share in firsts)
    # Someone is first in every sample (ties may count twice); each share is rounded to 4 places.
    assert sum(firsts) >= 1 - len(firsts) * 0.00005


def test_the_readme_shows_real_stability_and_compare_output(run_cli: RunCli) -> None:
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    panel = str(EXAMPLES / "panel.yaml")
    stable = run_cli("rank", panel, "--stability", "-f", "text")
    compared = run_cli(
        "compare", panel, "-r", "five-core-skills", "-r", "who-what-when", "--missing", "skip",
        "-f", "text",
    )  # fmt: skip
    assert stable.stdout.strip() in readme
    assert compared.stdout.strip() in readme
