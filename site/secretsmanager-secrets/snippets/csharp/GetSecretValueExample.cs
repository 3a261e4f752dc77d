// Read the value of a secret
using System;
using System.Threading.Tasks;
using Amazon;
using Amazon.SecretsManager;
using Amazon.SecretsManager.Model;

class GetSecretValueExample
{
    static async Task Main()
    {
        using var client = new AmazonSecretsManagerClient(RegionEndpoint.USWest2);

        // Replace with the name or ARN of your secret.
        var secretId = "MyTestSecret";

        var response = await client.GetSecretValueAsync(new GetSecretValueRequest
        {
            SecretId = secretId,
        });
        Console.WriteLine(response.SecretString);
    }
}
