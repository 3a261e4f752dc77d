# Read the key policy of a KMS key
import boto3

client = boto3.client("kms", region_name="us-west-2")

# Replace with the ID or ARN of your KMS key.
key_id = "1234abcd-12ab-34cd-56ef-1234567890ab"

try:
    response = client.get_key_policy(KeyId=key_id, PolicyName="default")
    print(response["Policy"])
except client.exceptions.NotFoundException as error:
    raise SystemExit(
        f"NotFoundException: The request was rejected because the specified entity or resource could not be found. {error}"
    ) from error
