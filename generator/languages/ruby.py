"""Ruby with the AWS SDK for Ruby v3: snake_case methods and keyword arguments, heredocs for documents."""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from botocore.model import Shape

from ..model import Call, Edit, Model, Step, StrValue, Value
from ..parsecheck import SyntaxProblem
from ..sdks import sdk_names
from .base import (
    Holes,
    Language,
    LanguageContext,
    Pages,
    StepContext,
    UnsupportedValue,
    document_pieces,
    error_summary,
    finite,
    operations,
    pretty_json,
    singular,
    uses_documents,
    utc_timestamp,
)
from .install import Install, Reference

_ESCAPES = {
    "\\": "\\\\", '"': '\\"', "#": "\\#", "\n": "\\n", "\r": "\\r", "\t": "\\t",
    "\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v", "\x1b": "\\e",
}  # fmt: skip
# No "\0" above: Ruby reads "\01" as one octal escape, so NUL becomes \u{0} like other controls.
_RESERVED = {
    "BEGIN", "END", "alias", "and", "begin", "break", "case", "class", "def", "defined?", "do", "else",
    "elsif", "end", "ensure", "false", "for", "if", "in", "module", "next", "nil", "not", "or", "redo",
    "rescue", "retry", "return", "self", "super", "then", "true", "undef", "unless", "until", "when",
    "while", "yield", "client", "p", "puts",
}  # fmt: skip


# Ruby reads magic comments among the first comment lines: an encoding ("coding: sjis"
# on the first line; Shift_JIS has a two-byte character ending in a backslash, which
# would swallow the escape before a closing quote) and the switches that change what
# literals mean (frozen_string_literal…). Ruby skips white space between the name and
# the ":" or "=", and compares names ignoring case with - and _ alike.
_MAGIC = re.compile(
    r"(coding|frozen[-_]string[-_]literal|shareable[-_]constant[-_]value|warn[-_]indent|warn[-_]past[-_]scope)(\s*)(?=[:=])",
    re.IGNORECASE,
)


