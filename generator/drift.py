"""polysnip drift: what changed in the world since a spec was written and verified.

A spec is validated against the botocore service model installed when it was written,
and verified with the SDKs installed then. Both move on. ``polysnip drift`` compares each
spec with the service model installed now (or with ``--data-path DIR``, a botocore data
directory searched first) and with the versions recorded in its last verification
report, and reports every difference at once, grouped:

removed      parameters, structure members, result fields (expect, save, fixture
             output) and operations the spec uses that the model no longer has. Each
             gets the likely new name when one stands out (see _rename_candidate).
required     members that became required and that the spec does not give.
type         members whose type no longer accepts the spec's value.
constraints  values that break a length, range, enum or pattern constraint; the checks
             are the validator's own (checks.check_string and friends), so drift and validate agree.
versions     SDK and tool versions (botocore, boto3, moto, each runner's toolchain and
             SDK, polysnip itself) that differ from the last verification report, and
             specs that were never verified: re-verify needed.
coverage     operations of the service with no example in any spec (operations,
             follow-up calls, fixtures and scenario steps all count as examples).

Every finding carries a Problem of kind DRIFT (Finding.problem). check_drift returns a
DriftReport or raises BadInput; it never exits: the drift command (cli.side) does.

Exit codes: 0 nothing to do, 1 drift found, 2 bad input (unreadable spec, unknown
service, a spec whose own structure is broken: run polysnip validate). Coverage gaps do
not count as drift, since most services have many operations without an example, unless
``--strict-coverage`` is given. A toolchain recorded in the report but unavailable on
this machine cannot be compared: it is shown as a note and does not count either.

Drift assumes the spec was valid when written: it walks the raw YAML against the model
and keeps going after every finding. It does not re-run the key-policy lint, and a value
given under a removed name is not checked against the suggested new member (the
suggestion is a guess; polysnip validate checks it once the spec is edited).
"""

from __future__ import annotations

import difflib
import importlib.metadata
import json
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from botocore.exceptions import DataNotFoundError, UnknownServiceError
from botocore.model import OperationModel, ServiceModel, Shape, StructureShape

from . import __version__, service

# The validator's own checks, so that drift and validate never disagree about a value.
from .checks import check_length, check_range, check_string, describe_value
from .model import JsonData
from .placeholders import Scope, interpolate, plain, read_placeholders
from .problems import EXIT_FAILED, EXIT_OK, BadInput, Kind, Location, Problem, Severity
from .report import load_report, report_path
from .service_rules import rules_for
from .source import PathKey, SourceDoc, format_path, load_yaml

DEFAULT_OUT = "docs"  # where verify wrote the reports: report.report_path(out, spec)

REMOVED, REQUIRED, TYPE, CONSTRAINTS, VERSIONS, COVERAGE = (
    "removed",
    "required",
    "type",
    "constraints",
    "versions",
    "coverage",
)
GROUP_TITLES: dict[str, str] = {
    REMOVED: "Removed or renamed in the model (parameters, members, result fields, operations)",
    REQUIRED: "Newly required members the spec does not give",
    TYPE: "Type changes: the spec's value no longer has the member's type",
    CONSTRAINTS: "Constraint violations: length, range, enum or pattern",
    VERSIONS: "SDK and tool versions differ from the last verification (re-verify needed)",
    COVERAGE: "Coverage: operations without an example",
}
GROUPS = tuple(GROUP_TITLES)

_REF = re.compile(r"\$\{([^}]*)\}")


@dataclass(frozen=True)
class Finding:
    group: str  # one of GROUPS
    location: Location
    path: str  # spec path such as operations[1].params.PolicyName ('' for a whole spec)
    message: str
    suggestion: str | None = None  # the likely new name of a removed member or operation
    counts: bool = True  # False for notes, which never make the exit code 1

    def format(self) -> str:
        where = f" {self.path}:" if self.path else ""
        note = "" if self.counts else " note:"
        return f"{self.location}:{where}{note} {self.message}"

    @property
    def problem(self) -> Problem:
        """The finding as a Problem of kind DRIFT (a note is a warning)."""
        severity = Severity.ERROR if self.counts else Severity.WARNING
        return Problem(self.location, self.path, self.message, severity, Kind.DRIFT, self.suggestion)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "path": self.path,
            "message": self.message,
            "suggestion": self.suggestion,
            "counts": self.counts,
        }


