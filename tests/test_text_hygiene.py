"""Text that reaches a terminal, a spreadsheet or GitHub is inert, and hints do not mislead.

User text (file names, names, keys, notes, labels, command-line values) may hold escape codes,
bidi controls or invisible characters: every way out shows them as escapes. Markdown sets
links, e-mail addresses and mentions as code; CSV neutralises formula triggers; each hint is
one that works.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import cmarkgfm
import pytest
from rich.console import Console

from smteam.checking.models import Candidate, Review
from smteam.choices import MissingPolicy, OutputFormat
from smteam.cli import PROGRESS_FROM_BYTES, _progress_bars, progress_label
from smteam.errors import Problem, json_safe, terminal_safe
from smteam.formats import FormatOptions, format_ranking
from smteam.formats.delimited import ranking_csv, safe_text
from smteam.formats.markdown import ranking_markdown
from smteam.formats.sections import to_text
from smteam.formats.views import calibration_view, explanation_view, rubric_view
from smteam.scoring.calibration import calibrate
from smteam.scoring.explain import explain
from smteam.scoring.ranking import Ranking, rank_candidates
from smteam.scoring.scores import plan_scoring
from tests.conftest import EXAMPLES, RunCli
from tests.test_scoring import make_rubric

Write = Callable[..., Path]

# Written out by hand: what must never reach an output raw.
RAW = (
    "\x07",  # bell
    "\x1b",  # escape: colours, cursor moves, hyperlinks, clearing the screen
    "\x85",  # next line (C1)
    "\u2028",  # line separator
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u200b",  # zero-width space
    "\u200e",  # left-to-right mark
    "\u00ad",  # soft hyphen
    "\u3164",  # Hangul filler
    "\ufeff",  # zero-width no-break space
)


def assert_inert(text: str) -> None:
    found = [f"U+{ord(c):04X}" for c in RAW if c in text]
    assert found == [], f"raw characters reached the output: {found}"


# --- the one escaping function --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Ana Ruiz", "Ana Ruiz"),
        ("Zoë Núñez", "Zoë Núñez"),
        ("red\x1b[31m", "red\\x1b[31m"),
        ("two\nlines\r\n", "two\\nlines\\r\\n"),
        ("tab\there", "tab\\there"),
        ("bell\x07 del\x7f", "bell\\x07 del\\x7f"),
        ("next\x85line", "next\\x85line"),
        ("para\u2028graph\u2029", "para\\u2028graph\\u2029"),
        ("Kim\u202eeeL", "Kim\\u202eeeL"),
        ("\u2066iso\u2069 \u061c \u200e\u200f", "\\u2066iso\\u2069 \\u061c \\u200e\\u200f"),
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("soft\u00adhyphen", "soft\\xadhyphen"),
        ("\u3164filler \u115f \uffa0", "\\u3164filler \\u115f \\uffa0"),
        ("bom\ufeff word\u2060joiner", "bom\\ufeff word\\u2060joiner"),
        ("var\ufe00 mongol\u180e", "var\\ufe00 mongol\\u180e"),
        ("tag\U000e0041", "tag\\U000e0041"),
        ("music\U0001d173", "music\\U0001d173"),
        ("byte\udcff.yaml", "byte\\xff.yaml"),  # a non-UTF-8 file name (surrogateescape)
        ("lone\ud800", "lone\\ud800"),
        # Joiners doing their job stay: emoji sequences, Persian, Devanagari.
        ("👩\u200d💻 Ana", "👩\u200d💻 Ana"),
        ("👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"),
        ("می\u200cخواهم", "می\u200cخواهم"),
        ("क्\u200dष", "क्\u200dष"),
        ("❤\ufe0f", "❤\ufe0f"),
        ("👁\ufe0f\u200d🗨\ufe0f", "👁\ufe0f\u200d🗨\ufe0f"),
        # ... but not between ASCII letters, at an edge, or after a digit.
        ("a\u200db", "a\\u200db"),
        ("\u200d👩", "\\u200d👩"),
        ("👩\u200c", "👩\\u200c"),
        ("1\ufe0f", "1\\ufe0f"),
        ("\ufe0fx", "\\ufe0fx"),
    ],
)
def test_terminal_safe_shows_what_would_act_on_the_terminal_as_escapes(
    text: str, shown: str
) -> None:
    assert terminal_safe(text) == shown


def test_multiline_text_keeps_its_line_breaks_and_tabs_only() -> None:
    assert terminal_safe("a\nb\tc\x1b[2J\u202e", multiline=True) == "a\nb\tc\\x1b[2J\\u202e"


def test_a_problem_line_is_one_inert_line() -> None:
    problem = Problem("f\u202e.yaml", "bad\nvalue\x1b[0m", line=2, column=3, field="name")
    assert str(problem) == "f\\u202e.yaml:2:3: name: bad\\nvalue\\x1b[0m"


def test_json_keeps_the_data_but_escapes_what_a_terminal_would_act_on() -> None:
    document = json.dumps({"name": "K\u202eL\u200b\x85"}, ensure_ascii=False, indent=2)
    safe = json_safe(document)
    assert safe == '{\n  "name": "K\\u202eL\\u200b\\u0085"\n}'
    assert json.loads(safe) == {"name": "K\u202eL\u200b\x85"}


# --- through the command line ---------------------------------------------------------------

FILE_NAMES = [
    ("esc\x1b[31m.yaml", "esc\\x1b[31m.yaml"),
    ("bidi\u202elmth.yaml", "bidi\\u202elmth.yaml"),
    ("zero\u200bwidth.yaml", "zero\\u200bwidth.yaml"),
    ("bell\x07\u2066.yaml", "bell\\x07\\u2066.yaml"),
    ("[link=file:x][reverse]\u3164.yaml", "[link=file:x][reverse]\\u3164.yaml"),
]


@pytest.mark.parametrize(("name", "shown"), FILE_NAMES)
def test_validate_shows_file_names_escaped_on_stdout(
    name: str, shown: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: RunCli
) -> None:
    shutil.copy(EXAMPLES / "candidates.yaml", tmp_path / name)
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate", name)
    assert result.exit_code == 0
    assert result.stdout == f"OK {shown} (10 candidates)\n"
    assert_inert(result.stdout + result.stderr)


@pytest.mark.parametrize(("name", "shown"), FILE_NAMES)
def test_validate_and_rank_show_missing_file_names_escaped_on_stderr(
    name: str, shown: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: RunCli
) -> None:
    monkeypatch.chdir(tmp_path)
    checked = run_cli("validate", name)
    assert checked.exit_code == 1
    assert checked.stderr == f"{shown}: no such file\nFAILED {shown} (1 error)\n"
    ranked = run_cli("rank", name)
    assert ranked.exit_code == 1
    assert ranked.stderr == f"{shown}: no such file\nsmteam: 1 error; nothing was ranked.\n"
    assert_inert(checked.stdout + checked.stderr + ranked.stdout + ranked.stderr)


def test_an_unknown_trait_key_is_escaped_in_rank_errors(write: Write, run_cli: RunCli) -> None:
    path = write(
        "rubric: who-what-when\ncandidates:\n  - name: Kim\n    department: Marketing\n"
        "    ratings: {brand-values: 4, purpose-and-focus: 4, responsiveness: 4, "
        '"odd\\u202e\\e[31m\\u200b": 3}\n'
    )
    result = run_cli("rank", str(path))
    assert result.exit_code == 1
    key = '"odd\\u202e\\x1b[31m\\u200b"'
    assert result.stderr == (
        f"{path}:5:73: candidates[0].ratings.{key}: unknown trait {key}; "
        "not in rubric 'who-what-when'\nsmteam: 1 error; nothing was ranked.\n"
    )
    assert_inert(result.stderr)


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["departments", "\x1b[31mx\u3164"], "(\\x1b[31mx\\u3164)"),
        (["fo\u200bo"], "No such command 'fo\\u200bo'."),
        (["rank", "--format", "x\u202ey", "f.yaml"], "'x\\u202ey' is not one of"),
        (["rank", "--missing", "\u3164x", "f.yaml"], "'\\u3164x' is not one of"),
    ],
)
def test_usage_errors_show_user_text_escaped(args: list[str], shown: str, run_cli: RunCli) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    assert shown in result.stderr
    assert_inert(result.stdout + result.stderr)


def test_init_shows_the_folder_escaped(tmp_path: Path, run_cli: RunCli) -> None:
    folder = tmp_path / "new\u202efolder"
    folder.mkdir()
    result = run_cli("init", str(folder))
    assert result.exit_code == 0
    assert result.stdout == f"wrote {tmp_path}/new\\u202efolder/candidates.yaml\n"


def test_smteam_lines_show_user_text_escaped(tmp_path: Path, run_cli: RunCli) -> None:
    (tmp_path / "no\u202efolder\x1b[8m").write_text("a file", encoding="utf-8")
    result = run_cli("init", str(tmp_path / "no\u202efolder\x1b[8m"))
    assert result.exit_code == 2
    assert result.stderr == f"smteam: {tmp_path}/no\\u202efolder\\x1b[8m is not a folder\n"


def test_init_shows_a_folder_it_makes_escaped(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli("init", str(tmp_path / "new\u202efolder"))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"made {tmp_path}/new\\u202efolder/",
        f"wrote {tmp_path}/new\\u202efolder/candidates.yaml",
    ]


def test_the_progress_label_is_escaped_and_never_markup() -> None:
    name = "big[link=http://evil.example]\x1b[31m\u202e[reverse].yaml"
    shown = "big[link=http://evil.example]\\x1b[31m\\u202e[reverse].yaml"
    assert progress_label(name) == f"reading {shown}"
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system=None, width=200)
    with _progress_bars(console) as progress_for:
        assert progress_for is not None
        assert progress_for("small.yaml", PROGRESS_FROM_BYTES - 1) is None
        advance = progress_for(name, PROGRESS_FROM_BYTES)
        assert advance is not None
        advance(1, 2)
    out = buffer.getvalue()
    assert f"reading {shown}" in out  # the brackets shown as written: no link, no reverse
    assert "\x1b]8;" not in out  # no hyperlink
    assert "\x1b[31m" not in out and "\x1b[7m" not in out  # no colour, no reverse video
    assert "\u202e" not in out


# --- every output format --------------------------------------------------------------------

NAME, NAME_SHOWN = "K\x1b[1m\u202eL", "K\\x1b[1m\\u202eL"
DEPARTMENT, DEPARTMENT_SHOWN = "D\u200bE\u00ad", "D\\u200bE\\xad"
UNUSED, UNUSED_SHOWN = "odd\u2066", "odd\\u2066"


def tricky_ranking() -> Ranking:
    """A ranking built without validation, as a library caller might: the formats must still
    keep the terminal safe."""
    rubric = make_rubric([1, 1])
    kim = Candidate.model_construct(
        name=NAME,
        department=DEPARTMENT,
        ratings={"t0": 4, "t1": 5, UNUSED: 3},
        reviews=None,
        notes={"t0": "note\x07\u2028end"},
    )
    return rank_candidates([kim], plan_scoring(rubric, missing=MissingPolicy.ERROR))


SHOWN_IN = {
    OutputFormat.TABLE: [NAME_SHOWN, DEPARTMENT_SHOWN, UNUSED_SHOWN],
    OutputFormat.TEXT: [NAME_SHOWN, DEPARTMENT_SHOWN, UNUSED_SHOWN],
    OutputFormat.MARKDOWN: ["K\\\\x1b\\[1m\\\\u202eL", "D\\\\u200bE\\\\xad", "odd\\\\u2066"],
    OutputFormat.CSV: [NAME_SHOWN, DEPARTMENT_SHOWN, "note\\x07\\u2028end"],
    OutputFormat.JSON: ["K\\u001b[1m\\u202eL", "D\\u200bE\\u00ad", "note\\u0007\\u2028end"],
    OutputFormat.JSONL: ["K\\u001b[1m\\u202eL", "D\\u200bE\\u00ad", "note\\u0007\\u2028end"],
}


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_format_shows_control_and_invisible_characters_as_escapes(
    fmt: OutputFormat,
) -> None:
    text = format_ranking(tricky_ranking(), fmt, FormatOptions(width=200))
    assert_inert(text)
    for shown in SHOWN_IN[fmt]:
        assert shown in text


@pytest.mark.parametrize("fmt", [OutputFormat.JSON, OutputFormat.JSONL])
def test_json_still_holds_the_text_as_written(fmt: OutputFormat) -> None:
    text = format_ranking(tricky_ranking(), fmt, FormatOptions())
    row = json.loads(text)["candidates"][0] if fmt is OutputFormat.JSON else json.loads(text)
    assert (row["name"], row["department"]) == (NAME, DEPARTMENT)


def test_joiners_in_names_are_kept_in_every_text_format() -> None:
    rubric = make_rubric([1])
    dev = Candidate(name="👩\u200d💻 Ana", department="کارمند\u200cها", ratings={"t0": 3})
    ranking = rank_candidates([dev], plan_scoring(rubric))
    for fmt in (OutputFormat.TABLE, OutputFormat.TEXT, OutputFormat.MARKDOWN, OutputFormat.CSV):
        text = format_ranking(ranking, fmt, FormatOptions(width=200))
        assert "👩\u200d💻 Ana" in text and "کارمند\u200cها" in text


def test_views_show_labels_raters_and_notes_escaped() -> None:
    rubric = make_rubric([1, 1])
    traits = (rubric.traits[0].model_copy(update={"label": "Lab\x1b[5mel"}), rubric.traits[1])
    shown = to_text(
        rubric_view(rubric.model_copy(update={"title": "Ti\u202etle", "traits": traits})),
        width=200,
        color=False,
    )
    assert_inert(shown)
    assert "Ti\\u202etle (r)" in shown and "Lab\\x1b[5mel" in shown

    def review(rater: str, note: str) -> Review:
        return Review.model_construct(
            rater=rater, ratings={"t0": 4, "t1": 2}, notes={"t0": note}, recommendation=None
        )

    kim = Candidate.model_construct(
        name=NAME,
        department=DEPARTMENT,
        ratings=None,
        reviews=[review("Maya\u202e", "clear\x1b[2J"), review("Omar\u200b", "calm")],
        notes={},
    )
    plan = plan_scoring(rubric)
    ranking = rank_candidates([kim], plan)
    explained = to_text(explanation_view(explain(kim, ranking, plan)), width=200, color=False)
    assert_inert(explained)
    assert f"{NAME_SHOWN} ({DEPARTMENT_SHOWN}): rank 1 of 1 eligible" in explained
    assert "Note on T0, Maya\\u202e: clear\\x1b[2J" in explained
    assert "Omar\\u200b" in explained
    calibrated = to_text(calibration_view(calibrate([kim], rubric)), width=200, color=False)
    assert_inert(calibrated)
    assert "Maya\\u202e" in calibrated and "Omar\\u200b" in calibrated


# --- Markdown: no links, no mentions, as GitHub renders it ----------------------------------


def github_html(markdown: str) -> str:
    """The HTML GitHub's own renderer (cmark-gfm) makes, with its table and autolink rules."""
    html = cmarkgfm.markdown_to_html_with_extensions(markdown, extensions=["table", "autolink"])
    return str(html)


