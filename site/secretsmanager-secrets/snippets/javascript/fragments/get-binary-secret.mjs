// Replace with the name or ARN of a secret that holds bytes.
const blobSecret = "MyBlob";

const response = await client.send(
  new GetSecretValueCommand({ SecretId: blobSecret }),
);
console.log(response.SecretBinary);
