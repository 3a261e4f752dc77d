// Write an item
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

class PutItemExample
{
    static async Task Main()
    {
        using var client = new AmazonDynamoDBClient(RegionEndpoint.USWest2);

        // Replace with the name of your table.
        var tableName = "Music";

        await client.PutItemAsync(new PutItemRequest
        {
            TableName = tableName,
            Item = new Dictionary<string, AttributeValue> { ["Artist"] = new AttributeValue { S = "No One You Know" }, ["SongTitle"] = new AttributeValue { S = "Call Me Today" }, ["AlbumTitle"] = new AttributeValue { S = "Somewhat Famous" }, ["Year"] = new AttributeValue { N = "2015" } },
        });
    }
}
