"""Evaluating many literals in one run of the real interpreter or compiler per language.

For each language a Harness renders every case with that language's own rules
(generator.languages.<lang>.LANGUAGE: literal(), json_document(), and for the AWS CLI the
call arguments its call_context() builds), lays the rendered code out as the templates do
(the same indent filter and widths), and runs the whole batch in as few processes as
possible:

* Python: one file per case; one python process formats each with the Python module's
  own formatter (black, as for every program), then compiles and runs it;
* Ruby: one file per case, eval'd by one ruby process;
* JavaScript: one ES module per case, imported by one node process;
* AWS CLI: one bash file per case, sourced by one bash process; the words bash makes
  are then unpacked by the AWS CLI's own argument code (awscli.argprocess), with its
  file:// and https:// parameter-file rule, so what is compared is what the CLI sends;
* Java, C#, Go: one source file holding every case as a function, compiled once (javac,
  mcs, go build) and run once. A case the compiler rejects is found from the error's
  line number and dropped, and the rest are compiled again.

Every case prints back, hex-encoded, either the text the literal evaluated to (strings,
and the JSON text of documents) or the JSON encoding of the evaluated value (lists,
maps, numbers, booleans); values are then compared with values.same_value / same_json.
A case whose rendering raises UnsupportedValue is "refused": allowed only where the
language truly cannot express the value (see Harness.may_refuse).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from botocore.model import Shape

from generator.languages import LANGUAGES
from generator.languages.base import UnsupportedValue
from generator.model import Call, Param, StrValue
from generator.render import indent
from tests.unit.test_literals import Evaluated, _hex_results, _numbered

from .values import (
    JS_SAFE,
    SHAPES,
    Case,
    build,
    fits,
    is_finite_json,
    largest_integer,
    plain,
    same_json,
    same_value,
)

TIMEOUT = 300
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Rendered:
    declarations: str  # statements before the expression ("" when none)
    expression: str  # evaluates to text (strings, documents) or to the value (values)

    @property
    def literal(self) -> str:
        return (self.declarations + "\n" if self.declarations else "") + self.expression


@dataclass(frozen=True)
class Outcome:
    case: Case
    rendered: Rendered | None  # None when refused
    refused: str = ""  # UnsupportedValue's message
    printed: str | None = None  # what the language printed back
    error: str = ""

    def problem(self, harness: Harness) -> str | None:
        """Why this outcome is wrong, or None when the value came back exactly."""
        if self.rendered is None:
            if harness.may_refuse(self.case):
                return None
            return f"refused a value it can express: {self.refused}"
        if self.printed is None:
            return f"did not evaluate: {self.error.strip()[:1500]}"
        try:
            read = harness.read_back(self.case, self.printed)
        except Exception as exc:  # anything that cannot be decoded is a mismatch
            return f"printed {self.printed!r}, which cannot be read back: {type(exc).__name__}: {exc}"
        if self.case.kind == "string":
            ok = read == self.case.value
        elif self.case.kind == "document":
            ok = same_json(self.case.value, read)
        else:
            ok = same_value(plain(self.case.value), read, self.case.value.shape, harness.double_ulps)
        return None if ok else f"read back {read!r}"

    def report(self, harness: Harness) -> str:
        literal = self.rendered.literal if self.rendered is not None else "(refused)"
        return f"{self.case.describe()}\n    rendered: {literal[:600]!r}\n    problem: {self.problem(harness)}"


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


def run(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(list(command), cwd=cwd, env=env, capture_output=True, timeout=TIMEOUT, check=False)


def _text(done: subprocess.CompletedProcess[bytes]) -> str:
    return (done.stdout.decode("utf-8", "replace") + done.stderr.decode("utf-8", "replace")).strip()


class Harness:
    key: str
    tools: tuple[str, ...]
    double_ulps = 0  # how far a double read back may be off (only for a runtime known to misread)
    typed = False  # numbers are compiled as the shape's type (Java, C#, Go)
    chunk: int | None = None  # at most this many cases per run (None: all in one)

    @property
    def language(self) -> Any:
        return LANGUAGES[self.key]

    # --- rendering ---------------------------------------------------------------------

    def render(self, case: Case) -> Rendered:
        if case.kind == "string":
            return Rendered("", self.arg(self.language.literal(StrValue(case.value, SHAPES["String"]))))
        if case.kind == "document":
            declaration, expression = self.language.json_document(self.document_name(), case.value)
            return Rendered(self.declaration(declaration), expression)
        return self.render_value(case)

    def render_value(self, case: Case) -> Rendered:
        return Rendered("", self.arg(self.language.literal(case.value)))

    def document_name(self) -> str:
        return str(self.language.variable("key_policy"))

    def arg(self, literal: str) -> str:
        """A literal laid out as the templates lay out a call argument."""
        return literal

    def declaration(self, statement: str) -> str:
        """A statement laid out as the templates lay out a declaration."""
        return statement

    def may_refuse(self, case: Case) -> bool:
        """Whether this language may refuse the value. Every language may refuse infinity and
        NaN (no JSON document can hold them; .inf and .nan are valid YAML)."""
        if case.kind == "string":
            return False
        if not is_finite_json(plain(case.value) if case.kind == "value" else case.value):
            return True
        # A typed language cannot compile a number its type does not hold (2**31 as an int).
        return self.typed and case.kind == "value" and not fits(plain(case.value), case.value.shape)

    # --- reading back ------------------------------------------------------------------

    def read_back(self, case: Case, printed: str) -> Any:
        if case.kind == "string":
            return printed
        return json.loads(printed, parse_constant=_not_json)

    # --- running -----------------------------------------------------------------------

    def evaluate(self, cases: list[Case], folder: Path, tools: dict[str, str]) -> list[Outcome]:
        rendered: dict[str, tuple[Case, Rendered]] = {}
        outcomes: dict[str, Outcome] = {}
        for index, case in enumerate(cases):
            key = f"c{index}"
            try:
                rendered[key] = (case, self.render(case))
            except UnsupportedValue as exc:
                outcomes[key] = Outcome(case, None, refused=str(exc))
        results: dict[str, Evaluated] = {}
        keys = list(rendered)
        size = self.chunk or len(keys) or 1
        for start in range(0, len(keys), size):  # usually one chunk: one process
            chunk = {key: rendered[key] for key in keys[start : start + size]}
            results.update(self.run_batch(chunk, folder / f"batch{start // size}", tools))
        for key, (case, code) in rendered.items():
            result = results.get(key, Evaluated(None, "no result"))
            outcomes[key] = Outcome(case, code, printed=result.value, error=result.error)
        return [outcomes[f"c{i}"] for i in range(len(cases))]

    def run_batch(self, cases: dict[str, tuple[Case, Rendered]], folder: Path, tools: dict[str, str]) -> dict[str, Evaluated]:
        raise NotImplementedError


# --- interpreted languages: one file per case, one process -----------------------------


def _write_all(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8", newline="")


_PYTHON_DRIVER = """\
import pathlib
from generator.languages.python import LANGUAGE

