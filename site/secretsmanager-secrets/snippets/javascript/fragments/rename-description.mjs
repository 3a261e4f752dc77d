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
