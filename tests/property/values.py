"""What the literal property tests feed the languages: cases, their strategies, and how a
value read back is compared with the value sent.

A case is one of three kinds:

* "string": text, rendered with the language's literal() for a string member;
* "document": a JSON document (a mapping or list, as a spec writes one), rendered with the
  language's json_document() form: a Python dict, a Java text block, a C# verbatim string,
  a Ruby heredoc, a heredoc file for the AWS CLI, a JavaScript object literal, a Go raw
  string;
* "value": a model value (list, map, integer, long, float, double, boolean, or a nest of
  them) with a botocore shape, rendered with the language's literal().

Shapes are real botocore Shape objects resolved from a small model (SHAPES), so the
languages apply the rules they apply to any service: an integer is 32 bits, a long 64,
a float 32-bit IEEE.
"""

from __future__ import annotations

import json
import math
import os
import struct
from dataclasses import dataclass
from typing import Any

from botocore.model import Shape, ShapeResolver
from hypothesis import strategies as st

from generator.model import BoolValue, ListValue, MapValue, NumValue, StrValue, Value

INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
JS_SAFE = 2**53 - 1

_SHAPE_DEFINITIONS: dict[str, dict[str, Any]] = {
    "String": {"type": "string"},
    "Integer": {"type": "integer"},
    "Long": {"type": "long"},
    "Boolean": {"type": "boolean"},
    "Float": {"type": "float"},
    "Double": {"type": "double"},
    "StringList": {"type": "list", "member": {"shape": "String"}},
    "IntegerList": {"type": "list", "member": {"shape": "Integer"}},
    "LongList": {"type": "list", "member": {"shape": "Long"}},
    "BooleanList": {"type": "list", "member": {"shape": "Boolean"}},
    "DoubleList": {"type": "list", "member": {"shape": "Double"}},
    "FloatList": {"type": "list", "member": {"shape": "Float"}},
    "StringListList": {"type": "list", "member": {"shape": "StringList"}},
    "StringMap": {"type": "map", "key": {"shape": "String"}, "value": {"shape": "String"}},
    "IntegerMap": {"type": "map", "key": {"shape": "String"}, "value": {"shape": "Integer"}},
    "LongMap": {"type": "map", "key": {"shape": "String"}, "value": {"shape": "Long"}},
    "StringListMap": {"type": "map", "key": {"shape": "String"}, "value": {"shape": "StringList"}},
    "StringMapList": {"type": "list", "member": {"shape": "StringMap"}},
}
_RESOLVER = ShapeResolver(_SHAPE_DEFINITIONS)
SHAPES: dict[str, Shape] = {name: _RESOLVER.get_shape_by_name(name) for name in _SHAPE_DEFINITIONS}


@dataclass(frozen=True)
class Case:
    kind: str  # "string", "document" or "value"
    value: Any  # str, a JSON document (dict or list), or a model Value

    @property
    def key(self) -> str:
        """A stable identity (also used to drop duplicates)."""
        if self.kind == "value":
            return f"value:{self.value.shape.name}:{self.value!r}"
        if self.kind == "document":
            return "document:" + json.dumps(self.value, ensure_ascii=True, sort_keys=True)
        return f"string:{self.value!r}"

    def describe(self) -> str:
        if self.kind == "value":
            return f"{self.value.shape.name} {plain(self.value)!r}"
        return f"{self.kind} {self.value!r}"


# --- turning values into what a language must give back ------------------------------


def plain(value: Value) -> Any:
    """The JSON-like Python value a model value stands for."""
    if isinstance(value, StrValue):
        return value.text
    if isinstance(value, NumValue):
        return value.number
    if isinstance(value, BoolValue):
        return value.flag
    if isinstance(value, ListValue):
        return [plain(v) for v in value.items]
    if isinstance(value, MapValue):
        return {k: plain(v) for k, v in value.entries}
    raise TypeError(f"no plain form for {type(value).__name__}")


def build(shape: Shape, data: Any) -> Value:
    """The model value for data (JSON-like) of shape, as spec.py would build it."""
    kind = shape.type_name
    if kind == "list":
        return ListValue(tuple(build(shape.member, item) for item in data), shape)  # type: ignore[attr-defined]
    if kind == "map":
        return MapValue(tuple((k, build(shape.value, v)) for k, v in data.items()), shape)  # type: ignore[attr-defined]
    if kind == "boolean":
        return BoolValue(data, shape)
    if kind in ("integer", "long", "float", "double"):
        return NumValue(data, shape)
    return StrValue(data, shape)


