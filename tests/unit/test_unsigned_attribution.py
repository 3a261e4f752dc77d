"""A request the service model says SDKs send unsigned (STS AssumeRoleWithWebIdentity)
belongs to the one program running when it came; any other unsigned request is a stray."""

from __future__ import annotations

from generator.moto_server import Exchange
from generator.report import Outcome, Status
from generator.runners.base import RunResult
from generator.verify import Batch, check_attribution, unsigned_by_design

FIXTURE = "POLYSNIPSETUPSECRET"
WEB_IDENTITY = b"Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr"
CALLER = b"Action=GetCallerIdentity&Version=2011-06-15"


def _form(key: str, at: float, body: bytes) -> Exchange:
    return Exchange(key, "", body, 200, b"", "POST", "/", at,
                    headers=(("content-type", "application/x-www-form-urlencoded"),))  # fmt: skip


def _batch() -> Batch:
    batch = Batch("Python", start=0, began=10.0)
    batch.keys = {"KEYA": "a", "KEYB": "b"}
    batch.outcomes = {u: Outcome("python", u, "operation", Status.PASSED, "executed") for u in ("a", "b")}
    batch.finish(3, {"a": RunResult(0, started=11.0, finished=12.0), "b": RunResult(0, started=13.0, finished=14.0)})
    batch.ended = 20.0
    return batch


def test_an_operation_sdks_never_sign_belongs_to_the_program_running_then() -> None:
    batch = _batch()
    check_attribution([batch], [_form("KEYA", 11.2, CALLER), _form("", 11.5, WEB_IDENTITY), _form("KEYB", 13.5, CALLER)],
                      FIXTURE, unsigned_by_design("sts"))  # fmt: skip
    assert {u: o.status for u, o in batch.outcomes.items()} == {"a": Status.PASSED, "b": Status.PASSED}


def test_an_unsigned_call_of_a_signed_operation_is_still_a_stray() -> None:
    batch = _batch()
    check_attribution([batch], [_form("KEYA", 11.2, CALLER), _form("", 11.5, CALLER), _form("KEYB", 13.5, CALLER)],
                      FIXTURE, unsigned_by_design("sts"))  # fmt: skip
    assert batch.outcomes["a"].status == Status.FAILED and "unsigned" in batch.outcomes["a"].detail
    assert batch.outcomes["b"].status == Status.PASSED
