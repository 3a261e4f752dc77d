response = client.create_bucket(
    Bucket="amzn-s3-demo-logs",
    CreateBucketConfiguration={"LocationConstraint": "us-west-2"},
)
print(response["Location"])
