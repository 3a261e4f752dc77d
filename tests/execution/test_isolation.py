"""Verification never reaches real AWS, even when the caller's environment points there."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, require_tool

_CONNECT = re.compile(r"connect\(\d+, \{sa_family=(AF_\w+)(?:, sin6?_port=htons\((\d+)\), (?:sin_addr=inet_addr\(\"([^\"]+)\"\)|sin6_addr=inet_pton\(AF_INET6, \"([^\"]+)\"\)))?")


@pytest.mark.execution
def test_no_connection_leaves_loopback(tmp_path: Path) -> None:
    strace = require_tool("strace")
    aws_home = tmp_path / "home" / ".aws"
    aws_home.mkdir(parents=True)
    (aws_home / "credentials").write_text("[prod]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")
    (aws_home / "config").write_text("[profile prod]\nregion = us-east-1\n")
    env = {
        **os.environ,
        "HOME": str(tmp_path / "home"),
        "AWS_PROFILE": "prod",
        "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS_SESSION_TOKEN": "real-looking-session-token",
        "AWS_ENDPOINT_URL": "https://kms.us-east-1.amazonaws.com",
        "AWS_ENDPOINT_URL_KMS": "https://kms.us-east-1.amazonaws.com",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    trace = tmp_path / "trace.txt"
    result = subprocess.run(
        [strace, "-f", "-qq", "-e", "trace=connect", "-o", str(trace), sys.executable, "-m", "generator", "verify", "--lang", "python,cli"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    inet = []
    for line in trace.read_text().splitlines():
        match = _CONNECT.search(line)
        if match and match.group(1) in ("AF_INET", "AF_INET6"):
            inet.append((match.group(1), match.group(3) or match.group(4), line))
    assert inet, "strace saw no network connections at all; the test would prove nothing"
    outside = [line for family, address, line in inet if address not in ("127.0.0.1", "::1")]
    assert not outside, "connections left loopback:\n" + "\n".join(outside[:10])
