# List the key policies of a KMS key
import boto3

client = boto3.client("kms", region_name="us-west-2")

# Replace with the ID or ARN of your KMS key.
key_id = "1234abcd-12ab-34cd-56ef-1234567890ab"

try:
    paginator = client.get_paginator("list_key_policies")
    for page in paginator.paginate(KeyId=key_id):
        for policy_name in page["PolicyNames"]:
            print(policy_name)
except client.exceptions.NotFoundException as error:
    raise SystemExit(
        f"NotFoundException: The request was rejected because the specified entity or resource could not be found. {error}"
    ) from error
