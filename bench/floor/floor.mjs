// Verification floor (JavaScript): the KMS spec's six calls, made directly with
// @aws-sdk/client-kms in one node process, against the bench's moto server
// (AWS_ENDPOINT_URL), on the key in POLYSNIP_KEY_ID. The bench copies this file into the
// JavaScript runner's workspace, where node_modules resolves.
import {
  GetKeyPolicyCommand,
  KMSClient,
  ListKeyPoliciesCommand,
  PutKeyPolicyCommand,
} from "@aws-sdk/client-kms";

const keyId = process.env.POLYSNIP_KEY_ID;
const policyDocument = {
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
const statement = {
  Sid: "Allow access for ExampleUser",
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::111122223333:user/ExampleUser" },
  Action: ["kms:Encrypt", "kms:GenerateDataKey*", "kms:Decrypt", "kms:DescribeKey", "kms:ReEncrypt*"],
  Resource: "*",
};

const client = new KMSClient({ region: "us-west-2" });
// list-key-policies, get-key-policy, put-key-policy
const listed = await client.send(new ListKeyPoliciesCommand({ KeyId: keyId }));
console.log(listed.PolicyNames);
let response = await client.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: "default" }));
console.log(response.Policy);
await client.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: "default", Policy: JSON.stringify(policyDocument) }));
// modify-key-policy: get, edit, put, get
response = await client.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: "default" }));
const policy = JSON.parse(response.Policy);
policy.Statement.push(statement);
await client.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: "default", Policy: JSON.stringify(policy) }));
response = await client.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: "default" }));
console.log(response.Policy);