def float32(number: float) -> float:
    return float(struct.unpack("<f", struct.pack("<f", number))[0])


def same_value(expected: Any, actual: Any, shape: Shape, ulps: int = 0) -> bool:
    """actual (decoded from what the language printed) equals expected, typed by shape.

    ulps: how many units in the last place a double may be off (0: exact)."""
    kind = shape.type_name
    if kind == "list":
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(same_value(e, a, shape.member, ulps) for e, a in zip(expected, actual, strict=True))  # type: ignore[attr-defined]
        )
    if kind == "map":
        return (
            isinstance(actual, dict)
            and set(actual) == set(expected)
            and all(same_value(expected[k], actual[k], shape.value, ulps) for k in expected)  # type: ignore[attr-defined]
        )
    if kind == "boolean":
        return isinstance(actual, bool) and actual is expected
    if kind in ("integer", "long"):
        return isinstance(actual, int) and not isinstance(actual, bool) and actual == expected
    if kind in ("float", "double"):
        if isinstance(actual, bool) or not isinstance(actual, (int, float)):
            return False
        if kind == "float":  # the member is a 32-bit float: compare what both round to
            try:
                return float32(float(actual)) == float32(float(expected))
            except OverflowError:  # beyond 32 bits: an untyped language keeps the double
                return float(actual) == float(expected)
        return float(actual) == float(expected) or abs(float(actual) - float(expected)) <= ulps * math.ulp(float(expected))
    return isinstance(actual, str) and actual == expected


def same_json(expected: Any, actual: Any) -> bool:
    """Equal JSON values: objects by keys, numbers by exact value, booleans never numbers."""
    if isinstance(expected, bool) or expected is None:
        return actual is expected
    if isinstance(expected, (int, float)):
        if isinstance(actual, bool) or not isinstance(actual, (int, float)):
            return False
        if isinstance(expected, float) or isinstance(actual, float):
            # A double may be printed without a fraction (JavaScript writes 2.17e16 as
            # 21700534121470650): the same double is what both denote.
            try:
                return float(actual) == float(expected)
            except OverflowError:
                return False
        return actual == expected  # integers exactly: 2**60 + 1 is not 2**60
    if isinstance(expected, str):
        return isinstance(actual, str) and actual == expected
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(same_json(e, a) for e, a in zip(expected, actual, strict=True))
        )
    assert isinstance(expected, dict)
    return isinstance(actual, dict) and set(actual) == set(expected) and all(same_json(expected[k], actual[k]) for k in expected)


def largest_integer(data: Any) -> int:
    """The largest absolute integer anywhere in a JSON-like value (0 when none)."""
    if isinstance(data, bool):
        return 0
    if isinstance(data, int):
        return abs(data)
    if isinstance(data, list):
        return max((largest_integer(v) for v in data), default=0)
    if isinstance(data, dict):
        return max((largest_integer(v) for v in data.values()), default=0)
    return 0


def has_text(data: Any, character: str) -> bool:
    """True when a string anywhere in data (keys included) holds character."""
    if isinstance(data, str):
        return character in data
    if isinstance(data, list):
        return any(has_text(v, character) for v in data)
    if isinstance(data, dict):
        return any(has_text(k, character) or has_text(v, character) for k, v in data.items())
    return False


# --- strategies ----------------------------------------------------------------------

