"""Fixture worlds cost no more than isolation needs: the world made to learn the fixture
values is handed to the first program only while nothing else has reached moto, every other
program still gets a world of its own made right before its first request, and the fixture
client of a later verification is made without reading the service model again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator import verify
from generator.languages import select
from generator.moto_server import Exchange, RecordingMotoServer
from generator.render import Renderer
from generator.runners import ProgramRun
from generator.runners.base import DEFAULT_LIMITS

from .conftest import load

pytestmark = pytest.mark.execution


def _session(server: RecordingMotoServer, home: Path) -> tuple[verify._Session, verify._Prepared]:
    model, snippets = load()
    session = verify._Session(model, Renderer(), server, home, None, DEFAULT_LIMITS, None)
    snippet = next(s for s in snippets if s.language == "python" and s.unit.id == "get-key-policy")
    values = session._fixture_values()
    program = ProgramRun(snippet.unit.id, "get_key_policy.py", snippet.program, "POLYSNIP0001TESTDOCS")
    return session, verify._Prepared(snippet, session._executed_model(values), values, program)


def _fixture_creates(server: RecordingMotoServer, session: verify._Session) -> int:
    return sum(1 for e in server.all_exchanges() if e.access_key == session.fixture_key and e.operation == "CreateKey")


def test_the_first_world_is_given_to_the_first_program_while_untouched(tmp_path: Path) -> None:
    with RecordingMotoServer() as server:
        session, item = _session(server, tmp_path)
        assert _fixture_creates(server, session) == 1
        session._enter_world(item)
        assert item.failure is None and _fixture_creates(server, session) == 1, "the untouched world was made again"
        keys = session.aws.list_keys()["Keys"]
        assert [k["KeyId"] for k in keys] == [item.values["key_id"]]


def test_a_world_something_reached_is_made_again(tmp_path: Path) -> None:
    with RecordingMotoServer() as server:
        session, item = _session(server, tmp_path)
        session.aws.create_key(Description="a request between the first world and the first program")
        session._enter_world(item)
        assert item.failure is None and _fixture_creates(server, session) == 3
        keys = session.aws.list_keys()["Keys"]
        assert [k["KeyId"] for k in keys] == [item.values["key_id"]], "the program got a world already used"


def test_every_program_that_calls_moto_gets_one_fresh_world(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[Exchange]] = []
    real_exit = RecordingMotoServer.__exit__

    def keep(self: RecordingMotoServer, *exc: Any) -> None:
        seen.append(self.all_exchanges())
        real_exit(self, *exc)

    monkeypatch.setattr(RecordingMotoServer, "__exit__", keep)
    model, snippets = load()
    python = [s for s in snippets if s.language == "python"]
    report = verify.verify_model(model, python, select("python"), Renderer())
    assert report.passed, [(o.id, o.detail) for o in report.outcomes]
    exchanges = seen[0]
    fixture = {e.access_key for e in exchanges if e.access_key.startswith("POLYSNIPSETUP")}
    assert len(fixture) == 1
    programs = [key for key in dict.fromkeys(e.access_key for e in exchanges) if key not in fixture]
    creates = [i for i, e in enumerate(exchanges) if e.access_key in fixture and e.operation == "CreateKey"]
    assert len(creates) == len(programs), "a world was made that no program used"
    for key in programs:  # each program's first request comes right after its world's fixtures
        first = next(i for i, e in enumerate(exchanges) if e.access_key == key)
        assert first - 1 in creates, f"{key} did not start in a world of its own"
    ids = {e.response["KeyMetadata"]["KeyId"] for i, e in enumerate(exchanges) if i in creates}
    assert len(ids) == 1, "fixture values differ between worlds"


def test_fixture_clients_share_one_session_that_reads_no_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    config.write_text("[default]\nregion = eu-north-1\nendpoint_url = http://10.255.255.1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(config))
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-north-1")
    model, _ = load()
    first = verify._fixture_client(model, "http://127.0.0.1:9", "POLYSNIPSETUPONE")
    second = verify._fixture_client(model, "http://127.0.0.1:8", "POLYSNIPSETUPTWO")
    assert first._loader is second._loader  # the service model is read once per process
    assert verify._fixture_session._session.full_config == {"profiles": {}}
    for client, url in ((first, "http://127.0.0.1:9"), (second, "http://127.0.0.1:8")):
        assert client.meta.region_name == model.region and client.meta.endpoint_url == url
    assert first._request_signer._credentials.access_key == "POLYSNIPSETUPONE"
