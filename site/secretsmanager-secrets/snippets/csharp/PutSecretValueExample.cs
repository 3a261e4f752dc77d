// Store a new value in a secret
using System;
using System.Threading.Tasks;
using Amazon;
using Amazon.SecretsManager;
using Amazon.SecretsManager.Model;

class PutSecretValueExample
{
    static async Task Main()
    {
        using var client = new AmazonSecretsManagerClient(RegionEndpoint.USWest2);

        // Replace with the name or ARN of your secret.
        var secretId = "MyTestSecret";

        var secretString = """
        {
          "username": "bob"
        }
        """;
        var response = await client.PutSecretValueAsync(new PutSecretValueRequest
        {
            SecretId = secretId,
            ClientRequestToken = "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE",
            SecretString = secretString,
        });
        Console.WriteLine(response.VersionId);
    }
}
