// Replace with the name or ARN of your secret.
const secretId = "MyTestSecret";

const response = await client.send(
  new GetSecretValueCommand({ SecretId: secretId }),
);
console.log(response.SecretString);
