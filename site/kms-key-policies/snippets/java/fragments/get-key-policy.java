// Replace with the ID or ARN of your KMS key.
String keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

try {
    GetKeyPolicyResponse response = client.getKeyPolicy(GetKeyPolicyRequest.builder()
            .keyId(keyId)
            .policyName("default")
            .build());
    System.out.println(response.policy());
} catch (NotFoundException e) {
    System.err.println("NotFoundException: The request was rejected because the specified entity or resource could not be found. "
            + e.awsErrorDetails().errorMessage());
    throw e;
}
