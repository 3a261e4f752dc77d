"""python_format.format_program gives black's output byte for byte, on programs shaped like
the ones polysnip writes (random request values, long and short, nested, with quotes,
escapes, wide characters, comments and blocks) and on the cases it must leave to black."""

from __future__ import annotations

import black
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import python_format
from generator.languages.python import python_bytes, python_string, python_value

BLACK = black.Mode()

text = st.text(
    st.sampled_from([*"abcxyz019 -_/:.*", '"', "'", "\\", "{", "}", "é", "中", "\t", "\n", "\x07", "\u200b", "😀"]),
    max_size=60,
)
long_text = st.text(st.sampled_from([*"abcdefghij-:/"]), min_size=30, max_size=110)
scalars = st.one_of(
    text, long_text, st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(), st.none(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.sampled_from(["Key", "Value", "Name", "A" * 40, "x"]), inner,
                                                     max_size=5)),
    max_leaves=25,
)
names = st.sampled_from(["KeyId", "Policy", "Tags", "Filters", "BlockDeviceMappings", "VeryLongParameterNameIndeed",
                         "X"])  # fmt: skip
variables = st.sampled_from(["key_id", "policy", "response", "a_variable_with_a_rather_long_name"])


@st.composite
def argument(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["value", "variable", "bytes", "json"]))
    if kind == "variable":
        value = draw(variables)
    elif kind == "bytes":
        value = python_bytes(draw(text))
    elif kind == "json":
        value = f"json.dumps({draw(variables)})"
    else:
        value = python_value(draw(values))
    return f"{draw(names)}={value}"


@st.composite
def statement(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["call", "assign-call", "assign-value", "print", "paginate", "guarded", "append"]))
    method = draw(st.sampled_from(["get_key_policy", "put_bucket_lifecycle_configuration", "x"]))
    args = draw(st.lists(argument(), max_size=6, unique_by=lambda a: a.split("=", 1)[0]))
    multiline = draw(st.booleans())
    joined = ("(\n    " + ",\n    ".join(args) + "\n)") if multiline and args else "(" + ", ".join(args) + ")"
    if kind == "call":
        return f"client.{method}{joined}"
    if kind == "assign-call":
        return f"response = client.{method}{joined}"
    if kind == "assign-value":
        return f"{draw(variables)} = {python_value(draw(values))}"
    if kind == "print":
        keys = "".join(f"[{python_string(k)}]" for k in draw(st.lists(st.sampled_from(["Policy", "K" * 50]),
                                                                        min_size=1, max_size=3)))  # fmt: skip
        return f"print(response{keys})"
    if kind == "paginate":
        return (f'paginator = client.get_paginator("{method}")\nfor page in paginator.paginate{joined}:\n'
                f'    for item in page["Items"]:\n        print(item)')  # fmt: skip
    if kind == "append":
        return (f"item = {python_value(draw(values))}\n"
                f'if all(existing.get("Sid") != item["Sid"] for existing in policy["Statement"]):\n'
                f'    policy["Statement"].append(item)')  # fmt: skip
    message = python_string(draw(text) + " ")[1:-1].replace("{", "{{").replace("}", "}}")
    body = f"response = client.{method}{joined}".replace("\n", "\n    ")
    return (f"try:\n    {body}\nexcept client.exceptions.NotFoundException as error:\n"
            f'    raise SystemExit(f"{message}{{error}}") from error')  # fmt: skip


@st.composite
def program(draw: st.DrawFn) -> str:
    lines = [f"# {draw(st.text(st.sampled_from([*'abc :#é中 '] ), max_size=100)).strip()}".rstrip()]
    lines += ["import json", "", "import boto3", "", 'client = boto3.client("kms", region_name="us-west-2")', ""]
    lines.append("# snippet-start")
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            lines.append("# " + draw(st.sampled_from(["Replace with your key.", "x" * 120, "a comment"])))
        lines.append(draw(statement()))
        lines.extend([""] * draw(st.integers(0, 3)))
    lines.append("# snippet-end")
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(program())
def test_same_as_black_on_generated_programs(source: str) -> None:
    try:
        expected = black.format_str(source, mode=BLACK)
    except black.InvalidInput:
        return  # not a program (e.g. an escape the literal helpers do not write); nothing to compare
    assert python_format.format_program(source) == expected


