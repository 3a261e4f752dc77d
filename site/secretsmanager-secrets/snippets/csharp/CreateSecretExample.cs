// Create a secret
using System;
using System.Threading.Tasks;
using Amazon;
using Amazon.SecretsManager;
using Amazon.SecretsManager.Model;

class CreateSecretExample
{
    static async Task Main()
    {
        using var client = new AmazonSecretsManagerClient(RegionEndpoint.USWest2);

        var secretString = """
        {
          "username": "admin",
          "password": "EXAMPLE-PASSWORD"
        }
        """;
        var response = await client.CreateSecretAsync(new CreateSecretRequest
        {
            Name = "MyDatabaseSecret",
            Description = "Credentials of the orders database",
            SecretString = secretString,
        });
        Console.WriteLine(response.Name);
    }
}
