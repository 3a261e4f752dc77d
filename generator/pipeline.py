"""Ties the stages together: load → render → files for each spec's output folder.

Nothing here prints or exits: problems are returned or raised as `BadInput` (exit 2 in the
command line), generation errors as `GenerationFailed` (exit 1).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from . import fingerprint
from .languages import LANGUAGES, Language
from .model import Model
from .output import Changes, UnsafeOutput, checked_folder, compare, output_problem, write_tree
from .pages import PageBuilder, x_code_samples
from .problems import BadInput, Kind, Problem, Severity
from .render import Renderer, Snippet, units
from .report import (
    Outcome,
    Report,
    Shard,
    load_report,
    merge,
    report_path,
    same_result,
    save_report,
    settle,
    shard_report_path,
)


@dataclass(frozen=True)
class SpecOutput:
    model: Model
    snippets: list[Snippet]
    files: dict[str, bytes]


def manifest(model: Model, snippets: list[Snippet]) -> dict[str, object]:
    """snippets.json: every program and fragment, for verification and for other tools."""
    return {
        "spec": model.source,
        "service": model.service,
        "snippets": [
            {
                "id": s.unit.id,
                "kind": s.unit.kind,
                "title": s.unit.title,
                "language": s.language,
                "label": LANGUAGES[s.language].label,
                "program_path": s.program_path,
                "fragment_path": s.fragment_path,
                "regions": {name: list(lines) for name, lines in sorted(s.regions.items())},
                "fragment": s.fragment,
                **s.export(),
            }
            for s in snippets
        ],
    }


def _json_bytes(data: object) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def spec_files(model: Model, snippets: list[Snippet], report: Report | None = None) -> dict[str, bytes]:
    """Everything in a spec's output folder: programs, fragments, pages and exports."""
    files: dict[str, bytes] = {}
    for snippet in snippets:
        files[snippet.program_path] = snippet.program.encode("utf-8")
        files[snippet.fragment_path] = snippet.fragment.encode("utf-8")
    files["snippets.json"] = _json_bytes(manifest(model, snippets))
    files["x-code-samples.json"] = _json_bytes(x_code_samples(model, snippets))
    builder = PageBuilder(model, snippets, report)
    for name, text in builder.pages().items():
        files[name] = text.encode("utf-8")
    files["nav.json"] = _json_bytes([{"path": page.path, "title": page.title} for page in builder.nav()])
    return files


def render_spec(
    model: Model,
    languages: list[Language],
    renderer: Renderer,
    report: Report | None = None,
    inputs_hash: str | None = None,
) -> SpecOutput:
    """Render a spec's folder; with inputs_hash, also the fingerprint stamp for warm runs."""
    return spec_output(model, render_snippets(model, languages, renderer), report, inputs_hash)


def render_snippets(model: Model, languages: list[Language], renderer: Renderer) -> list[Snippet]:
    """Every program of the spec in every language. The AWS CLI programs' `bash -n` check is
    made for all of them in one process; if it refuses any, the spec is rendered again with a
    check per program, so that the errors raised are exactly those."""
    if not any(language.key == "cli" for language in languages):
        return renderer.render_model(model, languages)
    from .languages.cli import Cli
    from .render import GenerationFailed

    with Cli.batched_check() as batch:
        try:
            snippets: list[Snippet] | None = renderer.render_model(model, languages)
        except GenerationFailed:
            snippets = None
    if snippets is None or batch.failed:
        return renderer.render_model(model, languages)
    return snippets


def spec_output(
    model: Model, snippets: list[Snippet], report: Report | None, inputs_hash: str | None = None
) -> SpecOutput:
    """A spec's folder from already rendered snippets (pages change with the report, programs do not)."""
    files = spec_files(model, snippets, report)
    if inputs_hash is not None:
        files[fingerprint.STAMP] = fingerprint.stamp(inputs_hash, files)
    return SpecOutput(model, snippets, files)


def output_folder(out_root: Path, model: Model | str) -> Path:
    """<out>/<spec stem>: the folder a spec's output is written to."""
    return Path(out_root) / (model if isinstance(model, str) else model.slug)


def write(out_root: Path, output: SpecOutput) -> Changes:
    folder = checked_folder(out_root, output.model.slug, output.model.source)
    try:
        return write_tree(folder, output.files)
    except UnsafeOutput as exc:
        raise output_problem(output.model.source, exc) from None


def check(out_root: Path, output: SpecOutput) -> Changes:
    """What a regeneration would change; the fingerprint stamp is only a cache, so it is ignored."""
    folder = checked_folder(out_root, output.model.slug, output.model.source)
    changes = compare(folder, output.files)
    for names in (changes.added, changes.changed, changes.removed):
        if fingerprint.STAMP in names:
            names.remove(fingerprint.STAMP)
    return changes


