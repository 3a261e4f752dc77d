// Replace with the name or ARN of a secret that holds bytes.
String blobSecret = "MyBlob";

GetSecretValueResponse response = client.getSecretValue(GetSecretValueRequest.builder()
        .secretId(blobSecret)
        .build());
System.out.println(response.secretBinary());
