"""Stage 2: turn a located YAML document into a validated Model.

Every value is checked against the installed botocore service model (names, required
members, types, lengths, ranges, enums, patterns); key policies are linted by
policy_lint. All problems are collected and raised together as BadInput.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from botocore import xform_name
from botocore.exceptions import UnknownServiceError
from botocore.model import OperationModel, ServiceModel, Shape

from . import policy_lint, service
from .model import (
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
from .problems import BadInput, Problem, Severity
from .source import PathKey, SourceDoc, load_yaml

SPEC_VERSION = 1
_REF = re.compile(r"\$\$\{|\$\{([^}]*)\}")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_MISSING = object()


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
    doc = load_yaml(path, display=str(path))
    builder = _SpecBuilder(doc, overrides or {}, data_path)
    model = builder.build()
    errors = [p for p in builder.problems if p.severity is Severity.ERROR]
    if errors or model is None:
        raise BadInput(_ordered(builder.problems))
    return model, _ordered(builder.problems)


def _ordered(problems: list[Problem]) -> list[Problem]:
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.location, p.path))


def operation_slug(operation: str) -> str:
    """PutKeyPolicy -> put-key-policy (the AWS CLI's command name)."""
    return xform_name(operation, "-")


class _SpecBuilder:
    def __init__(self, doc: SourceDoc, overrides: Mapping[str, str], data_path: str | None):
        self.doc = doc
        self.overrides = overrides
        self.data_path = data_path
        self.problems: list[Problem] = []
        self.placeholders: dict[str, Placeholder] = {}
        self.service_name = ""
        self.service_model: ServiceModel | None = None
        # Names whose definition was already reported as wrong: their uses are not reported again.
        self.broken_placeholders: set[str] = set()
        self.broken_variables: set[str] = set()

    # --- reporting helpers ------------------------------------------------------------

    def error(self, path: PathKey, message: str) -> None:
        self.problems.append(self.doc.problem(path, message))

    def warning(self, path: PathKey, message: str) -> None:
        self.problems.append(self.doc.problem(path, message, severity=Severity.WARNING))

    def mapping(
        self, path: PathKey, value: Any, required: tuple[str, ...] = (), optional: tuple[str, ...] = ()
    ) -> dict[str, Any] | None:
        """Check value is a mapping with the required keys and no unknown ones.

        A misspelt key is reported once and then read as the key it resembles, so that one
        typo does not also cause "missing required key" errors.
        """
        if not isinstance(value, dict):
            self.error(path, f"expected a mapping with keys {', '.join(required + optional)}; got {_kind(value)}")
            return None
        allowed = required + optional
        fields: dict[str, Any] = {}
        for key, item in value.items():
            if key in allowed:
                fields[key] = item
                continue
            self.error(path + (key,), f"unknown key {key!r}{service.suggest(key, allowed)}; expected one of: {', '.join(allowed)}")
            meant = _closest(key, allowed)
            if meant is not None and meant not in value and meant not in fields:
                fields[meant] = item
                self._alias_locations(path + (key,), path + (meant,))
        for key in required:
            if key not in fields:
                self.error(path, f"missing required key {key!r}")
        return fields

    def _alias_locations(self, written: PathKey, meant: PathKey) -> None:
        """Let problems under a misspelt key's meant path point at what was written.

        Only the misspelt key's own subtree is walked, so many misspellings stay linear."""
        value: Any = self.doc.data
        try:
            for part in written:
                value = value[part]
        except (KeyError, IndexError, TypeError):
            return
        stack: list[tuple[PathKey, Any]] = [((), value)]
        while stack:
            sub, item = stack.pop()
            location = self.doc.locations.get(written + sub)
            if location is not None:
                self.doc.locations.setdefault(meant + sub, location)
            if isinstance(item, dict):
                stack.extend((sub + (key,), child) for key, child in item.items())
            elif isinstance(item, list):
                stack.extend((sub + (index,), child) for index, child in enumerate(item))

    def text(self, path: PathKey, value: Any, *, default: str | None = None) -> str:
        if value is _MISSING or value is None:
            if default is None:
                self.error(path, "missing value; expected text")
                return ""
            return default
        if not isinstance(value, str):
            self.error(path, f"expected text; got {_kind(value)}")
            return ""
        return value.strip()

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
        self.service_name = self.text(("service",), top.get("service", _MISSING), default="")
        if not self.service_name:
            return None
        try:
            self.service_model = service.service_model(self.service_name, self.data_path)
        except UnknownServiceError:
            known = service.available_services(self.data_path)
            self.error(("service",), f"unknown AWS service {self.service_name!r}{service.suggest(self.service_name, known)}; expected a botocore service name such as 'kms'")
            return None
        region = self.text(("region",), top.get("region", _MISSING), default="us-east-1")
        if region and not re.fullmatch(r"[a-z]{2}(-[a-z]+)+-\d", region):
            self.error(("region",), f"{region!r} does not look like an AWS region; expected e.g. 'us-west-2'")

        self.placeholders = self._placeholders(top.get("placeholders", {}))
        fixtures = self._fixtures(top.get("fixtures", {}))
        # A fixture that is defined but broken has been reported already.
        defined = list(top["fixtures"]) if isinstance(top.get("fixtures"), dict) else [f.name for f in fixtures]
        for placeholder in self.placeholders.values():
            if placeholder.fixture and placeholder.fixture not in defined:
                self.error(("placeholders", placeholder.name, "fixture"), f"unknown fixture {placeholder.fixture!r}{service.suggest(placeholder.fixture, defined)}; expected one of: {', '.join(defined) or '(no fixtures defined)'}")
        operations = self._operations(top["operations"]) if "operations" in top else []
        scenarios = self._scenarios(top.get("scenarios", []))
        if self.placeholders:
            used = self._used_placeholders()
            for name in self.placeholders:
                if name not in used:
                    self.warning(("placeholders", name), f"placeholder {name!r} is never used")
        return Model(
            source=self.doc.file,
            service=self.service_name,
            region=region,
            title=self.text(("title",), top.get("title", _MISSING), default=self.service_model.metadata.get("serviceFullName", self.service_name)),
            description=self.text(("description",), top.get("description", _MISSING), default=""),
            service_model=self.service_model,
            placeholders=tuple(self.placeholders.values()),
            fixtures=tuple(fixtures),
            operations=tuple(operations),
            scenarios=tuple(scenarios),
        )

    def _used_placeholders(self) -> set[str]:
        used: set[str] = set()

        def walk(value: Any) -> None:
            if isinstance(value, str):
                used.update(m.group(1) for m in _REF.finditer(value) if m.group(1))
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

    # --- placeholders and interpolation --------------------------------------------

    def _placeholders(self, raw: Any) -> dict[str, Placeholder]:
        base: PathKey = ("placeholders",)
        if raw is None:
            raw = {}  # overrides are still checked
        if not isinstance(raw, dict):
            self.error(base, f"expected a mapping of placeholder names; got {_kind(raw)}")
            return {}
        entries: dict[str, dict[str, Any]] = {}
        for name, entry in raw.items():
            path = base + (name,)
            if not _NAME.match(name):
                self.error(path, f"placeholder name {name!r} must be lower_snake_case (letters, digits, _)")
                self.broken_placeholders.add(name)
                continue
            fields = self.mapping(path, entry, required=("value",), optional=("description", "fixture"))
            if fields is None or "value" not in fields:
                self.broken_placeholders.add(name)
                continue
            value = fields.get("value")
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, str):
                self.error(path + ("value",), f"expected text; got {_kind(value)}")
                self.broken_placeholders.add(name)
                continue
            entries[name] = {**fields, "value": self.overrides.get(name, value)}
        for name in self.overrides:
            if name not in raw:
                self.error(base, f"override for unknown placeholder {name!r}{service.suggest(name, raw)}; placeholders: {', '.join(raw) or '(none defined)'}")

        resolved: dict[str, str] = {}
        failed = self.broken_placeholders  # reported once, then resolved silently to None

        def resolve(name: str, chain: tuple[str, ...]) -> str | None:
            if name in resolved:
                return resolved[name]
            if name in failed:
                return None
            if name in chain:
                cycle = " -> ".join(chain + (name,))
                self.error(base + (chain[0], "value"), f"placeholder refers to itself: {cycle}; a value may use other placeholders, but not itself")
                failed.update(chain)
                return None
            text = entries[name]["value"]
            out: list[str] = []
            position = 0
            for match in _REF.finditer(text):
                out.append(text[position : match.start()])
                position = match.end()
                ref = match.group(1)
                if ref is None:
                    out.append("${")
                elif ref not in entries:
                    if ref not in failed:
                        self.error(base + (name, "value"), f"unknown placeholder ${{{ref}}}{service.suggest(ref, entries)}; expected one of: {', '.join(entries)}")
                    failed.add(name)
                    return None
                else:
                    inner = resolve(ref, chain + (name,))
                    if inner is None:
                        failed.add(name)
                        return None
                    out.append(inner)
            out.append(text[position:])
            resolved[name] = "".join(out)
            return resolved[name]

        result: dict[str, Placeholder] = {}
        for name, fields in entries.items():
            display = resolve(name, ())
            if display is None:
                continue
            fixture = fields.get("fixture")
            if fixture is not None and not isinstance(fixture, str):
                self.error(base + (name, "fixture"), f"expected a fixture name; got {_kind(fixture)}")
                fixture = None
            result[name] = Placeholder(
                name=name,
                display=display,
                description=self.text(base + (name, "description"), fields.get("description", _MISSING), default=""),
                fixture=fixture,
            )
        return result

    def interpolate(self, path: PathKey, text: str, variables: Mapping[str, Shape]) -> tuple[str | None, str | None]:
        """Resolve ${name} in text. Returns (display text, name if the whole text is one reference).

        The display text is None when a reference cannot be resolved (already reported).
        """
        whole = _REF.fullmatch(text)
        if whole and whole.group(1) is not None:
            name = whole.group(1)
            if name in variables:
                return text, name
            if name in self.placeholders:
                return self.placeholders[name].display, name
        out: list[str] = []
        position = 0
        resolved = True
        for match in _REF.finditer(text):
            out.append(text[position : match.start()])
            position = match.end()
            name = match.group(1)
            if name is None:
                out.append("${")
                continue
            if name in self.placeholders:
                out.append(self.placeholders[name].display)
                continue
            resolved = False
            if name in variables:
                self.error(path, f"variable ${{{name}}} holds a document and must be the whole value, not part of a string")
            elif name not in self.broken_placeholders and name not in self.broken_variables:
                known = list(self.placeholders) + list(variables)
                self.error(path, f"unknown placeholder ${{{name}}}{service.suggest(name, known)}; expected one of: {', '.join(known) or '(none defined)'}")
        out.append(text[position:])
        return ("".join(out) if resolved else None), None

    def plain(self, path: PathKey, value: Any) -> Any:
        """A JSON-like value with placeholders resolved in every string (not in keys)."""
        if isinstance(value, str):
            display = self.interpolate(path, value, {})[0]
            return value if display is None else display
        if isinstance(value, dict):
            return {k: self.plain(path + (k,), v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.plain(path + (i,), v) for i, v in enumerate(value)]
        return value

    # --- fixtures, operations, scenarios -------------------------------------------

    def _fixtures(self, raw: Any) -> list[Fixture]:
        base: PathKey = ("fixtures",)
        if raw is None:
            return []
        if not isinstance(raw, dict):
            self.error(base, f"expected a mapping of fixture names; got {_kind(raw)}")
            return []
        fixtures = []
        for name, entry in raw.items():
            path = base + (name,)
            fields = self.mapping(path, entry, required=("operation", "output"), optional=("description", "params"))
            if fields is None:
                continue
            call = self._call(path, fields, {}, allow=("operation", "params", "output", "description"))
            output = self.text(path + ("output",), fields["output"]) if "output" in fields else ""
            if call is None or not output:
                continue
            shape = service.output_member(call.op_model, output)
            if shape is None:
                self.error(path + ("output",), f"{call.operation} output has no member {output!r}{self._output_hint(call.op_model, output)}")
            elif shape.type_name != "string":
                self.error(path + ("output",), f"fixture output must be a string member; {output} is {service.describe_type(shape)}")
            fixtures.append(
                Fixture(name=name, description=self.text(path + ("description",), fields.get("description", _MISSING), default=""), call=call, output=output)
            )
        return fixtures

    def _operations(self, raw: Any) -> list[Operation]:
        base: PathKey = ("operations",)
        if not isinstance(raw, list) or not raw:
            self.error(base, f"expected a non-empty list of operations; got {_kind(raw)}")
            return []
        operations: list[Operation] = []
        seen: dict[str, int] = {}
        for index, entry in enumerate(raw):
            path = base + (index,)
            allowed = ("id", "operation", "title", "description", "params", "expect", "then", "verify")
            fields = self.mapping(path, entry, required=("operation", "title"), optional=allowed[3:] + ("id",))
            if fields is None:
                continue
            call = self._call(path, fields, {}, allow=allowed)
            if call is None:
                continue
            op_id = fields.get("id", operation_slug(call.operation))
            if not isinstance(op_id, str) or not _ID.match(op_id):
                self.error(path + ("id",), f"id {op_id!r} must be lower-case letters, digits and dashes")
                continue
            if op_id in seen:
                self.error(path + ("id",) if "id" in fields else path + ("operation",), f"operation {op_id!r} is listed twice (first at operations[{seen[op_id]}]); give one of them a different id")
                continue
            seen[op_id] = index
            then = []
            raw_then = fields.get("then", [])
            if not isinstance(raw_then, list):
                self.error(path + ("then",), f"expected a list of follow-up calls; got {_kind(raw_then)}")
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
                    title=self.text(path + ("title",), fields["title"]) if "title" in fields else "",
                    description=self.text(path + ("description",), fields.get("description", _MISSING), default=""),
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
            self.error(path + ("execute",), "only 'execute: false' may be declared; leave 'verify' out to execute the example")
            return ""
        reason = self.text(path + ("reason",), fields.get("reason", _MISSING))
        if not reason:
            self.error(path + ("reason",), "say why the example cannot be executed")
        return reason

    def _scenarios(self, raw: Any) -> list[Scenario]:
        base: PathKey = ("scenarios",)
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.error(base, f"expected a list of scenarios; got {_kind(raw)}")
            return []
        scenarios: list[Scenario] = []
        seen: set[str] = set()
        for index, entry in enumerate(raw):
            path = base + (index,)
            fields = self.mapping(path, entry, required=("id", "title", "steps"), optional=("description",))
            if fields is None or "id" not in fields:
                continue
            sc_id = fields.get("id")
            if not isinstance(sc_id, str) or not _ID.match(sc_id):
                self.error(path + ("id",), f"id {sc_id!r} must be lower-case letters, digits and dashes")
                continue
            if sc_id in seen:
                self.error(path + ("id",), f"scenario {sc_id!r} is listed twice")
                continue
            seen.add(sc_id)
            steps = self._steps(path + ("steps",), fields.get("steps"))
            scenarios.append(
                Scenario(
                    id=sc_id,
                    title=self.text(path + ("title",), fields["title"]) if "title" in fields else "",
                    description=self.text(path + ("description",), fields.get("description", _MISSING), default=""),
                    steps=tuple(steps),
                )
            )
        return scenarios

    def _steps(self, base: PathKey, raw: Any) -> list[Step]:
        if not isinstance(raw, list) or not raw:
            self.error(base, f"expected a non-empty list of steps; got {_kind(raw)}")
            return []
        variables: dict[str, Shape] = {}  # name -> the output string shape it came from
        self.broken_variables = set()
        kms_policy_variables: set[str] = set()
        steps: list[Step] = []
        for index, entry in enumerate(raw):
            path = base + (index,)
            if isinstance(entry, dict) and "edit" in entry:
                edit = self._edit(path, entry, variables, kms_policy_variables)
                if edit is not None:
                    steps.append(edit)
                continue
            fields = self.mapping(path, entry, required=("operation",), optional=("comment", "params", "expect", "save"))
            if fields is None:
                continue
            call = self._call(path, fields, variables, allow=("operation", "comment", "params", "expect", "save"))
            if call is None:
                continue
            for variable, member in call.save:
                shape = service.output_member(call.op_model, member)
                if shape is not None:
                    variables[variable] = shape
                    if self.service_name == "kms" and member == "Policy":
                        kms_policy_variables.add(variable)
            steps.append(call)
        return steps

    def _edit(self, path: PathKey, entry: dict[str, Any], variables: Mapping[str, Shape], policy_vars: set[str]) -> Edit | None:
        fields = self.mapping(path, entry, required=("edit", "append"), optional=("comment",))
        if fields is None:
            return None
        variable = fields.get("edit")
        if isinstance(variable, str) and variable in self.broken_variables:
            return None  # its save step is already reported
        saved = ", ".join(variables) or "none yet"
        if not isinstance(variable, str):
            self.error(path + ("edit",), f"expected the name of a variable saved by an earlier step ({saved}); got {_kind(variable)}")
            return None
        if variable not in variables:
            self.error(path + ("edit",), f"unknown variable {variable!r}; expected a variable saved by an earlier step ({saved})")
            return None
        append = self.mapping(path + ("append",), fields.get("append"), required=("path", "value"))
        if append is None:
            return None
        if "path" not in append or "value" not in append:
            return None  # reported by mapping()
        json_path = append.get("path")
        if not isinstance(json_path, str) or not json_path:
            self.error(path + ("append", "path"), "expected a dotted path of object keys, e.g. Statement")
            return None
        item = self.plain(path + ("append", "value"), append.get("value"))
        if variable in policy_vars:
            if json_path == "Statement":
                self.problems.extend(policy_lint.lint_statement(item, self.doc, path + ("append", "value"), self.service_model))
            else:
                self.warning(path + ("append", "path"), f"appends to {json_path!r} of a key policy; its statements are under 'Statement'")
        return Edit(
            variable=variable,
            path=tuple(json_path.split(".")),
            item=JsonData.of(item),
            comment=self.text(path + ("comment",), fields.get("comment", _MISSING), default=""),
        )

    def _call(self, path: PathKey, fields: dict[str, Any], variables: Mapping[str, Shape], allow: tuple[str, ...]) -> Call | None:
        assert self.service_model is not None
        op_name = fields.get("operation")
        if "operation" not in fields:
            return None  # reported by mapping()
        if not isinstance(op_name, str):
            self.error(path + ("operation",), f"expected an operation name such as {self.service_model.operation_names[0]!r}; got {_kind(op_name)}")
            return None
        if op_name not in self.service_model.operation_names:
            names = self.service_model.operation_names
            hint = service.suggest(op_name, names) or f"; expected an API operation name such as {names[0]!r}"
            self.error(path + ("operation",), f"{self.service_name} has no operation {op_name!r}{hint}")
            return None
        op = self.service_model.operation_model(op_name)
        params = self._params(path + ("params",), fields.get("params", {}), op, variables)
        expect = self._expectations(path + ("expect",), fields.get("expect", {}), op) if "expect" in allow else ()
        save: list[tuple[str, str]] = []
        raw_save = fields.get("save", {})
        if "save" in allow and raw_save:
            if not isinstance(raw_save, dict):
                self.error(path + ("save",), f"expected a mapping variable: OutputMember; got {_kind(raw_save)}")
            else:
                for variable, member in raw_save.items():
                    spath = path + ("save", variable)
                    shape = service.output_member(op, member) if isinstance(member, str) else None
                    if not _NAME.match(variable):
                        self.error(spath, f"variable name {variable!r} must be lower_snake_case")
                    elif variable in self.placeholders:
                        self.error(spath, f"variable {variable!r} has the same name as a placeholder; choose another name")
                    elif shape is None:
                        self.error(spath, f"{op_name} output has no member {member!r}{self._output_hint(op, str(member))}")
                    elif shape.type_name != "string":
                        self.error(spath, f"only string members holding JSON documents can be saved; {member} is {service.describe_type(shape)}")
                    else:
                        save.append((variable, member))
                        continue
                    self.broken_variables.add(variable)
        return Call(
            operation=op_name,
            params=params,
            op_model=op,
            expect=expect,
            save=tuple(save),
            comment=self.text(path + ("comment",), fields.get("comment", _MISSING), default="") if "comment" in allow else "",
            location=self.doc.location(path),
        )

    def _output_hint(self, op: OperationModel, member: str) -> str:
        names = list(op.output_shape.members) if op.output_shape is not None else []
        if not names:
            return f"; {op.name} returns no output"
        return f"{service.suggest(member.split('.')[0], names)}; output members: {', '.join(names)}"

    # --- parameters ----------------------------------------------------------------

    def _params(self, path: PathKey, raw: Any, op: OperationModel, variables: Mapping[str, Shape]) -> tuple[Param, ...]:
        shape = op.input_shape
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            self.error(path, f"expected a mapping of parameter names to values; got {_kind(raw)}")
            return ()
        if shape is None:
            if raw:
                self.error(path, f"{op.name} takes no parameters")
            return ()
        members = shape.members  # type: ignore[attr-defined]
        params: list[Param] = []
        given: set[str] = set()
        for name, value in raw.items():
            if name not in members:
                self.error(path + (name,), f"{op.name} has no parameter {name!r}{service.suggest(name, members)}; parameters: {', '.join(members)}")
                meant = _closest(name, members)
                if meant is None or meant in raw or meant in given:
                    continue
                self._alias_locations(path + (name,), path + (meant,))
                name = meant  # check the value as the parameter it resembles
            given.add(name)
            member_shape = members[name]
            converted = self.value(path + (name,), value, member_shape, variables)
            if converted is None:
                continue
            params.append(Param(name, converted, member_shape, name in shape.required_members))
            if self.service_name == "kms" and name == "Policy":
                bypass = raw.get("BypassPolicyLockoutSafetyCheck") is True
                self.problems.extend(policy_lint.lint_policy_value(converted, self.doc, path + (name,), self.service_model, bypass))
        for required in shape.required_members:
            if required not in given:
                self.error(path, f"{op.name} requires parameter {required!r} ({service.describe_type(members[required])})")
        if self.service_name == "kms" and "PolicyName" in members and "PolicyName" not in given:
            self.warning(path, f"pass PolicyName: default to {op.name}; moto and older SDKs require it")
        return tuple(params)

    def value(self, path: PathKey, raw: Any, shape: Shape, variables: Mapping[str, Shape]) -> Value | None:
        """Validate raw against shape and convert it into a model Value (None on error)."""
        kind = shape.type_name
        if isinstance(raw, str) and kind != "string":
            whole = _REF.fullmatch(raw)
            if whole and whole.group(1) in variables:
                self.error(path, f"variable ${{{whole.group(1)}}} holds a JSON document; {_member_name(path)} expects {service.describe_type(shape)}")
                return None
        if kind == "structure":
            if not isinstance(raw, dict):
                return self._type_error(path, shape, raw)
            members = shape.members  # type: ignore[attr-defined]
            out: list[tuple[str, Value]] = []
            given: set[str] = set()
            for name, item in raw.items():
                if name not in members:
                    self.error(path + (name,), f"{shape.name} has no member {name!r}{service.suggest(name, members)}; members: {', '.join(members)}")
                    meant = _closest(name, members)
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
                    self.error(path, f"{shape.name} requires member {required!r}")
            return StructValue(tuple(out), shape)
        if kind == "list":
            if not isinstance(raw, list):
                return self._type_error(path, shape, raw)
            self._check_length(path, shape, len(raw), "items")
            items = [self.value(path + (i,), item, shape.member, variables) for i, item in enumerate(raw)]  # type: ignore[attr-defined]
            return ListValue(tuple(i for i in items if i is not None), shape)
        if kind == "map":
            if not isinstance(raw, dict):
                return self._type_error(path, shape, raw)
            self._check_length(path, shape, len(raw), "entries")
            entries: list[tuple[str, Value]] = []
            for key, item in raw.items():
                self._check_string(path + (key,), key, shape.key, "key")  # type: ignore[attr-defined]
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
            self._check_range(path, shape, raw)
            return NumValue(raw, shape)
        if kind in ("float", "double"):
            if isinstance(raw, bool) or not isinstance(raw, (int, float)):
                return self._type_error(path, shape, raw)
            self._check_range(path, shape, raw)
            return NumValue(raw, shape)
        if kind == "string":
            if isinstance(raw, (dict, list)):
                document = self.plain(path, raw)
                text = JsonData.of(document)
                self._check_string(path, text.text, shape, "JSON document", pattern=False)
                return JsonDocValue(text, shape)
            if isinstance(raw, (int, float)) and not isinstance(raw, bool):
                self.error(path, f"expected text for {_member_name(path)}; got the number {raw!r} (quote it if you mean text)")
                return None
            if not isinstance(raw, str):
                return self._type_error(path, shape, raw)
            text_value, ref = self.interpolate(path, raw, variables)
            if ref is not None and ref in variables:
                return VariableRef(ref, shape)
            if text_value is None:
                return None
            # policy_lint names the character a KMS key policy may not hold; the pattern would not.
            kms_policy = self.service_name == "kms" and path[-1] == "Policy"
            self._check_string(path, text_value, shape, "value", pattern=not kms_policy)
            if ref is not None:
                return PlaceholderRef(ref, text_value, shape)
            return StrValue(text_value, shape)
        if kind in ("timestamp", "blob"):
            if not isinstance(raw, str):
                return self._type_error(path, shape, raw)
            text_value = self.interpolate(path, raw, {})[0]
            return None if text_value is None else StrValue(text_value, shape)
        self.error(path, f"parameters of type {kind} are not supported yet")
        return None

    def _type_error(self, path: PathKey, shape: Shape, raw: Any) -> Value | None:
        """Report a type mismatch; always None (typed so that value() can return it)."""
        got = _kind(raw)
        if isinstance(raw, str) and _unquoted_fits(raw, shape.type_name):
            got += f" {raw!r} (write it without quotes)"
        self.error(path, f"expected {service.describe_type(shape)} for {_member_name(path)}; got {got}")
        return None

    def _check_length(self, path: PathKey, shape: Shape, size: int, unit: str) -> None:
        low, high = shape.metadata.get("min"), shape.metadata.get("max")
        if low is not None and size < low:
            self.error(path, f"has {size} {unit}; {shape.name} needs at least {low}")
        if high is not None and size > high:
            self.error(path, f"has {size} {unit}; {shape.name} allows at most {high}")

    def _check_range(self, path: PathKey, shape: Shape, number: float) -> None:
        low, high = shape.metadata.get("min"), shape.metadata.get("max")
        if low is not None and number < low:
            self.error(path, f"{number} is below the minimum {low}")
        if high is not None and number > high:
            self.error(path, f"{number} is above the maximum {high}")

    def _check_string(self, path: PathKey, text: str, shape: Shape, what: str, pattern: bool = True) -> None:
        low, high = shape.metadata.get("min"), shape.metadata.get("max")
        if low is not None and len(text) < low:
            self.error(path, f"{what} is {len(text)} characters long; {_member_name(path)} needs at least {low}")
        if high is not None and len(text) > high:
            self.error(path, f"{what} is {len(text):,} characters long; {_member_name(path)} allows at most {high:,}")
        enum = getattr(shape, "enum", None)
        if enum and text not in enum:
            self.error(path, f"{_excerpt(text)} is not allowed{service.suggest(text, enum)}; expected one of: {', '.join(enum)}")
        regex = shape.metadata.get("pattern") if pattern else None
        if regex and not _matches(regex, text):
            self.error(path, f"{_excerpt(text)} does not match the pattern {regex} that {_member_name(path)} requires")

    def _expectations(self, path: PathKey, raw: Any, op: OperationModel) -> tuple[Expectation, ...]:
        if not raw:
            return ()
        if not isinstance(raw, dict):
            self.error(path, f"expected a mapping of output members to expected values; got {_kind(raw)}")
            return ()
        expectations: list[Expectation] = []
        for member, matcher in raw.items():
            mpath = path + (member,)
            shape = service.output_member(op, member)
            if shape is None:
                self.error(mpath, f"{op.name} output has no member {member!r}{self._output_hint(op, member)}")
                continue
            if isinstance(matcher, dict) and set(matcher) & {"equals", "json_equals", "json_at"}:
                if len(matcher) != 1:
                    self.error(mpath, f"has {', '.join(matcher)}; expected exactly one of equals, json_equals, json_at")
                    continue
                kind, expected = next(iter(matcher.items()))
            else:
                kind, expected = "equals", matcher
            epath = mpath + (kind,) if isinstance(matcher, dict) and kind in matcher else mpath
            if kind == "equals":
                if self.value(epath, expected, shape, {}) is not None:
                    expectations.append(Expectation(member, "equals", JsonData.of(self.plain(epath, expected))))
                continue
            if shape.type_name != "string":
                self.error(epath, f"{kind} needs a string member holding JSON; {member} is {service.describe_type(shape)}")
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
                self.error(epath + ("path",), f"expected a dotted path of object keys, e.g. Statement; got {_kind(at['path'])}")
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


def _member_name(path: PathKey) -> str:
    """The member a value belongs to: Names for Names[0], not the index."""
    names = [part for part in path if isinstance(part, str)]
    return names[-1] if names else "the value"


def _matches(pattern: str, text: str) -> bool:
    """Match a botocore pattern against the whole value.

    Smithy patterns are not anchored, but service models write them as whole-value
    rules (PolicyName is [\\w]+), so the whole value must match. Patterns in a regex
    dialect Python cannot compile (e.g. \\p{...} classes) are skipped.
    """
    try:
        compiled = _compile(pattern)
    except re.error:
        return True
    return compiled.fullmatch(text) is not None


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _compile(pattern: str) -> re.Pattern[str]:
    if pattern not in _PATTERNS:
        _PATTERNS[pattern] = re.compile(pattern, re.DOTALL)
    return _PATTERNS[pattern]


def _closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice service.suggest proposes for a misspelt word, if any."""
    options = list(choices)
    hint = service.suggest(word, options)
    return next((c for c in options if hint == f" (did you mean {c!r}?)"), None)


def _unquoted_fits(text: str, kind: str) -> bool:
    """True when quoted text would have been a value of kind had it been written unquoted."""
    if kind == "boolean":
        return text.strip().lower() in ("true", "false")
    if kind in ("integer", "long"):
        return re.fullmatch(r"[-+]?\d+", text.strip()) is not None
    if kind in ("float", "double"):
        return re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text.strip()) is not None
    return False


def _excerpt(text: str, limit: int = 60) -> str:
    """repr of text, shortened so that a long value does not flood the message."""
    return repr(text) if len(text) <= limit else repr(text[: limit - 3] + "...")


def _kind(value: Any) -> str:
    if value is _MISSING or value is None:
        return "nothing"
    if value == [] or value == {}:
        return "an empty list" if isinstance(value, list) else "an empty mapping"
    names: dict[type, str] = {dict: "a mapping", list: "a list", str: "text", bool: "a boolean", int: "an integer", float: "a number"}
    return names.get(type(value), type(value).__name__)


def load_all(paths: list[Path], *, on_error: Callable[[list[Problem]], None] | None = None) -> tuple[list[Model], list[Problem]]:
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
