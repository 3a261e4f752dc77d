// Write an item, then read it by its key
import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";

const client = new DynamoDBClient({ region: "us-west-2" });

// Replace with the name of your table.
const tableName = "Music";

// Write the item.
await client.send(
  new PutItemCommand({
    TableName: tableName,
    Item: {
      Artist: { S: "Acme Band" },
      SongTitle: { S: "Happy Day" },
      AlbumTitle: { S: "Songs About Life" },
    },
  }),
);

// Read it back by its full key.
const response = await client.send(
  new GetItemCommand({
    TableName: tableName,
    Key: { Artist: { S: "Acme Band" }, SongTitle: { S: "Happy Day" } },
  }),
);
console.log(response.Item);
