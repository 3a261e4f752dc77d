# Read the value of a secret
import boto3

client = boto3.client("secretsmanager", region_name="us-west-2")

# Replace with the name or ARN of your secret.
secret_id = "MyTestSecret"

response = client.get_secret_value(SecretId=secret_id)
print(response["SecretString"])
