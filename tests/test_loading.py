"""The strict YAML loader: values, and every loader-level problem with its line and column."""

from __future__ import annotations

import pytest

from smteam.reading.scalars import Ambiguous, Rejected
from smteam.reading.yamlfile import HAS_LIBYAML, MAX_DEPTH, Backend, load_yaml, locate

BACKENDS = [
    pytest.param(
        "libyaml",
        marks=pytest.mark.skipif(not HAS_LIBYAML, reason="this PyYAML was built without libyaml"),
    ),
    "python",
]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> Backend:
    return request.param  # type: ignore[no-any-return]


def problems(data: bytes, backend: Backend) -> list[str]:
    return [str(p) for p in load_yaml(data, "f.yaml", backend=backend).problems]


def test_plain_values(backend: Backend) -> None:
    loaded = load_yaml(
        b'name: Kim\nk: 4\nx: 4.5\nq: "4"\nb: true\nz:\nl: [1, two]\nm: {a: no}\n',
        "f.yaml",
        backend=backend,
    )
    assert loaded.ok and not loaded.problems
    assert loaded.value == {
        "name": "Kim",
        "k": 4,
        "x": 4.5,
        "q": "4",
        "b": True,
        "z": None,
        "l": [1, "two"],
        "m": {"a": Ambiguous("no", "a boolean in YAML 1.1")},
    }


def test_block_scalars_are_text(backend: Backend) -> None:
    loaded = load_yaml(b"a: |\n  4\nb: >-\n  yes\n  no\n", "f.yaml", backend=backend)
    assert loaded.value == {"a": "4\n", "b": "yes no"}


def test_utf8_bom_and_crlf_are_accepted(backend: Backend) -> None:
    loaded = load_yaml(b"\xef\xbb\xbfname: Ren\xc3\xa9e\r\nk: 3\r\n", "f.yaml", backend=backend)
    assert loaded.ok and not loaded.problems
    assert loaded.value == {"name": "Renée", "k": 3}


def test_duplicate_keys_at_every_level_name_the_first(backend: Backend) -> None:
    data = b"a: 1\nb:\n  c: 1\n  d: [{e: 1, e: 2}]\n  c: 3\na: 2\n"
    assert problems(data, backend) == [
        "f.yaml:4:14: b.d[0]: duplicate key 'e'; each key may appear only once (first at line 4)",
        "f.yaml:5:3: b: duplicate key 'c'; each key may appear only once (first at line 3)",
        "f.yaml:6:1: duplicate key 'a'; each key may appear only once (first at line 1)",
    ]


def test_duplicate_keys_keep_the_first_value(backend: Backend) -> None:
    loaded = load_yaml(b"a: 1\na: 2\n", "f.yaml", backend=backend)
    assert loaded.value == {"a": 1}


def test_every_tag_is_refused_and_its_value_rejected(backend: Backend) -> None:
    data = b'a: !!python/object/apply:os.system ["true"]\nb: !!str 4\nc: !custom {x: 1}\n'
    loaded = load_yaml(data, "f.yaml", backend=backend)
    assert [str(p) for p in loaded.problems] == [
        "f.yaml:1:4: a: explicit tags are not allowed (found !!python/object/apply:os.system); "
        "write a plain value",
        "f.yaml:2:4: b: explicit tags are not allowed (found !!str); write a plain value",
        "f.yaml:3:4: c: explicit tags are not allowed (found !custom); write a plain value",
    ]
    assert loaded.value == {"a": Rejected("tag"), "b": Rejected("tag"), "c": Rejected("tag")}


def test_anchors_aliases_and_merge_keys_are_refused(backend: Backend) -> None:
    data = b"base: &b {x: 1}\nother:\n  <<: *b\n  z: *b\n"
    assert problems(data, backend) == [
        "f.yaml:1:7: base: anchors (&b) are not allowed; write the value out in full",
        "f.yaml:3:3: other: merge keys (<<) are not allowed; write the keys out in full",
        "f.yaml:3:7: other: aliases (*b) are not allowed; write the value out in full",
        "f.yaml:4:6: other.z: aliases (*b) are not allowed; write the value out in full",
    ]


def test_keys_must_be_text_or_whole_numbers(backend: Backend) -> None:
    data = b"yes: 1\n~: 2\n1.5: 3\n? [a]\n: 4\n1: ok\n"
    loaded = load_yaml(data, "f.yaml", backend=backend)
    assert [str(p) for p in loaded.problems] == [
        'f.yaml:1:1: a key must be text, found yes (a boolean in YAML 1.1); quote it: "yes"',
        "f.yaml:2:1: a key must be text, found nothing",
        'f.yaml:3:1: a key must be text, found 1.5 (a decimal number); quote it: "1.5"',
        "f.yaml:4:3: a key must be text, found a list",
    ]
    assert loaded.value == {1: "ok"}


