"""Parts 1b and 2: the botocore shared-example corpus in every language, and the peer.

Runs in a child process (`python -m bench.corpus RESULT.json ...`) so that its peak RSS
is its own. The child:

1. converts every service's examples-1.json with generator.importer (convert, then
   validate: spec.py loads from a file, so each spec passes through a temporary folder),
   once, timed as one figure;
2. for each size (100, 400, all examples), picks that many imported examples spread
   evenly over the whole corpus (so that every size is a like-for-like sample and cost
   per snippet can be compared across sizes), and times Renderer.render_unit for each
   example's operation program in each language: render, format (black for Python),
   parse-check (tree-sitter, Python's ast, bash -n: one process for all the AWS CLI
   programs of a pass, as generation makes it), split out the fragment. In memory;
   nothing is written; the per-service client program is not counted;
3. times botocore's own SharedExampleDocumenter on the same examples: one
   DocumentStructure per example, document_shared_example(), flush_structure() to text.

One untimed warm-up pass renders a few examples per language first (template
compilation, parser construction). Every timed pass starts with nothing remembered (the
parse-check memos of generator.languages.parse_memo emptied, untimed): that is the cold
figure. The same subset is then rendered again at once: the warm-cache figure, what a
second rendering of the same programs costs in one process (as `polysnip build` renders
every program to validate and then to generate).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .measure import ROOT, Sample, progress, run_measured, self_peak_rss_mb

IMPORTER_FUNCTIONS = ("services_with_examples", "shared_examples", "convert", "validate")


def importer_problem() -> str | None:
    """None when generator.importer offers what the corpus needs, else why not."""
    try:
        from generator import importer
    except ImportError as exc:
        return f"generator.importer cannot be imported ({exc})"
    missing = [name for name in IMPORTER_FUNCTIONS if not callable(getattr(importer, name, None))]
    if missing:
        return f"generator.importer has no {', '.join(missing)}"
    return None


# --- the parent side ----------------------------------------------------------------------


@dataclass
class CorpusResult:
    available: bool
    reason: str = ""
    services: int = 0
    examples: int = 0  # shared examples in botocore
    imported: int = 0  # examples that became spec operations
    convert_seconds: float = 0.0
    rss_after_convert_mb: float = 0.0
    peak_rss_mb: float = 0.0  # of the whole child process
    sizes: list[int] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    ours: dict[tuple[int, str], Sample] = field(default_factory=dict)  # (size, language) -> seconds for the subset
    ours_warm: dict[tuple[int, str], Sample] = field(default_factory=dict)  # the same, rendered again at once
    failures: dict[tuple[int, str], int] = field(default_factory=dict)
    peer: dict[int, Sample] = field(default_factory=dict)  # size -> seconds for the subset

    def ms_per_snippet(self, size: int, language: str) -> Sample:
        return self.ours[(size, language)].scaled(1000 / size)

    def ms_per_snippet_warm(self, size: int, language: str) -> Sample:
        return self.ours_warm[(size, language)].scaled(1000 / size)

    def ms_per_example_all_languages(self, size: int) -> Sample:
        """Every language's time for the subset, summed run by run, per example."""
        runs = min(self.ours[(size, lang)].runs for lang in self.languages)
        totals = [sum(self.ours[(size, lang)].values[i] for lang in self.languages) for i in range(runs)]
        return Sample(totals).scaled(1000 / size)

    def peer_ms_per_example(self, size: int) -> Sample:
        return self.peer[size].scaled(1000 / size)


