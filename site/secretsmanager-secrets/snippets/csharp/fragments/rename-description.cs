// Replace with the name or ARN of your secret.
var secretId = "MyTestSecret";

// Change the description.
await client.UpdateSecretAsync(new UpdateSecretRequest
{
    SecretId = secretId,
    Description = "Secret of the orders service",
});

// Read the secret's details back.
var response = await client.DescribeSecretAsync(new DescribeSecretRequest
{
    SecretId = secretId,
});
Console.WriteLine(response.Description);
