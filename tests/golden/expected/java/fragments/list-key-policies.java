// Replace with the ID or ARN of your KMS key.
String keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

ListKeyPoliciesResponse response = client.listKeyPolicies(ListKeyPoliciesRequest.builder()
        .keyId(keyId)
        .build());
System.out.println(response.policyNames());
