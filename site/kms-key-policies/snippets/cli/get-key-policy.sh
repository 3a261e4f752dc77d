#!/usr/bin/env bash
# Read the key policy of a KMS key
set -euo pipefail

export AWS_DEFAULT_REGION=us-west-2

# Replace 1234abcd-12ab-34cd-56ef-1234567890ab with the ID or ARN of your KMS key.

if ! aws kms get-key-policy \
    --key-id 1234abcd-12ab-34cd-56ef-1234567890ab \
    --policy-name default \
    --query Policy \
    --output text 2> get-key-policy-error.txt; then
    grep -q '(NotFoundException)' get-key-policy-error.txt &&
        echo 'NotFoundException: The request was rejected because the specified entity or resource could not be found.' >&2
    cat get-key-policy-error.txt >&2
    exit 1
fi