@dataclass(frozen=True)
class Coverage:
    """Which operations of one service have an example in any of the specs checked."""

    service: str
    location: Location  # the first spec's service key
    operations: tuple[str, ...]  # every operation of the model
    covered: tuple[str, ...]  # those used by some spec

    @property
    def uncovered(self) -> tuple[str, ...]:
        return tuple(op for op in self.operations if op not in self.covered)

    def to_dict(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "operations": len(self.operations),
            "covered": list(self.covered),
            "uncovered": list(self.uncovered),
        }


@dataclass(frozen=True)
class Toolchains:
    """What is installed now: versions per report group, and why a runner is unavailable."""

    versions: dict[str, dict[str, str]]
    unavailable: dict[str, str] = field(default_factory=dict)


@dataclass
class DriftReport:
    specs: list[str]
    findings: list[Finding]
    coverage: list[Coverage]
    strict_coverage: bool = False
    data_path: str | None = None
    botocore: str = field(default_factory=service.botocore_version)

    @property
    def problems(self) -> list[Problem]:
        """Every finding as a Problem of kind DRIFT (notes as warnings)."""
        return [finding.problem for finding in self.findings]

    def group(self, name: str) -> list[Finding]:
        return [f for f in self.findings if f.group == name]

    @property
    def counted(self) -> list[Finding]:
        """Findings that make the exit code 1 (coverage only with strict_coverage)."""
        found = [f for f in self.findings if f.counts]
        if self.strict_coverage:
            found += [self._coverage_finding(c) for c in self.coverage if c.uncovered]
        return found

    @property
    def drift(self) -> bool:
        return bool(self.counted)

    @property
    def exit_code(self) -> int:
        return EXIT_FAILED if self.drift else EXIT_OK

    def _coverage_finding(self, cov: Coverage) -> Finding:
        return Finding(
            COVERAGE,
            cov.location,
            "service",
            f"{cov.service}: {len(cov.covered)} of {len(cov.operations)} operations have an example; "
            f"{len(cov.uncovered)} have none",
            counts=self.strict_coverage,
        )

    def to_dict(self) -> dict[str, Any]:
        groups: dict[str, Any] = {}
        for name in GROUPS:
            if name == COVERAGE:
                continue
            items = self.group(name)
            groups[name] = {"title": GROUP_TITLES[name], "count": len(items), "findings": [f.to_dict() for f in items]}
        return {
            "drift": self.drift,
            "exit_code": self.exit_code,
            "botocore": self.botocore,
            "data_path": self.data_path,
            "strict_coverage": self.strict_coverage,
            "specs": self.specs,
            "groups": groups,
            "coverage": [c.to_dict() for c in self.coverage],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def format_text(self) -> str:
        source = (
            f"the botocore data in {self.data_path} (botocore {self.botocore})"
            if self.data_path
            else f"botocore {self.botocore}"
        )
        lines = [f"drift of {len(self.specs)} spec(s) against {source}: {', '.join(self.specs)}"]
        for name in GROUPS:
            if name == COVERAGE:
                continue
            items = self.group(name)
            notes = sum(1 for f in items if not f.counts)
            count = f"{len(items) - notes}" + (f", {notes} note(s)" if notes else "")
            lines += ["", f"{GROUP_TITLES[name]} ({count})"]
            lines += [f"  {f.format()}" for f in items] or ["  none"]
        total = sum(len(c.uncovered) for c in self.coverage)
        counted = (
            "counted as drift (--strict-coverage)"
            if self.strict_coverage
            else "not counted as drift; --strict-coverage counts them"
        )
        lines += ["", f"{GROUP_TITLES[COVERAGE]} ({total}; {counted})"]
        for cov in self.coverage:
            lines.append(f"  {self._coverage_finding(cov).format()}")
            lines += _wrap(", ".join(cov.uncovered), "    ")
        if not self.coverage:
            lines.append("  none")
        counted_findings = self.counted
        if counted_findings:
            groups = sorted({f.group for f in counted_findings}, key=GROUPS.index)
            lines += ["", f"drift found: {len(counted_findings)} finding(s) in {', '.join(groups)}"]
        else:
            lines += ["", "no drift: nothing to do"]
        return "\n".join(lines)


def _wrap(text: str, indent: str, width: int = 100) -> list[str]:
    return textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False)


