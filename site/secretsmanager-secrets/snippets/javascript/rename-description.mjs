// Change a secret's description and read it back
import {
  DescribeSecretCommand,
  SecretsManagerClient,
  UpdateSecretCommand,
} from "@aws-sdk/client-secrets-manager";

const client = new SecretsManagerClient({ region: "us-west-2" });

// Replace with the name or ARN of your secret.
const secretId = "MyTestSecret";

// Change the description.
await client.send(
  new UpdateSecretCommand({
    SecretId: secretId,
    Description: "Secret of the orders service",
  }),
);

// Read the secret's details back.
const response = await client.send(
  new DescribeSecretCommand({ SecretId: secretId }),
);
console.log(response.Description);
