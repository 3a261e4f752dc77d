// Replace with the name or ARN of your secret.
var secretId = "MyTestSecret";

await client.PutSecretValueAsync(new PutSecretValueRequest
{
    SecretId = secretId,
    SecretBinary = new MemoryStream(Encoding.UTF8.GetBytes("EXAMPLE key material")),
});
