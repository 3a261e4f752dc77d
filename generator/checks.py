"""The checks every spec value goes through, each returning its Problems, and the collector
that holds the problems of one document while it is checked.

check_length, check_range and check_string apply the botocore model's constraints; drift
uses them too, so that drift and validate never disagree about a value.
"""

from __future__ import annotations

import re
from typing import Any

from botocore.model import Shape

from . import service
from .problems import Problem, Severity
from .source import PathKey, SourceDoc

__all__ = [
    "CONTROL",
    "MAX_ID_CHARS",
    "MISSING",
    "VALUE_CONTROL",
    "Collector",
    "check_length",
    "check_range",
    "check_string",
    "control_message",
    "describe_value",
    "excerpt",
    "member_name",
]

MAX_ID_CHARS = 64  # ids, spec file names, placeholder and variable names
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # none in a title, id or name
VALUE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # none in a value (tab, LF, CR are fine)
MISSING = object()  # a key the spec does not give


def describe_value(value: Any) -> str:
    """How a message names what the spec gives: 'a mapping', 'text', 'nothing'…"""
    if value is MISSING or value is None:
        return "nothing"
    if value == [] or value == {}:
        return "an empty list" if isinstance(value, list) else "an empty mapping"
    names: dict[type, str] = {
        dict: "a mapping",
        list: "a list",
        str: "text",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
    }
    return names.get(type(value), type(value).__name__)


def check_length(doc: SourceDoc, path: PathKey, shape: Shape, size: int, unit: str) -> list[Problem]:
    """A list's or map's size against the model's min and max."""
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    found = []
    if low is not None and size < low:
        found.append(doc.problem(path, f"has {size} {unit}; {shape.name} needs at least {low}", code="length"))
    if high is not None and size > high:
        found.append(doc.problem(path, f"has {size} {unit}; {shape.name} allows at most {high}", code="length"))
    return found


def check_range(doc: SourceDoc, path: PathKey, shape: Shape, number: float) -> list[Problem]:
    """A number against the model's min and max."""
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    found = []
    if low is not None and number < low:
        found.append(doc.problem(path, f"{number} is below the minimum {low}", code="range"))
    if high is not None and number > high:
        found.append(doc.problem(path, f"{number} is above the maximum {high}", code="range"))
    return found


def check_string(
    doc: SourceDoc, path: PathKey, text: str, shape: Shape, what: str, *, pattern: bool = True
) -> list[Problem]:
    """Text against the model's length limits, enum and (unless pattern is False) pattern."""
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    member = member_name(path)
    found = []
    if low is not None and len(text) < low:
        found.append(
            doc.problem(path, f"{what} is {len(text)} characters long; {member} needs at least {low}", code="length")
        )
    if high is not None and len(text) > high:
        found.append(
            doc.problem(
                path, f"{what} is {len(text):,} characters long; {member} allows at most {high:,}", code="length"
            )
        )
    enum = getattr(shape, "enum", None)
    if enum and text not in enum:
        meant = service.closest(text, enum)
        found.append(
            doc.problem(
                path,
                f"{excerpt(text)} is not allowed{service.did_you_mean(meant)}; expected one of: {', '.join(enum)}",
                suggestion=meant,
                code="enum",
            )
        )
    regex = shape.metadata.get("pattern") if pattern else None
    if regex and not _matches(regex, text):
        found.append(
            doc.problem(
                path, f"{excerpt(text)} does not match the pattern {regex} that {member} requires", code="pattern"
            )
        )
    return found