def measure_corpus(sizes: list[str], runs: int, fast_runs: int) -> CorpusResult:
    """runs for the largest size; fast_runs for the smaller sizes and for the peer."""
    problem = importer_problem()
    if problem is not None:
        return CorpusResult(False, problem)
    with tempfile.TemporaryDirectory(prefix="polysnip-bench-corpus-") as temp:
        output = Path(temp) / "corpus.json"
        command = [sys.executable, "-m", "bench.corpus", str(output), "--sizes", ",".join(sizes),
                   "--runs", str(runs), "--fast-runs", str(fast_runs), "--peer-runs", str(fast_runs)]  # fmt: skip
        measured = run_measured(command, cwd=ROOT, timeout=1800)
        sys.stderr.write(measured.stderr)
        if measured.returncode != 0 or not output.exists():
            return CorpusResult(False, f"the corpus run failed: {measured.failure()}")
        data = json.loads(output.read_text(encoding="utf-8"))
    result = CorpusResult(
        True,
        services=data["services"],
        examples=data["examples"],
        imported=data["imported"],
        convert_seconds=data["convert_seconds"],
        rss_after_convert_mb=data["rss_after_convert_mb"],
        peak_rss_mb=measured.peak_rss_mb,
        sizes=data["sizes"],
        languages=data["languages"],
    )
    for row in data["ours"]:
        key = (int(row["size"]), str(row["language"]))
        result.ours[key] = Sample.from_json(row["seconds"])
        result.failures[key] = int(row["failures"])
        result.ours_warm[key] = Sample.from_json(row["warm_seconds"])
    for row in data["peer"]:
        result.peer[int(row["size"])] = Sample.from_json(row["seconds"])
    return result


# --- the child side -----------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    service: str
    model: Any  # generator.model.Model
    unit: Any  # generator.render.Unit
    raw: dict[str, Any]  # the example as examples-1.json has it
    operation_model: Any  # botocore OperationModel


def _raw_example(importer: Any, service: str, operation: str, example_id: str) -> dict[str, Any] | None:
    """The examples-1.json entry an imported example came from (importer.convert names
    an example by its id, or <operation>-<n> when it has none)."""
    for index, raw in enumerate(importer.shared_examples(service).get(operation, [])):
        if isinstance(raw, dict) and str(raw.get("id") or f"{operation}-{index + 1}") == example_id:
            return dict(raw)
    return None


def load_corpus() -> tuple[list[Example], dict[str, Any]]:
    """Every importable shared example, in service order, with what both renderers need."""
    import botocore.session

    from generator import importer
    from generator.render import units

    session = botocore.session.get_session()
    examples: list[Example] = []
    info: dict[str, Any] = {"services": 0, "examples": 0, "imported": 0}
    started = time.perf_counter()
    for service in importer.services_with_examples():
        imported = importer.convert(service)
        model, _ = importer.validate(imported)
        info["services"] += 1
        info["examples"] += imported.examples
        if model is None:
            continue
        service_model = session.get_service_model(service)
        entries = {entry.data["id"]: entry for entry in imported.entries}
        for unit in units(model):
            entry = entries.get(unit.id)
            if unit.kind != "operation" or entry is None:
                continue
            raw = _raw_example(importer, service, entry.operation, entry.example)
            if raw is None:
                continue
            examples.append(Example(service, model, unit, raw, service_model.operation_model(entry.operation)))
    info["imported"] = len(examples)
    info["convert_seconds"] = time.perf_counter() - started
    return examples, info


