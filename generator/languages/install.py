"""What a reader needs before a snippet runs: dependency lines, the minimum runtime, and
where each operation is documented in the language's SDK reference.

Versions come from what verification runs the programs with: the toolchain pins in
generator/runners/toolchains (pom.xml, package-lock.json, go.mod) and the installed
boto3 and AWS CLI. A pin that cannot be read leaves the version out rather than guessing.
"""

from __future__ import annotations

import functools
import importlib.metadata
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TOOLCHAINS = Path(__file__).resolve().parent.parent / "runners" / "toolchains"


@dataclass(frozen=True)
class Reference:
    """One operation's page in an SDK's API reference."""

    operation: str  # botocore name, e.g. ListKeyPolicies
    url: str


@dataclass(frozen=True)
class Install:
    """How to get a program of one language running.

    tool names what the lines are for ("Maven", "pip", "npm", "go", "gem", "dotnet",
    "pip (AWS CLI)"); lines are what the reader pastes (into a pom.xml or a shell);
    lexer is the code-fence language of the lines; runtime is the minimum runtime, in
    words; references are the SDK reference pages of the operations the program calls,
    in the order it first calls them."""

    tool: str = ""
    lines: tuple[str, ...] = ()
    lexer: str = "shell"
    runtime: str = ""
    references: tuple[Reference, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "tool": self.tool,
            "lines": list(self.lines),
            "lexer": self.lexer,
            "runtime": self.runtime,
            "references": [{"operation": r.operation, "url": r.url} for r in self.references],
        }


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


@functools.cache
def maven_property(name: str) -> str:
    """A property of the Java toolchain's pom.xml (awssdk.version), or ''."""
    found = re.search(rf"<{re.escape(name)}>([^<]+)</{re.escape(name)}>", _read(TOOLCHAINS / "java" / "pom.xml"))
    return found.group(1).strip() if found else ""


@functools.cache
def maven_version(group: str, artifact: str) -> str:
    """The version the Java toolchain pins for group:artifact, or ''."""
    text = _read(TOOLCHAINS / "java" / "pom.xml")
    for block in re.findall(r"<dependency>(.*?)</dependency>", text, re.S):
        if f"<groupId>{group}</groupId>" in block and f"<artifactId>{artifact}</artifactId>" in block:
            found = re.search(r"<version>([^<]+)</version>", block)
            if found is None:
                return ""
            version = found.group(1).strip()
            prop = re.fullmatch(r"\$\{([^}]+)\}", version)
            return maven_property(prop.group(1)) if prop else version
    return ""


@functools.cache
def go_module_version(module: str) -> str:
    """The version go.mod of the Go toolchain requires for module, or ''."""
    found = re.search(rf"^\s*(?:require\s+)?{re.escape(module)}\s+(v\S+)", _read(TOOLCHAINS / "go" / "go.mod"), re.M)
    return found.group(1) if found else ""


@functools.cache
def go_directive() -> str:
    """The go directive of the toolchain's go.mod (the oldest Go that builds it), or ''."""
    found = re.search(r"^go\s+(\S+)", _read(TOOLCHAINS / "go" / "go.mod"), re.M)
    return found.group(1) if found else ""


@functools.cache
def npm_package(name: str) -> tuple[str, str]:
    """(version, node engine range) package-lock.json of the JavaScript toolchain holds for name."""
    try:
        lock = json.loads(_read(TOOLCHAINS / "javascript" / "package-lock.json") or "{}")
    except ValueError:
        return "", ""
    entry = lock.get("packages", {}).get(f"node_modules/{name}", {}) if isinstance(lock, dict) else {}
    if not isinstance(entry, dict):
        return "", ""
    engines = entry.get("engines") if isinstance(entry.get("engines"), dict) else {}
    return str(entry.get("version", "")), str((engines or {}).get("node", ""))


@functools.cache
def installed_version(distribution: str) -> str:
    """The version of an installed Python distribution (boto3, awscli), or ''."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return ""


@functools.cache
def requires_python(distribution: str) -> str:
    """The Requires-Python of an installed distribution (>=3.10), or ''."""
    try:
        values = importlib.metadata.metadata(distribution).get_all("Requires-Python") or []
    except importlib.metadata.PackageNotFoundError:
        return ""
    return str(values[0]).replace(" ", "") if values else ""


def pinned(name: str, version: str, separator: str) -> str:
    """name with its version (name==1.2, name@1.2), or name alone when none is known."""
    return f"{name}{separator}{version}" if version else name


def unique_operations(operations: list[str]) -> list[str]:
    """The operations in the order first called, each once."""
    return list(dict.fromkeys(operations))