class Collector:
    """Problems of one document, with the helpers every check shares."""

    def __init__(self, doc: SourceDoc):
        # Own locations: a misspelt key's subtree is also located under the key it resembles.
        self.doc = SourceDoc(doc.file, doc.data, dict(doc.locations))
        self.problems: list[Problem] = []

    def error(self, path: PathKey, message: str, suggestion: str | None = None, code: str = "") -> None:
        self.problems.append(self.doc.problem(path, message, suggestion=suggestion, code=code))

    def warning(self, path: PathKey, message: str) -> None:
        self.problems.append(self.doc.problem(path, message, severity=Severity.WARNING))

    def mapping(
        self, path: PathKey, value: Any, required: tuple[str, ...] = (), optional: tuple[str, ...] = ()
    ) -> dict[str, Any] | None:
        """Check value is a mapping with the required keys and no unknown ones.

        A misspelt key is reported once and then read as the key it resembles, so that one
        typo does not also cause "missing required key" errors.
        """
        if not isinstance(value, dict):
            self.error(
                path, f"expected a mapping with keys {', '.join(required + optional)}; got {describe_value(value)}"
            )
            return None
        allowed = required + optional
        fields: dict[str, Any] = {}
        for key, item in value.items():
            if key in allowed:
                fields[key] = item
                continue
            meant = service.closest(key, allowed)
            self.error(
                path + (key,),
                f"unknown key {key!r}{service.did_you_mean(meant)}; expected one of: {', '.join(allowed)}",
                meant,
            )
            if meant is not None and meant not in value and meant not in fields:
                fields[meant] = item
                self._alias_locations(path + (key,), path + (meant,))
        for key in required:
            if key not in fields:
                self.error(path, f"missing required key {key!r}")
        return fields

    def _alias_locations(self, written: PathKey, meant: PathKey) -> None:
        """Let problems under a misspelt key's meant path point at what was written.

        Only the misspelt key's own subtree is walked, so many misspellings stay linear."""
        value: Any = self.doc.data
        try:
            for part in written:
                value = value[part]
        except (KeyError, IndexError, TypeError):
            return
        stack: list[tuple[PathKey, Any]] = [((), value)]
        while stack:
            sub, item = stack.pop()
            location = self.doc.locations.get(written + sub)
            if location is not None:
                self.doc.locations.setdefault(meant + sub, location)
            if isinstance(item, dict):
                stack.extend((sub + (key,), child) for key, child in item.items())
            elif isinstance(item, list):
                stack.extend((sub + (index,), child) for index, child in enumerate(item))

    def text(
        self, path: PathKey, value: Any, *, default: str | None = None, one_line: bool = False, controls: bool = True
    ) -> str:
        """Text at path; one_line for titles and names, which may hold no control character at all."""
        if value is MISSING or value is None:
            if default is None:
                self.error(path, "missing value; expected text")
                return ""
            return default
        if not isinstance(value, str):
            self.error(path, f"expected text; got {describe_value(value)}")
            return ""
        text = value.strip()
        bad = (CONTROL if one_line else VALUE_CONTROL).search(text) if controls else None
        if bad is not None:
            what = "one line of printable text" if one_line else "printable text (tabs and line breaks are fine)"
            self.error(path, f"control character U+{ord(bad.group()):04X} is not allowed here; expected {what}")
            return ""
        return text


def control_message(char: str) -> str:
    return (
        f"control character U+{ord(char):04X} is not allowed in a value; "
        "expected printable text (tab, LF and CR are fine)"
    )


def member_name(path: PathKey) -> str:
    """The member a value belongs to: Names for Names[0], not the index."""
    names = [part for part in path if isinstance(part, str)]
    return names[-1] if names else "the value"


def _matches(pattern: str, text: str) -> bool:
    """Match a botocore pattern against the whole value.

    Smithy patterns are not anchored, but service models write them as whole-value
    rules (PolicyName is [\\w]+), so the whole value must match. Patterns in a regex
    dialect Python cannot compile (e.g. \\p{...} classes) are skipped.
    """
    try:
        compiled = _compile(pattern)
    except re.error:
        return True
    return compiled.fullmatch(text) is not None


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _compile(pattern: str) -> re.Pattern[str]:
    if pattern not in _PATTERNS:
        _PATTERNS[pattern] = re.compile(pattern, re.DOTALL)
    return _PATTERNS[pattern]


def excerpt(text: str, limit: int = 60) -> str:
    """repr of text, shortened so that a long value does not flood the message."""
    return repr(text) if len(text) <= limit else repr(text[: limit - 3] + "...")
