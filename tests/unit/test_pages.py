"""The generated pages, read as Markdown: what the badges claim, where they link, which
output each tab shows, and that no page but the verification page carries the date.

Rendered in memory from the KMS spec and the committed verification report (the report's
values are changed where a test needs a case the committed one does not have).
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from generator.languages import select
from generator.pages import PageBuilder, anchor, pretty_output
from generator.render import Renderer, Snippet
from generator.report import Report, Status, load_report, report_path
from generator.spec import load_spec
from tests.browser.conftest import ROOT

SPEC = ROOT / "specs" / "kms-key-policies.yaml"


@pytest.fixture(scope="module")
def rendered() -> tuple[object, list[Snippet], Report]:
    model, _ = load_spec(SPEC)
    snippets = Renderer().render_model(model, select(None))
    report = load_report(report_path(ROOT / "site", model))
    assert report is not None, "the repository keeps a verification report of the KMS spec"
    return model, snippets, report


def _pages(rendered: tuple[object, list[Snippet], Report], report: Report | None = None) -> dict[str, str]:
    model, snippets, committed = rendered
    return PageBuilder(model, snippets, report or committed).pages()  # type: ignore[arg-type]


def _tab(page: str, label: str) -> str:
    """The first tab of that label in a page (the example's tab group)."""
    start = page.index(f'=== "{label}"')
    rest = page[start + 1:]
    end = re.search(r'^=== "|^## ', rest, re.MULTILINE)
    return rest[: end.start()] if end else rest


def test_only_the_verification_page_carries_the_date(rendered: tuple[object, list[Snippet], Report]) -> None:
    report = dataclasses.replace(rendered[2], date="2031-02-03")
    pages = _pages(rendered, report)
    dated = sorted(name for name, text in pages.items() if "2031-02-03" in text)
    assert dated == ["verification.md"]
    later = _pages(rendered, dataclasses.replace(report, date="2031-02-04"))
    assert {n: t for n, t in later.items() if n != "verification.md"} == {
        n: t for n, t in pages.items() if n != "verification.md"}, "a new date alone changes no example page"


def test_a_program_that_sends_no_request_claims_no_request_equality(
        rendered: tuple[object, list[Snippet], Report]) -> None:
    page = _pages(rendered)["create-client.md"]
    badges = re.findall(r'<span class="ps-badge[^"]*" data-ps-lang="(\w+)">([^<]*)', page)
    assert len(badges) == 7
    for language, words in badges:
        assert "same requests" not in words, (language, words)


def test_the_csharp_badge_names_its_checkers_and_target_package(rendered: tuple[object, list[Snippet], Report]) -> None:
    report = rendered[2]
    if report.outcome("csharp", "put-key-policy") is None or report.outcome("csharp", "put-key-policy").level != "parsed":
        pytest.skip("the committed report has no parse-only C# result")
    page = _pages(rendered)["put-key-policy.md"]
    badge = re.search(r'data-ps-lang="csharp">([^<]*)', page)
    assert badge is not None
    words = badge.group(1)
    for checker in report.versions.get("csharp", {}):
        assert checker.replace("-", "&#45;") in words or checker in words, (checker, words)
    assert "AWSSDK" in words, words


def test_every_badge_links_to_an_entry_of_the_verification_page(rendered: tuple[object, list[Snippet], Report]) -> None:
    pages = _pages(rendered)
    ids = set(re.findall(r'id="([^"]+)"', pages["verification.md"]))
    links = [link for name, text in pages.items() if name != "verification.md"
             for link in re.findall(r"\]\(verification\.md#([^)]+)\)", text)]
    assert len(links) == 5 * 7
    assert set(links) <= ids
    assert anchor("go", "put-key-policy") in ids


def test_coverage_cells_open_the_example_in_their_language(rendered: tuple[object, list[Snippet], Report]) -> None:
    index = _pages(rendered)["index.md"]
    for language in ("java", "csharp", "python", "ruby", "cli", "javascript", "go"):
        assert f"(put-key-policy.md?lang={language})" in index


def test_each_tab_shows_its_own_languages_output(rendered: tuple[object, list[Snippet], Report]) -> None:
    report = rendered[2]
    outcomes = [dataclasses.replace(o, output=f"printed by {o.language}\n") if o.id == "get-key-policy" else o
                for o in report.outcomes]
    page = _pages(rendered, dataclasses.replace(report, outcomes=outcomes))["get-key-policy.md"]
    for label, key in (("Go", "go"), ("Python", "python"), ("AWS CLI", "cli"), ("Ruby", "ruby")):
        tab = _tab(page, label)
        shown = re.findall(r"printed by (\w+)", tab)
        passed = report.outcome(key, "get-key-policy")
        expected = [key] if passed is not None and passed.status is Status.PASSED else []
        assert shown == expected, (label, shown)


def test_json_output_is_pretty_printed() -> None:
    assert pretty_output('{"a": 1, "b": [1, 2]}\n') == '{\n  "a": 1,\n  "b": [\n    1,\n    2\n  ]\n}\n'
    assert pretty_output('"{\\"Version\\": \\"2012-10-17\\"}"\n').startswith('{\n  "Version"')
    assert pretty_output("['default']\n") == "['default']\n"


def test_errors_name_each_languages_exception(rendered: tuple[object, list[Snippet], Report]) -> None:
    page = _pages(rendered)["put-key-policy.md"]
    errors = page[page.index("## Errors"):]
    for name in ("`software.amazon.awssdk.services.kms.model.NotFoundException`",
                 "`Amazon.KeyManagementService.Model.NotFoundException`", "`client.exceptions.NotFoundException`",
                 "`Aws::KMS::Errors::NotFoundException`", "`*types.NotFoundException`"):
        assert name in errors, name
    assert errors.count("retried automatically") >= 2 and "not retried" in errors


def test_response_fields_are_explained(rendered: tuple[object, list[Snippet], Report]) -> None:
    page = _pages(rendered)["list-key-policies.md"]
    response = page[page.index("## Response"):page.index("## Errors")]
    for field in ("`PolicyNames`", "`NextMarker`", "`Truncated`"):
        assert f"### {field}" in response


def _with(report: Report, language: str, unit_id: str, **changes: object) -> Report:
    outcomes = [dataclasses.replace(o, **changes) if (o.language, o.id) == (language, unit_id) else o
                for o in report.outcomes]  # fmt: skip
    return dataclasses.replace(report, outcomes=outcomes)


@pytest.mark.parametrize(
    ("changes", "rung"),
    [
        ({"status": Status.PASSED, "level": "executed", "equivalent": True, "checked": ""}, "equal requests"),
        ({"status": Status.PASSED, "level": "executed", "equivalent": False, "checked": ""}, "executed"),
        ({"status": Status.NOT_EXECUTED, "level": "unavailable", "checked": "tsc 5.9 against @aws-sdk/client-kms"},
         "compiled"),
        ({"status": Status.PASSED, "level": "parsed", "checked": "names checked against AWS SDK for .NET 4.0"},
         "names checked"),
        ({"status": Status.PASSED, "level": "parsed", "checked": ""}, "parsed"),
        ({"status": Status.FAILED, "level": "executed", "checked": "javac 17", "detail": "x"}, "failed"),
    ],
)
def test_the_coverage_cell_shows_the_highest_rung_reached(
        rendered: tuple[object, list[Snippet], Report], changes: dict[str, object], rung: str) -> None:
    report = _with(rendered[2], "javascript", "get-key-policy", **changes)
    cell = re.search(r'\[<span class="ps-badge ps-([a-z-]+)" title="JavaScript: [^"]*">([^<]*)</span>\]'
                     r'\(get-key-policy\.md\?lang=javascript\)', _pages(rendered, report)["index.md"])  # fmt: skip
    assert cell is not None
    assert cell.group(2) == rung and cell.group(1) == rung.replace(" ", "-")


def test_a_badge_says_what_compiled_the_program_and_when_a_result_was_cached(
        rendered: tuple[object, list[Snippet], Report]) -> None:
    report = _with(rendered[2], "csharp", "get-key-policy", status=Status.PASSED, level="parsed",
                   checked="names checked against AWS SDK for .NET 4.0.1 metadata; not compiled",
                   cached="2031-02-03")  # fmt: skip
    import html

    tab = html.unescape(_tab(_pages(rendered, report)["get-key-policy.md"], "C&#35;"))
    assert 'class="ps-badge ps-names-checked"' in tab
    assert "Names checked against AWS SDK for .NET 4.0.1 metadata; not compiled" in tab
    assert "(recorded by the run of 2031-02-03; unchanged since)" in tab
