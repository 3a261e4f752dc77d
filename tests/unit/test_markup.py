"""The page escapers: spec and model text reaches the site's Markdown literally, and the
error names and retry notes the pages show come from each SDK's convention and the model.

Rendering goes through Python-Markdown with the extensions the site's mkdocs.yml enables,
so a Markdown, HTML, snippet, tab or admonition syntax that survived an escaper would
show up as markup in the HTML below.
"""

from __future__ import annotations

import html as std_html
import html.parser

import markdown
import pytest
import yaml

from generator import markup
from generator.sdk_errors import exception_name, retry
from generator.service import service_model
from generator.spec import load_spec
from tests.browser.conftest import ROOT

HOSTILE = [
    "ends with a backslash \\",
    "*stars* and _underscores_ and __double__",
    "<script>alert(1)</script> <img src=x onerror=alert(2)>",
    "{{ 7*7 }} {% raw %} {: .class }",
    "a | pipe | in a cell",
    "*/ /* comment closers",
    '=== "tab"',
    "!!! note",
    "??? example",
    '--8<-- "README.md"',
    "# not a heading",
    "1. not a list",
    "- not a list",
    "[link](javascript:alert(1)) ![image](x.png) <https://example.com>",
    "&amp; &lt; entities stay as written &#42;",
    "`code` ``double``",
]


def _extensions() -> list[object]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    found: list[object] = []
    for entry in config["markdown_extensions"]:
        found.append(next(iter(entry)) if isinstance(entry, dict) else entry)
    return found


def _render(text: str) -> str:
    configs = {"pymdownx.tabbed": {"alternate_style": True}}
    names = [str(e) for e in _extensions()]
    return markdown.markdown(text, extensions=names, extension_configs={k: v for k, v in configs.items() if k in names})


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _parse(rendered: str) -> _Text:
    parser = _Text()
    parser.feed(rendered)
    return parser


@pytest.mark.parametrize("value", HOSTILE)
def test_text_renders_literally(value: str) -> None:
    for line in (markup.text(value), f"# {markup.text(value)}", f"- {markup.text(value)}"):
        rendered = _render(line)
        parsed = _parse(rendered)
        assert "".join(parsed.parts).strip() == value.strip(), rendered
        assert set(parsed.tags) <= {"p", "h1", "ul", "li"}, rendered


@pytest.mark.parametrize("value", HOSTILE)
def test_table_cell_renders_literally(value: str) -> None:
    rendered = _render(f"| a | b |\n|---|---|\n| {markup.cell(value)} | x |\n")
    cells = rendered.split("<td>")
    assert len(cells) == 3, rendered
    assert "".join(_parse(cells[1].split("</td>")[0]).parts).strip() == value.strip()


@pytest.mark.parametrize("value", HOSTILE)
def test_html_and_attribute_render_literally(value: str) -> None:
    rendered = _render(f'<span class="x" title="{markup.attr(value)}">{markup.html(value)}</span> after')
    parsed = _parse(rendered)
    assert "".join(parsed.parts).replace(" after", "").strip() == value.strip(), rendered
    assert parsed.tags == ["p", "span"], rendered


@pytest.mark.parametrize("value", HOSTILE)
def test_code_span_holds_the_value(value: str) -> None:
    rendered = _render(f"see {markup.code(value)}")
    assert "".join(_parse(rendered).parts) == f"see {value.strip()}", rendered


def test_fence_holds_any_backtick_run() -> None:
    source = "a\n```\n````\nb"
    rendered = _render(markup.fence(source, "text"))
    assert "".join(_parse(rendered).parts).strip() == source


def test_prose_keeps_code_spans_and_escapes_the_rest() -> None:
    rendered = _render(markup.prose("the name is `default` *not* <b>bold</b>"))
    assert "<code>default</code>" in rendered
    assert "".join(_parse(rendered).parts) == "the name is default *not* <b>bold</b>"


def test_doc_keeps_lists_links_and_emphasis_and_drops_active_content() -> None:
    source = (
        "<p>Use <code>KeyId</code>. See <a href='https://docs.aws.amazon.com/x'>the <i>guide</i></a>"
        " and <a href='javascript:alert(1)'>this</a> or <a href='../relative'>that</a>.</p>"
        "<ul><li><p>one *star*</p></li><li>two</li></ul><script>alert(1)</script>"
        "<p><i>Outer <b>inner</b></i> &lt;script&gt; {{ x }}</p><dl><dt>default</dt><dd><p>the policy</p></dd></dl>"
    )
    rendered = _render(markup.doc(source))
    assert "<ul>" in rendered and rendered.count("<li>") == 2
    assert '<a href="https://docs.aws.amazon.com/x">the <em>guide</em></a>' in rendered
    assert "javascript:" not in rendered and "relative" not in rendered
    assert "<script>" not in rendered and "alert(1)" not in rendered
    assert "&lt;script&gt; {{ x }}" in rendered
    assert "one *star*" in "".join(_parse(rendered).parts)
    assert "<strong>default</strong>" in rendered
    assert "**" not in rendered, "nested emphasis leaves no stray markers"


def test_nav_title_cannot_close_the_title_element() -> None:
    title = markup.nav_title("a </title><script>x</script> & b")
    assert "<" not in title and ">" not in title, "printed raw in the navigation, it is text"
    decoded = std_html.unescape(title)  # what a theme's striptags puts into <title>
    assert "</" not in decoded and decoded.replace("\u2060", "") == "a </title><script>x</script> & b"


@pytest.fixture(scope="module")
def kms():  # type: ignore[no-untyped-def]
    model, _ = load_spec(ROOT / "specs" / "kms-key-policies.yaml")
    return model


def test_each_sdk_names_the_error_its_way(kms) -> None:  # type: ignore[no-untyped-def]
    names = {lang: exception_name(lang, kms, "KMSInvalidStateException").name
             for lang in ("java", "csharp", "python", "ruby", "cli", "javascript", "go")}
    assert names == {
        "java": "software.amazon.awssdk.services.kms.model.KmsInvalidStateException",
        "csharp": "Amazon.KeyManagementService.Model.KMSInvalidStateException",
        "python": "client.exceptions.KMSInvalidStateException",
        "ruby": "Aws::KMS::Errors::KMSInvalidStateException",
        "cli": "KMSInvalidStateException",
        "javascript": "KMSInvalidStateException",
        "go": "*types.KMSInvalidStateException",
    }


def test_retry_follows_the_model_and_botocore() -> None:
    kms = service_model("kms")
    shapes = {e.name: e for e in kms.operation_model("PutKeyPolicy").error_shapes}
    assert retry(shapes["DependencyTimeoutException"]).retried  # a fault (HTTP 503)
    assert retry(shapes["KMSInternalException"]).retried  # a fault (HTTP 500)
    assert retry(shapes["LimitExceededException"]).retried  # botocore's throttling codes
    assert "botocore" in retry(shapes["LimitExceededException"]).why
    assert not retry(shapes["NotFoundException"]).retried
    assert not retry(shapes["MalformedPolicyDocumentException"]).retried
