// Replace with the ID or ARN of your KMS key.
var keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

var response = await client.ListKeyPoliciesAsync(new ListKeyPoliciesRequest
{
    KeyId = keyId,
});
Console.WriteLine(string.Join(", ", response.PolicyNames));
