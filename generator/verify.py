"""Stage 4: run every generated program against moto and check what the docs claim.

For each program: the executed text is the published program re-rendered with real
fixture values, and it must equal the published text with only those values swapped.
After it runs, the recorded requests must be exactly the calls the spec describes,
every response must be a success, the spec's expectations must hold, the program must
print the results it claims to print, and follow-up checks run against moto's state.

Every request moto served must be attributable: to the fixture client (which signs
with a random key of its own), or to the program that signed it with its own key while
its batch ran. Any other request (another key, unsigned, a call to moto's own API, or a
program's request after it finished) fails the program that was running when it came,
or every program of the batch when that cannot be told.

Every program runs in a world of its own: moto is reset and seeded, then only that
program's fixtures are created, so names that must be unique (a secret, a bucket, an
alias) never collide between programs, languages or specs, and fixture ids and ARNs are
the same on every run. The world made first, to learn the fixture values, is given to the
first program that asks for one if nothing else has reached moto since: it is that same
fresh, seeded world. Follow-up checks run in the program's world before the next one
replaces it. Fixture requests are signed with the fixture client's own key.

Everything temporary lives in one folder removed by a context manager, so an exception
(SIGTERM is turned into one by the command line) leaves nothing behind.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
import secrets
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import boto3
import botocore.session
from botocore.config import Config
from botocore.configprovider import BOTOCORE_DEFAUT_SESSION_VARIABLES
from botocore.exceptions import BotoCoreError, ClientError

from . import __version__, typecheck_cache, verify_cache
from .languages import Language, reference_language
from .languages.base import snake, utc_timestamp
from .model import (
    BlobValue,
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
from .problems import BadInput, Kind, Location, Problem
from .render import Renderer, Snippet, Unit, units
from .report import Outcome, Report, Status
from .runners import RUNNERS, Availability, ProgramRun, Runner, RunResult
from .runners.base import DEFAULT_LIMITS, FAKE_SECRET, CompileError, Limits, isolated_env, sort_errors
from .source import format_path
from .spec import check, load_spec
from .wire import decode, sdk_transport_members

if TYPE_CHECKING:  # moto is imported only when something is run (a fully cached verify never needs it)
    from .moto_server import Exchange, RecordingMotoServer

__all__ = [
    "FAILED",
    "NOT_EXECUTED",
    "PASSED",
    "Batch",
    "Cache",
    "CheckFailed",
    "FixtureFailed",
    "Outcome",
    "Report",
    "check_attribution",
    "check_equivalence",
    "create_fixtures",
    "normalise_requests",
    "verification_problems",
    "verify_model",
]

PASSED, FAILED, NOT_EXECUTED = Status.PASSED, Status.FAILED, Status.NOT_EXECUTED


class CheckFailed(Exception):
    """One program failed a check; call_index is the spec call it concerns, when known."""

    def __init__(self, message: str, call_index: int | None = None):
        super().__init__(message)
        self.call_index = call_index

    def problem(self, model: Model, unit: Unit, language: str) -> Problem:
        return _problem(model, unit, f"{language}: {self}")


def _problem(model: Model, unit: Unit, message: str) -> Problem:
    location = unit.location or Location(model.source, 1, 1)
    path = unit.path if isinstance(unit.path, str) else format_path(unit.path)
    return Problem(location=location, path=path, message=message, kind=Kind.VERIFICATION)


def verification_problems(model: Model, report: Report) -> list[Problem]:
    """Each failed outcome as a Problem at the spec location of its operation or scenario."""
    by_id = {u.id: u for u in units(model)}
    found = []
    fixtures = {f.name: f for f in model.fixtures}
    for outcome in report.outcomes:
        unit = by_id.get(outcome.id)
        match = _FIXTURE_DETAIL.match(outcome.detail or "")
        fixture = fixtures.get(match.group(1)) if match else None
        if outcome.status is Status.FAILED and fixture is not None:  # once per fixture, at the fixture
            location = fixture.call.location or Location(model.source, 1, 1)
            problem = Problem(location=location, path=f"fixtures.{fixture.name}", message=outcome.detail,
                              kind=Kind.VERIFICATION)  # fmt: skip
            if problem not in found:
                found.append(problem)
            continue
        if outcome.status is Status.FAILED and unit is not None:
            line = f" (program line {outcome.line})" if outcome.line else ""
            found.append(_problem(model, unit, f"{outcome.language}: {outcome.detail}{line}"))
    return found


ProgressCallback = Callable[[str, int], None]  # (language label, programs done)
Mutation = Callable[[str, str, str], str]  # (language, unit id, program text) -> program text


def verify_model(
    model: Model,
    snippets: list[Snippet],
    languages: list[Language],
    renderer: Renderer,
    progress: ProgressCallback | None = None,
    mutate: Mutation | None = None,
    limits: Limits = DEFAULT_LIMITS,
    cache: Cache | None = None,
) -> Report:
    """Verify snippets of the given languages. mutate (for tests) rewrites a program's
    published and executed text alike, as a generator bug would; limits bound each run.

    With cache (generator.verify_cache), a language whose results are stored under a key
    covering everything that can change them is not run again: its results are labelled
    with the date of the run that produced them. Nothing is taken from or kept in the
    cache when mutate is given; Cache(read=False) runs everything and keeps what passed.

    Each program's type check is kept apart (generator.typecheck_cache), under a key of its
    exact text, the checker and the versions it checks against, and is used whenever
    verification runs programs (cache None included): a program whose answer is kept is
    not checked again, and an outcome that rests on a kept answer alone (a program that
    does not compile, or cannot be checked here) is labelled with the date of the run that
    checked it. Cache(read=False) checks every program again; with mutate nothing is kept."""
    report = Report(spec=model.source, date=dt.date.today().isoformat(), polysnip=__version__)
    plan = _CachePlan(model, snippets, languages, renderer, limits, cache if mutate is None else None)
    checks = None if mutate is not None else cache or Cache()
    if plan.all_hit():  # nothing to run: no moto server, no fixtures
        report.versions["moto"] = {"moto": plan.moto}
        for language in languages:
            report.outcomes += plan.replay(language, report.versions, progress)
        check_equivalence(report, plan.sent)
        return _sorted(report, model, languages)
    from .moto_server import RecordingMotoServer

    live: list[Language] = []
    with tempfile.TemporaryDirectory(prefix="polysnip-verify-") as temp, RecordingMotoServer() as server:
        session = _Session(model, renderer, server, Path(temp), mutate, limits, progress, checks, report.date)
        report.versions["moto"] = {"moto": server.version}
        if plan.cache is not None:  # the keys hold this run's fixture values
            plan.with_values(session.fixture_values_or_none())
        session.tools = plan.tools
        for language in languages:
            if plan.hit(language):
                report.outcomes += plan.replay(language, report.versions, progress)
                continue
            todo = [s for s in snippets if s.language == language.key]
            report.outcomes += session.verify_language(language, todo, report.versions)
            live.append(language)
        unsigned = unsigned_by_design(model.service)
        check_attribution(session.batches, server.all_exchanges(), session.fixture_key, unsigned)
    plan.keep(report, live, session.sent)
    check_equivalence(report, {**plan.sent, **session.sent})
    return _sorted(report, model, languages)


def _sorted(report: Report, model: Model, languages: list[Language]) -> Report:
    order = {u.id: i for i, u in enumerate(units(model))}
    language_order = {lang.key: i for i, lang in enumerate(languages)}
    report.outcomes.sort(key=lambda o: (language_order[o.language], order[o.id]))
    return report


@dataclass(frozen=True)
class Cache:
    """How verification uses its result cache: read (take stored results) and write (keep new ones)."""

    read: bool = True
    write: bool = True


class _CachePlan:
    """Which languages' results come from the cache, under which keys; keeps new results."""

    def __init__(self, model: Model, snippets: list[Snippet], languages: list[Language], renderer: Renderer,
                 limits: Limits, cache: Cache | None):  # fmt: skip
        self.model, self.snippets, self.languages, self.limits = model, snippets, languages, limits
        self.cache = cache
        self.template_dirs = [Path(d) for d in renderer.template_dirs]
        self.keys: dict[str, str] = {}
        self.hits: dict[str, verify_cache.Results] = {}
        self.sent: dict[tuple[str, str], list[Any]] = {}
        self.values: dict[str, str] | None = None
        self.tools: dict[str, verify_cache.Toolchain] = {}  # the runners' answers the keys were made with
        self.unrun: dict[str, list[Outcome]] = {}  # languages that cannot run here: their outcomes
        self.moto = ""
        if cache is None:
            return
        self.moto = _moto_version()
        self.fixtures_key = verify_cache.fixtures_key(_spec_data(model), self.moto)
        self.with_values(verify_cache.load_fixtures(self.fixtures_key) if cache.read else None)

    def with_values(self, values: dict[str, str] | None) -> None:
        """Keys and hits for these fixture values (those a seeded moto gives: recorded, then
        live). Live values that cannot be made (a fixture fails) leave nothing to replay."""
        if self.cache is None or (values is not None and values == self.values):
            return
        self.values = values
        self.keys, self.hits, self.unrun = {}, {}, {}
        if values is None:
            return
        for language in self.languages:
            todo = [s for s in self.snippets if s.language == language.key]
            runner = RUNNERS.get(language.key)
            if not todo:
                continue
            if runner is None:
                self.unrun[language.key] = _not_runnable(todo, None)
                continue
            tools = verify_cache.toolchain(runner, self.model.service, fresh=not self.cache.read)
            self.tools[language.key] = tools
            if not (tools.availability.ok and tools.sdk.ok):  # not executed, for a reason needing no moto
                self.unrun[language.key] = _not_runnable(todo, tools)
                continue
            key = _results_key(self.model, language, runner, tools, todo, values, self.limits, self.template_dirs,
                               self.moto)  # fmt: skip
            self.keys[language.key] = key
            found = verify_cache.load_results(key) if self.cache.read else None
            if found is not None and {o.id for o in found.outcomes} == {s.unit.id for s in todo}:
                self.hits[language.key] = found

    def all_hit(self) -> bool:
        if self.cache is None or self.values is None:
            return False
        todo = {s.language for s in self.snippets}
        return all(lang.key in self.hits or lang.key in self.unrun for lang in self.languages if lang.key in todo)

    def hit(self, language: Language) -> bool:
        return language.key in self.hits

    def replay(self, language: Language, versions: dict[str, dict[str, str]],
               progress: ProgressCallback | None) -> list[Outcome]:  # fmt: skip
        found = self.hits.get(language.key)
        if found is None:  # not run here: said without moto, as a run would say it
            outcomes = [replace(o) for o in self.unrun.get(language.key, [])]
            if progress and outcomes:
                progress(language.label, len(outcomes))
            return outcomes
        if found.versions:
            versions[language.key] = dict(found.versions)
        for unit_id, requests in found.sent.items():
            self.sent[(language.key, unit_id)] = requests
        outcomes = found.cached()
        if progress and outcomes:
            progress(language.label, len(outcomes))
        return outcomes

    def keep(self, report: Report, live: list[Language], sent: dict[tuple[str, str], list[Any]]) -> None:
        """Store the results of the languages that ran (before the equivalence check, which
        is judged again on every replay), and the fixture values they ran with."""
        if self.cache is None or not self.cache.write or self.values is None:
            return
        verify_cache.store_fixtures(self.fixtures_key, self.values)
        for language in live:
            key = self.keys.get(language.key)
            if key is None:
                continue
            outcomes = [replace(o) for o in report.outcomes if o.language == language.key]
            requests = {unit: data for (lang, unit), data in sent.items() if lang == language.key}
            results = verify_cache.Results(report.date, outcomes, requests, dict(report.versions.get(language.key, {})))
            verify_cache.store_results(key, results)


