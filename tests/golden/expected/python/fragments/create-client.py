import boto3

client = boto3.client("kms", region_name="us-west-2")
