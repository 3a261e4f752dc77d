"""The AWS CLI in bash: kebab-case commands and options, documents in heredoc files."""

from __future__ import annotations

import atexit
import base64
import contextlib
import functools
import json
import os
import re
import secrets
import selectors
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from botocore import xform_name
from botocore.model import Shape

from ..model import (
    BlobValue,
    BoolValue,
    Call,
    Edit,
    JsonDocValue,
    ListValue,
    MapValue,
    Model,
    NumValue,
    Param,
    PlaceholderRef,
    Step,
    StructValue,
    StrValue,
    Value,
    VariableRef,
)
from ..parsecheck import SyntaxProblem, tree_sitter_errors
from ..service import output_member
from .base import (
    Arg,
    Holes,
    Language,
    LanguageContext,
    StepContext,
    UnsupportedValue,
    document_name,
    error_summary,
    finite,
    member_of,
    operations,
    pages,
    pretty_json,
    singular,
)
from .install import Install, Reference, installed_version, pinned

_SAFE = re.compile(r"[A-Za-z0-9_@%+=:,./-]+")  # used with fullmatch: "$" would also match before a final newline
# The AWS CLI (v1) reads a parameter value starting with one of these as a file or URL to
# load (awscli.paramfile), except for the parameters awscli.paramfile.PARAMFILE_DISABLED names.
_PARAMFILE_PREFIXES = ("file://", "fileb://", "http://", "https://")


# --- per-service data ---------------------------------------------------------------
# The CLI names its commands after botocore's services, except these (s3 is the
# high-level command; the API's operations are under s3api).
CLI_COMMANDS_BY_SERVICE = {"s3": "s3api"}


def cli_command(service: str) -> str:
    """The aws command for a botocore service name: kms, s3api…"""
    return CLI_COMMANDS_BY_SERVICE.get(service, service)


def cli_argument(service: str, operation: str, member: str) -> str:
    """The CLI's option for a request member, as the installed AWS CLI names it: kebab case,
    unless its rename table (awscli.customizations.argrename) says otherwise; eks
    create-cluster's version is --kubernetes-version, since --version is the CLI's own."""
    name = kebab(member)
    renames = _argument_renames()
    command, operation_name = cli_command(service), kebab(operation)
    for key in (f"{command}.{operation_name}.{name}", f"{command}.*.{name}"):
        if key in renames:
            return renames[key]
    return name


@functools.cache
def _argument_renames() -> dict[str, str]:
    try:
        from awscli.customizations.argrename import ARGUMENT_RENAMES
    except ImportError:
        return {}
    return dict(ARGUMENT_RENAMES)


@functools.cache
def removed_commands() -> dict[str, frozenset[str]]:
    """The commands the installed AWS CLI takes out of its command tables (deprecated ones
    such as `aws ses verify-email-address`), per service command; empty without awscli."""
    try:
        from awscli.customizations.removals import register_removals
    except ImportError:
        return {}
    found: dict[str, set[str]] = {}

    class Recorder:  # stands in for the CLI's event hub: keeps what each removal names
        def register(self, event: str, handler: Any, *args: Any, **kwargs: Any) -> None:
            names = getattr(handler, "keywords", {}).get("commands_to_remove", ())
            if event.startswith("building-command-table."):
                found.setdefault(event.split(".", 1)[1], set()).update(names)

    register_removals(Recorder())
    return {command: frozenset(names) for command, names in found.items()}


def kebab(name: str) -> str:
    """The CLI's spelling of an operation or member: PutKeyPolicy -> put-key-policy."""
    return str(xform_name(name, "-"))


@dataclass(frozen=True)
class CliContext(LanguageContext):
    command: str  # the CLI's command for the service: kms, s3api…
    region: str  # the Region as a shell word


def shell_word(text: str) -> str:
    """One shell word that bash reads back as exactly text: bare when safe, else single-quoted."""
    if "\0" in text:
        raise UnsupportedValue("a NUL character cannot be passed as a command-line argument")
    if _SAFE.fullmatch(text):
        return text
    return "'" + text.replace("'", "'\\''") + "'"


def heredoc(path: str, text: str) -> str:
    """A command writing text (plus a final newline) to path; the quoted delimiter
    turns off every expansion inside the body."""
    if "\0" in text:
        raise UnsupportedValue("a NUL character cannot be written in a shell script")
    lines = text.split("\n")
    tag = "EOF"
    while tag in lines:
        tag += "_JSON"
    return f"cat > {shell_word(path)} <<'{tag}'\n{text}\n{tag}"


