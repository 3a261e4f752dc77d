// Replace with the ID or ARN of your KMS key.
var keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";
// Replace with the ARN of an existing IAM user or role that may use the key.
var userArn = "arn:aws:iam::111122223333:user/ExampleUser";

// Read the current key policy.
var response = await client.GetKeyPolicyAsync(new GetKeyPolicyRequest
{
    KeyId = keyId,
    PolicyName = "default",
});
var policy = JsonNode.Parse(response.Policy)!;

// Add a statement for the user to the policy's statement list.
var statements = policy["Statement"]!.AsArray();
var statement = JsonNode.Parse($$"""
{
  "Sid": "Allow access for key user",
  "Effect": "Allow",
  "Principal": {
    "AWS": "{{userArn}}"
  },
  "Action": [
    "kms:Encrypt",
    "kms:GenerateDataKey*",
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:ReEncrypt*"
  ],
  "Resource": "*"
}
""")!;
if (!statements.Any(existing => JsonNode.DeepEquals(existing?["Sid"], statement["Sid"])))
{
    statements.Add(statement);
}

// Write the whole edited policy back.
await client.PutKeyPolicyAsync(new PutKeyPolicyRequest
{
    KeyId = keyId,
    PolicyName = "default",
    Policy = policy.ToJsonString(),
});

// Read the policy again to confirm the new statement is there.
response = await client.GetKeyPolicyAsync(new GetKeyPolicyRequest
{
    KeyId = keyId,
    PolicyName = "default",
});
Console.WriteLine(response.Policy);
