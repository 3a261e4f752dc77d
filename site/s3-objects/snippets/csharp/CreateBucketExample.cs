// Create a bucket
using System;
using System.Threading.Tasks;
using Amazon;
using Amazon.S3;
using Amazon.S3.Model;

class CreateBucketExample
{
    static async Task Main()
    {
        using var client = new AmazonS3Client(RegionEndpoint.USWest2);

        var response = await client.PutBucketAsync(new PutBucketRequest
        {
            BucketName = "amzn-s3-demo-logs",
            PutBucketConfiguration = new PutBucketConfiguration { LocationConstraint = "us-west-2" },
        });
        Console.WriteLine(response.Location);
    }
}