def plain_json(value: Value) -> Any:
    """The JSON the CLI accepts for a structure, list or map parameter."""
    if isinstance(value, (StrValue,)):
        return value.text
    if isinstance(value, PlaceholderRef):
        return value.display
    if isinstance(value, NumValue):
        return value.number
    if isinstance(value, BoolValue):
        return value.flag
    if isinstance(value, ListValue):
        return [plain_json(v) for v in value.items]
    if isinstance(value, (MapValue, StructValue)):
        pairs = value.entries if isinstance(value, MapValue) else value.members
        return {k: plain_json(v) for k, v in pairs}
    if isinstance(value, JsonDocValue):
        return value.document.text
    raise UnsupportedValue(f"the AWS CLI cannot take {type(value).__name__} inline")


def jq_path(path: tuple[str, ...]) -> str:
    return "".join(f".{k}" if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", k) else f"[{json.dumps(k)}]" for k in path)


def bash_errors(source: str) -> list[SyntaxProblem]:
    """bash -n (the shell's own parser) plus tree-sitter-bash.

    A program tree-sitter finds nothing wrong with goes to one long-lived `bash -n` that
    parses every such program of this process (see _BashParser); a program either parser
    refuses is checked again by a `bash -n` of its own, so that what is reported (message,
    line) is exactly what a lone `bash -n` says."""
    if _batches:  # checked when the batch ends
        _batches[-1].sources.append(source)
        return tree_sitter_errors("bash", source)
    found = tree_sitter_errors("bash", source)
    bash = shutil.which("bash")
    if bash and (found or not _PARSER.accepts(bash, source)):
        found = [*_lone_bash_errors(bash, source), *found]
    return found


def bash_errors_many(sources: list[str]) -> list[list[SyntaxProblem]]:
    """bash_errors of each source, with one `bash -n` process for all of them: the programs
    tree-sitter accepts are written to one file, each as the body of a function of its own,
    and parsed together (bash reads a file in blocks, not a byte at a time as from a pipe).
    When that file is refused, each program is checked alone, so what is reported is what
    bash_errors reports."""
    found = [tree_sitter_errors("bash", source) for source in sources]
    bash = shutil.which("bash")
    if not bash:
        return found
    clean = [i for i, problems in enumerate(found) if not problems]
    alone = [i for i, problems in enumerate(found) if problems]
    if clean:
        with tempfile.TemporaryDirectory(prefix="polysnip-bash-") as temp:
            script = Path(temp) / "programs.sh"
            token = secrets.token_hex(6)
            script.write_text("".join(f"polysnip_check_{i}_{token}() {{\n{sources[i]}\n}}\n" for i in clean),
                              encoding="utf-8")  # fmt: skip
            result = subprocess.run([bash, "-n", str(script)], capture_output=True, text=True, check=False,
                                    timeout=120)  # fmt: skip
        if result.returncode != 0 or result.stderr.strip():
            alone += clean
    for i in sorted(alone):
        found[i] = [*_lone_bash_errors(bash, sources[i]), *found[i]]
    return found


class Batched:
    """The AWS CLI parse check of many programs deferred to one bash process: inside
    `with Cli.batched_check() as batch`, syntax_errors runs tree-sitter only and keeps the
    program; on leaving, every kept program is checked with bash_errors_many and
    batch.problems maps each program text to what bash_errors would have said of it."""

    def __init__(self) -> None:
        self.sources: list[str] = []
        self.problems: dict[str, list[SyntaxProblem]] = {}

    def finish(self) -> None:
        unique = list(dict.fromkeys(self.sources))
        self.problems = dict(zip(unique, bash_errors_many(unique), strict=True))

    @property
    def failed(self) -> dict[str, list[SyntaxProblem]]:
        return {source: problems for source, problems in self.problems.items() if problems}


_batches: list[Batched] = []


def _lone_bash_errors(bash: str, source: str) -> list[SyntaxProblem]:
    # bash -n only reads; the bound is there for a pathological input, reported as a failed check
    result = subprocess.run([bash, "-n"], input=source, capture_output=True, text=True, check=False, timeout=120)
    if result.returncode == 0:
        return []
    message = result.stderr.strip().splitlines()[0] if result.stderr.strip() else "syntax error"
    line = 1
    for part in message.split(":"):
        if part.strip().startswith("line "):
            line = int(part.strip()[5:].split()[0])
    return [SyntaxProblem(line, 1, message, "bash -n")]


class _BashParser:
    """One `bash -n -v` process that parses many programs, one after another.

    Each program is sent as the body of a function of its own, followed by a comment line
    naming it: `-n` makes bash read and parse without running anything, `-v` makes it echo
    every line it reads. When the comment line comes back, bash has parsed the function
    whole: the program is accepted. When bash exits instead (a syntax error ends a
    non-interactive shell), or says anything else, the program is not accepted here and is
    checked alone; the next program gets a new process. Starting one process per program
    was most of the time an AWS CLI snippet took to generate."""

    MAX_CHARS = 16_000  # what bash echoes must fit in the pipe while the program is written
    TIMEOUT = 120.0

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._owner = 0  # the pid that started it (a forked child starts its own)
        self._count = 0
        self._lock = threading.Lock()

    def accepts(self, bash: str, source: str) -> bool:
        if len(source) > self.MAX_CHARS or "\0" in source:
            return False
        with self._lock:
            try:
                return self._parse(bash, source)
            except (OSError, ValueError):
                self._stop()
                return False

    def _start(self, bash: str) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None or self._owner != os.getpid():
            self._process = subprocess.Popen(
                [bash, "--norc", "--noprofile", "-n", "-v"],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                bufsize=0,
                start_new_session=True,  # a Ctrl-C meant for polysnip is handled by polysnip
            )
            self._owner = os.getpid()
        return self._process

    def _parse(self, bash: str, source: str) -> bool:
        process = self._start(bash)
        assert process.stdin is not None and process.stderr is not None
        self._count += 1
        name = f"polysnip_check_{self._count}_{secrets.token_hex(6)}"
        end = f"#{name}\n".encode()
        process.stdin.write(f"{name}() {{\n{source}\n}}\n#{name}\n".encode())
        seen = b""
        deadline = time.monotonic() + self.TIMEOUT
        with selectors.DefaultSelector() as selector:
            selector.register(process.stderr, selectors.EVENT_READ)
            while not seen.endswith(end):
                if not selector.select(max(0.0, deadline - time.monotonic())):
                    self._stop()
                    return False
                chunk = os.read(process.stderr.fileno(), 65536)
                if not chunk:  # bash exited: a syntax error
                    self._stop()
                    return False
                seen += chunk
        echoed = seen[: -len(end)]
        if b"\nbash: " in b"\n" + echoed or not echoed.endswith(b"\n}\n"):  # a warning or anything unexpected
            self._stop()
            return False
        return True

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        for stream in (process.stdin, process.stderr):
            if stream is not None:
                stream.close()
        if process.poll() is None:
            process.kill()
        process.wait()


_PARSER = _BashParser()
atexit.register(_PARSER._stop)


class Cli(Language):
    key = "cli"
    tab_order = 50
    label = "AWS CLI"
    extension = "sh"
    lexer = "bash"
    grammar = "bash"
    comment_prefix = "#"
    sdk = "AWS CLI"

    def syntax_errors(self, source: str) -> list[SyntaxProblem]:
        return bash_errors(source)

    @staticmethod
    @contextlib.contextmanager
    def batched_check() -> Iterator[Batched]:
        """Defer the bash half of the parse check of every program rendered inside the
        block to one process (see Batched)."""
        batch = Batched()
        _batches.append(batch)
        try:
            yield batch
        finally:
            _batches.remove(batch)
        batch.finish()

    def variable(self, snake_name: str) -> str:
        return snake_name

    def method(self, operation: str) -> str:
        return kebab(operation)

    def missing_in_sdk(self, service: str, operation: str) -> str:
        removed = removed_commands().get(cli_command(service), frozenset())
        command = kebab(operation)
        if command in removed:
            return f"the AWS CLI removes `aws {cli_command(service)} {command}` (awscli.customizations.removals)"
        return ""

    def member(self, name: str) -> str:
        return "--" + kebab(name)

    def class_name(self, slug: str) -> str:
        return slug

    def string(self, text: str) -> str:
        return shell_word(text)

    def number(self, value: int | float, shape: Shape) -> str:
        return shell_word(repr(finite(value)))

    def list_literal(self, items: list[str], shape: Shape) -> str:
        return " ".join(items)

    def map_literal(self, entries: list[tuple[str, str]], shape: Shape) -> str:
        raise UnsupportedValue("maps are passed as JSON")  # handled in call_context

    def struct_literal(self, members: list[tuple[str, str]], shape: Shape) -> str:
        raise UnsupportedValue("structures are passed as JSON")  # handled in call_context

    def json_document(self, name: str, document: Any, holes: Holes = ()) -> tuple[str, str]:
        return heredoc(f"{name}.json", pretty_json(document)), f"file://{name}.json"

    def declare(self, name: str, literal: str, comment: str) -> str:
        return (comment + "\n" if comment else "") + f"{name}={literal}"

    def print_output(self, result: str, member: str, shape: Shape | None) -> str:
        return ""  # the CLI prints the response itself

    def save_document(self, variable: str, result: str, member: str) -> str:
        return ""  # done by redirecting the command's output, see call_context

    def edit_append(self, edit: Edit, holes: Holes = ()) -> tuple[str, ...]:
        document = f"{edit.variable}.json"
        item_file = f"new_{singular(edit.path[-1])}.json"
        program = f"{jq_path(edit.path)} += $item"
        if edit.unique_by:  # append only when no item has the same value for the key
            key = jq_path((edit.unique_by,))
            program = f"if any({jq_path(edit.path)}[]; {key} == $item[0]{key}) then . else {program} end"
        return (
            heredoc(item_file, pretty_json(edit.item.value)),
            f"jq --slurpfile item {shell_word(item_file)} {shell_word(program)} {shell_word(document)}"
            f" > {shell_word(document + '.tmp')}",
            f"mv {shell_word(document + '.tmp')} {shell_word(document)}",
        )

    def document_text(self, variable: str) -> str:
        return f"file://{variable}.json"

    def inline_placeholders(self) -> bool:
        return True

    def declare_placeholder(self, name: str, display: str, description: str) -> str:
        return self.comment(f"Replace {display} with {description}.") if description else ""

    def call_context(self, model: Model, call: Call, results: dict[str, str]) -> StepContext:
        declarations: list[str] = []
        args: list[Arg] = []
        for param in call.params:
            with member_of(param.name):
                self._argument(model, call, param, args, declarations)
        # The CLI would read a value starting with "-" as the next option; --name=value keeps it a value.
        args = [Arg(f"{a.name}={a.value}", "") if _looks_like_option(a.value) else a for a in args]
        redirect = ""
        text_member = call.save[0][1] if call.save else ""
        if call.save:
            redirect = f" > {call.save[0][0]}.json"
        elif len(call.output_fields) == 1 and _is_string(call, call.output_fields[0]):
            text_member = call.output_fields[0]
        found = pages(call)
        if found is not None and not text_member:
            # The CLI follows NextMarker itself; the query picks every item of every page.
            query = ", ".join(f"{member}[]" for member in found.items)
            args += [Arg("--query", shell_word(query)), Arg("--output", "text")]
        if text_member:
            args += [Arg("--query", shell_word(text_member)), Arg("--output", "text")]
        context = StepContext(
            kind="call",
            comment=self.comment(call.comment) if call.comment else "",
            declarations=tuple(declarations),
            method=self.method(call.operation),
            args=tuple(args),
            result=redirect,
            operation=call.operation,
        )
        return self.handle_errors(call, context) if call.errors else context

    def handle_errors(self, call: Call, context: StepContext) -> StepContext:
        """if ! aws … 2> error file; then: the error's code is in its message, (NotFoundException)."""
        errors = shell_word(f"{self.method(call.operation)}-error.txt")
        lines = []
        for name in call.errors:
            lines += [f"    grep -q {shell_word(f'({name})')} {errors} &&",
                      f"        echo {shell_word(error_summary(call, name))} >&2"]
        lines += [f"    cat {errors} >&2", "    exit 1", "fi"]
        return replace(context, guard_open=f"2> {errors}; then", guard_close="\n".join(lines))

    def _argument(self, model: Model, call: Call, param: Param, args: list[Arg], declarations: list[str]) -> None:
        """The CLI argument (and any file it needs written first) for one request member."""
        value = param.value
        option = "--" + cli_argument(model.service, call.operation, param.name)
        if isinstance(value, StrValue) and value.shape.type_name == "blob":
            # Bytes go through a file: AWS CLI v1 sends an argument's text as it is, v2
            # decodes it as base64; both read fileb:// as raw bytes, and a streaming member
            # (an S3 object body) takes a plain path.
            data = value.data if isinstance(value, BlobValue) else value.text.encode("utf-8")
            path = f"{kebab(param.name).strip('-')}.bin"
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = "\0"  # not text: written from base64
            if "\0" not in text:
                declarations.append(f"printf '%s' {shell_word(text)} > {shell_word(path)}")
            else:
                encoded = base64.b64encode(data).decode("ascii")
                declarations.append(f"echo {shell_word(encoded)} | base64 --decode > {shell_word(path)}")
            streaming = bool(value.shape.serialization.get("streaming"))
            args.append(Arg(option, shell_word(path if streaming else f"fileb://{path}")))
            return
        if isinstance(value, (StrValue, PlaceholderRef)):
            _check_not_paramfile(model, call, param.name, value.text if isinstance(value, StrValue) else value.display)
        if isinstance(value, PlaceholderRef):
            args.append(Arg(option, shell_word(value.display)))
        elif isinstance(value, JsonDocValue):
            declaration, reference = self.json_document(document_name(call, param.name), value.document.value)
            declarations.append(declaration)
            args.append(Arg(option, reference))
        elif isinstance(value, VariableRef):
            args.append(Arg(option, self.document_text(value.name)))
        elif isinstance(value, BoolValue):
            args.append(Arg(option if value.flag else "--no-" + option[2:], ""))
        elif (
            isinstance(value, ListValue)
            and value.items
            and all(isinstance(v, (StrValue, NumValue)) for v in value.items)
            and not _not_as_words(value.items)
            and not any(_looks_like_option(self.literal(v)) for v in value.items)
        ):
            args.append(Arg(option, self.list_literal([self.literal(v) for v in value.items], value.shape)))
        elif isinstance(value, (ListValue, MapValue, StructValue)):
            args.append(Arg(option, shell_word(json.dumps(plain_json(value), ensure_ascii=False))))
        else:
            args.append(Arg(option, self.literal(value)))

    def extra_context(self, model: Model, steps: tuple[Step, ...]) -> CliContext:
        return CliContext(command=cli_command(model.service), region=shell_word(model.region))

    def install(self, model: Model, steps: tuple[Step, ...]) -> Install:
        command = cli_command(model.service)
        base = f"https://docs.aws.amazon.com/cli/latest/reference/{command}"
        return Install(
            tool="pip",
            lines=(f"pip install {pinned('awscli', installed_version('awscli'), '==')}",),
            runtime="Bash and the AWS CLI",
            references=tuple(Reference(op, f"{base}/{kebab(op)}.html") for op in operations(steps)),
        )


def _not_as_words(items: tuple[Value, ...]) -> bool:
    """True when list items cannot go as separate words: one holds a NUL (no argument can;
    JSON writes it as \\u0000), or the AWS CLI would not take the single word as it is (it
    reads one starting with "[" as a JSON list, and one starting with file:// or https://
    as a file or URL to load). The JSON form avoids all of these."""
    if any(isinstance(v, StrValue) and "\0" in v.text for v in items):
        return True
    if len(items) != 1 or not isinstance(items[0], StrValue):
        return False
    text = items[0].text
    return text.strip().startswith("[") or text.startswith(_PARAMFILE_PREFIXES)


def _check_not_paramfile(model: Model, call: Call, member: str, text: str) -> None:
    """Refuse a string the AWS CLI would load from a file or URL instead of sending it."""
    prefix = next((p for p in _PARAMFILE_PREFIXES if text.startswith(p)), None)
    if prefix is None:
        return
    from awscli import argprocess  # noqa: F401  (awscli.paramfile must not be imported first)
    from awscli.paramfile import PARAMFILE_DISABLED

    command = cli_command(model.service)
    if f"{command}.{kebab(call.operation)}.{kebab(member)}" not in PARAMFILE_DISABLED:
        raise UnsupportedValue(
            f"the AWS CLI reads a {member} value starting with {prefix!r} as a file or URL to load, "
            f"so it cannot send {text!r} as it is"
        )


def _looks_like_option(word: str) -> bool:
    """True for a shell word (bare or single-quoted) whose value starts with a dash."""
    return word.startswith(("-", "'-"))


def _is_string(call: Call, member: str) -> bool:
    shape = output_member(call.op_model, member)  # member may be a dotted path
    return shape is not None and shape.type_name == "string"


LANGUAGE = Cli()