# Pieces that break naive escaping somewhere: quotes of every kind, backslashes and
# escape look-alikes, line breaks, interpolation and expansion triggers, comment and
# string closers, format and template syntax, heredoc tags, and invisible characters.
FRAGMENTS = (
    '"', "'", "`", '"""', "'''", "\\", "\\\\", '\\"', "\\'", "\\n", "\\t", "\\s", "\\0", "\\01", "\\x41", "\\u0022",
    "\\u{41}", "\\U0001F511", "\\e", "\n", "\r", "\r\n", "\t", "\x0b", "\x0c", "\x00", "\x001", "\x1b", "\x7f",
    "\x85", "\u2028", "\u2029", "\ufeff", "\xa0", "\u200b", "\u3000", "\u202e",
    "#{x}", "#@x", "#$x", "#", "${x}", "$(id)", "$((1+1))", "$HOME", "$$", "$1", "${x:-y}", "`id`", "$'x'", '$"x"',
    "*/", "/*", "//", "<!--", "-->", "%s", "%d", "%%", "%n", "{0}", "{}", "{{", "}}", "{{ 7*7 }}", "{% raw %}",
    "{% endraw %}", "{#", "#}", "{%- endraw %}", "<%= x %>",
    "EOF", "JSON", "JSON_DOC", "EOF_JSON", "-", "--", "-n", "--help", "[", "]", "{", "}", "[]", "{}", "(", ")",
    "file://", "fileb://", "http://", "https://", "~", "!", "*", "?", ";", "&&", "|", ">", "<", "=", ",", ":",
    "@", "+", "__proto__", "constructor", "null", "None", "nil", "true", "0", "-1", "1e5", " ", "  ",
    "é", "ÿ", "©", "ß", "鍵", "🔑", "👩\u200d💻", "🇩🇪", "\U0010fffd", "\U0001d11e",
)  # fmt: skip

# Any code point except lone surrogates (a YAML spec is UTF-8 text: it cannot hold one).
CHARACTERS = st.characters(exclude_categories=["Cs"])
_LATIN1 = st.characters(min_codepoint=0, max_codepoint=0xFF)
_ASTRAL = st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF, exclude_categories=["Cs"])

texts = st.one_of(
    st.text(CHARACTERS, max_size=12),
    st.text(_LATIN1, max_size=12),
    st.lists(
        st.one_of(st.sampled_from(FRAGMENTS), st.text(CHARACTERS, max_size=3), st.text(_ASTRAL, max_size=2)),
        max_size=8,
    ).map("".join),
)
# Inside documents, cheaper text (hypothesis pays per choice, and documents hold many).
_short_texts = st.one_of(
    st.text(CHARACTERS, max_size=8),
    st.sampled_from(FRAGMENTS),
    st.lists(st.sampled_from(FRAGMENTS), min_size=2, max_size=4).map("".join),
)

# Integers in documents: mostly ones every language holds exactly, sometimes beyond 64 bits
# (which JavaScript must refuse, since its numbers are doubles).
integers = st.one_of(
    st.integers(-1000, 1000),
    st.integers(-JS_SAFE, JS_SAFE),
    st.sampled_from([0, 1, -1, *INT32, INT32[0] - 1, INT32[1] + 1, 2**32, -(2**32), JS_SAFE, -JS_SAFE, JS_SAFE + 1, INT64[0], 2**64]),
)
_finite = st.floats(allow_nan=False, allow_infinity=False)
json_scalars = st.one_of(st.none(), st.booleans(), integers, _finite, _short_texts)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(_short_texts, children, max_size=3)),
    max_leaves=8,
)
documents = st.one_of(
    st.dictionaries(_short_texts, json_values, max_size=4),
    st.lists(json_values, max_size=4),
)


def _numbers(kind: str) -> st.SearchStrategy[int | float]:
    if kind == "integer":
        return st.one_of(st.integers(*INT32), st.sampled_from([*INT32, 0, -1]))
    if kind == "long":  # a third beyond 2**53, which JavaScript must refuse
        return st.one_of(st.integers(-JS_SAFE, JS_SAFE), st.integers(*INT64), st.sampled_from([*INT64, JS_SAFE, -JS_SAFE, JS_SAFE + 1]))
    if kind == "float":
        return st.floats(width=32, allow_nan=False, allow_infinity=False)
    return _finite


def _data(shape: Shape) -> st.SearchStrategy[Any]:
    kind = shape.type_name
    if kind == "list":
        return st.lists(_data(shape.member), max_size=4)  # type: ignore[attr-defined]
    if kind == "map":
        return st.dictionaries(texts, _data(shape.value), max_size=4)  # type: ignore[attr-defined]
    if kind == "boolean":
        return st.booleans()
    if kind in ("integer", "long", "float", "double"):
        return _numbers(kind)
    return texts


VALUE_SHAPES = tuple(name for name in SHAPES if name != "String")


def _values_of(name: str) -> st.SearchStrategy[Value]:
    shape = SHAPES[name]
    return _data(shape).map(lambda data: build(shape, data))


model_values = st.sampled_from(VALUE_SHAPES).flatmap(_values_of)

