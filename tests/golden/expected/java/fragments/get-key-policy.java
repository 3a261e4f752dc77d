// Replace with the ID or ARN of your KMS key.
String keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

GetKeyPolicyResponse response = client.getKeyPolicy(GetKeyPolicyRequest.builder()
        .keyId(keyId)
        .policyName("default")
        .build());
System.out.println(response.policy());