def stale_folders(out_root: Path, outputs: list[SpecOutput]) -> list[Path]:
    """The output folders whose files differ from what the specs generate now."""
    return [output_folder(out_root, o.model) for o in outputs if not check(out_root, o).clean]


def spec_report_path(out_root: Path, model: Model) -> Path:
    """The report path of a spec, refused (BadInput) when a link would take it outside out_root."""
    path = report_path(out_root, model)
    if path.is_symlink() or not path.parent.resolve().is_relative_to(Path(out_root).resolve()):
        raise output_problem(model.source, UnsafeOutput(path, "the report would be written outside --out (a link)"))
    if path.parent.exists() and not path.parent.is_dir():
        raise output_problem(model.source, UnsafeOutput(path.parent, "is a file, expected the report folder"))
    return path


def validate_specs(paths: list[Path], rendering: bool = True) -> tuple[list[Model], list[Problem]]:
    """Every spec loaded and checked; with rendering, also the refusals rendering would make
    that depend only on the spec (a value a language cannot express), at the value's location.

    Returns the models and the warnings; raises BadInput with every error."""
    from .languages import select as select_languages
    from .render import render_problems
    from .spec import load_all

    models, warnings = load_all(paths)
    if rendering:
        languages = select_languages(None)
        refusals = [p for model in models for p in render_problems(model, languages)]
        if any(p.severity is Severity.ERROR for p in refusals):
            raise BadInput([*refusals, *warnings])
        warnings = [*warnings, *refusals]
    return models, warnings


class RenderFailed(Exception):
    """Some program could not be rendered, formatted or parse-checked (exit 1)."""

    def __init__(self, failures: list[str], warnings: list[Problem]):
        super().__init__("\n".join(failures))
        self.failures = failures
        self.warnings = warnings


def render_specs(
    paths: list[Path], out_root: Path, templates: Path | None = None
) -> tuple[list[SpecOutput], list[Problem]]:
    """Every spec rendered in every language, with pages badged from its last report.

    Returns the outputs and the warnings (spec warnings, unusable reports); raises BadInput
    for bad specs (values a language cannot express included) and RenderFailed naming every
    other generation error."""
    from .languages import select as select_languages
    from .render import GenerationFailed

    models, warnings = validate_specs(paths, rendering=False)  # rendering below finds the same refusals
    languages = select_languages(None)
    renderer = Renderer([templates] if templates else None)
    outputs: list[SpecOutput] = []
    failures: list[str] = []
    refusals: list[Problem] = []
    for model in models:
        try:
            report = load_report(report_path(out_root, model), warnings)
            inputs = fingerprint.for_spec(Path(model.source), templates, out_root)
            outputs.append(render_spec(model, languages, renderer, report, inputs))
        except GenerationFailed as exc:
            for error, problem in zip(exc.errors, exc.problems, strict=True):
                if problem.kind is Kind.UNSUPPORTED:
                    refusals.append(problem)  # the spec's to fix: bad input, at the value
                else:
                    failures.append(error.format(exc.spec))
    if refusals:
        raise BadInput([*refusals, *warnings])
    if failures:
        raise RenderFailed(failures, warnings)
    return outputs, warnings


def generated_outputs(
    paths: list[Path], out_root: Path, templates: Path | None = None
) -> tuple[list[SpecOutput], list[Problem]] | None:
    """Every spec's output read back from its folder, when each folder's fingerprint says it
    is exactly what rendering would write now (the same spec, templates, generator, report
    and versions, and no file touched since); None when any is not (render them then).

    Raises BadInput for bad specs, as render_specs does."""
    from .output import unchanged_folders

    folders = unchanged_folders(Path(out_root), paths, templates)
    if folders is None:
        return None
    models, warnings = validate_specs(paths, rendering=False)
    outputs = []
    for path, model in zip(paths, models, strict=True):
        output = _read_output(model, folders[path])
        if output is None:
            return None
        outputs.append(output)
    return outputs, warnings


def _read_output(model: Model, folder: Path) -> SpecOutput | None:
    """A spec's output as snippets.json and the files beside it describe it, or None when
    they do not fit the spec (then it is rendered)."""
    from .languages.install import Install, Reference
    from .render import ShownPart

    try:
        files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
        data = json.loads(files["snippets.json"])
        by_id = {u.id: u for u in units(model)}
        snippets = []
        for item in data["snippets"]:
            install = item["install"]
            snippets.append(Snippet(
                spec=model.slug,
                unit=by_id[item["id"]],
                language=item["language"],
                program_path=item["program_path"],
                fragment_path=item["fragment_path"],
                program=files[item["program_path"]].decode("utf-8"),
                fragment=item["fragment"],
                regions={name: (int(lines[0]), int(lines[1])) for name, lines in item["regions"].items()},
                shown_parts=tuple(ShownPart(p["title"], p["text"], bool(p["folded"])) for p in item["shown_parts"]),
                install=Install(install["tool"], tuple(install["lines"]), install["lexer"], install["runtime"],
                                tuple(Reference(r["operation"], r["url"]) for r in install["references"])),
            ))  # fmt: skip
    except (KeyError, TypeError, ValueError, IndexError, UnicodeDecodeError, OSError):
        return None
    if any(s.shown != s.program for s in snippets):
        return None
    return SpecOutput(model, snippets, files)


