"""How each SDK names a service's modelled error, and whether the SDKs retry it.

The names follow each SDK's published convention for a service's error shapes:

* Java 2.x: `software.amazon.awssdk.services.<service>.model.<Error>`
* .NET:     `<namespace>.Model.<Error>`, the namespace from the SDK's own name table (C# names it)
* boto3:    `client.exceptions.<Error>`
* Ruby:     `Aws::<Module>::Errors::<Error>`
* AWS CLI:  the error code in "An error occurred (<Error>)" on stderr, non-zero exit status
* JavaScript v3: the `<Error>` class exported by `@aws-sdk/client-<service>`
* Go v2:    `*types.<Error>` from `github.com/aws/aws-sdk-go-v2/service/<service>/types`

A language may name its own (a method `exception_name(model, error)` on the Language
class, returning the name as a string); these functions are used for the languages that
do not. A language known to
neither is shown the plain error code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from botocore.model import Shape

from .languages import LANGUAGES
from .languages.base import pascal_words
from .model import Model

__all__ = ["ErrorName", "Retry", "exception_name", "retry"]


@dataclass(frozen=True)
class ErrorName:
    name: str  # what to catch or test for
    how: str  # one short clause: how that language sees it


def _service_id(model: Model) -> str:
    return str(model.service_model.service_id)


def _java(model: Model, error: str) -> ErrorName:
    package = pascal_words(_service_id(model)).lower()
    # The Java SDK spells every generated class name in Pascal case: KMSInternalException → KmsInternalException.
    return ErrorName(f"software.amazon.awssdk.services.{package}.model.{pascal_words(error)}", "catch it")


def _python(model: Model, error: str) -> ErrorName:
    return ErrorName(f"client.exceptions.{error}", "catch it (a botocore ClientError)")


def _ruby(model: Model, error: str) -> ErrorName:
    module = re.sub(r"[^A-Za-z0-9]", "", _service_id(model))
    return ErrorName(f"Aws::{module}::Errors::{error}", "rescue it")


def _cli(model: Model, error: str) -> ErrorName:
    return ErrorName(error, "error code on stderr, non-zero exit status")


def _javascript(model: Model, error: str) -> ErrorName:
    package = "@aws-sdk/client-" + re.sub(r"[^a-z0-9]", "-", _service_id(model).lower())
    return ErrorName(error, f"instanceof the class exported by {package}")


def _go(model: Model, error: str) -> ErrorName:
    package = re.sub(r"[^a-z0-9]", "", _service_id(model).lower())
    return ErrorName(f"*types.{error}", f"errors.As, types from service/{package}/types")


_BY_LANGUAGE: dict[str, Callable[[Model, str], ErrorName]] = {
    "java": _java,
    "python": _python,
    "ruby": _ruby,
    "cli": _cli,
    "javascript": _javascript,
    "go": _go,
}


def exception_name(language: str, model: Model, error: str) -> ErrorName:
    """How the SDK of language presents the modelled error named error."""
    own = getattr(LANGUAGES.get(language), "exception_name", None)
    if callable(own):
        found = own(model, error)
        if isinstance(found, ErrorName):
            return found
        if isinstance(found, str) and found:
            how = _BY_LANGUAGE[language](model, error).how if language in _BY_LANGUAGE else "catch it"
            return ErrorName(found, how)
    namer = _BY_LANGUAGE.get(language)
    return namer(model, error) if namer else ErrorName(error, "error code")


# Error codes botocore's standard retry mode treats as throttling (botocore.retries.standard).
_THROTTLING = {
    "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
    "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
    "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
    "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
}
_TRANSIENT = {"RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"}


@dataclass(frozen=True)
class Retry:
    retried: bool
    why: str


def _raw(shape: Shape) -> dict[str, object]:
    resolver = getattr(shape, "_shape_resolver", None)
    shape_map = getattr(resolver, "_shape_map", {}) if resolver is not None else {}
    found = shape_map.get(shape.name, {}) if isinstance(shape_map, dict) else {}
    return found if isinstance(found, dict) else {}


def retry(error: Shape) -> Retry:
    """Whether the SDKs retry error on their own, from the model and botocore's retry rules."""
    raw = {**_raw(error), **error.metadata}
    status = raw.get("error", {}).get("httpStatusCode") if isinstance(raw.get("error"), dict) else None
    if raw.get("retryable"):
        throttling = isinstance(raw["retryable"], dict) and raw["retryable"].get("throttling")
        return Retry(True, "the model marks it retryable" + (" (throttling)" if throttling else ""))
    if error.name in _TRANSIENT:
        return Retry(True, "a transient error code in the SDKs' standard retry mode")
    if raw.get("fault") or (isinstance(status, int) and status >= 500):
        return Retry(True, "a server-side fault (HTTP 5xx), which the SDKs' standard retry mode retries")
    if error.name in _THROTTLING:
        return Retry(True, "botocore (Python, AWS CLI) treats this code as throttling and retries it; "
                           "other SDKs may surface it at once")
    return Retry(False, "a client-side error: fix the request before trying again")