def outside_code(html: str) -> str:
    return re.sub(r"<code>.*?</code>", "", html, flags=re.DOTALL)


@pytest.mark.parametrize(
    "name",
    [
        "kim@example.com",
        "@octocat",
        "Kim (@org/team)",
        "see www.example.com now",
        "WWW.EXAMPLE.COM",
        "https://evil.example/a|b",
        "ftp://files.example",
        "mailto:kim@example.com",
        "<https://x.example>",
        "[x](https://x.example)",
        "a`b@c``d",
        "`@edge`",
        "back\\|@slash",
        "xmpp:kim@example.com/home",
    ],
)
def test_markdown_has_no_link_and_no_mention_as_github_renders_it(name: str) -> None:
    rubric = make_rubric([1, 1]).model_copy(update={"title": f"Lead {name}"})
    candidate = Candidate.model_construct(
        name=name, department="Ops @ www.ops.example", ratings={"t0": 4, "t1": 2, name: 1}
    )
    ranking = rank_candidates([candidate], plan_scoring(rubric))
    markdown = ranking_markdown(ranking)
    html = github_html(markdown)
    assert "<a " not in html
    assert "@" not in outside_code(html)
    header = re.search(r"<thead>.*?</thead>", html, flags=re.DOTALL)
    body = re.search(r"<tbody>.*?</tbody>", html, flags=re.DOTALL)
    assert header is not None and body is not None
    cells = len(re.findall(r"<td[ >]", body.group()))
    assert cells == len(re.findall(r"<th[ >]", header.group())) == 5


