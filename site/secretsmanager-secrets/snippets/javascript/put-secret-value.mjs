// Store a new value in a secret
import {
  PutSecretValueCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";

const client = new SecretsManagerClient({ region: "us-west-2" });

// Replace with the name or ARN of your secret.
const secretId = "MyTestSecret";

const secretString = { username: "bob" };
const response = await client.send(
  new PutSecretValueCommand({
    SecretId: secretId,
    ClientRequestToken: "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE",
    SecretString: JSON.stringify(secretString),
  }),
);
console.log(response.VersionId);
