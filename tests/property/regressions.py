"""Values that once came back wrong (or nearly did) from some language, kept as explicit
cases: every language renders and evaluates each of them on every run, in the same batch
as the generated values (test_literal_roundtrip.py: test_regression).

When the property test reports a value, fix the language module, then add the value here
with the language and what went wrong, so that it is tried on every run regardless of
what the generator draws next time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .values import INT32, INT64, JS_SAFE, Case, document_case, string_case, value_case


@dataclass(frozen=True)
class Regression:
    id: str
    case: Case
    found: str  # which language got it wrong, and how (or why the value is kept here)


REGRESSIONS: tuple[Regression, ...] = (
    # --- the model's limits ------------------------------------------------------------
    Regression("int32-limits", value_case("IntegerList", [INT32[0], INT32[1], 0, -1]), "edges of an integer member"),
    Regression("int32-min", value_case("Integer", INT32[0]), "Java and C# read -2147483648 only after a unary minus"),
    Regression("int64-limits", value_case("LongList", [INT64[0], INT64[1]]), "edges of a long member; JavaScript refuses them"),
    Regression("int64-min", value_case("Long", INT64[0]), "Java and C# read -9223372036854775808L only after a unary minus"),
    Regression("js-safe-integers", value_case("LongList", [JS_SAFE, -JS_SAFE]), "the largest integers JavaScript holds exactly"),
    Regression("float32-limits", value_case("FloatList", [3.4028234663852886e38, 1.401298464324817e-45, -0.0]), "edges of a float member"),
    Regression("double-limits", value_case("DoubleList", [1.7976931348623157e308, 5e-324, 1e16, 1.5e-07]), "exponent forms of repr()"),
    Regression("document-huge-integers", document_case({"big": [2**64, -(2**63) - 1, 10**30]}), "JSON numbers beyond 64 bits"),
    # --- strings and documents -------------------------------------------------------------
    Regression("empty-string", string_case(""), "the empty string"),
    Regression("empty-document", document_case({}), "the empty document"),
    Regression("empty-collections", value_case("StringListMap", {"": []}), "empty list inside a map, empty key"),
    Regression("template-syntax", string_case("{{ 7*7 }} {% raw %} {# x #} {%- endraw %}"), "Jinja syntax in a value"),
    # --- found by the property test -------------------------------------------------------
    Regression(
        "cli-paramfile-string",
        string_case("http://--𐀓𐀏\U00010068NIL"),
        "AWS CLI: a value starting with http:// (file://, fileb://, https://) was passed as a word, and the CLI"
        " would have fetched that URL and sent its content; now refused unless awscli exempts the parameter",
    ),
    Regression("cli-paramfile-fileb", string_case("fileb://ÒMV𐀦𐀀#@x"), "AWS CLI: as above, for fileb://"),
    Regression(
        "cli-single-item-paramfile-list",
        value_case("StringList", ["file://policy.json"]),
        "AWS CLI: a one-item list given as a word is loaded from the file it names; now passed as JSON",
    ),
    Regression(
        "cli-single-item-json-list",
        value_case("StringList", ['["a", "b"]']),
        "AWS CLI: a one-item list whose word starts with [ is parsed as a JSON list (two items here); now passed as JSON",
    ),
    Regression("cli-single-item-bracket", value_case("StringList", [" [x"]), "AWS CLI: as above, after leading white space"),
    Regression(
        "cli-list-with-nul",
        value_case("StringList", ["a\0b", "c"]),
        "AWS CLI: a list with a NUL in an item was refused, though its JSON form (\\u0000) can pass it",
    ),
    Regression("cli-two-items-with-prefix", value_case("StringList", ["https://a", "[b"]), "AWS CLI: only a single word is loaded or parsed"),
    Regression(
        "java-long-document",
        document_case({"Statement": [{"Sid": f"statement-{i}", "Resource": "é" * 400} for i in range(100)]}),
        "Java: a text block over 65,535 bytes (a KMS policy may be 131,072 characters) did not compile:"
        " 'constant string too long'; now joined from several text blocks",
    ),
    Regression(
        "java-long-string",
        string_case("鍵" * 30000 + "\n" + "🔑" * 11000),
        "Java: a string literal over 65,535 bytes of modified UTF-8 did not compile; now joined from pieces",
    ),
    Regression(
        "non-finite-document",
        document_case({"Condition": {"NumericLessThan": {"kms:x": math.inf}}, "n": [-math.inf, math.nan]}),
        "YAML's .inf and .nan pass validation inside a document; Java, C#, Ruby, Go and the AWS CLI wrote them"
        " as Infinity and NaN, which no JSON parser accepts; now refused like Python and JavaScript did",
    ),
    Regression(
        "non-finite-double",
        value_case("DoubleList", [math.inf, -math.inf]),
        "Java and C# wrote inf (an identifier) and Ruby inf (a method call); now refused",
    ),
    Regression(
        "integer-beyond-32-bits",
        value_case("IntegerList", [2**31, -(2**31) - 1]),
        "Java, C# and Go wrote 2147483648 for an integer member (no min or max in the model), which does not"
        " compile; now refused by the typed languages, kept by the others",
    ),
    Regression("long-beyond-64-bits", value_case("LongMap", {"a": 2**63}), "as above, for a long member"),
    Regression(
        "float-out-of-range",
        value_case("FloatList", [1e39, -1e39]),
        "Java, C# and Go wrote 1e39f for a float member: 'floating-point number too large'; now refused",
    ),
    Regression("float-vanishing", value_case("Float", 1e-50), "Java: 1e-50f is 'floating-point number too small'; now refused"),
    Regression(
        "mono-misread-doubles",
        value_case("DoubleList", [-7.887048947078434e-308, -6.879770673665752e-301, -1.547182503134182e-78]),
        "C#: Mono reads these one unit in the last place off (a Mono limitation; .NET parses them exactly)",
    ),
    # --- text that is code before a compiler reads it -----------------------------------------
    Regression(
        "java-unicode-escape-text",
        string_case("C:\\users\\u000a \\\\u0022 \\uuu0041 \\u"),
        "Java: javac translates \\uXXXX before reading tokens; a literal must hold this text exactly (every"
        " backslash doubled keeps each run even, so none starts an escape). In a comment it hid code; see"
        " tests/unit/test_hostile_java.py",
    ),
    Regression(
        "java-unicode-escape-document",
        document_case({"Sid": "C:\\users\\u000a", "\\u0022": ["\\\\u002a\\u002f", "\\"]}),
        "Java: the same text in a text block, as a key and as values",
    ),
)