def test_markdown_sets_a_link_as_code_and_escapes_the_rest() -> None:
    candidate = Candidate(name="Kim *x* kim@example.com", department="Marketing", ratings={"t0": 3})
    ranking = rank_candidates([candidate], plan_scoring(make_rubric([1])))
    row = next(line for line in ranking_markdown(ranking).splitlines() if line.startswith("| 1"))
    assert row.startswith("| 1 | Kim \\*x\\* `kim@example.com` | Marketing |")


# --- CSV: nothing a spreadsheet would run ---------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        "\uff1d1+1",  # full-width equals sign
        "\ufe661+1",  # small equals sign
        "\uff0b1",  # full-width plus
        "\uff0d1",  # full-width minus
        "\uff20SUM(A1)",  # full-width commercial at
        " =1+1",
        "   +1",
        " -2",
        " @SUM(A1:A9)",
        "\t =1",
        " \t@x",
        " \uff1dA1",
    ],
)
def test_formula_triggers_after_spaces_and_full_width_ones_are_neutralised(cell: str) -> None:
    assert safe_text(cell) == "'" + cell
    kim = Candidate.model_construct(
        name="Kim", department="Ops", ratings={"t0": 1}, notes={"t0": cell}
    )
    ranking = rank_candidates([kim], plan_scoring(make_rubric([1])))
    header, row = csv.reader(io.StringIO(ranking_csv(ranking), newline=""))
    assert (header[-1], row[-1]) == ("notes.T0", "'" + cell)