def record_verification(
    out_root: Path, output: SpecOutput, report: Report, templates: Path | None, problems: list[Problem]
) -> Path:
    """Merge report into the spec's stored one (languages not verified now keep their last
    results), save it atomically, and rewrite the pages that show it. Returns its path."""
    path = spec_report_path(out_root, output.model)
    current = {(s.language, s.unit.id) for s in output.snippets}
    old = load_report(path, problems)
    if old is not None:
        report = replace(report, outcomes=[_as_recorded(o, old) for o in report.outcomes])
    merged = settle(old, merge(old, report, current))
    folder = output_folder(out_root, output.model)
    inputs = fingerprint.for_spec(Path(output.model.source), templates, out_root)
    if old is not None and merged.to_json() == old.to_json() and fingerprint.unchanged(folder, inputs):
        return path  # the same results: the report and the pages showing it are already written
    try:
        save_report(path, merged)
    except OSError as exc:
        error = UnsafeOutput(path, f"cannot write the report: {exc.strerror or exc}; the previous report is unchanged")
        raise output_problem(output.model.source, error) from None
    inputs = fingerprint.for_spec(Path(output.model.source), templates, out_root)  # the report is one input
    write(out_root, spec_output(output.model, output.snippets, merged, inputs))
    return path


def _as_recorded(outcome: Outcome, old: Report) -> Outcome:
    """A result replayed from the verification cache that the stored report already holds
    (the same in everything but the cached label and the time) stays as stored: the stored
    report already says which run produced it, and tracked reports and pages do not churn.
    A replayed result the report does not hold keeps its label."""
    if not outcome.cached:
        return outcome
    before = old.outcome(outcome.language, outcome.id)
    if before is not None and same_result(before, outcome):
        return before
    return outcome


def program_order(output: SpecOutput, languages: list[Language]) -> list[tuple[str, str]]:
    """Every (language, program id) a verify of these languages reports, in report order."""
    keys = {lang.key for lang in languages}
    present = {(s.language, s.unit.id) for s in output.snippets if s.language in keys}
    return [(lang.key, u.id) for lang in languages for u in units(output.model) if (lang.key, u.id) in present]


def shard_snippets(
    out_root: Path, output: SpecOutput, languages: list[Language], shard: tuple[int, int]
) -> list[Snippet]:
    """The programs of part K of N, deterministically: every language's program of one
    operation or scenario stays in one part (so requests are still compared with the
    reference language's), and parts are balanced by the durations the spec's last report
    recorded (a program without one counts as the mean of those known, or 1 s)."""
    index, count = shard
    keys = {lang.key for lang in languages}
    report = load_report(report_path(out_root, output.model))
    durations = [o.duration for o in report.outcomes if o.language in keys] if report else []
    default = sum(durations) / len(durations) if durations else 1.0
    weight: dict[str, float] = {}
    for snippet in output.snippets:
        if snippet.language not in keys:
            continue
        known = report.outcome(snippet.language, snippet.unit.id) if report else None
        weight[snippet.unit.id] = weight.get(snippet.unit.id, 0.0) + (known.duration if known else default)
    order = {u.id: i for i, u in enumerate(units(output.model))}
    loads = [0.0] * count
    part: set[str] = set()
    for unit_id in sorted(weight, key=lambda u: (-round(weight[u], 3), order[u])):
        lightest = min(range(count), key=lambda i: (round(loads[i], 3), i))
        loads[lightest] += weight[unit_id]
        if lightest == index - 1:
            part.add(unit_id)
    return [s for s in output.snippets if s.unit.id in part]


def record_shard(
    out_root: Path, output: SpecOutput, report: Report, languages: list[Language], shard: tuple[int, int]
) -> Path:
    """Save the report of part K of N beside the spec's report (the spec's report and pages are
    left alone until `polysnip report merge` combines the parts). Returns its path."""
    path = shard_report_path(out_root, output.model, *shard)
    spec_report_path(out_root, output.model)  # the same refusals as the spec's report
    part = Report(report.spec, report.date, report.polysnip, report.versions, report.outcomes,
                  Shard(shard[0], shard[1], tuple(program_order(output, languages))))  # fmt: skip
    try:
        save_report(path, part)
    except OSError as exc:
        error = UnsafeOutput(path, f"cannot write the shard report: {exc.strerror or exc}")
        raise output_problem(output.model.source, error) from None
    return path
