# Create a secret
import json

import boto3

client = boto3.client("secretsmanager", region_name="us-west-2")

secret_string = {"username": "admin", "password": "EXAMPLE-PASSWORD"}
response = client.create_secret(
    Name="MyDatabaseSecret",
    Description="Credentials of the orders database",
    SecretString=json.dumps(secret_string),
)
print(response["Name"])