for path in sorted(pathlib.Path(".").glob("c*.py"), key=lambda p: int(p.stem[1:])):
    try:
        source = LANGUAGE.format(path.read_text(encoding="utf-8"))  # black, as for every program
    except Exception as exc:
        print(path.stem, "error", ascii(f"black rejected it: {exc}"))
        continue
    try:
        namespace = {}
        exec(compile(source.encode("utf-8"), str(path), "exec"), namespace)
        result = namespace["result"]
        if not isinstance(result, str):
            raise TypeError(f"result is {type(result).__name__}, not str")
        print(path.stem, "ok", result.encode("utf-8", "surrogatepass").hex())
    except BaseException as exc:
        print(path.stem, "error", ascii(f"{type(exc).__name__}: {exc}"))
"""


class PythonHarness(Harness):
    key = "python"
    tools = ()  # the Python running the tests, which has black

    def render_value(self, case: Case) -> Rendered:
        return Rendered("", f"json.dumps({self.language.literal(case.value)})")

    def run_batch(self, cases: dict[str, tuple[Case, Rendered]], folder: Path, tools: dict[str, str]) -> dict[str, Evaluated]:
        files = {}
        for key, (_, code) in cases.items():
            statements = [code.declarations] if code.declarations else []
            files[f"{key}.py"] = "import json\n\n" + "\n".join([*statements, f"result = {code.expression}"]) + "\n"
        files["driver.py"] = _PYTHON_DRIVER
        _write_all(folder, files)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
        done = run([sys.executable, "-X", "utf8", "driver.py"], folder, env)
        return _hex_results(done.stdout, list(cases), f"no output: {_text(done)}")


_RUBY_DRIVER = """\
require "json"
Dir.glob("c*.rb").sort_by { |p| p[1..].to_i }.each do |path|
  name = File.basename(path, ".rb")
  begin
    value = Object.new.instance_eval { binding }.eval(File.binread(path).force_encoding(Encoding::UTF_8), path, 1)
    if value.is_a?(String) && value.encoding == Encoding::UTF_8 && value.valid_encoding?
      puts "#{name} ok #{value.unpack1('H*')}"
    else
      puts "#{name} error #{value.inspect.dump}"
    end
  rescue ScriptError, StandardError => e
    puts "#{name} error #{e.message.dump}"
  end
