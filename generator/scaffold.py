"""polysnip init: the files of a new docs project, with an example spec for one service.

    mkdocs.yml                    Material, linked tabs, the polysnip plugin
    docs/index.md                 the home page
    docs/.gitignore               what polysnip writes beside the generated pages (never committed)
    specs/<service>.yaml          one read operation of the service, checked against botocore's model
    .github/workflows/docs.yml    validate + check, verify in shards, merge, build the site
    .pre-commit-config.yaml       polysnip validate and check as local hooks

`project_files` returns the files as data; `write_project` refuses (BadInput, nothing
written) when any of them exists. The example operation is the service's first read
operation (fewest required members; List, then Describe, then Get) whose spec checks and
renders in every language and that moto runs; when moto runs none of the first few, the
first valid one, and the spec says why it is not executed (`verify: execute: false`).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .problems import BadInput, Kind, Location, Problem, Severity

if TYPE_CHECKING:
    from botocore.model import OperationModel, ServiceModel

__all__ = ["DEFAULT_SERVICE", "DEFAULT_SHARDS", "ExampleSpec", "example_spec", "project_files", "write_project"]

DEFAULT_SERVICE = "kms"  # JSON protocol: every runner, Ruby included (Debian ships its SDK gem), verifies it
DEFAULT_SHARDS = 3
_FILES = Path(__file__).resolve().parent / "scaffold_files"
_READ_VERBS = ("List", "Describe", "Get")
_CANDIDATES = 25  # operations tried before giving up


@dataclass(frozen=True)
class ExampleSpec:
    file: str  # specs/<service>.yaml
    operation: str
    text: str
    executed: bool  # moto runs it; otherwise the spec declares why not


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def _kebab(name: str) -> str:
    return _snake(name).replace("_", "-")


def _candidates(model: ServiceModel) -> list[OperationModel]:
    found = []
    for name in model.operation_names:
        if not name.startswith(_READ_VERBS):
            continue
        operation = model.operation_model(name)
        shape = operation.input_shape
        required = list(shape.required_members) if shape is not None else []
        if any(shape.members[m].type_name != "string" for m in required) if shape is not None else False:
            continue  # placeholders are strings; other required types need a hand-written value
        if operation.deprecated or getattr(operation, "http_checksum_required", False):
            continue
        found.append((len(required), _READ_VERBS.index(next(v for v in _READ_VERBS if name.startswith(v))), name))
    return [model.operation_model(name) for _, _, name in sorted(found)]


def _spec_text(service: str, title: str, operation: OperationModel, reason: str = "") -> str:
    shape = operation.input_shape
    required = list(shape.required_members) if shape is not None else []
    lines = [
        f"# An example spec for {title}: one call, rendered in every language and run against moto.",
        "# Add operations and scenarios (every field is described in polysnip's spec format page);",
        "# then run: polysnip build",
        "polysnip: 1",
        f"service: {service}",
        "region: us-east-1",
        f"title: {title} examples",
    ]
    params: list[str] = []
    placeholders: list[str] = []
    for member in required:
        member_shape = shape.members[member] if shape is not None else None
        enum = list(getattr(member_shape, "enum", []) or [])
        if enum:
            params.append(f"      {member}: {enum[0]}")
            continue
        name = _snake(member)
        minimum = int((member_shape.metadata.get("min") if member_shape is not None else None) or 0)
        value = f"my-{_kebab(member)}"
        value = value + "x" * max(0, minimum - len(value))
        described = _snake(member).replace("_", " ")
        placeholders += [f"  {name}:", f"    value: {value}", f"    description: your {described}"]
        params.append(f"      {member}: ${{{name}}}")
    if placeholders:
        lines += ["", "placeholders:", *placeholders]
    lines += [
        "",
        "operations:",
        f"  - id: {_kebab(operation.name)}",
        f"    operation: {operation.name}",
        f"    title: {_words(operation.name)}",
    ]
    if params:
        lines += ["    params:", *params]
    if reason:
        lines += ["    verify:", "      execute: false", f"      reason: {_quoted(reason)}"]
    return "\n".join(lines) + "\n"


def _words(name: str) -> str:
    text = _snake(name).replace("_", " ")
    return text[:1].upper() + text[1:]


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def example_spec(service: str) -> ExampleSpec:
    """A checked example spec for service; BadInput naming the service when there is none."""
    from .importer.probe import moto_implements, probe
    from .languages import select
    from .render import render_problems
    from .service import available_services, service_model, suggest
    from .source import parse_yaml
    from .spec import check

    where = Location("--service", 1, 1)
    services = available_services()
    if service not in services:
        message = f"unknown AWS service {service!r}{suggest(service, services)}"
        raise BadInput([Problem(where, "", message, Severity.ERROR, Kind.SPEC)])
    model = service_model(service)
    title = str(model.metadata.get("serviceId") or service)
    file = f"specs/{service}.yaml"
    languages = select(None)
    runs_in_moto = moto_implements(service)
    fallback: ExampleSpec | None = None  # the first valid example moto cannot run, declared as such
    for operation in _candidates(model)[:_CANDIDATES]:
        text = _spec_text(service, title, operation)
        checked, _ = check(parse_yaml(text, file))
        if checked is None or any(p.severity is Severity.ERROR for p in render_problems(checked, languages)):
            continue
        reason = next(iter(probe(checked).values()), "") if runs_in_moto else "moto does not implement this service"
        if not reason:
            return ExampleSpec(file, operation.name, text, executed=True)
        if fallback is None:
            declared = _spec_text(service, title, operation, reason)
            if check(parse_yaml(declared, file))[0] is not None:
                fallback = ExampleSpec(file, operation.name, declared, executed=False)
        if not runs_in_moto:
            break  # no other operation can run either
    if fallback is not None:
        return fallback
    message = f"found no read operation of {service!r} that makes a valid example; write specs/{service}.yaml by hand"
    raise BadInput([Problem(where, "", message, Severity.ERROR, Kind.SPEC)])


def project_files(service: str = DEFAULT_SERVICE, shards: int = DEFAULT_SHARDS) -> dict[str, str]:
    """Every file of a new docs project (relative path -> text)."""
    example = example_spec(service)
    title = example.text.split("title: ", 1)[1].split("\n", 1)[0].removesuffix(" examples")
    values = {
        "title": f"{title} examples",
        "service_title": title,
        "slug": service,
        "service": service,
        "shards": str(shards),
        "shard_list": ", ".join(str(i) for i in range(1, shards + 1)),
    }

    def fill(name: str) -> str:
        return string.Template((_FILES / name).read_text(encoding="utf-8")).substitute(values)

    return {
        "mkdocs.yml": fill("mkdocs.yml"),
        "docs/index.md": fill("index.md"),
        "docs/.gitignore": fill("gitignore"),
        example.file: example.text,
        ".github/workflows/docs.yml": fill("workflow.yml"),
        ".pre-commit-config.yaml": fill("pre-commit-config.yaml"),
    }


def write_project(folder: Path, files: dict[str, str]) -> list[Path]:
    """Write files under folder; BadInput naming every file that exists already (then nothing
    is written). Each file is written atomically. Returns the paths written."""
    from .report import write_atomic

    existing = [folder / name for name in files if (folder / name).exists() or (folder / name).is_symlink()]
    if existing:
        problems = [
            Problem(Location(str(path), 1, 1), "", "exists already; polysnip init never overwrites a file",
                    Severity.ERROR, Kind.OUTPUT)
            for path in existing
        ]
        raise BadInput(problems)
    written = []
    for name, text in files.items():
        path = folder / name
        write_atomic(path, text.encode("utf-8"))
        written.append(path)
    return written
