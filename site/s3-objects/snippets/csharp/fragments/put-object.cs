// Replace with the name of your bucket.
var bucket = "amzn-s3-demo-bucket";

await client.PutObjectAsync(new PutObjectRequest
{
    Bucket = bucket,
    Key = "notes/hello.txt",
    Body = new MemoryStream(Encoding.UTF8.GetBytes("Hello from polysnip")),
    ContentType = "text/plain",
});
