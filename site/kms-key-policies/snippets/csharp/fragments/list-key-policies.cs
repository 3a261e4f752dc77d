// Replace with the ID or ARN of your KMS key.
var keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

try
{
    var paginator = client.Paginators.ListKeyPolicies(new ListKeyPoliciesRequest
    {
        KeyId = keyId,
    });
    await foreach (var policyName in paginator.PolicyNames)
    {
        Console.WriteLine(policyName);
    }
}
catch (NotFoundException ex)
{
    Console.Error.WriteLine("NotFoundException: The request was rejected because the specified entity or resource could not be found. "
        + ex.Message);
    Environment.Exit(1);
}
