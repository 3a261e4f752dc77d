"""Access to botocore's service models: the source of names, shapes and reference text."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable

import botocore
import botocore.session
from botocore.model import OperationModel, ServiceModel, Shape


@functools.cache
def _session(data_path: str | None) -> botocore.session.Session:
    session = botocore.session.get_session()
    if data_path:
        # A data directory laid out like botocore/data takes precedence over the installed one.
        loader = session.get_component("data_loader")
        loader.search_paths.insert(0, data_path)
    return session


def service_model(service: str, data_path: str | None = None) -> ServiceModel:
    """The installed botocore model for service (raises UnknownServiceError)."""
    return _session(data_path).get_service_model(service)


def available_services(data_path: str | None = None) -> list[str]:
    return list(_session(data_path).get_available_services())


def botocore_version() -> str:
    return str(botocore.__version__)


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice a misspelt word most likely means, ignoring case and separators, else None."""
    options = list(choices)

    def norm(text: str) -> str:
        return re.sub(r"[^a-z0-9]", "", text.lower())

    normalised = {norm(c): c for c in options}
    if norm(word) in normalised:
        return normalised[norm(word)]
    close = difflib.get_close_matches(norm(word), list(normalised), n=1, cutoff=0.6)
    return normalised[close[0]] if close else None


def did_you_mean(meant: str | None) -> str:
    """' (did you mean X?)' for a suggestion, '' for none: the wording every message uses."""
    return f" (did you mean {meant!r}?)" if meant is not None else ""


def suggest(word: str, choices: Iterable[str]) -> str:
    """' (did you mean X?)' for the closest choice, else ''."""
    return did_you_mean(closest(word, choices))


def name_words(name: str) -> list[str]:
    """Split an AWS name into words: 'DynamoDB' -> ['Dynamo', 'DB'], 'KMSKeyId' -> ['KMS', 'Key', 'Id']."""
    parts: list[str] = []
    for chunk in re.split(r"[^A-Za-z0-9]+", name):
        parts.extend(re.findall(r"[A-Z]+(?=[A-Z][a-z]|\d|$)|[A-Z]?[a-z]+|[A-Z]+|\d+", chunk))
    return [p for p in parts if p]


def shape_constraints(shape: Shape) -> dict[str, object]:
    """The validation constraints botocore records for a shape (min, max, pattern, enum)."""
    found: dict[str, object] = {}
    for key in ("min", "max", "pattern"):
        if key in shape.metadata:
            found[key] = shape.metadata[key]
    enum = getattr(shape, "enum", None)
    if enum:
        found["enum"] = list(enum)
    return found


def describe_type(shape: Shape) -> str:
    """A short human type name: string, integer, list of string, map of string to string…"""
    if shape.type_name == "list":
        return f"list of {describe_type(shape.member)}"  # type: ignore[attr-defined]
    if shape.type_name == "map":
        return f"map of {describe_type(shape.key)} to {describe_type(shape.value)}"  # type: ignore[attr-defined]
    if shape.type_name == "structure":
        return f"structure {shape.name}"
    return str(shape.type_name)


def output_member(op: OperationModel, dotted: str) -> Shape | None:
    """The shape at a dotted path in an operation's output, or None if there is none."""
    shape = op.output_shape
    for part in dotted.split("."):
        if shape is None or shape.type_name != "structure" or part not in shape.members:  # type: ignore[attr-defined]
            return None
        shape = shape.members[part]  # type: ignore[attr-defined]
    return shape
