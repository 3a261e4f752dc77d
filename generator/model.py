"""The validated, immutable model of a spec that every later stage consumes.

Values carry the botocore shape they were validated against, so language modules can
build typed requests (Java builders, C# initialisers, Go structs) without looking up
anything themselves. No I/O happens here.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any

from botocore.model import OperationModel, ServiceModel, Shape

from .problems import Location
from .source import SourceDoc


@dataclass(frozen=True)
class JsonData:
    """A JSON value kept as text so that the model stays immutable."""

    text: str

    @classmethod
    def of(cls, value: Any) -> JsonData:
        return cls(json.dumps(value, ensure_ascii=False))

    @property
    def value(self) -> Any:
        return json.loads(self.text)


# --- values a parameter can hold ---------------------------------------------------


@dataclass(frozen=True)
class StrValue:
    text: str
    shape: Shape = field(compare=False, repr=False)


@dataclass(frozen=True)
class BlobValue(StrValue):
    """A blob member's bytes, from `text` (its UTF-8 encoding) or `{base64: …}` in the spec.
    It is also a StrValue whose text is the bytes as UTF-8 (or, when they are not UTF-8,
    as Latin-1, one character per byte): a language that renders blobs from text sends the
    right bytes exactly when is_text is true, and should render data otherwise."""

    data: bytes = b""

    @property
    def is_text(self) -> bool:
        return self.text.encode("utf-8") == self.data

    @property
    def base64(self) -> str:
        return base64.b64encode(self.data).decode("ascii")


@dataclass(frozen=True)
class NumValue:
    number: int | float
    shape: Shape = field(compare=False, repr=False)


@dataclass(frozen=True)
class BoolValue:
    flag: bool
    shape: Shape = field(compare=False, repr=False)


@dataclass(frozen=True)
class ListValue:
    items: tuple[Value, ...]
    shape: Shape = field(compare=False, repr=False)


@dataclass(frozen=True)
class MapValue:
    entries: tuple[tuple[str, Value], ...]
    shape: Shape = field(compare=False, repr=False)


@dataclass(frozen=True)
class StructValue:
    members: tuple[tuple[str, Value], ...]  # botocore member names, spec order
    shape: Shape = field(compare=False, repr=False)


@dataclass(frozen=True)
class JsonDocValue:
    """A string member written in the spec as a structured document; sent as JSON text.

    placeholders: the placeholders its strings use (${account_id} inside an ARN), first
    use first; languages build the document from their variables."""

    document: JsonData
    shape: Shape = field(compare=False, repr=False)
    placeholders: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlaceholderRef:
    """The whole value is a named placeholder; languages show it as a variable."""

    name: str
    display: str
    shape: Shape = field(compare=False, repr=False)


@dataclass(frozen=True)
class VariableRef:
    """A scenario variable holding a JSON document saved by an earlier step."""

    name: str
    shape: Shape = field(compare=False, repr=False)


Value = (
    StrValue | NumValue | BoolValue | ListValue | MapValue | StructValue | JsonDocValue | PlaceholderRef | VariableRef
)


# --- calls, checks, scenarios ---------------------------------------------------------


@dataclass(frozen=True)
class Param:
    name: str  # botocore member name, e.g. KeyId
    value: Value
    shape: Shape = field(compare=False, repr=False)
    required: bool = False


@dataclass(frozen=True)
class Expectation:
    """A claim about one output member of a call.

    kind: "equals" (the member equals value), "json_equals" (the member is JSON text equal
    to value), "json_at_equals" / "json_at_contains" (the JSON value at json_path equals
    value / is a list containing value).
    """

    field: str
    kind: str
    value: JsonData
    json_path: tuple[str, ...] = ()


@dataclass(frozen=True)
class Call:
    operation: str  # botocore operation name, e.g. PutKeyPolicy
    params: tuple[Param, ...]
    op_model: OperationModel = field(compare=False, repr=False)
    expect: tuple[Expectation, ...] = ()
    save: tuple[tuple[str, str], ...] = ()  # (variable, output member holding JSON text)
    comment: str = ""
    location: Location | None = field(default=None, compare=False)
    errors: tuple[str, ...] = ()  # modelled errors (shape names) the program handles, as the spec lists them

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def output_fields(self) -> tuple[str, ...]:
        """Output members the program prints: the ones the spec makes claims about."""
        seen: dict[str, None] = {}
        for expectation in self.expect:
            seen.setdefault(expectation.field, None)
        return tuple(seen)


@dataclass(frozen=True)
class Edit:
    """Append a JSON value to the list at path inside a document variable."""

    variable: str
    path: tuple[str, ...]
    item: JsonData
    comment: str = ""
    placeholders: tuple[str, ...] = ()  # the placeholders the item's strings use, first use first
    # When set (e.g. Sid), the item is appended only if no item of the list has the same value
    # for this key: running the program twice leaves one such item.
    unique_by: str = ""


Step = Call | Edit


@dataclass(frozen=True)
class Placeholder:
    name: str
    display: str
    description: str
    fixture: str | None = None


@dataclass(frozen=True)
class Fixture:
    name: str
    description: str
    call: Call
    output: str  # dotted output path holding the value, e.g. KeyMetadata.KeyId; "" when the spec names it


@dataclass(frozen=True)
class Operation:
    id: str
    title: str
    description: str
    call: Call
    then: tuple[Call, ...] = ()  # follow-up checks run by verification, not shown as code
    not_executable: str = ""  # why verification must not run it (from the spec), or ""


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    description: str
    steps: tuple[Step, ...]

    @property
    def calls(self) -> tuple[Call, ...]:
        return tuple(step for step in self.steps if isinstance(step, Call))


@dataclass(frozen=True)
class Model:
    source: str
    service: str
    region: str
    title: str
    description: str
    service_model: ServiceModel = field(compare=False, repr=False)
    placeholders: tuple[Placeholder, ...] = ()
    fixtures: tuple[Fixture, ...] = ()
    operations: tuple[Operation, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    # The located document the model was checked from: spec.check(model.document, overrides)
    # checks it again with other placeholder values without reading the file.
    document: SourceDoc | None = field(default=None, compare=False, repr=False)

    def placeholder(self, name: str) -> Placeholder:
        return next(p for p in self.placeholders if p.name == name)

    def fixture(self, name: str) -> Fixture:
        return next(f for f in self.fixtures if f.name == name)

    @property
    def slug(self) -> str:
        """Folder name for this spec's output: the spec file's stem."""
        stem = self.source.replace("\\", "/").rsplit("/", 1)[-1]
        return stem.rsplit(".", 1)[0]