end
"""


class RubyHarness(Harness):
    key = "ruby"
    tools = ("ruby",)

    def arg(self, literal: str) -> str:
        return indent(literal, 2)

    def render_value(self, case: Case) -> Rendered:
        return Rendered("", f"JSON.generate({self.arg(self.language.literal(case.value))})")

    def run_batch(self, cases: dict[str, tuple[Case, Rendered]], folder: Path, tools: dict[str, str]) -> dict[str, Evaluated]:
        files = {f"{key}.rb": code.literal + "\n" for key, (_, code) in cases.items()}
        files["driver.rb"] = _RUBY_DRIVER
        _write_all(folder, files)
        done = run([tools["ruby"], "driver.rb"], folder)
        return _hex_results(done.stdout, list(cases), f"no output: {_text(done)}")


_NODE_DRIVER = """\
import { readdirSync } from "node:fs";
const files = readdirSync(".").filter((f) => /^c[0-9]+[.]mjs$/.test(f));
files.sort((a, b) => Number(a.slice(1, -4)) - Number(b.slice(1, -4)));
for (const file of files) {
  const key = file.slice(0, -4);
  try {
    const module = await import("./" + file);
    if (typeof module.default !== "string") throw new TypeError(`result is ${typeof module.default}`);
    process.stdout.write(`${key} ok ${Buffer.from(module.default, "utf8").toString("hex")}\\n`);
  } catch (error) {
    process.stdout.write(`${key} error ${JSON.stringify(String(error))}\\n`);
  }
}
"""


class JavaScriptHarness(Harness):
    key = "javascript"
    tools = ("node",)

    def arg(self, literal: str) -> str:
        return indent(literal, 4)

    def render_value(self, case: Case) -> Rendered:
        return Rendered("", f"JSON.stringify({self.arg(self.language.literal(case.value))})")

    def may_refuse(self, case: Case) -> bool:
        # JavaScript numbers are doubles: integers beyond 2**53 - 1 cannot be written exactly.
        data = plain(case.value) if case.kind == "value" else case.value
        return super().may_refuse(case) or (case.kind != "string" and largest_integer(data) > JS_SAFE)

    def run_batch(self, cases: dict[str, tuple[Case, Rendered]], folder: Path, tools: dict[str, str]) -> dict[str, Evaluated]:
        files = {f"{key}.mjs": f"{code.declarations}\nexport default {code.expression};\n" for key, (_, code) in cases.items()}
        files["driver.mjs"] = _NODE_DRIVER
        _write_all(folder, files)
        done = run([tools["node"], "driver.mjs"], folder)
        return _hex_results(done.stdout, list(cases), f"no output: {_text(done)}")


# --- the AWS CLI: bash makes the words, awscli unpacks them ----------------------------

_OPTION = "--values"
PARAMFILE_PREFIXES = ("file://", "fileb://", "http://", "https://")  # awscli.paramfile's prefix maps
_BASH_DRIVER = """\
record() {
  local key=$1
  shift
  printf '%s\\0%s\\0' "$key" "$#" >> results.bin
  if [ "$#" -gt 0 ]; then printf '%s\\0' "$@" >> results.bin; fi
}
for f in c*.sh; do
  source "./$f" 2> "${f%.sh}.err"
done
"""


def _awscli_value(shape: Shape, words: list[str]) -> Any:
    """What the AWS CLI sends for --values followed by words (argparse already split
    --values=word), following awscli's own argument processing."""
    from awscli.argprocess import unpack_cli_arg
    from awscli.paramfile import LOCAL_PREFIX_MAP, REMOTE_PREFIX_MAP

    if shape.type_name == "boolean":
        raise AssertionError("booleans are flags")
    value: Any = words if shape.type_name == "list" else words[0]
    if shape.type_name != "list" and len(words) != 1:
        raise ValueError(f"{len(words)} words for one {shape.type_name} value: {words!r}")
    probe = words[0] if len(words) == 1 else value
    if isinstance(probe, str) and probe.startswith(tuple(LOCAL_PREFIX_MAP) + tuple(REMOTE_PREFIX_MAP)):
        raise ValueError(f"the AWS CLI would load {probe!r} as a parameter file or URL instead of sending it")
    return unpack_cli_arg(SimpleNamespace(argument_model=shape, cli_name=_OPTION), value)