def ruby_magic_comments(source: str) -> list[SyntaxProblem]:
    """Magic comments among the comment lines a program starts with (Ruby reads them
    there only): a generated program has none, so any found came from spec text."""
    found = []
    for number, line in enumerate(source.split("\n"), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            break
        if _MAGIC.search(stripped) and not stripped.startswith("#!"):
            found.append(SyntaxProblem(number, 1, f"Ruby reads {stripped!r} as a magic comment", "ruby magic comments"))
    return found


def ruby_comment_text(text: str) -> str:
    """text for a # comment, never read as a magic comment (coding: -> coding -:)."""
    return _MAGIC.sub(r"\1\2 -", text)


# Words the AWS SDK for Ruby's code generator underscores as a whole (ETag -> etag, not
# e_tag): its irregular inflections. Every other name is split before a capital that starts
# a lower-case word and between runs of letters and digits, as its Underscore rule does
# (Ipv6CidrBlock -> ipv_6_cidr_block, AuthenticationCode1 -> authentication_code_1,
# ChecksumCRC32C -> checksum_crc32c); botocore's xform_name differs on exactly those.
_IRREGULAR = {
    "ARNs": "arns", "CNAMEs": "cnames", "ETag": "etag", "Ec2": "ec2", "ElastiCache": "elasticache",
    "iSCSI": "iscsi", "ACLs": "acls", "Md5s": "md5s",
}  # fmt: skip
_IRREGULAR_WORD = re.compile("|".join(_IRREGULAR))
_RUBY_WORD = re.compile(r"[a-z0-9]+|\d+|[A-Z0-9]+[a-z]*")


def ruby_name(name: str) -> str:
    """A model name (operation or member) as the AWS SDK for Ruby names its method or
    keyword: GetKeyPolicy -> get_key_policy, ETag -> etag, Ipv6CidrBlock -> ipv_6_cidr_block."""
    marked = _IRREGULAR_WORD.sub(lambda m: "_" + _IRREGULAR[m.group()], name)
    split = re.sub(r"([A-Z0-9]+)([A-Z][a-z])", r"\1_\2", marked)
    return "_".join(_RUBY_WORD.findall(split)).lower()


# Where each AWS SDK gem this Ruby can load keeps its API model (aws-sdk-core carries the
# STS and SSO clients itself).
_FIND_CLIENT_APIS = 'Gem.find_files("aws-sdk-*/client_api.rb").each { |f| puts f }'


@dataclass(frozen=True)
class GemApi:
    """An installed aws-sdk-<service> gem: its version and its API model file."""

    gem: str
    version: str
    client_api: Path

    @functools.cached_property
    def operations(self) -> frozenset[str]:
        """The client's operation methods, as the gem's API model declares them."""
        text = self.client_api.read_text(encoding="utf-8", errors="replace")
        return frozenset(re.findall(r"add_operation\(:(\w+)", text))


@functools.cache
def installed_gems() -> dict[str, GemApi]:
    """The AWS SDK gems this machine's ruby loads, by gem name (one question to ruby)."""
    ruby = shutil.which("ruby")
    if ruby is None:
        return {}
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith(("RUBY", "GEM_", "BUNDLE_"))}
    try:
        listed = subprocess.run(
            [ruby, "-e", _FIND_CLIENT_APIS], capture_output=True, text=True, timeout=120, env=env, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    found: dict[str, GemApi] = {}
    for line in listed.splitlines():
        path = Path(line.strip())
        gem = path.parent.name
        if gem in found or not path.is_file():
            continue  # the first on the load path is the one require loads
        try:
            main = (path.parent.parent / f"{gem}.rb").read_text(encoding="utf-8", errors="replace")
        except OSError:
            main = ""
        version = re.search(r"GEM_VERSION = '([^']+)'", main)
        found[gem] = GemApi(gem, version.group(1) if version else "?", path)
    return found


@dataclass(frozen=True)
class RubyContext(LanguageContext):
    module: str  # the SDK's module, KMS in Aws::KMS
    region: str  # the Region as a string literal


def ruby_string(text: str) -> str:
    """Single quotes when nothing needs escaping (the idiomatic form), else double quotes
    with every interpolation trigger (#) and control character escaped."""
    if all(ch.isprintable() and ch not in "'\\" for ch in text):
        return "'" + text + "'"
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif not ch.isprintable() and ch != " ":
            out.append(f"\\u{{{ord(ch):x}}}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def ruby_heredoc(text: str, opener_suffix: str = "", pieces: list[tuple[str, bool]] | None = None) -> tuple[str, str]:
    """(opener, body+terminator) for a squiggly heredoc with a quoted terminator: no
    interpolation and no escapes, so the JSON text (plus a final newline) stays exactly
    as written. With pieces holding variables (text cut by base.document_pieces), the
    terminator is bare and the variables become #{variable}; backslashes and # are
    escaped, so the rest still reads exactly as written.

    <<~ removes the indentation of the least-indented line that holds more than spaces
    and tabs; when no line starts at column 0 that would eat the text's own indentation,
    so such text goes in a plain <<- heredoc, unindented.
    """
    lines = text.split("\n")
    if any(line.endswith("\r") for line in lines):
        raise UnsupportedValue("Ruby drops a carriage return before a line break in a heredoc")
    tag = "JSON"
    while any(line.strip() == tag for line in lines):
        tag += "_DOC"
    quoted = f"'{tag}'"
    if pieces and any(variable for _, variable in pieces):
        quoted = tag
        lines = "".join(
            "#{" + piece + "}" if variable else piece.replace("\\", "\\\\").replace("#", "\\#")
            for piece, variable in pieces
        ).split("\n")
    if not any(line.strip(" \t") and line[0] not in " \t" for line in lines):
        return f"<<-{quoted}{opener_suffix}", "\n".join(lines) + "\n" + tag
    return f"<<~{quoted}{opener_suffix}", "\n".join("  " + line for line in lines) + "\n" + tag


def ruby_value(value: Any) -> str:
    if value is None:
        return "nil"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return ruby_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(ruby_value(v) for v in value) + "]"
    return "{ " + ", ".join(f"{ruby_string(k)} => {ruby_value(v)}" for k, v in value.items()) + " }"


class Ruby(Language):
    key = "ruby"
    tab_order = 40
    label = "Ruby"
    extension = "rb"
    lexer = "ruby"
    grammar = "ruby"
    comment_prefix = "#"
    sdk = "AWS SDK for Ruby v3"
    # The runner points the client at the recording server by rewriting these lines.
    regions: ClassVar[tuple[str, ...]] = ("client",)

    def variable(self, snake_name: str) -> str:
        return snake_name + "_value" if snake_name in _RESERVED else snake_name

    def method(self, operation: str) -> str:
        return ruby_name(operation)

    def member(self, name: str) -> str:
        return ruby_name(name)

    def class_name(self, slug: str) -> str:
        return slug.replace("-", "_")

    def string(self, text: str) -> str:
        return ruby_string(text)

    def number(self, value: int | float, shape: Shape) -> str:
        return repr(finite(value))

    def list_literal(self, items: list[str], shape: Shape) -> str:
        return "[" + ", ".join(items) + "]"

    def map_literal(self, entries: list[tuple[str, str]], shape: Shape) -> str:
        return "{ " + ", ".join(f"{k} => {v}" for k, v in entries) + " }" if entries else "{}"

    def struct_literal(self, members: list[tuple[str, str]], shape: Shape) -> str:
        return "{ " + ", ".join(f"{self.member(k)}: {v}" for k, v in members) + " }" if members else "{}"

    def literal(self, value: Value) -> str:
        if isinstance(value, StrValue) and value.shape.type_name == "timestamp":  # the SDK takes a Time, not text
            moment = utc_timestamp(value.text)
            fields = [moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second]
            return f"Time.utc({', '.join(map(str, fields + ([moment.microsecond] if moment.microsecond else [])))})"
        return super().literal(value)  # blobs are strings in the Ruby SDK

    def json_document(self, name: str, document: Any, holes: Holes = ()) -> tuple[str, str]:
        opener, body = ruby_heredoc(pretty_json(document), pieces=document_pieces(document, holes))
        return f"{name} = {opener}\n{body}", name

    def declare(self, name: str, literal: str, comment: str) -> str:
        return (comment + "\n" if comment else "") + f"{name} = {literal}"

    def print_output(self, result: str, member: str, shape: Shape | None) -> str:
        verb = "p" if shape is not None and shape.type_name != "string" else "puts"
        return f"{verb} {result}{''.join(f'.{self.member(part)}' for part in member.split('.'))}"

    def save_document(self, variable: str, result: str, member: str) -> str:
        return f"{variable} = JSON.parse({result}.{self.member(member)})"

    def edit_append(self, edit: Edit, holes: Holes = ()) -> tuple[str, ...]:
        keys = ", ".join(ruby_string(k) for k in edit.path)
        document = self.variable(edit.variable)
        target = f"{document}.dig({keys})" if len(edit.path) > 1 else f"{document}[{keys}]"
        opener, body = ruby_heredoc(pretty_json(edit.item.value), ")", document_pieces(edit.item.value, holes))
        if not edit.unique_by:
            return (f"{target} << JSON.parse({opener}\n{body}",)
        item = self.variable(singular(edit.path[-1]) if edit.path else "item")
        key = ruby_string(edit.unique_by)
        return (
            f"{item} = JSON.parse({opener}\n{body}",
            f"{target} << {item} unless {target}.any? {{ |existing| existing[{key}] == {item}[{key}] }}",
        )

    def paginate(self, call: Call, context: StepContext, found: Pages) -> str:
        args = ", ".join(f"{a.name}: {a.value}" for a in context.args)
        lines = [f"client.{context.method}({args}).each_page do |page|"]
        for member in found.items:
            item = self.variable(singular(member))
            lines.append(f"  page.{self.member(member)}.each {{ |{item}| puts {item} }}")
        return "\n".join(lines + ["end"])

    def handle_errors(self, call: Call, context: StepContext) -> StepContext:
        module = "".join(part[:1].upper() + part[1:] for part in call.op_model.service_model.service_id.split())
        handlers = []
        for name in call.errors:
            message = ruby_string(error_summary(call, name) + " ")
            handlers += [f"rescue Aws::{module}::Errors::{name} => e", f"  warn {message} + e.message", "  raise"]
        return dataclasses.replace(
            context, guard_open="begin", guard_close="\n".join([*handlers, "end"]), guard_indent="  "
        )

    def document_text(self, variable: str) -> str:
        return f"JSON.generate({variable})"

    def imports(self, model: Model, steps: tuple[Step, ...]) -> tuple[str, ...]:
        lines = [f"require {ruby_string('aws-sdk-' + gem_suffix(model))}"]
        if uses_documents(steps) and any(isinstance(s, Edit) or s.save for s in steps):
            lines.append("require 'json'")
        return tuple(lines)

    def extra_context(self, model: Model, steps: tuple[Step, ...]) -> RubyContext:
        return RubyContext(module=ruby_module(model), region=ruby_string(model.region))

    def install(self, model: Model, steps: tuple[Step, ...]) -> Install:
        gem = f"aws-sdk-{gem_suffix(model)}"
        base = f"https://docs.aws.amazon.com/sdk-for-ruby/v3/api/Aws/{ruby_module(model)}/Client.html"
        return Install(
            tool="gem",
            lines=(f"gem install {gem}", f"# or, on Debian and Ubuntu: sudo apt-get install ruby-{gem}"),
            runtime="Ruby 3.1 or later",
            references=tuple(Reference(op, f"{base}#{ruby_name(op)}-instance_method") for op in operations(steps)),
        )

    def missing_in_sdk(self, service: str, operation: str) -> str:
        """Where the service's gem is installed: an operation its API model lacks that the
        service model marks deprecated (one the SDK may have dropped). An installed gem
        older than botocore's model also lacks the operations added since (Debian's
        aws-sdk-kms 1.24 has no sign): that is this machine's gem, not the SDK, so such
        programs are left to the checker, which names the gem's version."""
        found = installed_gems().get(sdk_names(service).ruby_gem)
        if found is None or self.method(operation) in found.operations:
            return ""
        try:
            deprecated = bool(_service_model(service).operation_model(operation).deprecated)
        except Exception:  # an operation botocore does not know: not this check's question
            return ""
        if not deprecated:
            return ""
        return f"{found.gem} {found.version} has no {self.method(operation)} (deprecated in the service model)"

    def comment_line(self, line: str) -> str:
        return ruby_comment_text(super().comment_line(line))

    def syntax_errors(self, source: str) -> list[SyntaxProblem]:
        return ruby_magic_comments(source) + super().syntax_errors(source)


@functools.cache
def _service_model(service: str) -> Any:
    import botocore.session

    return botocore.session.get_session().get_service_model(service)


def ruby_module(model: Model) -> str:
    """Aws::KMS, Aws::CloudWatchLogs: the serviceId without spaces."""
    return "".join(part[:1].upper() + part[1:] for part in model.service_model.service_id.split())


def gem_suffix(model: Model) -> str:
    return ruby_module(model).lower()


LANGUAGE = Ruby()
