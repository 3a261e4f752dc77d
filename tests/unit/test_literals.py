"""Literal rendering in every language, table-tested and evaluated by the language itself.

Two kinds of test cover each literal function (python_string, java_string,
java_text_block, csharp_string, csharp_verbatim, ruby_string, ruby_heredoc, shell_word
and the CLI's heredoc):

* test_table: the exact text rendered for typical values, so that a change of style is
  a deliberate edit of this table;
* test_round_trip: every value in CASES (quotes, backslashes, line breaks, interpolation
  triggers, comment closers, Unicode, control characters, the empty string…) is rendered
  and then evaluated by the real language, which must give back exactly that value:
  Python in-process (ast.literal_eval, and again after black formats it), bash, ruby,
  javac + java, mcs + mono. Each language runs once for all values (one session
  fixture per language), and a value one language cannot express must be refused
  with UnsupportedValue, never rendered wrongly.

A missing interpreter skips its round trips (tests/interpreters.py); with CI=true
tests/conftest.py makes that skip a failure.
"""

from __future__ import annotations

import ast
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import black
import pytest

from generator.languages.base import UnsupportedValue
from generator.languages.cli import heredoc, shell_word
from generator.languages.csharp import csharp_string, csharp_verbatim
from generator.languages.java import java_string, java_text_block
from generator.languages.python import python_string
from generator.languages.ruby import ruby_heredoc, ruby_string
from generator.render import indent
from tests.interpreters import need

CASES: dict[str, str] = {
    "empty": "",
    "plain": "hello world",
    "double-quote": 'say "hi"',
    "single-quote": "it's",
    "both-quotes": "'\"'\"",
    "backslash": "C:\\dir\\file",
    "trailing-backslash": "ends with \\",
    "backslash-quote": '\\"',
    "backslash-escapes": "\\u0022 \\n \\t \\s \\0 \\x41 \\e",
    "newline": "line 1\nline 2",
    "crlf": "line 1\r\nline 2",
    "cr": "a\rb",
    "tab": "a\tb",
    "trailing-whitespace": "a  \nb\t\nc ",
    "indented-lines": "  a\n\tb\n    c",
    "only-spaces": "   ",
    "dollar": "$HOME $1 $$ $",
    "ruby-interpolation": "#{x} #@y #$z #",
    "shell-expansion": "${HOME} $(id) $((1+1)) ${x:-y}",
    "backticks": "`id` ``",
    "triple-quote": 'a """ b',
    "quote-run": 'x"""""',
    "ends-with-quotes": 'x""',
    "comment-close": "*/ /* // -->",
    "latin1": "café ñ Ü ß ÿ © ½",
    "cjk": "鍵の管理 키 密钥",
    "emoji": "🔑 👩‍💻 🇩🇪",
    "control": "".join(map(chr, [1, 2, 7, 8, 0x0B, 0x0C, 0x1B, 0x1F, 0x7F])),
    "control-then-digits": "\x001\x017\x1b0\x0b9",
    "eof-markers": "a\x04b\x1ac",
    "nul": "a\x00b",
    "c1-and-separators": "\x85\x9f \u2028 \u2029",
    "invisible": "\xa0\u200b\ufeff\u00ad",
    "ideographic-space": "\u3000x\u3000",
    "heredoc-tags": "EOF\nJSON\nEOF_JSON\nJSON_DOC",
    "percent": "100% %s %d %%",
    "leading-dash": "-n",
    "shell-specials": "a; b && c | d > e < f & g * ? [h] ~ !x {i,j} (k) 'l'",
    "trailing-newline": "a\n",
    "newlines-only": "\n\n",
    "json": '{\n  "Sid": "Allow \\"x\\"",\n  "Action": [\n    "kms:*"\n  ]\n}',
}

# Values a function must refuse (UnsupportedValue) instead of rendering.
UNSUPPORTED: dict[str, set[str]] = {
    "shell_word": {"nul", "control-then-digits"},  # no command-line argument can hold a NUL
    "heredoc": {"nul", "control-then-digits"},  # bash drops NUL bytes from a script
    "ruby_heredoc": {"crlf"},  # Ruby drops a CR before a line break, and a heredoc has no escapes
}


@dataclass(frozen=True)
class Function:
    name: str
    render: Callable[[str], str]  # value -> source text of an expression in the language
    runner: str  # which interpreter evaluates it
    newline: bool = False  # the literal's value is text plus a final line break (heredocs)


