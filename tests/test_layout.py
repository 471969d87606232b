"""The source layout is a pipeline (see the top of ``smteam/__init__.py``): every import of
an smteam module, at the top of a file or inside a function, goes from a later layer to the
same or an earlier one; ``cli.py`` imports only the public API; and ``import smteam`` stays
light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import smteam
from tests.conftest import REPO

PACKAGE = REPO / "src" / "smteam"

BASE = 0
LAYER_OF_PACKAGE = {"reading": 1, "checking": 2, "scoring": 3, "formats": 4}
TOP_MODULES = {"api": 5, "writing": 5, "starter": 5, "cli": 6, "launch": 6, "__main__": 6}
BASE_MODULES = {"errors", "choices", "text", "limits", "stdout"}
LAYER_NAMES = ["base", "reading", "checking", "scoring", "formats", "top", "command"]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def layer(module: str) -> int:
    """The layer of ``smteam.x.y``; the package itself (its lazy public names) is the top."""
    parts = module.split(".")
    assert parts[0] == "smteam"
    if len(parts) == 1:
        return TOP_MODULES["api"]
    if parts[1] in LAYER_OF_PACKAGE:
        return LAYER_OF_PACKAGE[parts[1]]
    if parts[1] in TOP_MODULES:
        return TOP_MODULES[parts[1]]
    if parts[1] in BASE_MODULES:
        return BASE
    raise AssertionError(f"{module} is in no layer: add it to the layout")


def smteam_imports(path: Path) -> list[tuple[int, str]]:
    """Every smteam module that ``path`` imports (line, module), TYPE_CHECKING ones too."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("smteam")]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "smteam":
                # ``from smteam import x``: a submodule x, or a public name of the package
                for alias in node.names:
                    is_module = (PACKAGE / alias.name).is_dir() or (
                        PACKAGE / f"{alias.name}.py"
                    ).exists()
                    found.append((node.lineno, f"smteam.{alias.name}" if is_module else "smteam"))
            elif node.module.startswith("smteam."):
                found.append((node.lineno, node.module))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def against_the_flow(path: Path, own: str | None = None) -> list[str]:
    """Each import in ``path`` (module ``own``) from a later layer than its own."""
    own = own or _module_name(path)
    if own == "smteam":
        return []  # the package's lazy names point everywhere, by design
    mine = layer(own)
    wrong = []
    for line, target in smteam_imports(path):
        if layer(target) > mine:
            wrong.append(
                f"{path.name}:{line}: {own} ({LAYER_NAMES[mine]}) imports "
                f"{target} ({LAYER_NAMES[layer(target)]})"
            )
    return wrong


@pytest.mark.parametrize("path", MODULES, ids=[_module_name(p) for p in MODULES])
def test_imports_follow_the_pipeline(path: Path) -> None:
    assert against_the_flow(path) == []


def test_base_modules_import_no_other_smteam_module() -> None:
    for name in BASE_MODULES:
        path = PACKAGE / f"{name}.py"
        # stdout.py names errors.OutputError lazily, for the one failure it reports
        allowed = {"smteam.errors"} if name == "stdout" else set()
        assert {target for _, target in smteam_imports(path)} <= allowed, name


def test_an_import_against_the_flow_is_caught(tmp_path: Path) -> None:
    """The check itself: a reader importing a model (reading before checking) is reported."""
    bad = PACKAGE / "reading" / "csvfile.py"
    source = bad.read_text(encoding="utf-8") + "\nfrom smteam.checking.models import Rubric\n"
    copy = tmp_path / "csvfile.py"
    copy.write_text(source, encoding="utf-8")
    line = source.count("\n")
    assert against_the_flow(copy, "smteam.reading.csvfile") == [
        f"csvfile.py:{line}: smteam.reading.csvfile (reading) imports smteam.checking.models "
        "(checking)"
    ]
    assert against_the_flow(bad) == []


def test_every_module_is_in_a_layer() -> None:
    for path in MODULES:
        layer(_module_name(path))  # raises for a module the layout does not place


def test_cli_imports_only_the_public_api() -> None:
    tree = ast.parse((PACKAGE / "cli.py").read_text(encoding="utf-8"))
    smteam_names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not [a.name for a in node.names if a.name.startswith("smteam")]
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0
            top = node.module.split(".")[0]
            if top == "smteam":
                assert node.module == "smteam", f"line {node.lineno}: {node.module}"
                smteam_names += [alias.name for alias in node.names]
            else:
                assert top in {"typer", "rich", "click"} or top in sys.stdlib_module_names, (
                    f"line {node.lineno}: {node.module}"
                )
    assert smteam_names  # the check saw the imports it is about
    assert set(smteam_names) <= set(smteam.__all__)


def test_public_names_resolve_and_are_listed() -> None:
    assert smteam.__all__[0] == "__version__"
    assert len(smteam.__all__) == len(set(smteam.__all__))
    for name in smteam.__all__:
        assert getattr(smteam, name) is not None, name
    assert set(smteam.__all__) <= set(dir(smteam))
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        _ = smteam.no_such_name


def test_import_smteam_stays_light() -> None:
    code = (
        "import sys, smteam\n"
        "heavy = ('typer', 'rich', 'pydantic', 'yaml', 'click', 'smteam.api', 'smteam.cli')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy))\n"
        "smteam.MissingPolicy\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy))\n"
    )
    env_path = str(REPO / "src")
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"},
    )
    assert result.stdout == "[]\n[]\n"
    assert result.stderr == ""


def test_py_typed_marker_is_shipped() -> None:
    assert (PACKAGE / "py.typed").is_file()
