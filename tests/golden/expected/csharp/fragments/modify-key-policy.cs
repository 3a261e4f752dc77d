// Replace with the ID or ARN of your KMS key.
var keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

// Read the current key policy.
var response = await client.GetKeyPolicyAsync(new GetKeyPolicyRequest
{
    KeyId = keyId,
    PolicyName = "default",
});
var policy = JsonNode.Parse(response.Policy);

// Add a statement for ExampleUser to the policy's statement list.
policy["Statement"].AsArray().Add(JsonNode.Parse(@"{
  ""Sid"": ""Allow access for ExampleUser"",
  ""Effect"": ""Allow"",
  ""Principal"": {
    ""AWS"": ""arn:aws:iam::111122223333:user/ExampleUser""
  },
  ""Action"": [
    ""kms:Encrypt"",
    ""kms:GenerateDataKey*"",
    ""kms:Decrypt"",
    ""kms:DescribeKey"",
    ""kms:ReEncrypt*""
  ],
  ""Resource"": ""*""
}"));

// Write the whole edited policy back.
await client.PutKeyPolicyAsync(new PutKeyPolicyRequest
{
    KeyId = keyId,
    PolicyName = "default",
    Policy = policy.ToJsonString(),
});

// Read the policy again to confirm the new statement is there.
response = await client.GetKeyPolicyAsync(new GetKeyPolicyRequest
{
    KeyId = keyId,
    PolicyName = "default",
});
Console.WriteLine(response.Policy);
