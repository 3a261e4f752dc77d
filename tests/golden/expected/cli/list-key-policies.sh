#!/usr/bin/env bash
# List the key policies of a KMS key
set -euo pipefail

export AWS_DEFAULT_REGION=us-west-2

# Replace 1234abcd-12ab-34cd-56ef-1234567890ab with the ID or ARN of your KMS key.

aws kms list-key-policies \
    --key-id 1234abcd-12ab-34cd-56ef-1234567890ab
