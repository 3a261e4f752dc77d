"""One bounded-run helper for every runner: time limit, output limit, process group, isolation."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from generator.runners.base import TIMED_OUT, TOO_MUCH_OUTPUT, isolated_env, run_bounded


def test_a_process_past_its_time_is_killed_with_its_children(tmp_path: Path) -> None:
    marker = tmp_path / "child-alive"
    child = f"import pathlib, time; time.sleep(3); pathlib.Path({str(marker)!r}).touch()"
    script = (
        "import subprocess, sys, time\n"
        f"subprocess.Popen([sys.executable, '-c', {child!r}])\n"
        "print('started', flush=True)\n"
        "time.sleep(600)\n"
    )
    started = time.monotonic()
    completed = run_bounded([sys.executable, "-c", script], dict(os.environ), tmp_path, timeout=1)
    assert time.monotonic() - started < 10
    assert completed.returncode == TIMED_OUT
    assert completed.stdout == "started\n"
    assert completed.stderr.splitlines()[-1] == "timed out after 1 s"
    time.sleep(3.5)
    assert not marker.exists(), "a child of the killed process lived on"


def test_a_child_holding_the_output_open_does_not_hang_the_caller(tmp_path: Path) -> None:
    started = time.monotonic()
    completed = run_bounded(["bash", "-c", "sleep 600 & echo done"], dict(os.environ), tmp_path, timeout=30)
    assert completed.returncode == 0 and completed.stdout == "done\n"
    assert time.monotonic() - started < 10


def test_endless_output_is_stopped_at_the_limit(tmp_path: Path) -> None:
    completed = run_bounded(["yes"], dict(os.environ), tmp_path, timeout=60, output_bytes=100_000)
    assert completed.returncode == TOO_MUCH_OUTPUT
    assert "printed more than 100000 bytes" in completed.stderr
    assert len(completed.stdout) <= 100_000 + len("\n[output cut]")


def test_watch_can_stop_a_process(tmp_path: Path) -> None:
    completed = run_bounded(["sleep", "600"], dict(os.environ), tmp_path, timeout=60, watch=lambda: "stuck")
    assert completed.returncode == TIMED_OUT and completed.stderr == "stuck"


_HOSTILE = {
    "HTTP_PROXY": "http://10.255.255.1:3128",
    "http_proxy": "http://10.255.255.1:3128",
    "HTTPS_PROXY": "http://10.255.255.1:3128",
    "https_proxy": "http://10.255.255.1:3128",
    "ALL_PROXY": "socks5://10.255.255.1:1080",
    "all_proxy": "socks5://10.255.255.1:1080",
    "JAVA_TOOL_OPTIONS": "-Daws.endpointUrlKms=https://kms.us-east-1.amazonaws.com",
    "_JAVA_OPTIONS": "-javaagent:/tmp/agent.jar",
    "JDK_JAVA_OPTIONS": "-Daws.region=us-east-1",
    "NODE_OPTIONS": "--require /tmp/hook.js",
    "NODE_EXTRA_CA_CERTS": "/tmp/ca.pem",
    "GOFLAGS": "-mod=vendor",
    "GOPROXY": "https://proxy.example",
    "RUBYOPT": "-r/tmp/hook.rb",
    "RUBYLIB": "/tmp/lib",
    "BUNDLE_GEMFILE": "/tmp/Gemfile",
    "PYTHONPATH": "/tmp/shadow",
    "PYTHONSTARTUP": "/tmp/startup.py",
    "BASH_ENV": "/tmp/hook.sh",
    "BASH_FUNC_aws%%": "() { echo hijacked; }",
    "LD_PRELOAD": "/tmp/hook.so",
    "AWS_PROFILE": "prod",
}


def test_isolated_env_drops_what_could_redirect_or_load_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in _HOSTILE.items():
        monkeypatch.setenv(name, value)
    env = isolated_env("http://127.0.0.1:9", "us-west-2", tmp_path)
    kept = {name: env[name] for name in _HOSTILE if name in env}
    assert kept == {}
    assert env["NO_PROXY"] == env["no_proxy"] == "127.0.0.1,localhost"
    assert env["AWS_ENDPOINT_URL"] == "http://127.0.0.1:9"
    assert env["HOME"] == str(tmp_path)
    assert env["PATH"] == os.environ["PATH"]
