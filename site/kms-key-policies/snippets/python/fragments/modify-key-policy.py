# Replace with the ID or ARN of your KMS key.
key_id = "1234abcd-12ab-34cd-56ef-1234567890ab"
# Replace with the ARN of an existing IAM user or role that may use the key.
user_arn = "arn:aws:iam::111122223333:user/ExampleUser"

# Read the current key policy.
response = client.get_key_policy(KeyId=key_id, PolicyName="default")
policy = json.loads(response["Policy"])

# Add a statement for the user to the policy's statement list.
statement = {
    "Sid": "Allow access for key user",
    "Effect": "Allow",
    "Principal": {"AWS": user_arn},
    "Action": [
        "kms:Encrypt",
        "kms:GenerateDataKey*",
        "kms:Decrypt",
        "kms:DescribeKey",
        "kms:ReEncrypt*",
    ],
    "Resource": "*",
}
if all(existing.get("Sid") != statement["Sid"] for existing in policy["Statement"]):
    policy["Statement"].append(statement)

# Write the whole edited policy back.
client.put_key_policy(KeyId=key_id, PolicyName="default", Policy=json.dumps(policy))

# Read the policy again to confirm the new statement is there.
response = client.get_key_policy(KeyId=key_id, PolicyName="default")
print(response["Policy"])
