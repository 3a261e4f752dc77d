const response = await client.send(
  new CreateTableCommand({
    TableName: "Orders",
    AttributeDefinitions: [{ AttributeName: "OrderId", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "OrderId", KeyType: "HASH" }],
    BillingMode: "PAY_PER_REQUEST",
  }),
);
console.log(response.TableDescription.TableName);
