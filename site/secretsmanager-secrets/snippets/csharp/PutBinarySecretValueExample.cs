// Store bytes in a secret
using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Amazon;
using Amazon.SecretsManager;
using Amazon.SecretsManager.Model;

class PutBinarySecretValueExample
{
    static async Task Main()
    {
        using var client = new AmazonSecretsManagerClient(RegionEndpoint.USWest2);

        // Replace with the name or ARN of your secret.
        var secretId = "MyTestSecret";

        await client.PutSecretValueAsync(new PutSecretValueRequest
        {
            SecretId = secretId,
            SecretBinary = new MemoryStream(Encoding.UTF8.GetBytes("EXAMPLE key material")),
        });
    }
}