def _not_runnable(todo: list[Snippet], tools: verify_cache.Toolchain | None) -> list[Outcome]:
    """The outcomes of a language with no runner (tools None) or whose toolchain or SDK is
    missing: the same as _Session.verify_language gives them."""
    if tools is None:
        return [_not_run(s, "no runner: this language's SDK cannot be installed here", "parsed") for s in todo]
    if not tools.availability.ok:
        return [_not_run(s, tools.availability.reason, "unavailable") for s in todo]
    return [_not_run(s, tools.sdk.reason, "unavailable", declared=not tools.sdk.installable) for s in todo]


def _moto_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("moto")
    except metadata.PackageNotFoundError:
        return "absent"


def _spec_data(model: Model) -> dict[str, Any]:
    """The spec as the cache keys see it: its document, service, region, fixtures, placeholders."""
    try:
        text = Path(model.source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    return {
        "text": text,
        "document": model.document,
        "service": model.service,
        "region": model.region,
        "fixtures": [[f.name, f.call.operation, _fixture_params(f.call), f.output] for f in model.fixtures],
        "placeholders": [[p.name, p.display, p.fixture] for p in model.placeholders],
    }


def _fixture_params(call: Call) -> Any:
    try:
        return _wire_params(call, {})
    except (TypeError, KeyError, ValueError):  # the spec text above holds them anyway
        return repr(call.params)


def _results_key(
    model: Model,
    language: Language,
    runner: Runner,
    tools: verify_cache.Toolchain,
    todo: list[Snippet],
    values: dict[str, str],
    limits: Limits,
    template_dirs: list[Path],
    moto: str,
) -> str:
    """Everything that can change one language's results (see generator.verify_cache)."""
    programs = []
    for snippet in sorted(todo, key=lambda s: s.unit.id):
        executed = snippet.program
        for name, real in values.items():
            executed = executed.replace(model.placeholder(name).display, real)
        programs.append([snippet.unit.id, snippet.program_path, snippet.program, executed])
    return verify_cache.digest({
        "what": "results",
        "spec": _spec_data(model),
        "language": language.key,
        "runner": f"{type(runner).__module__}.{type(runner).__qualname__}",
        "variants": [str(getattr(v, "label", type(v).__qualname__)) for v in runner.variants()],
        "versions": [tools.availability.versions, tools.sdk.versions, [v.versions for v in tools.variants]],
        "checker": tools.checker,
        "moto": moto,
        "limits": repr(limits),
        "fixture values": values,
        "programs": programs,
        "code": verify_cache.code_hash(),
        "templates": verify_cache.templates_hash(template_dirs),
        "polysnip": __version__,
    })  # fmt: skip


@dataclass
class Batch:
    """One runner.run() call: which exchanges it may have caused and whose they are."""

    label: str
    start: int  # index of the first exchange recorded after the batch began
    began: float  # time.monotonic() then
    end: int = 0  # index of the first exchange recorded after it returned
    ended: float = 0.0
    keys: dict[str, str] = field(default_factory=dict)  # access key -> unit id
    windows: dict[str, tuple[float, float]] = field(default_factory=dict)  # unit id -> when it ran
    outcomes: dict[str, Outcome] = field(default_factory=dict)  # unit id -> its outcome

    def finish(self, end: int, results: dict[str, RunResult]) -> None:
        """Record the end and when each program ran. Windows are used only if every one lies
        within the batch's own span, as this process measured it (same clock, or none)."""
        self.end, self.ended = end, time.monotonic()
        windows = {
            name: (r.started, r.finished)
            for name, r in results.items()
            if r.started is not None and r.finished is not None and name in self.keys.values()
        }
        slack = 0.05
        if all(self.began - slack <= a <= b <= self.ended + slack for a, b in windows.values()):
            self.windows = windows

    def owner(self, exchange: Exchange) -> str | None:
        """The program a request recorded during the batch belongs to: the one whose key signed
        it, provided it came while that program ran (when the runner says when that was)."""
        unit = self.keys.get(exchange.access_key)
        window = self.windows.get(unit or "")
        if unit is None or (window is not None and not window[0] <= exchange.at <= window[1]):
            return None
        return unit

    def running_at(self, moment: float) -> list[str]:
        return [unit for unit, (started, finished) in self.windows.items() if started <= moment <= finished]


@dataclass
class _Prepared:
    snippet: Snippet
    model: Model
    values: dict[str, str]
    program: ProgramRun
    world: bool = False  # its world has been created
    failure: CheckFailed | None = None  # its world or a follow-up check failed
    checked: bool = False  # follow-up checks have run


class FixtureFailed(CheckFailed):
    """A fixture could not be created (or came out different): a problem at the fixture."""

    def __init__(self, fixture: str, message: str):
        super().__init__(f"fixture {fixture}: {message}")
        self.fixture = fixture


_FIXTURE_DETAIL = re.compile(r"^fixture ([A-Za-z0-9_-]+): ")


class _Session:
    """State shared by every language of one verification."""

    def __init__(
        self,
        model: Model,
        renderer: Renderer,
        server: RecordingMotoServer,
        home: Path,
        mutate: Mutation | None,
        limits: Limits,
        progress: ProgressCallback | None,
        checks: Cache | None = None,
        date: str = "",
    ):
        self.model = model
        self.renderer = renderer
        self.server = server
        self.home = home
        self.mutate = mutate
        self.limits = limits
        self.progress = progress
        self.checks = checks  # how type-check answers are taken from and kept in their cache
        self.date = date or dt.date.today().isoformat()  # of this run: kept with each new answer
        self.env = isolated_env(server.url, model.region, home)
        self.fixture_key = "POLYSNIPSETUP" + secrets.token_hex(8).upper()
        self.aws = _fixture_client(model, server.url, self.fixture_key)
        self.counter = 0
        self._values: dict[str, str] | FixtureFailed | None = None
        self._world_lock = threading.Lock()
        # Requests moto had received when the world that _fixture_values made was complete:
        # while no other request has come, that world is still fresh and the first program
        # that asks for a world is given it instead of a new one. None once it is used.
        self._untouched: int | None = None
        self._executed_models: dict[tuple[tuple[str, str], ...], Model] = {}
        self._pending: dict[str, _Prepared] = {}  # access key -> program of the running batch
        self._current: _Prepared | None = None  # whose world moto holds
        self.sent: dict[tuple[str, str], list[Any]] = {}
        self.batches: list[Batch] = []
        # The runners' answers when the cache asked them (its keys hold these versions).
        self.tools: dict[str, verify_cache.Toolchain] = {}

    def _done(self, language: Language, outcomes: list[Outcome]) -> list[Outcome]:
        if self.progress and outcomes:
            self.progress(language.label, len(outcomes))
        return outcomes

    def verify_language(
        self, language: Language, todo: list[Snippet], versions: dict[str, dict[str, str]]
    ) -> list[Outcome]:
        runner = RUNNERS.get(language.key)
        if runner is None:
            reason = "no runner: this language's SDK cannot be installed here"
            return self._done(language, [_not_run(s, reason, "parsed") for s in todo])
        asked = self.tools.get(language.key)
        try:
            availability = asked.availability if asked else runner.availability()
        except Exception as exc:  # a broken toolchain is "not executed", with the reason
            availability = Availability(False, f"checking the toolchain failed: {type(exc).__name__}: {exc}")
        if not availability.ok:
            return self._done(language, [_not_run(s, availability.reason, "unavailable") for s in todo])
        try:
            sdk = asked.sdk if asked else runner.sdk_availability(self.model.service)
        except Exception as exc:  # as for the toolchain: the reason, not a traceback
            sdk = Availability(False, f"checking the {self.model.service} SDK failed: {type(exc).__name__}: {exc}")
        if not sdk.ok:
            missing = [_not_run(s, sdk.reason, "unavailable", declared=not sdk.installable) for s in todo]
            return self._done(language, missing)
        versions[language.key] = {**availability.versions, **sdk.versions}
        if self.mutate is not None:
            mutate = self.mutate
            todo = [replace(s, program=mutate(s.language, s.unit.id, s.program)) for s in todo]
        declared = {op.id: op.not_executable for op in self.model.operations if op.not_executable}
        outcomes: dict[str, Outcome] = {}
        for snippet in todo:
            if snippet.unit.id in declared:
                detail = f"rendered and parsed, not executed: {declared[snippet.unit.id]}"
                outcomes[snippet.unit.id] = Outcome(language.key, snippet.unit.id, snippet.unit.kind, NOT_EXECUTED,
                                                    "parsed", detail=detail, declared=True)  # fmt: skip
        prepared: list[_Prepared] = []
        for snippet in todo:
            if snippet.unit.id in outcomes:
                continue
            try:
                prepared.append(self._prepare(snippet, language, runner))
            except CheckFailed as exc:
                outcomes[snippet.unit.id] = Outcome(language.key, snippet.unit.id, snippet.unit.kind, FAILED,
                                                    runner.level, detail=str(exc))  # fmt: skip
        prepared, checked = self._typecheck(language, runner, prepared, outcomes, versions, availability, sdk)
        outcomes.update(self._run(language, runner, prepared))
        for item in prepared:
            outcomes[item.snippet.unit.id].checked = checked.get(item.snippet.unit.id, "")
        for number, variant in enumerate(runner.variants()[1:]):
            known = asked.variants[number] if asked and number < len(asked.variants) else None
            self._run_variant(language, runner, variant, prepared, outcomes, versions, known)
        return self._done(language, [outcomes[s.unit.id] for s in todo])

    def _typecheck(
        self,
        language: Language,
        runner: Runner,
        prepared: list[_Prepared],
        outcomes: dict[str, Outcome],
        versions: dict[str, dict[str, str]],
        availability: Availability,
        sdk: Availability,
    ) -> tuple[list[_Prepared], dict[str, str]]:
        """Compile or type-check the published programs against the SDK (for runners whose
        run() does not compile them anyway); a program that does not is failed, not run.
        A program whose answer the type-check cache keeps is not checked again; only the
        others go to the checker, and their answers are kept. Returns the programs to run
        and, per unit id, what checked it (absent when nothing did)."""
        checker = runner.checker() if prepared else None
        if checker is None:
            return prepared, {}
        if runner.compiles_when_run:
            return prepared, {item.snippet.unit.id: checker.description for item in prepared}
        published = {item.snippet.unit.id: replace(item.program, text=item.snippet.program) for item in prepared}
        keys: dict[str, str] = {}
        answers: dict[str, list[CompileError]] = {}
        dates: dict[str, str] = {}  # unit id -> date of the run whose kept answer is used
        if self.checks is not None:
            inputs = typecheck_cache.checker_inputs(runner)
            for unit_id, program in published.items():
                keys[unit_id] = typecheck_cache.key(language.key, runner, checker, availability.versions,
                                                    sdk.versions, inputs, program, self.limits)  # fmt: skip
                kept = typecheck_cache.load(keys[unit_id], program.name) if self.checks.read else None
                if kept is not None:
                    answers[unit_id], dates[unit_id] = list(kept.errors), kept.date
        todo = [program for unit_id, program in published.items() if unit_id not in dates]
        if todo:
            folder = self.home / f"typecheck-{language.key}"
            folder.mkdir(parents=True, exist_ok=True)
            keep = self.checks is not None and self.checks.write
            try:
                found = runner.typecheck(todo, folder, self.limits)
            except Exception as exc:  # the checker broke, not the programs: say so and run them
                versions.setdefault(language.key, {})["checked with"] = f"not type-checked: {type(exc).__name__}: {exc}"
            else:
                for program in todo:
                    answers[program.name] = found.get(program.name, [])
                    if keep and program.name in found:
                        typecheck_cache.store(keys[program.name], self.date, found[program.name])
        kept_items, checked = [], {}
        for item in prepared:
            unit = item.snippet.unit
            if unit.id not in answers:
                kept_items.append(item)
                continue
            errors, not_here = sort_errors(answers[unit.id])
            if not_here:  # this machine's SDK, not the program
                outcomes[unit.id] = Outcome(language.key, unit.id, unit.kind, NOT_EXECUTED, "unavailable",
                                            detail=f"not compiled here: {not_here}", declared=True,
                                            cached=dates.get(unit.id, ""))  # fmt: skip
                continue
            if not errors:
                kept_items.append(item)
                checked[unit.id] = checker.description
                continue
            detail = f"does not compile ({checker.description}): " + "; ".join(str(e) for e in errors[:3])
            outcomes[unit.id] = Outcome(language.key, unit.id, unit.kind, FAILED, runner.level, detail=detail,
                                        line=errors[0].line, cached=dates.get(unit.id, ""))  # fmt: skip
        return kept_items, checked

    def _run_variant(
        self,
        language: Language,
        runner: Runner,
        variant: Runner,
        prepared: list[_Prepared],
        outcomes: dict[str, Outcome],
        versions: dict[str, dict[str, str]],
        known: Availability | None = None,
    ) -> None:
        """Run the same programs with another runner of the language (AWS CLI v2 after v1):
        a program passes only if it passes with both and sends the same requests. known:
        the variant's availability already asked."""
        label = str(getattr(variant, "label", type(variant).__name__))
        first = str(getattr(runner, "label", language.label))
        try:
            available = known or variant.availability()
        except Exception as exc:  # as for the first runner: a reason, not a traceback
            available = Availability(False, f"checking the toolchain failed: {type(exc).__name__}: {exc}")
        if not available.ok:
            for item in prepared:
                outcome = outcomes[item.snippet.unit.id]
                note = f"{label} not executed: {available.reason}"
                outcome.detail = f"{outcome.detail}; {note}" if outcome.detail else note
            return
        versions.setdefault(language.key, {}).update(available.versions)
        again = []
        for item in prepared:
            self.counter += 1
            key = program_access_key(self.counter)
            again.append(_Prepared(item.snippet, item.model, item.values, replace(item.program, access_key=key)))
        sent: dict[tuple[str, str], list[Any]] = {}
        results = self._run(language, variant, again, sent, suffix="-" + snake(label).replace("_", "-"))
        for item in again:
            unit_id = item.snippet.unit.id
            outcome, other = outcomes[unit_id], results[unit_id]
            if other.status is FAILED:
                _fail(outcome, f"with {label}: {other.detail}")
                outcome.line = outcome.line or other.line
                continue
            mine, theirs = sent.get((language.key, unit_id)), self.sent.get((language.key, unit_id))
            if mine is not None and theirs is not None and mine != theirs:
                difference = _first_difference(mine, theirs, first)
                _fail(outcome, f"{label} sends different requests than {first}: {difference}")

    def _prepare(self, snippet: Snippet, language: Language, runner: Runner) -> _Prepared:
        self.counter += 1
        values = self._fixture_values()
        executed_model = self._executed_model(values)
        try:
            text = _executed_text(self.model, executed_model, snippet, language, self.renderer, values, self.mutate)
            text = runner.prepare(text, snippet.regions, self.server.url)
        except CheckFailed:
            raise
        except Exception as exc:  # one program's rendering must not end the verification of the others
            raise CheckFailed(f"could not prepare the program to run: {type(exc).__name__}: {exc}") from None
        key = program_access_key(self.counter)
        program = ProgramRun(snippet.unit.id, snippet.program_path.rsplit("/", 1)[-1], text, key, self.model.service)
        return _Prepared(snippet, executed_model, values, program)

    def fixture_values_or_none(self) -> dict[str, str] | None:
        """The fixture values of this run, or None when a fixture cannot be made."""
        try:
            return dict(self._fixture_values())
        except FixtureFailed:
            return None

    def _fixture_values(self) -> dict[str, str]:
        """The fixture values every program sees: created once in a fresh, seeded world."""
        if self._values is None:
            try:
                self._values = self._new_world()
                answered = len(self.server.all_exchanges())  # first: a request still being served
                arrived = self.server.arrivals()  # ...makes the two differ, and the world is not kept
                self._untouched = arrived if arrived == answered else None
            except FixtureFailed as exc:
                self._values = exc
        if isinstance(self._values, FixtureFailed):
            raise self._values
        return self._values

    def _new_world(self) -> dict[str, str]:
        self.server.fresh_world()
        return create_fixtures(self.model, self.aws)

    def _enter_world(self, item: _Prepared, asking: int = 0) -> None:
        """Give a program its own world: check the previous program's follow-ups in its
        world, then reset and seed moto and create the fixtures again. asking: the requests
        that wait for this world (the program's first one, when the recorder asks). The world
        _fixture_values made is given as it is when nothing else reached moto since: it is
        the same fresh, seeded world with the same fixtures."""
        if self._current is not None:
            self._follow_up(self._current)
        self._current, item.world = item, True
        untouched, self._untouched = self._untouched, None
        if untouched is not None and self.server.arrivals() == untouched + asking:
            return
        try:
            values = self._new_world()
        except FixtureFailed as exc:
            item.failure = exc
            return
        for name, value in values.items():
            if item.values.get(name) != value:
                fixture = self.model.placeholder(name).fixture or name
                wanted = item.values.get(name)
                message = f"{name} came out as {value!r} in this program's world, not {wanted!r}"
                item.failure = FixtureFailed(fixture, message + ": moto's ids are not deterministic")
                return

    def _follow_up(self, item: _Prepared) -> None:
        """Run the operation's follow-up checks against the program's world (once)."""
        if item.checked:
            return
        item.checked = True
        if item.failure is not None or item.snippet.unit.kind != "operation":
            return
        operation = next(op for op in item.model.operations if op.id == item.snippet.unit.id)
        try:
            for follow in operation.then:
                try:
                    response = getattr(self.aws, snake(follow.operation))(**_wire_params(follow, {}))
                except (BotoCoreError, ClientError) as exc:
                    raise CheckFailed(f"follow-up {follow.operation} failed: {exc}") from None
                for expectation in follow.expect:
                    check_expectation(expectation, response, f"follow-up {follow.operation}")
        except CheckFailed as exc:
            item.failure = exc

    def _before_request(self, access_key: str) -> None:
        """The recorder's hook: a program's first request gets it a fresh world."""
        item = self._pending.get(access_key)
        if item is None:
            return
        with self._world_lock:
            if item.world:
                return
            try:
                self._enter_world(item, asking=1)
            except Exception as exc:  # never let the hook fail the server's request handling
                item.failure = CheckFailed(f"could not give the program a fresh world: {type(exc).__name__}: {exc}")

    def _executed_model(self, values: dict[str, str]) -> Model:
        """The spec again with real fixture values, from the document already in memory
        (made once per set of values: a Model is never changed)."""
        known = tuple(sorted(values.items()))
        if known not in self._executed_models:
            self._executed_models[known] = self._load_executed(values)
        return self._executed_models[known]

    def _load_executed(self, values: dict[str, str]) -> Model:
        document = self.model.document
        try:
            if document is None:
                return load_spec(self.model.source, overrides=values)[0]
            model, problems = check(document, values)
        except BadInput as exc:
            model, problems = None, exc.problems
        if model is None:
            first = problems[0].message if problems else "unknown problem"
            raise CheckFailed(f"the spec does not hold with the fixture values: {first}")
        return model

    def _has_follow_ups(self, item: _Prepared) -> bool:
        return any(op.then for op in item.model.operations if op.id == item.snippet.unit.id)

    def _run(
        self,
        language: Language,
        runner: Runner,
        prepared: list[_Prepared],
        sent: dict[tuple[str, str], list[Any]] | None = None,
        suffix: str = "",
    ) -> dict[str, Outcome]:
        if not prepared:
            return {}
        sent = self.sent if sent is None else sent
        workdir = self.home / (language.key + suffix)
        workdir.mkdir()
        programs = [p.program for p in prepared]
        label = str(getattr(runner, "label", language.label))
        batch = Batch(label, start=len(self.server.all_exchanges()), began=time.monotonic())
        batch.keys = {p.access_key: p.name for p in programs}
        self.batches.append(batch)
        self._pending = {p.program.access_key: p for p in prepared}
        self.server.on_request(self._before_request)
        try:
            results = runner.run(programs, workdir, self.env, self.limits)
        except Exception as exc:  # a runner's own failure fails its programs, not the verification
            failure = RunResult(1, stderr=f"the {language.label} runner failed: {type(exc).__name__}: {exc}")
            results = {p.name: failure for p in programs}
        finally:
            self.server.on_request(None)
            self._pending = {}
        during = self.server.all_exchanges()
        batch.finish(len(during), results)
        with self._world_lock:
            for item in prepared:  # a program that sent nothing is checked in a world of its own
                if not item.world and item.snippet.unit.kind == "operation" and self._has_follow_ups(item):
                    self._enter_world(item)
                if item is self._current or not item.world:
                    self._follow_up(item)
            self._current = None
        outcomes: dict[str, Outcome] = {}
        for item in prepared:
            unit_id = item.snippet.unit.id
            result = results.get(unit_id, RunResult(1, stderr="the runner returned no result"))
            unsigned = unsigned_by_design(self.model.service)
            mine = [e for e in during[batch.start : batch.end]
                    if batch.owner(e) == unit_id or _unsigned_owner(batch, e, unsigned) == unit_id]  # fmt: skip
            exchanges = [decode(self.model.service, e) for e in mine]
            outcome = _judge(language, runner.level, item.snippet, item.model, result, exchanges, item.failure)
            outcome.output = _published_output(result.stdout, self.model, item.values)
            if runner.level == "executed":
                unit = next(u for u in units(item.model) if u.id == unit_id)
                sent[(language.key, unit_id)] = normalise_requests(exchanges, item.values, auto_filled(unit))
            outcomes[unit_id] = outcome
            batch.outcomes[unit_id] = outcome
        return outcomes


def check_attribution(
    batches: list[Batch],
    exchanges: list[Exchange],
    fixture_key: str,
    unsigned_by_design: Callable[[Exchange], bool] | None = None,
) -> None:
    """Fail programs over requests that neither they nor the fixture client sent.

    Batch i owns the exchanges from its start to the next batch's start. While it runs
    (start..end) each request must be signed by the program running at the time (or, when
    the runner cannot say when each ran, by one of the batch's programs); after it returned,
    only the fixture client signs (follow-up checks, the next language's fixtures). A
    stray request fails the program running when it came, else every program of the batch;
    a program's own request after it finished (something it left running) fails it."""
    for number, batch in enumerate(batches):
        stop = batches[number + 1].start if number + 1 < len(batches) else len(exchanges)
        mine: dict[str, list[str]] = {}  # unit id -> requests blamed on it alone
        shared: list[str] = []  # requests blamed on the whole batch
        for index in range(batch.start, stop):
            exchange = exchanges[index]
            if index < batch.end:
                if batch.owner(exchange) is not None or exchange.access_key == fixture_key:
                    continue
                if unsigned_by_design is not None and _unsigned_owner(batch, exchange, unsigned_by_design) is not None:
                    continue
                running = batch.running_at(exchange.at)
                for unit_id in running:
                    mine.setdefault(unit_id, []).append(exchange.describe())
                if not running:
                    shared.append(exchange.describe())
                continue
            if exchange.access_key == fixture_key:
                continue
            unit = batch.keys.get(exchange.access_key)
            if unit is not None:
                mine.setdefault(unit, []).append(f"{exchange.describe()}, sent after the program had finished")
            else:
                shared.append(exchange.describe())
        for unit_id, outcome in batch.outcomes.items():
            if unit_id in mine:
                _fail(outcome, _stray(mine[unit_id], "this program"))
            if shared:
                whose = "this program" if len(batch.outcomes) == 1 else f"any program of the {batch.label} batch"
                _fail(outcome, _stray(shared, whose))


def _unsigned_owner(batch: Batch, exchange: Exchange, unsigned_by_design: Callable[[Exchange], bool]) -> str | None:
    """The program that sent an unsigned request whose operation the model says is never
    signed (STS AssumeRoleWithWebIdentity): the one program running when it came."""
    if exchange.access_key or not unsigned_by_design(exchange):
        return None
    running = batch.running_at(exchange.at)
    return running[0] if len(running) == 1 else None


def unsigned_by_design(service: str) -> Callable[[Exchange], bool]:
    """Whether an exchange calls an operation of the service that SDKs send unsigned."""

    def check(exchange: Exchange) -> bool:
        decoded = decode(service, exchange)
        model = botocore.session.get_session().get_service_model(service)
        if decoded.operation not in model.operation_names:
            return False
        op = model.operation_model(decoded.operation)
        return op.auth_type == "none" or "smithy.api#noAuth" in (getattr(op, "auth", None) or [])

    return check


def _stray(requests: list[str], whose: str) -> str:
    shown = "; ".join(requests[:3]) + (f"; and {len(requests) - 3} more" if len(requests) > 3 else "")
    return f"moto received {len(requests)} request(s) that cannot be attributed to {whose}: {shown}"


def _fail(outcome: Outcome, message: str) -> None:
    outcome.status = FAILED
    outcome.detail = f"{outcome.detail}; {message}" if outcome.detail else message


def normalise_requests(
    exchanges: list[Exchange], values: dict[str, str], auto: list[set[str]] | None = None
) -> list[Any]:
    """Requests as comparable data: operation, parsed body, JSON documents parsed, fixture
    values replaced by their placeholder names, the members each SDK filled in on its own
    (auto, per request: idempotency tokens, transport members) left out, and explicit
    false booleans left out (as the Go SDK leaves them out)."""
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
            return {k: clean(v) for k, v in sorted(value.items()) if v is not False}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    requests = []
    for index, exchange in enumerate(exchanges):
        body = clean(exchange.request)
        filled = auto[index] if auto is not None and index < len(auto) else set()
        if isinstance(body, dict):
            body = {k: v for k, v in body.items() if k not in filled}
        requests.append([exchange.operation, body])
    return requests


def check_equivalence(report: Report, sent: dict[tuple[str, str], list[Any]]) -> None:
    """Every executed language must send exactly the requests the reference language's program sent."""
    reference_language_ = reference_language()
    for outcome in report.outcomes:
        key = (outcome.language, outcome.id)
        reference = sent.get((reference_language_.key, outcome.id))
        if key not in sent or reference is None:
            continue
        outcome.equivalent = sent[key] == reference
        if outcome.equivalent:
            continue
        label = reference_language_.label
        difference = _first_difference(sent[key], reference, label)
        _fail(outcome, f"sends different requests than the {label} program: {difference}")


def _first_difference(mine: list[Any], reference: list[Any], label: str) -> str:
    for index, (a, b) in enumerate(zip(mine, reference, strict=False)):
        if a[0] != b[0]:
            return f"request {index + 1} is {a[0]}, {label}'s is {b[0]}"
        if a[1] != b[1]:
            keys = sorted(k for k in set(a[1]) | set(b[1]) if a[1].get(k) != b[1].get(k))
            shown = ", ".join(f"{k}={a[1].get(k)!r} ({label}: {b[1].get(k)!r})" for k in keys[:3])
            return f"{a[0]} differs in {shown}"
    return f"{len(mine)} request(s), {label} sent {len(reference)}"


def program_access_key(counter: int) -> str:
    """A program's own fake access key: 20 characters, like AWS's, unique within the run and
    not guessable by another program. It ends in a fixed suffix because tools print the last
    four characters of the key (`aws configure list`): the recorded output, and the pages
    showing it, stay the same from run to run."""
    return f"POLYSNIP{counter:04d}{secrets.token_hex(2).upper()}DOCS"


_fixture_session: Any = None  # one boto3 session for every fixture client of the process
_fixture_session_lock = threading.Lock()


def _fixture_client(model: Model, endpoint: str, access_key: str) -> Any:
    """The client verification creates fixtures and runs follow-up checks with. Like the
    programs, it sees none of the caller's AWS settings (variables, profiles, config files)
    and uses no proxy, whatever HTTP_PROXY and friends say.

    Its session is made once per process: it reads no configuration (no environment; its
    config and credentials files are os.devnull, which botocore finds is no file), so every client it makes is the same
    as one from a new session, and the service models it has read are not read again (a
    new session costs 0.1-0.3 s before the first fixture; a client from this one, ms)."""
    global _fixture_session
    with _fixture_session_lock:
        if _fixture_session is None:
            no_environment = {
                name: (config_name, None, default, convert)
                for name, (config_name, _env, default, convert) in BOTOCORE_DEFAUT_SESSION_VARIABLES.items()
            }
            core = botocore.session.Session(session_vars=no_environment)
            core.set_config_variable("config_file", os.devnull)  # not a file: botocore reads no config
            core.set_config_variable("credentials_file", os.devnull)
            _fixture_session = boto3.session.Session(botocore_session=core)
        return _fixture_session.client(
            model.service,
            region_name=model.region,
            endpoint_url=endpoint,
            aws_access_key_id=access_key,
            aws_secret_access_key=FAKE_SECRET,
            config=Config(retries={"max_attempts": 1}, proxies={}, connect_timeout=10, read_timeout=60),
        )


def create_fixtures(model: Model, aws: Any) -> dict[str, str]:
    """Make every fixture of the spec, in spec order, and return the real values of the
    placeholders that name one (e.g. a new key's id). A failure is a FixtureFailed naming
    the fixture, never an exception of the SDK."""
    values: dict[str, str] = {}
    for fixture in model.fixtures:
        operation = fixture.call.operation
        params = _wire_params(fixture.call, {})
        for token in token_members(fixture.call) - set(params):  # the SDK's would be random: not so here
            params[token] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"polysnip-fixture:{fixture.name}:{token}"))
        try:
            response = getattr(aws, snake(operation))(**params)
        except Exception as exc:  # the SDK's errors, moto's 500s, a parameter botocore refuses
            raise FixtureFailed(fixture.name, f"{operation} failed in moto: {type(exc).__name__}: {exc}") from None
        for placeholder in model.placeholders:
            if placeholder.fixture != fixture.name or not fixture.output:
                continue
            value: Any = response
            for part in fixture.output.split("."):
                if not isinstance(value, dict) or part not in value:
                    raise FixtureFailed(fixture.name, f"{operation} returned no {fixture.output}")
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


