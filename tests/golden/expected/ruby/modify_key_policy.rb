# Modify a key policy
require 'aws-sdk-kms'
require 'json'

client = Aws::KMS::Client.new(region: 'us-west-2')

# Replace with the ID or ARN of your KMS key.
key_id = '1234abcd-12ab-34cd-56ef-1234567890ab'

# Read the current key policy.
response = client.get_key_policy(
  key_id: key_id,
  policy_name: 'default'
)
policy = JSON.parse(response.policy)

# Add a statement for ExampleUser to the policy's statement list.
policy['Statement'] << JSON.parse(<<~'JSON')
  {
    "Sid": "Allow access for ExampleUser",
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
JSON

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
