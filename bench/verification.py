"""Part 3: verification of the KMS spec per language, against its floor.

verify: generator.verify.verify_model() called in this process for one language's
snippets (rendered beforehand, untimed): what `polysnip verify --lang X` does after its
up-to-date check, without writing the report and pages. It includes starting and stopping
its own RecordingMotoServer, creating a key with CreateKey for each of the 5 programs,
loading the spec again with those key ids and re-rendering each program to prove that
only the fixture values differ, the runner's batch (processes, compilers), and judging
the recorded requests.

floor: one process running bench/floor/<program> that makes the spec's six calls
directly against a RecordingMotoServer started by the bench, on a key created
beforehand with boto3 (untimed); Java and Go floors are compiled once beforehand (that
build time is shown separately, with the Java floor's first, untimed run: it writes the
class-data archive that its timed JVMs map, as the Java runner's JVMs map the archive of
a batch they ran before). For the AWS CLI, whose verification runs every program
with v1 and then v2, the floor is one such process per CLI, one after the other, each with
the executable, PATH and environment the runner's variant uses; its time is theirs
together. The recorded requests of every floor process are checked: exactly the six
calls, all successful.

Each is measured cold (its first run in this process, after the floor is built: the
runner's in-process answers and the OS page cache are new, what earlier runs left on disk
stays) and warm (the runs after it); runs alternate verify, floor, verify, floor… so that
load changes hit both alike. verify_model is called without the result cache: every
program runs.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .floors import CALLS, Floor, FloorUnavailable, prepare
from .measure import Sample, progress, run_measured

SPEC = "specs/kms-key-policies.yaml"


@dataclass
class LanguageResult:
    language: str
    label: str
    level: str
    verify: Sample = field(default_factory=Sample)
    floor: Sample = field(default_factory=Sample)
    verify_cold: Sample = field(default_factory=Sample)  # the first run in the process
    floor_cold: Sample = field(default_factory=Sample)
    floor_build: float | None = None
    note: str = ""  # why there is no floor, or what failed
    floor_passes: list[str] = field(default_factory=list)  # the runners the floor runs the calls with
    floor_checked: int = 0  # floor processes that sent exactly the six calls, all successful
    programs: int = 0
    failed_runs: int = 0

    @property
    def ratio(self) -> float:
        if not self.verify.runs or not self.floor.runs:
            return float("nan")
        return self.verify.median / self.floor.median

    @property
    def cold_ratio(self) -> float:
        if not self.verify_cold.runs or not self.floor_cold.runs:
            return float("nan")
        return self.verify_cold.median / self.floor_cold.median


@dataclass
class VerificationResult:
    languages: list[LanguageResult] = field(default_factory=list)
    moto: str = ""


def _setup_client(endpoint: str, region: str) -> Any:
    import boto3
    from botocore.config import Config

    from generator.runners.base import FAKE_SECRET

    return boto3.client(
        "kms",
        region_name=region,
        endpoint_url=endpoint,
        aws_access_key_id="POLYSNIPBENCHSETUP",
        aws_secret_access_key=FAKE_SECRET,
        config=Config(retries={"max_attempts": 1}),
    )


class _FloorRunner:
    """Runs floors against one recording moto server and checks what each one sent."""

    def __init__(self, server: Any, env: dict[str, str], region: str):
        self.server = server
        self.env = env
        self.aws = _setup_client(server.url, region)
        self.count = 0
        self.checked = 0  # floor processes whose requests were exactly the six calls

    def prime(self, floor: Floor) -> tuple[float | None, str]:
        """Run the floor's primer once (seconds, "") or say why it failed; (0.0, "") without one."""
        if floor.primer is None:
            return 0.0, ""
        return self.run(Floor(floor.language, [floor.primer], floor.cwd))

    def run(self, floor: Floor) -> tuple[float | None, str]:
        """(seconds of all the floor's passes, "") or (None, what went wrong). The passes
        share one key, as the runs of a program with each runner share its fixtures; each
        signs with its own access key, so that each is checked for exactly the six calls."""
        key_id = str(self.aws.create_key(Description="polysnip bench floor")["KeyMetadata"]["KeyId"])
        total = 0.0
        for one in floor.passes:
            self.count += 1
            access_key = f"POLYSNIPFLOOR{self.count:06d}"
            env = {**self.env, **one.env, "AWS_ACCESS_KEY_ID": access_key, "POLYSNIP_KEY_ID": key_id}
            measured = run_measured(one.command, cwd=floor.cwd, env=env, timeout=600)
            if measured.returncode != 0:
                return None, f"floor ({one.label}) failed: {measured.failure()}"
            exchanges = self.server.exchanges(access_key)
            sent = tuple(e.operation for e in exchanges)
            if sent != CALLS or any(e.status >= 300 for e in exchanges):
                return None, (f"floor ({one.label}) sent {', '.join(sent) or 'nothing'} "
                              f"(statuses {[e.status for e in exchanges]})")  # fmt: skip
            total += measured.seconds
        self.checked += len(floor.passes)
        return total, ""


