// Create a client
using System;
using System.Threading.Tasks;
using Amazon;
using Amazon.SecretsManager;
using Amazon.SecretsManager.Model;

class CreateClientExample
{
    static void Main()
    {
        using var client = new AmazonSecretsManagerClient(RegionEndpoint.USWest2);
    }
}
