"""The one place where spec- and model-derived text is made safe for the pages.

Every string that comes from a spec (titles, descriptions, step comments, values) or from
botocore's model (names, documentation) reaches a generated page through exactly one of
these, chosen by where it lands:

* `text(s)`  — Markdown running text: paragraphs, headings, list items, link labels.
* `prose(s)` — a spec description: running text in which `backticked` runs are code.
* `cell(s)`  — a Markdown table cell (text, on one line, with `|` neutralised).
* `attr(s)`  — an HTML attribute value, between double quotes.
* `html(s)`  — text content inside a raw HTML element written into a Markdown page.
* `code(s)`  — an inline code span.
* `nav_title(s)` — a title mkdocs prints in the navigation and in <title>.
* `fence(s, lexer, indent)` — a fenced code block.
* `doc(html)` — botocore's HTML documentation, converted to Markdown with every text run
  escaped and only absolute http(s) links kept (it is model text, not trusted markup).

After any of them the reader sees the characters as written: no Markdown emphasis, no
heading lost to a trailing backslash, no HTML element, no snippet include, no attribute
list, no Jinja-looking braces evaluated. Control characters are shown as U+FFFD.
"""

from __future__ import annotations

import html as _html
import re
from typing import Any

from markdownify import MarkdownConverter

__all__ = ["attr", "cell", "code", "doc", "fence", "html", "nav_title", "prose", "text", "visible"]

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Characters Python-Markdown (with the extensions the site uses) gives a meaning to and
# lets a backslash take away; < > & become entities instead, since a backslash does not
# stop an HTML tag or an entity.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
# Characters a backslash cannot neutralise that still start a block at a line's start
# (pymdownx details "???", tabs "===", snippets "--8<--" is covered by "-" above).
_ENTITY_SPECIAL = {"?": "&#63;", "=": "&#61;"}
# In raw HTML, Markdown inline syntax is still applied to the text; numeric references
# keep these characters literal there (a backslash would be shown).
_HTML_SPECIAL = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+!|~^=$'\""}


def visible(value: str) -> str:
    """value with control characters (other than tab and newline) shown as U+FFFD: a NUL or an
    escape sequence from a spec must not reach a page or a browser raw."""
    return _CONTROL.sub("\ufffd", value)


