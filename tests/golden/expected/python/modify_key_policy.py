# Modify a key policy
import json

import boto3

client = boto3.client("kms", region_name="us-west-2")

# Replace with the ID or ARN of your KMS key.
key_id = "1234abcd-12ab-34cd-56ef-1234567890ab"

# Read the current key policy.
response = client.get_key_policy(KeyId=key_id, PolicyName="default")
policy = json.loads(response["Policy"])

# Add a statement for ExampleUser to the policy's statement list.
policy["Statement"].append(
    {
        "Sid": "Allow access for ExampleUser",
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:user/ExampleUser"},
        "Action": [
            "kms:Encrypt",
            "kms:GenerateDataKey*",
            "kms:Decrypt",
            "kms:DescribeKey",
            "kms:ReEncrypt*",
        ],
        "Resource": "*",
    }
)

# Write the whole edited policy back.
client.put_key_policy(KeyId=key_id, PolicyName="default", Policy=json.dumps(policy))

# Read the policy again to confirm the new statement is there.
response = client.get_key_policy(KeyId=key_id, PolicyName="default")
print(response["Policy"])
