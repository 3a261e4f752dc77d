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
        using var client = new AmazonKeyManagementServiceClient(RegionEndpoint.USWest2);

        // Replace with the ID or ARN of your KMS key.
        var keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

        try
        {
            var response = await client.GetKeyPolicyAsync(new GetKeyPolicyRequest
            {
                KeyId = keyId,
                PolicyName = "default",
            });
            Console.WriteLine(response.Policy);
        }
        catch (NotFoundException ex)
        {
            Console.Error.WriteLine("NotFoundException: The request was rejected because the specified entity or resource could not be found. "
                + ex.Message);
            Environment.Exit(1);
        }
    }
}
