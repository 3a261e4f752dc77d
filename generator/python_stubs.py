"""The type stubs Python programs are checked with: boto3-stubs and one mypy-boto3-<service>
package per service, pinned, and the places where those stubs and botocore disagree.

The stubs are generated from botocore's service models by mypy-boto3-builder and released
per service: a service's package is published again only when its model changes, so the
per-service versions differ. boto3-stubs 1.43.126 is the newest release whose per-service
packages can all be had (its 1.44 line has no per-service packages yet); the pins below
are what pip resolves for it. botocore itself (the SDK the programs run with) is 1.44.5.

A service outside this table gets the newest mypy-boto3-<service> of the same 1.43 line,
and the version pip chose is recorded in the lock data.
"""

from __future__ import annotations

from dataclasses import dataclass

BOTO3_STUBS = "1.43.126"
STUBS_LINE = (">=1.43.0", "<1.44.0")  # the per-service versions boto3-stubs 1.43.* accepts

# Installed with --no-deps, so every package the stubs import is named here.
SUPPORT_PACKAGES: dict[str, str] = {
    "boto3-stubs": BOTO3_STUBS,
    "botocore-stubs": "1.43.126",
    "types-s3transfer": "0.19.3",
}

SERVICE_STUBS: dict[str, str] = {
    "appconfig": "1.43.43",
    "application-autoscaling": "1.43.33",
    "autoscaling": "1.43.117",
    "batch": "1.43.106",
    "cloud9": "1.43.39",
    "codebuild": "1.43.38",
    "cur": "1.43.0",
    "devicefarm": "1.43.78",
    "dms": "1.43.59",
    "dynamodb": "1.43.124",
    "dynamodbstreams": "1.43.114",
    "ec2": "1.43.118",
    "ec2-instance-connect": "1.43.0",
    "ecr": "1.43.119",
    "ecs": "1.43.116",
    "efs": "1.43.23",
    "eks": "1.43.119",
    "elasticache": "1.43.116",
    "elasticbeanstalk": "1.43.96",
    "elb": "1.43.0",
    "elbv2": "1.43.88",
    "fsx": "1.43.104",
    "glacier": "1.43.0",
    "iam": "1.43.70",
    "inspector": "1.43.0",
    "kms": "1.43.119",
    "lambda": "1.43.118",
    "lex-models": "1.43.3",
    "organizations": "1.43.114",
    "polly": "1.43.117",
    "pricing": "1.43.0",
    "rds": "1.43.116",
    "rekognition": "1.43.103",
    "route53": "1.43.0",
    "s3": "1.43.106",
    "secretsmanager": "1.43.0",
    "servicediscovery": "1.43.48",
    "ses": "1.43.0",
    "snowball": "1.43.0",
    "ssm-contacts": "1.43.0",
    "storagegateway": "1.43.0",
    "sts": "1.43.94",
    "waf": "1.43.0",
    "waf-regional": "1.43.0",
}


def stub_package(service: str) -> str:
    """The PyPI name of a service's stubs: mypy-boto3-<botocore name>."""
    return f"mypy-boto3-{service}"


def stub_module(service: str) -> str:
    """The import name of a service's stubs: mypy_boto3_<botocore name with _>."""
    return "mypy_boto3_" + service.replace("-", "_")


@dataclass(frozen=True)
class Disagreement:
    """A place where the stubs declare a type that botocore (what the programs run with)
    does not: mypy's error there says nothing about the program."""

    service: str
    operation: str  # botocore operation name
    message: str  # a piece of mypy's message that identifies the error
    reason: str  # what botocore accepts and the stubs do not

    def matches(self, service: str, message: str) -> bool:
        return service == self.service and self.message in message


KNOWN_DISAGREEMENTS: tuple[Disagreement, ...] = (
    Disagreement(
        "ec2",
        "DescribeNatGateways",
        'Unexpected keyword argument "Filter" for "describe_nat_gateways"',
        "botocore's EC2 model names this request member Filter (singular, unlike the other Describe* "
        "operations) and boto3 accepts only that name; mypy-boto3-ec2 declares it as Filters, a name "
        "botocore's parameter validation refuses",
    ),
)
