// Create a secret
import {
  CreateSecretCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";

const client = new SecretsManagerClient({ region: "us-west-2" });

const secretString = { username: "admin", password: "EXAMPLE-PASSWORD" };
const response = await client.send(
  new CreateSecretCommand({
    Name: "MyDatabaseSecret",
    Description: "Credentials of the orders database",
    SecretString: JSON.stringify(secretString),
  }),
);
console.log(response.Name);
