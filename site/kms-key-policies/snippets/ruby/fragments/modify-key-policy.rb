# Replace with the ID or ARN of your KMS key.
key_id = '1234abcd-12ab-34cd-56ef-1234567890ab'
# Replace with the ARN of an existing IAM user or role that may use the key.
user_arn = 'arn:aws:iam::111122223333:user/ExampleUser'

# Read the current key policy.
response = client.get_key_policy(
  key_id: key_id,
  policy_name: 'default'
)
policy = JSON.parse(response.policy)

# Add a statement for the user to the policy's statement list.
statement = JSON.parse(<<~JSON)
  {
    "Sid": "Allow access for key user",
    "Effect": "Allow",
    "Principal": {
      "AWS": "#{user_arn}"
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
JSON
policy['Statement'] << statement unless policy['Statement'].any? { |existing| existing['Sid'] == statement['Sid'] }

# Write the whole edited policy back.
client.put_key_policy(
  key_id: key_id,
  policy_name: 'default',
  policy: JSON.generate(policy)
)

# Read the policy again to confirm the new statement is there.
response = client.get_key_policy(
  key_id: key_id,
  policy_name: 'default'
)
puts response.policy
