"""The AWS CLI's own names: its argument renames and removed commands, read from the
installed awscli (its customization tables), not derived from the model alone."""

from __future__ import annotations

from generator.importer import import_service
from generator.languages import select
from generator.languages.cli import cli_argument
from generator.render import CLIENT_ID, Renderer


def test_an_argument_the_cli_renames_is_written_as_the_cli_names_it() -> None:
    # `--version` is the CLI's own flag: `aws eks create-cluster --version 1.10` prints the
    # CLI's version and exits 0 without a request
    assert cli_argument("eks", "CreateCluster", "version") == "kubernetes-version"
    assert cli_argument("lex-models", "GetIntent", "version") == "intent-version"
    assert cli_argument("kms", "GetKeyPolicy", "PolicyName") == "policy-name"


def test_the_eks_create_cluster_program_uses_the_renamed_option() -> None:
    _, model, _ = import_service("eks", ("CreateCluster",), select("cli"), Renderer(), False)
    assert model is not None
    (program,) = [s.program for s in Renderer().render_model(model, select("cli")) if s.unit.id != CLIENT_ID]
    assert "--kubernetes-version 1.10" in program
    assert "--version" not in program
