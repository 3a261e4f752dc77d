const secretString = { username: "admin", password: "EXAMPLE-PASSWORD" };
const response = await client.send(
  new CreateSecretCommand({
    Name: "MyDatabaseSecret",
    Description: "Credentials of the orders database",
    SecretString: JSON.stringify(secretString),
  }),
);
console.log(response.Name);
