// Create a client
using System;
using System.Threading.Tasks;
using Amazon;
using Amazon.S3;
using Amazon.S3.Model;

class CreateClientExample
{
    static void Main()
    {
        using var client = new AmazonS3Client(RegionEndpoint.USWest2);
    }
}
