# Replace with the name of your bucket.
bucket = "amzn-s3-demo-bucket"

client.put_object(
    Bucket=bucket,
    Key="notes/hello.txt",
    Body=b"Hello from polysnip",
    ContentType="text/plain",
)
