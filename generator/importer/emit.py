"""The imported spec written as YAML: a stable, readable layout, checked to read back exactly."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import botocore
import yaml

from ..source import parse_yaml, reads_as_text
from .conversion import ServiceImport

__all__ = ["spec_text", "write_if_changed", "yaml_entry"]

_LINE_BREAKS = "\n\r\x85\u2028\u2029"


def spec_text(imported: ServiceImport) -> str:
    """The spec as YAML: a stable, readable layout, checked to read back as imported.document()
    with the spec reader's own rules."""
    data = imported.document()
    lines = [
        f"# Shared examples of {imported.service}, imported from botocore {botocore.__version__} by:",
        f"#   polysnip import {' '.join([imported.service, *imported.operations])}",
        "# Regenerate rather than edit: every run writes this file again.",
    ]
    for key, value in data.items():
        if key == "operations":
            continue
        lines += yaml_entry(key, value, 0)
    lines.append("")
    lines.append("operations:")
    for entry in imported.entries:
        lines.append(f"  # {entry.operation}: shared example {_comment_text(entry.example)}")
        probed = imported.probes.get(entry.data["id"])
        if probed is not None:
            note = f"not executable against moto: {probed}" if probed else f"executable against moto {imported.moto}"
            lines.append(f"  # {_comment_text(note)}")
        lines += [f"  # {_comment_text(fix)}" for fix in entry.fixes]
        body = yaml_entry("", imported.operation_data(entry), 4)
        lines.append("  - " + body[0].lstrip())
        lines += body[1:]
        if entry.output:
            lines.append("    # Response documented for this example (not checked: moto's values differ):")
            lines += [f"    #   {_comment_text(line)}" for line in _output_lines(entry.output)]
        lines.append("")
    text = "\n".join(lines).rstrip("\n") + "\n"
    if parse_yaml(text, f"{imported.service}.yaml").data != data:  # a bug here must never become a wrong spec
        raise RuntimeError(f"the YAML written for {imported.service} does not read back as the spec")
    return text


def _scalar(value: Any) -> str:
    """One YAML scalar on one line, quoted whenever plain text would read differently."""
    style = (
        '"' if isinstance(value, str) and (any(ch in value for ch in _LINE_BREAKS) or not value.isprintable()) else None
    )
    text: str = yaml.safe_dump(value, allow_unicode=True, width=1 << 30, default_style=style)
    text = text.removesuffix("\n").removesuffix("\n...")
    if isinstance(value, str) and text == value and not reads_as_text(value):
        # Plain for PyYAML's YAML 1.1 rules, not text for the spec reader's YAML 1.2 ones (1e5, 0o17).
        text = yaml.safe_dump(value, width=1 << 30, default_style="'").removesuffix("\n").removesuffix("\n...")
    if "\n" in text:
        raise RuntimeError(f"a YAML scalar took more than one line: {text!r}")
    return text


def _block_text(text: str) -> bool:
    """True when text can be a literal block scalar (|-) that reads back exactly."""
    if not text or text[0] in " \n" or text.endswith("\n") or "\t" in text:
        return False
    return (
        all(ch == "\n" or ch.isprintable() for ch in text)
        and not any(ch in text for ch in _LINE_BREAKS[1:])
        and not any(line != line.rstrip() for line in text.split("\n"))
    )


def yaml_entry(key: str, value: Any, indent: int) -> list[str]:
    """Block-style YAML lines for key: value at indent (key "" for the bare value)."""
    pad = " " * indent
    head = f"{pad}{_scalar(key)}:" if key else pad
    if isinstance(value, dict) and value:
        lines = [head] if key else []
        inner = indent + 2 if key else indent
        for name, item in value.items():
            lines += yaml_entry(str(name), item, inner)
        return lines
    if isinstance(value, list) and value:
        lines = [head] if key else []
        for item in value:
            lines += _yaml_item(item, indent + 2 if key else indent)
        return lines
    if isinstance(value, str) and "\n" in value and _block_text(value):
        body = [f"{pad}  {line}" if line else "" for line in value.split("\n")]
        return [f"{head} |-" if key else f"{pad}|-", *body]
    scalar = "{}" if value == {} else "[]" if value == [] else _scalar(value)
    return [f"{head} {scalar}" if key else f"{pad}{scalar}"]


def _yaml_item(value: Any, indent: int) -> list[str]:
    """A list item: '- ' then the value, its further lines two columns deeper."""
    pad = " " * indent
    if isinstance(value, (dict, list)) and value:
        body = yaml_entry("", value, indent + 2)
        return [f"{pad}- {body[0].lstrip()}", *body[1:]]
    scalar = "{}" if value == {} else "[]" if value == [] else _scalar(value)
    return [f"{pad}- {scalar}"]


def _comment_text(text: str) -> str:
    """Text that stays within one YAML comment line."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _output_lines(output: dict[str, Any], width: int = 110) -> list[str]:
    lines = []
    for name, value in output.items():
        shown = json.dumps(value)
        if len(shown) > width:
            shown = shown[: width - 3] + "..."
        lines.append(f"{name}: {shown}")
    return lines


def write_if_changed(path: Path, text: str) -> bool:
    """Write text atomically; False when the file already held it."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)
    return True