_value_cases = model_values.map(lambda v: Case("value", v))
cases = st.one_of(  # values twice: many of them are small, and duplicates are dropped
    texts.map(lambda t: Case("string", t)),
    documents.map(lambda d: Case("document", d)),
    _value_cases,
    _value_cases,
)


def string_case(text: str) -> Case:
    return Case("string", text)


def document_case(document: Any) -> Case:
    return Case("document", document)


def value_case(shape: str, data: Any) -> Case:
    return Case("value", build(SHAPES[shape], data))


def fits(data: Any, shape: Shape) -> bool:
    """Whether every number in data fits its shape's type: 32 or 64 bits for integer and
    long, 32-bit range without vanishing to 0 for float (what javac, mcs and go accept)."""
    kind = shape.type_name
    if kind == "list":
        return all(fits(item, shape.member) for item in data)  # type: ignore[attr-defined]
    if kind == "map":
        return all(fits(item, shape.value) for item in data.values())  # type: ignore[attr-defined]
    if kind in ("integer", "long") and isinstance(data, int):
        bits = 32 if kind == "integer" else 64
        return -(2 ** (bits - 1)) <= data < 2 ** (bits - 1)
    if kind == "float" and isinstance(data, (int, float)):
        try:
            single = float32(float(data))
        except OverflowError:
            return False
        return math.isfinite(single) and (single != 0 or data == 0)
    return True


def is_finite_json(data: Any) -> bool:
    if isinstance(data, float):
        return math.isfinite(data)
    if isinstance(data, list):
        return all(is_finite_json(v) for v in data)
    if isinstance(data, dict):
        return all(is_finite_json(v) for v in data.values())
    return True


# --- drawing ---------------------------------------------------------------------------


def _portable(case: Case) -> tuple[str, Any, str]:
    """A case as plain data (shapes by name), to cross a process boundary."""
    if case.kind == "value":
        return case.kind, plain(case.value), str(case.value.shape.name)
    return case.kind, case.value, ""


def _from_portable(item: tuple[str, Any, str]) -> Case:
    kind, data, shape = item
    return value_case(shape, data) if kind == "value" else Case(kind, data)


def draw_cases(count: int, first_seed: int) -> list[Case]:
    """count distinct cases drawn by hypothesis, one case per example (drawing several per
    example makes hypothesis repeat itself), duplicates dropped and made up for."""
    from hypothesis import HealthCheck, Phase, given, seed, settings

    found: dict[str, Case] = {}
    for attempt in range(6):
        if len(found) >= count:
            break

        @settings(
            max_examples=(count - len(found)) * 9 // 8 + 8,
            phases=[Phase.generate],
            derandomize=False,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @seed(first_seed * 1000 + attempt)
        @given(cases)
        def draw(case: Case) -> None:
            found.setdefault(case.key, case)

        draw()
    return list(found.values())[:count]


def draw_in_parallel(count: int, first_seed: int, workers: int) -> list[Case]:
    """draw_cases split over worker processes (hypothesis spends a few ms of CPU a case).

    Each worker is `python -m tests.property.values COUNT SEED`, which prints its cases as
    JSON (shapes by name); cases two workers both drew are made up for here."""
    import subprocess
    import sys
    from pathlib import Path

    if workers <= 1 or count < 200:
        return draw_cases(count, first_seed)
    share = -(-count // workers)
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    seeds = [first_seed * workers + i for i in range(workers)]
    running = [
        subprocess.Popen([sys.executable, "-m", "tests.property.values", str(share), str(s)], cwd=root, env=env, stdout=subprocess.PIPE)
        for s in seeds
    ]
    found: dict[str, Case] = {}
    for process in running:
        out, _ = process.communicate(timeout=600)
        if process.returncode != 0:
            raise RuntimeError(f"drawing values failed (exit {process.returncode})")
        for item in json.loads(out):
            case = _from_portable(tuple(item))  # type: ignore[arg-type]
            found.setdefault(case.key, case)
    for attempt in range(1, 6):  # workers drew some cases alike; hypothesis starts each run with the simplest
        if len(found) >= count:
            break
        for case in draw_cases(4 * (count - len(found)) + 64, (first_seed + attempt) * workers + workers):
            found.setdefault(case.key, case)
    return list(found.values())[:count]


if __name__ == "__main__":
    import sys

    print(json.dumps([_portable(case) for case in draw_cases(int(sys.argv[1]), int(sys.argv[2]))]))
