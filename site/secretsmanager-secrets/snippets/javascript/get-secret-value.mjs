// Read the value of a secret
import {
  GetSecretValueCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";

const client = new SecretsManagerClient({ region: "us-west-2" });

// Replace with the name or ARN of your secret.
const secretId = "MyTestSecret";

const response = await client.send(
  new GetSecretValueCommand({ SecretId: secretId }),
);
console.log(response.SecretString);
