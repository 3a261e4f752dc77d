"""Where the time goes: `python -m bench.hotspots [--runs N]` (not part of bench/run).

1. verify_model() per language, split into its phases by timing the functions it calls
   (wrapped in this process only): moto server start and stop, CreateKey fixtures, the
   spec reloaded with fixture values, the executed-text re-render, runner availability,
   the runner's batch (and, inside it, the programs' own durations), judging.
2. Rendering one snippet, split into render (context + template), format and parse-check,
   per language, on 200 corpus examples (needs generator.importer) or else the KMS spec.

Prints Markdown tables; figures are medians of --runs runs (default 3).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .measure import ROOT, progress

SPEC = "specs/kms-key-policies.yaml"


def _timed(original: Callable[..., Any], label: str, totals: dict[str, float]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            totals[label] += time.perf_counter() - started

    return wrapper


@contextmanager
def timing(targets: list[tuple[Any, str, str]], totals: dict[str, float]) -> Iterator[None]:
    """Wrap each (owner, attribute) so that its time adds to totals[label]; restore after."""
    saved: list[tuple[Any, str, Any, bool]] = []
    for owner, name, label in targets:
        own = name in vars(owner)  # a module's or class's own attribute, not an instance's method
        saved.append((owner, name, vars(owner).get(name), own))
        setattr(owner, name, _timed(getattr(owner, name), label, totals))
    try:
        yield
    finally:
        for owner, name, original, own in reversed(saved):
            if own:
                setattr(owner, name, original)
            else:
                delattr(owner, name)


def verify_phases(runs: int) -> list[str]:
    import generator.verify as verify
    from generator.languages import LANGUAGES
    from generator.moto_server import RecordingMotoServer
    from generator.render import Renderer
    from generator.runners import RUNNERS
    from generator.spec import load_spec

    model, _ = load_spec(SPEC)
    renderer = Renderer()
    phases = ["moto start", "moto stop", "CreateKey fixtures", "spec reloaded with fixtures", "executed-text re-render",
              "availability", "runner batch", "programs' own time", "judging"]  # fmt: skip
    lines = [
        "### verify_model() phases (seconds, median)",
        "",
        "| language | total | " + " | ".join(phases) + " | rest |",
        "|---" * (len(phases) + 3) + "|",
    ]
    for key, runner in RUNNERS.items():
        language = LANGUAGES[key]
        if not runner.availability().ok:
            continue
        snippets = renderer.render_model(model, [language])
        per_run: list[dict[str, float]] = []
        for run in range(runs + 1):
            progress(f"hotspots: verify {language.label} {'warm-up' if run == 0 else f'run {run}/{runs}'}")
            totals: dict[str, float] = defaultdict(float)
            targets = [
                (RecordingMotoServer, "__enter__", "moto start"),
                (RecordingMotoServer, "__exit__", "moto stop"),
                (verify, "create_fixtures", "CreateKey fixtures"),
                (verify, "load_spec", "spec reloaded with fixtures"),
                (verify, "_executed_text", "executed-text re-render"),
                (runner, "availability", "availability"),
                (runner, "run", "runner batch"),
                (verify, "_judge", "judging"),
            ]
            with timing(targets, totals):
                started = time.perf_counter()
                report = verify.verify_model(model, snippets, [language], renderer)
                totals["total"] = time.perf_counter() - started
            totals["programs' own time"] = sum(o.duration for o in report.outcomes)
            totals["rest"] = totals["total"] - sum(totals[name] for name in phases if name != "programs' own time")
            if run > 0:
                per_run.append(totals)
        median = {name: statistics.median(c[name] for c in per_run) for name in ["total", *phases, "rest"]}
        cells = " | ".join(f"{median[name]:.2f}" for name in [*phases, "rest"])
        lines.append(f"| {language.label} | {median['total']:.2f} | {cells} |")
    lines += ["", "programs' own time is part of runner batch (as each runner reports it).", ""]
    return lines


def render_split(runs: int) -> list[str]:
    from generator.languages import LANGUAGES
    from generator.render import Renderer, units
    from generator.spec import load_spec

    from .corpus import importer_problem, load_corpus, spread_evenly

    if importer_problem() is None:
        progress("hotspots: converting the corpus")
        corpus, _ = load_corpus()
        pairs = [(e.model, e.unit) for e in spread_evenly(corpus, 200)]
        source = f"{len(pairs)} corpus examples"
    else:
        model, _ = load_spec(SPEC)
        pairs = [(model, unit) for unit in units(model)]
        source = "the KMS spec's programs"
    renderer = Renderer()
    lines = [
        f"### One snippet, split (ms per snippet, median of {runs} runs over {source})",
        "",
        "| language | total | format | parse-check | render and the rest |",
        "|---|---|---|---|---|",
    ]
    for language in LANGUAGES.values():
        for model, unit in pairs[:3]:  # warm-up
            renderer.render_unit(model, language, unit)
        per_run: list[dict[str, float]] = []
        for _ in range(runs):
            totals: dict[str, float] = defaultdict(float)
            with timing([(language, "format", "format"), (language, "syntax_errors", "parse-check")], totals):
                started = time.perf_counter()
                for model, unit in pairs:
                    try:
                        renderer.render_unit(model, language, unit)
                    except Exception:
                        pass
                totals["total"] = time.perf_counter() - started
            per_run.append(totals)
        ms = {name: statistics.median(c[name] for c in per_run) * 1000 / len(pairs)
              for name in ("total", "format", "parse-check")}  # fmt: skip
        rest = ms["total"] - ms["format"] - ms["parse-check"]
        lines.append(f"| {language.label} | {ms['total']:.2f} | {ms['format']:.2f} | {ms['parse-check']:.2f} "
                     f"| {rest:.2f} |")  # fmt: skip
    return [*lines, ""]


def main() -> None:
    import os

    parser = argparse.ArgumentParser(description="where verification and rendering spend their time")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.chdir(ROOT)
    lines = [*render_split(args.runs), *verify_phases(args.runs)]
    sys.stdout.write("\n".join(lines))


if __name__ == "__main__":
    main()
