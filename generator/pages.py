"""Stage 6: Markdown pages for mkdocs-material, from the model, the snippets and the
verification report.

Reference text (what an operation does, parameters, errors) comes from botocore's
model documentation, converted from HTML with markdownify. Each language tab shows the
fragment, a badge saying what was proven, and the full program behind it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from botocore.model import OperationModel, Shape
from markdownify import MarkdownConverter

from .languages import LANGUAGES, reference_language
from .model import Call, Expectation, Model
from .render import Snippet, Unit, units
from .report import Outcome, Report, Status
from .service import describe_type, shape_constraints

LEVEL_TEXT = {
    "executed": "executed against moto",
    "compiled": "compiled",
    "parsed": "parsed only",
    "failed": "verification failed",
    "unavailable": "not available",
}


class _Converter(MarkdownConverter):  # type: ignore[misc]
    """HTML → Markdown that keeps only absolute links (relative ones would break mkdocs)."""

    def convert_a(self, el: Any, text: str, parent_tags: Any) -> str:
        href = el.get("href", "")
        if not href.startswith(("http://", "https://")):
            return text
        return str(super().convert_a(el, text, parent_tags))  # type: ignore[misc]


def html_to_markdown(html: str) -> str:
    text = _Converter(heading_style="ATX", bullets="-").convert(html or "")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """text with control characters (other than tab and newline) shown as U+FFFD: a NUL or an
    escape sequence from a spec must not reach a page or a browser raw."""
    return _CONTROL.sub("\ufffd", text)


def one_line(markdown: str) -> str:
    """Markdown that fits in a table cell."""
    return re.sub(r"\s*\n\s*", " ", markdown).replace("|", "\\|").strip()


@dataclass(frozen=True)
class Page:
    path: str  # relative to the spec folder, e.g. put-key-policy.md
    title: str


def _fence(code: str, lexer: str, indent: str = "") -> str:
    """A fenced block longer than any backtick run in code, indented for tabs."""
    longest = max((len(m) for m in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    body = "\n".join((indent + line) if line else "" for line in code.rstrip("\n").split("\n"))
    return f"{indent}{fence}{lexer}\n{body}\n{indent}{fence}"


class PageBuilder:
    def __init__(self, model: Model, snippets: list[Snippet], report: Report | None):
        self.model = model
        self.snippets = snippets
        self.report = report
        outcomes = report.outcomes if report else []
        self.results: dict[tuple[str, str], Outcome] = {(o.language, o.id): o for o in outcomes}
        self.units = units(model)  # computed once: every page lists or links them
        self.reference = reference_language()
        self.by_unit: dict[str, list[Snippet]] = {}
        for snippet in snippets:
            self.by_unit.setdefault(snippet.unit.id, []).append(snippet)
        self.operations = {op.id: op for op in model.operations}
        self.scenarios = {sc.id: sc for sc in model.scenarios}

    # --- proof --------------------------------------------------------------------------

    def level(self, language: str, unit_id: str) -> str:
        """The proof level a snippet actually reached, from the last verification."""
        result = self.results.get((language, unit_id))
        if result is None:
            return "parsed"  # every generated program is parse-checked before it is written
        if result.status is Status.PASSED:
            return result.level
        return "parsed" if result.status is Status.NOT_EXECUTED else "failed"

    def badge(self, language: str, unit_id: str) -> str:
        result = self.results.get((language, unit_id))
        label = LANGUAGES[language]
        if result is None:
            text, kind = "Syntax-checked only: not verified yet (run polysnip verify)", "parsed"
        elif result.status is Status.PASSED and result.level == "executed":
            versions = self.report.versions if self.report else {}
            moto = versions.get("moto", {}).get("moto", "?")
            sdk = ", ".join(f"{k} {v}" for k, v in sorted(versions.get(language, {}).items()))
            date = self.report.date if self.report else "?"
            text, kind = f"Executed against moto {moto} with {sdk} on {date}", "executed"
            if result.equivalent and language != self.reference.key:
                text += f"; sent the same requests as the {self.reference.label} program"
        elif result.status is Status.PASSED:
            why = f"{label.sdk} cannot be installed where this site is built" if result.level == "parsed" else ""
            text, kind = f"Syntax-checked only: {why or result.detail}", "parsed"
        elif result.status is Status.FAILED:
            line = f" (line {result.line})" if result.line else ""
            text, kind = f"Verification failed{line}: {result.detail}", "failed"
        else:
            text, kind = f"Syntax-checked only: not executed ({result.detail})", "parsed"
        return f'<span class="ps-badge ps-{kind}">{_html_escape(text)}</span>'

    # --- pages --------------------------------------------------------------------------

    def pages(self) -> dict[str, str]:
        # coverage.txt is the same table for inclusion in a page at the docs root.
        out: dict[str, str] = {"index.md": self.index(), "coverage.txt": self.coverage(f"{self.model.slug}/", "")}
        for unit in self.units:
            out[f"{unit.id}.md"] = self.unit_page(unit)
        return {name: visible(text) for name, text in out.items()}

    def nav(self) -> list[Page]:
        units = [Page(f"{u.id}.md", visible(u.title)) for u in self.units]
        return [Page("index.md", visible(self.model.title)), *units]

    def coverage(self, link_prefix: str = "", root: str = "../") -> str:
        languages = [LANGUAGES[k] for k in LANGUAGES if any(s.language == k for s in self.snippets)]
        header = "| Example | " + " | ".join(lang.label for lang in languages) + " |"
        rule = "|---|" + "---|" * len(languages)
        rows = []
        for unit in self.units:
            cells = [self._cell(lang.key, unit.id) for lang in languages]
            rows.append(f"| [{unit.title}]({link_prefix}{unit.id}.md) | " + " | ".join(cells) + " |")
        legend = (
            "executed: ran against moto with the real SDK and passed every check · "
            "compiled: built against the real SDK · parsed: checked by a real parser only · "
            "failed: the last verification found a problem. "
            f"Verified on {self.report.date if self.report else 'never'}; "
            f"see [what verification proves]({root}verification.md) for what each level means."
        )
        return "\n".join([header, rule, *rows, "", self.equivalence_note(), "", legend, ""])

    def equivalence_note(self) -> str:
        reference = self.reference
        compared = [r for r in self.results.values() if r.equivalent is not None and r.language != reference.key]
        if not compared:
            return "Requests were not compared across languages in the last verification."
        different = sorted({f"{LANGUAGES[r.language].label} ({r.id})" for r in compared if not r.equivalent})
        languages = sorted({LANGUAGES[r.language].label for r in compared})
        if different:
            return (
                f"These programs sent different requests than the {reference.label} program: "
                + ", ".join(different) + "."
            )
        return (
            f"Every executed program in {', '.join(languages)} sent exactly the requests "
            f"the {reference.label} program sent "
            "(same operations, same parameters, JSON documents compared as parsed JSON)."
        )

    def _cell(self, language: str, unit_id: str) -> str:
        level = self.level(language, unit_id)
        return f'<span class="ps-badge ps-{level}" title="{LEVEL_TEXT.get(level, level)}">{level}</span>'


    def index(self) -> str:
        lines = [f"# {self.model.title}", "", self.model.description, ""]
        lines += ["## Examples", ""]
        for unit in self.units:
            lines.append(f"- [{unit.title}]({unit.id}.md)")
        lines += ["", "## Coverage", "", self.coverage()]
        return "\n".join(lines).rstrip() + "\n"

    def unit_page(self, unit: Unit) -> str:
        lines = [f"# {unit.title}", ""]
        operation = self.operations.get(unit.id)
        scenario = self.scenarios.get(unit.id)
        if operation is not None:
            call = operation.call
            op_model = call.op_model
            service = self.model.service_model.metadata.get("serviceFullName", "")
            lines += [operation.description, "", f"API: `{op_model.name}` · {service}", ""]
            lines += ["## Example", "", *self.placeholder_notes(call), self.tabs(unit), ""]
            lines += ["## Expected output", "", *self.expected(call, unit), ""]
            lines += ["## What it does", "", html_to_markdown(op_model.documentation), ""]
            lines += ["## Parameters", "", self.parameter_table(op_model), ""]
            if operation.then:
                lines += ["## Checked after the call", ""]
                for follow in operation.then:
                    claims = "; ".join(_claim(e) for e in follow.expect) or "it succeeds"
                    lines.append(f"- `{follow.operation}` on the same key: {claims}.")
                lines.append("")
            lines += ["## Errors", "", self.errors_table(op_model), ""]
            lines += ["## Related", "", *self.related(unit), ""]
        elif scenario is not None:
            lines += [scenario.description, ""]
            lines += ["## Steps", ""]
            for number, step in enumerate(scenario.steps, 1):
                text = step.comment or (f"Call `{step.operation}`." if isinstance(step, Call) else "Edit the document.")
                lines.append(f"{number}. {text}")
            lines += ["", "## Example", "", *self.placeholder_notes(*scenario.calls), self.tabs(unit), ""]
            final = [c for c in scenario.calls if c.expect]
            if final:
                lines += ["## Expected output", "", *self.expected(final[-1], unit), ""]
            lines += ["## Related", "", *self.related(unit), ""]
        else:
            region = self.model.region
            lines += [f"Every example on this site uses a client created like this, in the `{region}` Region.", ""]
            lines += [
                "Credentials come from the SDK's default chain: environment variables, the shared credentials file, "
                "or an IAM role.",
                "",
            ]
            lines += [self.tabs(unit), ""]
        return "\n".join(lines).rstrip() + "\n"

    def placeholder_notes(self, *calls: Call) -> list[str]:
        used = []
        for call in calls:
            for param in call.params:
                name = getattr(param.value, "name", None)
                if name and any(p.name == name for p in self.model.placeholders) and name not in used:
                    used.append(name)
        notes = []
        for name in used:
            placeholder = self.model.placeholder(name)
            if placeholder.description:
                notes.append(f"Replace `{placeholder.display}` with {placeholder.description}.")
        return notes + ([""] if used else [])  # a blank line after the notes whenever a placeholder is used

    def tabs(self, unit: Unit) -> str:
        blocks = []
        for snippet in sorted(self.by_unit.get(unit.id, []), key=lambda s: LANGUAGES[s.language].tab_order):
            language = LANGUAGES[snippet.language]
            filename = snippet.program_path.rsplit("/", 1)[-1]
            block = [
                f'=== "{language.label}"',
                "",
                _fence(snippet.fragment, language.lexer, "    "),
                "",
                "    " + self.badge(snippet.language, unit.id),
                "",
                f'    ??? example "Full program: {filename}"',
                "",
                _fence(snippet.program, language.lexer, "        "),
                "",
                f"        [Download {filename}]({snippet.program_path})",
                "",
            ]
            blocks.append("\n".join(block))
        return "\n".join(blocks)

    def parameter_table(self, op: OperationModel) -> str:
        shape = op.input_shape
        if shape is None or not shape.members:  # type: ignore[attr-defined]
            return "This operation takes no parameters."
        rows = ["| Name | Type | Required | Constraints | Description |", "|---|---|---|---|---|"]
        for name, member in shape.members.items():  # type: ignore[attr-defined]
            required = "yes" if name in shape.required_members else "no"
            text = one_line(html_to_markdown(member.documentation))
            rows.append(f"| `{name}` | {describe_type(member)} | {required} | {_constraints(member)} | {text} |")
        return "\n".join(rows)

    def errors_table(self, op: OperationModel) -> str:
        if not op.error_shapes:
            return "The model lists no specific errors."
        rows = ["| Error | When |", "|---|---|"]
        for error in op.error_shapes:
            rows.append(f"| `{error.name}` | {one_line(html_to_markdown(error.documentation))} |")
        return "\n".join(rows)

    def expected(self, call: Call, unit: Unit) -> list[str]:
        lines = [f"- {_claim(e)}" for e in call.expect] or ["- The call succeeds and returns no data."]
        recorded = self.results.get((self.reference.key, unit.id))
        if recorded and recorded.output.strip() and recorded.status is Status.PASSED:
            lines += ["", f"Output of the {self.reference.label} program in the last verification run:", "",
                      _fence(recorded.output, "text")]
        return lines

    def related(self, unit: Unit) -> list[str]:
        return [f"- [{u.title}]({u.id}.md)" for u in self.units if u.id != unit.id and u.kind != "client"]


def _claim(expectation: Expectation) -> str:
    value = json.dumps(expectation.value.value, ensure_ascii=False)
    if expectation.kind == "equals":
        return f"`{expectation.field}` is `{value}`"
    if expectation.kind == "json_equals":
        return f"`{expectation.field}` is the JSON document that was sent"
    path = ".".join(expectation.json_path)
    if expectation.kind == "json_at_equals":
        return f"`{expectation.field}` is a JSON document whose `{path}` is `{value}`"
    return f"`{expectation.field}` is a JSON document whose `{path}` list contains the new item"


def _constraints(shape: Shape) -> str:
    parts = []
    for key, value in shape_constraints(shape).items():
        if key == "enum":
            parts.append("one of " + ", ".join(f"`{v}`" for v in value))  # type: ignore[attr-defined]
        elif key == "pattern":
            parts.append(f"pattern `{value}`")
        else:
            parts.append(f"{key} {value}")
    return one_line("; ".join(parts)) or "—"


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def x_code_samples(model: Model, snippets: list[Snippet]) -> dict[str, list[dict[str, str]]]:
    """OpenAPI x-codeSamples entries per operation, for API portals."""
    samples: dict[str, list[dict[str, str]]] = {}
    for operation in model.operations:
        entries = []
        mine = (s for s in snippets if s.unit.id == operation.id)
        for snippet in sorted(mine, key=lambda s: LANGUAGES[s.language].tab_order):
            language = LANGUAGES[snippet.language]
            entries.append({"lang": language.lexer, "label": language.label, "source": snippet.fragment})
        samples[operation.call.operation] = entries
    return samples