def test_nesting_is_limited(backend: Backend) -> None:
    deep = b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1)
    loaded = load_yaml(deep, "f.yaml", backend=backend)
    assert not loaded.ok
    assert [str(p) for p in loaded.problems] == [
        f"f.yaml:1:{MAX_DEPTH + 1}: the data nests more than {MAX_DEPTH} levels deep"
    ]
    assert load_yaml(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH, "f.yaml", backend=backend).ok


def test_a_second_document_is_refused(backend: Backend) -> None:
    loaded = load_yaml(b"a: 1\n---\nb: 2\n", "f.yaml", backend=backend)
    assert [str(p) for p in loaded.problems] == [
        "f.yaml:2:1: a second YAML document starts here; keep everything in one document"
    ]
    assert load_yaml(b"---\na: 1\n...\n", "f.yaml", backend=backend).problems == ()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "f.yaml: the file is empty"),
        (b"  \n\n", "f.yaml: the file is empty"),
        (b"# only a comment\n", "f.yaml: the file holds only comments, no data"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00",
            "f.yaml:1:1: not UTF-8 text: byte 0x89 cannot start or continue a character; "
            "this looks like a binary file; save the file as UTF-8",
        ),
        (
            b"name: Ren\xe9e\n",
            "f.yaml:1:10: not UTF-8 text: byte 0xe9 cannot start or continue a character; "
            "save the file as UTF-8",
        ),
        (b"\xff\xfea\x00:\x00", "f.yaml:1:1: the file is UTF-16 text; save it as UTF-8"),
        (
            b"a: 1\nb: \x1b[31mred\n",
            "f.yaml:2:4: character U+001B is not allowed in YAML text (a control character)",
        ),
        (
            b"a: \x00\n",
            "f.yaml:1:4: character U+0000 is not allowed in YAML text "
            "(a NUL byte; this looks like a binary file)",
        ),
    ],
)
def test_unreadable_text(data: bytes, message: str, backend: Backend) -> None:
    loaded = load_yaml(data, "f.yaml", backend=backend)
    assert not loaded.ok
    assert [str(p) for p in loaded.problems] == [message]


def test_syntax_errors_have_a_line(backend: Backend) -> None:
    loaded = load_yaml(b"a: 1\nb: [1, 2\nc: 3\n", "f.yaml", backend=backend)
    assert not loaded.ok
    (problem,) = loaded.problems
    assert problem.message.startswith("YAML syntax error: ")
    assert problem.line is not None and problem.line >= 2


def test_locate_finds_values_keys_and_containers(backend: Backend) -> None:
    data = b"a: 1\nb: [1, 2, {c: no}]\n? [x]\n: 3\nd: {e: 'q'}\nd: 9\n"
    places = locate(
        data, [(), ("a",), ("b", 2, "c"), ("b", 1), ("d", "e"), ("d",)], backend=backend
    )
    assert (places[()].line, places[()].kind) == (1, "mapping")
    assert (places[("a",)].line, places[("a",)].column, places[("a",)].text) == (1, 4, "1")
    c = places[("b", 2, "c")]
    assert (c.line, c.column, c.key_line, c.key_column, c.text, c.plain) == (
        2,
        15,
        2,
        12,
        "no",
        True,
    )
    assert (places[("b", 1)].column, places[("b", 1)].key_line) == (8, None)
    e = places[("d", "e")]
    assert (e.text, e.plain) == ("q", False)
    assert places[("d",)].line == 5  # the first of a duplicated key
    assert locate(data, [("zz",)], backend=backend) == {}


def test_progress_is_reported_as_the_parser_goes(backend: Backend) -> None:
    data = b"candidates:\n" + b"".join(
        b"  - {name: P%d, ratings: {a: 1}}\n" % i for i in range(3000)
    )
    heard: list[tuple[int, int]] = []
    loaded = load_yaml(
        data, "f.yaml", backend=backend, progress=lambda done, total: heard.append((done, total))
    )
    assert loaded.ok
    assert len(heard) >= 2
    assert all(total == len(data) for _, total in heard)
    done = [d for d, _ in heard]
    assert done == sorted(done) and 0 < done[0] and done[-1] <= len(data)


def test_no_progress_bar_unless_stderr_is_a_terminal() -> None:
    from smteam.cli import _progress_bars

    with _progress_bars() as progress_for:  # pytest captures stderr: not a terminal
        assert progress_for is None
