"""YAML reading at its exact line and column (found by mutmut on reading/yamlfile.py): a
character that is not allowed after one or more line ends, a syntax error that names the line
where the unclosed thing started, and a quoted key that looks like a number when its value is
located.

Every expected line and column is counted by hand from the document's own text (1-based, as an
editor shows it).
"""

from __future__ import annotations

import pytest
import yaml

from smteam.errors import Problem
from smteam.reading import yamlfile
from smteam.reading.yamlfile import Backend, Place, _syntax_problem, decode_text, load_yaml, locate

BACKENDS: list[Backend] = ["libyaml", "python"]
CONTROL = "character U+0001 is not allowed in YAML text (a control character)"


def only(data: bytes, backend: Backend) -> Problem:
    loaded = load_yaml(data, "f.yaml", backend=backend)
    assert not loaded.ok
    assert len(loaded.problems) == 1, loaded.problems
    return loaded.problems[0]


# (document, line, column) of the control character U+0001
CONTROL_PLACES = [
    (b"\nname: \x01", 2, 7),  # the file starts with a line end: line 2, not 1
    (b"\nab\x01", 2, 3),  # the only line end before it is the first character
    (b"a\nb\nc\x01", 3, 2),  # the column counts from the last line end, not the first
    (b"\x01", 1, 1),
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("data", "line", "column"), CONTROL_PLACES)
def test_a_control_character_is_placed_after_any_line_ends(
    data: bytes, line: int, column: int, backend: Backend
) -> None:
    problem = only(data, backend)
    assert (problem.message, problem.line, problem.column) == (CONTROL, line, column)


@pytest.mark.parametrize("code", range(0x100))
def test_every_character_up_to_u_00ff_is_let_through_or_placed_as_the_pattern_says(
    code: int,
) -> None:
    # ASCII text is checked by deleting the bytes it may hold; the rest by the pattern. Both
    # must agree with the pattern on every character, alone in ASCII text or beside an "é"
    # (which sends the text to the pattern), at line 2, column 3.
    char = chr(code)
    refused = yamlfile._NOT_PRINTABLE.fullmatch(char) is not None
    for text in (f"ab\nxy{char}z\n", f"\u00e9b\nxy{char}z\n"):
        found, problem = decode_text(text.encode("utf-8"), "f.yaml", "YAML")
        if refused:
            assert problem is not None and (problem.line, problem.column) == (2, 3), problem
            assert problem.message.startswith(f"character U+{code:04X} is not allowed in YAML")
            assert found == ""
        else:
            assert (found, problem) == (text, None)


