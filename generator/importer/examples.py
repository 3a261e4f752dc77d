"""Where shared examples come from: botocore's examples-1.json of each service."""

from __future__ import annotations

import functools
from typing import Any

import botocore.session
from botocore.exceptions import DataNotFoundError

__all__ = ["EXAMPLES", "services_with_examples", "shared_examples"]

EXAMPLES = "examples-1"


@functools.cache
def _loader() -> Any:
    return botocore.session.get_session().get_component("data_loader")


def services_with_examples() -> list[str]:
    """Every service whose botocore data ships at least one shared example, sorted.

    Most services ship an examples-1.json that lists none; they are left out."""
    return sorted(name for name in _loader().list_available_services(EXAMPLES) if shared_examples(name))


def shared_examples(service: str) -> dict[str, list[dict[str, Any]]]:
    """Operation name -> its shared examples, as examples-1.json lists them ({} when none)."""
    try:
        data = _loader().load_service_model(service, EXAMPLES)
    except DataNotFoundError:
        return {}
    examples = data.get("examples") or {}
    return {name: list(items or []) for name, items in examples.items()}
