#!/usr/bin/env bash
# Read the value of a secret
set -euo pipefail

export AWS_DEFAULT_REGION=us-west-2

# Replace MyTestSecret with the name or ARN of your secret.

aws secretsmanager get-secret-value \
    --secret-id MyTestSecret \
    --query SecretString \
    --output text
