var response = await client.CreateBucketAsync(new CreateBucketRequest
{
    Bucket = "amzn-s3-demo-logs",
    CreateBucketConfiguration = new CreateBucketConfiguration { LocationConstraint = "us-west-2" },
});
Console.WriteLine(response.Location);
