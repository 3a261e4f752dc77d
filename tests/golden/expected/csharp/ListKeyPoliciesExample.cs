// List the key policies of a KMS key
using System;
using System.Threading.Tasks;
using Amazon;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

class ListKeyPoliciesExample
{
    static async Task Main()
    {
        var client = new AmazonKeyManagementServiceClient(RegionEndpoint.USWest2);

        // Replace with the ID or ARN of your KMS key.
        var keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

        var response = await client.ListKeyPoliciesAsync(new ListKeyPoliciesRequest
        {
            KeyId = keyId,
        });
        Console.WriteLine(string.Join(", ", response.PolicyNames));
    }
}
