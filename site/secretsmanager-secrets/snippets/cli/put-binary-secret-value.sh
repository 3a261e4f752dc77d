#!/usr/bin/env bash
# Store bytes in a secret
set -euo pipefail

export AWS_DEFAULT_REGION=us-west-2

# Replace MyTestSecret with the name or ARN of your secret.

printf '%s' 'EXAMPLE key material' > secret-binary.bin
aws secretsmanager put-secret-value \
    --secret-id MyTestSecret \
    --secret-binary fileb://secret-binary.bin