# --- the spec against the model ------------------------------------------------------


@dataclass
class SpecDrift:
    """What one spec uses and what no longer fits the model."""

    file: str
    service: str
    service_location: Location
    model: ServiceModel
    findings: list[Finding]
    used_operations: set[str]


def spec_drift(path: Path | str, data_path: str | None = None) -> SpecDrift:
    """Compare one spec with the service model; raises BadInput when the spec cannot be read."""
    path = Path(path)
    doc = load_yaml(path, display=str(path))
    if not isinstance(doc.data, dict):
        raise BadInput(
            [doc.problem((), f"expected a mapping with a 'polysnip' version; got {describe_value(doc.data)}")]
        )
    name = doc.data.get("service")
    if not isinstance(name, str) or not name:
        raise BadInput(
            [doc.problem(("service",), f"expected a botocore service name such as 'kms'; got {describe_value(name)}")]
        )
    try:
        model = service.service_model(name, data_path)
    except UnknownServiceError:
        known = service.available_services(data_path)
        raise BadInput(
            [
                doc.problem(
                    ("service",),
                    f"unknown AWS service {name!r}{service.suggest(name, known)}; expected a botocore service "
                    f"name such as 'kms'",
                )
            ]
        ) from None
    except (DataNotFoundError, ValueError) as exc:  # a broken data directory
        raise BadInput([doc.problem(("service",), f"cannot load the {name} service model: {exc}")]) from None
    walker = _Walker(doc, name, model, data_path)
    walker.walk()
    if walker.bad:
        raise BadInput(
            walker.bad + [doc.problem((), "the spec itself is broken, not the model; run: polysnip validate")]
        )
    return SpecDrift(doc.file, name, doc.location(("service",)), model, walker.findings, walker.used)