class CliHarness(Harness):
    key = "cli"
    tools = ("bash",)

    def render(self, case: Case) -> Rendered:
        if case.kind == "document":
            return super().render(case)
        # Values go through the CLI's call arguments, as in a program: --values WORD...
        shape = case.value.shape if case.kind == "value" else None
        value = build(SHAPES["String"], case.value) if case.kind == "string" else case.value
        call = Call("PutValues", (Param("Values", value, shape or value.shape),), op_model=None)  # type: ignore[arg-type]
        context = self.language.call_context(SimpleNamespace(service="polysnip"), call, {})
        words = " ".join(f"{a.name}{' ' + a.value if a.value else ''}" for a in context.args)
        return Rendered("", words)

    def document_name(self) -> str:
        return "key_policy"

    def may_refuse(self, case: Case) -> bool:
        # A string alone is one argument: none can hold a NUL character, and the AWS CLI
        # loads one starting with file:// or https:// (and so on) from that file or URL.
        # Lists and maps can always be passed as JSON.
        if case.kind == "string":
            return "\0" in case.value or case.value.startswith(PARAMFILE_PREFIXES)
        return super().may_refuse(case)

    def read_back(self, case: Case, printed: str) -> Any:
        if case.kind == "document":
            return json.loads(printed)
        words: list[str] = json.loads(printed)
        shape = case.value.shape if case.kind == "value" else None
        first, rest = words[0], words[1:]
        if shape is not None and shape.type_name == "boolean":
            if rest or first not in (_OPTION, "--no-" + _OPTION[2:]):
                raise ValueError(f"not a boolean flag: {words!r}")
            return first == _OPTION
        if first.startswith(_OPTION + "="):
            if rest:
                raise ValueError(f"words after {first!r}: {rest!r}")
            rest = [first[len(_OPTION) + 1 :]]
        elif first != _OPTION:
            raise ValueError(f"expected {_OPTION} first: {words!r}")
        if not rest:
            raise ValueError(f"no value after {_OPTION}")
        if case.kind == "string":
            return _awscli_value(SHAPES["String"], rest)
        return json.loads(json.dumps(_awscli_value(shape, rest)))  # type: ignore[arg-type]

    def run_batch(self, cases: dict[str, tuple[Case, Rendered]], folder: Path, tools: dict[str, str]) -> dict[str, Evaluated]:
        files = {}
        for key, (case, code) in cases.items():
            if case.kind == "document":
                files[f"{key}.sh"] = code.declarations.replace("key_policy.json", f"{key}.json", 1) + "\n"
            else:
                files[f"{key}.sh"] = f"set -- {code.expression}\nrecord {key} \"$@\"\n"
        files["driver.sh"] = _BASH_DRIVER
        _write_all(folder, files)
        env = {**os.environ, "LC_ALL": "C.UTF-8"}
        done = run([tools["bash"], "driver.sh"], folder, env)
        records: dict[str, list[str]] = {}
        raw = (folder / "results.bin").read_bytes() if (folder / "results.bin").exists() else b""
        fields = raw.split(b"\0")
        position = 0
        while position + 1 < len(fields):
            key, count = fields[position].decode(), int(fields[position + 1])
            records[key] = [f.decode("utf-8", "surrogateescape") for f in fields[position + 2 : position + 2 + count]]
            position += 2 + count
        results: dict[str, Evaluated] = {}
        for key, (case, _) in cases.items():
            error_file = folder / f"{key}.err"
            error = error_file.read_text(encoding="utf-8", errors="replace") if error_file.exists() else ""
            if case.kind == "document":
                written = folder / f"{key}.json"
                if written.exists():
                    results[key] = Evaluated(written.read_bytes().decode("utf-8", "surrogateescape"), error)
                else:
                    results[key] = Evaluated(None, f"nothing written; {error} {_text(done)}")
            elif key in records:
                results[key] = Evaluated(json.dumps(records[key]), error)
            else:
                results[key] = Evaluated(None, f"no words recorded; {error} {_text(done)}")
        return results


# --- compiled languages: one source file, compiled once --------------------------------


