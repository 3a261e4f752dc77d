"""Stage 2: turn a located YAML document into a validated Model.

Every value is checked against the installed botocore service model (names, required
members, types, lengths, ranges, enums, patterns) and the service's own rules
(service_rules, e.g. the KMS key-policy lint). Problems are collected, never raised one by one.

The public front end, used by every command:

    check(document, overrides)   a located document (source.SourceDoc) -> (Model | None, problems);
                                 in memory: check(model.document, overrides) checks a loaded spec
                                 again with other placeholder values without reading the file
    load_spec(path, overrides)   reads the file, then check(); raises BadInput on errors

The individual checks, each returning its Problems, live in checks.py (check_length,
check_range, check_string) and placeholders.py (read_placeholders, interpolate, plain);
this module re-exports them.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from botocore import xform_name
from botocore.exceptions import UnknownServiceError
from botocore.model import OperationModel, ServiceModel, Shape

from . import service
from .checks import (
    CONTROL,
    MAX_ID_CHARS,
    MISSING,
    VALUE_CONTROL,
    Collector,
    check_length,
    check_range,
    check_string,
    control_message,
    describe_value,
    excerpt,
    member_name,
)
from .example_values import unflagged_examples
from .model import (
    BlobValue,
    BoolValue,
    Call,
    Edit,
    Expectation,
    Fixture,
    JsonData,
    JsonDocValue,
    ListValue,
    MapValue,
    Model,
    NumValue,
    Operation,
    Param,
    Placeholder,
    PlaceholderRef,
    Scenario,
    Step,
    StructValue,
    StrValue,
    Value,
    VariableRef,
)
from .placeholders import (
    MAX_EXPANDED_CHARS,
    MAX_PLACEHOLDER_DEPTH,
    MAX_VALUE_CHARS,
    NAME_PATTERN,
    REF,
    Scope,
    collect_placeholders,
    interpolate,
    plain,
    read_placeholders,
    used_placeholders,
)
from .problems import BadInput, Location, Problem, Severity
from .service_rules import ServiceRules, rules_for
from .source import PathKey, SourceDoc, load_yaml

__all__ = [
    "MAX_EDIT_PATH",
    "MAX_EXPANDED_CHARS",
    "MAX_ID_CHARS",
    "MAX_PLACEHOLDER_DEPTH",
    "MAX_VALUE_CHARS",
    "RESERVED_IDS",
    "RESERVED_SPEC_NAMES",
    "SPEC_VERSION",
    "Scope",
    "check",
    "check_length",
    "check_range",
    "check_spec_name",
    "check_string",
    "describe_value",
    "interpolate",
    "load_all",
    "load_spec",
    "operation_slug",
    "plain",
    "read_placeholders",
]

SPEC_VERSION = 1
# Ids name pages and program files; file stems name output folders. Both are slugs.
_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_STEM = re.compile(r"[a-z0-9]+([-_][a-z0-9]+)*")
# Unit ids: pages the generator writes beside the units' (index.md, coverage.txt) and the client program.
RESERVED_IDS = frozenset({"index", "create-client", "coverage"})
# Spec file stems: what the site holds beside the specs' folders.
RESERVED_SPEC_NAMES = frozenset(
    {
        "index",
        "verification",
        "stylesheets",
        "assets",
        "search",
        "javascripts",
        "images",
        "benchmarks",
        "spec-format",
        "404",
    }
)
MAX_EDIT_PATH = 32  # segments of an edit or json_at path


def load_spec(
    path: Path | str,
    *,
    overrides: Mapping[str, str] | None = None,
    data_path: str | None = None,
) -> tuple[Model, list[Problem]]:
    """Load and validate one spec. Returns the model and its warnings; raises BadInput.

    overrides replaces placeholder values (verification passes real fixture values).
    """
    path = Path(path)
    name_problems = check_spec_name(str(path))
    if name_problems:
        raise BadInput(name_problems)
    doc = load_yaml(path, display=str(path))
    model, problems = check(doc, overrides, data_path=data_path)
    if model is None:
        raise BadInput(problems)
    return model, problems


def check(
    document: SourceDoc, overrides: Mapping[str, str] | None = None, *, data_path: str | None = None
) -> tuple[Model | None, list[Problem]]:
    """Check a located document. Returns the model (None when there is an error) and every problem,
    in spec order. overrides replaces placeholder values (verification passes real fixture values).

    The document is not changed: check(model.document, overrides) checks a spec again."""
    builder = _SpecBuilder(document, overrides or {}, data_path)
    model = builder.build()
    problems = builder.problems
    if not any(p.severity is Severity.ERROR for p in problems):  # advice for a spec that is otherwise valid
        problems = problems + unflagged_examples(document)
    problems = _ordered(problems)
    if model is None or any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    return model, problems


def check_spec_name(file: str) -> list[Problem]:
    """The spec file's stem names its output folder: it must be a slug that is not reserved."""
    name = file.replace("\\", "/").rsplit("/", 1)[-1]
    stem = name[: -len(".yaml")] if name.endswith(".yaml") else name.rsplit(".", 1)[0] if "." in name else name
    where = Location(file, 1, 1)
    rule = (
        f"a spec file is named <name>.yaml, where <name> (its output folder) is lower-case letters and digits, "
        f"words joined by single '-' or '_', at most {MAX_ID_CHARS} characters"
    )
    if not _STEM.fullmatch(stem) or len(stem) > MAX_ID_CHARS:
        shown = stem if len(stem) <= MAX_ID_CHARS else stem[: MAX_ID_CHARS - 3] + "..."
        return [Problem(where, "", f"file name {name!r} cannot name an output folder ({shown!r}); {rule}")]
    if stem in RESERVED_SPEC_NAMES:
        return [
            Problem(
                where,
                "",
                f"file name {name!r} is reserved: the site already has {stem!r}; "
                f"rename the spec (reserved: {', '.join(sorted(RESERVED_SPEC_NAMES))})",
            )
        ]
    return []