class _Walker:
    """Walks the raw YAML of one spec against the model, collecting findings by group."""

    def __init__(self, doc: SourceDoc, service_name: str, model: ServiceModel, data_path: str | None):
        self.doc = doc
        self.service_name = service_name
        self.model = model
        self.findings: list[Finding] = []
        self.bad: list[Problem] = []  # problems of the spec itself, not of the model
        self.used: set[str] = set()
        self.scope = Scope()  # the spec's placeholders, for the values that use them
        self.document_members = rules_for(service_name).document_members

    # --- recording -----------------------------------------------------------------

    def add(self, group: str, path: PathKey, message: str, suggestion: str | None = None) -> None:
        self.findings.append(Finding(group, self.doc.location(path), format_path(path), message, suggestion))

    def broken(self, path: PathKey, message: str) -> None:
        self.bad.append(self.doc.problem(path, message))

    def checked(self, group: str, problems: list[Problem]) -> None:
        """Errors of one of the validator's checks become findings of group."""
        for problem in problems:
            if problem.severity is Severity.ERROR:
                self.findings.append(
                    Finding(group, problem.location, problem.path, problem.message, problem.suggestion)
                )

    def spec_problems(self, problems: list[Problem]) -> None:
        """Errors of the validator's steps (an unknown placeholder, say) are problems of the
        spec itself, not drift."""
        self.bad += [p for p in problems if p.severity is Severity.ERROR]

    def resolved(self, path: PathKey, text: str, variables: Mapping[str, Shape]) -> tuple[str | None, str | None]:
        """The text with placeholders resolved, and the placeholder or variable it wholly is."""
        display, ref, problems = interpolate(self.doc, path, text, self.scope, variables)
        self.spec_problems(problems)
        return display, ref

    # --- structure -----------------------------------------------------------------

    def walk(self) -> None:
        data = self.doc.data
        self.scope, problems = read_placeholders(self.doc, data.get("placeholders", {}))
        self.spec_problems(problems)
        fixtures = data.get("fixtures") or {}
        if isinstance(fixtures, dict):
            for name, fixture in fixtures.items():
                path: PathKey = ("fixtures", name)
                if self.entry(path, fixture):
                    self.call(path, fixture, {}, output=fixture.get("output"))
        else:
            self.broken(("fixtures",), f"expected a mapping of fixture names; got {describe_value(fixtures)}")
        operations = data.get("operations")
        if not isinstance(operations, list):
            self.broken(("operations",), f"expected a non-empty list of operations; got {describe_value(operations)}")
            operations = []
        for index, entry in enumerate(operations):
            path = ("operations", index)
            if not self.entry(path, entry):
                continue
            self.call(path, entry, {})
            then = entry.get("then") or []
            if not isinstance(then, list):
                self.broken(path + ("then",), f"expected a list of follow-up calls; got {describe_value(then)}")
                continue
            for number, follow in enumerate(then):
                if self.entry(path + ("then", number), follow):
                    self.call(path + ("then", number), follow, {})
        scenarios = data.get("scenarios") or []
        if not isinstance(scenarios, list):
            self.broken(("scenarios",), f"expected a list of scenarios; got {describe_value(scenarios)}")
            scenarios = []
        for index, scenario in enumerate(scenarios):
            steps = scenario.get("steps") if isinstance(scenario, dict) else None
            if not isinstance(steps, list):
                self.broken(("scenarios", index, "steps"), f"expected a list of steps; got {describe_value(steps)}")
                continue
            variables: dict[str, Shape] = {}
            self.scope.broken_variables = set()
            for number, step in enumerate(steps):
                path = ("scenarios", index, "steps", number)
                if isinstance(step, dict) and "edit" in step:
                    continue
                if self.entry(path, step):
                    self.call(path, step, variables)

    def entry(self, path: PathKey, entry: Any) -> bool:
        if not isinstance(entry, dict) or not isinstance(entry.get("operation"), str):
            self.broken(path, "expected a mapping with an 'operation' name")
            return False
        return True

    def call(self, path: PathKey, fields: dict[str, Any], variables: dict[str, Shape], output: Any = None) -> None:
        name = fields["operation"]
        self.used.add(name)
        if name not in self.model.operation_names:
            unused = [op for op in self.model.operation_names if op not in self.used]
            guess = service.closest(name, unused)
            hint = f" (removed or renamed; likely now {guess!r})" if guess else " (removed or renamed)"
            self.add(REMOVED, path + ("operation",), f"{self.service_name} has no operation {name!r}{hint}", guess)
            for variable in fields.get("save") or {}:
                self.scope.broken_variables.add(variable)
            return
        op = self.model.operation_model(name)
        self.params(path + ("params",), fields.get("params"), op, variables)
        expect = fields.get("expect") or {}
        if isinstance(expect, dict):
            for member, matcher in expect.items():
                self.expectation(path + ("expect", member), op, member, matcher)
        else:
            self.broken(path + ("expect",), f"expected a mapping of output members; got {describe_value(expect)}")
        save = fields.get("save") or {}
        if isinstance(save, dict):
            for variable, member in save.items():
                shape = self.result_member(path + ("save", variable), op, member, "save")
                if shape is not None and shape.type_name == "string":
                    variables[variable] = shape
                else:
                    self.scope.broken_variables.add(variable)
        if isinstance(output, str):
            self.result_member(path + ("output",), op, output, "a fixture output")

    # --- request members -------------------------------------------------------------

    def params(self, path: PathKey, raw: Any, op: OperationModel, variables: Mapping[str, Shape]) -> None:
        shape = op.input_shape
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            self.broken(path, f"expected a mapping of parameter names to values; got {describe_value(raw)}")
            return
        if shape is None:
            if raw:
                self.add(REMOVED, path, f"{op.name} takes no parameters any more; the spec gives {', '.join(raw)}")
            return
        self.structure(path, raw, shape, variables, request=True, owner=f"{op.name}", what="parameter")

    def structure(
        self,
        path: PathKey,
        raw: dict[str, Any],
        shape: Shape,
        variables: Mapping[str, Shape],
        *,
        request: bool,
        owner: str,
        what: str,
    ) -> None:
        assert isinstance(shape, StructureShape)
        members = shape.members
        given = [name for name in raw if name in members]
        claimed: set[str] = set()
        for name, value in raw.items():
            if name in members:
                self.value(path + (name,), value, members[name], variables, request=request)
                continue
            guess = _rename_candidate(name, value, shape, set(given) | claimed, variables)
            if guess is not None:
                claimed.add(guess)
                required = ", which is required" if guess in shape.required_members else ""
                hint = f"removed or renamed; likely now {guess!r}{required}"
            else:
                hint = "removed or renamed"
            self.add(
                REMOVED,
                path + (name,),
                f"{owner} has no {what} {name!r} ({hint}); {what}s: {', '.join(members)}",
                guess,
            )
        if not request:
            return
        for name in shape.required_members:
            if name not in given and name not in claimed:
                self.add(
                    REQUIRED,
                    path,
                    f"{owner} requires {what} {name!r} ({_describe(members[name])}); the spec does not give it",
                )

    def value(self, path: PathKey, raw: Any, shape: Shape, variables: Mapping[str, Shape], *, request: bool) -> None:
        kind = shape.type_name
        if isinstance(raw, str):
            whole = _REF.fullmatch(raw)
            if whole and (whole.group(1) in variables or whole.group(1) in self.scope.broken_variables):
                if kind != "string":
                    self.add(
                        TYPE,
                        path,
                        f"{path[-1]} is now {service.describe_type(shape)}; the spec gives it the saved "
                        f"document ${{{whole.group(1)}}}",
                    )
                return  # a saved document: its content is the service's, not the spec's
        if not _fits(raw, kind):
            got = describe_value(raw)
            if isinstance(raw, (int, float)) and not isinstance(raw, bool) and kind == "string":
                got = f"the number {raw!r}"
            self.add(TYPE, path, f"{path[-1]} is now {service.describe_type(shape)}; the spec gives {got}")
            return
        if kind == "structure":
            self.structure(path, raw, shape, variables, request=request, owner=shape.name, what="member")
        elif kind == "list":
            self.checked(CONSTRAINTS, check_length(self.doc, path, shape, len(raw), "items"))
            for index, item in enumerate(raw):
                self.value(path + (index,), item, shape.member, variables, request=request)  # type: ignore[attr-defined]
        elif kind == "map":
            self.checked(CONSTRAINTS, check_length(self.doc, path, shape, len(raw), "entries"))
            for key, item in raw.items():
                self.checked(CONSTRAINTS, check_string(self.doc, path + (key,), key, shape.key, "key"))  # type: ignore[attr-defined]
                self.value(path + (key,), item, shape.value, variables, request=request)  # type: ignore[attr-defined]
        elif kind in ("integer", "long", "float", "double"):
            self.checked(CONSTRAINTS, check_range(self.doc, path, shape, raw))
        elif kind == "string":
            if isinstance(raw, (dict, list)):
                document, problems = plain(self.doc, path, raw, self.scope)
                self.spec_problems(problems)
                text = JsonData.of(document).text
                self.checked(CONSTRAINTS, check_string(self.doc, path, text, shape, "JSON document", pattern=False))
                return
            display, ref = self.resolved(path, raw, variables)
            if display is None:
                return
            # As in the validator: the service's lint, not the pattern, rules a document member's characters.
            pattern = path[-1] not in self.document_members
            before = len(self.findings)
            self.checked(CONSTRAINTS, check_string(self.doc, path, display, shape, "value", pattern=pattern))
            if ref is not None:
                for index in range(before, len(self.findings)):
                    finding = self.findings[index]
                    self.findings[index] = Finding(
                        finding.group,
                        finding.location,
                        finding.path,
                        f"{finding.message} (the value of placeholder ${{{ref}}})",
                    )
        elif kind in ("timestamp", "blob"):
            self.resolved(path, raw, {})

    # --- result members ----------------------------------------------------------------

    def result_member(self, path: PathKey, op: OperationModel, dotted: Any, use: str) -> Shape | None:
        if not isinstance(dotted, str) or not dotted:
            self.broken(path, f"expected a dotted output member name; got {describe_value(dotted)}")
            return None
        shape: Shape | None = op.output_shape
        if shape is None:
            self.add(REMOVED, path, f"{op.name} returns no output any more; the spec uses {dotted!r}")
            return None
        walked: list[str] = []
        for part in dotted.split("."):
            if shape.type_name != "structure":
                self.add(
                    TYPE,
                    path,
                    f"{op.name} output {'.'.join(walked)} is now {service.describe_type(shape)}; {dotted!r} "
                    f"needs a structure there",
                )
                return None
            members = shape.members  # type: ignore[attr-defined]
            if part not in members:
                guess = _rename_candidate(part, None, shape, set(), {})
                owner = f"{op.name} output" + (f" member {'.'.join(walked)}" if walked else "")
                hint = f"removed or renamed; likely now {guess!r}" if guess else "removed or renamed"
                used = f" (in {dotted!r})" if "." in dotted else ""
                self.add(
                    REMOVED,
                    path,
                    f"{owner} has no member {part!r}{used} ({hint}); members: {', '.join(members)}",
                    guess,
                )
                return None
            walked.append(part)
            shape = members[part]
        assert shape is not None
        if use != "expect" and shape.type_name != "string":
            self.add(
                TYPE,
                path,
                f"{op.name} output {dotted} is now {service.describe_type(shape)}; {use} needs a string member",
            )
        return shape

    def expectation(self, path: PathKey, op: OperationModel, member: str, matcher: Any) -> None:
        shape = self.result_member(path, op, member, "expect")
        if shape is None:
            return
        if (
            isinstance(matcher, dict)
            and len(matcher) == 1
            and next(iter(matcher)) in ("equals", "json_equals", "json_at")
        ):
            kind, expected = next(iter(matcher.items()))
            epath = path + (kind,)
        else:
            kind, expected, epath = "equals", matcher, path
        if kind == "equals":
            self.value(epath, expected, shape, {}, request=False)
        elif shape.type_name != "string":
            self.add(
                TYPE,
                epath,
                f"{member} is now {service.describe_type(shape)}; {kind} needs a string member holding JSON",
            )


