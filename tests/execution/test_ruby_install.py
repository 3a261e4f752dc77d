"""What the Ruby runner's install() asks Debian: which gem packages are installed (one
dpkg-query) and which of the rest Debian's lists know (one apt-cache call)."""

from __future__ import annotations

import pytest

from generator.runners.ruby import RubyRunner, _debian_knows, _not_installed

from .conftest import require_tool

MADE_UP = "ruby-aws-sdk-polysnip-no-such-service"


@pytest.mark.execution
def test_dpkg_and_apt_are_asked_about_every_package_at_once() -> None:
    require_tool("dpkg-query")
    require_tool("apt-cache")
    require_tool("ruby")
    installed = "ruby-aws-sdk-kms"  # the KMS gem every Ruby verification needs
    assert _not_installed([installed, MADE_UP]) == [MADE_UP]
    assert _debian_knows([MADE_UP, installed]) == [installed]
    assert _debian_knows([]) == [] and _not_installed([]) == []


@pytest.mark.execution
def test_install_asks_two_questions_for_all_services(monkeypatch: pytest.MonkeyPatch) -> None:
    require_tool("dpkg-query")
    require_tool("apt-cache")
    require_tool("ruby")
    import generator.runners.ruby as ruby
    from generator.importer import services_with_examples

    runner = RubyRunner()
    runner.install(services_with_examples())  # whatever this machine can install is installed by setup
    asked: list[list[str]] = []
    real_probe = ruby.probe

    def counted(command: list[str], *args: object, **kwargs: object) -> object:
        asked.append(command)
        return real_probe(command, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ruby, "probe", counted)
    runner.install(services_with_examples())
    # Not one gem load and one apt-cache per service (44 of each took minutes): one dpkg-query
    # for every package, and one apt-cache for those not installed.
    assert [c[0] for c in asked] in (["dpkg-query"], ["dpkg-query", "apt-cache"]), asked
