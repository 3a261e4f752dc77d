// List the key policies of a KMS key
import { KMSClient, ListKeyPoliciesCommand } from "@aws-sdk/client-kms";

const client = new KMSClient({ region: "us-west-2" });

// Replace with the ID or ARN of your KMS key.
const keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

const response = await client.send(
  new ListKeyPoliciesCommand({ KeyId: keyId }),
);
console.log(response.PolicyNames);