CASES = {
    "quotes black swaps": 'x = "say \\"hi\\""\n',
    "single quotes": "x = 'a'\n",
    "escape black lowercases": 'x = "\\xAB\\N{bullet}"\n',
    "redundant parentheses": "x = (1)\nprint((x))\nfor (a) in b:\n    pass\n",
    "magic trailing comma": "f(a, b,)\n",
    "trailing comment": "x = 1  # one\n",
    "comment without space": "#comment\nx = 1\n",
    "fmt off": "# fmt: off\nx = [1,\n  2]\n# fmt: on\n",
    "docstring": '"""doc"""\nx = 1\n',
    "blank lines after import": "import boto3\nx = 1\n",
    "too many blank lines": "x = 1\n\n\n\ny = 2\n",
    "blank line in a block": "if x:\n\n    y = 1\n",
    "tabs": "if x:\n\ty = 1\n",
    "semicolons": "x = 1; y = 2\n",
    "backslash": "x = 1 + \\\n    2\n",
    "exponent": "x = 1E+5\ny = 0XFF\n",
    "long string": 'x = "' + "a" * 100 + '"\n',
    "long block header": "for page in paginator.paginate(" + ", ".join(f"K{i}={i}" for i in range(30)) + "):\n    pass\n",
    "def": "def f(a,b):\n  return a\n",
    "empty brackets": "client.op(" + "A" * 90 + "=[])\n",
    "wide characters": 'x = "' + "中" * 42 + '"\n',
    "unbalanced": "x = (1\n",
    "indent": "if x:\n  y = 1\n",
    "no newline at end": "x = 1",
    "trailing blank lines": "x = 1\n\n",
    "leading blank line": "\nx = 1\n",
    "comment dedent": "if x:\n    y = 1\n    # c\nz = 2\n",
    "comment before except": "try:\n    x = 1\n# c\nexcept E:\n    pass\n",
    "subscript slice": "x = y[1:2]\n",
    "binary minus": "x = a - 1\n",
    "keyword call": "print(not(x))\n",
}


@pytest.mark.parametrize("source", CASES.values(), ids=CASES.keys())
def test_cases_outside_the_fast_path(source: str) -> None:
    try:
        expected = black.format_str(source, mode=BLACK)
    except black.InvalidInput:
        with pytest.raises(black.InvalidInput):
            python_format.format_program(source)
        return
    assert python_format.format_program(source) == expected


def test_the_fast_path_is_taken_for_a_typical_program() -> None:
    """A program in the shape polysnip writes is laid out without calling black (which would
    make the fast path pointless); a long call is split like black splits it."""
    source = (
        "# Put a key policy\nimport json\n\nimport boto3\n\n"
        'client = boto3.client("kms", region_name="us-west-2")\n\n# snippet-start\n'
        'policy = {"Version": "2012-10-17", "Statement": [{"Sid": "Enable IAM policies", "Effect": "Allow"}]}\n'
        "try:\n    client.put_key_policy(\n        KeyId=key_id,\n        Policy=policy_text,\n"
        '        PolicyName="default"\n    )\nexcept client.exceptions.NotFoundException as error:\n'
        '    raise SystemExit(f"Not found {error}") from error\n\n# snippet-end\n'
    )
    calls: list[str] = []
    original = black.format_str

    def spy(text: str, *, mode: black.Mode) -> str:
        calls.append(text)
        return original(text, mode=mode)

    black.format_str = spy  # type: ignore[assignment]
    try:
        formatted = python_format.format_program(source)
    finally:
        black.format_str = original  # type: ignore[assignment]
    assert calls == []
    assert formatted == original(source, mode=BLACK)
    assert '    client.put_key_policy(KeyId=key_id, Policy=policy_text, PolicyName="default")\n' in formatted
    assert 'policy = {\n    "Version": "2012-10-17",\n' in formatted
