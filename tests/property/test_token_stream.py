"""Spec text never changes a program's tokens, in any language.

Every place where text from a spec reaches a program is filled with the same drawn text:
titles (the header comment), scenario step comments, placeholder descriptions (a comment
above the declaration) and values (a string literal), string members (CreateKey's
Description, a tag value), and every string and key of the JSON documents, including the
document a scenario appends and the path it appends at. The texts are arbitrary Unicode
mixed with the spellings each language gives a meaning to inside a comment or a literal:
Java's unicode escapes (javac translates them before reading tokens), comment and string
delimiters, interpolation (#{...}, ${...}, backticks), heredoc terminators, line
continuations, every kind of line break, encoding declarations (Python, Ruby), build
constraints (Go), region markers, and bidirectional controls.

The texts are put into the model directly, past validation, so that the languages' own
rules are what is tested. Each program is then parsed by the language's real grammar
(tree-sitter; for Java after javac's unicode pre-pass, which must find no escape at all)
and reduced to its token stream: every token's kind, with each literal and each run of
comment lines counted as one token, and a trailing comma before a closing bracket dropped
(layout may add one when a longer value breaks a call over several lines). That stream
must equal the stream of the same program rendered with a plain word ("x") in every place.
A language may refuse a text it cannot express (nothing is written then); any other
failure, a parse error included, fails the test.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tree_sitter import Node

from generator.languages import LANGUAGES, Language
from generator.languages.java import unicode_prepass
from generator.model import (
    Call,
    Edit,
    JsonData,
    JsonDocValue,
    ListValue,
    MapValue,
    Model,
    PlaceholderRef,
    Step,
    StructValue,
    StrValue,
    Value,
)
from generator.parsecheck import parse_tree
from generator.problems import Kind
from generator.render import GenerationFailed, Renderer, Snippet
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("POLYSNIP_TOKEN_EXAMPLES", "100"))  # drawn texts per language

# Node types whose whole text came from one literal or comment, per tree-sitter grammar.
LITERALS = {
    "java": {"string_literal", "character_literal"},
    "c_sharp": {"string_literal", "verbatim_string_literal", "raw_string_literal", "interpolated_string_expression"},
    "python": {"string", "concatenated_string"},
    "ruby": {"string", "heredoc_beginning", "heredoc_body", "simple_symbol", "delimited_symbol"},
    "bash": {"word", "number", "raw_string", "string", "concatenation", "heredoc_start", "heredoc_body", "heredoc_end"},
    "go": {"interpreted_string_literal", "raw_string_literal"},
    "javascript": {"string", "template_string"},
}
COMMENTS = {"comment", "line_comment", "block_comment"}
CLOSERS = {")", "]", "}"}

# Spellings with a meaning inside some language's comments or literals.
TRICKY = (
    "\\u000a", "\\u000A", "\\uu000d", "\\u0022", "\\u002a\\u002f", "C:\\users\\me", "\\\\u0041", "\\", "\\\\", "\\u",
    "*/", "/*", "//", "#", "--", '"', "'", '"""', "'''", "`", "${x}", "#{x}", "#@x", "#$x", "%s", "%d", "{}", "{{ x }}",
    "\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\x00", "\x7f", "\ufeff", "\u202e", "\u2066",
    "coding: utf-7", "-*- coding: latin-1 -*-", "frozen_string_literal: true", "+build ignore", "//go:build ignore",
    "snippet-end", "snippet-start", "client-start", "client-end", "EOF", "JSON", "JSON_DOC", "__END__", "=begin",
    "<<EOF", "$(id)", "; exit 3", "\\\n", "@\"", "\"\"", "{0}", "$\"{x}\"", "<!--", "-->", "__proto__", "\U0001F511",
)  # fmt: skip
texts = st.lists(
    st.one_of(st.text(max_size=8), st.sampled_from(TRICKY)), min_size=1, max_size=6
).map("".join).filter(bool)  # an empty comment is left out, which is no change of tokens


# The value of every placeholder a document is built around: each string of such a document
# is the drawn text followed by it, so that every language writes literal text and a
# variable side by side (a text block and .formatted, an interpolated heredoc, `…` + v…).
HOLE = "Zq9HoleMark"


def _json(value: Any, text: str, hole: str = "") -> Any:
    """value with every string and key replaced by text (keys numbered to stay distinct);
    strings end with hole when one is given."""
    if isinstance(value, str):
        return text + hole
    if isinstance(value, list):
        return [_json(item, text, hole) for item in value]
    if isinstance(value, dict):
        return {f"{text}{index}": _json(item, text, hole) for index, item in enumerate(value.values())}
    return value


def _value(value: Value, text: str) -> Value:
    if isinstance(value, StrValue) and value.shape.type_name == "string" and not getattr(value.shape, "enum", None):
        return dataclasses.replace(value, text=text)
    if isinstance(value, PlaceholderRef):
        return dataclasses.replace(value, display=text)
    if isinstance(value, JsonDocValue):
        hole = HOLE if value.placeholders else ""
        return dataclasses.replace(value, document=JsonData.of(_json(value.document.value, text, hole)))
    if isinstance(value, ListValue):
        return dataclasses.replace(value, items=tuple(_value(item, text) for item in value.items))
    if isinstance(value, StructValue):
        return dataclasses.replace(value, members=tuple((k, _value(v, text)) for k, v in value.members))
    if isinstance(value, MapValue):
        return dataclasses.replace(value, entries=tuple((k, _value(v, text)) for k, v in value.entries))
    return value


def _call(call: Call, text: str) -> Call:
    params = tuple(dataclasses.replace(p, value=_value(p.value, text)) for p in call.params)
    return dataclasses.replace(call, params=params, comment=text if call.comment else "")


def _step(step: Step, text: str) -> Step:
    if isinstance(step, Edit):
        item = JsonData.of(_json(step.item.value, text, HOLE if step.placeholders else ""))
        unique_by = f"{text}0" if step.unique_by else ""  # the item's first key, as _json names it
        return dataclasses.replace(step, comment=text, path=tuple(text for _ in step.path), item=item,
                                   unique_by=unique_by)
    return _call(step, text)


def with_text(model: Model, text: str) -> Model:
    """model with text in every place spec text reaches a program."""
    operations = tuple(dataclasses.replace(op, title=text, call=_call(op.call, text)) for op in model.operations)
    scenarios = tuple(
        dataclasses.replace(sc, title=text, steps=tuple(_step(s, text) for s in sc.steps)) for sc in model.scenarios
    )
    placeholders = tuple(
        dataclasses.replace(p, description=text, display=HOLE if p.name in _in_documents(model) else text)
        for p in model.placeholders
    )
    return dataclasses.replace(model, operations=operations, scenarios=scenarios, placeholders=placeholders)


def _in_documents(model: Model) -> set[str]:
    """The placeholders documents and appended items are built around (used nowhere else in the spec)."""
    steps = [op.call for op in model.operations] + [s for sc in model.scenarios for s in sc.steps]
    names: set[str] = set()
    for step in steps:
        if isinstance(step, Edit):
            names.update(step.placeholders)
        else:
            names.update(n for p in step.params if isinstance(p.value, JsonDocValue) for n in p.value.placeholders)
    return names


@cache
def base_model() -> Model:
    """The KMS spec plus an operation with plain string members, so that every kind of place occurs."""
    import yaml

    spec = yaml.safe_load((ROOT / "specs" / "kms-key-policies.yaml").read_text(encoding="utf-8"))
    spec["operations"].append({
        "id": "create-key", "operation": "CreateKey", "title": "Create a key",
        "params": {"Description": "d", "Tags": [{"TagKey": "k", "TagValue": "v"}]},
    })  # fmt: skip
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"polysnip-token-stream-{os.getpid()}.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    try:
        model, _ = load_spec(path)
    finally:
        path.unlink()
    assert any(isinstance(s, Edit) for sc in model.scenarios for s in sc.steps)
    return model


def _leaves(node: Node, grammar: str) -> Iterator[str]:
    if node.is_error or node.is_missing:
        raise AssertionError(f"parse error at {node.start_point}: {node.text!r}")
    if node.type in LITERALS[grammar] or (grammar == "javascript" and node.type == "property_identifier"):
        yield "<literal>"
    elif node.type in COMMENTS:
        yield "<comment>"
    elif node.child_count == 0:
        yield node.type  # named tokens by kind (identifier, number); keywords and punctuation are their text
    else:
        for child in node.children:
            yield from _leaves(child, grammar)


def token_stream(language: Language, program: str) -> list[str]:
    """The program's tokens as the language's compiler would read them (see the module docstring)."""
    if language.key == "java":
        translated, escapes = unicode_prepass(program)
        assert not escapes, f"javac would translate {escapes}"
        program = translated
    tree = parse_tree(language.grammar, program, language.grammar_module or None, language.grammar_function)
    raw = list(_leaves(tree.root_node, language.grammar))
    out: list[str] = []
    for index, token in enumerate(raw):
        if token == "<comment>" and out and out[-1] == "<comment>":
            continue  # a text with line breaks is several comment lines
        if token == "," and index + 1 < len(raw) and raw[index + 1] in CLOSERS:
            continue
        out.append(token)
        if language.key == "javascript" and out[-3:] == ["[", "<literal>", "]"]:
            out[-3:] = ["<literal>"]  # obj["a b"] and { ["__proto__"]: … } where a name reads obj.ab, { ab: … }
        if language.key == "javascript" and out[-2:] == [".", "<literal>"]:
            out[-2:] = ["<literal>"]
        if language.key == "python" and out[-4:] == ["=", "(", "<literal>", ")"]:
            out[-3:] = ["<literal>"]  # black wraps a long string in parentheses
    return out


def render(language: Language, model: Model) -> dict[str, Snippet] | None:
    """Every program of model by unit id; None when the language refuses a value of it."""
    try:
        snippets = Renderer().render_model(model, [language])
    except GenerationFailed as exc:
        others = [e for e in exc.errors if e.kind is not Kind.UNSUPPORTED]
        assert not others, "\n".join(e.format(model.source) for e in others)
        return None
    return {s.unit.id: s for s in snippets}


@cache
def baseline(key: str, plain: str) -> dict[str, list[str]]:
    language = LANGUAGES[key]
    rendered = render(language, with_text(base_model(), plain))
    assert rendered is not None
    return {unit: token_stream(language, s.program) for unit, s in rendered.items()}


def check(key: str, text: str) -> None:
    language = LANGUAGES[key]
    rendered = render(language, with_text(base_model(), text))
    if rendered is None:
        return
    # The AWS CLI passes a value starting with a dash as --name=value (one word, not two).
    expected = baseline(key, "-x" if key == "cli" and text.startswith("-") else "x")
    for unit, snippet in rendered.items():
        tokens = token_stream(language, snippet.program)
        assert tokens == expected[unit], f"{key} {unit}: the tokens changed for text {text!r}:\n{snippet.program}"


@pytest.mark.parametrize("key", list(LANGUAGES))
@settings(max_examples=EXAMPLES)
@given(text=texts)
def test_spec_text_never_changes_tokens(key: str, text: str) -> None:
    check(key, text)


@pytest.mark.parametrize("key", list(LANGUAGES))
@pytest.mark.parametrize("text", TRICKY, ids=[repr(t)[1:-1][:24] for t in TRICKY])
def test_each_tricky_spelling(key: str, text: str) -> None:
    """Each spelling on its own and between words, on every run (not left to the draw)."""
    check(key, text)
    check(key, f"a {text} b")


def test_the_stream_notices_hidden_code() -> None:
    """The check can fail: a line break in a Java comment, or a unicode escape that javac
    reads as one, makes the rest of the line code."""
    java = LANGUAGES["java"]
    plain = token_stream(java, "class A {\n  // note\n}\n")
    assert token_stream(java, "class A {\n  // note\n  int x;\n}\n") != plain
    with pytest.raises(AssertionError, match="javac would translate"):
        token_stream(java, "class A {\n  // note \\u000a int x;\n}\n")
