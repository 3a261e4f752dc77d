// Replace with the ID or ARN of your KMS key.
const keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

// Read the current key policy.
let response = await client.send(
  new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: "default" }),
);
const policy = JSON.parse(response.Policy);

// Add a statement for ExampleUser to the policy's statement list.
policy.Statement.push({
  Sid: "Allow access for ExampleUser",
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::111122223333:user/ExampleUser" },
  Action: [
    "kms:Encrypt",
    "kms:GenerateDataKey*",
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:ReEncrypt*",
  ],
  Resource: "*",
});

// Write the whole edited policy back.
await client.send(
  new PutKeyPolicyCommand({
    KeyId: keyId,
    PolicyName: "default",
    Policy: JSON.stringify(policy),
  }),
);

// Read the policy again to confirm the new statement is there.
response = await client.send(
  new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: "default" }),
);
console.log(response.Policy);
