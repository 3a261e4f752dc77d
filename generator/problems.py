"""Problems found in user input, collected as values and reported all at once.

Exit codes used by every command:
0 — clean; 1 — a check or verification found a difference or failure; 2 — bad input.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


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
