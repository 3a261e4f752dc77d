"""Verification never reaches real AWS, even when the caller's environment points there.

The caller's environment is hostile in every way we know of: real-looking AWS keys,
profiles and endpoints; proxies in every spelling (a proxy that would be used is an
address strace sees); JVM options that set the KMS endpoint; and option variables of
Node, Ruby, Go, Python and bash that would load code or break the toolchains if they
reached a program (so a leak fails the run even where it would not connect anywhere).
"""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, require_tool

_CONNECT = re.compile(r"connect\(\d+, \{sa_family=(AF_INET6?)\b.*?inet_(?:addr|pton)\((?:AF_INET6, )?\"([^\"]+)\"")


def _is_loopback(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    mapped = getattr(ip, "ipv4_mapped", None)
    return ip.is_loopback or (mapped is not None and mapped.is_loopback)


@pytest.mark.execution
def test_no_connection_leaves_loopback(tmp_path: Path) -> None:
    strace = require_tool("strace")
    aws_home = tmp_path / "aws"
    aws_home.mkdir(parents=True)
    (aws_home / "credentials").write_text(
        "[prod]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
    )
    (aws_home / "config").write_text("[profile prod]\nregion = us-east-1\n")
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "bash_env.sh").write_text("aws() { echo 'hijacked by BASH_ENV' >&2; return 97; }\n")
    proxy = "http://10.255.255.1:3128"
    env = {
        **os.environ,
        **{name: proxy for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy")},
        "ALL_PROXY": "socks5://10.255.255.1:1080",
        "all_proxy": "socks5://10.255.255.1:1080",
        "NO_PROXY": "",
        "no_proxy": "",
        "JAVA_TOOL_OPTIONS": "-Daws.endpointUrlKms=https://kms.us-east-1.amazonaws.com",
        "_JAVA_OPTIONS": "-Daws.endpointUrl=https://kms.us-east-1.amazonaws.com",
        "JDK_JAVA_OPTIONS": "-Daws.region=us-east-1",
        "NODE_OPTIONS": f"--require {hooks / 'missing-node-hook.js'}",
        "RUBYOPT": f"-r{hooks / 'missing-ruby-hook'}",
        "RUBYLIB": str(hooks),
        "GOFLAGS": "-mod=vendor",
        "GOPROXY": "https://proxy.golang.org",
        "PYTHONSTARTUP": str(hooks / "missing-startup.py"),
        "BASH_ENV": str(hooks / "bash_env.sh"),
        "AWS_SHARED_CREDENTIALS_FILE": str(aws_home / "credentials"),
        "AWS_CONFIG_FILE": str(aws_home / "config"),
        "AWS_PROFILE": "prod",
        "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS_SESSION_TOKEN": "real-looking-session-token",
        "AWS_ENDPOINT_URL": "https://kms.us-east-1.amazonaws.com",
        "AWS_ENDPOINT_URL_KMS": "https://kms.us-east-1.amazonaws.com",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    out = tmp_path / "site"
    shutil.copytree(ROOT / "site", out)  # verify rewrites the report and pages: keep the real site/ untouched
    spec = str(ROOT / "specs" / "kms-key-policies.yaml")
    generate = [sys.executable, "-m", "generator", "generate", spec, "--out", str(out)]
    subprocess.run(generate, cwd=ROOT, capture_output=True, text=True, timeout=600, check=True)  # output up to date
    trace = tmp_path / "trace.txt"
    # The KMS spec: its programs cover every runner (and both AWS CLI versions).
    # --no-cache: every program must run (a result taken from the cache would open no connection).
    verify = [sys.executable, "-m", "generator", "verify", spec, "--out", str(out), "--no-cache"]
    result = subprocess.run(
        [strace, "-f", "-qq", "-e", "trace=connect,execve", "-o", str(trace), *verify],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    inet = []
    for line in trace.read_text().splitlines():
        if "sa_family=AF_INET" not in line:
            continue
        match = _CONNECT.search(line)
        assert match, f"cannot read the address in: {line}"
        inet.append((match.group(2), line))
    assert inet, "strace saw no network connections at all; the test would prove nothing"
    # AWS CLI v2 (Debian's, which ignores AWS_ENDPOINT_URL) ran too, under the same trace.
    v2 = os.environ.get("POLYSNIP_AWSCLI_V2") or "/usr/bin/aws"
    if Path(v2).is_file() or os.environ.get("CI") == "true":
        assert f'execve("{v2}"' in trace.read_text(), f"AWS CLI v2 ({v2}) never ran under the trace"
    outside = [line for address, line in inet if not _is_loopback(address)]
    assert not outside, "connections left loopback:\n" + "\n".join(outside[:10])
