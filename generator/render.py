"""Stage 3: render every program of a model in every language through Jinja templates.

Each program is rendered, formatted, parse-checked, and only then split into the
published program and its copy-paste fragment (the region between the snippet
markers). A parse failure is a generation error; nothing is returned for writing.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .fingerprint import template_root
from .languages import Language
from .languages.base import SNIPPET_END, SNIPPET_START, ProgramContext, UnsupportedValue
from .model import Model, Step

CLIENT_ID = "create-client"
REGION_NAMES = ("snippet", "client")


@dataclass(frozen=True)
class Unit:
    """One thing to show in every language: the client, an operation, or a scenario."""

    kind: str  # "client", "operation" or "scenario"
    id: str
    title: str
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True)
class Snippet:
    spec: str
    unit: Unit
    language: str
    program_path: str  # relative to the spec's output folder
    fragment_path: str
    program: str
    fragment: str
    regions: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> 1-based line range in program


@dataclass(frozen=True)
class GenerationError:
    language: str
    unit: str
    line: int
    message: str

    def format(self, spec: str) -> str:
        return f"{spec}: {self.language} {self.unit}: line {self.line}: {self.message}"


class GenerationFailed(Exception):
    def __init__(self, spec: str, errors: list[GenerationError]):
        super().__init__("\n".join(e.format(spec) for e in errors))
        self.spec = spec
        self.errors = errors


def units(model: Model) -> list[Unit]:
    found = [Unit("client", CLIENT_ID, "Create a client")]
    found += [Unit("operation", op.id, op.title, (op.call,)) for op in model.operations]
    found += [Unit("scenario", sc.id, sc.title, sc.steps) for sc in model.scenarios]
    return found


class Renderer:
    def __init__(self, template_dirs: list[Path] | None = None):
        """template_dirs: folders searched before the built-in templates (user overrides)."""
        self.template_dirs = [*(template_dirs or []), template_root()]
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in self.template_dirs]),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["indent"] = indent

    def render_model(self, model: Model, languages: list[Language]) -> list[Snippet]:
        snippets: list[Snippet] = []
        errors: list[GenerationError] = []
        for language in languages:
            for unit in units(model):
                try:
                    snippets.append(self.render_unit(model, language, unit))
                except _UnitFailed as exc:
                    errors.extend(exc.errors)
        if errors:
            raise GenerationFailed(model.source, errors)
        return snippets

    def render_unit(self, model: Model, language: Language, unit: Unit) -> Snippet:
        def fail(line: int, message: str) -> _UnitFailed:
            return _UnitFailed([GenerationError(language.key, unit.id, line, message)])

        try:
            context = language.program_context(model, unit.id, unit.title, unit.steps)
        except UnsupportedValue as exc:
            raise fail(0, str(exc)) from None
        except Exception as exc:  # a gap in a language's rules: report it like any other generation error
            raise fail(0, f"the {language.label} rules cannot render this ({type(exc).__name__}: {exc})") from None
        name = f"{language.key}/{'client' if unit.kind == 'client' else 'program'}.jinja"
        try:
            text = self.env.get_template(name).render(**_as_dict(context))
        except jinja2.TemplateSyntaxError as exc:
            raise fail(exc.lineno, f"template {exc.filename or name} line {exc.lineno}: {exc.message}") from None
        except jinja2.TemplateError as exc:  # undefined names, missing templates, errors raised in templates
            raise fail(0, f"template {name}: {type(exc).__name__}: {exc}") from None
        try:
            text = language.format(text)
        except Exception as exc:  # formatters report unparsable input as exceptions
            raise fail(0, f"formatter rejected the program: {exc}") from None
        program, regions = extract_regions(text, language.comment_prefix)
        problems = language.syntax_errors(program)
        if problems:
            raise _UnitFailed([GenerationError(language.key, unit.id, p.line, f"{p.message} ({p.checker})") for p in problems])
        if "snippet" not in regions:
            raise fail(0, "template has no snippet-start/snippet-end markers")
        start, end = regions["snippet"]
        fragment = textwrap.dedent("\n".join(program.splitlines()[start - 1 : end])).strip("\n") + "\n"
        folder = f"snippets/{language.key}"
        return Snippet(
            spec=model.slug,
            unit=unit,
            language=language.key,
            program_path=f"{folder}/{language.program_filename(unit.id)}",
            fragment_path=f"{folder}/fragments/{unit.id}.{language.extension}",
            program=program,
            fragment=fragment,
            regions=regions,
        )


def indent(text: str, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    """Jinja's indent filter, breaking lines only at "\n".

    Jinja's own filter splits with str.splitlines, which also breaks at U+2028, U+0085,
    form feeds and CR: characters that a Java text block or a C# verbatim string holds
    as they are, and that must not gain a line break and indentation there.
    """
    prefix = width if isinstance(width, str) else " " * width
    lines = text.split("\n")
    out = [lines[0]] + [prefix + line if line or blank else line for line in lines[1:]]
    return prefix + "\n".join(out) if first else "\n".join(out)


class _UnitFailed(Exception):
    def __init__(self, errors: list[GenerationError]):
        super().__init__(errors[0].message)
        self.errors = errors


def _as_dict(context: ProgramContext) -> dict[str, object]:
    return {name: getattr(context, name) for name in context.__dataclass_fields__}


def extract_regions(text: str, comment_prefix: str) -> tuple[str, dict[str, tuple[int, int]]]:
    """Remove marker comment lines, returning the program and each region's line range.

    Markers are whole lines '<comment> <name>-start' / '<comment> <name>-end'.
    """
    markers = {}
    for name in REGION_NAMES:
        start = SNIPPET_START if name == "snippet" else f"{name}-start"
        end = SNIPPET_END if name == "snippet" else f"{name}-end"
        markers[f"{comment_prefix} {start}"] = (name, "start")
        markers[f"{comment_prefix} {end}"] = (name, "end")
    kept: list[str] = []
    opened: dict[str, int] = {}
    regions: dict[str, tuple[int, int]] = {}
    for line in text.splitlines():
        marker = markers.get(line.strip())
        if marker is None:
            kept.append(line)
            continue
        name, edge = marker
        if edge == "start":
            opened[name] = len(kept) + 1
        elif name in opened:
            regions[name] = (opened.pop(name), len(kept))
    return "\n".join(kept).rstrip("\n") + "\n", regions
