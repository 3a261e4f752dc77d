#!/usr/bin/env bash
# Store a new value in a secret
set -euo pipefail

export AWS_DEFAULT_REGION=us-west-2

# Replace MyTestSecret with the name or ARN of your secret.

cat > secret_string.json <<'EOF'
{
  "username": "bob"
}
EOF
aws secretsmanager put-secret-value \
    --secret-id MyTestSecret \
    --client-request-token EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE \
    --secret-string file://secret_string.json \
    --query VersionId \
    --output text
