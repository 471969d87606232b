"""CSV exports (formats/delimited.py), found by mutmut: trait labels that are also the names of
fixed columns, the rank cell of a candidate who is not eligible in the per-rater export, a
note of two lines kept as two lines in both exports, and in a plain sheet's full export a
name and a department that both need quotes on one line, and a name that would run as a
formula after the first; in the export of many candidates, a name to quote beside a plain
department, must-haves too many to number, a name that would run as a formula first in the
file, and a name with a capital X; and the export in parts with no byte order mark unless
asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from smteam.formats import delimited
from smteam.scoring.ranking import rank_candidates
from smteam.scoring.scores import plan_scoring
from tests.conftest import RunCli
from tests.test_scoring import make_rubric, person

RUBRIC = """\
name: two
title: Two traits
scale: {min: 1, max: 5}
traits:
  - {id: cov, label: Coverage, weight: 1, minimum: 3}
  - {id: why, label: Reasons, weight: 3}
"""
PEOPLE = """\
rubric: rubric.yaml
candidates:
  - name: Ann Lee
    department: Sales
    ratings: {cov: 5, why: 4}
    notes: {why: "line one\\nline two"}
  - name: Bo Chan
    department: PR
    ratings: {cov: 1, why: 5}
"""
# Ann: (1 * 4 + 3 * 3) / (4 * 4) = 81.25, shown 81.3. Bo: (0 + 3 * 4) / 16 = 75, not eligible
# (cov 1 is below its minimum 3), so no rank. "Coverage" and "Reasons" are the names of fixed
# columns (compared ignoring case), so those traits' headers add their ids.
EXPECTED = {
    "plain": (
        "rank,name,department,score,eligible,raters,recommendations,disagreements,"
        "Coverage (cov),Reasons (why),coverage,reasons,notes.Reasons (why)\r\n"
        '1,Ann Lee,Sales,81.3,true,1,,,5,4,100.0,,"line one\nline two"\r\n'
        ",Bo Chan,PR,75.0,false,1,,,1,5,100.0,cov 1 < 3,\r\n"
    ),
    "per-rater": (
        "rank,name,rater,recommendation,trait,label,rating,note\r\n"
        "1,Ann Lee,,,cov,Coverage,5,\r\n"
        '1,Ann Lee,,,why,Reasons,4,"line one\nline two"\r\n'
        ",Bo Chan,,,cov,Coverage,1,\r\n"
        ",Bo Chan,,,why,Reasons,5,\r\n"
    ),
}


@pytest.mark.parametrize("kind", EXPECTED)
def test_a_csv_export_with_clashing_labels_an_unranked_candidate_and_a_two_line_note(
    kind: str, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "rubric.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    extra = ["--per-rater"] if kind == "per-rater" else []
    result = run_cli("rank", "people.yaml", "-f", "csv", *extra)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout_bytes == EXPECTED[kind].encode("utf-8")


def test_with_stability_each_line_is_the_plain_line_then_the_stability_columns(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "rubric.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("rank", "people.yaml", "-f", "csv", "--stability", "--samples", "10")
    assert (result.exit_code, result.stderr) == (0, "")
    header = result.stdout.splitlines()[0].split(",")
    assert header[8:12] == ["Coverage (cov)", "Reasons (why)", "coverage", "reasons"]
    # Each line is the plain export's line, then the stability columns.
    lines = result.stdout_bytes.decode("utf-8").split("\r\n")
    plain = EXPECTED["plain"].split("\r\n")
    assert len(lines) == len(plain) == 4
    for line, before in zip(lines[:3], plain[:3], strict=True):
        assert line.startswith(before + ",")
        assert line.count(",") == before.count(",") + 7
    # Ann is the only eligible candidate: first in every sample, mean rank 1, range 1 to 1.
    ann = lines[1].split(",")
    assert [float(cell) for cell in ann[13:18]] == [1.0, 1.0, 1.0, 1.0, 1.0]


def test_a_group_with_no_rated_trait_has_an_empty_cell(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # --missing skip, only trait a (weight 1 of 4) rated 4 on 1 to 5: score and group "first"
    # (4 - 1) / 4 = 75, coverage 25%; group "second" has no rated trait, so no score.
    (tmp_path / "g.yaml").write_text(
        "name: grouped\ntitle: Grouped\nscale: {min: 1, max: 5}\ntraits:\n"
        "  - {id: a, label: A, weight: 1, group: first}\n"
        "  - {id: b, label: B, weight: 3, group: second}\n",
        encoding="utf-8",
    )
    (tmp_path / "people.yaml").write_text(
        "rubric: g.yaml\ncandidates:\n  - {name: Ann Lee, department: Sales, ratings: {a: 4}}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli("rank", "people.yaml", "-f", "csv", "--missing", "skip")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout_bytes == (
        b"rank,name,department,score,eligible,raters,recommendations,disagreements,"
        b"group.first,group.second,A,B,coverage,reasons\r\n"
        b"1,Ann Lee,Sales,75.0,true,1,,,75.0,,4,,25.0,\r\n"
    )


def test_a_panel_with_two_disagreements_lists_both(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Kim and Lu: cov 5 and 3 (spread 2), why 1 and 4 (spread 3), both at least the default
    # 2. Means 4 and 2.5: (1 * 3 + 3 * 1.5) / 16 = 46.875, shown 46.9.
    (tmp_path / "rubric.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / "panel.yaml").write_text(
        "rubric: rubric.yaml\ncandidates:\n"
        "  - name: Ann Lee\n    department: Sales\n    reviews:\n"
        "      - {rater: Kim, ratings: {cov: 5, why: 1}}\n"
        "      - {rater: Lu, ratings: {cov: 3, why: 4}}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli("rank", "panel.yaml", "-f", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout_bytes.split(b"\r\n")[1] == (
        b"1,Ann Lee,Sales,46.9,true,2,,cov; why,4,2.5,100.0,"
    )


def test_two_reasons_and_notes_that_start_with_a_space(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both traits below their minimums (3 and 2): two reasons in one cell. A note of a space,
    # a tab and "=1" would run as a formula (spreadsheets skip both): it gets an apostrophe.
    # " X=1" starts with X after its space: it is text as it is.
    (tmp_path / "rubric.yaml").write_text(
        RUBRIC.replace("weight: 3}", "weight: 3, minimum: 2}"), encoding="utf-8"
    )
    (tmp_path / "people.yaml").write_text(
        "rubric: rubric.yaml\ncandidates:\n"
        "  - name: Ann Lee\n    department: Sales\n    ratings: {cov: 1, why: 1}\n"
        '    notes: {why: " X=1", cov: " \\t=1"}\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli("rank", "people.yaml", "-f", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout_bytes.split(b"\r\n")[1] == (
        b",Ann Lee,Sales,0.0,false,1,,,1,1,100.0,cov 1 < 3; why 1 < 2,' \t=1, X=1"
    )


def test_a_big_sheets_full_export_quotes_a_name_and_a_department_with_commas(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A plain sheet ranked in full is exported a column at a time; a line whose name and
    # department both hold a comma still has both quoted. Scores as in the first test: Lee
    # (5, 4) 81.3, ranked; Bo (1, 5) 75.0, not eligible (cov 1 < 3).
    (tmp_path / "rubric.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / "people.csv").write_text(
        'name,department,cov,why\n"Lee, Ann","Customer, Support",5,4\nBo Chan,PR,1,5\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli("rank", "people.csv", "--rubric", "rubric.yaml", "-f", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout_bytes == (
        b"rank,name,department,score,eligible,raters,recommendations,disagreements,"
        b"Coverage (cov),Reasons (why),coverage,reasons\r\n"
        b'1,"Lee, Ann","Customer, Support",81.3,true,1,,,5,4,100.0,\r\n'
        b",Bo Chan,PR,75.0,false,1,,,1,5,100.0,cov 1 < 3\r\n"
    )


def test_a_big_sheets_full_export_escapes_a_formula_name_after_the_first(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every name but one is plain; "=Cy" would run as a formula, and it comes second, so the
    # check of a chunk's names must look past the first: it gets an apostrophe. Ann (5, 4):
    # 81.3; Cy (3, 3): (1 * 2 + 3 * 2) / 16 = 50.0, eligible (cov 3 is its minimum).
    (tmp_path / "rubric.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / "people.csv").write_text(
        "name,department,cov,why\n=Cy,PR,3,3\nAnn Lee,Sales,5,4\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli("rank", "people.csv", "--rubric", "rubric.yaml", "-f", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout_bytes.split(b"\r\n")[1:] == [
        b"1,Ann Lee,Sales,81.3,true,1,,,5,4,100.0,",
        b"2,'=Cy,PR,50.0,true,1,,,3,3,100.0,",
        b"",
    ]


def test_a_columnar_export_quotes_a_name_whose_department_is_plain(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The export of many candidates (here forced from the first) makes a line whose name needs
    # quotes the careful way even when its department needs none. Scores as in the first
    # test: Lee (5, 4) 81.3, ranked; Bo (1, 5) 75.0, not eligible (cov 1 < 3).
    monkeypatch.setattr(delimited, "_COLUMNAR", 0)
    (tmp_path / "rubric.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / "people.csv").write_text(
        'name,department,cov,why\n"Lee, Ann",PR,5,4\n"Bo ""B"" Chan",Sales,1,5\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli("rank", "people.csv", "--rubric", "rubric.yaml", "-f", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout_bytes.split(b"\r\n")[1:] == [
        b'1,"Lee, Ann",PR,81.3,true,1,,,5,4,100.0,',
        b',"Bo ""B"" Chan",Sales,75.0,false,1,,,1,5,100.0,cov 1 < 3',
        b"",
    ]


TEN_MUSTS = "name: ten\ntitle: Ten must-haves\nscale: {min: 0, max: 100}\ntraits:\n" + "".join(
    f"  - {{id: t{i}, label: T{i}, weight: 1, minimum: 100}}\n" for i in range(10)
)


def test_a_columnar_export_of_must_haves_too_many_to_number(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ten must-haves at 100 on 0 to 100 make 101**10 (about 1.1 * 10**20) combinations, past
    # 64 bits: the export of many candidates (forced from the first) takes their reasons the
    # row-by-row way. Ten traits of weight 1: Ann all 100 scores 100.0; Bo 100 but t3 40 and
    # t7 0 scores (800 + 40 + 0) / 1000 = 84.0; Cy 100 but t0 99 scores 99.9. Bo and Cy miss a
    # minimum, so have no rank, and come after Ann by score.
    monkeypatch.setattr(delimited, "_COLUMNAR", 0)
    (tmp_path / "rubric.yaml").write_text(TEN_MUSTS, encoding="utf-8")
    header = "name,department," + ",".join(f"t{i}" for i in range(10))
    (tmp_path / "people.csv").write_text(
        f"{header}\n"
        "Bo Chan,PR,100,100,100,40,100,100,100,0,100,100\n"
        "Ann Lee,Sales,100,100,100,100,100,100,100,100,100,100\n"
        "Cy Dee,PR,99,100,100,100,100,100,100,100,100,100\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli("rank", "people.csv", "--rubric", "rubric.yaml", "-f", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout_bytes.split(b"\r\n")[1:] == [
        b"1,Ann Lee,Sales,100.0,true,1,,,100,100,100,100,100,100,100,100,100,100,100.0,",
        b",Cy Dee,PR,99.9,false,1,,,99,100,100,100,100,100,100,100,100,100,100.0,t0 99 < 100",
        b",Bo Chan,PR,84.0,false,1,,,100,100,100,40,100,100,100,0,100,100,100.0,"
        b"t3 40 < 100; t7 0 < 100",
        b"",
    ]


@pytest.mark.parametrize("name", ["=Cy", "@Cy", "+Cy", "-Cy"])
def test_a_columnar_export_escapes_a_formula_name_first_in_the_file(
    name: str, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The export of many candidates (forced from the first) checks every name of the file at
    # once; the first name has no line break before it, and still gets its apostrophe.
    # Ann (5, 4): 81.3; Cy (3, 3): (1 * 2 + 3 * 2) / 16 = 50.0, eligible.
    monkeypatch.setattr(delimited, "_COLUMNAR", 0)
    (tmp_path / "rubric.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / "people.csv").write_text(
        f"name,department,cov,why\n{name},PR,3,3\nAnn Lee,Sales,5,4\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli("rank", "people.csv", "--rubric", "rubric.yaml", "-f", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout_bytes.split(b"\r\n")[1:] == [
        b"1,Ann Lee,Sales,81.3,true,1,,,5,4,100.0,",
        b"2,'" + name.encode() + b",PR,50.0,true,1,,,3,3,100.0,",
        b"",
    ]


def test_the_export_in_parts_starts_with_a_byte_order_mark_only_when_asked() -> None:
    # Kim rated 5 and 4 on 1 to 5 with weights 1 and 1: (4 + 3) / 8 = 87.5.
    ranking = rank_candidates([person(5, 4, name="Kim")], plan_scoring(make_rubric([1, 1])))
    plain = b"".join(delimited.ranking_csv_encoded(ranking))
    assert plain.startswith(b"rank,name,department,score,")
    assert b",Kim," in plain and b",87.5," in plain
    marked = b"".join(delimited.ranking_csv_encoded(ranking, excel=True))
    assert marked == b"\xef\xbb\xbf" + plain
    # The same as text, part by part.
    assert "".join(delimited.ranking_csv_parts(ranking)).encode() == plain
    assert "".join(delimited.ranking_csv_parts(ranking, excel=True)).encode() == marked


def test_a_columnar_export_keeps_each_byte_of_a_name(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The export of many candidates (forced from the first) drops the zero bytes that pad
    # numpy's cells, and no other byte: "Xu Fox" keeps both its X's. Xu (5, 4): 81.3; Bo
    # (1, 5): 75.0, not eligible (cov 1 < 3).
    monkeypatch.setattr(delimited, "_COLUMNAR", 0)
    (tmp_path / "rubric.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / "people.csv").write_text(
        "name,department,cov,why\nXu Fox,Sales,5,4\nBo Chan,PR,1,5\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli("rank", "people.csv", "--rubric", "rubric.yaml", "-f", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout_bytes.split(b"\r\n")[1:] == [
        b"1,Xu Fox,Sales,81.3,true,1,,,5,4,100.0,",
        b",Bo Chan,PR,75.0,false,1,,,1,5,100.0,cov 1 < 3",
        b"",
    ]
