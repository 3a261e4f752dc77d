"""What a service's rules may add to the generic checks, and the defaults (nothing)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from botocore.model import OperationModel, ServiceModel

from ..model import Param
from ..problems import Problem
from ..source import PathKey, SourceDoc

__all__ = ["ImportRules", "PlaceholderRule", "ServiceRules"]


@dataclass(frozen=True)
class PlaceholderRule:
    """A value the shared examples reuse, shown as-is but replaced by a fixture when verified.

    It is recognised in every string value, as the whole value or inside longer text:
    verification swaps the shown value for the real one throughout the program, so
    every occurrence must be the placeholder."""

    name: str
    value: str  # the example value it stands for
    description: str
    fixture: str


@dataclass(frozen=True)
class ImportRules:
    """How `polysnip import` writes the service's examples."""

    region: str  # the Region of the rules' ARNs; the spec uses it so that fixtures match
    placeholders: tuple[PlaceholderRule, ...]  # recognised in this order
    fixtures: Mapping[str, Mapping[str, Any]]  # fixture name -> its spec entry


@dataclass(frozen=True)
class ServiceRules:
    """The rules of one service beyond what its botocore model says. Subclass to add checks.

    document_members: string members holding a document the service's own lint checks (a
        KMS key policy); the model's pattern is not applied to them, the lint names the fault.
    value_shapes: per language key, scalar shapes the SDK takes as plain values, not pointers.
    imports: how shared examples are imported, or None for the generic way.
    """

    service: str = ""
    document_members: frozenset[str] = frozenset()
    value_shapes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    imports: ImportRules | None = None

    def check_params(
        self,
        doc: SourceDoc,
        path: PathKey,
        op: OperationModel,
        params: tuple[Param, ...],
        raw: Mapping[str, Any],
        model: ServiceModel,
    ) -> list[Problem]:
        """Problems of one call's parameters (path is the call's params)."""
        return []

    def check_edit(
        self, doc: SourceDoc, path: PathKey, member: str, json_path: str, item: Any, model: ServiceModel
    ) -> list[Problem]:
        """Problems of an item appended (at path) to a document saved from output member."""
        return []
