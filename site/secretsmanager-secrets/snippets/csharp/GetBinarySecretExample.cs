// Read a secret that holds bytes
using System;
using System.Threading.Tasks;
using Amazon;
using Amazon.SecretsManager;
using Amazon.SecretsManager.Model;

class GetBinarySecretExample
{
    static async Task Main()
    {
        using var client = new AmazonSecretsManagerClient(RegionEndpoint.USWest2);

        // Replace with the name or ARN of a secret that holds bytes.
        var blobSecret = "MyBlob";

        var response = await client.GetSecretValueAsync(new GetSecretValueRequest
        {
            SecretId = blobSecret,
        });
        Console.WriteLine(response.SecretBinary);
    }
}
