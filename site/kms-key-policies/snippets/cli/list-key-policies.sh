#!/usr/bin/env bash
# List the key policies of a KMS key
set -euo pipefail

export AWS_DEFAULT_REGION=us-west-2

# Replace 1234abcd-12ab-34cd-56ef-1234567890ab with the ID or ARN of your KMS key.

if ! aws kms list-key-policies \
    --key-id 1234abcd-12ab-34cd-56ef-1234567890ab \
    --query 'PolicyNames[]' \
    --output text 2> list-key-policies-error.txt; then
    grep -q '(NotFoundException)' list-key-policies-error.txt &&
        echo 'NotFoundException: The request was rejected because the specified entity or resource could not be found.' >&2
    cat list-key-policies-error.txt >&2
    exit 1
fi
