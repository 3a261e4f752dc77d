import boto3

client = boto3.client("s3", region_name="us-west-2")
