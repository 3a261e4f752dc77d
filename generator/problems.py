"""Problems found in user input or in a stage's work, collected as values and reported all at once.

Every user-facing failure is one `Problem`: where it is (`location`, the spec `path`), what is wrong
(`message`), how bad it is (`severity`), which stage found it (`kind`) and, when there is one, the
value the user probably meant (`suggestion`, as data — never parsed back out of the message).
`spec_path` is `path` as data (('operations', 2, 'params') for operations[2].params) and `code`
names the rule that failed where a caller needs to tell rules apart ("length", "enum", "pattern",
"range", "required"; "" for the rest).

Kinds of problem (`Kind`):

    SPEC          the spec breaks a rule: syntax, unknown member, wrong type, lint (exit 2)
    RENDER        a language's rules, a template or a formatter failed on a program (exit 1)
    PARSE         a real parser refused a generated program (exit 1): a generator bug
    UNSUPPORTED   a language cannot express a value the spec gives (exit 2, at that value)
    IMPORT_SKIP   an example of the service model could not be converted to a spec
    DRIFT         the service model or an SDK changed since the spec was written or verified (exit 1)
    VERIFICATION  a program failed or a claim did not hold against the fake service (exit 1)
    OUTPUT        an output folder or report cannot be written or read (exit 2)
    TOOLCHAIN     a compiler, interpreter or SDK needed for a proof level is missing

`BadInput` is the one exception: raised when input cannot be used, it carries every problem found.
`Problems` is an ordered collector.

Exit codes used by every command:
0 — clean; 1 — a check or verification found a difference or failure; 2 — bad input.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_FAILED",
    "EXIT_OK",
    "BadInput",
    "Kind",
    "Location",
    "Problem",
    "Problems",
    "Severity",
]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Kind(enum.StrEnum):
    """Which stage found the problem; see the module docstring."""

    SPEC = "spec"
    RENDER = "render"
    PARSE = "parse"
    UNSUPPORTED = "unsupported"
    IMPORT_SKIP = "import-skip"
    DRIFT = "drift"
    VERIFICATION = "verification"
    OUTPUT = "output"
    TOOLCHAIN = "toolchain"


@dataclass(frozen=True, order=True)
class Location:
    file: str
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    location: Location
    path: str  # spec path such as operations[2].params.Policy
    message: str  # what is wrong and what was expected
    severity: Severity = Severity.ERROR
    kind: Kind = Kind.SPEC
    suggestion: str | None = None  # the value the user probably meant ("did you mean")
    spec_path: tuple[str | int, ...] = ()  # path as data: ("operations", 2, "params", "Policy")
    code: str = ""  # the rule that failed, where callers tell rules apart: length, enum, pattern, range, required

    def format(self) -> str:
        where = f" {self.path}:" if self.path else ""
        return f"{self.location}: {self.severity.value}:{where} {self.message}"


@dataclass
class Problems:
    """An ordered collector; errors and warnings keep their spec order."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        if problem not in self.items:
            self.items.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=lambda p: (p.location, p.path, p.message))


class BadInput(Exception):
    """Raised when input cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = problems
