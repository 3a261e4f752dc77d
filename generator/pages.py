"""Stage 6: Markdown pages for mkdocs-material, from the model, the snippets and the
verification report.

Reference text (what an operation does, its parameters, response and errors) comes from
botocore's model documentation, converted to Markdown by markup.doc. Each language tab
shows the parts of the program a reader copies, a badge saying what was proven (linked
to its entry on the spec's verification page), that language's own output and the full
program. Every spec- or model-derived string goes through one escaper of markup.py.

Pages carry no date: the date of the last verification appears only on the spec's
verification page (and is read from there by the site's script to show its age), so
that regenerating with an unchanged report rewrites nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from botocore.model import OperationModel, Shape

from . import markup
from .languages import LANGUAGES, reference_language
from .markup import attr, code, fence, html, nav_title, prose, text, visible
from .model import Call, Expectation, Model
from .render import Snippet, Unit, units
from .report import Outcome, Report, Status
from .sdk_errors import exception_name, retry
from .service import describe_type, shape_constraints

__all__ = ["LEVEL_TEXT", "VERIFICATION_PAGE", "Page", "PageBuilder", "html_to_markdown", "visible", "x_code_samples"]

VERIFICATION_PAGE = "verification.md"  # per spec folder: every outcome with an anchor

LEVEL_TEXT = {
    "equal requests": "executed against moto and sent the same requests as the reference program",
    "executed": "executed against moto",
    "compiled": "compiled or type-checked against the real SDK",
    "names checked": "names checked against the SDK's published names; not compiled",
    "parsed": "parsed only",
    "failed": "verification failed",
    "unavailable": "not available",
}


def html_to_markdown(source: str) -> str:
    """botocore's HTML documentation as safe Markdown (see markup.doc)."""
    return markup.doc(source)


@dataclass(frozen=True)
class Page:
    path: str  # relative to the spec folder, e.g. put-key-policy.md
    title: str


def slug(level: str) -> str:
    """A proof level as a CSS class suffix: "equal requests" -> equal-requests."""
    return level.replace(" ", "-")


def anchor(language: str, unit_id: str) -> str:
    """The id of an outcome's entry on the verification page."""
    return f"{unit_id}-{language}"


def pretty_output(output: str) -> str:
    """A program's printed output with every line that is a JSON object or array (or a JSON
    string holding one) laid out over several lines."""
    lines = []
    for line in output.rstrip("\n").split("\n"):
        lines.append(_pretty_line(line))
    return "\n".join(lines) + "\n"