@pytest.mark.parametrize("cell", ["Ana", "a=1", " a", "x\uff1d1", "1-2", "Zoë"])
def test_text_that_is_no_formula_is_left_alone(cell: str) -> None:
    assert safe_text(cell) == cell


# --- hints that help ------------------------------------------------------------------------

PANEL = """\
rubric: who-what-when
candidates:
  - name: Kim
    department: Marketing
    reviews:
      - rater: Maya
        ratings: {brand-values: 4, purpose-and-focus: 4, responsiveness: 4}
        recommendation: %s
"""


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ("Yes", "Yes (a boolean in YAML 1.1); did you mean 'yes'?"),
        ("NO", "NO (a boolean in YAML 1.1); did you mean 'no'?"),
        ("true", "true (a boolean)"),
        ("on", "on (a boolean in YAML 1.1)"),
        ("1", "1 (a whole number)"),
    ],
)
def test_a_recommendation_is_never_told_to_quote_what_quoting_cannot_fix(
    written: str, found: str, write: Write, run_cli: RunCli
) -> None:
    path = write(PANEL % written)
    result = run_cli("validate", str(path))
    assert result.stderr.splitlines()[0] == (
        f"{path}:8:25: candidates[0].reviews[0].recommendation: expected one of strong_no, no, "
        f"yes, strong_yes, no_decision, found {found}"
    )


