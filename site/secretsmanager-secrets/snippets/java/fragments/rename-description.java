// Replace with the name or ARN of your secret.
String secretId = "MyTestSecret";

// Change the description.
client.updateSecret(UpdateSecretRequest.builder()
        .secretId(secretId)
        .description("Secret of the orders service")
        .build());

// Read the secret's details back.
DescribeSecretResponse response = client.describeSecret(DescribeSecretRequest.builder()
        .secretId(secretId)
        .build());
System.out.println(response.description());
