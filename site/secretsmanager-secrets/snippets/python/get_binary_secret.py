# Read a secret that holds bytes
import boto3

client = boto3.client("secretsmanager", region_name="us-west-2")

# Replace with the name or ARN of a secret that holds bytes.
blob_secret = "MyBlob"

response = client.get_secret_value(SecretId=blob_secret)
print(response["SecretBinary"])
