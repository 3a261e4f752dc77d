#!/usr/bin/env bash
# Read a secret that holds bytes
set -euo pipefail

export AWS_DEFAULT_REGION=us-west-2

# Replace MyBlob with the name or ARN of a secret that holds bytes.

aws secretsmanager get-secret-value \
    --secret-id MyBlob
