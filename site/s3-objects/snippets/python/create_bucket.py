# Create a bucket
import boto3

client = boto3.client("s3", region_name="us-west-2")

response = client.create_bucket(
    Bucket="amzn-s3-demo-logs",
    CreateBucketConfiguration={"LocationConstraint": "us-west-2"},
)
print(response["Location"])
