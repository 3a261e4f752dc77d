"""Ties the stages together: load → render → files for each spec's output folder."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import fingerprint
from .languages import LANGUAGES, Language
from .model import Model
from .output import Changes, compare, write_tree
from .pages import PageBuilder, x_code_samples
from .render import Renderer, Snippet


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
            }
            for s in snippets
        ],
    }


def _json_bytes(data: object) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def spec_files(model: Model, snippets: list[Snippet], report: dict[str, Any] | None = None) -> dict[str, bytes]:
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


def report_path(out_root: Path, model: Model) -> Path:
    """Where verify writes, and pages read, the spec's verification report."""
    return out_root / "verification" / f"{model.slug}.json"


def load_report(out_root: Path, model: Model) -> dict[str, Any] | None:
    path = report_path(out_root, model)
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def render_spec(
    model: Model,
    languages: list[Language],
    renderer: Renderer,
    report: dict[str, Any] | None = None,
    inputs_hash: str | None = None,
) -> SpecOutput:
    """Render a spec's folder; with inputs_hash, also the fingerprint stamp for warm runs."""
    return spec_output(model, renderer.render_model(model, languages), report, inputs_hash)


def spec_output(model: Model, snippets: list[Snippet], report: dict[str, Any] | None, inputs_hash: str | None = None) -> SpecOutput:
    """A spec's folder from already rendered snippets (pages change with the report, programs do not)."""
    files = spec_files(model, snippets, report)
    if inputs_hash is not None:
        files[fingerprint.STAMP] = fingerprint.stamp(inputs_hash, files)
    return SpecOutput(model, snippets, files)


def output_folder(out_root: Path, model: Model) -> Path:
    return out_root / model.slug


def write(out_root: Path, output: SpecOutput) -> Changes:
    return write_tree(output_folder(out_root, output.model), output.files)


def check(out_root: Path, output: SpecOutput) -> Changes:
    """What a regeneration would change; the fingerprint stamp is only a cache, so it is ignored."""
    changes = compare(output_folder(out_root, output.model), output.files)
    for names in (changes.added, changes.changed, changes.removed):
        if fingerprint.STAMP in names:
            names.remove(fingerprint.STAMP)
    return changes
