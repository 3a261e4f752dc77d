// Replace with the ID or ARN of your KMS key.
String keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

try {
    client.listKeyPoliciesPaginator(ListKeyPoliciesRequest.builder()
            .keyId(keyId)
            .build())
            .policyNames()
            .forEach(System.out::println);
} catch (NotFoundException e) {
    System.err.println("NotFoundException: The request was rejected because the specified entity or resource could not be found. "
            + e.awsErrorDetails().errorMessage());
    throw e;
}
