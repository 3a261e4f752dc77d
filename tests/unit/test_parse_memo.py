"""Parse-check answers kept per program text: the same answer as the check, the check made
once per text, a bounded number kept, failures of the check not kept."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from generator.languages import LANGUAGES
from generator.languages.csharp import csharp_syntax_errors
from generator.languages.go import go_syntax_errors
from generator.languages.java import java_syntax_errors
from generator.languages.parse_memo import ParseMemo
from generator.parsecheck import SyntaxProblem


def counting(answer: list[SyntaxProblem] | None = None) -> tuple[list[str], ParseMemo]:
    seen: list[str] = []

    def check(source: str) -> list[SyntaxProblem]:
        seen.append(source)
        if source == "boom":
            raise RuntimeError("the checker crashed")
        return list(answer or [])

    return seen, ParseMemo(check, size=2)


def test_a_text_is_checked_once_and_answered_the_same() -> None:
    problem = SyntaxProblem(1, 2, "syntax error", "tree-sitter-x")
    seen, memo = counting([problem])
    first = memo("a")
    first.append(problem)  # the caller's copy: what is kept does not change
    assert memo("a") == [problem]
    assert seen == ["a"]


def test_the_least_recently_used_text_goes_first() -> None:
    seen, memo = counting()
    for text in ("a", "b", "a", "c", "a", "b"):
        memo(text)
    assert seen == ["a", "b", "c", "b"]  # b was the oldest when c came in; a stayed in use


def test_a_check_that_fails_is_not_remembered() -> None:
    seen, memo = counting()
    for _ in range(2):
        with pytest.raises(RuntimeError):
            memo("boom")
    assert seen == ["boom", "boom"]


@pytest.mark.parametrize(
    ("key", "check", "program", "fine"),
    [
        ("java", java_syntax_errors, 'class A { String s = "\\u0022"; void f( }\n', "class A {}\n"),
        ("csharp", csharp_syntax_errors, "class A { void F( }\n", "class A {}\n"),
        ("go", go_syntax_errors, "//go:build linux\npackage main\nfunc main( {\n", "package main\n"),
    ],
)
def test_languages_answer_as_their_check(
    key: str, check: Callable[[str], list[SyntaxProblem]], program: str, fine: str
) -> None:
    language = LANGUAGES[key]
    expected = check(program)
    assert expected, "the program must have problems for this test to mean anything"
    assert language.syntax_errors(program) == expected
    assert language.syntax_errors(program) == expected
    assert language.syntax_errors(fine) == check(fine) == []
