var response = await client.CreateTableAsync(new CreateTableRequest
{
    TableName = "Orders",
    AttributeDefinitions = new List<AttributeDefinition> { new AttributeDefinition { AttributeName = "OrderId", AttributeType = "S" } },
    KeySchema = new List<KeySchemaElement> { new KeySchemaElement { AttributeName = "OrderId", KeyType = "HASH" } },
    BillingMode = "PAY_PER_REQUEST",
});
Console.WriteLine(response.TableDescription.TableName);