def test_text_fields_still_offer_quotes_where_quotes_work(write: Write, run_cli: RunCli) -> None:
    path = write(
        "rubric: who-what-when\ncandidates:\n  - name: 42\n    department: yes\n"
        "    ratings: {brand-values: 4, purpose-and-focus: 4, responsiveness: 4}\n"
        "    notes: {brand-values: 12}\n"
    )
    assert run_cli("validate", str(path)).stderr.splitlines()[:3] == [
        f"{path}:3:11: candidates[0].name: expected text, found 42 (a whole number); "
        'quote it: "42"',
        f"{path}:4:17: candidates[0].department: expected text, found yes (a boolean in YAML "
        '1.1); quote it: "yes"',
        f"{path}:6:27: candidates[0].notes.brand-values: expected text, found 12 (a whole "
        'number); quote it: "12"',
    ]


def test_an_id_is_not_told_to_quote_a_number(write: Write, run_cli: RunCli) -> None:
    path = write(
        "name: mine\ntitle: Mine\nscale: {min: 1, max: 5}\ntraits:\n"
        "  - {id: 12, label: A, weight: 1}\n",
        "rubric.yaml",
    )
    assert run_cli("validate", str(path)).stderr.splitlines()[0] == (
        f"{path}:5:10: traits[0].id: expected text, found 12 (a whole number); an id is lower "
        "case letters, digits and hyphens, starting with a letter"
    )