def _ruby_heredoc_expression(text: str) -> str:
    opener, body = ruby_heredoc(text, ")")
    return f"String.new({opener}\n{body}"


# Literals pass through the templates' indent filter as the templates apply it (a Java
# text block's later lines are indented; the filter must not break lines anywhere else).
# C# verbatim strings are evaluated as rendered: indenting them changes their content.
FUNCTIONS = {
    f.name: f
    for f in (
        Function("python_string", python_string, "python"),
        Function("java_string", lambda t: indent(java_string(t), 20), "java"),
        Function("java_text_block", lambda t: indent(java_text_block(t), 12), "java"),
        Function("csharp_string", lambda t: indent(csharp_string(t), 12), "csharp"),
        Function("csharp_verbatim", csharp_verbatim, "csharp"),
        Function("ruby_string", lambda t: indent(ruby_string(t), 2), "ruby"),
        Function("ruby_heredoc", _ruby_heredoc_expression, "ruby", newline=True),
        Function("shell_word", shell_word, "bash"),
        Function("heredoc", lambda t: heredoc("value.out", t), "bash", newline=True),
    )
}

ROUND_TRIPS = [(f, c) for f in FUNCTIONS for c in CASES]


# --- exact renderings ------------------------------------------------------------------

TABLE: list[tuple[Callable[[str], object], str, object]] = [
    (python_string, "", '""'),
    (python_string, 'say "hi"', '"say \\"hi\\""'),
    (python_string, "it's", '"it\'s"'),
    (python_string, "a\\b", '"a\\\\b"'),
    (python_string, "a\nb\r\tc", '"a\\nb\\r\\tc"'),
    (python_string, "\x00\x1b\x7f", '"\\x00\\x1b\\x7f"'),
    (python_string, "\u2028\ufeff", '"\\u2028\\ufeff"'),
    (python_string, "café 鍵 🔑 ${x} #{y}", '"café 鍵 🔑 ${x} #{y}"'),
    (java_string, "", '""'),
    (java_string, 'say "hi"', '"say \\"hi\\""'),
    (java_string, "a\nb\r\t\b\f", '"a\\nb\\r\\t\\b\\f"'),
    (java_string, "\x00\x01\x7f", '"\\000\\001\\177"'),
    (java_string, "\\u0022", '"\\\\u0022"'),
    (java_string, "*/ 鍵 🔑", '"*/ 鍵 🔑"'),
    (java_text_block, "", '"""\n"""'),
    (java_text_block, "{\n  \"a\": 1\n}", '"""\n{\n  "a": 1\n}"""'),
    (java_text_block, 'x"', '"""\nx\\""""'),
    (java_text_block, 'a """ b', '"""\na ""\\" b"""'),
    (java_text_block, "a \nb\t", '"""\na\\s\nb\\t"""'),
    (java_text_block, "a\\b", '"""\na\\\\b"""'),
    (java_text_block, "  a\n  b", '"""\n\\s a\n  b"""'),
    (java_text_block, "\ta\n\n b", '"""\n\\ta\n\n b"""'),
    (java_text_block, "\u3000x", '"\u3000x"'),  # no text block can start every line with U+3000
    (java_text_block, "x\u2028", '"x\u2028"'),  # nor end a line with it
    (csharp_string, "", '""'),
    (csharp_string, 'say "hi"', '"say \\"hi\\""'),
    (csharp_string, "a\nb\r\t\x00", '"a\\nb\\r\\t\\0"'),
    (csharp_string, "\x01\x7f\x85\u2028", '"\\u0001\\u007f\\u0085\\u2028"'),
    (csharp_string, "{0} $x 鍵 🔑", '"{0} $x 鍵 🔑"'),
    (csharp_verbatim, "", '@""'),
    (csharp_verbatim, 'say "hi"', '@"say ""hi"""'),
    (csharp_verbatim, "C:\\dir\nnext", '@"C:\\dir\nnext"'),
    (ruby_string, "", "''"),
    (ruby_string, "plain #{x} $y", "'plain #{x} $y'"),
    (ruby_string, "it's", '"it\'s"'),
    (ruby_string, "it's #{x} #@y", '"it\'s \\#{x} \\#@y"'),
    (ruby_string, "a\\b", '"a\\\\b"'),
    (ruby_string, "a\nb\x1b\x7f", '"a\\nb\\e\\u{7f}"'),
    (ruby_string, "\x001", '"\\u{0}1"'),
    (ruby_string, "café 鍵 🔑", "'café 鍵 🔑'"),
    (ruby_heredoc, '{\n  "a": 1\n}', ("<<~'JSON'", '  {\n    "a": 1\n  }\nJSON')),
    (ruby_heredoc, "JSON", ("<<~'JSON_DOC'", "  JSON\nJSON_DOC")),
    (ruby_heredoc, "  a\n  b", ("<<-'JSON'", "  a\n  b\nJSON")),
    (shell_word, "", "''"),
    (shell_word, "abc-1.2_x/y:z@w%v+u=t,s", "abc-1.2_x/y:z@w%v+u=t,s"),
    (shell_word, "it's", "'it'\\''s'"),
    (shell_word, "$HOME `id`", "'$HOME `id`'"),
    (shell_word, "a\nb", "'a\nb'"),
    (shell_word, "鍵", "'鍵'"),
    (lambda t: heredoc("p.json", t), "{}", "cat > p.json <<'EOF'\n{}\nEOF"),
    (lambda t: heredoc("p.json", t), "EOF", "cat > p.json <<'EOF_JSON'\nEOF\nEOF_JSON"),
    (lambda t: heredoc("my file.json", t), "", "cat > 'my file.json' <<'EOF'\n\nEOF"),
]


