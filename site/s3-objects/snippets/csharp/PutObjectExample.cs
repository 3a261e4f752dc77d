// Store an object
using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Amazon;
using Amazon.SimpleStorageService;
using Amazon.SimpleStorageService.Model;

class PutObjectExample
{
    static async Task Main()
    {
        using var client = new AmazonSimpleStorageServiceClient(RegionEndpoint.USWest2);

        // Replace with the name of your bucket.
        var bucket = "amzn-s3-demo-bucket";

        await client.PutObjectAsync(new PutObjectRequest
        {
            Bucket = bucket,
            Key = "notes/hello.txt",
            Body = new MemoryStream(Encoding.UTF8.GetBytes("Hello from polysnip")),
            ContentType = "text/plain",
        });
    }
}