def compiled_batch(
    cases: dict[str, tuple[Case, Rendered]],
    write: Callable[[list[tuple[str, Case, Rendered]]], tuple[str, dict[str, range]]],
    compile_and_run: Callable[[str], tuple[subprocess.CompletedProcess[bytes], subprocess.CompletedProcess[bytes] | None]],
    error_line: Callable[[str], int | None],
    rounds: int = 3,
) -> dict[str, Evaluated]:
    """Compile every case in one file and run it; cases the compiler rejects (found by the
    line numbers of its errors) are set aside and the rest compiled again."""
    results: dict[str, Evaluated] = {}
    remaining = dict(cases)
    messages = ""
    for _ in range(rounds):
        if not remaining:
            break
        program, spans = write([(k, c, r) for k, (c, r) in remaining.items()])
        compiled, ran = compile_and_run(program)
        if ran is not None:
            error = f"no output; exit {ran.returncode}: {ran.stderr.decode('utf-8', 'replace')[:3000]}"
            return {**results, **_hex_results(ran.stdout, list(remaining), error)}
        messages = _text(compiled)
        blamed: dict[str, list[str]] = {}
        for message in messages.splitlines():
            line = error_line(message)
            for key, span in spans.items():
                if line is not None and line in span:
                    blamed.setdefault(key, []).append(message)
        if not blamed:
            break
        for key, found in blamed.items():
            results[key] = Evaluated(None, "\n".join(found))
            del remaining[key]
    failure = f"the batch did not compile:\n{messages[:3000]}"
    return {**results, **{key: Evaluated(None, failure) for key in remaining}}


_JAVA_JSON = """\
    static String json(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            out.append('"');
            for (char c : text.toCharArray()) {
                if (c == '"' || c == '\\\\') out.append('\\\\').append(c);
                else if (c < 0x20) out.append(String.format("\\\\u%04x", (int) c));
                else out.append(c);
            }
            out.append('"');
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Float number) {
            out.append(Double.toString(number.doubleValue()));
        } else if (value instanceof Double number) {
            out.append(Double.toString(number));
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) out.append(',');
                write(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) out.append(',');
                first = false;
                write(out, entry.getKey());
                out.append(':');
                write(out, entry.getValue());
            }
            out.append('}');
        } else {
            throw new IllegalArgumentException(value.getClass().getName());
        }
    }

    public static void main(String[] args) throws Exception {
        java.lang.reflect.Method[] methods = Literals.class.getDeclaredMethods();
        java.util.Arrays.sort(methods, java.util.Comparator.comparing(java.lang.reflect.Method::getName));
        for (java.lang.reflect.Method method : methods) {
            if (!method.getName().matches("c[0-9]+")) continue;
            try {
                String text = (String) method.invoke(null);
                System.out.println(method.getName() + " ok " + HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8)));
            } catch (Throwable error) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                System.out.println(method.getName() + " error " + cause.toString().replaceAll("\\\\s+", " "));
            }
        }
    }
}"""
_JAVA_TYPES = {"string": "String", "integer": "Integer", "long": "Long", "boolean": "Boolean", "float": "Float", "double": "Double"}


def java_type(shape: Shape) -> str:
    if shape.type_name == "list":
        return f"List<{java_type(shape.member)}>"  # type: ignore[attr-defined]
    if shape.type_name == "map":
        return f"Map<String, {java_type(shape.value)}>"  # type: ignore[attr-defined]
    return _JAVA_TYPES[str(shape.type_name)]


def _compiler_line(pattern: str) -> Callable[[str], int | None]:
    compiled = re.compile(pattern)

    def line(message: str) -> int | None:
        match = compiled.search(message)
        return int(match["line"]) if match else None

    return line


