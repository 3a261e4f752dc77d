# Store an object
import boto3

client = boto3.client("s3", region_name="us-west-2")

# Replace with the name of your bucket.
bucket = "amzn-s3-demo-bucket"

client.put_object(
    Bucket=bucket,
    Key="notes/hello.txt",
    Body=b"Hello from polysnip",
    ContentType="text/plain",
)