def _not_run(snippet: Snippet, reason: str, level: str, *, declared: bool = False) -> Outcome:
    return Outcome(snippet.language, snippet.unit.id, snippet.unit.kind, NOT_EXECUTED, level, detail=reason,
                   declared=declared)  # fmt: skip


def _judge(
    language: Language,
    level: str,
    snippet: Snippet,
    model: Model,
    result: RunResult,
    exchanges: list[Exchange],
    failure: CheckFailed | None,
) -> Outcome:
    unit = next(u for u in units(model) if u.id == snippet.unit.id)
    outcome = Outcome(language.key, unit.id, unit.kind, PASSED, level, duration=result.duration,
                      requests=len(exchanges))  # fmt: skip
    try:
        if isinstance(failure, FixtureFailed):  # the program ran without its fixtures: that is the cause
            raise failure
        if result.exit_code != 0:
            message = _last_error(result.stderr) or f"exited with status {result.exit_code}"
            outcome.line = result.error_line
            if outcome.line is None:  # a program that handled the error itself: the call that failed or never came
                failing = next((i for i, e in enumerate(exchanges) if e.status >= 300), len(exchanges))
                outcome.line = _call_line(snippet.program, language, unit, failing)
            raise CheckFailed(f"program failed: {message}")
        if level != "executed":
            return outcome  # parsed or compiled only: no program ran, so no request can be checked
        check_exchanges(unit, exchanges)
        check_printed(unit, exchanges, result.stdout)
        if failure is not None:  # a follow-up check, run in the program's world when it was done
            raise failure
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