def _table_id(row: tuple[Callable[[str], object], str, object]) -> str:
    function, value, _ = row
    name = "heredoc" if function.__name__ == "<lambda>" else function.__name__
    return f"{name}-{value!r}"


@pytest.mark.parametrize(("function", "value", "expected"), TABLE, ids=[_table_id(r) for r in TABLE])
def test_table(function: Callable[[str], object], value: str, expected: object) -> None:
    assert function(value) == expected


@pytest.mark.parametrize(
    ("function", "value"),
    [(shell_word, "a\x00b"), (lambda t: heredoc("x.json", t), "a\x00b"), (ruby_heredoc, "a\r\nb"), (ruby_heredoc, "a\r")],
    ids=["shell_word-nul", "heredoc-nul", "ruby_heredoc-crlf", "ruby_heredoc-final-cr"],
)
def test_unsupported_values_are_refused(function: Callable[[str], object], value: str) -> None:
    with pytest.raises(UnsupportedValue):
        function(value)


def test_indent_filter_breaks_lines_only_at_newline() -> None:
    assert indent("a\u2028b\x85c\x0cd\r\ne\n\nf", 2) == "a\u2028b\x85c\x0cd\r\n  e\n\n  f"
    assert indent("a\nb", "\t", first=True) == "\ta\n\tb"
    assert indent("a\n\nb", 1, blank=True) == "a\n \n b"


# --- round trips through the real languages --------------------------------------------


@dataclass(frozen=True)
class Evaluated:
    value: str | None  # what the language made of the literal, or None when it failed
    error: str = ""


Results = dict[str, Evaluated]


def _key(function: str, case: str) -> str:
    return f"{function}__{case}"


def _sources(runner: str) -> dict[str, str]:
    """key -> source of every supported (function, case) pair that runner evaluates."""
    out = {}
    for name, function in FUNCTIONS.items():
        if function.runner != runner:
            continue
        for case, text in CASES.items():
            if case not in UNSUPPORTED.get(name, set()):
                out[_key(name, case)] = function.render(text)
    return out


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(command, cwd=cwd, capture_output=True, timeout=120, check=False)


def _hex_results(stdout: bytes, keys: list[str], failure: str) -> Results:
    """Parse 'key HEX' lines; keys without a line failed with failure."""
    found: Results = {}
    for line in stdout.decode("ascii", "replace").splitlines():
        key, _, rest = line.partition(" ")
        status, _, payload = rest.partition(" ")
        if status == "ok":
            found[key] = Evaluated(bytes.fromhex(payload).decode("utf-8", "surrogateescape"))
        else:
            found[key] = Evaluated(None, payload)
    return {key: found.get(key, Evaluated(None, failure)) for key in keys}


def _compiled_batch(sources: dict[str, str], write: Callable[[list[tuple[str, str]]], tuple[str, dict[str, range]]], compile_and_run: Callable[[str], tuple[subprocess.CompletedProcess[bytes], subprocess.CompletedProcess[bytes] | None]], error_line: Callable[[str], int | None]) -> Results:
    """One source file holding every literal, compiled once and run once.

    Compiler errors are attributed to the literal whose lines they point at.
    """
    program, lines = write(list(sources.items()))
    compiled, ran = compile_and_run(program)
    if ran is None:
        messages = compiled.stdout.decode("utf-8", "replace") + compiled.stderr.decode("utf-8", "replace")
        per_key: dict[str, list[str]] = {}
        for message in messages.splitlines():
            line = error_line(message)
            for key, span in lines.items():
                if line is not None and line in span:
                    per_key.setdefault(key, []).append(message)
        return {
            key: Evaluated(None, "\n".join(per_key.get(key, [])) or f"the batch did not compile:\n{messages}")
            for key in sources
        }
    return _hex_results(ran.stdout, list(sources), f"no output; exit {ran.returncode}: {ran.stderr.decode('utf-8', 'replace')}")


