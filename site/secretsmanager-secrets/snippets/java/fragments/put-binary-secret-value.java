// Replace with the name or ARN of your secret.
String secretId = "MyTestSecret";

client.putSecretValue(PutSecretValueRequest.builder()
        .secretId(secretId)
        .secretBinary(SdkBytes.fromUtf8String("EXAMPLE key material"))
        .build());
