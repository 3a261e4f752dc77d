// Store bytes in a secret
import {
  PutSecretValueCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";

const client = new SecretsManagerClient({ region: "us-west-2" });

// Replace with the name or ARN of your secret.
const secretId = "MyTestSecret";

await client.send(
  new PutSecretValueCommand({
    SecretId: secretId,
    SecretBinary: new TextEncoder().encode("EXAMPLE key material"),
  }),
);
