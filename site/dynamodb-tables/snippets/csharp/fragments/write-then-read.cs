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
