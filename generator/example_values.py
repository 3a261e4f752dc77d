"""Example values a reader must replace, found where no placeholder covers them.

A snippet that shows an account id (111122223333), an ARN holding one, or an IAM user or
role name inside an ARN as plain text gives the reader no "Replace with …" line for it,
and fails against a real account. Such values belong in a placeholder (a value and a
description) that the spec uses as ${name}. These are warnings: the spec stays valid.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .placeholders import REF
from .problems import Problem, Severity
from .source import PathKey, SourceDoc

__all__ = ["unflagged_examples"]

# What a placeholder reference leaves in a value once it is taken out.
_MARK = "\x00"
_ARN = re.compile(r"arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:([^:\s\"']*):([^\s\"',]+)")
_ACCOUNT = re.compile(r"(?<![0-9])[0-9]{12}(?![0-9])")
_NAMED = re.compile(r"^(user|role|group)/(?:[^/\x00]+/)*([^/\x00]+)$")  # a literal name at the end
_SHOWN = ("operations", "scenarios")  # fixtures, expectations and follow-up checks are not shown
_HIDDEN_KEYS = {"expect", "then", "verify"}


def unflagged_examples(doc: SourceDoc) -> list[Problem]:
    """A warning for every shown string value that holds an account id, an ARN with one,
    or an IAM principal name in an ARN, outside any ${placeholder}."""
    problems: list[Problem] = []
    data = doc.data if isinstance(doc.data, dict) else {}
    for section in _SHOWN:
        for path, text in _strings((section,), data.get(section)):
            what = _example_in(REF.sub(_MARK, text))
            if what:
                problems.append(doc.problem(
                    path,
                    f"{what} is shown as it is: a reader must replace it, but no placeholder covers it; declare a "
                    "placeholder (value and description) and write ${name} here",
                    severity=Severity.WARNING,
                ))
    return problems


def _example_in(text: str) -> str:
    """What in text (placeholder references taken out) is an example value, in words, or ''."""
    for arn in _ARN.finditer(text):
        account, resource = arn.group(1), arn.group(2)
        shown = arn.group(0).replace(_MARK, "${…}")
        if _ACCOUNT.fullmatch(account):
            return f"the ARN {shown!r} (account {account})"
        named = _NAMED.match(resource)
        if arn.group(0).startswith("arn:aws:iam:") and named and account != "aws":
            return f"the {named.group(1)} name {named.group(2)!r} in the ARN {shown!r}"
    account_id = _ACCOUNT.search(text)
    if account_id:
        return f"the account ID {account_id.group(0)}"
    return ""


def _strings(path: PathKey, value: Any) -> Iterator[tuple[PathKey, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings((*path, index), item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in _HIDDEN_KEYS:
                yield from _strings((*path, key), item)
