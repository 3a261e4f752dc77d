"""Lint for KMS key policies: the rules AWS KMS enforces and moto does not (applied by kms.py).

- the document is valid JSON of an object;
- only printable ASCII, the Latin-1 supplement, tab, LF and CR appear;
- its size is within the model's limit for the parameter (checked by spec.value(), as for
  every string parameter, so that it is reported once);
- each statement has Effect, Principal (or NotPrincipal), Action (or NotAction) and
  Resource (or NotResource);
- every "kms:" action names a real KMS operation, or is a wildcard matching at least one;
- warning: no Allow statement permits kms:PutKeyPolicy and the lockout check is not bypassed.
"""

from __future__ import annotations

import fnmatch
import json
import re
from typing import Any

from botocore.model import ServiceModel

from ..model import JsonDocValue, PlaceholderRef, StrValue, Value
from ..problems import Problem, Severity
from ..service import closest, did_you_mean
from ..source import PathKey, SourceDoc

_ALLOWED_CHARS = re.compile(r"[^\t\n\r\x20-\xff]")
_REQUIRED = (("Effect",), ("Principal", "NotPrincipal"), ("Action", "NotAction"), ("Resource", "NotResource"))


def lint_policy_value(
    value: Value, doc: SourceDoc, path: PathKey, model: ServiceModel | None, bypass: bool
) -> list[Problem]:
    """Lint a Policy parameter given as a document or as JSON text."""
    problems: list[Problem] = []
    if isinstance(value, JsonDocValue):
        document = value.document.value
        text = value.document.text
    elif isinstance(value, (StrValue, PlaceholderRef)):
        text = value.text if isinstance(value, StrValue) else value.display
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            near = text[max(0, exc.pos - 20) : exc.pos + 5]
            return [
                doc.problem(
                    path,
                    f"key policy is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno} of the "
                    f"JSON text, "
                    f"near {near!r}; expected a JSON object",
                )
            ]
    else:
        return problems  # a variable: checked where it was edited
    problems.extend(_charset(document, doc, path))
    if not isinstance(document, dict):
        problems.append(
            doc.problem(
                path, f"key policy must be a JSON object with Version and Statement; got {_json_kind(document)}"
            )
        )
        return problems
    statements = document.get("Statement")
    if statements is None:
        misspelt = [key for key in document if closest(key, ["Statement"])]
        found = f" but has {misspelt[0]!r}" if misspelt else ""
        problems.append(
            doc.problem(
                path,
                f"key policy has no Statement{found}; expected a list of statements under 'Statement'",
                suggestion="Statement" if misspelt else None,
            )
        )
        return problems
    items = statements if isinstance(statements, list) else [statements]
    spath = path + ("Statement",)
    for index, statement in enumerate(items):
        problems.extend(
            lint_statement(statement, doc, spath + (index,) if isinstance(statements, list) else spath, model)
        )
    if not bypass and not any(_allows_put_key_policy(s, model) for s in items if isinstance(s, dict)):
        problems.append(
            doc.problem(
                path,
                "no statement allows kms:PutKeyPolicy; KMS rejects a policy that would lock you out "
                "unless BypassPolicyLockoutSafetyCheck is true",
                severity=Severity.WARNING,
            )
        )
    return problems


def lint_statement(statement: Any, doc: SourceDoc, path: PathKey, model: ServiceModel | None) -> list[Problem]:
    if not isinstance(statement, dict):
        return [
            doc.problem(
                path,
                f"a policy statement must be a JSON object with Effect, Principal, Action and Resource; got "
                f"{_json_kind(statement)}",
            )
        ]
    problems: list[Problem] = []
    for alternatives in _REQUIRED:
        if not any(key in statement for key in alternatives):
            problems.append(
                doc.problem(path, f"statement has no {' or '.join(alternatives)}; every key policy statement needs one")
            )
    effect = statement.get("Effect")
    if effect is not None and effect not in ("Allow", "Deny"):
        problems.append(doc.problem(path + ("Effect",), f"Effect is {effect!r}; expected 'Allow' or 'Deny'"))
    for key in ("Action", "NotAction"):
        if key in statement:
            problems.extend(_actions(statement[key], doc, path + (key,), model))
    return problems


def _actions(raw: Any, doc: SourceDoc, path: PathKey, model: ServiceModel | None) -> list[Problem]:
    actions = raw if isinstance(raw, list) else [raw]
    problems: list[Problem] = []
    operations = list(model.operation_names) if model is not None else []
    for index, action in enumerate(actions):
        apath = path + (index,) if isinstance(raw, list) else path
        if not isinstance(action, str):
            problems.append(doc.problem(apath, f"action must be text such as 'kms:GetKeyPolicy'; got {action!r}"))
            continue
        if action == "*" or not action.lower().startswith("kms:"):
            continue
        name = action[4:]
        if not name:
            problems.append(
                doc.problem(apath, "action 'kms:' names no operation; expected e.g. 'kms:*' or 'kms:DescribeKey'")
            )
            continue
        if not operations:
            continue
        if any(ch in name for ch in "*?"):
            if not any(fnmatch.fnmatchcase(op.lower(), name.lower()) for op in operations):
                problems.append(
                    doc.problem(
                        apath,
                        f"wildcard action {action!r} matches no KMS operation; expected a pattern such as 'kms:Get*'",
                    )
                )
        elif name.lower() not in {op.lower() for op in operations}:
            meant = closest(action, ["kms:" + op for op in operations])
            hint = did_you_mean(meant) or "; expected 'kms:' and a KMS API operation name such as 'kms:DescribeKey'"
            problems.append(doc.problem(apath, f"{action!r} is not a KMS operation{hint}", suggestion=meant))
    return problems


def _allows_put_key_policy(statement: dict[str, Any], model: ServiceModel | None) -> bool:
    if statement.get("Effect") != "Allow":
        return False
    raw = statement.get("Action")
    actions = raw if isinstance(raw, list) else [raw]
    for action in actions:
        if isinstance(action, str) and fnmatch.fnmatchcase("kms:putkeypolicy", action.lower()):
            return True
    return False


def _charset(document: Any, doc: SourceDoc, path: PathKey) -> list[Problem]:
    problems: list[Problem] = []

    def walk(value: Any, where: PathKey) -> None:
        if isinstance(value, str):
            bad = _ALLOWED_CHARS.search(value)
            if bad:
                problems.append(
                    doc.problem(
                        where,
                        f"character U+{ord(bad.group()):04X} is not allowed in a key policy; "
                        "expected printable ASCII, Latin-1 supplement, tab, LF or CR",
                    )
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key, where)
                walk(item, where + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, where + (index,))

    walk(document, path)
    return problems


def _json_kind(value: Any) -> str:
    names: dict[type, str] = {list: "a list", str: "text", bool: "a boolean", int: "a number", float: "a number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)
