# Store a new value in a secret
import json

import boto3

client = boto3.client("secretsmanager", region_name="us-west-2")

# Replace with the name or ARN of your secret.
secret_id = "MyTestSecret"

secret_string = {"username": "bob"}
response = client.put_secret_value(
    SecretId=secret_id,
    ClientRequestToken="EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE",
    SecretString=json.dumps(secret_string),
)
print(response["VersionId"])
