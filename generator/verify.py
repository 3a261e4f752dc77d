"""Stage 4: run every generated program against moto and check what the docs claim.

For each program: the executed text is the published program re-rendered with real
fixture values, and it must equal the published text with only those values swapped.
After it runs, the recorded requests must be exactly the calls the spec describes,
every response must be a success, the spec's expectations must hold, the program must
print the results it claims to print, and follow-up checks run against moto's state.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

from . import __version__
from .languages import Language
from .languages.base import snake, utc_timestamp
from .model import (
    BoolValue,
    Call,
    Edit,
    Expectation,
    JsonDocValue,
    ListValue,
    MapValue,
    Model,
    NumValue,
    PlaceholderRef,
    StructValue,
    StrValue,
    Value,
    VariableRef,
)
from .moto_server import Exchange, RecordingMotoServer
from .render import Renderer, Snippet, Unit, units
from .runners import RUNNERS, ProgramRun, RunResult
from .runners.base import FAKE_SECRET, isolated_env
from .spec import load_spec

PASSED, FAILED, NOT_EXECUTED = "passed", "failed", "not executed"


@dataclass
class Outcome:
    language: str
    id: str
    kind: str
    status: str
    level: str  # executed, compiled, parsed or unavailable
    duration: float = 0.0
    detail: str = ""
    line: int | None = None
    requests: int = 0
    output: str = ""  # what the program printed, with fixture values shown as placeholders
    equivalent: bool | None = None  # sent the same normalised requests as the Python program
    declared: bool = False  # not executed because the spec says it cannot be (not a failure)


@dataclass
class Report:
    spec: str
    date: str
    polysnip: str
    versions: dict[str, dict[str, str]] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(o.status == PASSED or o.declared for o in self.outcomes)

    def to_json(self) -> str:
        data = {
            "spec": self.spec,
            "date": self.date,
            "polysnip": self.polysnip,
            "versions": {k: dict(sorted(v.items())) for k, v in sorted(self.versions.items())},
            "results": [asdict(o) | {"duration": round(o.duration, 3)} for o in self.outcomes],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


class CheckFailed(Exception):
    def __init__(self, message: str, call_index: int | None = None):
        super().__init__(message)
        self.call_index = call_index


ProgressCallback = Callable[[str, int], None]  # (language label, programs done)
Mutation = Callable[[str, str, str], str]  # (language, unit id, program text) -> program text


def verify_model(
    model: Model,
    snippets: list[Snippet],
    languages: list[Language],
    renderer: Renderer,
    progress: ProgressCallback | None = None,
    mutate: Mutation | None = None,
) -> Report:
    """Verify snippets of the given languages. mutate (for tests) rewrites a program's
    published and executed text alike, as a generator bug would."""
    report = Report(spec=model.source, date=dt.date.today().isoformat(), polysnip=__version__)
    by_language: dict[str, list[Snippet]] = {}
    for snippet in snippets:
        by_language.setdefault(snippet.language, []).append(snippet)
    with tempfile.TemporaryDirectory(prefix="polysnip-verify-") as temp, RecordingMotoServer() as server:
        home = Path(temp)
        report.versions["moto"] = {"moto": server.version}
        env = isolated_env(server.url, model.region, home)
        aws = _boto_client(model, server.url)
        counter = 0
        sent: dict[tuple[str, str], list[Any]] = {}
        for language in languages:
            runner = RUNNERS.get(language.key)
            todo = by_language.get(language.key, [])
            if runner is None:
                report.outcomes += [_not_run(s, "no runner: this language's SDK cannot be installed here", "parsed") for s in todo]
                continue
            availability = runner.availability()
            if not availability.ok:
                report.outcomes += [_not_run(s, availability.reason, "unavailable") for s in todo]
                continue
            report.versions[language.key] = availability.versions
            programs: list[ProgramRun] = []
            prepared: dict[str, tuple[Snippet, Model, dict[str, str]]] = {}
            early: dict[str, Outcome] = {}
            if mutate is not None:
                todo = [replace(s, program=mutate(s.language, s.unit.id, s.program)) for s in todo]
            declared = {op.id: op.not_executable for op in model.operations if op.not_executable}
            for snippet in [s for s in todo if s.unit.id in declared]:
                report.outcomes.append(
                    Outcome(language.key, snippet.unit.id, snippet.unit.kind, NOT_EXECUTED, "parsed",
                            detail=f"rendered and parsed, not executed: {declared[snippet.unit.id]}", declared=True)
                )  # fmt: skip
            todo = [s for s in todo if s.unit.id not in declared]
            for snippet in todo:
                counter += 1
                values = _create_fixtures(model, aws)
                executed_model, _ = load_spec(model.source, overrides=values)
                try:
                    text = _executed_text(model, executed_model, snippet, language, renderer, values, mutate)
                except CheckFailed as exc:
                    early[snippet.unit.id] = Outcome(language.key, snippet.unit.id, snippet.unit.kind, FAILED, runner.level, detail=str(exc))
                    continue
                text = runner.prepare(text, snippet.regions, server.url)
                key = f"POLYSNIP{counter:06d}"
                programs.append(ProgramRun(snippet.unit.id, snippet.program_path.rsplit("/", 1)[-1], text, key))
                prepared[snippet.unit.id] = (snippet, executed_model, values)
            workdir = home / language.key
            workdir.mkdir()
            results = runner.run(programs, workdir, env) if programs else {}
            for snippet in todo:
                if snippet.unit.id in early:
                    report.outcomes.append(early[snippet.unit.id])
                    continue
                program = next(p for p in programs if p.name == snippet.unit.id)
                _, executed_model, values = prepared[snippet.unit.id]
                result = results.get(snippet.unit.id, RunResult(1, stderr="the runner returned no result"))
                exchanges = server.exchanges(program.access_key)
                outcome = _judge(language, runner.level, snippet, executed_model, result, exchanges, aws)
                outcome.output = _published_output(result.stdout, model, values)
                if runner.level == "executed":
                    sent[(language.key, snippet.unit.id)] = normalise_requests(exchanges, values)
                report.outcomes.append(outcome)
                if progress:
                    progress(language.label, 1)
    check_equivalence(report, sent)
    order = {u.id: i for i, u in enumerate(units(model))}
    language_order = {lang.key: i for i, lang in enumerate(languages)}
    report.outcomes.sort(key=lambda o: (language_order[o.language], order[o.id]))
    return report


REFERENCE_LANGUAGE = "python"


def normalise_requests(exchanges: list[Exchange], values: dict[str, str]) -> list[Any]:
    """Requests as comparable data: operation, parsed body, JSON documents parsed, and
    fixture values replaced by their placeholder names."""
    replacements = {real: "${" + name + "}" for name, real in values.items()}

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            if value[:1] in "{[":
                try:
                    return clean(json.loads(value))
                except ValueError:
                    pass
            for real, name in replacements.items():
                value = value.replace(real, name)
            return value
        if isinstance(value, dict):
            return {k: clean(v) for k, v in sorted(value.items())}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    return [[e.operation, clean(e.request)] for e in exchanges]


def check_equivalence(report: Report, sent: dict[tuple[str, str], list[Any]]) -> None:
    """Every executed language must send exactly the requests the Python program sent."""
    for outcome in report.outcomes:
        key = (outcome.language, outcome.id)
        reference = sent.get((REFERENCE_LANGUAGE, outcome.id))
        if key not in sent or reference is None:
            continue
        outcome.equivalent = sent[key] == reference
        if outcome.equivalent:
            continue
        difference = _first_difference(sent[key], reference)
        message = f"sends different requests than the Python program: {difference}"
        outcome.status = FAILED
        outcome.detail = f"{outcome.detail}; {message}" if outcome.detail else message


def _first_difference(mine: list[Any], reference: list[Any]) -> str:
    for index, (a, b) in enumerate(zip(mine, reference, strict=False)):
        if a[0] != b[0]:
            return f"request {index + 1} is {a[0]}, Python's is {b[0]}"
        if a[1] != b[1]:
            keys = sorted(k for k in set(a[1]) | set(b[1]) if a[1].get(k) != b[1].get(k))
            shown = ", ".join(f"{k}={a[1].get(k)!r} (Python: {b[1].get(k)!r})" for k in keys[:3])
            return f"{a[0]} differs in {shown}"
    return f"{len(mine)} request(s), Python sent {len(reference)}"


def _boto_client(model: Model, endpoint: str) -> Any:
    return boto3.client(
        model.service,
        region_name=model.region,
        endpoint_url=endpoint,
        aws_access_key_id="POLYSNIPSETUP",
        aws_secret_access_key=FAKE_SECRET,
        config=Config(retries={"max_attempts": 1}),
    )


def _create_fixtures(model: Model, aws: Any) -> dict[str, str]:
    """Real values for every placeholder that names a fixture (e.g. a new key's id)."""
    values: dict[str, str] = {}
    for placeholder in model.placeholders:
        if placeholder.fixture is None:
            continue
        fixture = model.fixture(placeholder.fixture)
        response = getattr(aws, snake(fixture.call.operation))(**_wire_params(fixture.call, {}))
        value: Any = response
        for part in fixture.output.split("."):
            value = value[part]
        values[placeholder.name] = str(value)
    return values


def _executed_text(
    published_model: Model,
    executed_model: Model,
    snippet: Snippet,
    language: Language,
    renderer: Renderer,
    values: dict[str, str],
    mutate: Mutation | None,
) -> str:
    """Render the unit with real fixture values and prove that only those values differ."""
    unit = next(u for u in units(executed_model) if u.id == snippet.unit.id)
    executed = renderer.render_unit(executed_model, language, unit).program
    if mutate is not None:
        executed = mutate(language.key, unit.id, executed)
    expected = snippet.program
    for name, real in values.items():
        expected = expected.replace(published_model.placeholder(name).display, real)
    if executed != expected:
        raise CheckFailed("the executed program differs from the published one beyond fixture values")
    return executed


def _not_run(snippet: Snippet, reason: str, level: str) -> Outcome:
    return Outcome(snippet.language, snippet.unit.id, snippet.unit.kind, NOT_EXECUTED, level, detail=reason)


def _judge(language: Language, level: str, snippet: Snippet, model: Model, result: RunResult, exchanges: list[Exchange], aws: Any) -> Outcome:
    unit = next(u for u in units(model) if u.id == snippet.unit.id)
    outcome = Outcome(language.key, unit.id, unit.kind, PASSED, level, duration=result.duration, requests=len(exchanges))
    try:
        if result.exit_code != 0:
            message = _last_error(result.stderr) or f"exited with status {result.exit_code}"
            outcome.line = result.error_line
            raise CheckFailed(f"program failed: {message}")
        if level != "executed":
            return outcome  # parsed or compiled only: no program ran, so no request can be checked
        check_exchanges(unit, exchanges)
        check_printed(unit, exchanges, result.stdout)
        if unit.kind == "operation":
            operation = next(op for op in model.operations if op.id == unit.id)
            for follow in operation.then:
                response = getattr(aws, snake(follow.operation))(**_wire_params(follow, {}))
                for expectation in follow.expect:
                    check_expectation(expectation, response, f"follow-up {follow.operation}")
    except CheckFailed as exc:
        outcome.status = FAILED
        outcome.detail = str(exc)
        if outcome.line is None and exc.call_index is not None:
            outcome.line = _call_line(snippet.program, language, unit, exc.call_index)
    return outcome


MAX_OUTPUT_CHARS = 4000


def _published_output(stdout: str, model: Model, values: dict[str, str]) -> str:
    """Program output as the docs may show it: real fixture values back to placeholders."""
    for name, real in values.items():
        stdout = stdout.replace(real, model.placeholder(name).display)
    return stdout[:MAX_OUTPUT_CHARS]


def _last_error(stderr: str) -> str:
    lines = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _call_line(program: str, language: Language, unit: Unit, call_index: int) -> int | None:
    """The line of the call_index-th call in the program (matched by method name)."""
    calls = [s for s in unit.steps if isinstance(s, Call)]
    if call_index >= len(calls):
        return None
    method = language.method(calls[call_index].operation)
    nth = sum(1 for c in calls[:call_index] if c.operation == calls[call_index].operation)
    seen = 0
    for number, line in enumerate(program.splitlines(), 1):
        if method in line:
            if seen == nth:
                return number
            seen += 1
    return None


# --- comparing what was sent with what the spec says ----------------------------------


def wire_value(value: Value, variables: dict[str, Any]) -> Any:
    """The JSON a value should appear as on the wire (documents as parsed JSON)."""
    if isinstance(value, StrValue):
        if value.shape.type_name == "blob":  # the JSON protocol sends bytes as base64
            return base64.b64encode(value.text.encode("utf-8")).decode("ascii")
        if value.shape.type_name == "timestamp":  # ...and times as epoch seconds
            return utc_timestamp(value.text).timestamp()
        return value.text
    if isinstance(value, PlaceholderRef):
        return value.display
    if isinstance(value, (NumValue,)):
        return value.number
    if isinstance(value, BoolValue):
        return value.flag
    if isinstance(value, ListValue):
        return [wire_value(v, variables) for v in value.items]
    if isinstance(value, MapValue):
        return {k: wire_value(v, variables) for k, v in value.entries}
    if isinstance(value, StructValue):
        return {k: wire_value(v, variables) for k, v in value.members}
    if isinstance(value, JsonDocValue):
        return _Document(value.document.value)
    if isinstance(value, VariableRef):
        return _Document(variables[value.name])
    raise TypeError(type(value).__name__)


@dataclass(frozen=True)
class _Document:
    """Marks a string parameter whose JSON text must parse to this value."""

    value: Any


def _wire_params(call: Call, variables: dict[str, Any]) -> dict[str, Any]:
    params = {}
    for param in call.params:
        value = wire_value(param.value, variables)
        params[param.name] = json.dumps(value.value) if isinstance(value, _Document) else value
    return params


def check_exchanges(unit: Unit, exchanges: list[Exchange]) -> None:
    calls = [s for s in unit.steps if isinstance(s, Call)]
    if len(exchanges) != len(calls):
        sent = ", ".join(e.operation for e in exchanges) or "nothing"
        wanted = ", ".join(c.operation for c in calls) or "nothing"
        raise CheckFailed(f"sent {len(exchanges)} request(s) ({sent}); the spec describes {len(calls)} ({wanted})", len(exchanges) if len(exchanges) < len(calls) else None)
    variables: dict[str, Any] = {}
    index = 0
    for step in unit.steps:
        if isinstance(step, Edit):
            target = variables[step.variable]
            for key in step.path:
                target = target[key]
            target.append(step.item.value)
            continue
        exchange = exchanges[index]
        if exchange.operation != step.operation:
            raise CheckFailed(f"request {index + 1} was {exchange.operation}; expected {step.operation}", index)
        if exchange.status >= 300:
            raise CheckFailed(f"{step.operation} failed with HTTP {exchange.status}: {_error_text(exchange)}", index)
        _compare_request(step, exchange, variables, index)
        response = exchange.response or {}
        for expectation in step.expect:
            check_expectation(expectation, response, step.operation, index)
        for variable, member in step.save:
            variables[variable] = json.loads(response[member])
        index += 1


def _error_text(exchange: Exchange) -> str:
    body = exchange.response
    if isinstance(body, dict):
        kind = str(body.get("__type", "")).rsplit("#", 1)[-1]
        return f"{kind}: {body.get('message') or body.get('Message') or ''}".strip(": ")
    return exchange.response_body[:200].decode("utf-8", "replace")


def _compare_request(call: Call, exchange: Exchange, variables: dict[str, Any], index: int) -> None:
    sent = exchange.request
    if not isinstance(sent, dict):
        raise CheckFailed(f"{call.operation} request body is not JSON", index)
    expected = {p.name: wire_value(p.value, variables) for p in call.params}
    extra = sorted(set(sent) - set(expected))
    missing = sorted(set(expected) - set(sent))
    if extra or missing:
        parts = ([f"unexpected {', '.join(extra)}"] if extra else []) + ([f"missing {', '.join(missing)}"] if missing else [])
        raise CheckFailed(f"{call.operation} request parameters differ from the spec: {'; '.join(parts)}", index)
    for name, want in expected.items():
        got = sent[name]
        if isinstance(want, _Document):
            try:
                parsed = json.loads(got)
            except (TypeError, ValueError):
                raise CheckFailed(f"{call.operation} sent {name} that is not valid JSON", index) from None
            if parsed != want.value:
                raise CheckFailed(f"{call.operation} sent a {name} document that differs from the spec", index)
        elif got != want:
            raise CheckFailed(f"{call.operation} sent {name}={got!r}; the spec says {want!r}", index)


def _member(response: Any, dotted: str) -> Any:
    value = response
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            raise KeyError(dotted)
        value = value[part]
    return value


def check_expectation(expectation: Expectation, response: Any, where: str, index: int | None = None) -> None:
    try:
        actual = _member(response, expectation.field)
    except KeyError:
        raise CheckFailed(f"{where} returned no {expectation.field}", index) from None
    want = expectation.value.value
    if expectation.kind == "equals":
        if actual != want:
            raise CheckFailed(f"{where} returned {expectation.field}={actual!r}; the spec expects {want!r}", index)
        return
    try:
        document = json.loads(actual)
    except (TypeError, ValueError):
        raise CheckFailed(f"{where} returned {expectation.field} that is not JSON", index) from None
    if expectation.kind == "json_equals":
        if document != want:
            raise CheckFailed(f"{where} returned a {expectation.field} document that differs from the spec", index)
        return
    target = document
    for key in expectation.json_path:
        if not isinstance(target, dict) or key not in target:
            raise CheckFailed(f"{where}: {expectation.field} has no {'.'.join(expectation.json_path)}", index)
        target = target[key]
    if expectation.kind == "json_at_equals" and target != want:
        raise CheckFailed(f"{where}: {expectation.field} {'.'.join(expectation.json_path)} is {target!r}; the spec expects {want!r}", index)
    if expectation.kind == "json_at_contains" and (not isinstance(target, list) or want not in target):
        raise CheckFailed(f"{where}: {expectation.field} {'.'.join(expectation.json_path)} does not contain the expected item", index)


def check_printed(unit: Unit, exchanges: list[Exchange], stdout: str) -> None:
    """The program prints the output members it claims to: each string value must appear."""
    calls = [s for s in unit.steps if isinstance(s, Call)]
    for index, (call, exchange) in enumerate(zip(calls, exchanges, strict=False)):
        response = exchange.response or {}
        for member in call.output_fields:
            value = response.get(member)
            texts = [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
            for text in texts:
                if text.strip() and text.strip() not in stdout:
                    raise CheckFailed(f"the program did not print {call.operation} {member} ({text[:40]!r}…)", index)
