// Create a client
using System;
using System.Threading.Tasks;
using Amazon;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

class CreateClientExample
{
    static void Main()
    {
        var client = new AmazonKeyManagementServiceClient(RegionEndpoint.USWest2);
        client.Dispose();
    }
}
