"""Which program a recorded request belongs to, decided from its signature and its time."""

from __future__ import annotations

import time

from generator.moto_server import Exchange
from generator.report import Outcome, Status
from generator.runners.base import RunResult
from generator.verify import Batch, check_attribution

FIXTURE = "POLYSNIPSETUPSECRET"


def _exchange(key: str, at: float, operation: str = "GetKeyPolicy") -> Exchange:
    return Exchange(key, f"TrentService.{operation}", b"{}", 200, b"{}", "POST", "/", at)


def _batch(windows: bool = True) -> Batch:
    batch = Batch("Python", start=1, began=10.0)
    batch.keys = {"KEYA": "a", "KEYB": "b"}
    batch.outcomes = {u: Outcome("python", u, "operation", Status.PASSED, "executed") for u in ("a", "b")}
    results = {"a": RunResult(0, started=11.0, finished=12.0), "b": RunResult(0, started=13.0, finished=14.0)}
    if not windows:
        results = {name: RunResult(0) for name in results}
    batch.finish(4, results)
    batch.ended = 20.0
    return batch


def _details(batch: Batch) -> dict[str, tuple[str, str]]:
    return {u: (o.status, o.detail) for u, o in batch.outcomes.items()}


def test_each_program_owns_its_own_requests_and_the_fixture_client_the_rest() -> None:
    batch = _batch()
    exchanges = [_exchange(FIXTURE, 9.0, "CreateKey"), _exchange("KEYA", 11.5), _exchange("KEYB", 13.5),
                 _exchange("KEYB", 13.6), _exchange(FIXTURE, 21.0)]  # fmt: skip
    assert [batch.owner(e) for e in exchanges[1:4]] == ["a", "b", "b"]
    check_attribution([batch], exchanges, FIXTURE)
    assert _details(batch) == {"a": (Status.PASSED, ""), "b": (Status.PASSED, "")}


def test_a_foreign_key_is_blamed_on_the_program_running_then() -> None:
    batch = _batch()
    exchanges = [_exchange(FIXTURE, 9.0), _exchange("KEYA", 11.5), _exchange("AKIDOTHER", 13.2, "ListKeys"),
                 _exchange("KEYB", 13.5)]  # fmt: skip
    check_attribution([batch], exchanges, FIXTURE)
    assert batch.outcomes["a"].status == Status.PASSED
    status, detail = _details(batch)["b"]
    assert status == Status.FAILED
    assert detail == (
        "moto received 1 request(s) that cannot be attributed to this program: "
        "ListKeys (signed with access key 'AKIDOTHER')"
    )


def test_another_programs_key_outside_its_run_is_not_its_request() -> None:
    batch = _batch()
    forged = _exchange("KEYB", 11.5)  # B's key, but sent while A ran
    assert batch.owner(forged) is None
    check_attribution([batch], [_exchange(FIXTURE, 9.0), forged, _exchange("KEYB", 13.5)], FIXTURE)
    assert batch.outcomes["a"].status == Status.FAILED and "'KEYB'" in batch.outcomes["a"].detail
    assert batch.outcomes["b"].status == Status.PASSED


def test_without_run_times_the_whole_batch_is_blamed() -> None:
    batch = _batch(windows=False)
    check_attribution([batch], [_exchange(FIXTURE, 9.0), _exchange("", 11.5, "ListKeys")], FIXTURE)
    for unit in ("a", "b"):
        status, detail = _details(batch)[unit]
        assert status == Status.FAILED
        assert "cannot be attributed to any program of the Python batch: ListKeys (unsigned)" in detail


def test_run_times_on_another_clock_are_not_trusted() -> None:
    batch = Batch("Java", start=0, began=time.monotonic())
    batch.keys = {"KEYA": "a"}
    batch.finish(0, {"a": RunResult(0, started=1.0, finished=2.0)})  # before the batch began
    assert batch.windows == {}


def test_a_request_after_the_batch_ended() -> None:
    batch = _batch()
    late_own = _exchange("KEYA", 21.0)
    late_other = _exchange("SOMEONE", 22.0, "ListKeys")
    exchanges = [_exchange(FIXTURE, 9.0), _exchange("KEYA", 11.5), _exchange("KEYB", 13.5), _exchange("KEYB", 13.6),
                 late_own, late_other]  # fmt: skip
    check_attribution([batch], exchanges, FIXTURE)
    assert "GetKeyPolicy (signed with access key 'KEYA'), sent after the program had finished" in (
        batch.outcomes["a"].detail
    )
    assert all("ListKeys (signed with access key 'SOMEONE')" in o.detail for o in batch.outcomes.values())
