// Replace with the name or ARN of your secret.
const secretId = "MyTestSecret";

await client.send(
  new PutSecretValueCommand({
    SecretId: secretId,
    SecretBinary: new TextEncoder().encode("EXAMPLE key material"),
  }),
);
