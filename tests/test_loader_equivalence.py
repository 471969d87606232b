"""The fast loader agrees with a plain recursive reference (tests/reference_loader.py) on
every input we have: the same values, the same problems in the same words at the same places,
with libyaml and with PyYAML's own parser; and it finds the same lines when asked where a node
is. The CLI gives the same answers when libyaml is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from smteam.reading import yamlfile as loading
from smteam.reading.yamlfile import HAS_LIBYAML, MAX_DEPTH, Backend, load_yaml, locate
from tests.conftest import DATA, EXAMPLES, RUBRICS, SHARED, RunCli
from tests.reference_loader import node_paths, reference_load

CRAFTED = {
    "plain": b"a: 1\nb: [x, 'y', {c: no}]\n",
    "duplicates": b"a: 1\nb:\n  c: 1\n  d: [{e: 1, e: 2}]\n  c: 3\na: 2\n",
    "tags": b'a: !!python/object/apply:os.system ["true"]\nb: !!str 4\nc: !x {y: !z 1}\n',
    "anchors": b"base: &b {x: &c 1}\nother:\n  <<: *b\n  y: *c\n  - *b\n",
    "keys": b"yes: 1\n~: 2\n1.5: 3\n? [a, !t b]\n: 4\n? {k: v}\n: 5\n1: ok\n<<: 6\n",
    "second document": b"a: 1\n---\nb: [\n",
    "comments only": b"# nothing\n",
    "syntax": b"a: 1\nb: &x\n  - c\n d: [\n",
    "bom crlf": b"\xef\xbb\xbfa: 1\r\nb: [1, 2]\r\n",
    "deep": b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1),
    "not utf8": b"a: \xff\n",
    "block scalars": b"a: |\n  x\n  y\nb: >-\n  no\n",
    # A key twice inside a value that is dropped (a duplicate's, or a key that is a mapping):
    # its first place is that of the dropped value, where no path leads.
    "duplicates in a dropped value": (
        b"c:\n- name: A\n  ratings:\n    x: 4\n  ratings:\n    x: 3\n    x: 5\n"
        b"b:\n  x: 1\n  y: [1, {z: 1, z: 2}]\nb:\n  x: 1\n  y: [1, {z: 1}]\n  x: 2\n"
        b"a:\n  c:\n    d: 1\na:\n  c:\n    e: 1\n    e: 2\n  c: 3\n"
        b"k: [{a: 1}]\nk: [{a: 1}, {b: 2, b: 3}]\n"
    ),
    "duplicates in a key": b"? {a: 1, a: 2}\n: v\n? [{b: 1, c: 1, b: 2}]\n: w\n",
    # ... found past values that are collections, scalars equal to the key, and a number and
    # a text that are written alike ("1" quoted is text, 1 plain a number).
    "duplicates after nested values in a dropped value": (
        b'k: 1\nk:\n  y: [x]\n  w: x\n  x: 1\n  1: a\n  "1": b\n  x: 2\n  "1": c\n'
    ),
}


def _corpus() -> list[tuple[str, bytes]]:
    files = [
        *sorted((DATA / "invalid").glob("*.yaml")),
        *sorted(EXAMPLES.glob("*.yaml")),
        *sorted(RUBRICS.glob("*.yaml")),
    ]
    suite = SHARED / "yaml-test-suite" / "cases"
    if suite.is_dir():
        files += sorted(suite.glob("*.yaml"))
    return [*CRAFTED.items(), *((str(p), p.read_bytes()) for p in files)]


BACKENDS = [
    pytest.param(
        "libyaml",
        marks=pytest.mark.skipif(not HAS_LIBYAML, reason="this PyYAML was built without libyaml"),
    ),
    "python",
]


@pytest.mark.parametrize("backend", BACKENDS)
def test_fast_and_reference_loaders_agree_on_every_input(backend: Backend) -> None:
    corpus = _corpus()
    assert len(corpus) > 30
    compared = 0
    for name, data in corpus:
        fast = load_yaml(data, name, backend=backend)
        reference = reference_load(data, name, backend=backend)
        assert fast.ok == reference.ok, name
        if any("nests more than" in p.message for p in reference.problems):
            assert fast.problems[-1] == reference.problems[-1], name
            continue
        assert fast.problems == reference.problems, name
        assert repr(fast.value) == repr(reference.value), name
        compared += 1
    assert compared > 30


@pytest.mark.parametrize("backend", BACKENDS)
def test_locate_finds_every_node_where_the_reference_tree_has_it(backend: Backend) -> None:
    for name, data in _corpus():
        expected = node_paths(data, backend=backend)
        if not expected:
            continue
        wanted = list(expected)[:300]
        found = locate(data, wanted, backend=backend)
        for path in wanted:
            assert (found[path].line, found[path].column) == expected[path], (name, path)


def test_without_libyaml_the_cli_answers_the_same(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    files = [
        str(EXAMPLES / "candidates.yaml"),
        str(EXAMPLES / "panel.yaml"),
        str(DATA / "invalid" / "rating-types.yaml"),
        str(DATA / "invalid" / "yaml-features.yaml"),
    ]
    with_libyaml = [run_cli("validate", f) for f in files]
    ranked = run_cli("rank", files[0], "-f", "csv")
    monkeypatch.setattr(loading, "HAS_LIBYAML", False)
    without = [run_cli("validate", f) for f in files]
    assert [(r.exit_code, r.stdout, r.stderr) for r in without] == [
        (r.exit_code, r.stdout, r.stderr) for r in with_libyaml
    ]
    assert run_cli("rank", files[0], "-f", "csv").stdout == ranked.stdout
