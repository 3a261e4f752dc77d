#!/usr/bin/env bash
# Verification floor (AWS CLI): the KMS spec's six calls, the same aws commands as the
# generated scripts, in one bash, against the bench's moto server (AWS_ENDPOINT_URL), on
# the key in POLYSNIP_KEY_ID. Runs in a scratch folder (it writes the policy files there).
# POLYSNIP_AWS is the aws executable of one of the CLIs verification runs (v1 or v2); as in
# the runner's harness, `aws` is a function that adds the loopback endpoint, since AWS CLI
# v2.9 ignores AWS_ENDPOINT_URL.
set -euo pipefail

aws() { "$POLYSNIP_AWS" --endpoint-url "$AWS_ENDPOINT_URL" "$@"; }
export AWS_DEFAULT_REGION=us-west-2
key_id="$POLYSNIP_KEY_ID"

# list-key-policies, get-key-policy, put-key-policy
aws kms list-key-policies \
    --key-id "$key_id"

aws kms get-key-policy \
    --key-id "$key_id" \
    --policy-name default \
    --query Policy \
    --output text

cat > key_policy.json <<'JSON'
{
  "Version": "2012-10-17",
  "Id": "key-default-1",
  "Statement": [
    {
      "Sid": "Enable IAM User Permissions",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "Allow Use of Key",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:user/test-user"},
      "Action": ["kms:DescribeKey", "kms:ListKeys"],
      "Resource": "*"
    }
  ]
}
JSON
aws kms put-key-policy \
    --key-id "$key_id" \
    --policy-name default \
    --policy file://key_policy.json

# modify-key-policy: get, edit, put, get
aws kms get-key-policy \
    --key-id "$key_id" \
    --policy-name default \
    --query Policy \
    --output text > policy.json

cat > new_statement.json <<'JSON'
{
  "Sid": "Allow access for ExampleUser",
  "Effect": "Allow",
  "Principal": {"AWS": "arn:aws:iam::111122223333:user/ExampleUser"},
  "Action": ["kms:Encrypt", "kms:GenerateDataKey*", "kms:Decrypt", "kms:DescribeKey", "kms:ReEncrypt*"],
  "Resource": "*"
}
JSON
jq --slurpfile item new_statement.json '.Statement += $item' policy.json > policy.json.tmp
mv policy.json.tmp policy.json

aws kms put-key-policy \
    --key-id "$key_id" \
    --policy-name default \
    --policy file://policy.json

aws kms get-key-policy \
    --key-id "$key_id" \
    --policy-name default \
    --query Policy \
    --output text