def measure_verification(language_keys: list[str], runs: int) -> VerificationResult:
    from generator.languages import LANGUAGES
    from generator.moto_server import RecordingMotoServer
    from generator.render import Renderer
    from generator.runners import RUNNERS
    from generator.runners.base import isolated_env
    from generator.spec import load_spec
    from generator.verify import verify_model

    model, _ = load_spec(SPEC)
    renderer = Renderer()
    result = VerificationResult()
    with tempfile.TemporaryDirectory(prefix="polysnip-bench-verify-") as temp, RecordingMotoServer() as server:
        scratch = Path(temp)
        home = scratch / "home"
        home.mkdir()
        floors = _FloorRunner(server, isolated_env(server.url, model.region, home), model.region)
        result.moto = server.version
        for key in language_keys:
            language = LANGUAGES[key]
            runner = RUNNERS.get(key)
            row = LanguageResult(key, language.label, runner.level if runner else "parsed")
            result.languages.append(row)
            if runner is None:
                row.note = "no runner"
                continue
            available = runner.availability()
            if not available.ok:
                row.note = f"unavailable: {available.reason}"
                continue
            snippets = renderer.render_model(model, [language])
            row.programs = len(snippets)
            floor: Floor | None = None
            prepared: Floor | None = None
            try:
                progress(f"verification: {language.label}: preparing the floor")
                floor = prepared = prepare(key, scratch / "floors")
                primed, problem = floors.prime(floor)
                if primed is None:
                    floor = None
                    raise FloorUnavailable(problem)
                row.floor_build = (floor.build_seconds or 0.0) + primed if floor.build_seconds or primed else None
                if len(floor.passes) > 1:
                    row.floor_passes = [one.label for one in floor.passes]
            except FloorUnavailable as exc:
                row.note = f"no floor: {exc}"
            try:
                for run in range(runs + 1):  # run 0 is the cold one: the first in this process
                    label = "cold run" if run == 0 else f"warm run {run}/{runs}"
                    progress(f"verification: {language.label}: {label}")
                    started = time.perf_counter()
                    report = verify_model(model, snippets, [language], renderer)
                    elapsed = time.perf_counter() - started
                    if not report.passed:
                        row.failed_runs += 1
                        failed = [o for o in report.outcomes if o.status != "passed"]
                        row.note = (f"verification failed: {failed[0].id}: {failed[0].detail[:120]}" if failed
                                    else "failed")  # fmt: skip
                    else:
                        (row.verify if run > 0 else row.verify_cold).add(elapsed)
                    if floor is not None:
                        before = floors.checked
                        seconds, problem = floors.run(floor)
                        row.floor_checked += floors.checked - before
                        if seconds is None:
                            row.note = problem
                            floor = None
                        else:
                            (row.floor if run > 0 else row.floor_cold).add(seconds)
            finally:
                if prepared is not None:
                    prepared.cleanup()
        shutil.rmtree(scratch / "floors", ignore_errors=True)
    return result
