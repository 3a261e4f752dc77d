// Modify a key policy
import {
  GetKeyPolicyCommand,
  KMSClient,
  PutKeyPolicyCommand,
} from "@aws-sdk/client-kms";

const client = new KMSClient({ region: "us-west-2" });

// Replace with the ID or ARN of your KMS key.
const keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";
// Replace with the ARN of an existing IAM user or role that may use the key.
const userArn = "arn:aws:iam::111122223333:user/ExampleUser";

// Read the current key policy.
let response = await client.send(
  new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: "default" }),
);
const policy = JSON.parse(response.Policy);

// Add a statement for the user to the policy's statement list.
const statement = {
  Sid: "Allow access for key user",
  Effect: "Allow",
  Principal: { AWS: userArn },
  Action: [
    "kms:Encrypt",
    "kms:GenerateDataKey*",
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:ReEncrypt*",
  ],
  Resource: "*",
};
if (!policy.Statement.some((existing) => existing.Sid === statement.Sid)) {
  policy.Statement.push(statement);
}

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