def _ordered(problems: list[Problem]) -> list[Problem]:
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.location, p.path))


def operation_slug(operation: str) -> str:
    """PutKeyPolicy -> put-key-policy (the AWS CLI's command name)."""
    return xform_name(operation, "-")


class _SpecBuilder(Collector):
    def __init__(self, doc: SourceDoc, overrides: Mapping[str, str], data_path: str | None):
        super().__init__(doc)
        self.source = doc
        self.overrides = overrides
        self.data_path = data_path
        self.scope = Scope()
        self.service_name = ""
        self.service_model: ServiceModel | None = None
        self.rules: ServiceRules = ServiceRules()

    @property
    def placeholders(self) -> dict[str, Placeholder]:
        return self.scope.placeholders

    def interpolate(self, path: PathKey, text: str, variables: Mapping[str, Shape]) -> tuple[str | None, str | None]:
        display, ref, problems = interpolate(self.doc, path, text, self.scope, variables)
        self.problems += problems
        return display, ref

    def plain(self, path: PathKey, value: Any, *, controls: bool = True) -> Any:
        result, problems = plain(self.doc, path, value, self.scope, controls=controls)
        self.problems += problems
        return result

    # --- top level -------------------------------------------------------------------

    def build(self) -> Model | None:
        root_path: PathKey = ()
        top = self.mapping(
            root_path,
            self.doc.data,
            required=("polysnip", "service", "operations"),
            optional=("region", "title", "description", "placeholders", "fixtures", "scenarios"),
        )
        if top is None:
            return None
        version = top.get("polysnip")
        if "polysnip" in top and version != SPEC_VERSION:
            self.error(("polysnip",), f"unsupported spec version {version!r}; expected {SPEC_VERSION}")
        self.service_name = self.text(("service",), top.get("service", MISSING), default="", one_line=True)
        if not self.service_name:
            return None
        try:
            self.service_model = service.service_model(self.service_name, self.data_path)
        except UnknownServiceError:
            known = service.available_services(self.data_path)
            meant = service.closest(self.service_name, known)
            self.error(
                ("service",),
                f"unknown AWS service {self.service_name!r}{service.did_you_mean(meant)}; "
                "expected a botocore service name such as 'kms'",
                meant,
            )
            return None
        self.rules = rules_for(self.service_name)
        region = self.text(("region",), top.get("region", MISSING), default="us-east-1", controls=False)
        if region and not re.fullmatch(r"[a-z]{2}(-[a-z]+)+-\d", region):
            self.error(("region",), f"{region!r} does not look like an AWS region; expected e.g. 'us-west-2'")

        self.scope = collect_placeholders(self, top.get("placeholders", {}), self.overrides)
        fixtures = self._fixtures(top.get("fixtures", {}))
        # A fixture that is defined but broken has been reported already.
        defined = list(top["fixtures"]) if isinstance(top.get("fixtures"), dict) else [f.name for f in fixtures]
        for placeholder in self.placeholders.values():
            if placeholder.fixture and placeholder.fixture not in defined:
                meant = service.closest(placeholder.fixture, defined)
                self.error(
                    ("placeholders", placeholder.name, "fixture"),
                    f"unknown fixture {placeholder.fixture!r}{service.did_you_mean(meant)}; "
                    f"expected one of: {', '.join(defined) or '(no fixtures defined)'}",
                    meant,
                )
        # A placeholder takes its real value from its fixture's output; a fixture no placeholder
        # names (a bucket whose name the spec gives) needs none.
        named = {p.fixture for p in self.placeholders.values() if p.fixture}
        for fixture in fixtures:
            if fixture.name in named and not fixture.output:
                self.error(("fixtures", fixture.name), "missing required key 'output'")
        operations = self._operations(top["operations"]) if "operations" in top else []
        scenarios = self._scenarios(top.get("scenarios", []))
        self._check_unit_ids(operations, scenarios)
        if self.placeholders:
            used = self._used_placeholders()
            for name in self.placeholders:
                if name not in used:
                    self.warning(("placeholders", name), f"placeholder {name!r} is never used")
        return Model(
            source=self.doc.file,
            service=self.service_name,
            region=region,
            title=self.text(
                ("title",),
                top.get("title", MISSING),
                default=self.service_model.metadata.get("serviceFullName", self.service_name),
                one_line=True,
            ),
            description=self.text(("description",), top.get("description", MISSING), default=""),
            service_model=self.service_model,
            placeholders=tuple(self.placeholders.values()),
            fixtures=tuple(fixtures),
            operations=tuple(operations),
            scenarios=tuple(scenarios),
            document=self.source,
        )

    def _check_unit_ids(self, operations: list[Operation], scenarios: list[Scenario]) -> None:
        """An operation and a scenario name pages and programs in one folder: their ids must differ."""
        first: dict[str, int] = {op.id: index for index, op in enumerate(operations)}
        raw = self.doc.data.get("scenarios") if isinstance(self.doc.data, dict) else None
        for scenario in scenarios:
            if scenario.id in first:
                index = next(
                    (
                        i
                        for i, entry in enumerate(raw or [])
                        if isinstance(entry, dict) and entry.get("id") == scenario.id
                    ),
                    0,
                )
                self.error(
                    ("scenarios", index, "id"),
                    f"scenario id {scenario.id!r} is also an operation's id "
                    f"(operations[{first[scenario.id]}]); each page needs its own id",
                )

    def _unit_id(self, path: PathKey, value: Any) -> str | None:
        """An operation's or scenario's id: a slug naming its page and programs."""
        if not isinstance(value, str) or not _ID.fullmatch(value) or len(value) > MAX_ID_CHARS:
            shown = excerpt(value) if isinstance(value, str) else describe_value(value)
            self.error(
                path,
                f"id {shown} must be lower-case letters and digits, words joined by single dashes "
                f"(e.g. get-key-policy), at most {MAX_ID_CHARS} characters",
            )
            return None
        if value in RESERVED_IDS:
            self.error(
                path,
                f"id {value!r} is reserved: the generator writes a page or program of that name; choose another id",
            )
            return None
        return value

    def _used_placeholders(self) -> set[str]:
        used: set[str] = set()

        def walk(value: Any) -> None:
            if isinstance(value, str):
                used.update(m.group(1) for m in REF.finditer(value) if m.group(1))
            elif isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)

        data = dict(self.doc.data)
        data.pop("placeholders", None)
        walk(data)
        for placeholder in (self.doc.data.get("placeholders") or {}).values():
            if isinstance(placeholder, dict):
                walk(placeholder.get("value"))
        return used

    # --- fixtures, operations, scenarios -------------------------------------------

    def _fixtures(self, raw: Any) -> list[Fixture]:
        base: PathKey = ("fixtures",)
        if raw is None:
            return []
        if not isinstance(raw, dict):
            self.error(base, f"expected a mapping of fixture names; got {describe_value(raw)}")
            return []
        fixtures = []
        for name, entry in raw.items():
            path = base + (name,)
            # Without output (allowed when no placeholder names the fixture), it makes a resource
            # whose name the spec gives, such as a bucket.
            fields = self.mapping(path, entry, required=("operation",), optional=("description", "params", "output"))
            if fields is None:
                continue
            call = self._call(path, fields, {}, allow=("operation", "params", "output", "description"))
            output = self.text(path + ("output",), fields["output"]) if "output" in fields else ""
            if call is None or ("output" in fields and not output):
                continue
            shape = service.output_member(call.op_model, output) if output else None
            if output and shape is None:
                self._no_output_member(path + ("output",), call.op_model, output)
            elif shape is not None and shape.type_name != "string":
                self.error(
                    path + ("output",),
                    f"fixture output must be a string member; {output} is {service.describe_type(shape)}",
                )
            fixtures.append(
                Fixture(
                    name=name,
                    description=self.text(path + ("description",), fields.get("description", MISSING), default=""),
                    call=call,
                    output=output,
                )
            )
        return fixtures

    def _operations(self, raw: Any) -> list[Operation]:
        base: PathKey = ("operations",)
        if not isinstance(raw, list) or not raw:
            self.error(base, f"expected a non-empty list of operations; got {describe_value(raw)}")
            return []
        operations: list[Operation] = []
        seen: dict[str, int] = {}
        for index, entry in enumerate(raw):
            path = base + (index,)
            allowed = ("id", "operation", "title", "description", "params", "errors", "expect", "then", "verify")
            fields = self.mapping(path, entry, required=("operation", "title"), optional=allowed[3:] + ("id",))
            if fields is None:
                continue
            call = self._call(path, fields, {}, allow=allowed)
            if call is None:
                continue
            op_id = self._unit_id(
                path + ("id",) if "id" in fields else path + ("operation",),
                fields.get("id", operation_slug(call.operation)),
            )
            if op_id is None:
                continue
            if op_id in seen:
                self.error(
                    path + ("id",) if "id" in fields else path + ("operation",),
                    f"operation {op_id!r} is listed twice (first at operations[{seen[op_id]}]); give one of "
                    f"them a different id",
                )
                continue
            seen[op_id] = index
            then = []
            raw_then = fields.get("then", [])
            if not isinstance(raw_then, list):
                self.error(path + ("then",), f"expected a list of follow-up calls; got {describe_value(raw_then)}")
                raw_then = []
            for i, follow in enumerate(raw_then):
                fpath = path + ("then", i)
                ffields = self.mapping(fpath, follow, required=("operation",), optional=("params", "expect"))
                if ffields is not None:
                    follow_call = self._call(fpath, ffields, {}, allow=("operation", "params", "expect"))
                    if follow_call is not None:
                        then.append(follow_call)
            operations.append(
                Operation(
                    id=op_id,
                    title=self.text(path + ("title",), fields["title"], one_line=True) if "title" in fields else "",
                    description=self.text(path + ("description",), fields.get("description", MISSING), default=""),
                    call=call,
                    then=tuple(then),
                    not_executable=self._not_executable(path + ("verify",), fields.get("verify")),
                )
            )
        return operations

    def _not_executable(self, path: PathKey, raw: Any) -> str:
        """verify: {execute: false, reason: ...} marks an example moto cannot run."""
        if raw is None:
            return ""
        fields = self.mapping(path, raw, required=("execute", "reason"))
        if fields is None:
            return ""
        if fields.get("execute") is not False:
            self.error(
                path + ("execute",), "only 'execute: false' may be declared; leave 'verify' out to execute the example"
            )
            return ""
        reason = self.text(path + ("reason",), fields.get("reason", MISSING))
        if not reason:
            self.error(path + ("reason",), "say why the example cannot be executed")
        return reason

    def _scenarios(self, raw: Any) -> list[Scenario]:
        base: PathKey = ("scenarios",)
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.error(base, f"expected a list of scenarios; got {describe_value(raw)}")
            return []
        scenarios: list[Scenario] = []
        seen: set[str] = set()
        for index, entry in enumerate(raw):
            path = base + (index,)
            fields = self.mapping(path, entry, required=("id", "title", "steps"), optional=("description",))
            if fields is None or "id" not in fields:
                continue
            sc_id = self._unit_id(path + ("id",), fields.get("id"))
            if sc_id is None:
                continue
            if sc_id in seen:
                self.error(path + ("id",), f"scenario {sc_id!r} is listed twice")
                continue
            seen.add(sc_id)
            steps = self._steps(path + ("steps",), fields.get("steps"))
            scenarios.append(
                Scenario(
                    id=sc_id,
                    title=self.text(path + ("title",), fields["title"], one_line=True) if "title" in fields else "",
                    description=self.text(path + ("description",), fields.get("description", MISSING), default=""),
                    steps=tuple(steps),
                )
            )
        return scenarios

    def _steps(self, base: PathKey, raw: Any) -> list[Step]:
        if not isinstance(raw, list) or not raw:
            self.error(base, f"expected a non-empty list of steps; got {describe_value(raw)}")
            return []
        variables: dict[str, Shape] = {}  # name -> the output string shape it came from
        self.scope.broken_variables = set()
        saved_from: dict[str, str] = {}  # variable -> the output member it was saved from
        steps: list[Step] = []
        for index, entry in enumerate(raw):
            path = base + (index,)
            if isinstance(entry, dict) and "edit" in entry:
                edit = self._edit(path, entry, variables, saved_from)
                if edit is not None:
                    steps.append(edit)
                continue
            fields = self.mapping(
                path, entry, required=("operation",), optional=("comment", "params", "errors", "expect", "save")
            )
            if fields is None:
                continue
            allow = ("operation", "comment", "params", "errors", "expect", "save")
            call = self._call(path, fields, variables, allow=allow)
            if call is None:
                continue
            for variable, member in call.save:
                shape = service.output_member(call.op_model, member)
                if shape is not None:
                    variables[variable] = shape
                    saved_from[variable] = member
            steps.append(call)
        return steps

    def _edit(
        self, path: PathKey, entry: dict[str, Any], variables: Mapping[str, Shape], saved_from: Mapping[str, str]
    ) -> Edit | None:
        fields = self.mapping(path, entry, required=("edit", "append"), optional=("comment",))
        if fields is None:
            return None
        variable = fields.get("edit")
        if isinstance(variable, str) and variable in self.scope.broken_variables:
            return None  # its save step is already reported
        saved = ", ".join(variables) or "none yet"
        if not isinstance(variable, str):
            self.error(
                path + ("edit",),
                f"expected the name of a variable saved by an earlier step ({saved}); got {describe_value(variable)}",
            )
            return None
        if variable not in variables:
            self.error(
                path + ("edit",),
                f"unknown variable {variable!r}; expected a variable saved by an earlier step ({saved})",
            )
            return None
        append = self.mapping(
            path + ("append",), fields.get("append"), required=("path", "value"), optional=("unique_by",)
        )
        if append is None:
            return None
        if "path" not in append or "value" not in append:
            return None  # reported by mapping()
        json_path = append.get("path")
        if not isinstance(json_path, str) or not json_path:
            self.error(path + ("append", "path"), "expected a dotted path of object keys, e.g. Statement")
            return None
        if not self._json_path(path + ("append", "path"), json_path):
            return None
        raw_item = append.get("value")
        item = self.plain(path + ("append", "value"), raw_item)
        unique_by = append.get("unique_by", "")
        if unique_by and (not isinstance(unique_by, str) or not isinstance(item, dict) or unique_by not in item):
            self.error(path + ("append", "unique_by"),
                       "expected a key of the appended object (e.g. Sid): the item is appended only when no item "
                       "of the list has the same value there")
            unique_by = ""
        assert self.service_model is not None
        self.problems += self.rules.check_edit(
            self.doc, path + ("append",), saved_from[variable], json_path, item, self.service_model
        )
        return Edit(
            variable=variable,
            path=tuple(json_path.split(".")),
            item=JsonData.of(item),
            comment=self.text(path + ("comment",), fields.get("comment", MISSING), default=""),
            placeholders=used_placeholders(raw_item, self.scope),
            unique_by=unique_by,
        )

    def _json_path(self, path: PathKey, json_path: str) -> bool:
        """A dotted path of object keys: at most MAX_EDIT_PATH keys, none empty, no control characters."""
        parts = json_path.split(".")
        if len(parts) > MAX_EDIT_PATH:
            self.error(path, f"path has {len(parts):,} keys; at most {MAX_EDIT_PATH} are allowed")
            return False
        bad = CONTROL.search(json_path)
        if "" in parts or bad is not None:
            self.error(path, f"{excerpt(json_path)} is not a dotted path of object keys, e.g. Statement")
            return False
        return True

    def _call(
        self, path: PathKey, fields: dict[str, Any], variables: Mapping[str, Shape], allow: tuple[str, ...]
    ) -> Call | None:
        assert self.service_model is not None
        op_name = fields.get("operation")
        if "operation" not in fields:
            return None  # reported by mapping()
        if not isinstance(op_name, str):
            self.error(
                path + ("operation",),
                f"expected an operation name such as {self.service_model.operation_names[0]!r}; got "
                f"{describe_value(op_name)}",
            )
            return None
        if op_name not in self.service_model.operation_names:
            names = self.service_model.operation_names
            meant = service.closest(op_name, names)
            hint = service.did_you_mean(meant) or f"; expected an API operation name such as {names[0]!r}"
            self.error(path + ("operation",), f"{self.service_name} has no operation {op_name!r}{hint}", meant)
            return None
        op = self.service_model.operation_model(op_name)
        params = self._params(path + ("params",), fields.get("params", {}), op, variables)
        expect = self._expectations(path + ("expect",), fields.get("expect", {}), op) if "expect" in allow else ()
        save: list[tuple[str, str]] = []
        raw_save = fields.get("save", {})
        if "save" in allow and raw_save:
            if not isinstance(raw_save, dict):
                self.error(
                    path + ("save",), f"expected a mapping variable: OutputMember; got {describe_value(raw_save)}"
                )
            else:
                for variable, member in raw_save.items():
                    spath = path + ("save", variable)
                    shape = service.output_member(op, member) if isinstance(member, str) else None
                    if not NAME_PATTERN.match(variable):
                        self.error(spath, f"variable name {variable!r} must be lower_snake_case")
                    elif variable in self.placeholders:
                        self.error(
                            spath, f"variable {variable!r} has the same name as a placeholder; choose another name"
                        )
                    elif shape is None:
                        self._no_output_member(spath, op, str(member))
                    elif shape.type_name != "string":
                        self.error(
                            spath,
                            f"only string members holding JSON documents can be saved; {member} is "
                            f"{service.describe_type(shape)}",
                        )
                    else:
                        save.append((variable, member))
                        continue
                    self.scope.broken_variables.add(variable)
        errors = self._errors(path + ("errors",), fields.get("errors"), op) if "errors" in allow else ()
        return Call(
            operation=op_name,
            params=params,
            op_model=op,
            expect=expect,
            save=tuple(save),
            errors=errors,
            comment=self.text(path + ("comment",), fields.get("comment", MISSING), default="")
            if "comment" in allow
            else "",
            location=self.doc.location(path),
        )

    def _errors(self, path: PathKey, raw: Any, op: OperationModel) -> tuple[str, ...]:
        """errors: the operation's modelled errors a program handles, by shape name."""
        if raw is None:
            return ()
        names = [shape.name for shape in op.error_shapes]
        if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
            self.error(path, f"expected a list of {op.name}'s error names ({', '.join(names)}); got "
                             f"{describe_value(raw)}")
            return ()
        found: list[str] = []
        for index, name in enumerate(raw):
            if name in names:
                if name not in found:
                    found.append(name)
                continue
            meant = service.closest(name, names)
            hint = service.did_you_mean(meant) or ""
            listed = ", ".join(names) or "none"
            self.error(path + (index,), f"{op.name} has no modelled error {name!r}{hint}; its errors: {listed}", meant)
        return tuple(found)

    def _no_output_member(self, path: PathKey, op: OperationModel, member: str) -> None:
        names = list(op.output_shape.members) if op.output_shape is not None else []
        if not names:
            self.error(path, f"{op.name} output has no member {member!r}; {op.name} returns no output")
            return
        meant = service.closest(member.split(".")[0], names)
        hint = f"{service.did_you_mean(meant)}; output members: {', '.join(names)}"
        self.error(path, f"{op.name} output has no member {member!r}{hint}", meant)

    # --- parameters ----------------------------------------------------------------

    def _params(self, path: PathKey, raw: Any, op: OperationModel, variables: Mapping[str, Shape]) -> tuple[Param, ...]:
        shape = op.input_shape
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            self.error(path, f"expected a mapping of parameter names to values; got {describe_value(raw)}")
            return ()
        if shape is None:
            if raw:
                self.error(path, f"{op.name} takes no parameters")
            return ()
        members = shape.members  # type: ignore[attr-defined]
        params: list[Param] = []
        given: dict[str, Any] = {}  # parameter -> the value given, misspelt names read as meant
        for name, value in raw.items():
            if name not in members:
                meant = service.closest(name, members)
                self.error(
                    path + (name,),
                    f"{op.name} has no parameter {name!r}{service.did_you_mean(meant)}; "
                    f"parameters: {', '.join(members)}",
                    meant,
                )
                if meant is None or meant in raw or meant in given:
                    continue
                self._alias_locations(path + (name,), path + (meant,))
                name = meant  # check the value as the parameter it resembles
            given[name] = value
            member_shape = members[name]
            converted = self.value(path + (name,), value, member_shape, variables)
            if converted is None:
                continue
            params.append(Param(name, converted, member_shape, name in shape.required_members))
        for required in shape.required_members:
            if required not in given:
                self.error(
                    path,
                    f"{op.name} requires parameter {required!r} ({service.describe_type(members[required])})",
                    code="required",
                )
        assert self.service_model is not None
        self.problems += self.rules.check_params(self.doc, path, op, tuple(params), given, self.service_model)
        return tuple(params)

    def value(self, path: PathKey, raw: Any, shape: Shape, variables: Mapping[str, Shape]) -> Value | None:
        """Validate raw against shape and convert it into a model Value (None on error)."""
        kind = shape.type_name
        if isinstance(raw, str) and kind != "string":
            whole = REF.fullmatch(raw)
            if whole and whole.group(1) in variables:
                self.error(
                    path,
                    f"variable ${{{whole.group(1)}}} holds a JSON document; {member_name(path)} expects "
                    f"{service.describe_type(shape)}",
                )
                return None
        if kind == "structure":
            if not isinstance(raw, dict):
                return self._type_error(path, shape, raw)
            members = shape.members  # type: ignore[attr-defined]
            out: list[tuple[str, Value]] = []
            given: set[str] = set()
            for name, item in raw.items():
                if name not in members:
                    meant = service.closest(name, members)
                    self.error(
                        path + (name,),
                        f"{shape.name} has no member {name!r}{service.did_you_mean(meant)}; "
                        f"members: {', '.join(members)}",
                        meant,
                    )
                    if meant is None or meant in raw or meant in given:
                        continue
                    self._alias_locations(path + (name,), path + (meant,))
                    name = meant  # check the value as the member it resembles
                given.add(name)
                converted = self.value(path + (name,), item, members[name], variables)
                if converted is not None:
                    out.append((name, converted))
            for required in shape.required_members:
                if required not in given:
                    self.error(path, f"{shape.name} requires member {required!r}", code="required")
            return StructValue(tuple(out), shape)
        if kind == "list":
            if not isinstance(raw, list):
                return self._type_error(path, shape, raw)
            self.problems += check_length(self.doc, path, shape, len(raw), "items")
            items = [self.value(path + (i,), item, shape.member, variables) for i, item in enumerate(raw)]  # type: ignore[attr-defined]
            return ListValue(tuple(i for i in items if i is not None), shape)
        if kind == "map":
            if not isinstance(raw, dict):
                return self._type_error(path, shape, raw)
            self.problems += check_length(self.doc, path, shape, len(raw), "entries")
            entries: list[tuple[str, Value]] = []
            for key, item in raw.items():
                self.problems += check_string(self.doc, path + (key,), key, shape.key, "key")  # type: ignore[attr-defined]
                converted = self.value(path + (key,), item, shape.value, variables)  # type: ignore[attr-defined]
                if converted is not None:
                    entries.append((key, converted))
            return MapValue(tuple(entries), shape)
        if kind == "boolean":
            if not isinstance(raw, bool):
                return self._type_error(path, shape, raw)
            return BoolValue(raw, shape)
        if kind in ("integer", "long"):
            if isinstance(raw, bool) or not isinstance(raw, int):
                return self._type_error(path, shape, raw)
            self.problems += check_range(self.doc, path, shape, raw)
            return NumValue(raw, shape)
        if kind in ("float", "double"):
            if isinstance(raw, bool) or not isinstance(raw, (int, float)):
                return self._type_error(path, shape, raw)
            self.problems += check_range(self.doc, path, shape, raw)
            return NumValue(raw, shape)
        if kind == "string":
            if isinstance(raw, (dict, list)):
                # A document member's characters are the service lint's to judge.
                document = self.plain(path, raw, controls=path[-1] not in self.rules.document_members)
                text = JsonData.of(document)
                self.problems += check_string(self.doc, path, text.text, shape, "JSON document", pattern=False)
                return JsonDocValue(text, shape, used_placeholders(raw, self.scope))
            if isinstance(raw, (int, float)) and not isinstance(raw, bool):
                self.error(
                    path, f"expected text for {member_name(path)}; got the number {raw!r} (quote it if you mean text)"
                )
                return None
            if not isinstance(raw, str):
                return self._type_error(path, shape, raw)
            text_value, ref = self.interpolate(path, raw, variables)
            if ref is not None and ref in variables:
                return VariableRef(ref, shape)
            if text_value is None:
                return None
            # The service's lint names the character a document member may not hold; the pattern would not.
            document_member = path[-1] in self.rules.document_members
            if not document_member and (bad := VALUE_CONTROL.search(text_value)) is not None:
                self.error(path, control_message(bad.group()))
                return None
            self.problems += check_string(self.doc, path, text_value, shape, "value", pattern=not document_member)
            if ref is not None:
                return PlaceholderRef(ref, text_value, shape)
            return StrValue(text_value, shape)
        if kind == "blob":
            return self._blob(path, raw, shape)
        if kind == "timestamp":
            if not isinstance(raw, str):
                return self._type_error(path, shape, raw)
            text_value = self.interpolate(path, raw, {})[0]
            return None if text_value is None else StrValue(text_value, shape)
        self.error(path, f"parameters of type {kind} are not supported yet")
        return None

    def _blob(self, path: PathKey, raw: Any, shape: Shape) -> Value | None:
        """Bytes: text (sent as its UTF-8 encoding), {text: …} alike, or {base64: …}."""
        if isinstance(raw, dict) and len(raw) == 1 and next(iter(raw)) in ("text", "base64"):
            form, inner = next(iter(raw.items()))
            path = path + (form,)
        else:
            form, inner = "text", raw
        if not isinstance(inner, str):
            if isinstance(raw, dict) and inner is raw:
                self.error(path, f"expected text, {{text: …}} or {{base64: …}} for the blob {member_name(path)}; "
                                 f"got a mapping with {', '.join(map(str, raw)) or 'no keys'}")  # fmt: skip
                return None
            return self._type_error(path, shape, inner)
        text_value = self.interpolate(path, inner, {})[0]
        if text_value is None:
            return None
        if form == "text":
            return BlobValue(text_value, shape, text_value.encode("utf-8"))
        try:
            data = binascii.a2b_base64(text_value.encode("ascii"), strict_mode=True)
        except (binascii.Error, UnicodeEncodeError, ValueError):
            self.error(path, f"expected base64 text (A-Z, a-z, 0-9, +, / and = padding); got {text_value[:40]!r}")
            return None
        try:
            shown = data.decode("utf-8")
        except UnicodeDecodeError:
            shown = data.decode("latin-1")
        return BlobValue(shown, shape, data)

    def _type_error(self, path: PathKey, shape: Shape, raw: Any) -> Value | None:
        """Report a type mismatch; always None (typed so that value() can return it)."""
        got = describe_value(raw)
        if isinstance(raw, str) and _unquoted_fits(raw, shape.type_name):
            got += f" {raw!r} (write it without quotes)"
        elif isinstance(raw, str) and shape.type_name == "boolean" and raw.strip().lower() in _YAML11_BOOLEANS:
            got += f" {raw!r} (specs are read as YAML 1.2: write true or false)"
        self.error(path, f"expected {service.describe_type(shape)} for {member_name(path)}; got {got}")
        return None

    def _expectations(self, path: PathKey, raw: Any, op: OperationModel) -> tuple[Expectation, ...]:
        if not raw:
            return ()
        if not isinstance(raw, dict):
            self.error(path, f"expected a mapping of output members to expected values; got {describe_value(raw)}")
            return ()
        expectations: list[Expectation] = []
        for member, matcher in raw.items():
            mpath = path + (member,)
            shape = service.output_member(op, member)
            if shape is None:
                self._no_output_member(mpath, op, member)
                continue
            if isinstance(matcher, dict) and set(matcher) & {"equals", "json_equals", "json_at"}:
                if len(matcher) != 1:
                    self.error(mpath, f"has {', '.join(matcher)}; expected exactly one of equals, json_equals, json_at")
                    continue
                kind, expected = next(iter(matcher.items()))
            else:
                kind, expected = "equals", matcher
            epath = mpath + (kind,) if isinstance(matcher, dict) and kind in matcher else mpath
            if kind == "equals" and shape.type_name == "blob":  # compared as bytes, written as their base64
                blob = self.value(epath, expected, shape, {})
                if isinstance(blob, BlobValue):
                    expectations.append(Expectation(member, "equals", JsonData.of(blob.base64)))
                continue
            if kind == "equals":
                if self.value(epath, expected, shape, {}) is not None:
                    expectations.append(Expectation(member, "equals", JsonData.of(self.plain(epath, expected))))
                continue
            if shape.type_name != "string":
                self.error(
                    epath, f"{kind} needs a string member holding JSON; {member} is {service.describe_type(shape)}"
                )
                continue
            if kind == "json_equals":
                expectations.append(Expectation(member, "json_equals", JsonData.of(self.plain(epath, expected))))
                continue
            before = len(self.problems)
            at = self.mapping(epath, expected, required=("path",), optional=("equals", "contains"))
            if at is None or len(self.problems) > before:
                continue
            checks = [k for k in ("equals", "contains") if k in at]
            if not isinstance(at["path"], str) or not at["path"]:
                self.error(
                    epath + ("path",),
                    f"expected a dotted path of object keys, e.g. Statement; got {describe_value(at['path'])}",
                )
                continue
            if not self._json_path(epath + ("path",), at["path"]):
                continue
            if len(checks) != 1:
                got = " and ".join(checks) or "neither"
                self.error(epath, f"json_at has {got}; expected exactly one of equals, contains")
                continue
            expectations.append(
                Expectation(
                    member,
                    f"json_at_{checks[0]}",
                    JsonData.of(self.plain(epath + (checks[0],), at[checks[0]])),
                    tuple(at["path"].split(".")),
                )
            )
        return tuple(expectations)


_YAML11_BOOLEANS = frozenset({"yes", "no", "on", "off", "y", "n"})


def _unquoted_fits(text: str, kind: str) -> bool:
    """True when quoted text would have been a value of kind had it been written unquoted."""
    if kind == "boolean":
        return text.strip().lower() in ("true", "false")
    if kind in ("integer", "long"):
        return re.fullmatch(r"[-+]?\d+", text.strip()) is not None
    if kind in ("float", "double"):
        return re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text.strip()) is not None
    return False


def load_all(
    paths: list[Path], *, on_error: Callable[[list[Problem]], None] | None = None
) -> tuple[list[Model], list[Problem]]:
    """Load several specs, collecting problems across all of them."""
    models: list[Model] = []
    problems: list[Problem] = []
    failed = False
    for path in paths:
        try:
            model, warnings = load_spec(path)
        except BadInput as exc:
            problems.extend(exc.problems)
            failed = True
            continue
        models.append(model)
        problems.extend(warnings)
    if failed:
        raise BadInput(problems)
    return models, problems
