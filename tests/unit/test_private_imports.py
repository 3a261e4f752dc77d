"""No module of the generator package imports a private name (a leading underscore) from another.

A private name is a module's own business: another module that imports it depends on what
its owner may change at any time (as httpx enforces with __all__). This walks every
generator/**/*.py with ast and lists each `from X import _name` and `X._name` access where
X is another module of the package, so that a violation names file, line and the name.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "generator"


def _module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(current: str, is_package: bool, level: int, module: str | None) -> str:
    """The absolute name of `from <level dots><module> import ...` written in module current."""
    if level == 0:
        return module or ""
    base = current.split(".") if is_package else current.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base)


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def violations(package: Path = PACKAGE) -> list[str]:
    found: list[str] = []
    for path in sorted(package.rglob("*.py")):
        current = _module_name(path, package)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        shown = path.relative_to(package.parent)
        aliases: dict[str, str] = {}  # local name -> package module it stands for
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                source = _resolve(current, path.name == "__init__.py", node.level, node.module)
                if not source.startswith("generator"):
                    continue
                for alias in node.names:
                    if _private(alias.name) and source != current:
                        found.append(f"{shown}:{node.lineno}: imports {alias.name} from {source}")
                    aliases[alias.asname or alias.name] = f"{source}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("generator"):
                        aliases[alias.asname or alias.name.split(".")[0]] = alias.name
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and _private(node.attr)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and aliases[node.value.id] != current
            ):
                found.append(f"{shown}:{node.lineno}: uses {node.value.id}.{node.attr} of {aliases[node.value.id]}")
    return found


def test_the_check_sees_a_private_import(tmp_path: Path) -> None:
    """A package built here with each kind of violation, and one allowed use of its own name."""
    package = tmp_path / "generator"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "spec.py").write_text("_closest = 1\n_own = 2\nprint(_own)\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "a.py").write_text("from ..spec import _closest\nfrom .. import spec\nprint(spec._own)\n")
    assert violations(package) == [
        "generator/sub/a.py:1: imports _closest from generator.spec",
        "generator/sub/a.py:3: uses spec._own of generator.spec",
    ]


def test_no_module_imports_a_private_name_of_another() -> None:
    found = violations()
    assert not found, "private names imported across modules:\n" + "\n".join(found)
