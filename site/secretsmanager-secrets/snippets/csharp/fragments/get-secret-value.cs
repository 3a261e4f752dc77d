// Replace with the name or ARN of your secret.
var secretId = "MyTestSecret";

var response = await client.GetSecretValueAsync(new GetSecretValueRequest
{
    SecretId = secretId,
});
Console.WriteLine(response.SecretString);