@pytest.fixture(scope="session")
def python_results() -> Results:
    results: Results = {}
    for key, source in _sources("python").items():
        try:
            direct = ast.literal_eval(source)
            formatted = black.format_str(f"x = {source}\n", mode=black.Mode())
            statement = ast.parse(formatted).body[0]
            assert isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant)
            after_black = statement.value.value
        except (SyntaxError, ValueError, AssertionError, black.InvalidInput) as exc:
            results[key] = Evaluated(None, f"{type(exc).__name__}: {exc}")
            continue
        if direct != after_black:
            results[key] = Evaluated(None, f"black changed the value: {direct!r} -> {after_black!r}")
        else:
            results[key] = Evaluated(direct)
    return results


@pytest.fixture(scope="session")
def bash_results(tmp_path_factory: pytest.TempPathFactory) -> Results:
    tools = need("bash")
    folder = tmp_path_factory.mktemp("bash-literals")
    sources = {}
    for name, function in FUNCTIONS.items():
        if function.runner != "bash":
            continue
        for case, text in CASES.items():
            if case in UNSUPPORTED.get(name, set()):
                continue
            key = _key(name, case)
            if name == "shell_word":
                word = shell_word(text)
                # printf %s WORD prints the value; set -- WORD counts the words bash made of it
                sources[key] = f"printf %s {word} > {key}.out\nset -- {word}\nprintf %s \"$#\" > {key}.count\n"
            else:
                sources[key] = heredoc(f"{key}.out", text) + "\n"
    for key, source in sources.items():
        (folder / f"{key}.sh").write_text(source, encoding="utf-8", newline="")
    # Each case is sourced separately so that a syntax error stays with its case.
    driver = 'for f in *.sh; do source "./$f" 2> "${f%.sh}.err"; done\n'
    _run([tools["bash"], "-c", driver], folder)
    results: Results = {}
    for key in sources:
        error = (folder / f"{key}.err").read_text(encoding="utf-8", errors="replace") if (folder / f"{key}.err").exists() else ""
        out, count = folder / f"{key}.out", folder / f"{key}.count"
        if not out.exists():
            results[key] = Evaluated(None, f"nothing written; {error}")
        elif count.exists() and count.read_text() != "1":
            results[key] = Evaluated(None, f"bash split the word into {count.read_text()} words; {error}")
        else:
            results[key] = Evaluated(out.read_bytes().decode("utf-8", "surrogateescape"), error)
    return results


_RUBY_DRIVER = """\
Dir.glob("*.rb").sort.each do |path|
  name = File.basename(path, ".rb")
  begin
    value = Object.new.instance_eval { binding }.eval(File.binread(path).force_encoding(Encoding::UTF_8), path, 1)
    if value.is_a?(String) && value.encoding == Encoding::UTF_8 && value.valid_encoding?
      puts "#{name} ok #{value.unpack1('H*')}"
    else
      puts "#{name} error not a valid UTF-8 String: #{value.inspect.dump}"
    end
  rescue ScriptError, StandardError => e
    puts "#{name} error #{e.message.dump}"
  end
end
"""


@pytest.fixture(scope="session")
def ruby_results(tmp_path_factory: pytest.TempPathFactory) -> Results:
    tools = need("ruby")
    folder = tmp_path_factory.mktemp("ruby-literals")
    sources = _sources("ruby")
    for key, source in sources.items():
        (folder / f"{key}.rb").write_text(source + "\n", encoding="utf-8", newline="")
    # One ruby process; each case is eval'd from its own file so a syntax error stays with it.
    ran = subprocess.run([tools["ruby"], "-e", _RUBY_DRIVER], cwd=folder, capture_output=True, timeout=120, check=False)
    return _hex_results(ran.stdout, list(sources), f"no output; exit {ran.returncode}: {ran.stderr.decode('utf-8', 'replace')}")


