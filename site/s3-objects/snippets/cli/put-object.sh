#!/usr/bin/env bash
# Store an object
set -euo pipefail

export AWS_DEFAULT_REGION=us-west-2

# Replace amzn-s3-demo-bucket with the name of your bucket.

printf '%s' 'Hello from polysnip' > body.bin
aws s3api put-object \
    --bucket amzn-s3-demo-bucket \
    --key notes/hello.txt \
    --body body.bin \
    --content-type text/plain