@pytest.mark.parametrize(
    ("name", "data", "hint"),
    [
        (
            "c.csv",
            "name,department,brand-values,purpose-and-focus,responsiveness\nKim,Sales, 4,4,4\n",
            "c.csv:2:3: brand-values (C2): expected a whole number from 1 to 5 or a label "
            '(no evidence, limited, solid, strong, exceptional), found " 4" '
            "(text); write the number alone in the cell",
        ),
        (
            "c.yaml",
            "rubric: who-what-when\ncandidates:\n  - name: Kim\n    department: Sales\n"
            '    ratings: {brand-values: "4", purpose-and-focus: 4, responsiveness: 4}\n',
            "c.yaml:5:29: candidates[0].ratings.brand-values: expected a whole number from 1 "
            "to 5 or a label (no evidence, limited, solid, strong, exceptional), "
            'found "4" (text); write it without quotes',
        ),
    ],
)
def test_a_number_in_quotes_is_worded_for_its_format(
    name: str,
    data: str,
    hint: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    run_cli: RunCli,
) -> None:
    (tmp_path / name).write_text(data, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run_cli("validate", "--rubric", "who-what-when", name).stderr.splitlines()[0] == hint


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("c.csv", b"name,department\nKim\x01,Sales\n", "in this file"),
        ("c.json", b'{"rubric": "who-what-when\x01"}', "in this file"),
        ("c.yaml", b"rubric: who\x01\n", "in YAML text"),
    ],
)
def test_a_control_character_is_reported_in_the_words_of_its_format(
    name: str,
    data: bytes,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    run_cli: RunCli,
) -> None:
    (tmp_path / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    first = run_cli("validate", name).stderr.splitlines()[0]
    assert first.endswith(f": character U+0001 is not allowed {message} (a control character)")


@pytest.mark.parametrize(
    ("mapping", "line"),
    [
        (
            "ratings: {5: 4, brand-values: 4, purpose-and-focus: 4, responsiveness: 4}",
            "5:15: candidates[0].ratings: a key must be a trait id (text), found the number 5",
        ),
        (
            "ratings: {brand-values: 4, purpose-and-focus: 4, responsiveness: 4}\n"
            "    notes: {7: hi}",
            "6:13: candidates[0].notes: a key must be a trait id (text), found the number 7",
        ),
    ],
)
def test_a_number_as_a_key_is_said_as_such(
    mapping: str, line: str, write: Write, run_cli: RunCli
) -> None:
    path = write(
        f"rubric: who-what-when\ncandidates:\n  - name: Kim\n    department: Sales\n    {mapping}\n"
    )
    result = run_cli("validate", str(path))
    assert result.stderr.splitlines()[0] == f"{path}:{line}"
