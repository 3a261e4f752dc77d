#!/usr/bin/env bash
# Store an object, then list the bucket
set -euo pipefail

export AWS_DEFAULT_REGION=us-west-2

# Replace amzn-s3-demo-bucket with the name of your bucket.

# Store the object.
printf '%s' 'year,total
2024,42
' > body.bin
aws s3api put-object \
    --bucket amzn-s3-demo-bucket \
    --key reports/2024.csv \
    --body body.bin

# List the keys.
aws s3api list-objects-v2 \
    --bucket amzn-s3-demo-bucket
