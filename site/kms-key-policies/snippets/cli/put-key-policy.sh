#!/usr/bin/env bash
# Replace the key policy of a KMS key
set -euo pipefail

export AWS_DEFAULT_REGION=us-west-2

# Replace 1234abcd-12ab-34cd-56ef-1234567890ab with the ID or ARN of your KMS key.
# Replace 111122223333 with your AWS account ID.
# Replace arn:aws:iam::111122223333:user/ExampleUser with the ARN of an existing IAM user or role that may use the key.

cat > key_policy.json <<'EOF'
{
  "Version": "2012-10-17",
  "Id": "key-default-1",
  "Statement": [
    {
      "Sid": "Enable IAM User Permissions",
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::111122223333:root"
      },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "Allow Use of Key",
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::111122223333:user/ExampleUser"
      },
      "Action": "kms:DescribeKey",
      "Resource": "*"
    }
  ]
}
EOF
if ! aws kms put-key-policy \
    --key-id 1234abcd-12ab-34cd-56ef-1234567890ab \
    --policy-name default \
    --policy file://key_policy.json 2> put-key-policy-error.txt; then
    grep -q '(MalformedPolicyDocumentException)' put-key-policy-error.txt &&
        echo 'MalformedPolicyDocumentException: The request was rejected because the specified policy is not syntactically or semantically correct.' >&2
    grep -q '(NotFoundException)' put-key-policy-error.txt &&
        echo 'NotFoundException: The request was rejected because the specified entity or resource could not be found.' >&2
    cat put-key-policy-error.txt >&2
    exit 1
fi
