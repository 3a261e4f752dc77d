# Store an object, then list the bucket
import boto3

client = boto3.client("s3", region_name="us-west-2")

# Replace with the name of your bucket.
bucket = "amzn-s3-demo-bucket"

# Store the object.
client.put_object(Bucket=bucket, Key="reports/2024.csv", Body=b"year,total\n2024,42\n")

# List the keys.
response = client.list_objects_v2(Bucket=bucket)
print(response["KeyCount"])
