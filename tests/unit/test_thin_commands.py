"""Commands are thin shells: only the command-line modules parse arguments, print for the user
and exit; the stages return values and raise BadInput, so that every stage can be called
from Python (a test, the mkdocs plugin, another tool) without the process ending under it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parents[2] / "generator"
# The command-line layer: the cli package and python -m generator.
COMMAND_LINE = GENERATOR / "cli"
STAGES = sorted(
    p for p in GENERATOR.rglob("*.py") if not p.is_relative_to(COMMAND_LINE) and p != GENERATOR / "__main__.py"
)


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "exit":
            if isinstance(node.func.value, ast.Name) and node.func.value.id == "sys":
                found.append(f"line {node.lineno}: sys.exit")
        if isinstance(node, ast.ImportFrom):
            module = ("." * node.level) + (node.module or "")
            if module in (".cli", "..cli", "generator.cli") or module.startswith(("click", ".cli.", "generator.cli.")):
                found.append(f"line {node.lineno}: from {module} import …")
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in ("click", "generator.cli"):
                    found.append(f"line {node.lineno}: import {alias.name}")
    return found


@pytest.mark.parametrize("path", STAGES, ids=lambda p: p.relative_to(GENERATOR).as_posix())
def test_stage_modules_neither_exit_nor_import_the_command_line(path: Path) -> None:
    assert _offences(path) == []


def test_the_check_sees_an_exit(tmp_path: Path) -> None:
    module = tmp_path / "stage.py"
    module.write_text("import sys\nimport click\nfrom .cli import main\n\ndef run():\n    sys.exit(2)\n")
    assert _offences(module) == ["line 2: import click", "line 3: from .cli import …", "line 6: sys.exit"]


def test_the_command_line_is_one_package_and_stages_have_no_forwarders() -> None:
    """Every command lives in generator/cli; no stage module hands a command out (no module __getattr__)."""
    import generator.cli
    from generator.cli import _LazyGroup

    for target in _LazyGroup.lazy.values():
        module = target.split(":")[0]
        assert (COMMAND_LINE / f"{module}.py").is_file(), target
    assert generator.cli.main.name == "main"
    offenders = [p.name for p in STAGES if "def __getattr__(name" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_python_dash_m_generator_runs_the_command_line() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "generator", "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "init" in done.stdout and "report" in done.stdout
