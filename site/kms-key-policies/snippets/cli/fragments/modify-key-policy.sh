# Replace 1234abcd-12ab-34cd-56ef-1234567890ab with the ID or ARN of your KMS key.
# Replace arn:aws:iam::111122223333:user/ExampleUser with the ARN of an existing IAM user or role that may use the key.

# Read the current key policy.
aws kms get-key-policy \
    --key-id 1234abcd-12ab-34cd-56ef-1234567890ab \
    --policy-name default \
    --query Policy \
    --output text > policy.json

# Add a statement for the user to the policy's statement list.
cat > new_statement.json <<'EOF'
{
  "Sid": "Allow access for key user",
  "Effect": "Allow",
  "Principal": {
    "AWS": "arn:aws:iam::111122223333:user/ExampleUser"
  },
  "Action": [
    "kms:Encrypt",
    "kms:GenerateDataKey*",
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:ReEncrypt*"
  ],
  "Resource": "*"
}
EOF
jq --slurpfile item new_statement.json 'if any(.Statement[]; .Sid == $item[0].Sid) then . else .Statement += $item end' policy.json > policy.json.tmp
mv policy.json.tmp policy.json

# Write the whole edited policy back.
aws kms put-key-policy \
    --key-id 1234abcd-12ab-34cd-56ef-1234567890ab \
    --policy-name default \
    --policy file://policy.json

# Read the policy again to confirm the new statement is there.
aws kms get-key-policy \
    --key-id 1234abcd-12ab-34cd-56ef-1234567890ab \
    --policy-name default \
    --query Policy \
    --output text
