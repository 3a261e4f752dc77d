#!/usr/bin/env bash
# Describe a table
set -euo pipefail

export AWS_DEFAULT_REGION=us-west-2

# Replace Music with the name of your table.

aws dynamodb describe-table \
    --table-name Music \
    --query Table.TableStatus \
    --output text
