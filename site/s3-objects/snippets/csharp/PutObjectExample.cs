// Store an object
using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Amazon;
using Amazon.S3;
using Amazon.S3.Model;

class PutObjectExample
{
    static async Task Main()
    {
        using var client = new AmazonS3Client(RegionEndpoint.USWest2);

        // Replace with the name of your bucket.
        var bucket = "amzn-s3-demo-bucket";

        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "notes/hello.txt",
            ContentBody = "Hello from polysnip",
            ContentType = "text/plain",
        });
    }
}