def wire_value(value: Value, variables: dict[str, Any], sdk: bool = False) -> Any:
    """The JSON a value should appear as on the wire (documents as parsed JSON); with sdk,
    the value boto3 takes instead (blobs as bytes)."""
    if isinstance(value, BlobValue):
        return value.data if sdk else value.base64
    if isinstance(value, StrValue):
        if value.shape.type_name == "blob":  # the JSON protocol sends bytes as base64
            data = value.text.encode("utf-8")
            return data if sdk else base64.b64encode(data).decode("ascii")
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
        return [wire_value(v, variables, sdk) for v in value.items]
    if isinstance(value, MapValue):
        return {k: wire_value(v, variables, sdk) for k, v in value.entries}
    if isinstance(value, StructValue):
        return {k: wire_value(v, variables, sdk) for k, v in value.members}
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
    """The call's parameters as boto3 takes them (for fixtures and follow-up checks)."""
    params = {}
    for param in call.params:
        value = wire_value(param.value, variables, sdk=True)
        params[param.name] = json.dumps(value.value) if isinstance(value, _Document) else value
    return params


def token_members(call: Call) -> set[str]:
    """Input members with the idempotencyToken trait: every SDK fills one in when the
    program does not give it, so the spec may leave it out."""
    shape = call.op_model.input_shape
    if shape is None:
        return set()
    return {name for name, member in shape.members.items() if member.metadata.get("idempotencyToken")}


