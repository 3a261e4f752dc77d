#!/usr/bin/env bash
# Create a secret
set -euo pipefail

export AWS_DEFAULT_REGION=us-west-2

cat > secret_string.json <<'EOF'
{
  "username": "admin",
  "password": "EXAMPLE-PASSWORD"
}
EOF
aws secretsmanager create-secret \
    --name MyDatabaseSecret \
    --description 'Credentials of the orders database' \
    --secret-string file://secret_string.json \
    --query Name \
    --output text
