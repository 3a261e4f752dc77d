// Replace with the name or ARN of your secret.
String secretId = "MyTestSecret";

GetSecretValueResponse response = client.getSecretValue(GetSecretValueRequest.builder()
        .secretId(secretId)
        .build());
System.out.println(response.secretString());