def spread_evenly(items: list[Example], size: int) -> list[Example]:
    """size items spread evenly over items (all of them when size >= len(items))."""
    if size >= len(items):
        return list(items)
    return [items[(index * len(items)) // size] for index in range(size)]


def _timed(function: Callable[..., int], *args: Any) -> tuple[float, int]:
    """(seconds, failures) of one call, after a garbage collection."""
    gc.collect()
    started = time.perf_counter()
    failures = function(*args)
    return time.perf_counter() - started, failures


def render_ours(renderer: Any, language: Any, subset: list[Example]) -> int:
    """Render every example; the AWS CLI's `bash -n` check is made for all of them in one
    process at the end, as `polysnip generate` makes it (generator.pipeline.render_snippets)."""
    import contextlib

    batching = getattr(language, "batched_check", None)
    failures = 0
    with batching() if batching is not None else contextlib.nullcontext() as batch:
        for example in subset:
            try:
                renderer.render_unit(example.model, language, example.unit)
            except Exception:  # a generation error: counted, and its time is included
                failures += 1
    if batch is not None:
        failures += len(batch.failed)
    return failures


def render_peer(subset: list[Example]) -> int:
    from botocore import xform_name
    from botocore.docs.bcdoc.restdoc import DocumentStructure
    from botocore.docs.sharedexample import SharedExampleDocumenter

    failures = 0
    for example in subset:
        section = DocumentStructure(str(example.raw.get("id") or example.unit.id), target="html")
        try:
            SharedExampleDocumenter().document_shared_example(
                example=example.raw,
                prefix=f"response = client.{xform_name(example.operation_model.name)}",
                section=section,
                operation_model=example.operation_model,
            )
            section.flush_structure()
        except Exception:
            failures += 1
    return failures


def child(output: Path, size_names: list[str], runs: int, fast_runs: int, peer_runs: int) -> None:
    """runs: of the largest size; fast_runs: of the smaller sizes; peer_runs: of the peer."""
    from generator.languages import LANGUAGES
    from generator.languages.parse_memo import forget_all
    from generator.render import Renderer

    # botocore's timestamp parsing warns about example values such as "PDT" on every pass.
    warnings.simplefilter("ignore")

    progress("corpus: converting every service's shared examples with generator.importer")
    examples, info = load_corpus()
    info["rss_after_convert_mb"] = self_peak_rss_mb()
    progress(f"corpus: {info['imported']} examples imported from {info['services']} services "
             f"in {info['convert_seconds']:.1f}s")
    sizes = sorted({len(examples) if name == "all" else min(int(name), len(examples)) for name in size_names})
    languages = list(LANGUAGES.values())
    renderer = Renderer()
    for language in languages:  # warm-up, untimed
        render_ours(renderer, language, examples[:3])
    render_peer(examples[:3])
    ours: dict[tuple[int, str], list[float]] = {}
    ours_warm: dict[tuple[int, str], list[float]] = {}
    failures: dict[tuple[int, str], int] = {}
    peer: dict[int, list[float]] = {}
    largest = max(sizes)
    for run in range(max(runs, fast_runs, peer_runs)):
        for size in sizes:
            subset = spread_evenly(examples, size)
            wanted = runs if size == largest else fast_runs  # smaller sizes are cheap: more runs
            if run < wanted:
                progress(f"corpus: run {run + 1}/{wanted}, {size} examples in {len(languages)} languages")
                for language in languages:
                    forget_all()
                    elapsed, failed = _timed(render_ours, renderer, language, subset)
                    ours.setdefault((size, language.key), []).append(elapsed)
                    failures[(size, language.key)] = failed
                    elapsed, _ = _timed(render_ours, renderer, language, subset)
                    ours_warm.setdefault((size, language.key), []).append(elapsed)
            if run < peer_runs:
                elapsed, _ = _timed(render_peer, subset)
                peer.setdefault(size, []).append(elapsed)
    data = {
        **info,
        "sizes": sizes,
        "languages": [language.key for language in languages],
        "ours": [
            {"size": size, "language": key, "seconds": values, "warm_seconds": ours_warm[(size, key)],
             "failures": failures[(size, key)]}
            for (size, key), values in ours.items()
        ],
        "peer": [{"size": size, "seconds": values} for size, values in peer.items()],
    }
    output.write_text(json.dumps(data, indent=2), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="bench child: render the shared-example corpus (see bench/corpus.py)")
    parser.add_argument("output", type=Path)
    parser.add_argument("--sizes", default="100,400,all")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--fast-runs", type=int, default=5)
    parser.add_argument("--peer-runs", type=int, default=5)
    args = parser.parse_args()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    child(args.output, sizes, args.runs, args.fast_runs, args.peer_runs)


if __name__ == "__main__":
    main()
