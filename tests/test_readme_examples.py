"""The README's Python examples run, from the repository, and print what the README says.

Every fenced ``python`` block is run in a fresh namespace; a block followed by "It prints:"
and a ``text`` block must print exactly that (the pandas part prints only where pandas is
installed: then the README's output must be how the printing starts)."""

from __future__ import annotations

import importlib.util
import re

import pytest

from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(
    r"```python\n(?P<code>.*?)```\n(?:\nIt prints:\n\n```text\n(?P<out>.*?)```)?", re.S
)
PANDAS = importlib.util.find_spec("pandas") is not None
EXAMPLES = [(m["code"], m["out"]) for m in BLOCK.finditer(README)]


def test_the_readme_has_a_python_example_with_its_output() -> None:
    assert EXAMPLES
    assert any(out for _, out in EXAMPLES)
    assert "## Python API" in README


@pytest.mark.parametrize(("code", "out"), EXAMPLES, ids=[f"block{i}" for i in range(len(EXAMPLES))])
def test_readme_example_runs_and_prints_what_it_says(
    code: str,
    out: str | None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPO)
    exec(compile(code, "README.md", "exec"), {"__name__": "readme_example"})
    printed = capsys.readouterr()
    assert printed.err == ""
    if out is not None and PANDAS:
        assert printed.out.startswith(out)  # then the data frame, laid out by pandas
    elif out is not None:
        assert printed.out == out
