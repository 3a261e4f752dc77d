// Store an object, then list the bucket
using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Amazon;
using Amazon.S3;
using Amazon.S3.Model;

class WriteThenListExample
{
    static async Task Main()
    {
        using var client = new AmazonS3Client(RegionEndpoint.USWest2);

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
    }
}