def _entities(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _markdown(value: str) -> str:
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", _entities(value))
    return "".join(_ENTITY_SPECIAL.get(c, c) for c in escaped)


def text(value: str) -> str:
    """Markdown running text that renders as value, character for character (on one line:
    line breaks become spaces, so that a value cannot start a block of its own)."""
    flat = re.sub(r"\s*\n\s*", " ", visible(value)).strip()
    return _markdown(flat)


def prose(value: str) -> str:
    """A spec description: running text (as text()) in which `backticked` runs are code spans."""
    parts = re.split(r"(`[^`\n]+`)", visible(value))
    out = [code(p[1:-1]) if p.startswith("`") and len(p) > 1 else _markdown(re.sub(r"\s*\n\s*", " ", p)) for p in parts]
    return "".join(out).strip()


def cell(value: str) -> str:
    """A Markdown table cell that renders as value (the escapes of text() cover `|`)."""
    return text(value) or "&nbsp;"


def html(value: str) -> str:
    """Text content of a raw HTML element in a Markdown page."""
    flat = re.sub(r"\s*\n\s*", " ", visible(value))
    return "".join(_HTML_SPECIAL.get(c, c) for c in _entities(flat))


def attr(value: str) -> str:
    """An HTML attribute value, for use between double quotes."""
    return html(value)


def nav_title(value: str) -> str:
    """A page or section title handed to mkdocs (nav.json): themes print it raw into the
    navigation and, through `striptags` (which decodes entities), into <title>. Entities
    keep it literal in the navigation; a word joiner after "<" keeps the decoded text from
    closing <title> (or any element) early."""
    flat = re.sub(r"\s*\n\s*", " ", visible(value)).strip()
    return _html.escape(flat.replace("<", "<\u2060"), quote=True)


def code(value: str) -> str:
    """An inline code span holding value as written (one line)."""
    flat = re.sub(r"\s*\n\s*", " ", visible(value))
    longest = max((len(m) for m in re.findall(r"`+", flat)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") or not flat.strip() else ""
    return f"{ticks}{pad}{flat}{pad}{ticks}"


def fence(source: str, lexer: str, indent: str = "", css: str = "") -> str:
    """A fenced code block longer than any backtick run in source, indented (for tabs);
    css names a class for the block (what it holds: snippet, install lines, output)."""
    source = visible(source)
    longest = max((len(m) for m in re.findall(r"`+", source)), default=0)
    ticks = "`" * max(3, longest + 1)
    body = "\n".join((indent + line) if line else "" for line in source.rstrip("\n").split("\n"))
    info = f"{{.{lexer} .{css}}}" if css and re.fullmatch(r"[A-Za-z0-9_+-]+", lexer) else lexer
    return f"{indent}{ticks}{info}\n{body}\n{indent}{ticks}"


class _DocConverter(MarkdownConverter):  # type: ignore[misc]
    """botocore HTML → Markdown. Text runs go through text(); links survive only when absolute
    http(s); tags the model should not hold (script, style, iframe…) are dropped with their
    content; code elements become code spans."""

    def convert_a(self, el: Any, content: str, parent_tags: Any) -> str:
        href = str(el.get("href", "") or "")
        if not re.match(r"https?://[^\s<>\"'()]+\Z", href):
            return content
        label = content.strip() or text(href)
        return f"[{label}](<{href}>)"

    def convert_code(self, el: Any, content: str, parent_tags: Any) -> str:
        if "pre" in parent_tags:
            return content
        return code(el.get_text())

    def convert_pre(self, el: Any, content: str, parent_tags: Any) -> str:
        return "\n\n" + fence(el.get_text(), "text") + "\n\n"

    def convert_i(self, el: Any, content: str, parent_tags: Any) -> str:
        return self._wrap(content, "*")

    convert_em = convert_i
    convert_cite = convert_i

    def convert_b(self, el: Any, content: str, parent_tags: Any) -> str:
        return self._wrap(content, "**")

    convert_strong = convert_b

    def convert_dt(self, el: Any, content: str, parent_tags: Any) -> str:
        return f"\n\n**{content.strip()}**\n\n" if content.strip() else ""

    def convert_dd(self, el: Any, content: str, parent_tags: Any) -> str:
        return f"\n\n{content.strip()}\n\n"

    def convert_dl(self, el: Any, content: str, parent_tags: Any) -> str:
        return f"\n\n{content.strip()}\n\n"

    @staticmethod
    def _wrap(content: str, mark: str) -> str:
        inner = content.strip()
        if not inner or "*" in re.sub(r"\\\*", "", inner):
            return content  # nested emphasis: keep the words, drop the stray markers
        lead = " " if content[:1].isspace() else ""
        trail = " " if content[-1:].isspace() else ""
        return f"{lead}{mark}{inner}{mark}{trail}"

    def escape(self, value: str, parent_tags: Any = None) -> str:
        if not value:
            return value
        return _markdown(visible(value))


_DROPPED = ["script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math", "form"]


def doc(source: str) -> str:
    """botocore's HTML documentation as safe Markdown (lists, links, emphasis, code kept)."""
    converter = _DocConverter(heading_style="ATX", bullets="-", strip=["img"], strip_document=None)
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(source or "", "html.parser")
    for tag in soup.find_all(_DROPPED):
        tag.decompose()
    for tag in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
        tag.name = "p"  # a heading inside a parameter would break the page's outline
        tag.insert(0, soup.new_string(""))
    result = converter.convert_soup(soup)
    result = re.sub(r"[ \t]+\n", "\n", result)
    return re.sub(r"\n{3,}", "\n\n", result).strip()
