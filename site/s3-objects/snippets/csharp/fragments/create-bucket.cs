var response = await client.PutBucketAsync(new PutBucketRequest
{
    BucketName = "amzn-s3-demo-logs",
    PutBucketConfiguration = new PutBucketConfiguration { LocationConstraint = "us-west-2" },
});
Console.WriteLine(response.Location);
