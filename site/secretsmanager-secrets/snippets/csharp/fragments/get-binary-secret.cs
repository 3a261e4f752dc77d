// Replace with the name or ARN of a secret that holds bytes.
var blobSecret = "MyBlob";

var response = await client.GetSecretValueAsync(new GetSecretValueRequest
{
    SecretId = blobSecret,
});
Console.WriteLine(response.SecretBinary);
