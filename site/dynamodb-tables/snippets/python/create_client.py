# Create a client
import boto3

client = boto3.client("dynamodb", region_name="us-west-2")