def _fits(raw: Any, kind: str) -> bool:
    """Whether a YAML value has the kind of value a member of this type takes."""
    if kind == "string":
        return isinstance(raw, (str, dict, list))  # a mapping or list is a JSON document
    if kind in ("structure", "map"):
        return isinstance(raw, dict)
    if kind == "list":
        return isinstance(raw, list)
    if kind == "boolean":
        return isinstance(raw, bool)
    if kind in ("integer", "long"):
        return isinstance(raw, int) and not isinstance(raw, bool)
    if kind in ("float", "double"):
        return isinstance(raw, (int, float)) and not isinstance(raw, bool)
    if kind in ("timestamp", "blob"):
        return isinstance(raw, str)
    return True


def _describe(shape: Shape) -> str:
    described = service.describe_type(shape)
    limits = service.shape_constraints(shape)
    extra = [f"{k} {v}" for k, v in limits.items() if k != "enum"]
    if "enum" in limits:
        extra.append(f"one of {', '.join(map(str, limits['enum']))}")  # type: ignore[call-overload]
    return described + (f"; {', '.join(extra)}" if extra else "")


def _rename_candidate(
    old: str, value: Any, shape: Shape, given: set[str], variables: Mapping[str, Shape]
) -> str | None:
    """The member of shape that a member the model no longer has was most likely renamed to.

    Candidates are the members the spec does not already give whose type accepts the
    spec's value (any type when there is no value, as for result fields). The name
    service.suggest proposes (as validate would) wins; otherwise candidates are scored by
    name similarity, how many words of the old name their documentation uses (a renamed
    member usually keeps its documentation), and whether they are required and missing
    (a renamed required member shows up as a new required one).
    """
    members: dict[str, Shape] = shape.members  # type: ignore[attr-defined]
    is_variable = isinstance(value, str) and (m := _REF.fullmatch(value)) is not None and m.group(1) in variables
    candidates = [
        name
        for name, member in members.items()
        if name not in given
        and (value is None or (member.type_name == "string" if is_variable else _fits(value, member.type_name)))
    ]
    if not candidates:
        return None
    hinted = service.closest(old, candidates)
    if hinted is not None:
        return hinted

    def norm(text: str) -> str:
        return re.sub(r"[^a-z0-9]", "", text.lower())

    words = [w.lower() for w in service.name_words(old)]
    scores: dict[str, float] = {}
    for name in candidates:
        similarity = difflib.SequenceMatcher(None, norm(old), norm(name)).ratio()
        if norm(old) in norm(name) or norm(name) in norm(old):
            similarity = max(similarity, 0.8)
        doc = re.sub(r"<[^>]+>", " ", members[name].documentation or "").lower()
        documented = sum(1 for w in words if re.search(rf"\b{re.escape(w)}\b", doc)) / max(len(words), 1)
        required = 0.2 if name in shape.required_members else 0.0  # type: ignore[attr-defined]
        scores[name] = similarity + 0.5 * documented + required
    best = max(candidates, key=lambda c: scores[c])
    ranked = sorted(scores.values(), reverse=True)
    if scores[best] < 0.9 or (len(ranked) > 1 and ranked[0] - ranked[1] < 0.1):
        return None  # nothing stands out
    return best


