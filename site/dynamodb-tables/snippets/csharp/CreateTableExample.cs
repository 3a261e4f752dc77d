// Create a table
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

class CreateTableExample
{
    static async Task Main()
    {
        using var client = new AmazonDynamoDBClient(RegionEndpoint.USWest2);

        var response = await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = "Orders",
            AttributeDefinitions = new List<AttributeDefinition> { new AttributeDefinition { AttributeName = "OrderId", AttributeType = "S" } },
            KeySchema = new List<KeySchemaElement> { new KeySchemaElement { AttributeName = "OrderId", KeyType = "HASH" } },
            BillingMode = "PAY_PER_REQUEST",
        });
        Console.WriteLine(response.TableDescription.TableName);
    }
}