def _pretty_line(line: str) -> str:
    stripped = line.strip()
    if not stripped.startswith(("{", "[", '"')):
        return line
    try:
        value = json.loads(stripped)
        if isinstance(value, str) and value.lstrip().startswith(("{", "[")):
            value = json.loads(value)
    except ValueError:
        return line
    if not isinstance(value, dict | list) or not value:
        return line
    return json.dumps(value, indent=2, ensure_ascii=False)


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
        self.languages = [LANGUAGES[k] for k in LANGUAGES if any(s.language == k for s in snippets)]

    # --- proof --------------------------------------------------------------------------

    def level(self, language: str, unit_id: str) -> str:
        """The proof level a snippet actually reached, from the last verification."""
        result = self.results.get((language, unit_id))
        if result is None:
            return "parsed"  # every generated program is parse-checked before it is written
        return "failed" if result.status is Status.FAILED else result.proof

    def _versions(self, language: str) -> str:
        versions = self.report.versions if self.report else {}
        return ", ".join(f"{k} {v}" for k, v in sorted(versions.get(language, {}).items()))

    def _written_for(self, language: str, unit_id: str) -> str:
        """The install lines of the program (what it was written for), as one line."""
        snippet = next((s for s in self.by_unit.get(unit_id, []) if s.language == language), None)
        return " ".join(snippet.install.lines) if snippet is not None else ""

    def badge_text(self, language: str, unit_id: str) -> tuple[str, str]:
        """(what the badge says, its kind) for one snippet: exactly what the last run did."""
        result = self.results.get((language, unit_id))
        if result is None:
            return "Syntax-checked only: not verified yet (run polysnip verify)", "parsed"
        words, kind = self._proof_words(language, unit_id, result)
        if result.cached:
            words += f" (recorded by the run of {result.cached}; unchanged since)"
        return words, kind

    def _proof_words(self, language: str, unit_id: str, result: Outcome) -> tuple[str, str]:
        label = LANGUAGES[language]
        checked = f"; {result.checked}" if result.checked else ""
        if result.status is Status.PASSED and result.level in ("executed", "compiled"):
            versions = self.report.versions if self.report else {}
            moto = versions.get("moto", {}).get("moto", "?")
            done = "Executed against moto " + moto if result.level == "executed" else "Compiled"
            words = f"{done} with {self._versions(language) or label.sdk}{checked}"
            if result.requests == 0:
                words += "; sends no request, ran to completion"
            elif result.equivalent and language != self.reference.key:
                words += f"; sent the same requests as the {self.reference.label} program"
            elif result.equivalent is False:
                words += f"; sent different requests than the {self.reference.label} program"
            return words, slug(result.proof)
        if result.checked and result.status is not Status.FAILED:
            words = result.checked[:1].upper() + result.checked[1:]
            if result.level == "parsed" and self._versions(language):
                words += f"; parsed with {self._versions(language)}"
            target = self._written_for(language, unit_id)
            if target:
                words += f"; written for: {target}"
            if result.status is Status.NOT_EXECUTED:
                words += f"; not executed ({result.detail})"
            return words, slug(result.proof)
        if result.status is Status.PASSED:
            checkers = self._versions(language)
            target = self._written_for(language, unit_id)
            words = "Syntax-checked only"
            if checkers:
                words += f" with {checkers}"
            if target:
                words += f"; written for: {target}"
            if result.level == "parsed":
                words += f"; {label.sdk} cannot be installed where this site is built"
            elif result.detail:
                words += f"; {result.detail}"
            return words, "parsed"
        if result.status is Status.FAILED:
            line = f" (line {result.line})" if result.line else ""
            return f"Verification failed{line}: {result.detail}", "failed"
        return f"Syntax-checked only: not executed ({result.detail})", "parsed"

    def badge(self, language: str, unit_id: str) -> str:
        """The badge as a Markdown link to the outcome's entry on the verification page."""
        words, kind = self.badge_text(language, unit_id)
        span = (f'<span class="ps-badge ps-{kind}" data-ps-lang="{attr(language)}">{html(words)}'
                f'<span class="ps-age"></span></span>')
        return f"[{span}]({VERIFICATION_PAGE}#{anchor(language, unit_id)})"

    # --- pages --------------------------------------------------------------------------

    def pages(self) -> dict[str, str]:
        out: dict[str, str] = {"index.md": self.index(), VERIFICATION_PAGE: self.verification_page()}
        for unit in self.units:
            out[f"{unit.id}.md"] = self.unit_page(unit)
        return {name: visible(content) for name, content in out.items()}

    def nav(self) -> list[Page]:
        """The spec's pages in order; the first (index.md) titles the spec's section. Titles are
        HTML (markup.nav_title): themes print them unescaped."""
        pages = [Page("index.md", nav_title(self.model.title))]
        pages += [Page(f"{u.id}.md", nav_title(u.title)) for u in self.units]
        return [*pages, Page(VERIFICATION_PAGE, "Verification report")]

    def coverage(self, link_prefix: str = "") -> str:
        """The matrix: one row per example, one column per language; each cell opens the
        example with that language's tab selected."""
        header = "| Example | " + " | ".join(text(lang.label) for lang in self.languages) + " |"
        rule = "|---|" + "---|" * len(self.languages)
        rows = []
        for unit in self.units:
            cells = [self._cell(lang.key, unit.id, link_prefix) for lang in self.languages]
            rows.append(f"| [{text(unit.title)}]({link_prefix}{unit.id}.md) | " + " | ".join(cells) + " |")
        legend = (
            "Strongest first: equal requests: ran against moto with the real SDK, passed every check and sent the "
            "same requests as the reference program · executed: ran against moto and passed every check · "
            "compiled: compiled or type-checked against the real SDK · names checked: every SDK name checked "
            "against the SDK's published names, not compiled · parsed: checked by a real parser only · "
            "failed: the last verification found a problem. "
            f'The [verification report<span class="ps-age"></span>]({link_prefix}{VERIFICATION_PAGE}) lists '
            "every result, the tool versions and the date."
        )
        return "\n".join([header, rule, *rows, "", text(self.equivalence_note()), "", legend, ""])

    def equivalence_note(self) -> str:
        reference = self.reference
        compared = [
            r for r in self.results.values()
            if r.equivalent is not None and r.language != reference.key and r.requests > 0
        ]
        if not compared:
            return "Requests were not compared across languages in the last verification."
        different = sorted({f"{LANGUAGES[r.language].label} ({r.id})" for r in compared if not r.equivalent})
        languages = sorted({LANGUAGES[r.language].label for r in compared})
        if different:
            return f"These programs sent different requests than the {reference.label} program: " + ", ".join(
                different) + "."
        return (
            f"Every executed program that sends requests, in {', '.join(languages)}, sent exactly the requests "
            f"the {reference.label} program sent "
            "(same operations, same parameters, JSON documents compared as parsed JSON)."
        )

    def _cell(self, language: str, unit_id: str, link_prefix: str) -> str:
        level = self.level(language, unit_id)
        label = LANGUAGES[language].label
        title = attr(f"{label}: {LEVEL_TEXT.get(level, level)}")
        span = f'<span class="ps-badge ps-{slug(level)}" title="{title}">{html(level)}</span>'
        return f"[{span}]({link_prefix}{unit_id}.md?lang={language})"

    def index(self) -> str:
        labels = [lang.label for lang in self.languages]
        named = ", ".join(labels[:-1]) + (f" and {labels[-1]}" if len(labels) > 1 else "".join(labels))
        lines = [f"# {text(self.model.title)}", "", prose(self.model.description), ""]
        lines += [text(f"Examples in {named}, each proven as far as this machine can: the badge under "
                       "each one says how."), ""]
        lines += ["## Examples", ""]
        for unit in self.units:
            lines.append(f"- [{text(unit.title)}]({unit.id}.md)")
        lines += ["", "## Coverage", "", self.coverage()]
        return "\n".join(lines).rstrip() + "\n"

    def verification_page(self) -> str:
        """Every outcome of the last verification, each under its own anchor."""
        report = self.report
        lines = [f"# Verification report: {text(self.model.title)}", ""]
        if report is None:
            lines += ["These examples have not been verified yet: every program was only parse-checked "
                      "when it was generated. Run `polysnip verify` to execute them.", ""]
        else:
            date = attr(report.date)
            lines += [
                f'Last verified on <time class="ps-verified" datetime="{date}" data-ps-verified="{date}">'
                f'{html(report.date)}</time><span class="ps-age"></span> with polysnip {text(report.polysnip)}.',
                "",
                "## Tools", "",
            ]
            for group, versions in sorted(report.versions.items()):
                label = LANGUAGES[group].label if group in LANGUAGES else group
                listed = ", ".join(f"{k} {v}" for k, v in sorted(versions.items()))
                lines.append(f"- **{text(label)}**: {text(listed)}")
            lines.append("")
        lines += ["## Results", ""]
        for unit in self.units:
            lines += [f"### {text(unit.title)}", ""]
            for language in self.languages:
                if not any(s.language == language.key for s in self.by_unit.get(unit.id, [])):
                    continue
                words, kind = self.badge_text(language.key, unit.id)
                result = self.results.get((language.key, unit.id))
                facts = []
                if result is not None:
                    facts.append(f"status {result.status}, level {result.level}")
                    if result.level == "executed":
                        facts.append(f"{result.requests} request{'s' if result.requests != 1 else ''} sent")
                    if result.declared:
                        facts.append("not executable by the spec's own declaration")
                target = f"{unit.id}.md?lang={language.key}"
                lines.append(
                    f'- <span class="ps-anchor" id="{attr(anchor(language.key, unit.id))}"></span>'
                    f"**[{text(language.label)}]({target})** "
                    f'<span class="ps-badge ps-{kind}">{html(words)}</span>'
                    + (f" ({text('; '.join(facts))})" if facts else "")
                )
            lines.append("")
        lines += [
            "executed: the program ran against moto (a local fake of AWS) with the real SDK, exited cleanly, "
            "sent only the calls the spec describes, and every expected result held · compiled: built against "
            "the real SDK · parsed: checked by a real parser for the language only · failed: the last "
            "verification found a problem.",
        ]
        return "\n".join(lines).rstrip() + "\n"

    def unit_page(self, unit: Unit) -> str:
        lines = [f"# {text(unit.title)}", ""]
        operation = self.operations.get(unit.id)
        scenario = self.scenarios.get(unit.id)
        client = next((u for u in self.units if u.kind == "client"), None)
        uses_client = (
            f"The examples use a client made as in [{text(client.title)}]({client.id}.md)." if client else ""
        )
        if operation is not None:
            call = operation.call
            op_model = call.op_model
            service = self.model.service_model.metadata.get("serviceFullName", "")
            lines += [prose(operation.description), ""]
            lines += [f"API: {code(op_model.name)} · {text(str(service))}. {uses_client}", ""]
            lines += ["## Example", "", *self.placeholder_notes(call), self.tabs(unit), ""]
            lines += ["## Expected output", "", *self.expected(call, unit), ""]
            lines += ["## What it does", "", html_to_markdown(op_model.documentation), ""]
            lines += ["## Parameters", "", self.parameters(op_model), ""]
            lines += ["## Response", "", self.response(op_model), ""]
            if operation.then:
                lines += ["## Checked after the call", ""]
                for follow in operation.then:
                    claims = "; ".join(_claim(e) for e in follow.expect) or "it succeeds"
                    lines.append(f"- {code(follow.operation)} on the same key: {claims}.")
                lines.append("")
            lines += ["## Errors", "", self.errors(op_model, call.errors), ""]
            lines += ["## Related", "", *self.related(unit), ""]
        elif scenario is not None:
            lines += [prose(scenario.description), "", uses_client, ""]
            lines += ["## Steps", ""]
            for number, step in enumerate(scenario.steps, 1):
                if step.comment:
                    step_text = prose(step.comment)
                elif isinstance(step, Call):
                    step_text = f"Call {code(step.operation)}."
                else:
                    step_text = "Edit the document."
                lines.append(f"{number}. {step_text}")
            lines += ["", "## Example", "", *self.placeholder_notes(*scenario.calls), self.tabs(unit), ""]
            final = [c for c in scenario.calls if c.expect]
            if final:
                lines += ["## Expected output", "", *self.expected(final[-1], unit), ""]
            lines += ["## Related", "", *self.related(unit), ""]
        else:
            region = self.model.region
            lines += [f"Every example on this site uses a client created like this, in the {code(region)} Region.", ""]
            lines += [
                "Credentials come from the SDK's default chain: environment variables, the shared credentials file, "
                "or an IAM role.",
                "",
            ]
            lines += [self.tabs(unit), ""]
        return "\n".join(lines).rstrip() + "\n"

    def placeholder_notes(self, *calls: Call) -> list[str]:
        used: list[str] = []
        for call in calls:
            for param in call.params:
                name = getattr(param.value, "name", None)
                if name and any(p.name == name for p in self.model.placeholders) and name not in used:
                    used.append(name)
        notes = []
        for name in used:
            placeholder = self.model.placeholder(name)
            if placeholder.description:
                notes.append(f"Replace {code(placeholder.display)} with {prose(placeholder.description)}.")
        return notes + ([""] if used else [])  # a blank line after the notes whenever a placeholder is used

    # --- one tab per language -----------------------------------------------------------

    def tabs(self, unit: Unit) -> str:
        blocks = []
        for snippet in sorted(self.by_unit.get(unit.id, []), key=lambda s: LANGUAGES[s.language].tab_order):
            blocks.append("\n".join(self._tab(snippet, unit)))
        return "\n".join(blocks)

    def _tab(self, snippet: Snippet, unit: Unit) -> list[str]:
        """One language's tab: install and reference lines, the program as the parts the
        reader copies (the parts before and after the snippet folded; joined, they are the
        program that was verified), the badge, this program's own output, a download link."""
        language = LANGUAGES[snippet.language]
        pad = "    "
        filename = snippet.program_path.rsplit("/", 1)[-1]
        block = [f'=== "{html(language.label)}"', ""]
        block += self._setup(snippet, pad)
        parts = snippet.shown_parts or ()
        if not parts:  # a snippet rendered without parts: show the fragment alone
            block += [fence(snippet.fragment, language.lexer, pad, "ps-snippet"), ""]
        for part in parts:
            if part.folded:
                folded = fence(part.text, language.lexer, pad * 2, "ps-prelude")
                block += [f'{pad}??? abstract "{html(part.title)}"', "", folded, ""]
            else:
                block += [fence(part.text, language.lexer, pad, "ps-snippet"), ""]
        block += [pad + self.badge(snippet.language, unit.id), ""]
        result = self.results.get((snippet.language, unit.id))
        if result is not None and result.status is Status.PASSED and result.output.strip():
            block += [f"{pad}Output of this {text(language.label)} program in the last verification run:", "",
                      fence(pretty_output(result.output), "text", pad, "ps-output"), ""]
        block += [f"{pad}[Download {text(filename)}]({snippet.program_path}) (the whole program, as verified)", ""]
        return block

    def _setup(self, snippet: Snippet, pad: str) -> list[str]:
        """Install line(s), minimum runtime and the API reference links, once per tab."""
        install = snippet.install
        lines: list[str] = []
        facts = []
        if install.runtime:
            facts.append(f"Requires {text(install.runtime)}.")
        links = [
            f"[{text(ref.operation)}](<{ref.url}>)" for ref in install.references
            if ref.url.startswith(("https://", "http://")) and not any(c in ref.url for c in " <>\n")
        ]
        if links:
            sdk = LANGUAGES[snippet.language].sdk
            facts.append(f"{text(sdk)} reference: " + ", ".join(links) + ".")
        if facts:
            lines += [pad + " ".join(facts), ""]
        if install.lines:
            tool = f" ({text(install.tool)})" if install.tool else ""
            listing = fence("\n".join(install.lines), install.lexer or "text", pad, "ps-install")
            lines += [f"{pad}Install{tool}:", "", listing, ""]
        return lines

    # --- reference ----------------------------------------------------------------------

    def _fields(self, shape: Shape | None, required: Iterable[str], empty: str) -> str:
        if shape is None or not getattr(shape, "members", None):
            return empty
        needed = set(required)
        blocks = []
        for name, member in shape.members.items():  # type: ignore[attr-defined]
            facts = [f"*{text(describe_type(member))}*"]
            if needed:
                facts.append("**required**" if name in needed else "optional")
            constraints = _constraints(member)
            if constraints:
                facts.append(constraints)
            body = html_to_markdown(member.documentation) or "No description in the service model."
            blocks += [f"### {code(name)}", "", " · ".join(facts), "", body, ""]
        return "\n".join(blocks).rstrip()

    def parameters(self, op: OperationModel) -> str:
        shape = op.input_shape
        required = shape.required_members if shape is not None else []
        return self._fields(shape, required or [], "This operation takes no parameters.")

    def response(self, op: OperationModel) -> str:
        return self._fields(op.output_shape, [], "A successful call returns no data.")

    def errors(self, op: OperationModel, handled: tuple[str, ...] = ()) -> str:
        """Each modelled error: how each SDK presents it (a tab group), then per error whether
        the SDKs retry it, whether the example handles it, and the model's description."""
        if not op.error_shapes:
            return "The model lists no specific errors."
        blocks = [
            "Each error below is modelled by the service; the tabs show what each SDK raises for it, "
            "and each block whether the SDKs retry it on their own before your code sees it.",
            "",
        ]
        for language in self.languages:
            blocks += [f'=== "{html(language.label)}"', ""]
            how = exception_name(language.key, self.model, op.error_shapes[0].name).how
            if how:
                blocks += [f"    {text(how[:1].upper() + how[1:])}:", ""]
            for error in op.error_shapes:
                name = exception_name(language.key, self.model, error.name)
                blocks.append(f"    - {code(name.name)}")
            blocks.append("")
        for error in op.error_shapes:
            decision = retry(error)
            retried = "retried automatically" if decision.retried else "not retried"
            facts = [f"**{retried}**: {text(decision.why)}."]
            if error.name in handled:
                facts.append("The example above handles it.")
            blocks += [
                f"### {code(error.name)}",
                "",
                " ".join(facts),
                "",
                html_to_markdown(error.documentation) or "No description in the service model.",
                "",
            ]
        return "\n".join(blocks).rstrip()

    def expected(self, call: Call, unit: Unit) -> list[str]:
        """The spec's claims about the response (checked by verification on every language's run)."""
        claims = [f"- {_claim(e)}" for e in call.expect] or ["- The call succeeds and returns no data."]
        lines = ["Verification checks, for every program that runs:", "", *claims]
        if any(r.id == unit.id and r.output.strip() and r.status is Status.PASSED for r in self.results.values()):
            lines += ["", "Each tab above shows what its own program printed in the last verification run."]
        return lines

    def related(self, unit: Unit) -> list[str]:
        return [f"- [{text(u.title)}]({u.id}.md)" for u in self.units if u.id != unit.id]


def _claim(expectation: Expectation) -> str:
    value = json.dumps(expectation.value.value, ensure_ascii=False)
    field = code(expectation.field)
    if expectation.kind == "equals":
        return f"{field} is {code(value)}"
    if expectation.kind == "json_equals":
        return f"{field} is the JSON document that was sent"
    path = code(".".join(expectation.json_path))
    if expectation.kind == "json_at_equals":
        return f"{field} is a JSON document whose {path} is {code(value)}"
    return f"{field} is a JSON document whose {path} list contains the new item"


def _constraints(shape: Shape) -> str:
    parts = []
    for key, value in shape_constraints(shape).items():
        if key == "enum":
            parts.append("one of " + ", ".join(code(str(v)) for v in value))  # type: ignore[attr-defined]
        elif key == "pattern":
            parts.append(f"pattern {code(str(value))}")
        else:
            parts.append(f"{text(key)} {text(str(value))}")
    return "; ".join(parts)


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