class JavaHarness(Harness):
    key = "java"
    typed = True
    chunk = 3000  # a class file holds at most 65,535 constants
    tools = ("javac", "java")

    def arg(self, literal: str) -> str:
        return indent(literal, 20)  # templates/java: .member({{ arg.value | indent(20) }})

    def declaration(self, statement: str) -> str:
        return indent(statement, 12)

    def render_value(self, case: Case) -> Rendered:
        # Typed as the SDK's builder method takes it: a literal of the wrong type fails to compile.
        literal = self.arg(self.language.literal(case.value))
        return Rendered(f"{java_type(case.value.shape)} value = {literal};", "json(value)")

    def run_batch(self, cases: dict[str, tuple[Case, Rendered]], folder: Path, tools: dict[str, str]) -> dict[str, Evaluated]:
        folder.mkdir(parents=True, exist_ok=True)

        def method(index: int, item: tuple[str, Rendered]) -> str:
            key, code = item
            body = f"            {code.declarations}\n" if code.declarations else ""
            return f"    static String {key}() throws Exception {{\n{body}            return {code.expression};\n    }}\n"

        def write(items: list[tuple[str, Case, Rendered]]) -> tuple[str, dict[str, range]]:
            return _numbered(
                [(k, (k, r)) for k, _, r in items],  # type: ignore[misc]
                method,  # type: ignore[arg-type]
                "import java.nio.charset.StandardCharsets;\nimport java.util.*;\n\npublic class Literals {",
                lambda names: _JAVA_JSON,
            )

        def compile_and_run(program: str) -> tuple[subprocess.CompletedProcess[bytes], subprocess.CompletedProcess[bytes] | None]:
            (folder / "Literals.java").write_text(program, encoding="utf-8", newline="")
            javac = [tools["javac"], "-J-XX:TieredStopAtLevel=1", "-J-Xshare:auto", "-encoding", "UTF-8", "-Xmaxerrs", "10000", "-nowarn"]
            compiled = run([*javac, "-d", ".", "Literals.java"], folder)
            if compiled.returncode != 0:
                return compiled, None
            return compiled, run([tools["java"], "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", ".", "Literals"], folder)

        return compiled_batch(cases, write, compile_and_run, _compiler_line(r"Literals\.java:(?P<line>\d+): error:"))


_CSHARP_MAIN = """\
    static string Json(object value)
    {
        var output = new StringBuilder();
        Write(output, value);
        return output.ToString();
    }

    static void Write(StringBuilder output, object value)
    {
        if (value == null) { output.Append("null"); return; }
        if (value is string text)
        {
            output.Append('"');
            foreach (char c in text)
            {
                if (c == '"' || c == '\\\\') output.Append('\\\\').Append(c);
                else if (c < 0x20) output.Append("\\\\u" + ((int) c).ToString("x4"));
                else output.Append(c);
            }
            output.Append('"');
            return;
        }
        if (value is bool flag) { output.Append(flag ? "true" : "false"); return; }
        if (value is int || value is long) { output.Append(Convert.ToString(value, CultureInfo.InvariantCulture)); return; }
        if (value is float single) { output.Append(((double) single).ToString("G17", CultureInfo.InvariantCulture)); return; }
        if (value is double number) { output.Append(number.ToString("G17", CultureInfo.InvariantCulture)); return; }
        if (value is IDictionary map)
        {
            output.Append('{');
            var first = true;
            foreach (DictionaryEntry entry in map)
            {
                if (!first) output.Append(',');
                first = false;
                Write(output, entry.Key);
                output.Append(':');
                Write(output, entry.Value);
            }
            output.Append('}');
            return;
        }
        if (value is IList list)
        {
            output.Append('[');
            for (var i = 0; i < list.Count; i++)
            {
                if (i > 0) output.Append(',');
                Write(output, list[i]);
            }
            output.Append(']');
            return;
        }
        throw new ArgumentException(value.GetType().FullName);
    }

    static void Main()
    {
        var methods = typeof(Literals).GetMethods(BindingFlags.Static | BindingFlags.NonPublic);
        Array.Sort(methods, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var method in methods)
        {
            if (!Regex.IsMatch(method.Name, "^C[0-9]+$")) continue;
            var key = "c" + method.Name.Substring(1);
            try
            {
                var text = (string) method.Invoke(null, null);
                Console.WriteLine(key + " ok " + BitConverter.ToString(new UTF8Encoding(false, true).GetBytes(text)).Replace("-", ""));
            }
            catch (Exception error)
            {
                var cause = error.InnerException ?? error;
                Console.WriteLine(key + " error " + Regex.Replace(cause.ToString(), "\\\\s+", " "));
            }
        }
    }
}"""
_CSHARP_TYPES = {"string": "string", "integer": "int", "long": "long", "boolean": "bool", "float": "float", "double": "double"}


def csharp_type(shape: Shape) -> str:
    if shape.type_name == "list":
        return f"List<{csharp_type(shape.member)}>"  # type: ignore[attr-defined]
    if shape.type_name == "map":
        return f"Dictionary<string, {csharp_type(shape.value)}>"  # type: ignore[attr-defined]
    return _CSHARP_TYPES[str(shape.type_name)]


