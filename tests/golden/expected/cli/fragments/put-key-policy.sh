# Replace 1234abcd-12ab-34cd-56ef-1234567890ab with the ID or ARN of your KMS key.

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
        "AWS": "arn:aws:iam::111122223333:user/test-user"
      },
      "Action": [
        "kms:DescribeKey",
        "kms:ListKeys"
      ],
      "Resource": "*"
    }
  ]
}
EOF
aws kms put-key-policy \
    --key-id 1234abcd-12ab-34cd-56ef-1234567890ab \
    --policy-name default \
    --policy file://key_policy.json
