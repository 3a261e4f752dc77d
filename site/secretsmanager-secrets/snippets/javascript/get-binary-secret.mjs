// Read a secret that holds bytes
import {
  GetSecretValueCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";

const client = new SecretsManagerClient({ region: "us-west-2" });

// Replace with the name or ARN of a secret that holds bytes.
const blobSecret = "MyBlob";

const response = await client.send(
  new GetSecretValueCommand({ SecretId: blobSecret }),
);
console.log(response.SecretBinary);
