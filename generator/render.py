"""Stage 3: render every program of a model in every language through Jinja templates.

Each program is rendered, formatted, parse-checked, and only then split into the
published program and its copy-paste fragment (the region between the snippet
markers). A parse failure is a generation error; nothing is returned for writing.
"""

from __future__ import annotations

import functools
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .fingerprint import template_root
from .languages import Language
from .languages.base import SNIPPET_END, SNIPPET_START, ProgramContext, StepFailed, UnsupportedValue
from .languages.install import Install, Reference
from .model import Call, Model, PlaceholderRef, Step
from .parsecheck import GrammarUnavailable
from .problems import Kind, Location, Problem, Severity
from .source import PathKey, format_path

__all__ = [
    "CLIENT_ID",
    "REGION_NAMES",
    "GenerationError",
    "GenerationFailed",
    "Install",
    "Reference",
    "Renderer",
    "ShownPart",
    "Snippet",
    "Unit",
    "extract_regions",
    "indent",
    "render_problems",
    "shown_parts",
    "template_root",
    "units",
]

CLIENT_ID = "create-client"
# The region every template marks: the copy-paste fragment. A language adds its own
# (Language.regions: Ruby's "client", which its runner rewrites).
REGION_NAMES = ("snippet",)


@dataclass(frozen=True)
class Unit:
    """One thing to show in every language: the client, an operation, or a scenario.

    path and step_paths say where it is in the spec (operations[2], and per step its own
    path, as source.PathKey tuples); location is where it starts in the spec file (None
    for the client)."""

    kind: str  # "client", "operation" or "scenario"
    id: str
    title: str
    steps: tuple[Step, ...] = ()
    path: PathKey = ()  # ("operations", 2)
    step_paths: tuple[PathKey, ...] = ()  # per step: ("scenarios", 0, "steps", 1)
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ShownPart:
    """One consecutive piece of a program as a tab shows it: the lines before the snippet
    (imports, client, placeholders it needs: folded), the snippet itself, and the lines
    after it (closing braces: folded). A tab's parts joined are the program, exactly."""

    title: str
    text: str  # whole lines, each ending in "\n", as they are in the program (not dedented)
    folded: bool

    def as_json(self) -> dict[str, object]:
        return {"title": self.title, "text": self.text, "folded": self.folded}


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
    # What the tab shows, in order; "".join(p.text for p in shown_parts) == program.
    shown_parts: tuple[ShownPart, ...] = ()
    install: Install = field(default_factory=Install)

    @property
    def shown(self) -> str:
        """The text a tab shows, all parts unfolded: the program that was executed."""
        return "".join(part.text for part in self.shown_parts)

    def export(self) -> dict[str, object]:
        """What snippets.json says of this snippet beyond its paths and fragment."""
        return {
            "shown_parts": [part.as_json() for part in self.shown_parts],
            "install": self.install.as_json(),
        }


@dataclass(frozen=True)
class GenerationError:
    """A program that could not be generated: which language and unit, where in the spec
    (location, path), and why. line is the generated program's line a parser or template
    reported (0 when the failure is not in the program's text).

    kind: Kind.UNSUPPORTED (the language cannot express a value the spec gives: the spec
    must change), Kind.PARSE (a real parser refused the program: a generator bug), or
    Kind.RENDER (the language's rules, a template, a formatter or a grammar failed)."""

    language: str
    unit: str
    line: int
    message: str
    location: Location | None = None
    path: str = ""
    kind: Kind = Kind.RENDER

    def format(self, spec: str) -> str:
        where = str(self.location) if self.location is not None else spec
        at = f" {self.path}:" if self.path else ""
        line = f" line {self.line}:" if self.line else ""
        return f"{where}:{at} {self.language} {self.unit}:{line} {self.message}"

    def problem(self, spec: str) -> Problem:
        """The same failure as a Problem (at the spec's first line when nothing closer is known)."""
        line = f"line {self.line}: " if self.line else ""
        return Problem(
            location=self.location or Location(spec, 1, 1),
            path=self.path,
            message=f"{self.language} {self.unit}: {line}{self.message}",
            severity=Severity.ERROR,
            kind=self.kind,
        )


class GenerationFailed(Exception):
    def __init__(self, spec: str, errors: list[GenerationError]):
        super().__init__("\n".join(e.format(spec) for e in errors))
        self.spec = spec
        self.errors = errors

    @property
    def problems(self) -> list[Problem]:
        return [e.problem(self.spec) for e in self.errors]


def units(model: Model) -> list[Unit]:
    found = [Unit("client", CLIENT_ID, "Create a client")]
    for index, op in enumerate(model.operations):
        path: PathKey = ("operations", index)
        found.append(Unit("operation", op.id, op.title, (op.call,), path, (path,), op.call.location))
    for index, sc in enumerate(model.scenarios):
        path = ("scenarios", index)
        first = next((step.location for step in sc.steps if isinstance(step, Call)), None)
        steps = tuple((*path, "steps", k) for k in range(len(sc.steps)))
        found.append(Unit("scenario", sc.id, sc.title, sc.steps, path, steps, first))
    return found


