// Read the key policy of a KMS key
import {
  GetKeyPolicyCommand,
  KMSClient,
  NotFoundException,
} from "@aws-sdk/client-kms";

const client = new KMSClient({ region: "us-west-2" });

// Replace with the ID or ARN of your KMS key.
const keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

try {
  const response = await client.send(
    new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: "default" }),
  );
  console.log(response.Policy);
} catch (error) {
  if (error instanceof NotFoundException) {
    console.error(
      "NotFoundException: The request was rejected because the specified entity or resource could not be found.",
      error.message,
    );
  }
  throw error;
}
