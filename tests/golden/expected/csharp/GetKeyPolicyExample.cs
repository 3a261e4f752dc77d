// Read the key policy of a KMS key
using System;
using System.Threading.Tasks;
using Amazon;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

class GetKeyPolicyExample
{
    static async Task Main()
    {
        var client = new AmazonKeyManagementServiceClient(RegionEndpoint.USWest2);

        // Replace with the ID or ARN of your KMS key.
        var keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

        var response = await client.GetKeyPolicyAsync(new GetKeyPolicyRequest
        {
            KeyId = keyId,
            PolicyName = "default",
        });
        Console.WriteLine(response.Policy);
    }
}