# --- versions ----------------------------------------------------------------------------


def installed_versions() -> Toolchains:
    """The versions verification would record now: moto and each runner's availability()."""
    from .runners import RUNNERS

    try:
        moto = importlib.metadata.version("moto")
    except importlib.metadata.PackageNotFoundError:
        moto = "not installed"
    versions: dict[str, dict[str, str]] = {"moto": {"moto": moto}}
    unavailable: dict[str, str] = {}
    for language, runner in RUNNERS.items():
        found = runner.availability()
        if found.ok:
            versions[language] = dict(found.versions)
        else:
            unavailable[language] = found.reason
    return Toolchains(versions, unavailable)


def version_drift(spec_file: str, report: Path, installed: Toolchains) -> list[Finding]:
    """Differences between the versions recorded in a verification report and installed ones.

    Raises BadInput when the report exists but cannot be read (report.load_report says why).
    """
    if not report.exists():
        return [
            Finding(
                VERSIONS,
                Location(spec_file, 1, 1),
                "",
                f"never verified: no report at {report}; run: polysnip verify {spec_file}",
            )
        ]
    display = str(report)
    unusable: list[Problem] = []
    loaded = load_report(report, unusable)
    if loaded is None:
        raise BadInput([Problem(p.location, p.path, p.message, Severity.ERROR, p.kind) for p in unusable])
    recorded = loaded.versions
    text = report.read_text(encoding="utf-8")
    lines = text.splitlines()
    rerun = f"re-verify: polysnip verify {spec_file}"
    findings: list[Finding] = []

    def add(group: str, tool: str | None, message: str, counts: bool = True) -> None:
        findings.append(
            Finding(
                VERSIONS,
                Location(display, *_json_line(lines, group, tool)),
                f"versions.{group}" + (f".{tool}" if tool else ""),
                message,
                counts=counts,
            )
        )

    old_polysnip = loaded.polysnip
    if old_polysnip != __version__:
        findings.append(
            Finding(
                VERSIONS,
                Location(display, *_json_line(lines, "polysnip", None)),
                "polysnip",
                f"polysnip {old_polysnip} verified it; {__version__} is installed; {rerun}",
            )
        )
    for group in sorted(set(recorded) | set(installed.versions)):
        old = {str(k): str(v) for k, v in recorded.get(group, {}).items()}
        if group not in installed.versions:
            why = installed.unavailable.get(group, "no runner for it here")
            add(
                group,
                None,
                f"{group} was verified with {_list(old)} but is unavailable here ({why}); cannot compare",
                counts=False,
            )
            continue
        new = installed.versions[group]
        if group not in recorded:
            add(group, None, f"{group} is available here ({_list(new)}) but was not verified; {rerun}")
            continue
        for tool in sorted(set(old) | set(new)):
            what = tool if tool == group else f"{group}: {tool}"
            if tool not in new:
                add(group, tool, f"{what} {old[tool]} was verified; the installed toolchain reports no {tool}; {rerun}")
            elif tool not in old:
                add(group, tool, f"{what} {new[tool]} is installed; the report records no {tool} version; {rerun}")
            elif old[tool] != new[tool]:
                add(group, tool, f"{what} {old[tool]} was verified; {new[tool]} is installed; {rerun}")
    return findings


