// Create a bucket
using System;
using System.Threading.Tasks;
using Amazon;
using Amazon.SimpleStorageService;
using Amazon.SimpleStorageService.Model;

class CreateBucketExample
{
    static async Task Main()
    {
        using var client = new AmazonSimpleStorageServiceClient(RegionEndpoint.USWest2);

        var response = await client.CreateBucketAsync(new CreateBucketRequest
        {
            Bucket = "amzn-s3-demo-logs",
            CreateBucketConfiguration = new CreateBucketConfiguration { LocationConstraint = "us-west-2" },
        });
        Console.WriteLine(response.Location);
    }
}