def render_problems(model: Model, languages: list[Language], template_dirs: list[Path] | None = None) -> list[Problem]:
    """Render every program of model in memory; the refusals that depend only on the spec
    (values a language cannot express, Kind.UNSUPPORTED), each at its spec location.

    Nothing is written. Other failures (a template, a grammar or the rules failing) are
    not the spec's to fix and are left to generate, which reports them with exit 1."""
    try:
        Renderer(template_dirs).render_model(model, languages)
    except GenerationFailed as exc:
        return [p for p in exc.problems if p.kind is Kind.UNSUPPORTED]
    return []


class Renderer:
    def __init__(self, template_dirs: list[Path] | None = None):
        """template_dirs: folders searched before the built-in templates (user overrides)."""
        self.template_dirs = [*(template_dirs or []), template_root()]
        self.loader = jinja2.FileSystemLoader([str(d) for d in self.template_dirs])
        self.env = jinja2.Environment(
            loader=self.loader,
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["indent"] = indent
        # Compiled templates by name, looked up once per renderer rather than once per program
        # (Jinja's own cache checks each template's file on every lookup).
        self._templates: dict[str, jinja2.Template] = {}

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

    def _use_templates(self, language: Language) -> None:
        """Make a language's own template folder (one kept outside the package) searchable,
        after the user's overrides and the built-in templates."""
        if language.templates is not None and str(language.templates) not in self.loader.searchpath:
            self.loader.searchpath.append(str(language.templates))

    def render_unit(self, model: Model, language: Language, unit: Unit) -> Snippet:
        def fail(line: int, message: str, kind: Kind = Kind.RENDER, step: int | None = None,
                 member: str | None = None, placeholder: str | None = None) -> _UnitFailed:
            location, path = _where(model, unit, step, member, placeholder)
            return _UnitFailed([GenerationError(language.key, unit.id, line, message, location, path, kind)])

        self._use_templates(language)
        try:
            context = language.program_context(model, unit.id, unit.title, unit.steps)
        except UnsupportedValue as exc:
            raise fail(0, str(exc), Kind.UNSUPPORTED, exc.step, exc.member, exc.placeholder) from None
        except StepFailed as exc:
            message = f"the {language.label} rules cannot render this ({exc})"
            raise fail(0, message, Kind.RENDER, exc.step, exc.member) from None
        except Exception as exc:  # a gap in a language's rules: report it like any other generation error
            raise fail(0, f"the {language.label} rules cannot render this ({type(exc).__name__}: {exc})") from None
        name = f"{language.key}/{'client' if unit.kind == 'client' else 'program'}.jinja"
        try:
            template = self._templates.get(name)
            if template is None:
                template = self._templates[name] = self.env.get_template(name)
            text = template.render(**_as_dict(context))
        except jinja2.TemplateSyntaxError as exc:
            raise fail(exc.lineno, f"template {exc.filename or name} line {exc.lineno}: {exc.message}") from None
        except jinja2.TemplateError as exc:  # undefined names, missing templates, errors raised in templates
            raise fail(0, f"template {name}: {type(exc).__name__}: {exc}") from None
        try:
            text = language.format(text)
        except Exception as exc:  # formatters report unparsable input as exceptions
            raise fail(0, f"formatter rejected the program: {exc}", Kind.PARSE) from None
        program, regions = extract_regions(text, language.comment_prefix, (*REGION_NAMES, *language.regions))
        try:
            problems = language.syntax_errors(program)
        except GrammarUnavailable as exc:
            raise fail(0, str(exc)) from None
        except Exception as exc:  # a checker that crashed is a failed check, not a traceback
            raise fail(0, f"the {language.label} syntax check failed ({type(exc).__name__}: {exc})") from None
        if problems:
            location, path = _where(model, unit, None, None, None)
            raise _UnitFailed([
                GenerationError(language.key, unit.id, p.line, f"{p.message} ({p.checker})", location, path, Kind.PARSE)
                for p in problems
            ])
        if "snippet" not in regions:
            raise fail(0, "template has no snippet-start/snippet-end markers")
        start, end = regions["snippet"]
        fragment = textwrap.dedent(program[_line_offset(program, start - 1) : _line_offset(program, end)])
        fragment = fragment.strip("\n") + "\n"
        folder = f"snippets/{language.key}"
        try:
            install = language.install(model, unit.steps)
        except Exception as exc:  # a gap in a language's rules, reported like the others
            raise fail(0, f"the {language.label} install lines failed ({type(exc).__name__}: {exc})") from None
        return Snippet(
            spec=model.slug,
            unit=unit,
            language=language.key,
            program_path=f"{folder}/{language.program_filename(unit.id)}",
            fragment_path=f"{folder}/fragments/{unit.id}.{language.extension}",
            program=program,
            fragment=fragment,
            regions=regions,
            shown_parts=shown_parts(program, (start, end), unit.title, unit.kind == "client"),
            install=install,
        )


PRELUDE_TITLE = "Imports and client"
CLIENT_PRELUDE_TITLE = "Program header"
EPILOGUE_TITLE = "End of program"


def shown_parts(program: str, snippet: tuple[int, int], title: str, client: bool = False) -> tuple[ShownPart, ...]:
    """program cut into the parts a tab shows: the lines before the snippet region
    (folded), the region (open, titled title), the lines after it (folded). Empty parts
    are left out; the parts joined are program. Lines break only at "\n"."""
    start, end = snippet
    first, last = _line_offset(program, start - 1), _line_offset(program, end)
    pieces = (
        (CLIENT_PRELUDE_TITLE if client else PRELUDE_TITLE, program[:first], True),
        (title, program[first:last], False),
        (EPILOGUE_TITLE, program[last:], True),
    )
    return tuple(ShownPart(name, text, folded) for name, text, folded in pieces if text)


def _line_offset(text: str, lines: int) -> int:
    """Where line lines + 1 of text starts (lines break only at "\n"); len(text) when text
    has no more lines than that, 0 for lines <= 0."""
    if lines <= 0:
        return 0
    rest = text.split("\n", lines)
    return len(text) - len(rest[-1]) if len(rest) > lines else len(text)


def _where(model: Model, unit: Unit, step: int | None, member: str | None,
           placeholder: str | None) -> tuple[Location, str]:
    """The spec location and path of a unit, one of its steps, a request member of that
    step, or a placeholder (its definition; where the model keeps no document, the first
    step that uses it)."""
    document = getattr(model, "document", None)  # the located spec, where the model keeps it

    def located(path: PathKey, fallback: Location | None) -> Location:
        if document is not None and path:
            found = document.location(path)
            if isinstance(found, Location):
                return found
        return fallback or unit.location or Location(model.source, 1, 1)

    if placeholder is not None:
        user = next((i for i, s in enumerate(unit.steps) if isinstance(s, Call) and _uses(s, placeholder)), None)
        fallback, _ = _where(model, unit, step if step is not None else user, None, None)
        path: PathKey = ("placeholders", placeholder)
        return located(path, fallback), format_path(path)
    if step is None or step >= len(unit.steps):
        return located(unit.path, None), format_path(unit.path)
    current = unit.steps[step]
    path = unit.step_paths[step] if step < len(unit.step_paths) else unit.path
    call_location = current.location if isinstance(current, Call) else None
    if member is None or not isinstance(current, Call):
        return located(path, call_location), format_path(path)
    path = (*path, "params", member)
    return located(path, call_location), format_path(path)


def _uses(call: Call, placeholder: str) -> bool:
    return any(isinstance(p.value, PlaceholderRef) and p.value.name == placeholder for p in call.params)


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


@functools.lru_cache(maxsize=64)
def _markers(comment_prefix: str, names: tuple[str, ...]) -> tuple[dict[str, tuple[str, str]], re.Pattern[str]]:
    """The marker lines of the regions names (line -> (region, "start" or "end")), and a
    pattern matching a whole line that is one, with spaces, tabs and CRs around it."""
    markers = {}
    for name in names:
        start = SNIPPET_START if name == "snippet" else f"{name}-start"
        end = SNIPPET_END if name == "snippet" else f"{name}-end"
        markers[f"{comment_prefix} {start}"] = (name, "start")
        markers[f"{comment_prefix} {end}"] = (name, "end")
    alternatives = "|".join(re.escape(line) for line in sorted(markers, key=len, reverse=True))
    return markers, re.compile(f"^[ \t\r]*({alternatives})[ \t\r]*$", re.MULTILINE)


def extract_regions(
    text: str, comment_prefix: str, names: tuple[str, ...] = REGION_NAMES
) -> tuple[str, dict[str, tuple[int, int]]]:
    """Remove marker comment lines, returning the program and each region's line range.

    Markers are whole lines '<comment> <name>-start' / '<comment> <name>-end', for the
    region names given (the fragment's "snippet" and a language's own regions). Lines
    break only at "\n": a literal may hold U+2028, a form feed…
    """
    markers, pattern = _markers(comment_prefix, names)
    kept: list[str] = []  # the text between marker lines
    opened: dict[str, int] = {}
    regions: dict[str, tuple[int, int]] = {}
    line = counted = position = removed = 0  # line of the marker (from 0), offsets read up to, markers removed
    for found in pattern.finditer(text):
        line += text.count("\n", counted, found.start())
        counted = found.start()
        kept.append(text[position:found.start()])
        position = found.end() + 1 if text.startswith("\n", found.end()) else found.end()  # the line and its break
        lines_kept = line - removed
        removed += 1
        name, edge = markers[found.group(1)]
        if edge == "start":
            opened[name] = lines_kept + 1
        elif name in opened:
            regions[name] = (opened.pop(name), lines_kept)
    kept.append(text[position:])
    return "".join(kept).rstrip("\n") + "\n", regions