def _list(versions: Mapping[str, str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(versions.items())) or "no versions"


def _json_line(lines: list[str], group: str, tool: str | None) -> tuple[int, int]:
    """Line and column of "group" (and "tool" inside it) in a report written by Report.to_json.

    A group the report lacks points at "versions"; anything not found at line 1.
    """

    def find(key: str, start: int, stop: int) -> int | None:
        return next((i for i in range(start, stop) if lines[i].lstrip().startswith(f'"{key}":')), None)

    def at(index: int) -> tuple[int, int]:
        return index + 1, len(lines[index]) - len(lines[index].lstrip()) + 1

    if group == "polysnip":
        found = find("polysnip", 0, len(lines))
        return at(found) if found is not None else (1, 1)
    versions = find("versions", 0, len(lines))
    if versions is None:
        return 1, 1
    end = len(lines)
    start = find(group, versions + 1, end)
    if start is None:
        return at(versions)
    if tool is not None:
        close = next((i for i in range(start + 1, end) if lines[i].strip().startswith("}")), end)
        inner = find(tool, start + 1, close)
        if inner is not None:
            return at(inner)
    return at(start)


# --- the whole check -----------------------------------------------------------------------


def check_drift(
    paths: list[Path],
    *,
    data_path: str | None = None,
    out_root: Path = Path(DEFAULT_OUT),
    installed: Toolchains | None = None,
    strict_coverage: bool = False,
) -> DriftReport:
    """Drift of every spec; raises BadInput (with every problem of every spec) on bad input.

    installed is what is installed now; by default installed_versions() asks every runner.
    """
    problems: list[Problem] = []
    results: list[SpecDrift] = []
    for path in paths:
        try:
            results.append(spec_drift(path, data_path))
        except BadInput as exc:
            problems += exc.problems
    if problems:
        raise BadInput(problems)
    toolchains = installed if installed is not None else installed_versions()
    findings: list[Finding] = []
    for path, result in zip(paths, results, strict=True):
        findings += result.findings
        try:
            findings += version_drift(result.file, report_path(out_root, path.stem), toolchains)
        except BadInput as exc:
            problems += exc.problems
    if problems:
        raise BadInput(problems)
    coverage: list[Coverage] = []
    for name in dict.fromkeys(r.service for r in results):
        same = [r for r in results if r.service == name]
        used = set().union(*(r.used_operations for r in same))
        operations = tuple(same[0].model.operation_names)
        coverage.append(
            Coverage(name, same[0].service_location, operations, tuple(op for op in operations if op in used))
        )
    findings.sort(key=lambda f: (GROUPS.index(f.group), f.location, f.path))
    return DriftReport([r.file for r in results], findings, coverage, strict_coverage, data_path)

