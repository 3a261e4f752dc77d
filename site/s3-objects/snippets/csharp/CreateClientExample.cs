// Create a client
using System;
using System.Threading.Tasks;
using Amazon;
using Amazon.SimpleStorageService;
using Amazon.SimpleStorageService.Model;

class CreateClientExample
{
    static void Main()
    {
        using var client = new AmazonSimpleStorageServiceClient(RegionEndpoint.USWest2);
    }
}