# A multi-line raw string literal without interpolation: three or more quotes, a line break,
# the content lines, and the closing quotes alone on their line after white space.
_RAW_STRING = re.compile(r'(?<![$@"])("{3,})\n(.*?)\n([ \t]*)\1(?!")', re.S)


def _raw_as_ordinary(found: re.Match[str]) -> str:
    """A raw string literal's value as C# 11 defines it (every content line loses the
    closing line's white space, which it must start with; the line breaks after the
    opening and before the closing quotes are not part of it), as an ordinary literal
    of \\uXXXX escapes only. A line that does not start with that white space is no raw
    string C# would compile: it is left as it is, for mcs to refuse."""
    prefix = found.group(3)
    lines = found.group(2).split("\n")
    if any(line.strip(" \t") and not line.startswith(prefix) for line in lines):
        return found.group(0)
    value = "\n".join(line[len(prefix):] if line.strip(" \t") else "" for line in lines)
    return '"' + "".join(f"\\u{unit:04x}" for unit in _utf16_units(value)) + '"'


def _utf16_units(text: str) -> list[int]:
    data = text.encode("utf-16-le", "surrogatepass")
    return [int.from_bytes(data[i : i + 2], "little") for i in range(0, len(data), 2)]


class CSharpHarness(Harness):
    key = "csharp"
    typed = True
    tools = ("mcs", "mono")
    # Mono's double parser (mcs and the runtime alike) is not correctly rounded: about one
    # double in 300 comes out one unit in the last place off, for any way of writing it
    # (the literal is Python's shortest round-trip repr). .NET itself has parsed doubles
    # exactly since .NET Core 3.0, and the snippets are for .NET: Mono only checks them.
    double_ulps = 1

    def arg(self, literal: str) -> str:
        return indent(literal, 12)  # templates/csharp: Member = {{ arg.value | indent(12) }},

    def declaration(self, statement: str) -> str:
        return indent(statement, 8)

    def render(self, case: Case) -> Rendered:
        rendered = super().render(case)
        # Documents are C# 11 raw strings, which Mono's compiler (C# 7) cannot read: they are
        # read here by the language's rules and handed to mcs as ordinary strings.
        return Rendered(_RAW_STRING.sub(_raw_as_ordinary, rendered.declarations), rendered.expression)

    def render_value(self, case: Case) -> Rendered:
        literal = self.arg(self.language.literal(case.value))
        return Rendered(f"{csharp_type(case.value.shape)} value = {literal};", "Json(value)")

    def run_batch(self, cases: dict[str, tuple[Case, Rendered]], folder: Path, tools: dict[str, str]) -> dict[str, Evaluated]:
        folder.mkdir(parents=True, exist_ok=True)

        def method(index: int, item: tuple[str, Rendered]) -> str:
            key, code = item
            body = f"        {code.declarations}\n" if code.declarations else ""
            return f"    static string C{key[1:]}()\n    {{\n{body}        return {code.expression};\n    }}\n"

        def write(items: list[tuple[str, Case, Rendered]]) -> tuple[str, dict[str, range]]:
            head = (
                "using System;\nusing System.Collections;\nusing System.Collections.Generic;\nusing System.Globalization;\n"
                "using System.Reflection;\nusing System.Text;\nusing System.Text.RegularExpressions;\n\nclass Literals\n{"
            )
            return _numbered([(k, (k, r)) for k, _, r in items], method, head, lambda names: _CSHARP_MAIN)  # type: ignore[misc, arg-type]

        def compile_and_run(program: str) -> tuple[subprocess.CompletedProcess[bytes], subprocess.CompletedProcess[bytes] | None]:
            (folder / "Literals.cs").write_text(program, encoding="utf-8", newline="")
            compiled = run([tools["mcs"], "-codepage:utf8", "-nologo", "-nowarn:219,414", "-out:Literals.exe", "Literals.cs"], folder)
            if compiled.returncode != 0:
                return compiled, None
            return compiled, run([tools["mono"], "Literals.exe"], folder)

        return compiled_batch(cases, write, compile_and_run, _compiler_line(r"Literals\.cs\((?P<line>\d+),\d+\): error"))