def _numbered(items: list[tuple[str, str]], method: Callable[[int, str], str], head: str, main: Callable[[list[str]], str]) -> tuple[str, dict[str, range]]:
    lines = head.split("\n")
    spans: dict[str, range] = {}
    names = []
    for index, (key, source) in enumerate(items):
        text = method(index, source).split("\n")
        spans[key] = range(len(lines) + 1, len(lines) + len(text) + 1)
        lines += text
        names.append(key)
    lines += main(names).split("\n")
    return "\n".join(lines) + "\n", spans


@pytest.fixture(scope="session")
def java_results(tmp_path_factory: pytest.TempPathFactory) -> Results:
    tools = need("javac", "java")
    folder = tmp_path_factory.mktemp("java-literals")

    def write(items: list[tuple[str, str]]) -> tuple[str, dict[str, range]]:
        return _numbered(
            items,
            lambda i, source: f"    static String c{i}() {{\n            return {source};\n    }}",
            "import java.nio.charset.StandardCharsets;\nimport java.util.HexFormat;\n\npublic class Literals {",
            lambda names: "    public static void main(String[] args) {\n"
            + "".join(
                f'        System.out.println("{name} ok " + HexFormat.of().formatHex(c{i}().getBytes(StandardCharsets.UTF_8)));\n'
                for i, name in enumerate(names)
            )
            + "    }\n}",
        )

    def compile_and_run(program: str) -> tuple[subprocess.CompletedProcess[bytes], subprocess.CompletedProcess[bytes] | None]:
        (folder / "Literals.java").write_text(program, encoding="utf-8", newline="")
        compiled = _run([tools["javac"], "-encoding", "UTF-8", "-Xmaxerrs", "1000", "-d", ".", "Literals.java"], folder)
        if compiled.returncode != 0:
            return compiled, None
        return compiled, _run([tools["java"], "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", ".", "Literals"], folder)

    def error_line(message: str) -> int | None:
        head = message.split(": error:", 1)[0]
        number = head.rsplit(":", 1)[-1]
        return int(number) if ": error:" in message and number.isdigit() else None

    return _compiled_batch(_sources("java"), write, compile_and_run, error_line)


@pytest.fixture(scope="session")
def csharp_results(tmp_path_factory: pytest.TempPathFactory) -> Results:
    tools = need("mcs", "mono")
    folder = tmp_path_factory.mktemp("csharp-literals")

    def write(items: list[tuple[str, str]]) -> tuple[str, dict[str, range]]:
        return _numbered(
            items,
            lambda i, source: f"    static string C{i}()\n    {{\n        return {source};\n    }}",
            "using System;\nusing System.Text;\n\nclass Literals\n{",
            lambda names: "    static void Main()\n    {\n"
            + "".join(
                f'        Console.WriteLine("{name} ok " + BitConverter.ToString(Encoding.UTF8.GetBytes(C{i}())).Replace("-", ""));\n'
                for i, name in enumerate(names)
            )
            + "    }\n}",
        )

    def compile_and_run(program: str) -> tuple[subprocess.CompletedProcess[bytes], subprocess.CompletedProcess[bytes] | None]:
        (folder / "Literals.cs").write_text(program, encoding="utf-8", newline="")
        compiled = _run([tools["mcs"], "-codepage:utf8", "-nologo", "-out:Literals.exe", "Literals.cs"], folder)
        if compiled.returncode != 0:
            return compiled, None
        return compiled, _run([tools["mono"], "Literals.exe"], folder)

    def error_line(message: str) -> int | None:
        if "error CS" not in message or "(" not in message:
            return None
        number = message.split("(", 1)[1].split(",", 1)[0]
        return int(number) if number.isdigit() else None

    return _compiled_batch(_sources("csharp"), write, compile_and_run, error_line)


@pytest.mark.parametrize(("function", "case"), ROUND_TRIPS, ids=[f"{f}-{c}" for f, c in ROUND_TRIPS])
def test_round_trip(request: pytest.FixtureRequest, function: str, case: str) -> None:
    spec = FUNCTIONS[function]
    text = CASES[case]
    if case in UNSUPPORTED.get(function, set()):
        with pytest.raises(UnsupportedValue):
            spec.render(text)
        return
    results: Results = request.getfixturevalue(f"{spec.runner}_results")
    evaluated = results[_key(function, case)]
    literal = spec.render(text)
    assert evaluated.value is not None, f"{spec.runner} could not evaluate {literal!r}: {evaluated.error}"
    expected = text + "\n" if spec.newline else text
    assert evaluated.value == expected, f"{spec.runner} read {literal!r} as {evaluated.value!r}, expected {expected!r}"
