// Write an item, then read it by its key
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

class WriteThenReadExample
{
    static async Task Main()
    {
        using var client = new AmazonDynamoDBClient(RegionEndpoint.USWest2);

        // Replace with the name of your table.
        var tableName = "Music";

        // Write the item.
        await client.PutItemAsync(new PutItemRequest
        {
            TableName = tableName,
            Item = new Dictionary<string, AttributeValue> { ["Artist"] = new AttributeValue { S = "Acme Band" }, ["SongTitle"] = new AttributeValue { S = "Happy Day" }, ["AlbumTitle"] = new AttributeValue { S = "Songs About Life" } },
        });

        // Read it back by its full key.
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = tableName,
            Key = new Dictionary<string, AttributeValue> { ["Artist"] = new AttributeValue { S = "Acme Band" }, ["SongTitle"] = new AttributeValue { S = "Happy Day" } },
        });
        Console.WriteLine(response.Item);
    }
}
