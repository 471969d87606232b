"""Reading inputs safely: only regular files and pipes, never blocking, never more than
--max-bytes, never quoting a file that is not smteam's (a secret named by mistake), and never
a traceback for a huge number, a file name that is not UTF-8 or a folder that cannot be
listed."""

from __future__ import annotations

import os
import signal
import socket
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import pytest

from smteam import cli
from smteam.errors import InputError, escape_undecodable
from smteam.reading import sources as files
from smteam.reading.scalars import TooLong, resolve_plain
from tests.conftest import EXAMPLES, Run, RunCli

Write = Callable[..., Path]
SECRET = "s3cr3t"
"""In every value of the fake secret files: it must never be printed."""
WHO = "rubric: who-what-when\ncandidates:\n"
KIM = "  - {name: Kim Lee, department: PR, ratings: {brand-values: 4, purpose-and-focus: 4, responsiveness: 4}}\n"  # noqa: E501
GOOD = WHO + KIM
NEITHER = "expected a candidates file (with a 'candidates' key) or a rubric (with a 'traits' key)"
NOT_CANDIDATES = "expected a candidates file: a mapping with a 'candidates' list"
NOT_RUBRIC = "expected a rubric: a mapping with name, title, scale and traits"
MAPPING = "a mapping with neither 'candidates' nor 'traits'"


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A read that blocks (a pipe with no writer) fails the test instead of hanging the suite:
    a guard, not a timing assertion (a correct run takes well under a second)."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError("smteam blocked on a read")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(120)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _mknod(path: Path, minor: int) -> Path:
    """A private character device like /dev/null (minor 3) or /dev/zero (minor 5)."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except PermissionError:
        pytest.skip("mknod is not permitted here (no CAP_MKNOD), so no private device node")
    return path


@contextmanager
def _socket(path: Path) -> Iterator[Path]:
    """A listening Unix socket at ``path`` (the current folder must be its folder)."""
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(path.name)  # relative: a long tmp_path can exceed the socket name limit
        yield path
    finally:
        server.close()


# --- files that are not smteam's: one problem, quoting nothing ------------------------------


@dataclass(frozen=True)
class Secret:
    name: str
    text: str
    found: str
    """What the one problem says it found (never any of the text)."""
    validate_found: str = ""


SECRETS = [
    Secret(".env", f"API_TOKEN={SECRET}-value\nDB_PASSWORD={SECRET}-db\n", "text"),
    Secret(
        "shadow",
        f"root:$6${SECRET}salt$hash:19700:0:99999:7:::\nkim:$6${SECRET}2:19700:0:99999:7:::\n",
        MAPPING,
        "neither key",
    ),
    Secret(
        "id_key.pem",
        f"-----BEGIN PRIVATE KEY-----\nMIIEv{SECRET}QIBADANBgkqhkiG9w0BAQEFAASC\n"
        "-----END PRIVATE KEY-----\n",
        "text",
    ),
    # Keys given twice, an anchor and a tag: the loader's problems (which quote keys and
    # names) are dropped too.
    Secret(
        "secrets.yaml",
        f"password: {SECRET}-pw\n{SECRET}-key: a\n{SECRET}-key: b\n"
        f"token: &{SECRET}anchor !{SECRET}tag x\nname: {SECRET}-name\n",
        MAPPING,
        "neither key",
    ),
]


def _no_secret(result: Run) -> None:
    assert SECRET not in result.stdout + result.stderr
    assert result.exit_code == 1


@pytest.mark.parametrize("secret", SECRETS, ids=lambda s: s.name)
def test_a_secret_named_as_a_rubric_in_a_candidates_file_is_not_quoted(
    secret: Secret, write: Write, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(secret.text, secret.name)
    write(f"rubric: ./{secret.name}\ncandidates:\n{KIM}", "team.yaml")
    monkeypatch.chdir(write("", "x").parent)
    one = f"{secret.name}:1:1: {NOT_RUBRIC}, found {secret.found}"
    for command in ("rank", "validate"):
        result = run_cli(command, "team.yaml")
        _no_secret(result)
        assert result.stderr.splitlines()[0] == one


@pytest.mark.parametrize("secret", SECRETS, ids=lambda s: s.name)
def test_a_secret_given_with_rubric_is_not_quoted(
    secret: Secret, write: Write, run_cli: RunCli
) -> None:
    path = write(secret.text, secret.name)
    team = write(GOOD, "team.yaml")
    one = f"{path}:1:1: {NOT_RUBRIC}, found {secret.found}"
    for args in (["rank", "--rubric", str(path), str(team)], ["rubrics", "show", str(path)]):
        result = run_cli(*args)
        _no_secret(result)
        assert result.stderr.splitlines()[0] == one


@pytest.mark.parametrize("secret", SECRETS, ids=lambda s: s.name)
def test_a_secret_given_as_a_candidates_file_is_not_quoted(
    secret: Secret, write: Write, run_cli: RunCli
) -> None:
    path = write(secret.text, secret.name)
    validated = run_cli("validate", str(path))
    _no_secret(validated)
    assert validated.stderr.splitlines() == [
        f"{path}:1:1: {NEITHER}, found {secret.validate_found or secret.found}",
        f"FAILED {path} (1 error)",
    ]
    ranked = run_cli("rank", str(path))
    _no_secret(ranked)
    assert ranked.stderr.splitlines() == [
        f"{path}:1:1: {NOT_CANDIDATES}, found {secret.found}",
        "smteam: 1 error; nothing was ranked.",
    ]


@pytest.mark.parametrize(
    ("name", "text", "problem", "validated"),
    [
        (
            "secrets.json",
            f'{{"password": "{SECRET}", "{SECRET}": 1, "{SECRET}": 2}}',
            f"1:1: {NOT_CANDIDATES}, found {MAPPING}",
            f"1:1: {NEITHER}, found neither key",
        ),
        (
            "secrets.json",
            f'["{SECRET}-a", "{SECRET}-b"]',
            f"1:1: {NOT_CANDIDATES}, found a list",
            f"1:1: {NEITHER}, found a list",
        ),
        (
            "secrets.csv",
            f"user,password\nkim,{SECRET}\nkim,{SECRET}\n",
            "1:1: expected a candidates spreadsheet: a header row with name and department "
            "columns, found neither column",
            "",
        ),
        (
            "secrets.jsonl",
            f"API_TOKEN={SECRET}\n\nDB={SECRET}\n",
            "1:1: expected one candidate (a JSON object) per line, found none; JSON syntax "
            "error: Expecting value",
            "",
        ),
        (
            "secrets.jsonl",
            f'"{SECRET}"\n[1, "{SECRET}"]\n',
            "1:1: expected one candidate (a JSON object) per line, found none",
            "",
        ),
    ],
    ids=["json-mapping", "json-list", "csv", "jsonl-text", "jsonl-no-object"],
)
def test_other_formats_that_are_not_candidates_get_one_problem(
    name: str, text: str, problem: str, validated: str, write: Write, run_cli: RunCli
) -> None:
    path = write(text, name)
    ranked = run_cli("rank", str(path))
    _no_secret(ranked)
    assert ranked.stderr.splitlines() == [
        f"{path}:{problem}",
        "smteam: 1 error; nothing was ranked.",
    ]
    checked = run_cli("validate", str(path))
    _no_secret(checked)
    assert checked.stderr.splitlines() == [
        f"{path}:{validated or problem}",
        f"FAILED {path} (1 error)",
    ]


def test_a_file_shaped_like_a_rubric_keeps_its_detailed_problems(
    write: Write, run_cli: RunCli
) -> None:
    path = write("name: team\ntitle: Team\nscle: 3\n", "almost.yaml")
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:1:1: missing required key 'traits'",
        f"{path}:3:1: scle: unknown key 'scle'; did you mean 'scale'?",
        f"FAILED {path} (2 errors)",
    ]


def test_a_yaml_syntax_error_keeps_its_position(write: Write, run_cli: RunCli) -> None:
    path = write(f"API_TOKEN: {SECRET}\n  - x: [\n", "broken.env")
    result = run_cli("rank", "--rubric", str(path), str(EXAMPLES / "candidates.yaml"))
    _no_secret(result)
    assert result.stderr.splitlines()[0] == (
        f"{path}:2:6: YAML syntax error: mapping values are not allowed in this context"
    )


# --- what kind of file is read ------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda p: _mknod(p, 5), "a character device"),  # like /dev/zero: endless
        (lambda p: _mknod(p, 3), "a character device"),  # like /dev/null
        (os.mkfifo, "a pipe (FIFO)"),  # no writer: must not block
        (Path.mkdir, "a folder"),
    ],
    ids=["zero", "null", "fifo", "folder"],
)
def test_a_rubric_must_be_a_regular_file(
    make: Callable[[Path], object],
    kind: str,
    tmp_path: Path,
    run_cli: RunCli,
    write: Write,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    make(tmp_path / "odd.yaml")
    write("rubric: ./odd.yaml\ncandidates:\n" + KIM, "team.yaml")
    what = (
        "is a folder, expected a file"
        if kind == "a folder"
        else f"is {kind}, expected a regular file"
    )
    in_file = run_cli("rank", "team.yaml")
    assert in_file.exit_code == 1
    assert in_file.stderr.splitlines()[0] == f"team.yaml:1:9: rubric: {what}"
    for args in (
        ["rank", "--rubric", "./odd.yaml", "team.yaml"],
        ["rubrics", "show", "./odd.yaml"],
    ):
        given = run_cli(*args)
        assert given.exit_code == 1
        assert given.stderr.splitlines()[0] == f"./odd.yaml: {what}"


def test_a_rubric_that_is_a_socket_is_refused(
    tmp_path: Path, run_cli: RunCli, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with _socket(tmp_path / "odd.yaml"):
        result = run_cli("rubrics", "show", "./odd.yaml")
        assert result.exit_code == 1
        assert result.stderr == "./odd.yaml: is a socket, expected a regular file\n"


@pytest.mark.parametrize(
    ("minor", "kind"), [(5, "a character device"), (3, "a character device")], ids=["zero", "null"]
)
def test_a_device_is_not_read_as_candidates(
    minor: int, kind: str, tmp_path: Path, run_cli: RunCli
) -> None:
    device = _mknod(tmp_path / "team.yaml", minor)
    for command in ("rank", "validate"):
        result = run_cli(command, str(device))
        assert result.exit_code == 1
        assert result.stderr.splitlines()[0] == (
            f"{device}: is {kind}, expected a regular file or a pipe"
        )


def test_a_socket_is_not_read_as_candidates(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with _socket(tmp_path / "team.yaml"):
        result = run_cli("validate", "team.yaml")
        assert result.exit_code == 1
        assert result.stderr.splitlines()[0] == (
            "team.yaml: is a socket, expected a regular file or a pipe"
        )


def test_a_fifo_with_no_writer_reads_as_empty(tmp_path: Path, run_cli: RunCli) -> None:
    fifo = tmp_path / "team.yaml"
    os.mkfifo(fifo)
    result = run_cli("validate", str(fifo))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{fifo}: the file is empty", f"FAILED {fifo} (1 error)"]


def test_a_fifo_with_data_is_read(tmp_path: Path, run_cli: RunCli) -> None:
    fifo = tmp_path / "team.yaml"
    os.mkfifo(fifo)
    # Hold the pipe open for reading, so that what is written stays in it for smteam.
    holder = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        writer = os.open(fifo, os.O_WRONLY)
        os.write(writer, GOOD.encode())
        os.close(writer)
        result = run_cli("validate", str(fifo))
    finally:
        os.close(holder)
    assert (result.exit_code, result.stdout) == (0, f"OK {fifo} (1 candidate)\n")


def test_a_pipe_as_from_process_substitution_is_read(run_cli: RunCli) -> None:
    reader, writer = os.pipe()  # what <(...) gives: /dev/fd/N, a pipe
    try:
        os.write(writer, GOOD.encode())
        os.close(writer)
        result = run_cli("rank", f"/dev/fd/{reader}", "-f", "csv")
    finally:
        os.close(reader)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].startswith("1,Kim Lee,PR,")


# --- --max-bytes ------------------------------------------------------------------------------

SIZE = len(GOOD.encode())
RUBRIC = "name: r\ntitle: R\nscale: {min: 1, max: 5}\ntraits:\n  - {id: a, label: A, weight: 1}\n"


def _too_big(name: str, limit: str) -> str:
    return (
        f"{name}: the input is larger than the limit of {limit}; nothing of it was used "
        "(give a higher --max-bytes to read it)"
    )


@pytest.mark.parametrize(
    ("limit", "refused"),
    [(SIZE, ""), (SIZE + 1, ""), (SIZE - 1, f"{SIZE - 1} bytes"), (1, "1 byte")],
    ids=["exactly", "above", "one-below", "one-byte"],
)
def test_max_bytes_for_a_file(limit: int, refused: str, write: Write, run_cli: RunCli) -> None:
    path = write(GOOD, "team.yaml")
    result = run_cli("validate", "--max-bytes", str(limit), str(path))
    if refused:
        assert result.exit_code == 1
        assert result.stderr.splitlines() == [
            _too_big(str(path), refused),
            f"FAILED {path} (1 error)",
        ]
    else:
        assert (result.exit_code, result.stdout) == (0, f"OK {path} (1 candidate)\n")


def test_max_bytes_for_stdin_and_rubrics(write: Write, run_cli: RunCli) -> None:
    stdin = run_cli("rank", "--max-bytes", "2048", "-", input=GOOD + "#" * 3000)
    assert stdin.exit_code == 1
    assert stdin.stderr.splitlines()[0] == _too_big("<stdin>", "2 KiB")
    fine = run_cli("rank", "--max-bytes", str(SIZE), "-", "-f", "csv", input=GOOD)
    assert fine.exit_code == 0
    rubric = write(RUBRIC + "#" * 1000, "r.yaml")  # the candidates file stays under 1000
    team = write("rubric: ./r.yaml\ncandidates:\n" + KIM, "team.yaml")
    too_big = _too_big(str(rubric), "1000 bytes")
    shown = run_cli("rubrics", "show", str(rubric), "--max-bytes", "1000")
    assert (shown.exit_code, shown.stderr) == (1, too_big + "\n")
    named = run_cli("rank", str(team), "--max-bytes", "1000")  # placed at the rubric: line
    assert named.exit_code == 1
    assert named.stderr.splitlines()[0] == f"{team}:1:9: rubric: " + too_big.split(": ", 1)[1]


def test_max_bytes_for_a_pipe(run_cli: RunCli) -> None:
    reader, writer = os.pipe()
    try:
        os.write(writer, (GOOD + "#" * 3000).encode())
        os.close(writer)
        result = run_cli("validate", "--max-bytes", "3072", f"/dev/fd/{reader}")
    finally:
        os.close(reader)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == _too_big(f"/dev/fd/{reader}", "3 KiB")


@pytest.mark.parametrize(
    "command",
    [["rank"], ["validate"], ["raters"], ["explain"], ["rubrics", "show"]],
    ids=lambda c: " ".join(c),
)
def test_every_reading_command_takes_max_bytes(
    command: list[str], write: Write, run_cli: RunCli
) -> None:
    path = write(GOOD, "team.yaml")
    args = [*command, str(path), *(["Kim Lee"] if command == ["explain"] else [])]
    result = run_cli(*args, "--max-bytes", "64")
    assert result.exit_code == 1
    assert _too_big(str(path), "64 bytes") in result.stderr.splitlines()


@pytest.mark.parametrize("value", ["0", "-1", "1k", "1.5", ""])
def test_a_bad_max_bytes_is_a_usage_error(value: str, run_cli: RunCli) -> None:
    result = run_cli("validate", "--max-bytes", value, str(EXAMPLES / "candidates.yaml"))
    assert result.exit_code == 2
    assert "--max-bytes" in result.stderr


def test_the_default_limit_is_256_mib_in_both_places() -> None:
    assert files.DEFAULT_MAX_BYTES == cli.MAX_BYTES == 268_435_456
    assert files.size_text(268_435_456) == "256 MiB"


# --- numbers of thousands of digits -----------------------------------------------------------

DIGITS = "1234567890" * 500  # 5000 digits
SHOWN = "1234567890… (a number of 5000 digits, too long to read)"


@pytest.mark.parametrize(
    ("name", "text", "where", "shown"),
    [
        (
            "team.yaml",
            WHO + f"  - {{name: Kim, department: PR, ratings: {{brand-values: {DIGITS}}}}}\n",
            "3:57: candidates[0].ratings.brand-values: ",
            SHOWN,
        ),
        (
            "team.yaml",
            WHO + f"  - {{name: Kim, department: -{DIGITS}}}\n",
            "3:29: candidates[0].department: ",
            "-123456789… (a number of 5000 digits, too long to read)",
        ),
        (
            "team.yaml",
            WHO + f"  - {{name: Kim, department: PR, ratings: {{brand-values: 4.{DIGITS}}}}}\n",
            "3:57: candidates[0].ratings.brand-values: ",
            "4.12345678… (a number of 5001 digits, too long to read)",
        ),
        (
            "team.yaml",
            WHO + f"  - name: Kim\n    department: PR\n    ? {DIGITS}\n    : x\n",
            "5:7: candidates[0]: a key must be text, found ",
            SHOWN,
        ),
        (
            "team.csv",
            f"name,department,brand-values\nKim,PR,{DIGITS}\n",
            "2:3: brand-values (C2): ",
            SHOWN,
        ),
        (
            "team.json",
            '{"candidates": [{"name": "Kim", "department": "PR", "ratings": '
            f'{{"brand-values": {DIGITS}}}}}]}}',
            "1:81: candidates[0].ratings.brand-values: ",
            SHOWN,
        ),
        (
            "team.json",
            '{"candidates": [{"name": "Kim", "department": "PR", "ratings": '
            f'{{"brand-values": 1e{DIGITS}}}}}]}}',
            "1:81: candidates[0].ratings.brand-values: ",
            "1e12345678… (5002 characters) (infinity)",  # a float: read, then refused
        ),
        (
            "team.jsonl",
            f'{{"name": "Kim", "department": "PR", "ratings": {{"brand-values": {DIGITS}}}}}\n',
            "1:65: ratings.brand-values: ",
            SHOWN,
        ),
    ],
    ids=["yaml", "yaml-negative", "yaml-decimal", "yaml-key", "csv", "json", "json-exp", "jsonl"],
)
def test_a_huge_number_is_a_clean_problem(
    name: str, text: str, where: str, shown: str, write: Write, run_cli: RunCli
) -> None:
    path = write(text, name)
    result = run_cli("validate", "--missing", "skip", str(path))
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith(f"{path}:{where}")]
    assert len(lines) == 1, result.stderr
    assert lines[0].endswith(shown) or f"found {shown}" in lines[0]
    assert all(len(line) < 400 for line in result.stderr.splitlines())


def test_a_huge_number_in_a_rubric(write: Write, run_cli: RunCli) -> None:
    path = write(
        f"name: r\ntitle: R\nscale: {{min: 1, max: {DIGITS}}}\n"
        "traits:\n  - {id: a, label: A, weight: 1}\n",
        "r.yaml",
    )
    result = run_cli("rubrics", "show", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"{path}:3:22: scale.max: expected a whole number, found {SHOWN}\n"


def test_numbers_longer_than_the_interpreters_own_limit_are_too_long() -> None:
    assert isinstance(resolve_plain(DIGITS), TooLong)
    assert resolve_plain(DIGITS[:4300]) == int(DIGITS[:4300])
    if not hasattr(sys, "set_int_max_str_digits"):
        pytest.skip("this Python has no limit on whole-number conversion")
    before = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)
    try:
        assert isinstance(resolve_plain(DIGITS[:700]), TooLong)
    finally:
        sys.set_int_max_str_digits(before)


# --- file names that are not UTF-8 -------------------------------------------------------------


def _undecodable(tmp_path: Path, raw: bytes, text: str) -> Path:
    path = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), raw)))
    try:
        path.write_text(text, encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses file names that are not UTF-8")
    return path


def test_escape_undecodable() -> None:
    assert escape_undecodable(os.fsdecode(b"\xff.yaml")) == "\\xff.yaml"
    assert escape_undecodable("caf\u00e9 \ud800") == "caf\u00e9 \\ud800"


def test_a_file_name_that_is_not_utf8(tmp_path: Path, run_cli: RunCli) -> None:
    bad = _undecodable(tmp_path, b"\xff.yaml", "candidates: []\n")
    shown = f"{tmp_path}/\\xff.yaml"
    for command, last in (
        ("rank", "smteam: 1 error; nothing was ranked."),
        ("validate", f"FAILED {shown} (1 error)"),
    ):
        result = run_cli(command, str(bad))
        assert result.exit_code == 1
        assert result.stderr.splitlines() == [
            f"{shown}:1:13: candidates: expected at least one entry, found 0",
            last,
        ]
    missing = run_cli("rank", os.fsdecode(os.fsencode(tmp_path) + b"/nope\xfe.yaml"))
    assert missing.exit_code == 1
    assert missing.stderr.splitlines()[0] == f"{tmp_path}/nope\\xfe.yaml: no such file"


def test_a_file_name_that_is_not_utf8_inside_a_folder(tmp_path: Path, run_cli: RunCli) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    _undecodable(folder, b"\xfe.yaml", GOOD)
    result = run_cli("validate", str(folder))
    assert (result.exit_code, result.stdout) == (0, f"OK {folder}/\\xfe.yaml (1 candidate)\n")
    _undecodable(folder, b"\xfd.yaml", "candidates: {}\n")
    ranked = run_cli("rank", str(folder))
    assert ranked.exit_code == 1
    assert f"{folder}/\\xfd.yaml:1:13: candidates: " in ranked.stderr


# --- folders ---------------------------------------------------------------------------------

NO_INPUTS = (
    "the folder holds no files to read (those ending in .yaml, .yml, .csv, .json, .jsonl, .ndjson)"  # noqa: E501
)


@pytest.mark.parametrize("command", ["rank", "validate", "raters"])
def test_a_folder_that_cannot_be_listed(
    command: str, tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Path.iterdir

    def refuse(self: Path) -> Iterator[Path]:
        if self == tmp_path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "iterdir", refuse)
    result = run_cli(command, str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{tmp_path}: permission denied: cannot list the folder"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can list any folder")
def test_a_folder_without_read_permission(tmp_path: Path, run_cli: RunCli) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0)
    try:
        result = run_cli("rank", str(folder))
    finally:
        folder.chmod(0o700)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{folder}: permission denied: cannot list the folder"


def test_a_folder_with_nothing_to_read_says_which_files_count(
    tmp_path: Path, run_cli: RunCli
) -> None:
    (tmp_path / "notes.txt").write_text(GOOD)
    (tmp_path / "team.YAML.bak").write_text(GOOD)
    for command in ("rank", "validate"):
        result = run_cli(command, str(tmp_path))
        assert result.exit_code == 1
        assert result.stderr.splitlines()[0] == f"{tmp_path}: {NO_INPUTS}"


@pytest.mark.parametrize("command", ["rank", "validate", "raters"])
def test_help_names_every_extension_a_folder_takes(command: str, run_cli: RunCli) -> None:
    result = run_cli(command, "-h")
    text = " ".join(result.stdout.split())
    assert "a folder stands for its .yaml, .yml, .csv, .json, .jsonl and .ndjson files" in text
    assert ".yaml/.yml" not in text


def test_init_in_a_folder_whose_name_is_not_utf8(tmp_path: Path, run_cli: RunCli) -> None:
    folder = Path(os.fsdecode(os.fsencode(tmp_path) + b"/team\xff"))
    try:
        folder.mkdir()
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses file names that are not UTF-8")
    result = run_cli("init", str(folder))
    assert (result.exit_code, result.stdout) == (0, f"wrote {tmp_path}/team\\xff/candidates.yaml\n")


def test_standard_input_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(InputError) as caught:
        files.read_source("-")
    assert [str(p) for p in caught.value.problems] == [
        "<stdin>: cannot read it: standard input is closed"
    ]