def sdk_filled(call: Call) -> set[str]:
    """Input members the SDK fills in when the spec leaves them out: idempotency tokens
    and, for REST protocols, what it computes for the transport (Content-Length,
    Content-MD5, checksums, the checksum algorithm, a raw body's Content-Type)."""
    return token_members(call) | sdk_transport_members(call.op_model)


def auto_filled(unit: Unit) -> list[set[str]]:
    """Per call of the unit: the members its spec leaves for the SDK to fill in."""
    calls = [s for s in unit.steps if isinstance(s, Call)]
    return [{m for m in sdk_filled(c) if c.param(m) is None} for c in calls]


def check_exchanges(unit: Unit, exchanges: list[Exchange]) -> None:
    calls = [s for s in unit.steps if isinstance(s, Call)]
    if len(exchanges) != len(calls):
        sent = ", ".join(e.operation for e in exchanges) or "nothing"
        wanted = ", ".join(c.operation for c in calls) or "nothing"
        missing_call = len(exchanges) if len(exchanges) < len(calls) else None
        message = f"sent {len(exchanges)} request(s) ({sent}); the spec describes {len(calls)} ({wanted})"
        raise CheckFailed(message, missing_call)
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
    tokens = token_members(call) - set(expected)
    unfilled = sorted(t for t in tokens if not (isinstance(sent.get(t), str) and sent[t]))
    if unfilled:
        raise CheckFailed(f"{call.operation} did not send {', '.join(unfilled)}, which every SDK fills in", index)
    # Some SDKs cannot send an explicit false (Go leaves a false boolean out): the same request.
    defaults = {name for name, want in expected.items() if want is False and name not in sent}
    extra = sorted(set(sent) - set(expected) - tokens - sdk_transport_members(call.op_model))
    missing = sorted(set(expected) - set(sent) - defaults)
    if extra or missing:
        parts = [f"unexpected {', '.join(extra)}"] if extra else []
        parts += [f"missing {', '.join(missing)}"] if missing else []
        raise CheckFailed(f"{call.operation} request parameters differ from the spec: {'; '.join(parts)}", index)
    for name, want in expected.items():
        if name in defaults:
            continue
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
    if isinstance(actual, (bytes, bytearray)):  # boto3 hands blobs back as bytes; the spec keeps their base64
        actual = base64.b64encode(actual).decode("ascii")
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
    at = f"{where}: {expectation.field} {'.'.join(expectation.json_path)}"
    if expectation.kind == "json_at_equals" and target != want:
        raise CheckFailed(f"{at} is {target!r}; the spec expects {want!r}", index)
    if expectation.kind == "json_at_contains" and (not isinstance(target, list) or want not in target):
        raise CheckFailed(f"{at} does not contain the expected item", index)


def check_printed(unit: Unit, exchanges: list[Exchange], stdout: str) -> None:
    """The program prints the output members it claims to: each string value must appear."""
    calls = [s for s in unit.steps if isinstance(s, Call)]
    for index, (call, exchange) in enumerate(zip(calls, exchanges, strict=False)):
        response = exchange.response or {}
        output = call.op_model.output_shape
        for member in call.output_fields:
            if output is not None and member in output.members and output.members[member].type_name == "blob":
                continue  # bytes: each SDK prints them its own way; the expectation checks them
            value = response.get(member)
            if isinstance(value, str):
                texts = [value]
            else:
                texts = [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
            for text in texts:
                if text.strip() and text.strip() not in stdout:
                    raise CheckFailed(f"the program did not print {call.operation} {member} ({text[:40]!r}…)", index)
