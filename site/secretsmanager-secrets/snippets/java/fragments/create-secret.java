String secretString = """
{
  "username": "admin",
  "password": "EXAMPLE-PASSWORD"
}""";
CreateSecretResponse response = client.createSecret(CreateSecretRequest.builder()
        .name("MyDatabaseSecret")
        .description("Credentials of the orders database")
        .secretString(secretString)
        .build());
System.out.println(response.name());
