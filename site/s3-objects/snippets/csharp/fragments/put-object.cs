// Replace with the name of your bucket.
var bucket = "amzn-s3-demo-bucket";

await client.PutObjectAsync(new PutObjectRequest
{
    BucketName = bucket,
    Key = "notes/hello.txt",
    ContentBody = "Hello from polysnip",
    ContentType = "text/plain",
});