_GO_AWS = """\
// Package aws mirrors the pointer helpers of github.com/aws/aws-sdk-go-v2/aws that
// rendered Go literals call, so that literals compile without the SDK.
package aws

import "time"

func String(v string) *string    { return &v }
func Int32(v int32) *int32       { return &v }
func Int64(v int64) *int64       { return &v }
func Bool(v bool) *bool          { return &v }
func Float32(v float32) *float32 { return &v }
func Float64(v float64) *float64 { return &v }
func Time(v time.Time) *time.Time { return &v }
"""
_GO_MAIN = """\
func emit(key string, kind byte, build func() any) {
	defer func() {
		if problem := recover(); problem != nil {
			fmt.Println(key, "error", strconv.Quote(fmt.Sprint(problem)))
		}
	}()
	value := build()
	var data []byte
	if kind == 'v' {
		encoded, err := json.Marshal(value)
		if err != nil {
			panic(err)
		}
		data = encoded
	} else {
		switch text := value.(type) {
		case string:
			data = []byte(text)
		case *string:
			data = []byte(*text)
		default:
			panic(fmt.Sprintf("not text: %T", value))
		}
	}
	fmt.Println(key, "ok", hex.EncodeToString(data))
}
"""


class GoHarness(Harness):
    key = "go"
    typed = True
    tools = ("go",)

    def arg(self, literal: str) -> str:
        return indent(literal, "\t\t")  # templates/go: Member: {{ arg.value | indent("\t\t") }},

    def declaration(self, statement: str) -> str:
        return indent(statement, "\t")

    def run_batch(self, cases: dict[str, tuple[Case, Rendered]], folder: Path, tools: dict[str, str]) -> dict[str, Evaluated]:
        (folder / "aws").mkdir(parents=True, exist_ok=True)
        (folder / "go.mod").write_text("module roundtrip\n\ngo 1.21\n", encoding="utf-8")
        (folder / "aws" / "aws.go").write_text(_GO_AWS, encoding="utf-8")
        kinds = {key: {"string": "s", "document": "d", "value": "v"}[case.kind] for key, (case, _) in cases.items()}

        def method(index: int, item: tuple[str, Rendered]) -> str:
            key, code = item
            body = f"\t{code.declarations}\n" if code.declarations else ""
            return f"func {key}() any {{\n{body}\treturn {code.expression}\n}}\n"

        def write(items: list[tuple[str, Case, Rendered]]) -> tuple[str, dict[str, range]]:
            uses_aws = any("aws." in r.literal for _, _, r in items)
            head = 'package main\n\nimport (\n\t"encoding/hex"\n\t"encoding/json"\n\t"fmt"\n\t"strconv"\n'
            head += '\n\t"roundtrip/aws"\n)\n\nvar _ = aws.String\n' if uses_aws else ")\n"
            calls = "".join(f"\temit({json.dumps(k)}, '{kinds[k]}', {k})\n" for k, _, _ in items)
            return _numbered(
                [(k, (k, r)) for k, _, r in items],  # type: ignore[misc]
                method,  # type: ignore[arg-type]
                head,
                lambda names: _GO_MAIN + "\nfunc main() {\n" + calls + "}",
            )

        env = {**os.environ, "GOTOOLCHAIN": "local", "GOPROXY": "off", "GOFLAGS": "-mod=mod", "CGO_ENABLED": "0", "GO111MODULE": "on", "GOWORK": "off"}

        def compile_and_run(program: str) -> tuple[subprocess.CompletedProcess[bytes], subprocess.CompletedProcess[bytes] | None]:
            (folder / "main.go").write_text(program, encoding="utf-8", newline="")
            compiled = run([tools["go"], "build", "-gcflags=-e", "-o", "literals", "."], folder, env)
            if compiled.returncode != 0:
                return compiled, None
            return compiled, run([str(folder / "literals")], folder)

        return compiled_batch(cases, write, compile_and_run, _compiler_line(r"main\.go:(?P<line>\d+):\d+: "))


HARNESSES: dict[str, Harness] = {
    h.key: h for h in (PythonHarness(), CliHarness(), RubyHarness(), JavaScriptHarness(), JavaHarness(), GoHarness(), CSharpHarness())
}


def failures(harness: Harness, outcomes: list[Outcome]) -> list[Outcome]:
    return [o for o in outcomes if o.problem(harness) is not None]


def failure_report(harness: Harness, outcomes: list[Outcome], limit: int = 20) -> str:
    bad = failures(harness, outcomes)
    shown = "\n".join(o.report(harness) for o in bad[:limit])
    more = f"\n... and {len(bad) - limit} more" if len(bad) > limit else ""
    return textwrap.dedent(
        f"""\
        {len(bad)} of {len(outcomes)} values did not come back exactly from {harness.language.label}.
        Add each as a regression case in tests/property/regressions.py once fixed.
        """
    ) + shown + more
