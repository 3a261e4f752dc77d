// Replace with the name or ARN of your secret.
String secretId = "MyTestSecret";

String secretString = """
{
  "username": "bob"
}""";
PutSecretValueResponse response = client.putSecretValue(PutSecretValueRequest.builder()
        .secretId(secretId)
        .clientRequestToken("EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE")
        .secretString(secretString)
        .build());
System.out.println(response.versionId());
