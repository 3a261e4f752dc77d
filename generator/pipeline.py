"""Ties the stages together: load → render → files for each spec's output folder."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .languages import LANGUAGES, Language
from .model import Model
from .output import Changes, compare, write_tree
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


def spec_files(model: Model, snippets: list[Snippet]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for snippet in snippets:
        files[snippet.program_path] = snippet.program.encode("utf-8")
        files[snippet.fragment_path] = snippet.fragment.encode("utf-8")
    files["snippets.json"] = (json.dumps(manifest(model, snippets), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return files


def render_spec(model: Model, languages: list[Language], renderer: Renderer) -> SpecOutput:
    snippets = renderer.render_model(model, languages)
    return SpecOutput(model, snippets, spec_files(model, snippets))


def output_folder(out_root: Path, model: Model) -> Path:
    return out_root / model.slug


def write(out_root: Path, output: SpecOutput) -> Changes:
    return write_tree(output_folder(out_root, output.model), output.files)


def check(out_root: Path, output: SpecOutput) -> Changes:
    return compare(output_folder(out_root, output.model), output.files)
