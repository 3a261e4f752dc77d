// Replace with the name of your bucket.
var bucket = "amzn-s3-demo-bucket";

// Store the object.
await client.PutObjectAsync(new PutObjectRequest
{
    BucketName = bucket,
    Key = "reports/2024.csv",
    ContentBody = "year,total\n2024,42\n",
});

// List the keys.
var response = await client.ListObjectsV2Async(new ListObjectsV2Request
{
    BucketName = bucket,
});
Console.WriteLine(response.KeyCount);
