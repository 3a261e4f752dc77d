"""Rules for particular AWS services, one module per service, looked up by service name.

A service without a module gets ServiceRules(): the botocore model's rules only.
"""

from __future__ import annotations

from . import kms
from .base import ImportRules, PlaceholderRule, ServiceRules

__all__ = ["ImportRules", "PlaceholderRule", "ServiceRules", "rules_for"]

_REGISTRY: dict[str, ServiceRules] = {rules.service: rules for rules in (kms.RULES,)}


def rules_for(service: str) -> ServiceRules:
    """The rules of service (its botocore name, e.g. 'kms')."""
    return _REGISTRY.get(service) or ServiceRules(service=service)