@pytest.mark.parametrize("backend", BACKENDS)
def test_bytes_that_are_not_utf8_after_a_line_end_are_on_line_two(backend: Backend) -> None:
    problem = only(b"\n\xff", backend)
    assert (problem.line, problem.column) == (2, 1)
    assert problem.message == (
        "not UTF-8 text: byte 0xff cannot start or continue a character; save the file as UTF-8"
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_unclosed_quote_names_the_line_where_it_started(backend: Backend) -> None:
    # line 2 opens the quote, line 4 ("b") ends the stream after its one character
    problem = only(b"x: 1\na: 'abc\n\nb", backend)
    assert problem.message == (
        "YAML syntax error: found unexpected end of stream "
        "(while scanning a quoted scalar that starts at line 2)"
    )
    assert (problem.line, problem.column) == (4, 2)


# a flow list closed by "}" on the line that opened it: the context is on the same line, so
# its line is not repeated
SAME_LINE = {
    "libyaml": "YAML syntax error: did not find expected ',' or ']' "
    "(while parsing a flow sequence)",
    "python": "YAML syntax error: expected ',' or ']', but got '}' (while parsing a flow sequence)",
}


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_context_on_the_problems_own_line_gives_no_start_line(backend: Backend) -> None:
    problem = only(b"key: [a, b}\n", backend)
    assert problem.message == SAME_LINE[backend]
    assert (problem.line, problem.column) == (1, 11)


def test_a_syntax_error_without_a_position_keeps_its_file_and_text() -> None:
    # PyYAML's errors without a mark (a ReaderError, which decode_text forestalls) are the
    # defensive branch: still one problem naming the file, with the parser's words.
    problem = _syntax_problem("f.yaml", yaml.YAMLError("boom"))
    assert problem == Problem("f.yaml", "YAML syntax error: boom")
    assert (problem.line, problem.column) == (None, None)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_quoted_key_that_looks_like_a_number_is_located_as_text(backend: Backend) -> None:
    data = b'a: 1\n"1": x\n'
    assert locate(data, [("1",)], backend=backend) == {
        ("1",): Place(
            line=2, column=6, key_line=2, key_column=1, text="x", plain=True, kind="scalar"
        )
    }
    # the plain key 1 is a number, and no such key is written
    assert locate(data, [(1,)], backend=backend) == {}


def test_a_utf16_file_is_not_located_even_by_libyaml() -> None:
    # libyaml itself reads UTF-16, but smteam refuses such a file, so no line of it is shown
    data = b"\xff\xfe" + "a: 1\n".encode("utf-16-le")
    assert load_yaml(data, "f.yaml", backend="libyaml").problems == (
        Problem("f.yaml", "the file is UTF-16 text; save it as UTF-8", 1, 1),
    )
    assert locate(data, [("a",)], backend="libyaml") == {}


KINDS_DOC = b"a: &x 1\nb: *x\nc:\n  - 2\nd: {e: 3}\n"
# path, (line, column) of the node (an anchor's node starts at its "&"), key line, kind
KINDS = [
    (("a",), 1, 4, 1, "scalar"),
    (("b",), 2, 4, 2, "alias"),
    (("c",), 4, 3, 3, "sequence"),  # a block list starts at its first "-", under its key
    (("d",), 5, 4, 5, "mapping"),
    (("d", "e"), 5, 8, 5, "scalar"),
    (("c", 0), 4, 5, None, "scalar"),  # an item of a list has no key
]


@pytest.mark.parametrize("backend", BACKENDS)
def test_each_node_is_located_with_its_kind(backend: Backend) -> None:
    found = locate(KINDS_DOC, [path for path, *_ in KINDS], backend=backend)
    got = [(p, found[p].line, found[p].column, found[p].key_line, found[p].kind) for p, *_ in KINDS]
    assert got == KINDS


ANCHOR_X = "anchors (&x) are not allowed; write the value out in full"
# document, (message, line, column, field) of its one problem; an anchored value is still read
ROOT_AND_SCALAR_MARKS = [
    (b"a: &x 1\n", (ANCHOR_X, 1, 4, "a")),  # an anchor on a plain scalar, never aliased
    (b"a: &x '1'\n", (ANCHOR_X, 1, 4, "a")),  # and on a quoted one
    (b"&x abc\n", (ANCHOR_X, 1, 1, "")),  # the whole document is the anchored scalar
    (
        b"!!str abc\n",
        ("explicit tags are not allowed (found !!str); write a plain value", 1, 1, ""),
    ),
    (
        b"!!map {a: 1}\n",
        ("explicit tags are not allowed (found !!map); write a plain value", 1, 1, ""),
    ),
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("data", "expected"), ROOT_AND_SCALAR_MARKS)
def test_anchors_and_tags_on_scalars_and_the_root_are_reported(
    data: bytes, expected: tuple[str, int, int, str], backend: Backend
) -> None:
    loaded = load_yaml(data, "f.yaml", backend=backend)
    assert [(p.message, p.line, p.column, p.field) for p in loaded.problems] == [expected]


# an anchor is reported, and the value is still read as written, so later checks see it
ANCHORED_VALUES = [
    (b"a: &x 1\n", {"a": 1}),
    (b"a: &x '1'\n", {"a": "1"}),
    (b"&x abc\n", "abc"),
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("data", "value"), ANCHORED_VALUES)
def test_an_anchored_scalar_keeps_its_value(data: bytes, value: object, backend: Backend) -> None:
    assert load_yaml(data, "f.yaml", backend=backend).value == value


@pytest.mark.parametrize("backend", BACKENDS)
def test_progress_is_heard_at_every_2048th_collection(backend: Backend) -> None:
    # the root list is collection 1, so the 2048th is item 2046 (from 0); each "- []\n" line
    # is 5 characters and its "[" is the third: 5 * 2046 + 2 = 10232, of 5 * 2048 = 10240
    heard: list[tuple[int, int]] = []
    loaded = load_yaml(
        b"- []\n" * 2048, "f.yaml", backend=backend, progress=lambda d, t: heard.append((d, t))
    )
    assert loaded.ok and loaded.value == [[]] * 2048
    assert heard == [(10232, 10240)]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_big_file_loads_without_anyone_listening_for_progress(backend: Backend) -> None:
    loaded = load_yaml(b"- []\n" * 4096, "f.yaml", backend=backend)
    assert loaded.ok and loaded.problems == () and loaded.value == [[]] * 4096


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_key_repeated_inside_a_repeated_keys_value_is_still_reported(backend: Backend) -> None:
    # the second "a" is dropped, so its value has no path that locate can follow back: the
    # inner repeat is still reported at its own place (line 2, the second "b" at column 11)
    loaded = load_yaml(b"a: 1\na: {b: 1, b: 2}\n", "f.yaml", backend=backend)
    got = [(p.line, p.column, p.message) for p in loaded.problems]
    assert got[0] == (2, 1, "duplicate key 'a'; each key may appear only once (first at line 1)")
    assert got[1][:2] == (2, 11)
    assert got[1][2].startswith("duplicate key 'b'; each key may appear only once")
    assert len(got) == 2


def test_without_libyaml_the_python_parser_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    # the two parsers word this syntax error differently, which shows which one ran
    monkeypatch.setattr(yamlfile, "HAS_LIBYAML", False)
    assert only_default(b"key: [a, b}\n").message == SAME_LINE["python"]
    assert load_yaml(b"a: 1\n", "f.yaml", backend="python").value == {"a": 1}
    with pytest.raises(ValueError, match=r"^libyaml is not available in this PyYAML$"):
        load_yaml(b"a: 1\n", "f.yaml", backend="libyaml")


def test_with_libyaml_it_reads_by_default() -> None:
    if not yamlfile.HAS_LIBYAML:
        pytest.skip("this PyYAML has no libyaml")
    assert only_default(b"key: [a, b}\n").message == SAME_LINE["libyaml"]


def only_default(data: bytes) -> Problem:
    loaded = load_yaml(data, "f.yaml")
    assert len(loaded.problems) == 1
    return loaded.problems[0]


NOT_UTF8 = "not UTF-8 text: byte 0xff cannot start or continue a character"
BINARY = "; this looks like a binary file"
# a NUL byte at index 8191 or 8192 before a byte that is not UTF-8 (at index 8193): only a NUL
# in the first 8 KiB (8192 bytes) makes the file look binary; the column counts the NUL too
BINARY_HINT = [
    (b"a" * 8191 + b"\x00a\xff", NOT_UTF8 + BINARY + "; save the file as UTF-8"),
    (b"a" * 8192 + b"\x00\xff", NOT_UTF8 + "; save the file as UTF-8"),
]


@pytest.mark.parametrize(("data", "message"), BINARY_HINT)
def test_a_nul_byte_in_the_first_8_kib_makes_the_file_look_binary(
    data: bytes, message: str
) -> None:
    problem = only(data, "libyaml")
    assert (problem.message, problem.line, problem.column) == (message, 1, 8194)


# the CSV and JSON readers share decode_text; without a format named, the file is "this file"
FORMAT_WORDS = [
    (None, "character U+0001 is not allowed in this file (a control character)"),
    ("JSON", "character U+0001 is not allowed in JSON text (a control character)"),
]


@pytest.mark.parametrize(("file_format", "message"), FORMAT_WORDS)
def test_a_control_character_names_the_format_when_told_it(
    file_format: str | None, message: str
) -> None:
    _, problem = decode_text(b'{"a": "\x01"}', "f.json", file_format)
    assert problem == Problem("f.json", message, 1, 8)
