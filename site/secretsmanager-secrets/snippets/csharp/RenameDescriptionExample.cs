// Change a secret's description and read it back
using System;
using System.Threading.Tasks;
using Amazon;
using Amazon.SecretsManager;
using Amazon.SecretsManager.Model;

class RenameDescriptionExample
{
    static async Task Main()
    {
        using var client = new AmazonSecretsManagerClient(RegionEndpoint.USWest2);

        // Replace with the name or ARN of your secret.
        var secretId = "MyTestSecret";

        // Change the description.
        await client.UpdateSecretAsync(new UpdateSecretRequest
        {
            SecretId = secretId,
            Description = "Secret of the orders service",
        });

        // Read the secret's details back.
        var response = await client.DescribeSecretAsync(new DescribeSecretRequest
        {
            SecretId = secretId,
        });
        Console.WriteLine(response.Description);
    }
}
