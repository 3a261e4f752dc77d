"""AWS KMS: key policies are linted, and imported examples use a key that verification makes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from botocore.model import OperationModel, ServiceModel

from ..model import Param
from ..problems import Problem, Severity
from ..source import PathKey, SourceDoc
from . import kms_policy
from .base import ImportRules, PlaceholderRule, ServiceRules

__all__ = ["RULES", "KmsRules"]

_EXAMPLE_KEY = "1234abcd-12ab-34cd-56ef-1234567890ab"
_NEW_KEY = {"operation": "CreateKey", "params": {"Description": "Key for polysnip verification"}}

IMPORTS = ImportRules(
    region="us-west-2",
    # key_arn comes first: its value contains key_id's, so it is recognised first, and
    # verification swaps placeholder values into the published program in this order.
    placeholders=(
        PlaceholderRule(
            "key_arn",
            f"arn:aws:kms:us-west-2:111122223333:key/{_EXAMPLE_KEY}",
            "the ARN of your KMS key",
            "new_key_arn",
        ),
        PlaceholderRule("key_id", _EXAMPLE_KEY, "the ID or ARN of your KMS key", "new_key"),
    ),
    fixtures={
        "new_key_arn": {
            "description": "a symmetric encryption key created with CreateKey (its ARN)",
            **_NEW_KEY,
            "output": "KeyMetadata.Arn",
        },
        "new_key": {
            "description": "a symmetric encryption key created with CreateKey",
            **_NEW_KEY,
            "output": "KeyMetadata.KeyId",
        },
    },
)


@dataclass(frozen=True)
class KmsRules(ServiceRules):
    def check_params(
        self,
        doc: SourceDoc,
        path: PathKey,
        op: OperationModel,
        params: tuple[Param, ...],
        raw: Mapping[str, Any],
        model: ServiceModel,
    ) -> list[Problem]:
        problems: list[Problem] = []
        for param in params:
            if param.name == "Policy":
                bypass = raw.get("BypassPolicyLockoutSafetyCheck") is True
                problems += kms_policy.lint_policy_value(param.value, doc, path + ("Policy",), model, bypass)
        members = op.input_shape.members if op.input_shape is not None else {}  # type: ignore[attr-defined]
        if "PolicyName" in members and "PolicyName" not in raw:
            problems.append(
                doc.problem(
                    path,
                    f"pass PolicyName: default to {op.name}; moto and older SDKs require it",
                    severity=Severity.WARNING,
                )
            )
        return problems

    def check_edit(
        self, doc: SourceDoc, path: PathKey, member: str, json_path: str, item: Any, model: ServiceModel
    ) -> list[Problem]:
        if member != "Policy":
            return []
        if json_path == "Statement":
            return kms_policy.lint_statement(item, doc, path + ("value",), model)
        return [
            doc.problem(
                path + ("path",),
                f"appends to {json_path!r} of a key policy; its statements are under 'Statement'",
                severity=Severity.WARNING,
            )
        ]


RULES = KmsRules(
    service="kms",
    document_members=frozenset({"Policy"}),
    # Members of these shapes are plain values in the pinned Go SDK (service/kms v1.62.4): the
    # Smithy models give them a default, which botocore's JSON models do not record.
    value_shapes={"go": frozenset({"BooleanType"})},
    imports=IMPORTS,
)
