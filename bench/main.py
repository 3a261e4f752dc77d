"""polysnip benchmarks: `bench/run [--runs N] [--slow-runs N] [--only PARTS] [--markdown FILE]`.

Prints one Markdown report to stdout (progress goes to stderr):

1. generation of the KMS spec, cold and warm, each a fresh `python -m generator generate`;
   the botocore shared-example corpus rendered in every language at several sizes;
2. botocore's own SharedExampleDocumenter on the same examples (the peer), as ratios;
3. verification of the KMS spec per language against its floor (bench/floor/), cold and warm;
4. `mkdocs build --strict` of the generated site;
5. `polysnip build` of the shipped specs, cold and with nothing changed (result cache);
6. only when asked for (`--only whole-corpus`): the whole imported corpus verified in every
   language, `verify --shard K/N` for K = 1..N one after the other (wall time, peak memory);

then every target with its result, met or missed.

Never part of the test suite; nothing is written into the checkout (temporary folders only),
except the --markdown file.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from .build import BuildResult, measure_build, shipped_specs
from .corpus import CorpusResult, measure_corpus
from .generation import GenerationResult, measure_generation
from .measure import (
    ROOT,
    Machine,
    load_average,
    package_version,
    progress,
    ratio,
    seconds,
    spread,
    verdict,
)
from .site_build import SiteResult, measure_site
from .verification import VerificationResult, measure_verification
from .whole_corpus import VerifyRun, WholeCorpusResult, measure_whole_corpus

PARTS = ("generation", "corpus", "verification", "site", "build")
# Run only when named in --only: the whole corpus needs every corpus SDK and about 20-30 minutes.
EXTRA_PARTS = ("whole-corpus",)
WHOLE_CORPUS_TARGET = "whole corpus verified in every language (wall time, peak memory, per shard of 4)"
WHOLE_CORPUS_HOW = ("not run: `bench/run --only whole-corpus` (every corpus service's SDK, network to fetch them, "
                    "about 25 min on 2 cores)")  # fmt: skip
WARM_TARGET = 0.10  # warm regeneration at most 10% of cold
BUILD_TARGET = 0.10  # a build with nothing changed at most 10% of a cold one
SNIPPET_TARGET_MS = 1.0  # ms per snippet in every language, cold
FLOOR_TARGET = 1.5  # verification at most 1.5x the floor
# ms per snippet at the largest size ÷ at the smallest, from the fastest runs (the least
# disturbed by other jobs on a shared machine): above this, cost grows faster than linearly.
GROWTH_LIMIT = 1.25


# --- the report ----------------------------------------------------------------------------


def _runs(count: int) -> str:
    return f"{count} run" if count == 1 else f"{count} runs"


def header(machine: Machine, runs: int, slow_runs: int, load_at_end: str) -> list[str]:
    return [
        "## polysnip benchmarks",
        "",
        f"- **date**: {machine.date}",
        f"- **machine**: {machine.cores} cores ({machine.usable_cores} usable; {machine.cpu}), "
        f"{machine.memory_gib:.1f} GiB RAM, {machine.system}",
        f"- **load average** (1/5/15 min): {machine.load_at_start} at start, {load_at_end} at end "
        "(other jobs may share the machine)",
        f"- **software**: Python {machine.python}, botocore {package_version('botocore')}, "
        f"moto {package_version('moto')}, "
        f"black {package_version('black')}, mkdocs {package_version('mkdocs')}",
        f"- **figures**: median [min–max] of {_runs(runs)} for fast measurements, {_runs(slow_runs)} for slow ones "
        "(corpus rendering, verification, mkdocs)",
        "",
    ]


def generation_table(result: GenerationResult) -> list[str]:
    lines = [
        "### 1a. Generation: the KMS spec",
        "",
        "| measurement | median [min–max] | runs | peak RSS | target | result |",
        "|---|---|---|---|---|---|",
        f"| cold: `python -m generator generate` in a fresh process, empty output folder | {spread(result.cold)} "
        f"| {result.cold.runs} | {result.cold_rss.median:.0f} MB | | |",
        f"| warm: the same command again, nothing changed | {spread(result.warm)} | {result.warm.runs} "
        f"| {result.warm_rss.median:.0f} MB | | |",
    ]
    if result.cold.runs and result.warm.runs:
        share = result.warm.median / result.cold.median
        lines.append(f"| warm ÷ cold (medians) | {share:.0%} | | | ≤ {WARM_TARGET:.0%} "
                     f"| {verdict(share <= WARM_TARGET)} |")  # fmt: skip
    lines += [f"| error | {error} | | | | |" for error in result.errors]
    return [*lines, ""]


def _size_label(result: CorpusResult, size: int) -> str:
    return f"all ({size})" if size == max(result.sizes) else str(size)


def corpus_tables(result: CorpusResult) -> list[str]:
    if not result.available:
        return [
            "### 1b. Generation: the botocore shared-example corpus",
            "",
            "| corpus | result |",
            "|---|---|",
            f"| corpus: importer not available | {result.reason} |",
            "",
            "### 2. The peer: botocore's SharedExampleDocumenter",
            "",
            "| peer | result |",
            "|---|---|",
            "| corpus: importer not available | no corpus to render |",
            "",
        ]
    from generator.languages import LANGUAGES

    small, large = min(result.sizes), max(result.sizes)
    lines = [
        "### 1b. Generation: the botocore shared-example corpus, every language",
        "",
        f"botocore {package_version('botocore')} ships {result.examples} shared examples in {result.services} "
        "services; "
        f"{result.imported} import as spec operations (generator.importer: convert + validate, "
        f"{seconds(result.convert_seconds)}, one run, not included below). Each size is that many of them spread "
        "evenly over the corpus; a snippet is one example's program in one language, rendered, formatted and "
        "parse-checked in memory, with nothing remembered from earlier passes (cold; the same programs rendered "
        f"again at once are compared with the peer below). Peak RSS of the corpus process: {result.peak_rss_mb:.0f} MB "
        f"({result.rss_after_convert_mb:.0f} MB after the import).",
        "",
        "| language | " + " | ".join(f"ms/snippet at {_size_label(result, s)}" for s in result.sizes)
        + f" | snippets/s at {_size_label(result, large)} | growth per snippet, {large} ÷ {small} (medians / minimums) "
        + f"| linear (minimums ≤ {GROWTH_LIMIT:g}) | failed |",
        "|---" * (len(result.sizes) + 5) + "|",
    ]
    for key in result.languages:
        cells = [spread(result.ms_per_snippet(size, key), "ms") for size in result.sizes]
        first, last = result.ms_per_snippet(small, key), result.ms_per_snippet(large, key)
        growth, best = last.median / first.median, last.low / first.low
        failures = result.failures.get((large, key), 0)
        lines.append(f"| {LANGUAGES[key].label} | " + " | ".join(cells)
                     + f" | {1000 / last.median:.0f} | {growth:.2f} / {best:.2f} | {verdict(best <= GROWTH_LIMIT)} "
                     f"| {failures} |")  # fmt: skip
    every = [result.ms_per_example_all_languages(size) for size in result.sizes]
    growth, best = every[-1].median / every[0].median, every[-1].low / every[0].low
    lines.append(
        f"| every language (ms per example, all {len(result.languages)}) | "
        + " | ".join(spread(sample, "ms") for sample in every)
        + f" | {1000 * len(result.languages) / every[-1].median:.0f} | {growth:.2f} / {best:.2f} "
        f"| {verdict(best <= GROWTH_LIMIT)} | |"
    )
    lines += [
        "",
        "### 2. The peer: botocore's SharedExampleDocumenter on the same examples (Python only)",
        "",
        "| size | botocore ms/example | examples/s |",
        "|---|---|---|",
    ]
    for size in result.sizes:
        peer = result.peer_ms_per_example(size)
        lines.append(f"| {_size_label(result, size)} | {spread(peer, 'ms')} | {1000 / peer.median:.0f} |")
    peer_large = result.peer_ms_per_example(large).median
    lines += [
        "",
        f"| language | ours ms/snippet ({large}), cold | ours ms/snippet ({large}), warm cache "
        f"| botocore ms/example ({large}) | ratio cold | ratio warm | target (warm) | result |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key in result.languages:
        ours = result.ms_per_snippet(large, key).median
        warm = result.ms_per_snippet_warm(large, key).median
        lines.append(f"| {LANGUAGES[key].label} | {ours:.2f} | {warm:.2f} | {peer_large:.2f} "
                     f"| {ratio(ours / peer_large)} | {ratio(warm / peer_large)} | ≤ 1× "
                     f"| {verdict(warm <= peer_large)} |")  # fmt: skip
    every_large = every[-1].median
    lines.append(f"| every language, per example (for scale) | {every_large:.2f} | | {peer_large:.2f} "
                 f"| {ratio(every_large / peer_large)} | | | |")  # fmt: skip
    return [*lines, ""]


def verification_table(result: VerificationResult) -> list[str]:
    lines = [
        f"### 3. Verification of the KMS spec against the floor (moto {result.moto})",
        "",
        "| language | level | programs | verify cold | floor cold | ratio cold | result cold | verify warm "
        "| floor warm "
        f"| ratio warm | result warm (target ≤ {FLOOR_TARGET:g}×) | floor build (once, not in the floor) "
        "| warm ratio to floor + build |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    notes = []
    for row in result.languages:
        has_floor = bool(row.floor.runs)
        result_cell = verdict(row.ratio <= FLOOR_TARGET) if has_floor and row.verify.runs else "-"
        cold_cell = verdict(row.cold_ratio <= FLOOR_TARGET) if row.floor_cold.runs and row.verify_cold.runs else "-"
        build = seconds(row.floor_build) if row.floor_build is not None else "-"
        with_build = "-"
        if row.floor_build is not None and has_floor and row.verify.runs:
            with_build = ratio(row.verify.median / (row.floor.median + row.floor_build))
        lines.append(
            f"| {row.label} | {row.level} | {row.programs} | {spread(row.verify_cold)} | {spread(row.floor_cold)} "
            f"| {ratio(row.cold_ratio)} | {cold_cell} | {spread(row.verify)} | {spread(row.floor)} "
            f"| {ratio(row.ratio)} "
            f"| {result_cell} | {build} | {with_build} |"
        )
        if row.floor_passes:
            both = "both" if len(row.floor_passes) == 2 else "each"
            notes.append(f"- {row.label}: floor: the six calls for the AWS CLI, once with each of "
                         f"{' and '.join(row.floor_passes)}, as verification runs each program with {both}; "
                         "its time is theirs together")  # fmt: skip
        if row.floor_checked:
            each = f", {len(row.floor_passes)} per run: one per CLI" if row.floor_passes else ""
            notes.append(f"- {row.label}: every floor process ({row.floor_checked}{each}) sent exactly the six calls, "
                         "all successful")  # fmt: skip
        if row.note:
            failed = f" ({row.failed_runs} failed run(s))" if row.failed_runs else ""
            notes.append(f"- {row.label}: {row.note}{failed}")
    return [*lines, "", *notes, *([""] if notes else [])]


def site_table(result: SiteResult) -> list[str]:
    lines = [
        "### 4. The site",
        "",
        "| measurement | median [min–max] | runs | peak RSS | pages |",
        "|---|---|---|---|---|",
    ]
    if result.error:
        lines.append(f"| `mkdocs build --strict` | {result.error} | | | |")
    else:
        lines.append(f"| `mkdocs build --strict` of the generated site, fresh process | {spread(result.seconds)} "
                     f"| {result.seconds.runs} | {result.rss.median:.0f} MB | {result.pages} |")  # fmt: skip
    return [*lines, ""]


def build_table(result: BuildResult) -> list[str]:
    lines = [
        "### 5. `polysnip build`: cold, and with nothing changed",
        "",
        f"Specs: {', '.join(result.specs)}; languages: {result.languages}.",
        "",
        "| measurement | median [min–max] | runs | peak RSS | target | result |",
        "|---|---|---|---|---|---|",
        f"| cold: `polysnip build --no-cache`, nothing generated, empty result cache | {spread(result.cold)} "
        f"| {result.cold.runs} | {result.cold_rss.median:.0f} MB | | |",
        f"| warm: `polysnip build` again, nothing changed ({result.cached_results} of {result.results} results "
        "from the verification cache; reports, pages and the site already hold them) "
        f"| {spread(result.warm)} | {result.warm.runs} | {result.warm_rss.median:.0f} MB | | |",
        "| again: a third build, nothing changed "
        f"| {spread(result.again)} | {result.again.runs} | {result.again_rss.median:.0f} MB | | |",
    ]
    if result.cold.runs and result.warm.runs:
        lines.append(f"| warm ÷ cold (medians) | {result.share:.1%} | | | ≤ {BUILD_TARGET:.0%} "
                     f"| {verdict(result.share <= BUILD_TARGET)} |")  # fmt: skip
    if result.cold.runs and result.again.runs:
        lines.append(f"| again ÷ cold (medians) | {result.again_share:.1%} | | | ≤ {BUILD_TARGET:.0%} "
                     f"| {verdict(result.again_share <= BUILD_TARGET)} |")  # fmt: skip
    lines += [f"| error | {error} | | | | |" for error in result.errors]
    return [*lines, ""]


def minutes(value: float) -> str:
    """A long duration: seconds below two minutes, else minutes and seconds."""
    if value != value:
        return "-"
    if value < 120:
        return seconds(value)
    whole = round(value)
    return f"{whole // 60} min {whole % 60:02d} s"


def megabytes(value: float) -> str:
    if value != value:
        return "-"
    return f"{value / 1024:.2f} GB" if value >= 1024 else f"{value:.0f} MB"


def _counts(statuses: Counter[str]) -> str:
    known = ("passed", "failed", "not executed")
    others = sum(n for status, n in statuses.items() if status not in known)
    cells = [f"{sum(statuses.values())}", *(f"{statuses.get(status, 0)}" for status in known)]
    return " | ".join(cells) + (f" (+{others} other)" if others else "")


def _verify_row(run: VerifyRun) -> str:
    if run.error:
        return f"| {run.label} | {run.error} | | | | {minutes(run.seconds)} | {megabytes(run.peak_tree_mb)} | | | |"
    return (f"| {run.label} | {_counts(run.statuses)} | {minutes(run.seconds)} | {megabytes(run.peak_tree_mb)} "
            f"| {megabytes(run.peak_tree_pss_mb)} | {megabytes(run.peak_process_mb)} | {run.exit_code} |")  # fmt: skip


def whole_corpus_table(result: WholeCorpusResult) -> list[str]:
    from generator.languages import LANGUAGES

    which = (f"every service with shared examples ({result.specs} specs)" if result.all_services
             else f"{result.specs} of them ({', '.join(result.services)}; a smaller size, "
                  "not the whole corpus)")  # fmt: skip
    lines = [
        "### 6. The whole corpus verified in every language",
        "",
        f"botocore's shared examples imported into a temporary project: {which}; languages: {result.languages}. "
        f"Import (with the moto probe) {minutes(result.import_seconds)}, peak {megabytes(result.import_peak_mb)}; "
        f"fetching the SDKs {minutes(result.sdk_seconds)}"
        + (f" ({result.sdk_note})" if result.sdk_note else "")
        + f"; generate {minutes(result.generate_seconds)}, peak {megabytes(result.generate_peak_mb)}. Then "
        f"`polysnip verify --shard K/{result.shards} --no-cache` for K = 1..{result.shards}, one after the other, "
        "each with an empty result cache. Peak memory: the largest sum of the resident set sizes (RSS) of the "
        "verify process and everything it started (moto, JVMs, node, go, ruby, bash, aws…), sampled every "
        "0.25 s, where pages shared between processes count once per process; PSS divides each shared page among "
        "the processes sharing it (the tree's own share of memory).",
        "",
        "| run | programs | passed | failed | not executed | wall time | peak memory (process tree, RSS) "
        "| peak memory (process tree, PSS) | largest process (RSS) | exit |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    shards = result.shard_runs
    lines += [_verify_row(run) for run in shards]
    if shards:
        total: Counter[str] = Counter()
        for run in shards:
            total.update(run.statuses)
        wall = sum(run.seconds for run in shards)
        peak = max(run.peak_tree_mb for run in shards)
        pss = max(run.peak_tree_pss_mb for run in shards)
        largest = max(run.peak_process_mb for run in shards)
        lines.append(f"| the {len(shards)} shards together (wall times added; memory: the largest) | {_counts(total)} "
                     f"| {minutes(wall)} | {megabytes(peak)} | {megabytes(pss)} | {megabytes(largest)} "
                     "| |")  # fmt: skip
    whole = result.unsharded
    if whole is not None:
        lines.append(_verify_row(whole))
    else:
        lines.append("| unsharded | not run (pass --whole-corpus-unsharded); its wall time is about the shards' sum, "
                     "which also holds their extra process starts and moto servers | | | | | | | | |")  # fmt: skip
    lines += [f"| error | {error} | | | | | | | | |" for error in result.errors]
    if shards:
        lines += ["", f"The shards (balanced by program count: no durations are recorded yet): {result.partition()}."]
        slowest = max(run.seconds for run in shards)
        mean = sum(run.seconds for run in shards) / len(shards)
        lines.append(f"Slowest shard {minutes(slowest)}, {slowest / mean:.2f}× the mean shard ({minutes(mean)}).")
        if result.merge_error:
            lines.append(f"`report merge` of the shard reports: failed: {result.merge_error}.")
        elif result.merged:
            lines.append(f"`report merge` of each spec's {len(shards)} shard reports into the report an unsharded "
                         f"verify writes ({result.merged} spec(s)): "
                         f"{minutes(result.merge_seconds)} in all.")  # fmt: skip
    per_language: dict[str, Counter[str]] = {}
    for run in shards:
        for key, statuses in run.by_language.items():
            per_language.setdefault(key, Counter()).update(statuses)
    if per_language:
        lines += ["", "| language (all shards) | programs | passed | failed | not executed |", "|---|---|---|---|---|"]
        for key in sorted(per_language, key=lambda k: list(LANGUAGES).index(k) if k in LANGUAGES else 99):
            label = LANGUAGES[key].label if key in LANGUAGES else key
            lines.append(f"| {label} | {_counts(per_language[key])} |")
    return [*lines, ""]


def whole_corpus_target(result: WholeCorpusResult | None) -> tuple[str, str, str, bool | None]:
    if result is None:
        return (WHOLE_CORPUS_TARGET, "published", WHOLE_CORPUS_HOW, None)
    shards = result.shard_runs
    if not shards or any(run.error for run in shards):
        problem = next((run.error for run in shards if run.error), "; ".join(result.errors) or "no shard ran")
        return (WHOLE_CORPUS_TARGET, "published", f"failed: {problem}"[:300], False)
    if result.merge_error:
        return (WHOLE_CORPUS_TARGET, "published", f"the shard reports do not merge: {result.merge_error}"[:300], False)
    figure = "; ".join(f"{run.label} {minutes(run.seconds)}, {megabytes(run.peak_tree_mb)} RSS "
                       f"({megabytes(run.peak_tree_pss_mb)} PSS)" for run in shards)  # fmt: skip
    figure += (f"; shards together {minutes(sum(run.seconds for run in shards))}, "
               f"peak {megabytes(max(run.peak_tree_mb for run in shards))} RSS "
               f"({megabytes(max(run.peak_tree_pss_mb for run in shards))} PSS)")  # fmt: skip
    if result.unsharded is not None and not result.unsharded.error:
        whole = result.unsharded
        figure += (f"; unsharded {minutes(whole.seconds)}, {megabytes(whole.peak_tree_mb)} RSS "
                   f"({megabytes(whole.peak_tree_pss_mb)} PSS)")  # fmt: skip
    if not result.all_services:
        return (WHOLE_CORPUS_TARGET, "published",
                f"{figure} (only {', '.join(result.services)}: not the whole corpus)", None)  # fmt: skip
    return (WHOLE_CORPUS_TARGET, "published", f"{result.specs} specs: {figure}", result.complete)


def targets_table(
    generation: GenerationResult | None,
    corpus: CorpusResult | None,
    verification: VerificationResult | None,
    build: BuildResult | None,
    whole_corpus: WholeCorpusResult | None = None,
) -> list[str]:
    """Every target of the performance work, its figure from this run, met or missed."""
    rows: list[tuple[str, str, str, bool | None]] = []  # (target, threshold, figure, met)
    rows.append(("bench never rots: every part runs at its smallest size in the test suite", "",
                 "tests/execution/test_bench_smoke.py", None))  # fmt: skip
    if generation is not None and generation.cold.runs and generation.warm.runs:
        share = generation.warm.median / generation.cold.median
        rows.append(("generation, KMS spec: warm ÷ cold", f"≤ {WARM_TARGET:.0%}",
                     f"{seconds(generation.warm.median)} ÷ {seconds(generation.cold.median)} = {share:.0%}",
                     share <= WARM_TARGET))  # fmt: skip
    if corpus is not None and corpus.available:
        from generator.languages import LANGUAGES

        large, small = max(corpus.sizes), min(corpus.sizes)
        peer = corpus.peer_ms_per_example(large).median
        for key in corpus.languages:
            ours = corpus.ms_per_snippet(large, key).median
            label = LANGUAGES[key].label
            rows.append((f"corpus, {label}: ms per snippet ({large} examples)", f"≤ {SNIPPET_TARGET_MS:g} ms",
                         f"{ours:.2f} ms", ours <= SNIPPET_TARGET_MS))  # fmt: skip
            warm = corpus.ms_per_snippet_warm(large, key).median
            rows.append((f"corpus, {label}: ≤ the peer's ms per example, warm cache", f"≤ {peer:.2f} ms",
                         f"{warm:.2f} ms (cold {ours:.2f} ms)", warm <= peer))  # fmt: skip
            best = corpus.ms_per_snippet(large, key).low / corpus.ms_per_snippet(small, key).low
            rows.append((f"corpus, {label}: linear from {small} to {large}", f"≤ {GROWTH_LIMIT:g}",
                         f"{best:.2f}", best <= GROWTH_LIMIT))  # fmt: skip
    if verification is not None:
        for row in verification.languages:
            for when, value in (("cold", row.cold_ratio), ("warm", row.ratio)):
                measured = value == value
                rows.append((f"verify ÷ floor, {row.label}, {when}", f"≤ {FLOOR_TARGET:g}×",
                             ratio(value) if measured else (row.note or "no floor")[:80],
                             value <= FLOOR_TARGET if measured else None))  # fmt: skip
    if build is not None and build.cold.runs and build.warm.runs:
        rows.append(("`polysnip build`, nothing changed (first rebuild after a cold one) ÷ cold "
                     f"({len(build.specs)} specs)",
                     f"≤ {BUILD_TARGET:.0%}",
                     f"{seconds(build.warm.median)} ÷ {seconds(build.cold.median)} = {build.share:.1%}",
                     build.share <= BUILD_TARGET))  # fmt: skip
    if build is not None and build.cold.runs and build.again.runs:
        rows.append((f"`polysnip build`, nothing changed (third build) ÷ cold ({len(build.specs)} specs)",
                     f"≤ {BUILD_TARGET:.0%}",
                     f"{seconds(build.again.median)} ÷ {seconds(build.cold.median)} = {build.again_share:.1%}",
                     build.again_share <= BUILD_TARGET))  # fmt: skip
    rows.append(whole_corpus_target(whole_corpus))
    met = sum(1 for *_, ok in rows if ok is True)
    missed = sum(1 for *_, ok in rows if ok is False)
    lines = [
        "### Targets",
        "",
        f"{met} met, {missed} missed, {len(rows) - met - missed} without a verdict in this run.",
        "",
        "| target | threshold | this run | result |",
        "|---|---|---|---|",
    ]
    lines += [f"| {name} | {threshold} | {figure} | {verdict(ok)} |" for name, threshold, figure, ok in rows]
    return [*lines, ""]


NOTES = [
    "What the figures include:",
    "",
    "- generation (KMS): wall time of the whole process (interpreter start, imports, load, render, format, "
    "parse-check, pages, atomic write); peak RSS of that process.",
    "- corpus: `Renderer.render_unit` per example and language, in one warm process (templates compiled, "
    "parsers built, one untimed warm-up pass); the per-service client program is not counted. Cold: every "
    "timed pass starts with the parse-check memos emptied; warm cache: the same subset rendered again at once "
    "(its parse-check answers remembered). Linear growth is "
    "judged on the fastest runs, which other jobs disturb least; the medians are shown beside them.",
    "- peer: `SharedExampleDocumenter.document_shared_example` into a fresh `DocumentStructure`, then "
    "`flush_structure()`, per example; service models loaded beforehand.",
    "- verify: `verify_model()` in the bench process for one language (its own moto server, a CreateKey fixture "
    "and a re-render per program, the runner's batch, the checks); no report or pages are written; the result "
    "cache is not used. Cold: the first run of the language in the bench process (what earlier runs left on "
    "disk stays: compiled classes and binaries, class-data archives, type-check answers; the first language "
    "measured also pays the process's first fixture client and moto's first answer); warm: the runs after it. "
    "A change to the generator's code gives type-check answers new keys: the first run after it checks again.",
    "- floor: one process making the spec's six calls directly with the same SDK (bench/floor/), against a "
    "recording moto server; its key is created beforehand and every run's requests are checked. For the AWS CLI, "
    "once with each of v1 and v2 (two processes, their times added), as verification runs each program with both, "
    "each with the executable, PATH and environment of the runner's variant; each must send exactly the six calls. "
    "For Java, with a class-data archive written by an untimed first run, as the Java runner maps the archive of a "
    "batch it ran before.",
    "- site: `python -m mkdocs build --strict` of the generated site into a temporary folder.",
    "- build: `python -m generator build` of the shipped specs in a temporary copy of the project (its spec "
    "folders and reports removed), with an empty verification cache of its own (POLYSNIP_VERIFY_CACHE); cold "
    "passes --no-cache, warm is the same command again with nothing changed, again is a third build.",
    "- corpus, AWS CLI: the `bash -n` half of the parse check runs once per pass for all programs (one bash "
    "process), as `polysnip generate` runs it; tree-sitter-bash still checks each program as it is rendered.",
    "",
]


# --- running ---------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--runs", type=int, default=5, help="runs of fast measurements (default 5)")
    parser.add_argument("--slow-runs", type=int, default=3, help="runs of slow measurements (default 3)")
    parser.add_argument("--sizes", default="100,400,all", help="corpus sizes in examples (default 100,400,all)")
    parser.add_argument("--only", default=",".join(PARTS),
                        help=f"comma-separated parts (default {','.join(PARTS)}; also: {','.join(EXTRA_PARTS)})")
    parser.add_argument("--langs", default=None, help="languages to verify (default: every language with a runner)")
    parser.add_argument("--markdown", type=Path, default=None, help="also write the report to this file")
    parser.add_argument("--build-runs", type=int, default=1, help="cold/warm pairs of `polysnip build` (default 1)")
    parser.add_argument("--build-specs", default=None,
                        help="comma-separated specs for the build part (default: every specs/*.yaml)")
    parser.add_argument("--build-langs", default=None, help="languages the build part verifies (default: all)")
    parser.add_argument("--whole-corpus-services", default=None,
                        help="whole-corpus part: only these services, comma-separated (default: every service with "
                             "shared examples; a few make the smallest size)")  # fmt: skip
    parser.add_argument("--whole-corpus-langs", default=None,
                        help="whole-corpus part: languages to verify (default: every language with a runner)")
    parser.add_argument("--whole-corpus-shards", type=int, default=4,
                        help="whole-corpus part: N of --shard K/N (default 4)")
    parser.add_argument("--whole-corpus-unsharded", action="store_true",
                        help="whole-corpus part: also run the unsharded verify after the shards")
    args = parser.parse_args(argv)
    args.parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = sorted(set(args.parts) - set(PARTS) - set(EXTRA_PARTS))
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS + EXTRA_PARTS)}")
    if args.runs < 1 or args.slow_runs < 1 or args.build_runs < 1 or args.whole_corpus_shards < 1:
        parser.error("--runs, --slow-runs, --build-runs and --whole-corpus-shards must be at least 1")
    args.services = None
    if args.whole_corpus_services is not None:
        args.services = [s.strip() for s in args.whole_corpus_services.split(",") if s.strip()]
        if not args.services:
            parser.error("--whole-corpus-services names no service")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.markdown is not None:
        args.markdown = args.markdown.resolve()  # relative to where bench/run was started
    os.chdir(ROOT)  # specs are named relative to the checkout, as polysnip does
    machine = Machine.describe()
    started = time.perf_counter()
    body: list[str] = []
    generation = corpus = verification = build = None
    whole_corpus: WholeCorpusResult | None = None
    with tempfile.TemporaryDirectory(prefix="polysnip-bench-") as temp:
        project = Path(temp)
        if "generation" in args.parts:
            generation = measure_generation(args.runs, project)
            body += generation_table(generation)
        if "corpus" in args.parts:
            sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
            corpus = measure_corpus(sizes, args.slow_runs, args.runs)
            body += corpus_tables(corpus)
        if "verification" in args.parts:
            from generator.languages import LANGUAGES
            from generator.runners import RUNNERS

            keys = [k.strip() for k in args.langs.split(",")] if args.langs else [k for k in LANGUAGES if k in RUNNERS]
            verification = measure_verification(keys, args.slow_runs)
            body += verification_table(verification)
        if "site" in args.parts:
            body += site_table(measure_site(project, args.slow_runs))
        if "build" in args.parts:
            specs = ([s.strip() for s in args.build_specs.split(",") if s.strip()] if args.build_specs
                     else shipped_specs())  # fmt: skip
            build = measure_build(args.build_runs, specs, args.build_langs)
            body += build_table(build)
        if "whole-corpus" in args.parts:
            whole_corpus = measure_whole_corpus(args.services, args.whole_corpus_langs, args.whole_corpus_shards,
                                                args.whole_corpus_unsharded)  # fmt: skip
            body += whole_corpus_table(whole_corpus)
    body += targets_table(generation, corpus, verification, build, whole_corpus)
    elapsed = time.perf_counter() - started
    report = [*header(machine, args.runs, args.slow_runs, load_average()), *body, *NOTES,
              f"Whole benchmark: {seconds(elapsed)} (parts: {', '.join(args.parts)})."]  # fmt: skip
    text = "\n".join(report).rstrip("\n") + "\n"
    sys.stdout.write(text)
    if args.markdown is not None:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(text, encoding="utf-8")
        progress(f"report written to {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
