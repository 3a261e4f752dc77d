# Create a client
import boto3

client = boto3.client("secretsmanager", region_name="us-west-2")
