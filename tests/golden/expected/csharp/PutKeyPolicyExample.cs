// Replace the key policy of a KMS key
using System;
using System.Threading.Tasks;
using Amazon;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

class PutKeyPolicyExample
{
    static async Task Main()
    {
        var client = new AmazonKeyManagementServiceClient(RegionEndpoint.USWest2);

        // Replace with the ID or ARN of your KMS key.
        var keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

        var keyPolicy = @"{
          ""Version"": ""2012-10-17"",
          ""Id"": ""key-default-1"",
          ""Statement"": [
            {
              ""Sid"": ""Enable IAM User Permissions"",
              ""Effect"": ""Allow"",
              ""Principal"": {
                ""AWS"": ""arn:aws:iam::111122223333:root""
              },
              ""Action"": ""kms:*"",
              ""Resource"": ""*""
            },
            {
              ""Sid"": ""Allow Use of Key"",
              ""Effect"": ""Allow"",
              ""Principal"": {
                ""AWS"": ""arn:aws:iam::111122223333:user/test-user""
              },
              ""Action"": [
                ""kms:DescribeKey"",
                ""kms:ListKeys""
              ],
              ""Resource"": ""*""
            }
          ]
        }";
        await client.PutKeyPolicyAsync(new PutKeyPolicyRequest
        {
            KeyId = keyId,
            PolicyName = "default",
            Policy = keyPolicy,
        });
    }
}
