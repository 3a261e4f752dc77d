var secretString = """
{
  "username": "admin",
  "password": "EXAMPLE-PASSWORD"
}
""";
var response = await client.CreateSecretAsync(new CreateSecretRequest
{
    Name = "MyDatabaseSecret",
    Description = "Credentials of the orders database",
    SecretString = secretString,
});
Console.WriteLine(response.Name);
