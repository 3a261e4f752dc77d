// List the key policies of a KMS key
import {
  KMSClient,
  NotFoundException,
  paginateListKeyPolicies,
} from "@aws-sdk/client-kms";

const client = new KMSClient({ region: "us-west-2" });

// Replace with the ID or ARN of your KMS key.
const keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

try {
  const paginator = paginateListKeyPolicies({ client }, { KeyId: keyId });
  for await (const page of paginator) {
    for (const policyName of page.PolicyNames ?? []) {
      console.log(policyName);
    }
  }
} catch (error) {
  if (error instanceof NotFoundException) {
    console.error(
      "NotFoundException: The request was rejected because the specified entity or resource could not be found.",
      error.message,
    );
  }
  throw error;
}
