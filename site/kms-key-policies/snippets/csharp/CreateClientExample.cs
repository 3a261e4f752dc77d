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
        using var client = new AmazonKeyManagementServiceClient(RegionEndpoint.USWest2);
    }
}
