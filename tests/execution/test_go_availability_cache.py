"""Go's availability answer is kept for the next process, and only trusted while it holds.

availability() lists the SDK's packages offline (`go list -deps`, about 0.1 s); the answer
is stored in the toolchain cache under a key of the go executable, its version, the module
cache and the committed go.mod and go.sum, with every module the listing found. A later
process uses it only if the key is its own and each of those modules is still in the
module cache.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.runners.go import RUNNER

from .test_go import require_go


@pytest.mark.execution
def test_go_stored_listing_is_used_only_while_it_holds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require_go()
    import generator.runners.go as go

    monkeypatch.setenv("POLYSNIP_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(go, "_AVAILABLE", {})  # as a new process: nothing found yet
    first = RUNNER.availability()
    assert first.ok, first.reason
    stored = tmp_path / "cache" / "go" / "available.json"
    data = json.loads(stored.read_text(encoding="utf-8"))
    assert f"{go.SDK}/service/kms" in data["modules"]
    executable = RUNNER._go()
    assert executable is not None
    found = RUNNER._go_env(executable)
    assert RUNNER._stored_availability(executable, found) == first

    missing = {**data, "modules": {**data["modules"], go.SDK: "v0.0.0-polysnip-missing"}}
    stored.write_text(json.dumps(missing), encoding="utf-8")
    assert RUNNER._stored_availability(executable, found) is None, "a module no longer there was trusted"

    other = {**data, "key": "0" * 64}
    stored.write_text(json.dumps(other), encoding="utf-8")
    assert RUNNER._stored_availability(executable, found) is None, "another toolchain's listing was trusted"

    stored.write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "go.sum").write_text(go.GO_SUM.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.setattr(go, "GO_SUM", tmp_path / "go.sum")  # the committed go.sum changed
    assert RUNNER._stored_availability(executable, found) is None, "a listing for another go.sum was trusted"
