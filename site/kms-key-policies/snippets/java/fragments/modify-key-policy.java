// Replace with the ID or ARN of your KMS key.
String keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";
// Replace with the ARN of an existing IAM user or role that may use the key.
String userArn = "arn:aws:iam::111122223333:user/ExampleUser";
ObjectMapper mapper = new ObjectMapper();

// Read the current key policy.
GetKeyPolicyResponse response = client.getKeyPolicy(GetKeyPolicyRequest.builder()
        .keyId(keyId)
        .policyName("default")
        .build());
ObjectNode policy = (ObjectNode) mapper.readTree(response.policy());

// Add a statement for the user to the policy's statement list.
ArrayNode statements = (ArrayNode) policy.at("/Statement");
JsonNode statement = mapper.readTree("""
{
  "Sid": "Allow access for key user",
  "Effect": "Allow",
  "Principal": {
    "AWS": "%s"
  },
  "Action": [
    "kms:Encrypt",
    "kms:GenerateDataKey*",
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:ReEncrypt*"
  ],
  "Resource": "*"
}""".formatted(userArn));
if (!statements.findValues("Sid").contains(statement.get("Sid"))) {
    statements.add(statement);
}

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
