"""Every language's literals, proven on generated values by the language itself.

Hypothesis draws values (tests/property/values.py: strings with quotes of every kind,
backslashes, line breaks, interpolation and template syntax, Latin-1 and astral
characters, the empty string; nested JSON documents; lists, maps, integers and longs at
their limits, floats, doubles and booleans with real botocore shapes). Each language
renders every value with its own rules, and its real interpreter or compiler evaluates
the rendering and prints the value back (tests/property/harness.py: python, bash plus
awscli's argument unpacking, ruby, node, javac + java, go, mcs + mono). The value read
back must equal the value sent, exactly; a language may refuse a value (UnsupportedValue)
only where it truly has no way to write it, never render it wrong.

All values of a language are evaluated in one batch: one process (or one compilation)
per language, and the languages run side by side. Each language evaluates at least N
values, N set by the hypothesis profile (tests/property/conftest.py: 2,000 in CI, more
with HYPOTHESIS_PROFILE=thorough or POLYSNIP_PROPERTY_VALUES); N plus a tenth are drawn
(one case per hypothesis example, in parallel worker processes) and shared by all
languages. A failure names the seed that replays it (POLYSNIP_PROPERTY_SEED); CI uses
seed 0. Hypothesis does not shrink here: a batch reports every failing value at once,
and each one found is kept in tests/property/regressions.py.

The explicit cases of tests/property/regressions.py ride in the same batches and each
has its own test (test_regression).
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import settings

from tests.interpreters import need

from .harness import HARNESSES, Outcome, failure_report, failures
from .regressions import REGRESSIONS
from .values import Case, draw_in_parallel

VALUES = settings().max_examples
SEED = int(os.environ.get("POLYSNIP_PROPERTY_SEED") or (0 if settings().derandomize else random.randrange(2**32)))
REPRODUCE = f"reproduce with POLYSNIP_PROPERTY_SEED={SEED} POLYSNIP_PROPERTY_VALUES={VALUES}"


# A tenth more than VALUES is drawn, so that every language evaluates at least VALUES even
# after refusing what it cannot write (JavaScript refuses about 5%: integers beyond 2**53 - 1).
DRAWN = VALUES + VALUES // 10


@pytest.fixture(scope="module")
def generated() -> list[Case]:
    drawn = draw_in_parallel(DRAWN, SEED, workers=min(4, os.cpu_count() or 1))
    assert len(drawn) == DRAWN, f"hypothesis drew only {len(drawn)} distinct values"
    return drawn


def _selected_languages(request: pytest.FixtureRequest) -> list[str]:
    return sorted(
        {
            item.callspec.params["language"]
            for item in request.session.items
            if hasattr(item, "callspec") and getattr(item, "module", None) is request.module and "language" in item.callspec.params
        }
    )


@pytest.fixture(scope="module")
def batches(request: pytest.FixtureRequest, generated: list[Case], tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Future[list[Outcome]]]]:
    """language -> its outcomes for the regression cases followed by the generated ones,
    evaluated in parallel (each language is its own processes)."""
    batch = [r.case for r in REGRESSIONS] + generated

    def evaluate(language: str) -> list[Outcome]:
        harness = HARNESSES[language]
        tools = need(*harness.tools)
        return harness.evaluate(batch, tmp_path_factory.mktemp(f"roundtrip-{language}"), tools)

    with ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 2))) as pool:
        yield {language: pool.submit(evaluate, language) for language in _selected_languages(request)}


def _outcomes(batches: dict[str, Future[list[Outcome]]], language: str) -> list[Outcome]:
    return batches[language].result()  # re-raises need()'s skip in the test that asks


@pytest.mark.parametrize("language", list(HARNESSES))
def test_generated_values_round_trip(language: str, batches: dict[str, Future[list[Outcome]]], generated: list[Case]) -> None:
    harness = HARNESSES[language]
    outcomes = _outcomes(batches, language)[len(REGRESSIONS) :]
    assert [o.case for o in outcomes] == generated
    bad = failures(harness, outcomes)
    assert not bad, failure_report(harness, outcomes) + f"\n{REPRODUCE}"
    evaluated = sum(1 for o in outcomes if o.rendered is not None)
    kinds = {kind: sum(1 for o in outcomes if o.case.kind == kind) for kind in ("string", "document", "value")}
    assert min(kinds.values()) > VALUES // 10, f"too few of some kind: {kinds}"
    assert evaluated >= VALUES, f"{harness.language.label} evaluated only {evaluated} values; it refused {len(outcomes) - evaluated}"


@pytest.mark.parametrize("language", list(HARNESSES))
@pytest.mark.parametrize("index", range(len(REGRESSIONS)), ids=[r.id for r in REGRESSIONS])
def test_regression(language: str, index: int, batches: dict[str, Future[list[Outcome]]]) -> None:
    harness = HARNESSES[language]
    outcome = _outcomes(batches, language)[index]
    assert outcome.case == REGRESSIONS[index].case
    problem = outcome.problem(harness)
    assert problem is None, f"{REGRESSIONS[index].found}\n{outcome.report(harness)}"


def test_batches_fail_on_a_wrong_literal(tmp_path: Path) -> None:
    """The harness itself: a literal rule that drops a character is caught, not waved through."""
    harness = HARNESSES["python"]
    broken = type("Broken", (type(harness),), {"render": lambda self, case: type(harness).render(self, Case(case.kind, case.value[:-1]))})()
    outcomes = broken.evaluate([Case("string", "abc")], tmp_path, {})
    assert failures(broken, outcomes), "a literal that loses a character must fail the round trip"


def test_cli_knows_the_prefixes_awscli_loads() -> None:
    from awscli import argprocess  # noqa: F401  (awscli.paramfile cannot be imported first)
    from awscli.paramfile import LOCAL_PREFIX_MAP, REMOTE_PREFIX_MAP

    from generator.languages import cli

    from .harness import PARAMFILE_PREFIXES

    assert set(cli._PARAMFILE_PREFIXES) == set(PARAMFILE_PREFIXES) == set(LOCAL_PREFIX_MAP) | set(REMOTE_PREFIX_MAP)


def test_cli_sends_urls_to_parameters_awscli_does_not_load() -> None:
    """A URL is refused only where awscli would fetch it: CloudFormation's TemplateURL is exempt."""
    from types import SimpleNamespace

    from generator.languages import LANGUAGES
    from generator.languages.base import UnsupportedValue
    from generator.model import Call, Param, StrValue

    from .values import SHAPES

    url = "https://s3.amazonaws.com/bucket/template.yaml"
    language = LANGUAGES["cli"]
    call = Call("CreateStack", (Param("TemplateURL", StrValue(url, SHAPES["String"]), SHAPES["String"]),), op_model=None)  # type: ignore[arg-type]
    context = language.call_context(SimpleNamespace(service="cloudformation"), call, {})  # type: ignore[arg-type]
    assert [(a.name, a.value) for a in context.args] == [("--template-url", url)]
    call = Call("CreateStack", (Param("StackName", StrValue(url, SHAPES["String"]), SHAPES["String"]),), op_model=None)  # type: ignore[arg-type]
    with pytest.raises(UnsupportedValue, match="file or URL"):
        language.call_context(SimpleNamespace(service="cloudformation"), call, {})  # type: ignore[arg-type]
