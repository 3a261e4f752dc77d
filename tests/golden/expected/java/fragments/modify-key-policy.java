ObjectMapper mapper = new ObjectMapper();
// Replace with the ID or ARN of your KMS key.
String keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

// Read the current key policy.
GetKeyPolicyResponse response = client.getKeyPolicy(GetKeyPolicyRequest.builder()
        .keyId(keyId)
        .policyName("default")
        .build());
ObjectNode policy = (ObjectNode) mapper.readTree(response.policy());

// Add a statement for ExampleUser to the policy's statement list.
((ArrayNode) policy.at("/Statement")).add(mapper.readTree("""
{
  "Sid": "Allow access for ExampleUser",
  "Effect": "Allow",
  "Principal": {
    "AWS": "arn:aws:iam::111122223333:user/ExampleUser"
  },
  "Action": [
    "kms:Encrypt",
    "kms:GenerateDataKey*",
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:ReEncrypt*"
  ],
  "Resource": "*"
}"""));

// Write the whole edited policy back.
client.putKeyPolicy(PutKeyPolicyRequest.builder()
        .keyId(keyId)
        .policyName("default")
        .policy(mapper.writeValueAsString(policy))
        .build());

// Read the policy again to confirm the new statement is there.
response = client.getKeyPolicy(GetKeyPolicyRequest.builder()
        .keyId(keyId)
        .policyName("default")
        .build());
System.out.println(response.policy());
