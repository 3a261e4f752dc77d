"""Verification floor (Python): the KMS spec's six calls, made directly with boto3 in one
process, against the moto server the bench started (AWS_ENDPOINT_URL), on the key in
POLYSNIP_KEY_ID. Nothing else: no harness, no checks."""

import json
import os

import boto3

KEY_ID = os.environ["POLYSNIP_KEY_ID"]
POLICY = {
    "Version": "2012-10-17",
    "Id": "key-default-1",
    "Statement": [
        {
            "Sid": "Enable IAM User Permissions",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
            "Action": "kms:*",
            "Resource": "*",
        },
        {
            "Sid": "Allow Use of Key",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:user/test-user"},
            "Action": ["kms:DescribeKey", "kms:ListKeys"],
            "Resource": "*",
        },
    ],
}
STATEMENT = {
    "Sid": "Allow access for ExampleUser",
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::111122223333:user/ExampleUser"},
    "Action": ["kms:Encrypt", "kms:GenerateDataKey*", "kms:Decrypt", "kms:DescribeKey", "kms:ReEncrypt*"],
    "Resource": "*",
}

client = boto3.client("kms", region_name="us-west-2")
# list-key-policies, get-key-policy, put-key-policy
print(client.list_key_policies(KeyId=KEY_ID)["PolicyNames"])
print(client.get_key_policy(KeyId=KEY_ID, PolicyName="default")["Policy"])
client.put_key_policy(KeyId=KEY_ID, PolicyName="default", Policy=json.dumps(POLICY))
# modify-key-policy: get, edit, put, get
policy = json.loads(client.get_key_policy(KeyId=KEY_ID, PolicyName="default")["Policy"])
policy["Statement"].append(STATEMENT)
client.put_key_policy(KeyId=KEY_ID, PolicyName="default", Policy=json.dumps(policy))
print(client.get_key_policy(KeyId=KEY_ID, PolicyName="default")["Policy"])
