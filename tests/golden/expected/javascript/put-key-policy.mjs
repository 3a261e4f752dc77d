// Replace the key policy of a KMS key
import { KMSClient, PutKeyPolicyCommand } from "@aws-sdk/client-kms";

const client = new KMSClient({ region: "us-west-2" });

// Replace with the ID or ARN of your KMS key.
const keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

const keyPolicy = {
  Version: "2012-10-17",
  Id: "key-default-1",
  Statement: [
    {
      Sid: "Enable IAM User Permissions",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111122223333:root" },
      Action: "kms:*",
      Resource: "*",
    },
    {
      Sid: "Allow Use of Key",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111122223333:user/test-user" },
      Action: ["kms:DescribeKey", "kms:ListKeys"],
      Resource: "*",
    },
  ],
};
await client.send(
  new PutKeyPolicyCommand({
    KeyId: keyId,
    PolicyName: "default",
    Policy: JSON.stringify(keyPolicy),
  }),
);
